"""Inserting, updating and deleting many rows in one statement per batch. Django's bulk_update writes a CASE per
field and per row, which takes minutes in Python for 100,000 rows; a CTE of VALUES joined by primary key does the
same in seconds, on PostgreSQL and on SQLite (3.33 and later). Its bulk_create compiles every value of every row
through the SQL compiler and, on SQLite, sends a statement per 28 rows: insert_rows converts each column's value
once per distinct value and hands the rows to the driver in multi-row INSERTs (SQLite) or COPY (PostgreSQL),
about ten times faster for a sheet import's 100,000 activities with their partners and figures."""

import gc
import threading
from contextlib import contextmanager
from operator import attrgetter

from django.db import connections, models, transaction
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

MAX_PARAMETERS = 30000

SQLITE_ROWS = 500  # rows per INSERT on SQLite (insert_rows)
YOUNG_COLLECTION = 50_000  # objects allocated between two collections of the youngest generation, in bulk work
_collections = threading.Lock()
_bulk_depth = 0
_thresholds = gc.get_threshold()
_froze = False


@contextmanager
def fewer_collections():
    """Python's cycle collector made to scan less during bulk work (a sheet of 100,000 rows): the objects alive
    when it starts (Django, the app, the loaded registries) are frozen out of its scans, and the youngest
    generation is collected every 50,000 allocations instead of 700. A chunk's model instances live until the
    chunk is written, so they survive the young collections and fill the oldest generation, whose full scans
    went over the whole heap again and again: about a quarter of a sheet check's CPU. Garbage made inside is
    still collected; the settings are put back when the last such block in the process ends (a process that
    froze its objects itself keeps them frozen)."""
    global _bulk_depth, _thresholds, _froze
    with _collections:
        _bulk_depth += 1
        if _bulk_depth == 1:
            _thresholds = gc.get_threshold()
            _froze = not gc.get_freeze_count()  # not when the process froze its objects itself (a preloading server)
            if _froze:
                gc.freeze()
            gc.set_threshold(max(_thresholds[0], YOUNG_COLLECTION), *_thresholds[1:])
    try:
        yield
    finally:
        with _collections:
            _bulk_depth -= 1
            if _bulk_depth == 0:
                gc.set_threshold(*_thresholds)
                if _froze:
                    gc.unfreeze()


_BLANKS: dict = {}


def new_instance(model, **values):
    """A new, unsaved `model(**values)`, made faster: Model.__init__ asks every field for its default on each
    call (about a fifth of a sheet check's CPU for 100,000 activities and their figures), so one instance made
    with no arguments is copied, each callable default (a list, a date) called afresh so no two records share
    a mutable value, then `values` set through the model's attributes as __init__ does (a column's own value,
    `title` or `activity_id`, straight into the instance's __dict__ while no related object is cached: what
    its descriptor's __set__ does then). A model with init signals, or whose __init__ is its own, is made by
    __init__."""
    blank = _BLANKS.get(model)
    if blank is None:
        if (
            pre_init.has_listeners(model)
            or post_init.has_listeners(model)
            or model.__init__ is not models.Model.__init__
        ):
            return model(**values)
        state = dict(model().__dict__)
        del state["_state"]
        fresh = [
            (f.attname, f.get_default) for f in model._meta.concrete_fields if f.has_default() and callable(f.default)
        ]
        direct = frozenset(
            f.attname
            for f in model._meta.concrete_fields
            if type(model.__dict__.get(f.attname)) in (DeferredAttribute, ForeignKeyDeferredAttribute)
        )
        blank = _BLANKS[model] = (state, fresh, direct)
    state, fresh, direct = blank
    instance = model.__new__(model)
    instance.__dict__.update(state)
    instance._state = ModelState()
    for attname, default in fresh:
        instance.__dict__[attname] = default()
    cache = instance._state.fields_cache
    for name, value in values.items():
        if name in direct and not cache:
            instance.__dict__[name] = value
        else:
            setattr(instance, name, value)
    return instance


def update_rows(model, instances: list, fields: list[str], using: str = "default") -> None:
    if not instances:
        return
    connection = connections[using]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    auto_now = [f for f in meta.concrete_fields if getattr(f, "auto_now", False)]
    now = timezone.now()
    for field in auto_now:
        for instance in instances:
            setattr(instance, field.attname, now)
        if field not in columns:
            columns.append(field)
    key = meta.pk
    all_columns = [key, *columns]
    batch = max(1, MAX_PARAMETERS // len(all_columns))
    quote = connection.ops.quote_name
    names = ", ".join(quote(c.column) for c in all_columns)
    assignments = ", ".join(f"{quote(c.column)} = v.{quote(c.column)}" for c in columns)

    def placeholder(field) -> str:
        if connection.vendor == "postgresql":
            return f"CAST(%s AS {field.cast_db_type(connection)})"
        return "%s"

    row_sql = "(" + ", ".join(placeholder(c) for c in all_columns) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(instances), batch):
            chunk = instances[start : start + batch]
            params = [
                c.get_db_prep_save(getattr(instance, c.attname), connection) for instance in chunk for c in all_columns
            ]
            cursor.execute(
                f"WITH v({names}) AS (VALUES {', '.join([row_sql] * len(chunk))}) "
                f"UPDATE {quote(meta.db_table)} SET {assignments} FROM v "
                f"WHERE {quote(meta.db_table)}.{quote(key.column)} = v.{quote(key.column)}",
                params,
            )


def delete_rows(model, pks: list, using: str = "default") -> None:
    """Delete rows by primary key in batches, without fetching each one to send signals (a bulk import audits
    itself as a whole). Only for rows nothing else references."""
    if not pks:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    with connection.cursor() as cursor:
        for start in range(0, len(pks), MAX_PARAMETERS):
            chunk = pks[start : start + MAX_PARAMETERS]
            cursor.execute(
                f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


# Columns whose values the drivers take as they are when they are plain Python values (str, int, bool, None):
# Django's preparation of them is a type check and a copy.
PLAIN_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "URLField",
    "EmailField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "AutoField",
    "BigAutoField",
}
PLAIN_VALUES = (str, int, bool, type(None))


def _converter(field, connection):
    """How one column's Python values become what the driver is given: as they are for plain values of plain
    columns, else Django's own get_db_prep_save, remembered for the last value (a sheet's rows share their
    owner, their time stamps, their unit...)."""
    target = field.target_field if field.is_relation else field
    plain = target.get_internal_type() in PLAIN_TYPES
    last: list = [object(), None]
    empty: dict = {}  # an empty list or dict (a JSON column's fresh default on each row) → its one conversion

    def convert(value):
        if plain and type(value) in PLAIN_VALUES:
            return value
        if type(value) in (list, dict) and not value:
            kind = type(value)
            if kind not in empty:
                empty[kind] = field.get_db_prep_save(value, connection)
            return empty[kind]
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]

    return convert


def _sqlite_parameters(connection) -> int:
    """How many parameters one SQLite statement may take (250,000 in Python's 3.40; 999 in old builds)."""
    import sqlite3

    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        return connection.features.max_query_params


def insert_rows(model, instances: list, using: str = "default") -> None:
    """Insert new records (without primary keys) and set each one's primary key, as bulk_create does, with no
    signal and no save(): the caller has validated them, normalised their text and writes the audit entry.
    auto_now and auto_now_add time stamps are set to one moment for all. The records' ids are consecutive on
    SQLite (one writer holds the transaction, AUTOINCREMENT gives the next ids in turn) and reserved from the
    sequence first on PostgreSQL."""
    if not instances:
        return
    connection = connections[using]
    meta = model._meta
    pk = meta.pk
    if (
        connection.vendor not in ("sqlite", "postgresql")
        or not isinstance(pk, models.AutoField)  # AutoField, BigAutoField, SmallAutoField
        or any(f.has_db_default() or f.generated for f in meta.concrete_fields)
        or any(instance.pk is not None for instance in instances)
    ):
        model._base_manager.using(using).bulk_create(instances, batch_size=2000)
        return
    now = timezone.now()
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for instance in instances:
                setattr(instance, field.attname, now)
    fields = [f for f in meta.concrete_fields if f is not pk]
    attnames = [f.attname for f in fields]
    converters = [_converter(f, connection) for f in fields]
    # Each row's values read at once (attrgetter), then converted column by column: a plain column's str, int,
    # bool or None as it is (what its converter would return), the others through their converters.
    read = attrgetter(*attnames) if len(attnames) > 1 else (lambda i: tuple(getattr(i, a) for a in attnames))
    plain = [
        i for i, f in enumerate(fields) if (f.target_field if f.is_relation else f).get_internal_type() in PLAIN_TYPES
    ]
    others = [(i, convert) for i, convert in enumerate(converters) if i not in plain]
    rows = []
    for instance in instances:
        row = list(read(instance))
        for i in plain:
            if type(row[i]) not in PLAIN_VALUES:
                row[i] = converters[i](row[i])
        for i, convert in others:
            row[i] = convert(row[i])
        rows.append(row)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(instances)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            names = ", ".join(quote(c) for c in [pk.column, *(f.column for f in fields)])
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for key, row in zip(ids, rows, strict=True):
                    copy.write_row([key, *row])
        else:
            names, one = ", ".join(quote(f.column) for f in fields), f"({', '.join(['%s'] * len(fields))})"
            # Many rows per statement: parsed once, run in one step of SQLite's, where an executemany binds and
            # steps row by row. 500 at most: a prepared statement of 2,000 rows of 27 columns holds megabytes,
            # kept in the driver's statement cache.
            per = max(1, min(_sqlite_parameters(connection) // len(fields), SQLITE_ROWS))
            for start in range(0, len(rows), per):
                part = rows[start : start + per]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}",
                    [value for row in part for value in row],
                )
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            ids = list(range(last - len(instances) + 1, last + 1))
    for key, instance in zip(ids, instances, strict=True):
        setattr(instance, pk.attname, key)
        instance._state.adding = False
        instance._state.db = using
