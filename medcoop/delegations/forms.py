from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.agreements.models import Agreement
from medcoop.core.forms import (
    FilterForm,
    NumberField,
    RowForm,
    choose_from,
    date_fields,
    date_widgets,
    row_formset,
    year_choices,
)
from medcoop.organizations.forms import CountryField, organizations_for
from medcoop.organizations.models import Organization

from .models import (
    AnnualPlan,
    ApprovalRule,
    Delegation,
    Funding,
    Kind,
    LetterKind,
    Member,
    PlanItem,
    Purpose,
    Status,
)


class DelegationForm(forms.ModelForm):
    country = CountryField(label=_("country"))
    estimated_cost = NumberField(label=_("estimated cost"), required=False, min_value=0, decimal_places=0)
    actual_cost = NumberField(label=_("actual cost"), required=False, min_value=0, decimal_places=0)

    class Meta:
        model = Delegation
        fields = [
            "kind",
            "purpose",
            "title",
            "reference",
            "country",
            "place",
            "partner",
            "agreement",
            "start_on",
            "end_on",
            "plan_item",
            "funding",
            "estimated_cost",
            "actual_cost",
            "currency",
            "description",
        ]
        widgets = {**date_widgets("start_on", "end_on"), "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = date_fields("start_on", "end_on")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.instance.owner_id
        if user is not None:
            self.fields["partner"].queryset = organizations_for(user).filter(is_member=False)
            self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(owner_id=owner)
            self.fields["plan_item"].queryset = PlanItem.objects.visible_to(user).filter(plan__owner_id=owner)


class MemberRowForm(RowForm):
    """A member; the passport or identity number is typed here but never shown back."""

    legend = _("Members")
    identity_number = forms.CharField(
        label=_("passport or identity number"),
        required=False,
        max_length=40,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Encrypted; leave empty to keep the number stored."),
    )
    nationality = CountryField(label=_("nationality"), required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "position",
            "department",
            "rank",
            "is_head",
            "nationality",
            "passport_valid_until",
            "practises",
            "permit_number",
            "permit_issuer",
            "permit_scope",
            "permit_valid_until",
        ]
        widgets = date_widgets("passport_valid_until", "permit_valid_until")
        field_classes = date_fields("passport_valid_until", "permit_valid_until")


MemberFormSet = row_formset(MemberRowForm, extra=2)


class PlanForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class PlanItemRowForm(RowForm):
    legend = _("Planned delegations")
    country = CountryField(label=_("country"), required=False)

    class Meta:
        model = PlanItem
        fields = ["kind", "purpose", "title", "country", "month", "people", "funding"]


PlanItemFormSet = row_formset(PlanItemRowForm, extra=3)


class ApprovalRuleRowForm(RowForm):
    """One step of the institution's approval chain, with the cases it applies to (none ticked: all)."""

    legend = _("Approval steps, in order")
    kinds = forms.MultipleChoiceField(
        label=_("kinds"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    fundings = forms.MultipleChoiceField(
        label=_("funding sources"), choices=Funding.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApprovalRule
        fields = ["position", "level", "label", "kinds", "fundings", "outside_plan_only", "min_rank", "working_days"]


ApprovalRuleFormSet = row_formset(ApprovalRuleRowForm, extra=1)


class StepForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("decision"), choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda v: v == "1"
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("decision number"), max_length=100)
    decision_on = forms.DateField(label=_("decision date"), widget=date_widgets("d")["d"])
    decision_authority = forms.CharField(label=_("deciding authority"), max_length=200, required=False)


class ReportForm(forms.Form):
    report_on = forms.DateField(label=_("report submitted on"), widget=date_widgets("d")["d"])
    results = forms.CharField(label=_("results"), widget=forms.Textarea(attrs={"rows": 4}))
    actual_cost = NumberField(label=_("actual cost"), required=False, min_value=0, decimal_places=0)
    create_activity = forms.BooleanField(
        label=_("Record the outcome as an activity of the registry"), required=False, initial=True
    )


class PlanApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("approved on"), widget=date_widgets("d")["d"])
    approved_by = forms.CharField(label=_("approved by"), max_length=200)
    decision_number = forms.CharField(label=_("decision number"), max_length=100, required=False)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("letter"), choices=LetterKind.choices)
    file = forms.FileField(label=_("DOCX template"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx") or upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Upload a Word document (.docx) of at most 5 MB."))
        return upload


class PeriodForm(forms.Form):
    """The period of the report to the governing body: a half-year or a year."""

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("period"),
        choices=[("0", _("Whole year")), ("1", _("First six months")), ("2", _("Last six months"))],
        coerce=int,
        initial=0,
        required=False,
        empty_value=0,
    )


DEADLINES = [("overdue", _("Late")), ("soon", _("Due soon"))]


class DelegationFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", "—"), *Kind.choices])
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *Status.choices])
    purpose = forms.ChoiceField(label=_("purpose"), required=False, choices=[("", "—"), *Purpose.choices])
    funding = forms.ChoiceField(label=_("funding source"), required=False, choices=[("", "—"), *Funding.choices])
    country = CountryField(label=_("country"), required=False)
    in_plan = forms.ChoiceField(
        label=_("in the annual plan"), required=False, choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))]
    )
    deadline = forms.ChoiceField(label=_("deadline"), required=False, choices=[("", "—"), *DEADLINES])
    partner = forms.ModelChoiceField(label=_("partner"), required=False, queryset=Organization.objects.none())
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_from(self.fields["partner"], Organization.objects.visible_to(self.user).filter(is_member=False))
        self.fields["year"].choices = year_choices(Delegation.objects.visible_to(self.user), "start_on")

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_status(self, queryset, value):
        return queryset.filter(status=value)

    def filter_purpose(self, queryset, value):
        return queryset.filter(purpose=value)

    def filter_funding(self, queryset, value):
        return queryset.filter(funding=value)

    def filter_country(self, queryset, value):
        return queryset.filter(country=value)

    def filter_in_plan(self, queryset, value):
        return queryset.filter(in_plan=value == "yes")

    def filter_deadline(self, queryset, value):
        from django.utils import timezone

        from .services import soon_until

        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        return queryset.due_soon(today, soon_until(today))

    def filter_partner(self, queryset, value):
        return queryset.filter(partner=value)

    def filter_year(self, queryset, value):
        return queryset.filter(start_on__year=value)
