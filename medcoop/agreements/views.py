from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as gettext_now

from medcoop.core.permissions import reads_registry, writes_registry
from medcoop.core.uploads import accepts_upload
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView

from . import services
from .forms import AgreementFilterForm, AgreementForm, CommitmentFormSet, DocumentForm, PartyFormSet
from .lists import AGREEMENTS
from .models import Agreement, AgreementDocument


class AgreementListView(RegistryListView):
    model = Agreement
    filter_form_class = AgreementFilterForm
    table_template = "agreements/_agreement_table.html"
    create_url_name = "agreement-create"
    listing = AGREEMENTS

    def base_queryset(self):
        return super().base_queryset().with_status().select_related("owner").prefetch_related("parties__organization")


class AgreementDetailView(VisibleDetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_status().select_related("owner", "renews")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context.update(
            parties=agreement.parties.select_related("organization", "signatory"),
            commitments=agreement.commitments.select_related("party"),
            documents=agreement.documents.all(),
            activities=agreement.activities.visible_to(self.request.user).select_related("kind"),
            renewal_chain=agreement.renewal_chain(),
            renewals=agreement.renewals.visible_to(self.request.user),
            transfers=agreement.technique_transfers.visible_to(self.request.user).select_related("specialty", "source"),
        )
        return context


class AgreementFormView(RecordFormView):
    model = Agreement
    form_class = AgreementForm
    formset_classes = {"parties": PartyFormSet, "commitments": CommitmentFormSet}

    def new_rows(self, prefix):
        """The owning institution is always a party; the coordinator adds the others."""
        return [{"organization": self.object.owner_id}] if prefix == "parties" else []

    def existing_rows(self, prefix):
        if prefix == "parties":
            return list(self.object.parties.values("pk", "organization", "signatory_name", "signed_on"))
        return list(
            self.object.commitments.values("pk", "party", "description", "responsible", "due_on", "status", "done_on")
        )

    def save(self, form, rows):
        return services.save_agreement(
            self.request.user,
            form.instance,
            parties=rows["parties"],
            commitments=rows["commitments"],
            scope=form.cleaned_data["scope"],
            specialties=form.cleaned_data["specialties"],
        )


class AgreementDeleteView(RecordDeleteView):
    model = Agreement
    success_url_name = "agreement-list"


@login_required
def download_document(request, pk):
    """A kept document, only to users who may see its agreement."""
    if not reads_registry(request.user):
        raise Http404
    document = get_object_or_404(AgreementDocument.objects.visible_to(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or None,
    )


@login_required
@accepts_upload("MEDCOOP_MAX_UPLOAD_BYTES")
def add_document(request, pk):
    """Keep a file with an agreement the user may change; anyone else finds no such page."""
    if not writes_registry(request.user):
        raise Http404
    agreement = get_object_or_404(Agreement.objects.editable_by(request.user), pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.add_document(request.user, agreement, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext_now("Kept “%(document)s”.") % {"document": document})
            return redirect(agreement)
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/document_form.html", {"agreement": agreement, "form": form}, status=status)


@login_required
def delete_document(request, pk):
    """Remove a kept file of an agreement the user may change, after asking."""
    if not writes_registry(request.user):
        raise Http404
    document = get_object_or_404(AgreementDocument.objects.editable_by(request.user), pk=pk)
    if request.method != "POST":
        context = {"object": document, "verbose_name": AgreementDocument._meta.verbose_name}
        return render(request, "core/record_confirm_delete.html", context)
    services.delete_document(request.user, document)
    messages.success(request, gettext_now("Deleted “%(record)s”.") % {"record": document})
    return redirect(document.agreement)
