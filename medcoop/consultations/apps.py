from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "medcoop.consultations"
    verbose_name = _("Remote consultations")
