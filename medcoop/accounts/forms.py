from django import forms
from django.utils.translation import gettext_lazy as _

from medcoop.organizations.models import Organization


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
