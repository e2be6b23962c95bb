from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.activities.models import Activity
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
from medcoop.organizations.forms import organizations_for
from medcoop.organizations.models import Organization

from .models import FlowType, Funding, FundingTransaction, Instrument, ReceivedEquipment


class FundingForm(forms.ModelForm):
    """A funding of the user's institution, under one of its agreements and/or activities."""

    class Meta:
        model = Funding
        fields = [
            "title",
            "donor",
            "instrument",
            "flow_type",
            "amount",
            "currency",
            "committed_on",
            "agreement",
            "activity",
            "reference",
            "purpose",
        ]
        widgets = {**date_widgets("committed_on"), "purpose": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"amount": NumberField, **date_fields("committed_on")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            owner = self.instance.owner_id
            self.fields["donor"].queryset = organizations_for(user).exclude(pk=owner)
            self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(owner_id=owner)
            self.fields["activity"].queryset = Activity.objects.visible_to(user).filter(owner_id=owner)


class TransactionRowForm(RowForm):
    """A transaction in the funding's currency."""

    legend = _("Transactions")

    class Meta:
        model = FundingTransaction
        fields = ["kind", "date", "amount", "description"]
        widgets = date_widgets("date")
        field_classes = {"amount": NumberField, **date_fields("date")}


class EquipmentRowForm(RowForm):
    legend = _("Equipment received")

    class Meta:
        model = ReceivedEquipment
        fields = ["item", "quantity", "value", "handed_over_on"]
        widgets = date_widgets("handed_over_on")
        field_classes = {"value": NumberField, **date_fields("handed_over_on")}


TransactionFormSet = row_formset(TransactionRowForm, extra=3)
EquipmentFormSet = row_formset(EquipmentRowForm)


class FundingFilterForm(FilterForm):
    donor = forms.ModelChoiceField(label=_("donor"), required=False, queryset=Organization.objects.none())
    instrument = forms.ChoiceField(label=_("instrument"), required=False, choices=[("", "—"), *Instrument.choices])
    flow_type = forms.ChoiceField(label=_("flow type"), required=False, choices=[("", "—"), *FlowType.choices])
    currency = forms.CharField(label=_("currency"), required=False, max_length=3)
    agreement = forms.ModelChoiceField(label=_("agreement"), required=False, queryset=Agreement.objects.none())
    activity = forms.ModelChoiceField(label=_("activity"), required=False, queryset=Activity.objects.none())
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fundings = Funding.objects.visible_to(self.user)
        choose_from(self.fields["donor"], Organization.objects.visible_to(self.user).filter(is_member=False))
        choose_from(self.fields["agreement"], Agreement.objects.visible_to(self.user))
        choose_from(self.fields["activity"], Activity.objects.visible_to(self.user))
        self.fields["year"].choices = year_choices(fundings, "committed_on")

    def filter_donor(self, queryset, value):
        return queryset.filter(donor=value)

    def filter_instrument(self, queryset, value):
        return queryset.filter(instrument=value)

    def filter_flow_type(self, queryset, value):
        return queryset.filter(flow_type=value)

    def filter_currency(self, queryset, value):
        return queryset.filter(currency=value.upper())

    def filter_agreement(self, queryset, value):
        return queryset.filter(agreement=value)

    def filter_activity(self, queryset, value):
        return queryset.filter(activity=value)

    def filter_year(self, queryset, value):
        return queryset.filter(committed_on__year=value)
