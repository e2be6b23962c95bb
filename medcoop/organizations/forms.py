from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import country_choices
from medcoop.core.forms import FilterForm, RowForm, cached_per_version, row_formset

from .models import Contact, Organization, OrganizationKind


class AliasesField(forms.CharField):
    """Aliases typed one per line, kept as a list of names."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class CountryField(forms.TypedChoiceField):
    """A country chosen by its Vietnamese name, kept as its ISO code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("country"))
        super().__init__(choices=[("", "—"), *country_choices()], **kwargs)

    def __deepcopy__(self, memo):
        """Every form copies its fields; the 250 countries, never changed in place, are shared rather than
        copied (and checked again, by Django's choices setters) one by one on each page."""
        choices, self._choices = self._choices, []
        shown, self.widget._choices = self.widget._choices, []
        try:
            result = super().__deepcopy__(memo)
        finally:
            self._choices, self.widget._choices = choices, shown
        result._choices, result.widget._choices = choices, shown  # as normalised when the field was made
        return result


def organizations_for(user):
    """The organizations a user may name as a party or partner: those their institution knows."""
    return Organization.objects.visible_to(user)


class OrganizationForm(forms.ModelForm):
    """An organization as an office records it; the admin adds membership and owner."""

    aliases = AliasesField(label=_("aliases"), required=False, help_text=_("One name per line."))
    country = CountryField()

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_en",
            "aliases",
            "kind",
            "country",
            "province_code",
            "city",
            "parent",
            "website",
            "ror_id",
            "iati_org_id",
            "moh_facility_code",
            "tax_code",
            "notes",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["parent"].queryset = Organization.objects.visible_to(user).exclude(pk=self.instance.pk)


class ContactRowForm(RowForm):
    legend = _("Contacts")

    class Meta:
        model = Contact
        fields = ["name", "title", "role", "email", "phone"]
        labels = {"title": _("job title")}  # a person's position, not a heading


ContactFormSet = row_formset(ContactRowForm)


class OrganizationFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", "—"), *OrganizationKind.choices])
    country = forms.ChoiceField(label=_("country"), required=False)
    membership = forms.ChoiceField(
        label=_("membership"),
        required=False,
        choices=[("", "—"), ("member", _("Member institutions")), ("partner", _("Partners"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Unordered: the model's ordering by name would make DISTINCT return every organization. Read once per
        # registry version: the distinct countries of 50,000 organizations cost more than the page.
        visible = Organization.objects.visible_to(self.user).order_by()
        codes = cached_per_version(
            visible, "countries", lambda: set(visible.values_list("country", flat=True).distinct())
        )
        self.fields["country"].choices = [("", "—"), *[c for c in country_choices() if c[0] in codes]]

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_country(self, queryset, value):
        return queryset.filter(country=value)

    def filter_membership(self, queryset, value):
        return queryset.filter(is_member=value == "member")
