from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from medcoop.core.files import DOCUMENT_TYPES, shortened_name
from medcoop.core.forms import FilterForm, RowForm, choose_from, date_fields, date_widgets, row_formset, year_choices
from medcoop.core.models import Specialty
from medcoop.organizations.forms import CountryField, organizations_for
from medcoop.organizations.models import Organization

from .models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    document_title,
)


class DocumentForm(forms.ModelForm):
    """A file to keep with an agreement; its content is checked by the model's validator."""

    class Meta:
        model = AgreementDocument
        fields = ["kind", "title", "file"]
        # the browser's file picker offers the accepted types first (the content is still checked when sent)
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ",".join([*DOCUMENT_TYPES.values(), ".jpeg"])})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("Left empty, the document is named as its file.")
        self.fields["file"].help_text = _("At most %(limit)s.") % {
            "limit": filesizeformat(settings.MEDCOOP_MAX_UPLOAD_BYTES)
        }
        self.fields["file"].max_length = None  # a long name is shortened to be stored, not refused
        self.uploaded_name = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.name:
            self.uploaded_name = upload.name
            upload.name = shortened_name(upload.name)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title", "").strip() and self.uploaded_name:  # named as uploaded, not as stored
            cleaned["title"] = document_title(self.uploaded_name)
        return cleaned


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "level",
            "reference",
            "signed_on",
            "effective_from",
            "duration_months",
            "expires_on",
            "terminated_on",
            "suspended_on",
            "renews",
            "scope",
            "specialties",
            "summary",
        ]
        widgets = date_widgets("signed_on", "effective_from", "expires_on", "terminated_on", "suspended_on")
        field_classes = date_fields("signed_on", "effective_from", "expires_on", "terminated_on", "suspended_on")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["renews"].queryset = (
                Agreement.objects.visible_to(user).filter(owner_id=self.instance.owner_id).exclude(pk=self.instance.pk)
            )


class PartyRowForm(RowForm):
    legend = _("Parties")

    class Meta:
        model = AgreementParty
        fields = ["organization", "signatory_name", "signed_on"]
        widgets = date_widgets("signed_on")
        field_classes = date_fields("signed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for(self.user)


class CommitmentRowForm(RowForm):
    legend = _("Commitments")

    class Meta:
        model = Commitment
        fields = ["party", "description", "responsible", "due_on", "status", "done_on"]
        widgets = {**date_widgets("due_on", "done_on"), "description": forms.TextInput}
        field_classes = date_fields("due_on", "done_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = organizations_for(self.user)


PartyFormSet = row_formset(PartyRowForm, extra=2)
CommitmentFormSet = row_formset(CommitmentRowForm)


class AgreementFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", "—"), *AgreementStatus.choices, ("dormant", _("Dormant"))]
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", "—"), *AgreementKind.choices])
    country = CountryField(label=_("partner country"), required=False)
    partner = forms.ModelChoiceField(label=_("partner"), required=False, queryset=Organization.objects.none())
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    year = forms.TypedChoiceField(label=_("year signed"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self.fields["partner"], Organization.objects.visible_to(self.user).filter(is_member=False))
        self.fields["year"].choices = year_choices(Agreement.objects.visible_to(self.user), "signed_on")

    def filter_status(self, queryset, value):
        return queryset.filter(is_dormant=True) if value == "dormant" else queryset.filter(derived_status=value)

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_country(self, queryset, value):
        return queryset.filter(parties__organization__country=value, parties__organization__is_member=False).distinct()

    def filter_partner(self, queryset, value):
        return queryset.filter(parties__organization=value).distinct()

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialties=value)

    def filter_year(self, queryset, value):
        return queryset.filter(signed_on__year=value)
