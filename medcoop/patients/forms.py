from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.core.forms import FilterForm, date_fields, date_widgets, year_choices
from medcoop.core.models import Specialty
from medcoop.organizations.forms import CountryField

from .models import EpisodeStatus, PatientEpisode, Payer


class EpisodeForm(forms.ModelForm):
    """An episode; the identity fields are optional, stored encrypted, and left blank to keep what is stored."""

    nationality = CountryField(label=_("nationality"))
    name = forms.CharField(label=_("patient name"), required=False)
    identity_number = forms.CharField(label=_("identity or passport number"), required=False)
    birth_date = forms.CharField(label=_("date of birth"), required=False)
    contact = forms.CharField(label=_("contact"), required=False)

    class Meta:
        model = PatientEpisode
        fields = [
            "nationality",
            "home_region",
            "referring_institution",
            "receiving_department",
            "specialty",
            "diagnosis",
            "admitted_on",
            "discharged_on",
            "outcome",
            "payer",
            "agreement",
            "consent_to_share",
        ]
        widgets = date_widgets("admitted_on", "discharged_on")
        field_classes = date_fields("admitted_on", "discharged_on")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner_id = self.instance.owner_id
        self.fields["referring_institution"].queryset = self.fields["referring_institution"].queryset.filter(
            owner_id=owner_id
        )
        self.fields["agreement"].queryset = self.fields["agreement"].queryset.filter(owner_id=owner_id)
        # Typed as a code without script; with it, searched by code or words (medcoop.js, Tom Select)
        self.fields["diagnosis"].widget.attrs.update(
            {"data-autocomplete": reverse("icd10-lookup"), "placeholder": _("code or words, e.g. C34 or lung")}
        )
        self.fields["diagnosis"].help_text = _("ICD-10 code (WHO 2019; the titles are in English).")
        if self.instance.pk and self.instance.has_identity:
            for name in ("name", "identity_number", "birth_date", "contact"):
                self.fields[name].help_text = _("Stored encrypted; leave blank to keep it.")

    def identity(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in ("name", "identity_number", "birth_date", "contact")
            if self.cleaned_data[k]
        }


class EpisodeFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *EpisodeStatus.choices])
    nationality = CountryField(label=_("nationality"), required=False)
    payer = forms.ChoiceField(label=_("payer"), required=False, choices=[("", "—"), *Payer.choices])
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(PatientEpisode.objects.visible_to(self.user), "admitted_on")

    def filter_status(self, queryset, value):
        return queryset.filter(status=value)

    def filter_nationality(self, queryset, value):
        return queryset.filter(nationality=value)

    def filter_payer(self, queryset, value):
        return queryset.filter(payer=value)

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialty=value)

    def filter_year(self, queryset, value):
        return queryset.filter(admitted_on__year=value)
