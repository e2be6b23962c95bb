from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.core.permissions import reads_registry
from medcoop.core.rules import reads_every_institution
from medcoop.jobs.models import JobKind
from medcoop.jobs.services import start
from medcoop.organizations.models import Organization


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        empty_label=_("All institutions"),
        queryset=Organization.objects.members(),
    )
    format = forms.ChoiceField(label=_("format"), choices=[("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)")])
    language = forms.ChoiceField(label=_("language"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


@login_required
def annual_report(request):
    """The report form; the file is prepared as background work, handed over on its page. An institution's staff report on their own institution;
    the ministry on any one or all."""
    user = request.user
    if not reads_registry(user):
        raise Http404
    form = ReportForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    across = reads_every_institution(user)
    if not across:
        del form.fields["institution"]
    if form.is_bound and form.is_valid():
        institution = form.cleaned_data.get("institution") if across else user.organization
        data = form.cleaned_data
        job = start(
            user,
            JobKind.ANNUAL_REPORT,
            _("Annual report %(year)s — %(scope)s")
            % {"year": data["year"], "scope": institution or _("All institutions")},
            {
                "year": data["year"],
                "institution": institution.pk if institution else None,
                "format": data["format"],
                "language": data["language"],
            },
        )
        return redirect(job)
    return render(request, "reports/report_form.html", {"form": form}, status=400 if form.is_bound else 200)
