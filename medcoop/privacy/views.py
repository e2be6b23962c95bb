"""The data-protection pages of an institution: its consents and transfers (lists of the usual shape), a
consent recorded or withdrawn from the case, and the register downloaded for the data-protection file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.consultations.models import ConsultationCase
from medcoop.core.forms import show_service_errors
from medcoop.core.views import RegistryListView, form_guard, repeated_create, save_from_page
from medcoop.exports.tables import workbook_response

from . import services
from .forms import ConsentFilterForm, ConsentForm, TransferFilterForm, WithdrawalForm
from .lists import CONSENTS, TRANSFERS
from .models import Consent, Transfer
from .register import register_sheets
from .services import keeps_privacy_records


class ConsentListView(RegistryListView):
    model = Consent
    filter_form_class = ConsentFilterForm
    table_template = "privacy/_consent_table.html"
    template_name = "privacy/consent_list.html"
    listing = CONSENTS

    def base_queryset(self):
        return super().base_queryset().select_related("case")


class TransferListView(ConsentListView):
    model = Transfer
    filter_form_class = TransferFilterForm
    table_template = "privacy/_transfer_table.html"
    listing = TRANSFERS

    def base_queryset(self):
        return Transfer.objects.visible_to(self.request.user).for_register()


@login_required
def record_consent(request, case_pk):
    """The consent form of a case, opened from the case page; only those who may change the case see it."""
    case = get_object_or_404(ConsultationCase.objects.editable_by(request.user), pk=case_pk)
    form = ConsentForm(request.POST or None, case=case, initial={"given_on": timezone.localdate()})
    if repeat := repeated_create(request, form.instance):
        return repeat

    def save():
        """The consent is shown on its case's page: that is where a repeated POST goes too."""
        services.record_consent(request.user, case, form.instance)
        return case

    if request.method == "POST":
        try:
            shown = save_from_page(request, form.instance, save, valid=form.is_valid())
        except ValidationError as error:
            show_service_errors(error, form, {})
        else:
            if shown:
                messages.success(request, _("Consent %(consent)s recorded.") % {"consent": form.instance})
                return redirect(shown)
    return render(
        request,
        "privacy/consent_form.html",
        {"form": form, "case": case, **form_guard(request, form.instance)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def withdraw_consent(request, pk):
    consent = get_object_or_404(Consent.objects.visible_to(request.user).select_related("case"), pk=pk)
    if not ConsultationCase.objects.editable_by(request.user).filter(pk=consent.case_id).exists():
        raise Http404
    if "withdraw" not in services.allowed_actions(request.user, consent) and request.method == "GET":
        messages.error(request, _("This consent is no longer in force: there is nothing to withdraw."))
        return redirect(consent.case)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(request.user, consent, form.cleaned_data["reason"])
        except ValidationError as error:
            show_service_errors(error, form, {})
        else:
            messages.success(request, _("The withdrawal of consent %(consent)s is recorded.") % {"consent": consent})
            return redirect(consent.case)
    return render(
        request,
        "privacy/withdraw_form.html",
        {"form": form, "consent": consent},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def register(request):
    """The register of processing, transfers and consents as one workbook for the data-protection file."""
    if not keeps_privacy_records(request.user):
        raise Http404
    name = _("data-protection register %(date)s") % {"date": timezone.localdate().strftime("%Y-%m-%d")}
    return workbook_response(register_sheets(request.user), name)
