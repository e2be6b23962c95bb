import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import country_name
from medcoop.core.forms import FilterForm, date_widgets
from medcoop.organizations.models import Organization

from .models import Consent, ConsentPurpose, Transfer
from .services import partner_countries


def case_number(value: str) -> Q:
    """Rows of the case a user types as "HC-00012" or "12"."""
    digits = re.sub(r"\D", "", value)
    return Q(case_id=int(digits)) if digits and len(digits) < 10 else Q(pk__in=[])


class ConsentForm(forms.ModelForm):
    """The consent as the signed form says it. The countries offered are those of the institution's partners,
    the case's own ticked; none ticked means the case's partners' countries."""

    countries = forms.MultipleChoiceField(
        label=_("countries the data may go to"), required=False, widget=forms.CheckboxSelectMultiple
    )
    informed = forms.BooleanField(
        label=_(
            "The patient was told that these are health data (sensitive personal "
            "data), who receives them, in which countries and for what purpose, and "
            "that the consent can be withdrawn at any time."
        )
    )

    class Meta:
        model = Consent
        fields = ["purpose", "countries", "given_by", "method", "given_on", "form_reference"]
        widgets = date_widgets("given_on")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        partner_codes = (
            Organization.objects.filter(owner_id=case.owner_id, is_member=False)
            .exclude(country="")
            .values_list("country", flat=True)
        )
        case_codes = partner_countries(case)
        codes = sorted(set(partner_codes) | set(case_codes), key=country_name)
        self.fields["countries"].choices = [(code, country_name(code)) for code in codes]
        self.fields["countries"].initial = case_codes


class WithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("reason for withdrawal"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConsentFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[("", "—"), ("in_force", _("In force")), ("withdrawn", _("Withdrawn"))],
    )
    purpose = forms.ChoiceField(label=_("purpose"), required=False, choices=[("", "—"), *ConsentPurpose.choices])

    def filter_q(self, queryset, value):
        """A case number or the number on the signed form."""
        return queryset.filter(case_number(value) | Q(form_reference__icontains=value.strip()))

    def filter_state(self, queryset, value):
        return queryset.in_force() if value == "in_force" else queryset.filter(withdrawn_on__isnull=False)

    def filter_purpose(self, queryset, value):
        return queryset.filter(purpose=value)


class TransferFilterForm(FilterForm):
    country = forms.ChoiceField(label=_("country"), required=False)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        codes = Transfer.objects.visible_to(user).order_by().values_list("country", flat=True).distinct()
        self.fields["country"].choices = [("", "—")] + sorted(
            ((c, country_name(c)) for c in codes), key=lambda pair: pair[1]
        )

    def filter_q(self, queryset, value):
        """A case number or the recipient's name, accents ignored."""
        return queryset.filter(case_number(value) | Q(recipient__in=Organization.objects.search(value)))

    def filter_country(self, queryset, value):
        return queryset.filter(country=value)
