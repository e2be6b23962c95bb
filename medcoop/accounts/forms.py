from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from medcoop.organizations.models import Organization


def token_lifetimes() -> list[tuple[int, str]]:
    """The lifetimes the tokens page offers (days; 0 never expires), the setting's among them."""
    offered = {30: _("30 days"), 90: _("90 days"), 365: _("1 year")}
    default = settings.MEDCOOP_API_TOKEN_DAYS
    if default and default not in offered:
        offered[default] = _("%(days)d days") % {"days": default}
    return [*sorted(offered.items()), (0, _("never"))]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Ministry reporting system")}),
    )
    days = forms.TypedChoiceField(label=_("expires after"), coerce=int, choices=token_lifetimes)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.MEDCOOP_API_TOKEN_DAYS  # chosen unless the maker says otherwise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class InvitationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("partner organization"), queryset=Organization.objects.none())
    email = forms.EmailField(label=_("e-mail"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.editable_by(user).filter(is_member=False).order_by("name")
        )


class AcceptInvitationForm(forms.Form):
    last_name = forms.CharField(label=_("family name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("given name"), max_length=150, required=False)
    username = forms.CharField(label=_("user name"), max_length=150)
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
