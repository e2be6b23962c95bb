from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "medcoop.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from medcoop.organizations.related import register

        from .models import Activity

        # The organization's page lists its activities (organizations stands below and does not import activities).
        register(
            "activities",
            lambda user, organization: Activity.objects.visible_to(user).involving(organization).select_related("kind"),
            count="activity_count",
        )
