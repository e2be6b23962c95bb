from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization


class AliasesField(forms.CharField):
    """Aliases typed one per line, kept as a list of names."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class OrganizationForm(forms.ModelForm):
    aliases = AliasesField(label=_("aliases"), required=False, help_text=_("One name per line."))

    class Meta:
        model = Organization
        fields = ["name", "name_en", "aliases", "code", "kind", "country", "province_code", "city", "parent",
                  "is_member", "owner", "website", "notes"]
