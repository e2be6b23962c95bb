from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "medcoop.core"
    label = "core"
    verbose_name = _("Core: users, vocabularies, audit")

    def ready(self):
        from . import freshness, search

        freshness.connect_signals()
        post_migrate.connect(search.ensure_search_indexes, sender=self, dispatch_uid="medcoop_search_indexes")
