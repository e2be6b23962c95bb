from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what, recorded by model signals. The log's model (`core.AuditEvent`) stays in core: its table,
    its append-only trigger and the admin's address `/admin/core/auditevent/` are what deployed sites rely on."""

    name = "medcoop.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import recording

        recording.connect_signals()
