from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "medcoop.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from medcoop.organizations.related import register

        from .models import Agreement

        # The organization's page lists its agreements (organizations stands below and does not import agreements).
        register(
            "agreements",
            lambda user, organization: Agreement.objects.visible_to(user).involving(organization).with_status(),
            count="agreement_count",
        )
