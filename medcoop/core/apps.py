from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "medcoop.core"
    label = "core"
    verbose_name = _("Core: users, vocabularies, audit")

    def ready(self):
        from . import freshness

        freshness.connect_signals()
