import re
from datetime import date

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from medcoop.activities.models import Direction
from medcoop.agreements.models import AgreementKind
from medcoop.core.forms import DayField, FilterForm, NumberField, row_formset
from medcoop.core.models import ActivityKind, FigureMetric, Specialty
from medcoop.core.values import currency_choices
from medcoop.organizations.forms import CountryField
from medcoop.organizations.models import Organization, OrganizationKind

from .models import ArticleStatus


class ArticleInputForm(forms.Form):
    """One article: a file, pasted text or a web address — exactly one of them."""

    file = forms.FileField(label=_("File (.txt, .html, .docx)"), required=False)
    text = forms.CharField(label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    url = forms.URLField(label=_("Or give the web address"), required=False, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("file", "text", "url") if cleaned.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(_("Give one file, one pasted text or one web address."))
        return cleaned


class ArticleFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *ArticleStatus.choices])

    def filter_status(self, queryset, value):
        return queryset.filter(status=value)


class ParsedTextField(forms.CharField):
    """A text field holding a parsed value: unchanged when the parsed values are equal."""

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial) if initial else "") != self.to_python(data)


class EvidenceField(ParsedTextField):
    """The spans an item came from, kept as "start-end start-end" between review rounds."""

    widget = forms.HiddenInput

    def prepare_value(self, value):
        if isinstance(value, list):
            return " ".join(f"{span['start']}-{span['end']}" for span in value)
        return value

    def to_python(self, value):
        return [{"start": int(a), "end": int(b)} for a, b in re.findall(r"(\d+)-(\d+)", value or "")]


class ListField(ParsedTextField):
    """Names kept as one line separated by "; "."""

    def prepare_value(self, value):
        return "; ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [part.strip() for part in (value or "").split(";") if part.strip()]


class QuotedEvidence(forms.HiddenInput):
    """The spans kept as a hidden value, shown to the reviewer as the article's own words, quoted."""

    text = ""

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        kept = value if isinstance(value, str) else EvidenceField().prepare_value(value or [])
        spans = re.findall(r"(\d+)-(\d+)", kept or "")
        quotes = [self.text[int(a) : int(b)].strip() for a, b in spans[:3]]
        quoted = format_html_join("", "<q>{}</q> ", ((quote[:200],) for quote in quotes if quote))
        if not quoted:
            return hidden
        return format_html('{}<p class="source help">{} {}</p>', hidden, _("Read in:"), quoted)


class ReviewRow(forms.Form):
    # a proposed row is ticked by its initial values; a blank row added by the reviewer is not
    include = forms.BooleanField(label=_("keep"), required=False, initial=False)
    evidence = EvidenceField(required=False, widget=QuotedEvidence)

    def __init__(self, *args, user=None, owner=None, text="", **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.text = text


class OrganizationReviewRow(ReviewRow):
    legend = _("Organizations")
    name = forms.CharField(label=_("name"), max_length=300)
    country = CountryField(required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *OrganizationKind.choices], required=False)
    match = forms.ModelChoiceField(
        label=_("same as"), required=False, queryset=Organization.objects.none(), empty_label=_("— new organization —")
    )
    aliases = ListField(label=_("aliases"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match"].queryset = Organization.objects.filter(owner=self.owner)

    def item(self) -> dict:
        data = self.cleaned_data
        match = data["match"]
        return {
            "name": data["name"],
            "country": data["country"] or None,
            "kind": data["kind"] or "other",
            "aliases": data["aliases"],
            "evidence": data["evidence"],
            "include": data["include"],
            "match": {"id": match.pk, "name": match.name, "score": 100} if match else None,
        }


class AgreementReviewRow(ReviewRow):
    legend = _("Agreements")
    parties = ListField(label=_("parties"), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *AgreementKind.choices], required=False)
    signed_on = forms.RegexField(
        label=_("signed on"),
        required=False,
        regex=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        error_messages={"invalid": _("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")},
    )
    duration_months = forms.IntegerField(label=_("duration (months)"), required=False, min_value=1)

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "parties": data["parties"],
            "kind": data["kind"] or None,
            "signed_on": data["signed_on"] or None,
            "duration_months": data["duration_months"],
            "evidence": data["evidence"],
            "include": data["include"],
        }


class FigureReviewRow(ReviewRow):
    legend = _("Figures")
    metric = forms.ModelChoiceField(label=_("metric"), queryset=FigureMetric.objects.all(), to_field_name="code")
    value = NumberField(label=_("value"), min_value=0)
    currency = forms.ChoiceField(label=_("currency"), required=False, choices=[("", "—"), *currency_choices()])

    def item(self) -> dict:
        data = self.cleaned_data
        value = data["value"]
        return {
            "metric": data["metric"].code,
            "value": int(value) if value == int(value) else float(value),
            "currency": data["currency"].upper() or None,
            "evidence": data["evidence"],
            "include": data["include"],
        }


class ReviewForm(forms.Form):
    activity_kinds = forms.ModelMultipleChoiceField(
        label=_("activity kinds"),
        required=False,
        queryset=ActivityKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    specialties = forms.ModelMultipleChoiceField(
        label=_("specialties"), required=False, queryset=Specialty.objects.all(), widget=forms.CheckboxSelectMultiple
    )


OrganizationReviewFormSet = row_formset(OrganizationReviewRow)
AgreementReviewFormSet = row_formset(AgreementReviewRow)
FigureReviewFormSet = row_formset(FigureReviewRow)


class ActivityMergeForm(forms.Form):
    """Whether the article's activity is a new one or one the institution already recorded (the likely
    duplicates of activities.duplicates are offered; the best is proposed)."""

    merge_into = forms.TypedChoiceField(
        label=_("The article's activity"), required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["merge_into"].choices = [
            ("", _("Create a new activity")),
            *[(c.record.pk, _("Merge into “%(title)s”") % {"title": c.record.title}) for c in self.candidates],
        ]

    def item(self) -> dict | None:
        chosen = self.cleaned_data.get("merge_into")
        found = next((c for c in self.candidates if c.record.pk == chosen), None)
        return {"id": found.record.pk, "title": found.record.title, "score": found.score} if found else None


class ActivityReviewForm(forms.Form):
    """The activity the article reports, proposed (articles.proposal) and corrected by the reviewer."""

    title = forms.CharField(label=_("title"), max_length=400, required=False)
    kind = forms.ModelChoiceField(label=_("kind"), required=False, queryset=ActivityKind.objects.all())
    start_on = DayField(label=_("start"), required=False, widget=forms.DateInput(format="%d/%m/%Y"))
    end_on = DayField(label=_("end"), required=False, widget=forms.DateInput(format="%d/%m/%Y"))
    direction = forms.ChoiceField(label=_("direction"), choices=Direction.choices, required=False)
    country = CountryField(label=_("country where it takes place"), required=False)
    place = forms.CharField(label=_("place"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_on", "end_on"):  # kept as ISO text in the review, shown dd/mm/yyyy
            if isinstance(self.initial.get(name), str) and self.initial[name]:
                self.initial[name] = date.fromisoformat(self.initial[name])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date comes before the start date."))
        return cleaned

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"].pk if data["kind"] else "",
            "start_on": data["start_on"].isoformat() if data["start_on"] else "",
            "end_on": data["end_on"].isoformat() if data["end_on"] else "",
            "direction": data["direction"] or "inbound",
            "country": data["country"] or "",
            "place": data["place"],
        }
