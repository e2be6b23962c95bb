from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatientsConfig(AppConfig):
    name = "medcoop.patients"
    verbose_name = _("Foreign and referred patients")
