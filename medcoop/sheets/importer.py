"""Importing a sheet: every row read and validated first, then, only if none has an error, all of them written
in one transaction — new rows created, rows whose key is already known updated. Rows are written in bulk (a
sheet may hold 100,000 activities); the audit log gets one entry for the import as a whole."""

import copy
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, partial
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, Q
from django.db.models.expressions import DatabaseDefault
from django.utils.translation import gettext as _

from medcoop.activities.duplicates import ActivityDuplicateFinder, Proposed
from medcoop.activities.models import (
    SHEET_SOURCE,
    Activity,
    ActivityPartner,
    CurrencyCodes,
    Figure,
    Trainee,
    TrainingCohort,
)
from medcoop.agreements.models import Agreement, AgreementParty
from medcoop.audit.recording import record
from medcoop.core.bulk import delete_rows, fewer_collections, insert_rows, new_instance, update_rows
from medcoop.core.dates import Precision
from medcoop.core.freshness import registry_changed
from medcoop.core.models import AuditEvent, FigureMetric, SearchableModel, normalize_text_fields
from medcoop.core.services import replace_rows_in_bulk, require_can_write
from medcoop.core.text import fold
from medcoop.core.values import ORGANIZATION_IDENTIFIERS, AmbiguousNumber, Money, number_locale
from medcoop.funding.models import COMMITTING, Funding
from medcoop.organizations.models import Organization
from medcoop.organizations.services import OrganizationMatcher
from medcoop.search.indexes import indexed_after_inserts

from . import cells
from .cells import CellError
from .kinds import SheetKind, sheet_kinds
from .workbook import Sheet, SheetError, header_key, read_sheet

BATCH = 2000
OVERLAPPED = {"postgresql"}  # the engines whose writes a confirmed import overlaps with its checks (ChunkWriter)
SOURCE_PREFIX = SHEET_SOURCE


@dataclass
class Row:
    number: int
    values: list
    errors: list = field(default_factory=list)  # (column header, message)
    duplicates: list = field(default_factory=list)  # recorded records a new row likely repeats
    instance: object = None
    children: dict = field(default_factory=dict)
    update: bool = False
    changed: bool = True  # for an update: whether the record itself differs from what is stored
    children_changed: bool = True


@dataclass
class Plan:
    """What a sheet would change. `rows` holds the checked rows kept (all, or the first few a preview shows);
    the errors, likely duplicates and counts cover every row."""

    kind: SheetKind
    sheet: Sheet
    owner: Organization
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, column header, message)
    duplicates: list = field(default_factory=list)  # (row number, likely duplicates), imported as the user confirms
    creates: int = 0
    updates: int = 0
    checked: int = 0  # rows read, kept or not

    def count(self, rows: list["Row"], keep: int | None) -> None:
        """Add one chunk of checked rows to the plan, keeping at most `keep` rows in all (None: every one)."""
        for row in rows:
            self.errors += [(row.number, header, message) for header, message in row.errors]
            if row.duplicates:
                self.duplicates.append((row.number, row.duplicates))
            if not row.errors:
                self.creates += not row.update
                self.updates += row.update and (row.changed or row.children_changed)
        room = len(rows) if keep is None else max(0, keep - len(self.rows))
        self.rows += rows[:room]
        self.checked += len(rows)


class Context:
    """What rows are checked against, loaded once per import."""

    def __init__(self, owner: Organization):
        self.owner = owner
        self.organizations = OrganizationMatcher(Organization.objects.filter(owner=owner), home=owner)
        self.agreements = {a.reference: a for a in Agreement.objects.filter(owner=owner).exclude(reference="")}
        self.metrics = {m.code: m for m in FigureMetric.objects.all()}
        self.validate = FieldChecks()
        self._activities = None
        self._matched: dict[str, Organization | None] = {}
        self._figure_columns = None
        self._identifiers = None  # (field, value) → the organization holding it, loaded when first needed

    def figure_columns(self, parsed: dict) -> list[tuple[str, str]]:
        """The figure columns of a row's parsed cells ("figure:<metric>", metric code), found once: every row
        of a sheet has the same columns."""
        if self._figure_columns is None:
            self._figure_columns = [(n, n.removeprefix("figure:")) for n in parsed if n.startswith("figure:")]
        return self._figure_columns

    def identifier_holder(self, name: str, value: str, row_key: str):
        """Who already holds an organization identifier: a stored organization or an earlier row; each row's
        claim is kept, so two rows of one sheet cannot share one either."""
        if self._identifiers is None:
            self._identifiers = {
                (field, getattr(o, field)): o.name
                for o in Organization.objects.filter(owner=self.owner)
                for field in ORGANIZATION_IDENTIFIERS
                if getattr(o, field)
            }
        holder = self._identifiers.setdefault((name, value), row_key)
        return None if holder == row_key else holder

    def duplicates(self, instance, children: dict) -> list:
        """The recorded records a new row likely repeats (organizations.duplicates, activities.duplicates)."""
        if isinstance(instance, Organization):
            return self.organizations.likely(instance)
        if isinstance(instance, Activity):
            if self._activities is None:
                self._activities = ActivityDuplicateFinder(Activity.objects.filter(owner=self.owner))
            partners = {o.pk for o in children.get("partners", [])}
            return self._activities.likely(Proposed(instance, partners, set()))
        return []

    @cached_property
    def activities(self) -> dict[str, Activity]:
        """The activities imported from the activity sheet, by their key ("Mã hoạt động")."""
        imported = Activity.objects.filter(owner=self.owner, source_reference__startswith=SOURCE_PREFIX)
        return {a.source_reference.removeprefix(SOURCE_PREFIX): a for a in imported}

    def cohort(self, course: str, name: str) -> TrainingCohort:
        """One of the institution's cohorts, by its course's name and its own, written with or without accents."""
        if not hasattr(self, "_cohorts"):
            self._cohorts = {
                (fold(c.course.name), fold(c.name)): c
                for c in TrainingCohort.objects.filter(activity__owner=self.owner).select_related("course")
            }
        found = self._cohorts.get((fold(course), fold(name)))
        if found is None:
            raise CellError(
                _("No cohort “%(cohort)s” of the course “%(course)s”: create it on its training activity's page first.")
                % {"cohort": name, "course": course}
            )
        return found

    def organization(self, name: str) -> Organization:
        """The registry's organization a row names; each name is matched once per import (a sheet of 100,000
        activities names a few hundred partners)."""
        if name not in self._matched:
            self._matched[name] = self.organizations.match(name)[0]
        found = self._matched[name]
        if found is None:
            raise CellError(_("“%(name)s” is not in the institution's registry of organizations.") % {"name": name})
        return found


def plan_import(user, slug: str, sheet: Sheet, locale: str | None = None, keep: int | None = None) -> Plan:
    """Read and validate every row; nothing is written. `locale` ("vi" or "en") is how the sheet groups its
    numbers; without it each number column is read by the grouping its own values show, and a number only a
    locale could settle ("1.500" alone) is flagged on its row. `keep` bounds the rows kept in the plan (a
    preview shows a few): the rows are read as a stream and checked a chunk at a time."""
    checker = Checker(user, slug, sheet, locale)
    plan = Plan(checker.kind, sheet, checker.context.owner)
    with fewer_collections():
        for rows in checker.chunks():
            plan.count(rows, keep)
    return plan


@transaction.atomic
def import_sheet(user, slug: str, sheet: Sheet, locale: str | None = None, *, progress=None) -> Plan:
    """Check and write a sheet in one pass and one transaction, a chunk at a time, so memory holds one chunk
    whatever the sheet's size. A bad row anywhere, even the last, raises SheetError naming it, and everything
    written before it is rolled back. Returns the plan (its counts and likely duplicates; no rows kept)."""
    checker = Checker(user, slug, sheet, locale)
    plan = Plan(checker.kind, sheet, checker.context.owner)
    with fewer_collections(), ChunkWriter(plan.kind) as writer:
        for rows in checker.chunks():
            plan.count(rows, keep=0)
            if not plan.errors:
                writer.write(rows)
                if progress:
                    progress(plan.checked, max(plan.checked, sheet.size or 0))
    if plan.errors:
        raise RowErrors(plan.errors)
    _finish(user, plan)
    return plan


class ChunkWriter:
    """Writes a confirmed import's chunks while the next one is checked (on the engines of OVERLAPPED): each
    chunk is written by a thread of its own on the import's connection (in its transaction), so the server's
    work on one chunk (COPY, its indexes and triggers, the foreign-key checks) overlaps the Python that reads
    and checks the next. SQLite writes in turn: its work is done in this process, and a writer's thread there
    made the import slower (33 s against 17 s for 100,000 rows), Python's lock passing back and forth between
    the threads. One chunk is written at a time and in order: handing over a chunk first waits for the one
    before, and leaving the block waits for the last; an error in a write is raised there, in the importing
    thread (and the import's transaction rolls everything back). The checking thread's own queries (a chunk's
    stored records, a progress update) wait while a chunk is being written: the connection serves one
    statement at a time. The records a chunk's check reads are never those the chunk before writes (each key
    is on one row only; a repeated key is an error and stops the writes), so checking ahead changes nothing
    it finds.

    On PostgreSQL each chunk ends by checking its foreign keys (SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED
    again, as Django declares them): the checks of 100,000 rows' keys are made as the import goes, beside the
    checking of later chunks, not all at the commit (about 2.5 s)."""

    def __init__(self, kind: SheetKind, using: str = DEFAULT_DB_ALIAS):
        self.kind, self.using = kind, using
        self.connection = connections[using]
        self.lock = threading.RLock()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.overlap = self.connection.vendor in OVERLAPPED

    def __enter__(self):
        self.connection.ensure_connection()
        self.connection.inc_thread_sharing()
        self.wrapper = self.connection.execute_wrapper(self._one_at_a_time)
        self.wrapper.__enter__()
        return self

    def __exit__(self, kind, error, traceback):
        try:
            self.wait(raising=error is None)
        finally:
            self.wrapper.__exit__(None, None, None)
            self.connection.dec_thread_sharing()

    def _one_at_a_time(self, execute, sql, params, many, context):
        with self.lock:
            return execute(sql, params, many, context)

    def write(self, rows: list[Row]) -> None:
        self.wait()
        if not self.overlap:
            _write(self.kind, rows, self.using)
            return
        self.thread = threading.Thread(target=self._write, args=(rows,), name="sheet-import-writer")
        self.thread.start()

    def wait(self, raising: bool = True) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None and raising:
            error, self.error = self.error, None
            raise error

    def _write(self, rows: list[Row]) -> None:
        connections[self.using] = self.connection
        try:
            with self.lock:
                _write(self.kind, rows, self.using)
                if self.connection.vendor == "postgresql":
                    self.connection.check_constraints()
        except BaseException as error:  # raised in the importing thread
            self.error = error
        finally:
            del connections[self.using]


class RowErrors(SheetError):
    """Rows of the sheet are wrong, so none was imported: the message names the first by row and column and
    counts the others; `errors` lists them all (row number, column header, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        number, header, message = errors[0]
        problem = f"{header}: {message}" if header else message
        text = _("Row %(row)s: %(problem)s Nothing was imported.") % {"row": number, "problem": problem}
        if len(errors) > 1:
            text += " " + _("%(count)s other error(s) in the sheet.") % {"count": len(errors) - 1}
        super().__init__(text)
        self.errors = errors


class Checker:
    """Checks a sheet's rows a chunk at a time: each chunk's cells read, the records already stored under its
    rows' keys loaded (one query per chunk, not the whole registry), then each row built and validated."""

    def __init__(self, user, slug: str, sheet: Sheet, locale: str | None):
        self.kind = kind = sheet_kinds()[slug]
        require_can_write(user, user.organization_id)
        self.columns = kind.columns + (kind.extra_columns() if kind.extra_columns else [])
        self.index = _column_positions(self.columns, sheet)
        missing = [c.header for c in self.columns if c.required and c.name not in self.index]
        if missing:
            raise SheetError(
                _(
                    "Missing column(s) %(columns)s, which the %(kind)s sheet needs: download its template and fill that in."
                )
                % {"columns": ", ".join(missing), "kind": str(kind.label).lower()}
            )
        self.sheet = sheet
        self.context = Context(user.organization)
        self.builder = BUILDERS[slug]
        self.readers = _readers(self.columns, self.index, sheet, locale)
        self.cells = [(c.name, c.header, self.index.get(c.name), self.readers[c.name]) for c in self.columns]
        # A column the sheet lacks reads the same empty cell on every row: read once (a sheet of activities
        # names one or two of the dozen figure columns).
        self.absent: dict | None = {}
        for name, _header, position, read in self.cells:
            if position is None:
                try:
                    self.absent[name] = read(None)
                except CellError:
                    self.absent = None  # an error on every row: each row reads it, to name it
                    break
        if self.absent is not None:
            self.cells = [cell for cell in self.cells if cell[2] is not None]
        self.cells = [(name, header, position, _remembered(read)) for name, header, position, read in self.cells]
        self.kept = _absent_fields(self.columns, self.index, self.kind.model)
        self.compared = [self.kind.model._meta.get_field(n).attname for n in self.kind.update_fields]
        self.compared = [name for name in self.compared if name != "search_text"]
        self.seen: dict = {}  # key → the first row with it

    def chunks(self):
        """The checked rows, a chunk at a time. The records stored under the next chunk's keys are looked up
        before this one is handed over: while a confirmed import writes a chunk (ChunkWriter), the next is
        built and the one after read, with no query of theirs waiting for the write. The lookup finds the same
        either way, since a chunk's write touches no other chunk's keys."""
        read = self._read_chunks()
        chunk = next(read, None)
        stored = self.stored(chunk) if chunk else {}
        while chunk:
            built = self.build(chunk, stored)
            chunk = next(read, None)
            stored = self.stored(chunk) if chunk else {}
            yield built

    def _read_chunks(self):
        chunk = []
        for number, values in self.sheet.rows:
            chunk.append(self.read(number, values))
            if len(chunk) == BATCH:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def read(self, number: int, values: list) -> tuple["Row", dict]:
        """A row's cells, each by its column's reader; a cell that does not read is an error on the row."""
        row, parsed, width = Row(number, values), dict(self.absent or {}), len(values)
        for name, header, position, read in self.cells:
            try:
                parsed[name] = read(values[position] if position is not None and position < width else None)
            except CellError as error:
                row.errors.append((header, str(error)))
        key = parsed.get(self.kind.key)
        if key and key in self.seen:
            row.errors.append((_key_header(self.kind), _("The same key as row %(row)s.") % {"row": self.seen[key]}))
        self.seen.setdefault(key, number)
        return row, parsed

    def stored(self, chunk: list[tuple["Row", dict]]) -> dict:
        """The records already stored under a chunk's keys."""
        keys = [parsed.get(self.kind.key) for row, parsed in chunk if not row.errors]
        return _existing(self.kind, self.context.owner, [k for k in keys if k])

    def build(self, chunk: list[tuple["Row", dict]], existing: dict) -> list["Row"]:
        for row, parsed in chunk:
            if not row.errors:
                self.build_row(row, parsed, existing.get(parsed.get(self.kind.key)))
        return [row for row, _parsed in chunk]

    def build_row(self, row: "Row", parsed: dict, current) -> None:
        kind, context = self.kind, self.context
        row.update = current is not None
        before = _snapshot(current, self.compared) if current else None
        children_before = _children_of(current) if current else None
        try:
            absent = [(name, getattr(current, name)) for name in self.kept] if current else []
            row.instance, row.children = self.builder(parsed, context, current)
            for attname, value in absent:
                setattr(row.instance, attname, value)
            _prepare(row.instance)
            if current:
                row.changed = _snapshot(row.instance, self.compared) != before
                row.children_changed = _children_key(row.children) != children_before
            else:
                row.duplicates = context.duplicates(row.instance, row.children)
        except CellError as error:
            row.errors.append(("", str(error)))
        except ValidationError as error:
            row.errors += _headers_for(kind, error)


def _remembered(read, limit: int = 5000):
    """A column's reader that reads each distinct cell value once: a column of 100,000 rows holds a few kinds,
    countries, dates and partners. Readers are pure (their result, or their error, depends on the value and on
    the sheet alone) and their results immutable; the error is raised afresh each time. Values are told apart
    by type too (1, 1.0 and True are equal keys); after `limit` distinct ones the rest are read each time."""
    seen: dict = {}

    def remembered(value):
        try:
            key = (type(value), value)
            found = seen.get(key)
        except TypeError:  # an unhashable value
            return read(value)
        if found is None:
            try:
                found = (read(value), None)
            except CellError as error:
                found = (None, error)
            if len(seen) < limit:
                seen[key] = found
        result, error = found
        if error is not None:
            raise copy.copy(error)  # a new exception, without the first one's traceback
        return result

    return remembered


def _column_positions(columns, sheet: Sheet) -> dict:
    """Where each column is in the sheet (column name → position), found by its header or another it may
    have (folded, so "Tên" and "tên" are one)."""
    positions = {header_key(header): position for position, header in enumerate(sheet.headers)}
    found = {}
    for column in columns:
        for header in (column.header, *column.also):
            if header_key(header) in positions:
                found[column.name] = positions[header_key(header)]
                break
    return found


def _absent_fields(columns, index: dict, model) -> list[str]:
    """The fields whose column the sheet does not have, whose recorded values a row keeps (read before the
    row is applied): a list exported without a column (an episode's outcome, free clinical text that no export
    carries) does not erase it when imported back."""
    kept = []
    for column in columns:
        if column.name in index:
            continue
        try:
            field = model._meta.get_field(column.name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.many_to_many:
            kept.append(field.attname)
    return kept


def _readers(columns, index: dict, sheet: Sheet, locale: str | None) -> dict:
    """Each column's reader; a number column is read in the sheet's locale or, if none is given, in the one its
    own values show when they all agree ("13,5" and "1.500" together: Vietnamese). Most numbers say how they
    are grouped by themselves (7000, "13,5", "1.500.000", a number cell), and the locale changes how a number
    reads only when it does not ("1.500"): so the pass over the whole sheet that finds each column's locale is
    made only when such a number is first met, not on every import."""
    aware = [c for c in columns if c.read in cells.LOCALE_AWARE and c.name in index]
    readers = {column.name: column.read for column in columns}
    if locale:
        for column in aware:
            readers[column.name] = partial(column.read, locale=locale)
        return readers
    locales = _ColumnLocales(sheet, [index[c.name] for c in aware])
    for column in aware:
        readers[column.name] = partial(_read_number, column.read, locales, index[column.name])
    return readers


def _read_number(read, locales: "_ColumnLocales", position: int, value):
    """A number cell read by itself, or, when only a locale could tell ("1.500"), in its column's: the same
    value as if the column's locale were found first, since a locale changes nothing else (_separators)."""
    try:
        return read(value)
    except AmbiguousNumber:
        column = locales[position]
        if column is None:
            raise
        return read(value, locale=column)


class _ColumnLocales:
    """The locale each number column's written values show (None: no clue, or clues that disagree), found in
    one pass over the sheet when first asked."""

    def __init__(self, sheet: Sheet, positions: list[int]):
        self.sheet, self.positions, self.found = sheet, positions, None

    def __getitem__(self, position: int) -> str | None:
        if self.found is None:
            self.found = _column_locales(self.sheet, self.positions)
        return self.found[position]


def _column_locales(sheet: Sheet, positions: list[int]) -> dict[int, str | None]:
    """The locale each of these columns' written numbers show, in one pass over the sheet (None: no clue, or
    clues that disagree)."""
    clues: dict[int, set] = {position: set() for position in positions}
    for _number, values in sheet.rows:
        for position in positions:
            if position < len(values) and isinstance(values[position], str):
                clues[position].add(number_locale(values[position]))
    found = {position: seen - {None} for position, seen in clues.items()}
    return {position: seen.pop() if len(seen) == 1 else None for position, seen in found.items()}


def _key_header(kind: SheetKind) -> str:
    return next(c.header for c in kind.columns if c.name == kind.key)


FIELD_COLUMNS = {"start_on": "start", "end_on": "end"}


def _headers_for(kind: SheetKind, error: ValidationError) -> list[tuple[str, str]]:
    headers = {c.name: c.header for c in kind.columns}
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [
        (headers.get(FIELD_COLUMNS.get(name, name), ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _snapshot(instance, attnames: list[str]) -> tuple:
    """The fields a sheet sets (the kind's update_fields), to tell a changed row; the search text is derived
    (and carries the partners' names, which the import does not rebuild), so it does not count."""
    return tuple(getattr(instance, name) for name in attnames)


def _children_key(children: dict) -> tuple:
    """What a row's nested records amount to, so an unchanged row is not rewritten."""
    return (
        tuple(sorted({o.pk for o in children.get("partners", []) + children.get("parties", [])})),
        tuple(sorted((f.metric_id, f.value.normalize(), f.currency) for f in children.get("figures", []))),
        tuple((m.name, m.position, m.department) for m in children.get("members", [])),
    )


def _children_of(instance) -> tuple:
    """The same of the rows stored under a record (loaded with it by _existing)."""
    stored = getattr(instance, "_sheet_rows", {})
    return (
        tuple(sorted({p.organization_id for p in stored.get("partners", []) + stored.get("parties", [])})),
        tuple(sorted((f.metric_id, f.value.normalize(), f.currency) for f in stored.get("figures", []))),
        tuple((m.name, m.position, m.department) for m in stored.get("members", [])),
    )


def _existing(kind: SheetKind, owner, keys: list[str]) -> dict:
    """The records already stored under these keys (one chunk's), with their nested rows."""
    if kind.slug == "organizations":
        return {o.name: o for o in Organization.objects.filter(owner=owner, name__in=keys)}
    if kind.slug == "agreements":
        agreements = {a.pk: a for a in Agreement.objects.filter(owner=owner, reference__in=keys).exclude(reference="")}
        _attach(agreements, "parties", AgreementParty, "agreement", ["organization"])
        return {a.reference: a for a in agreements.values()}
    if kind.slug == "funding":
        return {f.reference: f for f in Funding.objects.filter(owner=owner, reference__in=keys).exclude(reference="")}
    if kind.slug == "activities":
        ids = [int(k[1:]) for k in keys if k.startswith("#") and k[1:].isdigit()]
        named = Q(source_reference__in=[f"{SOURCE_PREFIX}{k}" for k in keys]) | Q(pk__in=ids)
        activities = {a.pk: a for a in Activity.objects.filter(named, owner=owner).order_by()}
        _attach(activities, "partners", ActivityPartner, "activity", ["organization"])
        _attach(activities, "figures", Figure, "activity", ["metric", "value", "currency", "unit"])
        return {a.sheet_key: a for a in activities.values()}
    if kind.slug == "delegations":
        from medcoop.delegations.models import Member

        delegations = {
            d.pk: d for d in kind.model.objects.filter(owner=owner, reference__in=keys).exclude(reference="")
        }
        _attach(delegations, "members", Member, "delegation", ["name", "position", "department"])
        return {d.reference: d for d in delegations.values()}
    if kind.slug == "trainees":
        trainees = Trainee.objects.filter(cohort__activity__owner=owner, reference__in=keys).exclude(reference="")
        return {t.reference: t for t in trainees}
    return {e.code: e for e in kind.model.objects.filter(owner=owner, code__in=keys)}


def _attach(records: dict, name: str, model, parent: str, fields: list[str]) -> None:
    """Keep the stored nested rows beside each record (`_sheet_rows[name]`), read in one query of their
    columns, to tell what a re-import changes and to update them in place by id."""
    parent_id = f"{parent}_id"
    attnames = [model._meta.get_field(f).attname for f in fields]
    for pk, owner_id, *values in (
        model.objects.filter(**{f"{parent}__in": list(records)}).order_by("pk").values_list("pk", parent_id, *attnames)
    ):
        stored = records[owner_id].__dict__.setdefault("_sheet_rows", {})
        stored.setdefault(name, []).append(_Stored(pk, **dict(zip(attnames, values, strict=True))))


class _Stored(SimpleNamespace):
    """A stored nested row's columns, light to keep for 100,000 records; a model instance only when written."""

    def __init__(self, pk, **columns):
        super().__init__(pk=pk, **columns)

    def instance(self, model, **parent):
        return new_instance(model, **parent, **vars(self))


class FieldChecks:
    """Field and cross-field checks without a query per foreign key (they are set from loaded objects), each
    field's distinct values checked once per import: a column of 100,000 rows holds a few kinds, statuses,
    dates and units, and a value's field check (Field.clean: its choices, length, validators) depends on the
    value alone. A column with many distinct values (titles) stops being remembered after MEMO of them, and is
    checked row by row as Model.clean_fields does. Models that read a value before checking it (currency
    codes) are read first; any other model with its own clean_fields keeps it."""

    MEMO = 5000
    KEYED = (str, int, Decimal, date, type(None))  # values (and choices' members) whose type and str() tell them apart

    def __init__(self):
        self.plans: dict = {}  # (model, excluded names) → (field, attname, blank, remembered values) per field

    def _plan(self, model, foreign_keys: list[str]) -> list:
        key = (model, tuple(foreign_keys))
        if key not in self.plans:
            self.plans[key] = [
                (f, f.attname, f.blank, None if f.is_relation else {})
                for f in model._meta.fields
                if f.name not in foreign_keys and not f.generated
            ]
        return self.plans[key]

    def __call__(self, instance, foreign_keys: list[str]) -> None:
        model = type(instance)
        method = model.clean_fields
        if method is CurrencyCodes.clean_fields:
            instance.read_currencies()
        elif method is not Model.clean_fields:
            instance.clean_fields(exclude=foreign_keys)
            instance.clean()
            return
        errors = {}
        values = instance.__dict__
        for checked, attname, blank, seen in self._plan(model, foreign_keys):
            raw = values[attname] if attname in values else getattr(instance, attname)
            kind = type(raw)
            if blank and (raw is None or raw == "" or (kind is not str and raw in checked.empty_values)):
                continue
            # A Decimal by its digits (1.0 and 1.00 are equal but not the same to a DecimalField's check).
            memo = raw if kind is str else (kind, str(raw)) if isinstance(raw, self.KEYED) else None
            found = seen.get(memo) if seen is not None and memo is not None else None
            if found is None:
                if isinstance(raw, DatabaseDefault):
                    continue
                try:
                    found = (checked.clean(raw, instance), None)
                except ValidationError as error:
                    found = (raw, error.error_list)
                if seen is not None and memo is not None and len(seen) < self.MEMO:
                    seen[memo] = found
            cleaned, problems = found
            if problems:
                errors[checked.name] = problems
            elif cleaned is not raw:
                setattr(instance, attname, cleaned)
        if errors:
            raise ValidationError(errors)
        instance.clean()


# --- one builder per kind: parsed cells (+ the record already imported under that key) → record, children ----
def build_organization(parsed, context, current):
    organization = current or Organization(owner=context.owner, is_member=False)
    for name in ("name", "name_en", "country", "city", "website", *ORGANIZATION_IDENTIFIERS):
        setattr(organization, name, parsed[name])
    organization.kind = parsed["kind"] or organization.kind or "other"
    organization.aliases = [a.strip() for a in parsed["aliases"].split(";") if a.strip()]
    context.validate(organization, ["owner", "parent"])
    for name in ORGANIZATION_IDENTIFIERS:
        value = getattr(organization, name)
        holder = context.identifier_holder(name, value, organization.name) if value else None
        if holder:
            label = organization._meta.get_field(name).verbose_name
            raise CellError(
                _("“%(holder)s” already has the %(identifier)s %(value)s.")
                % {"holder": holder, "identifier": label, "value": value}
            )
    return organization, {}


def build_agreement(parsed, context, current):
    agreement = current or Agreement(owner=context.owner)
    agreement.reference, agreement.title = parsed["reference"], parsed["title"]
    agreement.kind = parsed["kind"] or agreement.kind
    agreement.signed_on, agreement.expires_on = parsed["signed_on"], parsed["expires_on"]
    agreement.duration_months = int(parsed["duration_months"]) if parsed["duration_months"] else None
    parties = [context.owner] + [context.organization(n.strip()) for n in parsed["parties"].split(";") if n.strip()]
    if len(set(parties)) < 2:
        raise CellError(_("An agreement needs at least two parties."))
    context.validate(agreement, ["owner", "renews"])
    return agreement, {"parties": list(dict.fromkeys(parties))}


def build_activity(parsed, context, current):
    activity = current or new_instance(Activity)
    activity.owner = context.owner
    if not (current and parsed["key"].startswith("#")):
        # A row keyed by an activity's "#<id>" (an exported list) keeps where the activity came from.
        activity.source_reference, activity.provenance = f"{SOURCE_PREFIX}{parsed['key']}", "spreadsheet"
    activity.title, activity.kind_id = parsed["title"], parsed["kind"]
    for name in ("start", "end"):
        partial = parsed[name]
        setattr(activity, f"{name}_on", partial.value if partial else None)
        setattr(activity, f"{name}_precision", partial.precision if partial else Precision.DAY)
    activity.status = parsed["status"] or activity.status
    activity.direction = parsed["direction"] or activity.direction
    activity.place, activity.country = parsed["place"], parsed["country"]
    if parsed["agreement"]:
        activity.agreement = context.agreements.get(parsed["agreement"])
        if activity.agreement is None:
            raise CellError(_("No agreement numbered “%(reference)s”.") % {"reference": parsed["agreement"]})
    elif activity.agreement_id is not None:
        activity.agreement = None
    context.validate(activity, ["owner", "kind", "agreement"])
    partners = [context.organization(n.strip()) for n in parsed["partners"].split(";") if n.strip()]
    figures = []
    for name, code in context.figure_columns(parsed):
        value = parsed[name]
        if value is not None:
            metric = context.metrics[code]
            currency = _currency(value, parsed["currency"])
            figure = new_instance(Figure, metric=metric, value=value, unit=metric.unit, currency=currency)
            if isinstance(value, Money):
                figure.value = value.amount
            context.validate(figure, ["activity", "metric"])
            figures.append(figure)
    return activity, {"partners": list(dict.fromkeys(partners)), "figures": figures}


def build_funding(parsed, context, current):
    """A funding's commitment; its transactions and equipment are entered on its page or through the API."""
    funding = current or Funding(owner=context.owner)
    funding.reference, funding.title, funding.purpose = parsed["reference"], parsed["title"], parsed["purpose"]
    funding.donor = context.organization(parsed["donor"])
    funding.instrument = parsed["instrument"] or funding.instrument
    funding.flow_type = parsed["flow_type"] or funding.flow_type
    funding.currency = _currency(parsed["amount"], parsed["currency"])
    if not funding.currency:
        raise CellError(_("An amount of money needs a currency (EUR, USD, VND…)."))
    amount = parsed["amount"].amount
    if current and amount != current.amount and current.transactions.filter(kind__in=COMMITTING).exists():
        raise CellError(_("Its commitment has recorded transactions: change the amount on the funding's page."))
    funding.amount, funding.committed_on = amount, parsed["committed_on"]
    funding.agreement = funding.activity = None
    if parsed["agreement"]:
        funding.agreement = context.agreements.get(parsed["agreement"])
        if funding.agreement is None:
            raise CellError(_("No agreement numbered “%(reference)s”.") % {"reference": parsed["agreement"]})
    if parsed["activity"]:
        funding.activity = context.activities.get(parsed["activity"])
        if funding.activity is None:
            raise CellError(_("No imported activity with the key “%(key)s”.") % {"key": parsed["activity"]})
    context.validate(funding, ["owner", "donor", "agreement", "activity"])
    return funding, {}


def _currency(value, column: str) -> str:
    """An amount's currency: written beside it ("300.000 VNĐ") or in the currency column; never two."""
    if not isinstance(value, Money):
        return ""
    if value.currency and column and value.currency != column:
        raise CellError(
            _("The amount is in %(written)s but the currency column says %(column)s.")
            % {"written": value.currency, "column": column}
        )
    return value.currency or column


def build_episode(parsed, context, current):
    """An episode of the institution by its pseudonymous code. A new one needs the patient's consent to sharing;
    a recorded one's row carries its consent as the sheet says (an exported list of episodes imports back)."""
    from medcoop.patients.models import PatientEpisode

    consents = parsed["consent_to_share"] == "yes"
    if current is None and not consents:
        raise CellError(_("The patient has not consented to sharing: this row cannot be imported."))
    episode = current or PatientEpisode(owner=context.owner, code=parsed["code"])
    for name in (
        "nationality",
        "home_region",
        "receiving_department",
        "diagnosis",
        "admitted_on",
        "discharged_on",
        "outcome",
    ):
        setattr(episode, name, parsed[name])
    episode.specialty_id = parsed["specialty"] or None
    episode.payer = parsed["payer"] or episode.payer
    episode.status = parsed["status"] or episode.status
    episode.consent_to_share = consents
    context.validate(episode, ["owner", "specialty", "referring_institution", "agreement"])
    return episode, {}


def build_trainee(parsed, context, current):
    """A trainee in one of the institution's cohorts: its staff, or from elsewhere with nationality and home
    institution. A certificate already issued keeps its code; a trainee certified cannot be un-completed."""
    trainee = current or Trainee(reference=parsed["reference"])
    trainee.cohort = context.cohort(parsed["course"], parsed["cohort"])
    trainee.name, trainee.country = parsed["name"], parsed["country"]
    trainee.institution_name, trainee.result = parsed["institution_name"], parsed["result"]
    trainee.is_staff = parsed["is_staff"] == "yes"
    completed = parsed["completed"] == "yes"
    if trainee.verification_code and not completed:
        raise CellError(_("A certificate was issued to this trainee: the course stays completed."))
    trainee.completed = completed
    context.validate(trainee, ["cohort", "institution"])
    return trainee, {}


def _members(written: str, context) -> list:
    """Members as an office writes them: "Nguyễn Văn A (Bác sĩ, Khoa Xạ trị); Trần Thị B (Điều dưỡng)"; the
    first named heads the delegation."""
    from medcoop.delegations.models import Member

    members = []
    for part in [p.strip() for p in written.split(";") if p.strip()]:
        name, _sep, rest = part.partition("(")
        position, _comma, department = rest.rstrip(")").partition(",")
        member = Member(name=name.strip(), position=position.strip(), department=department.strip())
        member.is_head = not members
        if not member.name:
            raise CellError(_("A member without a name: write “Name (position, department)”, one per “;”."))
        context.validate(member, ["delegation"])
        members.append(member)
    return members


def build_delegation(parsed, context, current):
    """A delegation's request as a draft with its members; one already submitted is changed on its page."""
    from medcoop.delegations.models import Delegation, Status
    from medcoop.delegations.services import refresh_deadlines

    if current is not None and current.status != Status.DRAFT:
        raise CellError(
            _("“%(reference)s” was already submitted: change it on its page, not by a sheet.")
            % {"reference": parsed["reference"]}
        )
    delegation = current or Delegation(owner=context.owner, reference=parsed["reference"])
    for name in ("title", "kind", "country", "place", "start_on", "end_on"):
        setattr(delegation, name, parsed[name])
    delegation.purpose = parsed["purpose"] or delegation.purpose
    delegation.funding = parsed["funding"] or delegation.funding
    delegation.estimated_cost = parsed["estimated_cost"]
    delegation.partner = context.organization(parsed["partner"]) if parsed["partner"] else None
    refresh_deadlines(delegation)
    context.validate(delegation, ["owner", "partner", "agreement", "activity", "plan_item", "drafted_agreement"])
    return delegation, {"members": _members(parsed["members"], context)}


BUILDERS = {
    "organizations": build_organization,
    "agreements": build_agreement,
    "activities": build_activity,
    "funding": build_funding,
    "episodes": build_episode,
    "trainees": build_trainee,
    "delegations": build_delegation,
}


# --- writing ----------------------------------------------------------------------------------------------
def _prepare(instance) -> None:
    normalize_text_fields(instance)
    if isinstance(instance, SearchableModel):
        instance.search_text = instance.search_document(loaded_only=True)


@transaction.atomic
def apply_plan(user, plan: Plan, *, progress=None) -> tuple[int, int]:
    """Write a plan with no errors and every row kept, all or nothing; (created, updated). A sheet too large
    to hold is written by import_sheet instead, as it is checked."""
    if plan.errors:
        raise SheetError(_("The sheet has errors; nothing was imported."))
    if len(plan.rows) != plan.checked:
        raise ValueError("apply_plan needs every row of the plan; import_sheet streams a large sheet")
    require_can_write(user, plan.owner.pk)
    for start in range(0, len(plan.rows), BATCH):
        _write(plan.kind, plan.rows[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(plan.rows)), len(plan.rows))
    _finish(user, plan)
    return plan.creates, plan.updates


def _write(kind: SheetKind, rows: list[Row], using: str = DEFAULT_DB_ALIAS) -> None:
    """One chunk of checked rows written: new records created (and indexed for the search in one statement on
    SQLite), changed ones updated, their nested rows made what the sheet says."""
    rows = [row for row in rows if not row.update or row.changed or row.children_changed]
    created = [r.instance for r in rows if not r.update]
    if created:
        with indexed_after_inserts(kind.model, using):
            insert_rows(kind.model, created, using)
    update_rows(kind.model, [r.instance for r in rows if r.update and r.changed], kind.update_fields)
    _write_children(kind.slug, rows)


def _finish(user, plan: Plan) -> None:
    """After the writes: the registry marked changed (bulk writes send no signals), one audit entry."""
    registry_changed(owner=plan.owner.pk)
    record(
        AuditEvent.Action.CREATE,
        user=user,
        label=_("Imported %(created)s new and %(updated)s updated %(kind)s")
        % {"created": plan.creates, "updated": plan.updates, "kind": str(plan.kind.label).lower()},
    )


# A record's rows from a sheet: which model, the parent's field, the fields a sheet gives (the rest, such as a
# partner's role or a figure's period, is kept), and what a stored row is matched by (a sheet carries no ids).
CHILDREN = {
    "activities": {
        "partners": (ActivityPartner, "activity", ["organization"], ("organization",)),
        "figures": (Figure, "activity", ["metric", "value", "currency", "unit"], ("metric",)),
    },
    "agreements": {"parties": (AgreementParty, "agreement", ["organization"], ("organization",))},
}


def _write_children(slug: str, rows: list[Row]) -> None:
    """Each changed record's rows made exactly what its sheet row says, through core.services'
    replace_rows_in_bulk: stored rows updated in place by id, new ones created, those no longer named deleted."""
    rows = [r for r in rows if r.children_changed]
    for name, (model, parent, fields, key) in CHILDREN.get(slug, {}).items():
        groups, created = [], []
        for row in rows:
            if not row.update:  # a new record's rows are all new: written as built, nothing to match
                created += [_new_child(model, child, parent, row.instance) for child in row.children[name]]
                continue
            stored = row.instance.__dict__.get("_sheet_rows", {}).get(name, [])
            stored = [s.instance(model, **{parent: row.instance}) for s in stored]
            wanted = [_child_fields(child, fields) for child in row.children[name]]
            groups.append((stored, wanted, partial(new_instance, model, **{parent: row.instance})))
        insert_rows(model, created)
        replace_rows_in_bulk(model, groups, fields, key)
    if slug == "delegations":
        _write_members(rows)


def _new_child(model, child, parent: str, record):
    """A new record's nested row: the figure its row built and checked, or a partner (party) for the
    organization it names."""
    if isinstance(child, Organization):
        return new_instance(model, **{f"{parent}_id": record.pk, "organization_id": child.pk})
    setattr(child, f"{parent}_id", record.pk)
    return child


def _child_fields(child, fields: list[str]) -> dict:
    """A child as the fields a sheet gives: an organization (partner or party) or a figure built by its row."""
    if isinstance(child, Organization):
        return {"organization": child}
    return {name: getattr(child, name) for name in fields}


def _write_members(rows: list[Row]) -> None:
    """A re-imported draft's members: one already recorded under the same name is kept and updated (with any
    passport number or permission to practise typed on its page), the others added, those left out removed."""
    from medcoop.delegations.models import Member

    stored = {}
    for member in Member.objects.filter(delegation__in=[r.instance.pk for r in rows if r.update]):
        stored.setdefault((member.delegation_id, member.name), member)
    kept, created = [], []
    for row in rows:
        for member in row.children["members"]:
            known = stored.pop((row.instance.pk, member.name), None) if row.update else None
            if known:
                known.position, known.department, known.is_head = member.position, member.department, member.is_head
                kept.append(known)
            else:
                member.delegation = row.instance
                created.append(member)
    delete_rows(Member, [m.pk for m in stored.values()])
    update_rows(Member, kept, ["position", "department", "is_head"])
    insert_rows(Member, created)


def run_import_job(job, progress) -> dict:
    """A confirmed import, run in the background: the sheet is read, checked again and written as one stream."""
    from medcoop.jobs.services import Refused

    with job.source.open("rb") as stored:
        data = stored.read()
    try:
        sheet = read_sheet(data, job.params["name"])
        plan = import_sheet(job.user, job.params["kind"], sheet, job.params.get("locale") or None, progress=progress)
    except SheetError as error:
        raise Refused(str(error)) from error
    return {"created": plan.creates, "updated": plan.updates}
