"""Each list declared once: a `RecordList` names a model's columns one time, and the list page's table and
sorting, the CSV/XLSX export and the API's output fields are all read from it. Adding a column is one
`Col(...)` line; `core/tests/test_listing.py` proves it shows in the three.

A column has a `name` (the API's field, the page's sort key) and, when the page or the export show it, a
`label`. What a person reads (`show`: "Bệnh viện", a date) and what a program reads (`api`: the code, the id,
a decimal string) are told apart, since they differ for most fields; both default to the attribute `name`."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Model, Subquery, TextField
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.lookups import In
from django.db.models.query import ModelIterable
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pydantic import create_model

from medcoop.exports.tables import Column

from .escaping import escaped


def prefetch_rows(name: str, queryset=None):
    """Prefetches a relation as a plain list (`<name>_rows`), which `related_rows` reads: Django's prefetch into
    the relation's manager builds one queryset per row, and `.all()` another per read, which for 50 rows
    cost more than the query itself."""
    from django.db.models import Prefetch

    return Prefetch(name, queryset=queryset, to_attr=f"{name}_rows")


class JoinedText(Subquery):
    """A row's related names as one text ("A; B"), in the order of `queryset` (one column named `value`), read
    by the row's own query: a list page's partner names without a second query and a hundred model instances
    (the prefetch of 50 rows' partners cost more than the rows). None when there are none (SQLite)."""

    def __init__(self, queryset, separator: str = "; "):
        super().__init__(queryset, output_field=TextField())
        self.separator = separator

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"ARRAY_TO_STRING(ARRAY{sql}, %s)", (*params, self.separator)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"(SELECT group_concat(joined.value, %s) FROM {sql} AS joined)", (self.separator, *params)


def lean_prefetches(queryset):
    """`queryset` without the prefetches `prefetch_rows` declared on a reverse foreign key, and the function that
    reads them for a list of its rows: one query a relation, as Django's, without its machinery (a related
    manager's queryset per relation, the rows' instances compared one by one, each related row's parent set
    through its descriptor), which for a page of 50 rows cost more than the query itself. Any other prefetch is
    left to Django. The related rows come in the same order, with their parent cached as Django leaves it."""
    lean = [lookup for lookup in queryset._prefetch_related_lookups if _reverse_foreign_key(queryset.model, lookup)]
    if not lean:
        return queryset, lambda rows: rows
    rest = [lookup for lookup in queryset._prefetch_related_lookups if lookup not in lean]

    def complete(rows: list) -> list:
        if rows:
            for lookup in lean:
                _attach(rows, lookup)
        return rows

    return queryset.prefetch_related(None).prefetch_related(*rest), complete


def lean_instances(queryset):
    """`queryset` whose rows are made as Django makes them, faster (`LeanModelIterable`)."""
    if queryset._iterable_class is not ModelIterable:
        return queryset
    lean = queryset._chain()
    lean._iterable_class = LeanModelIterable
    return lean


def _plain_model(model) -> bool:
    """A model whose instances Django makes by setting each column's attribute, and nothing else: no init
    signals, no __init__ or from_db of its own, each column's attribute Django's plain one."""
    if model not in _PLAIN_MODELS:
        _PLAIN_MODELS[model] = not (
            pre_init.has_listeners(model)
            or post_init.has_listeners(model)
            or model.__init__ is not Model.__init__
            or model.from_db.__func__ is not Model.from_db.__func__
            or any(
                type(model.__dict__.get(f.attname)) not in (DeferredAttribute, ForeignKeyDeferredAttribute)
                for f in model._meta.concrete_fields
            )
        )
    return _PLAIN_MODELS[model]


_PLAIN_MODELS: dict[type, bool] = {}


class LeanModelIterable(ModelIterable):
    """Django's ModelIterable, each row's instance made without Model.__init__ (which walks every field,
    deferred or not, and sends the init signals): a new instance whose column values go straight into its
    __dict__, where __init__'s setattr puts them for a plain model (`_plain_model`). Deferred columns are left
    out, so they load on first read as Django's do. A query with select_related or known related objects, or
    a model that is not plain, is made by Django's own."""

    def __iter__(self):
        queryset = self.queryset
        model = queryset.model
        if queryset.query.select_related or queryset._known_related_objects or not _plain_model(model):
            yield from super().__iter__()
            return
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        columns = [(f[0].target.attname, start + i) for i, f in enumerate(select[start:end])]
        new = model.__new__
        for row in compiler.results_iter(results):
            instance = new(model)
            state = instance._state = ModelState()
            state.adding, state.db = False, db
            values = instance.__dict__
            for name, position in columns:
                values[name] = row[position]
            for name, position in (annotations or {}).items():
                setattr(instance, name, row[position])
            yield instance


def _reverse_foreign_key(model, lookup) -> bool:
    from django.db.models import ManyToOneRel, Prefetch

    if not isinstance(lookup, Prefetch) or not lookup.to_attr or "__" in lookup.prefetch_through:
        return False
    try:
        relation = model._meta.get_field(lookup.prefetch_through)
    except FieldDoesNotExist:
        return False
    return type(relation) is ManyToOneRel and lookup.to_attr == f"{lookup.prefetch_through}_rows"


def _attach(rows: list, lookup) -> None:
    relation = type(rows[0])._meta.get_field(lookup.prefetch_through)
    foreign_key = relation.field  # the related model's key to the rows' model
    key, column = foreign_key.target_field.attname, foreign_key.attname
    queryset = lookup.queryset if lookup.queryset is not None else relation.related_model._default_manager.all()
    found: dict[Any, list] = {}
    by_key = {getattr(row, key): row for row in rows}
    # the same SQL as `<column>__in`, without the related lookup's normalising of each key
    for related in lean_instances(queryset.filter(In(F(column), list(by_key)))):
        parent = by_key[getattr(related, column)]
        foreign_key.set_cached_value(related, parent)
        found.setdefault(getattr(related, column), []).append(related)
    for row in rows:
        setattr(row, lookup.to_attr, found.get(getattr(row, key), []))


def related_rows(row, name: str) -> list:
    """A row's related records: the list `prefetch_rows` left, else the relation's (prefetched or not)."""
    rows = getattr(row, f"{name}_rows", None)
    return rows if rows is not None else list(getattr(row, name).all())


def _attribute(name: str) -> Callable:
    return lambda row: getattr(row, name)


def linked(name: str) -> Callable:
    """A cell linking to the record's page, named by its attribute `name` (a title); written as format_html
    would, without its per-call parsing of the format (50 rows a page)."""
    return lambda row: SafeString(f'<a href="{escaped(row.get_absolute_url())}">{escaped(getattr(row, name))}</a>')


@dataclass(frozen=True)
class Col:
    """One column of a list. `label=None` is a field of the API only; `api=False` a column of the page and the
    export only. `type` is the API's annotation (always optional: `?fields=` may leave it out)."""

    name: str
    label: Any = None
    show: Callable | None = None  # what the page and the export show; default: the attribute `name`
    api: Callable | bool = True  # the API's value (a callable), the attribute `name` (True), none (False)
    type: Any = str
    sort: str = ""  # the ORM field the page sorts by; the page's sort key is `sort_key` or `name`
    sort_key: str = ""
    page: bool = False  # a column of the page's table (in the declaration's order)
    export: bool = True  # a column of the CSV/XLSX export, when it has a label
    html: Callable | None = None  # the page's cell as HTML, when it shows more than `show` (a link, a badge)
    user: bool = False  # `api` takes (row, user): what the reader may do with it
    css: str = ""  # the page's cell's class ("num": right-aligned figures)
    detail: bool = False  # in the API's answer for one record only (it costs queries a list would repeat)

    def shown(self, row):
        return (self.show or _attribute(self.name))(row)

    def api_value(self, row, user=None):
        if self.api is True:
            return getattr(row, self.name)
        assert callable(self.api)
        return self.api(row, user) if self.user else self.api(row)

    def cell(self, row) -> str:
        """The page's cell: `html` when given, else the shown value, escaped, dates as the locale writes them."""
        if self.html is not None:
            return escaped(self.html(row))
        value = self.shown(row)
        if value is None:
            return ""
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        if isinstance(value, datetime | date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return escaped(value)

    @property
    def key(self) -> str:
        return self.sort_key or self.name

    @property
    def heading(self) -> str:
        return capfirst(str(self.label)) if self.label is not None else ""


def _choice_labels(row, name: str) -> dict | None:
    """A choice field's labels by code, in the reader's language, made once per model and language; None when
    `name` is no field of the model (a property with a `get_<name>_display` of its own)."""
    key = (type(row), name, get_language())
    if key not in _LABELS:
        try:
            choices = type(row)._meta.get_field(name).flatchoices
        except FieldDoesNotExist:
            _LABELS[key] = None
        else:
            _LABELS[key] = {code: force_str(label, strings_only=True) for code, label in choices}
    return _LABELS[key]


_LABELS: dict[tuple, dict | None] = {}


def choice_label(row, name: str):
    """`row.get_<name>_display()`, without Django's rebuilding of the field's choices on every call."""
    labels = _choice_labels(row, name)
    if labels is None:
        return getattr(row, f"get_{name}_display")()
    value = getattr(row, name)
    return labels.get(value, value)


def badge(name: str) -> Callable:
    """A cell showing a choice field's label as a badge, styled by its code ("badge done")."""
    return lambda row: SafeString(
        f'<span class="badge {escaped(getattr(row, name))}">{escaped(choice_label(row, name))}</span>'
    )


def badge_column(name: str, label) -> Col:
    """A choice field people read as its label, sortable, on the page as a badge; programs read its code."""
    return Col(name, label, show=lambda row: choice_label(row, name), sort=name, page=True, html=badge(name))


def title_column(name: str, label) -> Col:
    """The column that names a record: sortable, on the page as the link to the record."""
    return Col(name, label, sort=name, page=True, html=linked(name))


def specialty_column(label=None, *, sortable: bool = True) -> Col:
    """A record's specialty: people read its name (in their language), programs its code; sorted, when
    `sortable`, in the vocabulary's order."""
    return Col(
        "specialty",
        _("specialty") if label is None else label,
        show=lambda row: row.specialty or "",
        api=lambda row: row.specialty_id,
        sort="specialty__position" if sortable else "",
        page=True,
    )


@dataclass
class RecordList:
    """A model's list, declared once: its columns, and its page's default order."""

    model: Any  # the model class (its manager has `visible_to`, `editable_by`)
    columns: list[Col]
    default_sort: str = ""
    extra_sorts: dict[str, str] = field(default_factory=dict)  # orders the page offers with no column of its own
    page_order: tuple[str, ...] = ()  # the page's order, where it differs from the export's (kept as it was)

    def __post_init__(self):
        """A name mistyped here would fail late and quietly: a default order no sort key has is a 500 on every
        page (`RegistryListView.ordering_for`), a page_order name no page column has leaves the table unordered."""
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.model.__name__}: a column name is declared twice")
        if self.default_sort and self.default_sort.lstrip("-") not in self.sort_fields():
            raise ValueError(f"{self.model.__name__}: default_sort {self.default_sort!r} is no sort key")
        if unknown := set(self.page_order) - {c.name for c in self.columns if c.page}:
            raise ValueError(f"{self.model.__name__}: page_order names no page column: {sorted(unknown)}")

    def page_columns(self) -> list[Col]:
        """The page's columns: those marked `page`, in `page_order`, then any other in the declaration's order."""
        shown = [c for c in self.columns if c.page]
        rank = {name: i for i, name in enumerate(self.page_order)}
        return sorted(shown, key=lambda c: rank.get(c.name, len(rank)))

    def export_columns(self) -> list[Column]:
        return [Column(c.label, c.shown) for c in self.columns if c.label is not None and c.export]

    def sort_fields(self) -> dict[str, str]:
        return {**{c.key: c.sort for c in self.columns if c.sort}, **self.extra_sorts}

    def api_columns(self) -> list[Col]:
        return [c for c in self.columns if c.api is not False]

    def as_dict(self, row, user=None, *, detail: bool = False) -> dict:
        """The API's record: `id`, then each column's value as a program reads it (`detail`: one record's
        answer, with the columns a list leaves out)."""
        shown = [c for c in self.api_columns() if detail or not c.detail]
        return {"id": row.pk, **{c.name: c.api_value(row, user) for c in shown}}

    def out_schema(self, name: str):
        """The API's output schema, made from the columns (each optional, for `?fields=`)."""
        from ninja import Schema

        fields: dict[str, Any] = {c.name: (c.type | None, None) for c in self.api_columns()}
        return create_model(name, __base__=Schema, id=(int, ...), **fields)

    def with_column(self, column: Col, after: str | None = None) -> "RecordList":
        """The same list with one more column (after the column named `after`, else last)."""
        columns = list(self.columns)
        index = next((i + 1 for i, c in enumerate(columns) if c.name == after), len(columns))
        columns.insert(index, column)
        return replace(self, columns=columns)
