"""The quick widget renderer writes what Django's widget templates (and the project's empty choice) write."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from medcoop.activities.forms import ActivityFilterForm
from medcoop.core.renderers import QuickWidgets
from medcoop.organizations.forms import OrganizationForm


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'a "quoted" <b>', "autofocus": True}))
    number = forms.IntegerField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), ("Nhóm", [("x", "X"), ("y", "<Y>")])])
    many = forms.MultipleChoiceField(choices=[("1", "một"), ("2", "hai")])
    yes = forms.NullBooleanField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize(
    "make",
    [
        lambda renderer, user: Everything(
            {"text": "<script>", "number": "7", "choice": "y", "many": ["1", "2"], "yes": "true"}, renderer=renderer
        ),
        lambda renderer, user: Everything(renderer=renderer),
        lambda renderer, user: ActivityFilterForm({"q": "a<b", "country": "FR"}, user=user, renderer=renderer),
        lambda renderer, user: OrganizationForm(renderer=renderer),
    ],
)
def test_quick_widgets_write_what_the_templates_write(make, coordinator_a, partner_of_a):
    slow, quick = make(TemplatesSetting(), coordinator_a), make(QuickWidgets(), coordinator_a)
    for expected, written in zip(slow, quick, strict=True):
        assert str(written) == str(expected), expected.name


@pytest.mark.parametrize("data", [None, {"country": "FR", "status": "done"}, {"country": "VN", "year": "2020"}])
def test_a_filter_form_written_again_is_the_one_written_afresh(data, coordinator_a, partner_of_a):
    """The second form's drop-downs come from the written ones' cache: the same options, the choice made."""
    from medcoop.core import forms as core_forms

    core_forms._SHOWN.clear()
    [str(field) for field in ActivityFilterForm(None, user=coordinator_a)]  # the unfiltered page written first
    fresh = [str(field) for field in ActivityFilterForm(data, user=coordinator_a)]
    again = [str(field) for field in ActivityFilterForm(data, user=coordinator_a)]
    assert core_forms._SHOWN and again == fresh
    chosen = (data or {}).get("country")
    assert (f'value="{chosen}" selected' in "".join(again)) == bool(chosen)
