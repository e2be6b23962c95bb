from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.core.permissions import READ_ALL_ROLES, reads_registry
from medcoop.dashboard.services import Scope
from medcoop.organizations.models import Organization

from .documents import render as render_report
from .services import build_report


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    institution = forms.ModelChoiceField(label=_("Institution"), required=False, empty_label=_("All institutions"),
                                         queryset=Organization.objects.members())
    format = forms.ChoiceField(label=_("format"), choices=[("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)")])
    language = forms.ChoiceField(label=_("language"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


@login_required
def annual_report(request):
    """The report form, and the file it asks for. An institution's staff report on their own institution;
    the ministry on any one or all."""
    user = request.user
    if not reads_registry(user):
        raise Http404
    form = ReportForm(request.GET or None, initial={"year": timezone.localdate().year - 1})
    across = user.is_superuser or user.role in READ_ALL_ROLES
    if not across:
        del form.fields["institution"]
    if form.is_bound and form.is_valid():
        institution = form.cleaned_data.get("institution") if across else user.organization
        report = build_report(Scope(user, institution), form.cleaned_data["year"])
        content, content_type = render_report(report, form.cleaned_data["format"], form.cleaned_data["language"])
        response = HttpResponse(content, content_type=content_type)
        name = f"bao-cao-htqt-{report.year}-{institution.code if institution else 'tat-ca'}.{form.cleaned_data['format']}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "reports/report_form.html", {"form": form}, status=400 if form.is_bound else 200)
