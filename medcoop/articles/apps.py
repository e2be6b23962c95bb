from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "medcoop.articles"
    verbose_name = _("Articles")

    def ready(self):
        from . import provenance

        provenance.connect()
