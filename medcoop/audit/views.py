"""The audit log's export for the data-protection file: the administrator's only, like the log itself."""

import json
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from medcoop.core.models import AuditEvent
from medcoop.exports.tables import FORMATS, Column, export_response

AUDIT_COLUMNS = [
    Column(_l("at"), lambda e: timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S")),
    Column(_l("user name"), lambda e: e.actor_name),
    Column(_l("action"), lambda e: e.get_action_display()),
    Column(_l("record type"), lambda e: e.model),
    Column(_l("record id"), lambda e: e.object_id),
    Column(_l("record"), lambda e: e.object_repr),
    Column(_l("address"), lambda e: e.ip_address),
    Column(_l("changed fields"), lambda e: json.dumps(e.changes, ensure_ascii=False)),
]


@login_required
def audit_export(request):
    """The audit log as CSV or XLSX for the data-protection file (`?since=` and `?until=` as dd/mm/yyyy);
    the administrator's only, like the log itself."""
    if not request.user.has_perm("core.view_auditevent"):
        raise Http404
    events = AuditEvent.objects.order_by("at", "pk")
    for bound, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if request.GET.get(bound):
            try:
                events = events.filter(**{lookup: datetime.strptime(request.GET[bound], "%d/%m/%Y").date()})
            except ValueError:
                return HttpResponseBadRequest(_("Dates are written dd/mm/yyyy."))
    fmt = request.GET.get("format", "xlsx")
    return export_response(events.iterator(), AUDIT_COLUMNS, fmt if fmt in FORMATS else "xlsx", "medcoop-audit")
