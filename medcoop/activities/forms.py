from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.agreements.models import Agreement
from medcoop.core.dates import Precision
from medcoop.core.forms import (
    DateInput,
    DayField,
    FilterForm,
    NumberField,
    PartialDateField,
    RowForm,
    choose_from,
    date_fields,
    date_widgets,
    row_formset,
    year_choices,
)
from medcoop.core.models import ActivityKind, Specialty
from medcoop.core.text import nfc
from medcoop.organizations.forms import CountryField, organizations_for
from medcoop.organizations.models import Organization

from .models import (
    Activity,
    ActivityPartner,
    ActivityStatus,
    Direction,
    Figure,
    TechnologyTransfer,
    Trainee,
    TrainingCohort,
    TrainingCourse,
    TransferStage,
    VisitDetail,
)


class ActivityForm(forms.ModelForm):
    """An activity with its start and end typed as partial dates ("2017", "10/2017", "25/05/2025")."""

    start = PartialDateField(label=_("start"), required=False, help_text=_("dd/mm/yyyy, mm/yyyy or yyyy"))
    end = PartialDateField(label=_("end"), required=False, help_text=_("dd/mm/yyyy, mm/yyyy or yyyy"))
    country = CountryField(label=_("country where it takes place"), required=False)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "agreement",
            "start",
            "end",
            "status",
            "direction",
            "place",
            "country",
            "specialties",
            "description",
            "source_url",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start", self.instance.start)
        self.initial.setdefault("end", self.instance.end)
        if user is not None:
            self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(
                owner_id=self.instance.owner_id
            )

    def _update_errors(self, errors):
        """The model checks `start_on` / `end_on`; the form shows its errors on the fields typed."""
        if hasattr(errors, "error_dict"):
            renamed = {"start_on": "start", "end_on": "end"}
            errors = type(errors)({renamed.get(k, k): v for k, v in errors.error_dict.items()})
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            partial = cleaned.get(name)
            setattr(self.instance, f"{name}_on", partial.value if partial else None)
            setattr(self.instance, f"{name}_precision", partial.precision if partial else Precision.DAY)
        return cleaned


class TitlesField(forms.Field):
    """Other titles sent as a list of texts (the API's `aliases`): blanks and repeats dropped."""

    default_error_messages = {
        "invalid": _("Send the other titles as a list of texts."),
        "too_long": _("Each other title may have at most %(limit)d characters."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        titles = list(dict.fromkeys(nfc(v) for v in value if v.strip()))
        limit = Activity._meta.get_field("title").max_length
        if any(len(t) > limit for t in titles):
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long", params={"limit": limit})
        return titles


class ActivityApiForm(ActivityForm):
    """An activity as the API writes it: with its other titles (`aliases`, which merges add), which the page's
    form does not edit."""

    aliases = TitlesField(label=_("other titles"), required=False)

    class Meta(ActivityForm.Meta):
        fields = [*ActivityForm.Meta.fields, "aliases"]


class PartnerRowForm(RowForm):
    legend = _("Partners")

    class Meta:
        model = ActivityPartner
        fields = ["organization", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for(self.user)


class FigureRowForm(RowForm):
    """A figure; its unit is the metric's, so it is not asked for."""

    legend = _("Figures")

    class Meta:
        model = Figure
        fields = ["metric", "value", "currency", "period_start", "period_end", "note"]
        widgets = date_widgets("period_start", "period_end")
        field_classes = {"value": NumberField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("metric"):
            self.instance.unit = cleaned["metric"].unit
        return cleaned


PartnerFormSet = row_formset(PartnerRowForm)
FigureFormSet = row_formset(FigureRowForm, extra=2)


class ActivityFilterForm(FilterForm):
    kind = forms.ModelChoiceField(label=_("kind"), required=False, queryset=ActivityKind.objects.all())
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *ActivityStatus.choices])
    direction = forms.ChoiceField(label=_("direction"), required=False, choices=[("", "—"), *Direction.choices])
    country = CountryField(label=_("country"), required=False)
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    partner = forms.ModelChoiceField(label=_("partner"), required=False, queryset=Organization.objects.none())
    agreement = forms.ModelChoiceField(label=_("agreement"), required=False, queryset=Agreement.objects.none())
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self.fields["partner"], Organization.objects.visible_to(self.user).filter(is_member=False))
        choose_from(self.fields["agreement"], Agreement.objects.visible_to(self.user))
        # read when shown or when a year is chosen (the API, which shows no form, reads the years only then)
        self.fields["year"].choices = lambda: year_choices(Activity.objects.visible_to(self.user), "start_on")

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_status(self, queryset, value):
        return queryset.filter(status=value)

    def filter_direction(self, queryset, value):
        return queryset.filter(direction=value)

    def filter_country(self, queryset, value):
        """Where it took place, or where a partner in it comes from."""
        return queryset.filter(Q(country=value) | Q(partners__organization__country=value)).distinct()

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialties=value)

    def filter_partner(self, queryset, value):
        return queryset.filter(partners__organization=value).distinct()

    def filter_agreement(self, queryset, value):
        return queryset.filter(agreement=value)

    def filter_year(self, queryset, value):
        return queryset.filter(start_on__year=value)


class CourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["name", "specialty", "length_days", "is_free", "fee", "fee_currency", "language"]
        localized_fields = ["fee"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class CourseFilterForm(FilterForm):
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    is_free = forms.NullBooleanField(
        label=_("free of charge"),
        required=False,
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialty=value)

    def filter_is_free(self, queryset, value):
        return queryset.filter(is_free=value)


class CohortForm(forms.ModelForm):
    """A cohort of one of the institution's courses."""

    class Meta:
        model = TrainingCohort
        fields = ["course", "name", "starts_on", "ends_on", "place", "trainers"]
        widgets = {**date_widgets("starts_on", "ends_on"), "trainers": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = TrainingCourse.objects.editable_by(user)


class TraineeRowForm(RowForm):
    """A trainee: the institution's staff, or from elsewhere with nationality and home institution."""

    legend = _("Trainees")
    country = CountryField(label=_("nationality"), required=False)

    class Meta:
        model = Trainee
        fields = ["name", "is_staff", "country", "institution", "institution_name", "completed", "result"]
        labels = {"institution": _("home institution"), "institution_name": _("home institution (as written)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = organizations_for(self.user)


TraineeFormSet = row_formset(TraineeRowForm, extra=3)


# --- Technique transfer -----------------------------------------------------------------------------------

TRANSFER_DATES = (
    "taught_planned_on",
    "first_supervised_planned_on",
    "first_independent_planned_on",
    "mastered_planned_on",
    "taught_on",
    "first_supervised_on",
    "first_independent_on",
    "mastered_on",
)


class TransferForm(forms.ModelForm):
    """A technique transfer: the technique, who hands it over, what it comes of, its milestones planned and
    (for a transfer recorded after the fact) reached."""

    class Meta:
        model = TechnologyTransfer
        fields = [
            "technique",
            "specialty",
            "source",
            "experts",
            "agreement",
            "activity",
            "delegation",
            *TRANSFER_DATES,
            "independent_cases",
            "note",
        ]
        widgets = {
            **date_widgets(*TRANSFER_DATES),
            "experts": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = date_fields(*TRANSFER_DATES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.instance.owner_id
        self.fields["source"].queryset = organizations_for(user).filter(is_member=False)
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(owner_id=owner)
        self.fields["activity"].queryset = Activity.objects.visible_to(user).filter(owner_id=owner)
        self.fields["delegation"].queryset = (
            self.fields["delegation"].queryset.model.objects.visible_to(user).filter(owner_id=owner)
        )


class TransferFilterForm(FilterForm):
    stage = forms.ChoiceField(label=_("stage"), required=False, choices=[("", "—"), *TransferStage.choices])
    specialty = forms.ModelChoiceField(label=_("specialty"), required=False, queryset=Specialty.objects.all())
    source = forms.ModelChoiceField(label=_("transferred by"), required=False, queryset=Organization.objects.none())
    mastered_year = forms.TypedChoiceField(label=_("mastered in"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("milestone overdue"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self.fields["source"], Organization.objects.visible_to(self.user).filter(is_member=False))
        self.fields["mastered_year"].choices = year_choices(
            TechnologyTransfer.objects.visible_to(self.user), "mastered_on"
        )

    def filter_stage(self, queryset, value):
        """The furthest milestone reached is the stage: reached it, and not the one after."""
        fields = [field for field, _stage in TechnologyTransfer.MILESTONES]
        if value == TransferStage.PLANNED:
            return queryset.filter(taught_on__isnull=True)
        index = [stage for _field, stage in TechnologyTransfer.MILESTONES].index(value)
        queryset = queryset.filter(**{f"{fields[index]}__isnull": False})
        if index + 1 < len(fields):
            queryset = queryset.filter(**{f"{fields[index + 1]}__isnull": True})
        return queryset

    def filter_specialty(self, queryset, value):
        return queryset.filter(specialty=value)

    def filter_source(self, queryset, value):
        return queryset.filter(source=value)

    def filter_mastered_year(self, queryset, value):
        return queryset.mastered_in(value)

    def filter_overdue(self, queryset, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class MilestoneForm(forms.Form):
    on = DayField(label=_("reached on"), widget=DateInput())
    cases = forms.IntegerField(label=_("independent cases done"), required=False, min_value=0)


class CasesForm(forms.Form):
    cases = forms.IntegerField(label=_("independent cases done"), min_value=0)


class StopForm(forms.Form):
    on = DayField(label=_("stopped on"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)


class VisitForm(forms.ModelForm):
    """A visit's programme and outcomes, and the delegation whose members and hosts are its people."""

    class Meta:
        model = VisitDetail
        fields = ["delegation", "programme", "outcomes"]
        widgets = {"programme": forms.Textarea(attrs={"rows": 4}), "outcomes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = (
            self.fields["delegation"]
            .queryset.model.objects.visible_to(user)
            .filter(owner_id=self.instance.activity.owner_id)
        )
