"""Form fields every domain shares."""

import re
from collections import OrderedDict

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import values
from .dates import NoSuchDate, PartialDate
from .escaping import escaped


class PartialDateField(forms.CharField):
    """A date as the reader knows it: dd/mm/yyyy, mm/yyyy or yyyy."""

    default_error_messages = {
        "invalid": _("Enter a date as dd/mm/yyyy, mm/yyyy or yyyy."),
        "no_such_date": _("The date “%(value)s” does not exist in the calendar."),
    }

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except NoSuchDate as error:
            message = self.error_messages["no_such_date"]
            raise forms.ValidationError(message, code="no_such_date", params={"value": text}) from error
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class NumberField(forms.DecimalField):
    """A number typed as the user's language writes it ("1.500", "13,5" in Vietnamese; "1,500.5" in English),
    read by `core.values`, so a form reads a figure as a sheet or an article does."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return values.read_number(value, (get_language() or "vi")[:2])
        except values.ValueProblem as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class DateInput(forms.DateInput):
    """A date typed dd/mm/yyyy (the active language's first input format), not the browser's own picker,
    so every user sees and types the same form."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def date_widgets(*names: str) -> dict:
    return {name: DateInput() for name in names}


class DayField(forms.DateField):
    """A day typed dd/mm/yyyy; one written right that the calendar lacks (31/02/2025) is said not to exist,
    rather than to be badly written."""

    default_error_messages = {"no_such_date": PartialDateField.default_error_messages["no_such_date"]}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            text = str(value).strip()
            if _DAY.fullmatch(text):
                params = {"value": text}
                raise ValidationError(self.error_messages["no_such_date"], code="no_such_date", params=params) from None
            raise


_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def date_fields(*names: str) -> dict:
    """A ModelForm's `field_classes` for its dates (with `date_widgets` for how they are typed)."""
    return dict.fromkeys(names, DayField)


# The filter forms' drop-downs as written, by everything that shapes them (below): most pages show the same
# options with the same choice (none), and writing 300 countries and a hospital's partners again cost more
# than the page's 50 rows. Bounded, per process; the options come from the registry-versioned cache.
_SHOWN: OrderedDict = OrderedDict()
_SHOWN_MAX = 256


class ShownField(BoundField):
    """A filter's field whose drop-down, once written, is taken from `_SHOWN` while nothing that shapes it
    changed: its options (compared whole, not by a hash), the value chosen, its name, attributes and language.
    A field with errors, or asked for another widget, is written afresh."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        key = None if widget is not None or attrs or only_initial else self._shown_key()
        if key is None:
            return super().as_widget(widget, attrs, only_initial)
        html = _SHOWN.get(key)
        if html is None:
            html = super().as_widget()
            _SHOWN[key] = html
            if len(_SHOWN) > _SHOWN_MAX:
                _SHOWN.popitem(last=False)
        else:
            _SHOWN.move_to_end(key)
        return html

    def _shown_key(self) -> tuple | None:
        field, widget = self.field, self.field.widget
        if not isinstance(widget, forms.Select) or widget.allow_multiple_selected or self.errors:
            return None
        choices = widget.choices
        if not isinstance(choices, list | tuple):
            return None  # a queryset's iterator: not settled, and costly to compare
        try:
            options = tuple(choices)
            hash(options)  # an option group (a list inside) cannot be a key: written afresh
        except TypeError:
            return None
        attributes = tuple(sorted((name, str(value)) for name, value in widget.attrs.items()))
        return (
            get_language(),
            type(widget),
            self.html_name,
            self.auto_id,
            attributes,
            field.required,
            field.disabled,
            str(field.help_text),
            repr(self.value()),
            options,
        )


class FilterForm(forms.Form):
    """The filters of a list, read from the URL so a filtered list can be bookmarked and shared.

    Each field `x` with a value is applied by the method `filter_x(queryset, value)`; `q` searches.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Search…"), "autocomplete": "off"}),
    )

    def __init__(self, data, *, user, **kwargs):
        self.user = user
        super().__init__(data, **kwargs)

    def __getitem__(self, name):
        if name not in self._bound_fields_cache:
            self._bound_fields_cache[name] = ShownField(self, self.fields[name], name)
        return self._bound_fields_cache[name]

    def filter(self, queryset):
        """The other filters first, the search last: a search that finds nothing is tried again forgiving
        typos (`SearchQuerySet.typo_tolerant`) over the rows the other filters kept."""
        if not self.is_valid():
            return queryset
        items = sorted(self.cleaned_data.items(), key=lambda item: item[0] == "q")
        for name, value in items:
            if value in (None, "", []):
                continue
            queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset

    def filter_q(self, queryset, value):
        return queryset.search(value)

    def __iter__(self):
        """The fields as the page shows them, settled only here (the API, which shows no form, never pays for
        it): a record filter becomes a box for the record's number past MAX_SELECT_OPTIONS (`choose_from`), and a
        record drop-down (kinds, specialties, a hospital's few partners) takes its options from the cache, not
        from a query on every page. Choosing still checks the value against the field's queryset."""
        for name, field in self.fields.items():
            if getattr(field, "too_many_to_list", None) and field.too_many_to_list():
                field.widget = forms.NumberInput(attrs={"placeholder": "ID"})
            if (
                isinstance(field, forms.ModelChoiceField)
                and isinstance(field.widget, forms.Select)
                and not hasattr(field, "_choices")  # options not set already (a fixed list, or read earlier)
            ):
                field.choices = record_choices(field)
            elif isinstance(getattr(field, "_choices", None), CallableChoiceIterator):
                field.choices = list(field.choices)  # read once: writing the drop-down iterates them twice
            yield self[name]

    def as_filters(self) -> str:
        """The fields as the list page shows them (label, widget, errors), written here rather than by a template
        loop: that loop over a list's eight or nine filters cost a fifth of the page's Python."""
        parts = []
        for field in self:
            errors = "".join(f'<small class="error">{escaped(error)}</small>' for error in field.errors)
            parts.append(
                f'\n  <div class="field {"search" if field.name == "q" else ""}">\n'
                f'    <label for="{escaped(field.id_for_label)}">{escaped(field.label)}</label>{field}\n'
                f"    {errors}\n  </div>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - labels and errors escaped, widgets written by Django


def record_choices(field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    """A record field's options (value, label), per registry version, language and ordering."""
    from django.forms.models import ModelChoiceIterator

    queryset = field.queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering

    def options() -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in ModelChoiceIterator(field)]

    return cached_per_version(queryset, f"options-{get_language()}-{','.join(ordering)}-{field.empty_label}", options)


def cached_per_version(queryset, label: str, compute):
    """`compute()` of a queryset, cached per registry version and per query (so per set of rows a user sees):
    the filter forms' choice queries otherwise run on every list, search and API call."""
    import hashlib

    from django.core.cache import cache
    from django.core.exceptions import EmptyResultSet

    from .freshness import registry_version

    query = getattr(queryset, "_query_digest", None)  # a drop-down asks twice (too many? which options?)
    if query is None:
        try:
            query = hashlib.sha256(str(queryset.order_by().query).encode()).hexdigest()[:16]
        except EmptyResultSet:  # `.none()`: a user who sees no rows; nothing to count, nothing worth caching
            return compute()
        queryset._query_digest = query
    key = f"choices:{registry_version()}:{label}:{query}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=300)
    return value


def year_choices(queryset, field: str) -> list[tuple[str, str]]:
    """The years from the earliest to the latest date in `field`: the first and the last entry of the field's
    index, in one query of two subqueries (`SELECT MIN(), MAX()` scans the table on SQLite), cached per
    registry version."""
    from django.db.models import Subquery

    def bounds() -> dict:
        dated = queryset.filter(**{f"{field}__isnull": False}).values(field)
        ends = {"first": Subquery(dated.order_by(field)[:1]), "last": Subquery(dated.order_by(f"-{field}")[:1])}
        row = queryset.model._base_manager.order_by().annotate(**ends).values("first", "last").first()
        return row or {"first": None, "last": None}

    bounds = cached_per_version(queryset, f"years-{field}", bounds)
    if not bounds["first"]:
        return [("", "—")]
    return [("", "—")] + [(str(y), str(y)) for y in range(bounds["last"].year, bounds["first"].year - 1, -1)]


MAX_SELECT_OPTIONS = 300


def choose_from(field, queryset) -> None:
    """A record filter: a drop-down while the choices are few; past MAX_SELECT_OPTIONS a box for the record's
    number (the links on detail pages fill it), since a page cannot carry a hundred thousand options."""
    field.queryset = queryset  # kept as a copy: the field's own is the one asked below and for the options

    def many() -> bool:
        shown = field.queryset.order_by().values_list("pk", flat=True)
        return len(shown[: MAX_SELECT_OPTIONS + 1]) > MAX_SELECT_OPTIONS

    field.too_many_to_list = lambda: cached_per_version(field.queryset, "many", many)  # asked when shown


class RowFormSet(forms.BaseFormSet):
    """Nested rows edited on their record's page (figures, parties, contacts...): each row form gets the user,
    and `rows()` gives the kept rows as the dicts a service takes."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @property
    def legend(self) -> str:
        return self.form.legend

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def kept_forms(self) -> list[forms.Form]:
        """Rows that stay: existing ones (with initial data) and filled-in new ones, less those marked deleted."""
        return [f for f in self.forms if not self._should_delete_form(f) and (f.initial or f.has_changed())]

    def rows(self) -> list[dict]:
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE" and not (k == "pk" and v is None)}
            for f in self.kept_forms()
        ]


def row_formset(form_class, extra: int = 1):
    return forms.formset_factory(form_class, formset=RowFormSet, extra=extra, can_delete=True)


class RowForm(forms.ModelForm):
    """One nested row; `pk` names the existing row it edits, so the service updates it instead of adding."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


def show_service_errors(error: ValidationError, form: forms.Form, formsets: dict[str, RowFormSet]) -> None:
    """Put a service's errors where the user typed: "figures[1].value" on the second kept figure's value."""
    for key, messages in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        target, field = form, key
        match = _ROW_KEY.match(key or "")
        if match and match["prefix"] in formsets:
            kept = formsets[match["prefix"]].kept_forms()
            index = int(match["index"])
            target = kept[index] if index < len(kept) else form
            field = match["field"]
        elif key in formsets:
            field = None
        if field not in target.fields:
            field = None
        for message in messages:
            target.add_error(field, message)


_ROW_KEY = re.compile(r"^(?P<prefix>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")
