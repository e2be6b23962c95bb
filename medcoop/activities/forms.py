from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.core.dates import Precision
from medcoop.core.forms import PartialDateField

from .models import Activity


class ActivityForm(forms.ModelForm):
    """An activity with its start and end typed as partial dates ("2017", "10/2017", "25/05/2025")."""

    start = PartialDateField(label=_("start"), required=False, help_text=_("dd/mm/yyyy, mm/yyyy or yyyy"))
    end = PartialDateField(label=_("end"), required=False, help_text=_("dd/mm/yyyy, mm/yyyy or yyyy"))

    class Meta:
        model = Activity
        fields = ["owner", "kind", "title", "agreement", "start", "end", "place", "country", "direction",
                  "specialties", "status", "description", "provenance", "source_url", "source_reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start", self.instance.start)
        self.initial.setdefault("end", self.instance.end)

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
