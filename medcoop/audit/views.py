"""The audit log's export for the data-protection file (the administrator's only, like the log itself), and the
pages that merge two records and undo a merge from its audit entry."""

import json
from datetime import datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import TemplateView

from medcoop.core.models import AuditEvent
from medcoop.core.rules import perm_name
from medcoop.core.templatetags.medcoop import with_zone
from medcoop.core.views import RegistryAccessMixin
from medcoop.exports.tables import FORMATS, Column, export_response

from .merging import merges_of

AUDIT_COLUMNS = [
    Column(_l("at"), lambda e: with_zone(e.at)),
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


class MergesMixin:
    """A detail page's merges (`audit/_merges.html`): for whoever holds `<app>.merge_<model>` on the record,
    the way to its merge page and the merges into it, each with its undo button."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        merge = perm_name(self.model, "merge")
        if rules.perm_exists(merge) and self.request.user.has_perm(merge, self.object):
            context.update(
                can_merge=True, merges=merges_of(self.object), merge_url_name=f"{self.model._meta.model_name}-merge"
            )
        return context


class RecordMergeView(RegistryAccessMixin, TemplateView):
    """Merge a duplicate into the record shown (`<app>.merge_<model>` on both), or undo an earlier merge from
    its audit entry (POST `undo=<entry>`). Subclasses name the services and the duplicates to propose."""

    template_name = "audit/record_merge.html"
    merge = None  # service (user, keep, merged) -> audit entry
    undo = None  # service (user, keep, entry) -> the record put back

    def likely(self, keep) -> list:
        """The records most likely the same as `keep`, proposed first."""
        return []

    def get_keep(self):
        keep = get_object_or_404(self.model.objects.editable_by(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(perm_name(self.model, "merge"), keep):
            raise Http404
        return keep

    def choices(self, keep):
        return self.model.objects.editable_by(self.request.user).exclude(pk=keep.pk)

    def get(self, request, *args, **kwargs):
        return self.page(self.get_keep())

    def page(self, keep, errors=(), status=200):
        likely = self.likely(keep)
        shown = {record.pk for record in likely}
        others = [record for record in self.choices(keep)[:500] if record.pk not in shown]
        context = {"object": keep, "likely": likely, "others": others, "errors": errors, "merges": merges_of(keep)}
        context["preselected"] = (
            int(self.request.GET["merged"]) if self.request.GET.get("merged", "").isdigit() else None
        )
        return self.render_to_response({**context, "verbose_name": self.model._meta.verbose_name}, status=status)

    def post(self, request, *args, **kwargs):
        keep = self.get_keep()
        try:
            if request.POST.get("undo", "").isdigit():
                entry = get_object_or_404(
                    AuditEvent, pk=request.POST["undo"], action="merge", model=keep._meta.label, object_id=str(keep.pk)
                )
                restored = type(self).undo(request.user, keep, entry)
                messages.success(request, _("The merge was undone: “%(record)s” is back.") % {"record": restored})
                return redirect(keep.get_absolute_url())
            chosen = request.POST.get("merged", "")
            merged = get_object_or_404(self.choices(keep), pk=int(chosen) if chosen.isdigit() else 0)
            type(self).merge(request.user, keep, merged)
        except ValidationError as error:
            return self.page(keep, errors=error.messages, status=400)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("“%(merged)s” was merged into “%(record)s”.") % {"merged": merged, "record": keep})
        return redirect(keep.get_absolute_url())
