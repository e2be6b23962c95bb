from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.organizations.models import Organization


class InstitutionForm(forms.Form):
    """The ministry's choice of one institution, or all of them."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        empty_label=_("All institutions"),
        queryset=Organization.objects.members(),
    )
