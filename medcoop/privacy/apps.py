from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "medcoop.privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from medcoop.consultations import signals

        from . import services

        signals.case_leaving.connect(services.refuse_without_consent, dispatch_uid="privacy_consent")
        signals.case_sent.connect(services.register_transfers, dispatch_uid="privacy_transfers")
