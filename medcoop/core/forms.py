"""Form fields every domain shares."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import PartialDate


class PartialDateField(forms.CharField):
    """A date as the reader knows it: dd/mm/yyyy, mm/yyyy or yyyy."""

    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, mm/yyyy or yyyy.")}

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
