from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "medcoop.dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from .counters import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="medcoop_dashboard_counters")
