from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.core.forms import FilterForm, date_fields, date_widgets
from medcoop.core.lookups import IdsChoiceField
from medcoop.core.models import Specialty, User
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization

from .models import CaseStatus, ConsultationCase, Session


def partner_experts(owner_id):
    """Partner experts at the organisations an institution keeps in its registry."""
    return User.objects.filter(role=Role.PARTNER, is_active=True, organization__owner_id=owner_id).select_related(
        "organization"
    )


def _person(user) -> str:
    return f"{user.display_name} — {user.organization or ''}"


class CaseForm(forms.ModelForm):
    experts = IdsChoiceField(
        label=_("Experts invited"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    translation_checked = forms.BooleanField(
        label=_("I, the clinician, wrote or checked the texts in the partner's language"), required=False
    )

    class Meta:
        model = ConsultationCase
        fields = [
            "specialty",
            "urgency",
            "partners",
            "agreement",
            "question",
            "age_band",
            "sex",
            "history",
            "findings",
            "current_treatment",
            "translation_language",
            "question_translated",
            "summary_translated",
            "due_on",
        ]
        widgets = {**date_widgets("due_on"), "partners": forms.CheckboxSelectMultiple}
        # the partners' ids come from the user: checked against the column before any query
        field_classes = {**date_fields("due_on"), "partners": IdsChoiceField}
        help_texts = {
            "history": _("No name, identity number, address or date of birth: the partner sees this."),
            "summary_translated": _(
                "Required when a partner is outside Viet Nam: age band, history, findings and treatment, "
                "in the language of its experts."
            ),
        }
        widgets["question_translated"] = forms.Textarea(attrs={"rows": 3, "lang": "en"})
        widgets["summary_translated"] = forms.Textarea(attrs={"rows": 5, "lang": "en"})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner_id = self.instance.owner_id
        self.fields["partners"].queryset = Organization.objects.filter(owner_id=owner_id, is_member=False)
        self.fields["agreement"].queryset = self.fields["agreement"].queryset.filter(owner_id=owner_id)
        self.fields["experts"].queryset = partner_experts(owner_id)
        self.fields["experts"].label_from_instance = _person
        self.fields["translation_language"].required = False  # English unless said otherwise
        if self.instance.pk:
            self.initial["experts"] = list(self.instance.invitations.values_list("expert", flat=True))
            self.initial["translation_checked"] = self.instance.translation_checked_by_id is not None

    def clean_translation_language(self):
        return self.cleaned_data["translation_language"] or "en"


class CaseFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *CaseStatus.choices])
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())

    def filter_status(self, queryset, value):
        return queryset.filter(status=value)

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialty=value)


class ReplyForm(forms.Form):
    """A text the other side reads. Once the screening found something in it that may identify someone, its
    writer is offered to tick that it does not (services.perform refuses it until then)."""

    def __init__(self, *args, offer_check: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_check:
            self.fields["identifiers_checked"] = forms.BooleanField(
                label=_("I checked: what was found does not identify the patient"), required=False
            )


class DeclineForm(ReplyForm):
    reason = forms.CharField(label=_("Why do you decline?"), widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(ReplyForm):
    text = forms.CharField(label=_("Your opinion"), widget=forms.Textarea(attrs={"rows": 6}))


class OutcomeForm(ReplyForm):
    outcome = forms.CharField(label=_("follow-up outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX, JPEG, PNG or DICOM)"))
    title = forms.CharField(label=_("title"), required=False, max_length=300)


class ReassignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Invite another expert"), queryset=User.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = partner_experts(case.owner_id).exclude(consultation_invitations__case=case)


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("starts at"),
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )
    cases = IdsChoiceField(
        label=_("Cases on the agenda"), queryset=ConsultationCase.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    participants = IdsChoiceField(
        label=_("participants"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Session
        fields = ["title", "starts_at", "duration_minutes", "meeting_url"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _("dd/mm/yyyy hh:mm, in your time zone (%(zone)s)") % {
            "zone": timezone.get_current_timezone_name()
        }
        owner_id = self.instance.owner_id
        self.fields["cases"].queryset = ConsultationCase.objects.filter(owner_id=owner_id).exclude(
            status__in=[CaseStatus.DRAFT, CaseStatus.CANCELLED, CaseStatus.CLOSED]
        )
        self.fields["participants"].queryset = (
            User.objects.filter(organization_id=owner_id, is_active=True) | partner_experts(owner_id)
        ).distinct()
        self.fields["cases"].label_from_instance = lambda c: f"{c} — {c.specialty}: {c.question[:80]}"
        self.fields["participants"].label_from_instance = _person
        if self.instance.pk:
            self.initial["cases"] = list(self.instance.agenda.values_list("case", flat=True))
            self.initial["participants"] = list(self.instance.participants.values_list("user", flat=True))


class TextCheckForm(forms.Form):
    """The release of a document held back for its text: its reader confirms nothing in it identifies the patient."""

    checked = forms.BooleanField(label=_("I read it: nothing in this document identifies the patient"))

    def clean(self):
        data = super().clean()
        data["rectangle"] = None
        return data


class PixelCheckForm(forms.Form):
    """A rectangle to black out, in pixels from the image's top left corner; none when nothing is burned in."""

    left = forms.IntegerField(label=_("left (px)"), min_value=0, required=False)
    top = forms.IntegerField(label=_("top (px)"), min_value=0, required=False)
    width = forms.IntegerField(label=_("width (px)"), min_value=1, required=False)
    height = forms.IntegerField(label=_("height (px)"), min_value=1, required=False)
    nothing_burned_in = forms.BooleanField(label=_("I looked: no text is burned into the image"), required=False)

    def clean(self):
        data = super().clean()
        box = [data.get(name) for name in ("left", "top", "width", "height")]
        if all(value is not None for value in box):
            data["rectangle"] = tuple(box)
        elif data.get("nothing_burned_in") and all(value is None for value in box):
            data["rectangle"] = None
        else:
            raise forms.ValidationError(_("Give the whole rectangle to black out, or confirm there is no text."))
        return data
