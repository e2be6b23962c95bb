"""The dashboard's counters: per institution, the number of activities of each kind and of each start year
and of agreements, the sum of each figure (metric and currency), and how many agreement parties and activity partners each
organization is (with institution 0 for every institution's together, since a partner of two hospitals is one
partner of the ministry's).

Database triggers keep them, so every way a record is written (forms, the API, the sheet import, merges, bulk
updates, raw SQL, COPY) moves them in the same transaction as the write: all-or-nothing holds, and a dashboard
reads a few rows per institution instead of counting a million activities. On PostgreSQL they run once per
statement over its transition tables, adding up a statement's rows before touching each counter once (a
trigger per row updated the same counters once per imported row); SQLite's run per row, where that costs
nothing measurable. Both are generated from one description of what a row counts. The triggers are created by the
migration and again after every `migrate` where missing (SQLite drops a table's triggers when a migration
rebuilds the table), and `rebuild_counters` counts everything afresh (after a restore, or a bulk load that paused
them)."""

from contextlib import contextmanager

from django.db import connection as default_connection
from django.db import transaction

TABLE = "dashboard_counter"
ALL = 0  # the institution of the counters that count every institution's records together


def _upsert(select: str) -> str:
    """Add the (institution_id, name, key, value) rows of `select` to the counters. The sum is rounded to the
    cent: SQLite keeps a decimal column as a binary float, where amounts added and taken away drift
    (0.1 + 0.2 - 0.1 is 0.20000000000000004), and a fresh count would no longer match."""
    return (
        f"INSERT INTO {TABLE} (institution_id, name, key, value) {select} "
        f"ON CONFLICT (name, institution_id, key) DO UPDATE SET value = ROUND({TABLE}.value + excluded.value, 2)"
    )


def _year(vendor: str, column: str) -> str:
    return f"to_char({column}, 'YYYY')" if vendor == "postgresql" else f"strftime('%Y', {column})"


def _contributions(vendor: str, row: str, sign: str) -> dict[str, list[str]]:
    """Per table, the SELECTs of the (institution_id, name, key, value) rows that one row (`row`: NEW, OLD or a
    transition table's alias) adds to the counters (sign "1") or takes away from them (sign "-1"), one SELECT per
    counter kind. A figure, partner or party counts for the institution owning its activity or agreement."""
    activity_owner = f"(SELECT owner_id FROM activities_activity WHERE id = {row}.activity_id)"
    agreement_owner = f"(SELECT owner_id FROM agreements_agreement WHERE id = {row}.agreement_id)"

    def partner(owner: str) -> list[str]:
        return [
            f"SELECT {owner}, 'partner', CAST({row}.organization_id AS TEXT), {sign} WHERE {owner} IS NOT NULL",
            f"SELECT {ALL}, 'partner', CAST({row}.organization_id AS TEXT), {sign}",
        ]

    return {
        "activities_activity": [
            f"SELECT {row}.owner_id, 'kind', {row}.kind_id, {sign}",
            f"SELECT {row}.owner_id, 'year', {_year(vendor, f'{row}.start_on')}, {sign} "
            f"WHERE {row}.start_on IS NOT NULL",
        ],
        "agreements_agreement": [f"SELECT {row}.owner_id, 'agreement', '', {sign}"],
        "activities_figure": [
            f"SELECT {activity_owner}, 'figure', {row}.metric_id || '|' || {row}.currency, {sign} * {row}.value "
            f"WHERE {activity_owner} IS NOT NULL"
        ],
        "activities_activitypartner": partner(activity_owner),
        "agreements_agreementparty": partner(agreement_owner),
    }


def _moves(row: str, sign: str) -> dict[str, list[str]]:
    """When an activity or agreement changes owner, what its figures, partners and parties count moves too: the
    SELECTs of what leaves the old owner (`row` the old row, sign "-1") or comes to the new one."""
    return {
        "activities_activity": [
            f"SELECT {row}.owner_id, 'figure', metric_id || '|' || currency, ROUND({sign} * SUM(value), 2) "
            f"FROM activities_figure WHERE activity_id = {row}.id GROUP BY metric_id, currency",
            f"SELECT {row}.owner_id, 'partner', CAST(organization_id AS TEXT), {sign} * COUNT(*) "
            f"FROM activities_activitypartner WHERE activity_id = {row}.id GROUP BY organization_id",
        ],
        "agreements_agreement": [
            f"SELECT {row}.owner_id, 'partner', CAST(organization_id AS TEXT), {sign} * COUNT(*) "
            f"FROM agreements_agreementparty WHERE agreement_id = {row}.id GROUP BY organization_id"
        ],
    }


def _grouped(parts: list[tuple[str, str, str]]) -> str:
    """One upsert adding up, per counter, what every row of a statement counts. `parts` are (rows, condition,
    select) triples: `rows` binds the alias `r` to a transition table's rows, `condition` (or "") leaves some
    out, and `select` is a declaration's SELECT for the row `r`. Grouped first, since an upsert may touch a
    counter only once per statement; a counter whose sum is nought is left untouched."""
    rows = " UNION ALL ".join(
        f"SELECT c.* FROM {rows} CROSS JOIN LATERAL ({select}) AS c" + (f" WHERE {condition}" if condition else "")
        for rows, condition, select in parts
    )
    return _upsert(
        f"SELECT institution_id, name, key, SUM(value) FROM ({rows}) AS counted(institution_id, name, key, value) "
        "GROUP BY institution_id, name, key HAVING SUM(value) <> 0"
    )


# The columns whose change moves a counter, per table.
COUNTED = {
    "activities_activity": ["owner_id", "kind_id", "start_on"],
    "activities_figure": ["activity_id", "metric_id", "currency", "value"],
    "activities_activitypartner": ["activity_id", "organization_id"],
    "agreements_agreementparty": ["agreement_id", "organization_id"],
    "agreements_agreement": ["owner_id"],
}


def _country_change(row: str, sign: str) -> str:
    """Count (or uncount) the partner `row.key`, one of every institution's, in its country's counter."""
    return _upsert(
        f"SELECT {ALL}, 'country', country, {sign} FROM organizations_organization "
        f"WHERE id = CAST({row}.key AS INTEGER) AND NOT is_member"
    )


def _partner_roles(row: str) -> str:
    """Whether the organization `row` is a partner somewhere (its counter of every institution's roles > 0)."""
    return (
        f"EXISTS (SELECT 1 FROM {TABLE} WHERE name = 'partner' AND institution_id = {ALL} "
        f"AND key = CAST({row}.id AS TEXT) AND value > 0)"
    )


# Triggers on a condition: the ministry's partners per country, counted when a partner's count of roles in
# every institution goes from none to some (or back), or when a partner changes country or becomes a member.
PARTNER_ROW = f"NEW.name = 'partner' AND NEW.institution_id = {ALL}"
CONDITIONAL = [
    ("country_insert", TABLE, "INSERT", f"{PARTNER_ROW} AND NEW.value > 0", [_country_change("NEW", "1")]),
    (
        "country_update",
        TABLE,
        "UPDATE",
        f"{PARTNER_ROW} AND (OLD.value > 0) <> (NEW.value > 0)",
        [_country_change("NEW", "CASE WHEN NEW.value > 0 THEN 1 ELSE -1 END")],
    ),
    (
        "country_move",
        "organizations_organization",
        "UPDATE",
        "OLD.country <> NEW.country OR OLD.is_member <> NEW.is_member",
        [
            _upsert(f"SELECT {ALL}, 'country', OLD.country, -1 WHERE NOT OLD.is_member AND {_partner_roles('OLD')}"),
            _upsert(f"SELECT {ALL}, 'country', NEW.country, 1 WHERE NOT NEW.is_member AND {_partner_roles('NEW')}"),
        ],
    ),
]


def _conditional_sql(vendor: str) -> list[str]:
    statements = []
    for name, table, event, condition, body in CONDITIONAL:
        trigger = f"{TABLE}_{name}"
        if vendor == "postgresql":
            statements += [
                f"CREATE OR REPLACE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {' '.join(s + ';' for s in body)} RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW WHEN ({condition}) "
                f"EXECUTE FUNCTION {trigger}()",
            ]
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {trigger}",
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} WHEN {condition} "
                f"BEGIN {' '.join(s + ';' for s in body)} END",
            ]
    return statements


# Every trigger name and function either way of keeping the counters on PostgreSQL has used, dropped before
# either is created, so one never runs beside the other.
_PG_TRIGGERS = ["write", "insert", "delete", "update"]


def _pg_functions() -> list[str]:
    functions = [*COUNTED, *(name for name, *_ in CONDITIONAL)]
    functions += [f"{table}_{event}" for table in COUNTED for event in ("insert", "delete", "update")]
    return [f"{TABLE}_{function}" for function in functions]


def _pg_function(name: str, body: list[str]) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {' '.join(s + ';' for s in body)} RETURN NULL; END $$"
    )


def _pg_statement_triggers(table: str, columns: list[str]) -> list[str]:
    """PostgreSQL: a table's counters moved once per statement, whatever number of rows it writes. Each of
    INSERT, DELETE and UPDATE has its trigger (a transition table belongs to a trigger of one event) running
    one grouped upsert per counter kind over the statement's rows: a sheet's 100,000 new rows add to a few
    counters once each, where a trigger per row updated the same counter 100,000 times in one transaction,
    each update walking the versions the earlier ones left."""
    new = _contributions("postgresql", "r", "1").get(table, [])
    old = _contributions("postgresql", "r", "-1").get(table, [])
    moved_out, moved_in = _moves("r", "-1").get(table, []), _moves("r", "1").get(table, [])

    def same(a: str, b: str) -> str:
        return " AND ".join(f"{a}.{c} IS NOT DISTINCT FROM {b}.{c}" for c in columns)

    # An updated row counts when a counted column changed (or its id did: no row of the other side matches it).
    changed_old = f"NOT EXISTS (SELECT 1 FROM new_rows AS n WHERE n.id = r.id AND {same('r', 'n')})"
    changed_new = f"NOT EXISTS (SELECT 1 FROM old_rows AS o WHERE o.id = r.id AND {same('o', 'r')})"
    owner_out = "old_rows AS r JOIN new_rows AS n ON n.id = r.id AND n.owner_id IS DISTINCT FROM r.owner_id"
    owner_in = "new_rows AS r JOIN old_rows AS o ON o.id = r.id AND o.owner_id IS DISTINCT FROM r.owner_id"
    events = {
        "insert": ("REFERENCING NEW TABLE AS new_rows", [_grouped([("new_rows AS r", "", s)]) for s in new]),
        "delete": ("REFERENCING OLD TABLE AS old_rows", [_grouped([("old_rows AS r", "", s)]) for s in old]),
        "update": (
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            # Most updates change no counted column (a title, the search text): done at once, as the row
            # triggers' WHEN was.
            [f"IF NOT EXISTS (SELECT 1 FROM old_rows AS r WHERE {changed_old}) THEN RETURN NULL; END IF"]
            + [
                _grouped([("old_rows AS r", changed_old, o), ("new_rows AS r", changed_new, n)])
                for o, n in zip(old, new, strict=True)
            ]
            + [_grouped([(owner_out, "", o), (owner_in, "", n)]) for o, n in zip(moved_out, moved_in, strict=True)],
        ),
    }
    statements = []
    for event, (referencing, body) in events.items():
        function = f"{TABLE}_{table}_{event}"
        statements += [
            _pg_function(function, body),
            f"CREATE TRIGGER {TABLE}_{event} AFTER {event.upper()} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _pg_row_triggers(table: str, columns: list[str]) -> list[str]:
    """PostgreSQL before migration dashboard 0004 (and after it is reversed): the same counts, one trigger run
    per row."""
    old = [_upsert(s) for s in _contributions("postgresql", "OLD", "-1").get(table, [])]
    new = [_upsert(s) for s in _contributions("postgresql", "NEW", "1").get(table, [])]
    moved = [_upsert(s) for s in [*_moves("OLD", "-1").get(table, []), *_moves("NEW", "1").get(table, [])]]
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    body = []
    if old:
        body.append(f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {' '.join(s + ';' for s in old)} END IF")
    if new:
        body.append(f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {' '.join(s + ';' for s in new)} END IF")
    if moved:
        body.append(
            "IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN "
            f"{' '.join(s + ';' for s in moved)} END IF"
        )
    statements = [_pg_function(f"{TABLE}_{table}", body)]
    if old or new:
        statements.append(
            f"CREATE TRIGGER {TABLE}_write AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_{table}()"
        )
    statements.append(
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON {table} FOR EACH ROW WHEN ({changed}) "
        f"EXECUTE FUNCTION {TABLE}_{table}()"
    )
    return statements


def _trigger_sql(vendor: str, row_level: bool = False) -> list[str]:
    """The statements that (re)create every counter trigger: on PostgreSQL one per statement (`row_level`: one
    per row, as before migration dashboard 0004), on SQLite one per row (where it costs nothing measurable)."""
    statements = _conditional_sql(vendor)
    for table, columns in COUNTED.items():
        if vendor == "postgresql":
            statements += [f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON {table}" for name in _PG_TRIGGERS]
            statements += (_pg_row_triggers if row_level else _pg_statement_triggers)(table, columns)
            continue
        old = [_upsert(s) for s in _contributions(vendor, "OLD", "-1").get(table, [])]
        new = [_upsert(s) for s in _contributions(vendor, "NEW", "1").get(table, [])]
        moved = [_upsert(s) for s in [*_moves("OLD", "-1").get(table, []), *_moves("NEW", "1").get(table, [])]]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        statements += [
            f"DROP TRIGGER IF EXISTS {TABLE}_insert_{table}",
            f"DROP TRIGGER IF EXISTS {TABLE}_delete_{table}",
            f"DROP TRIGGER IF EXISTS {TABLE}_update_{table}",
            f"DROP TRIGGER IF EXISTS {TABLE}_move_{table}",
        ]
        if new:
            statements.append(
                f"CREATE TRIGGER {TABLE}_insert_{table} AFTER INSERT ON {table} "
                f"BEGIN {' '.join(s + ';' for s in new)} END"
            )
        if old:
            statements.append(
                f"CREATE TRIGGER {TABLE}_delete_{table} AFTER DELETE ON {table} "
                f"BEGIN {' '.join(s + ';' for s in old)} END"
            )
        if old or new:
            statements.append(
                f"CREATE TRIGGER {TABLE}_update_{table} AFTER UPDATE ON {table} WHEN {changed} "
                f"BEGIN {' '.join(s + ';' for s in [*old, *new])} END"
            )
        if moved:
            statements.append(
                f"CREATE TRIGGER {TABLE}_move_{table} AFTER UPDATE ON {table} WHEN OLD.owner_id IS NOT NEW.owner_id "
                f"BEGIN {' '.join(s + ';' for s in moved)} END"
            )
    return statements


def _rebuild_sql(vendor: str) -> list[str]:
    partners = (
        "SELECT a.owner_id AS owner_id, p.organization_id AS organization_id FROM activities_activitypartner p "
        "JOIN activities_activity a ON a.id = p.activity_id UNION ALL "
        "SELECT g.owner_id, q.organization_id FROM agreements_agreementparty q "
        "JOIN agreements_agreement g ON g.id = q.agreement_id"
    )
    insert = f"INSERT INTO {TABLE} (institution_id, name, key, value) "
    return [
        f"DELETE FROM {TABLE}",
        insert + "SELECT owner_id, 'kind', kind_id, COUNT(*) FROM activities_activity GROUP BY owner_id, kind_id",
        insert + f"SELECT owner_id, 'year', {_year(vendor, 'start_on')}, COUNT(*) FROM activities_activity "
        f"WHERE start_on IS NOT NULL GROUP BY owner_id, {_year(vendor, 'start_on')}",
        insert + "SELECT owner_id, 'agreement', '', COUNT(*) FROM agreements_agreement GROUP BY owner_id",
        insert + "SELECT a.owner_id, 'figure', f.metric_id || '|' || f.currency, ROUND(SUM(f.value), 2) "
        "FROM activities_figure f JOIN activities_activity a ON a.id = f.activity_id "
        "GROUP BY a.owner_id, f.metric_id, f.currency",
        insert + "SELECT owner_id, 'partner', CAST(organization_id AS TEXT), COUNT(*) "
        f"FROM ({partners}) AS roles GROUP BY owner_id, organization_id",
        insert + f"SELECT {ALL}, 'partner', CAST(organization_id AS TEXT), COUNT(*) "
        f"FROM ({partners}) AS roles GROUP BY organization_id",
        # Counted here whether or not the trigger on the counters counted them as the partners' rows came in.
        f"DELETE FROM {TABLE} WHERE name = 'country'",
        insert + f"SELECT {ALL}, 'country', o.country, COUNT(*) FROM organizations_organization o "
        f"WHERE NOT o.is_member AND {_partner_roles('o')} GROUP BY o.country",
    ]


def _trigger_names(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger WHERE tgname LIKE %s "
                "AND tgenabled <> 'D'",
                [f"{TABLE}_%"],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TABLE}_%"])
        return {name for (name,) in cursor.fetchall()}


# The migration after which PostgreSQL's counter triggers run once per statement.
STATEMENT_LEVEL_MIGRATION = ("dashboard", "0004_statement_triggers")


def _row_level(connection) -> bool:
    """Whether PostgreSQL's counter triggers are still (or again) those of one run per row: until migration
    dashboard 0004 is applied, and once it is reversed, so that `migrate` to an earlier state and the code of
    that state find the triggers they made."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_migrations WHERE app = %s AND name = %s", list(STATEMENT_LEVEL_MIGRATION))
        return cursor.fetchone() is None


def _expected_triggers(vendor: str, row_level: bool = False) -> set[str]:
    names = set()
    for statement in _trigger_sql(vendor, row_level):
        if statement.startswith("CREATE TRIGGER"):
            words = statement.split()
            table = words[words.index("ON") + 1]
            names.add(f"{table}.{words[2]}" if vendor == "postgresql" else words[2])
    return names


def _missing_triggers(connection) -> bool:
    return not _expected_triggers(connection.vendor, _row_level(connection)) <= _trigger_names(connection)


def install(connection=None, row_level: bool | None = None) -> None:
    """Create (or replace) the triggers that keep the counters (on PostgreSQL, per statement or, with
    `row_level`, per row; by default as the applied migrations say)."""
    connection = connection or default_connection
    if row_level is None:
        row_level = _row_level(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _trigger_sql(connection.vendor, row_level):
            cursor.execute(statement)


def rebuild(connection=None) -> None:
    """Count every counter afresh from the records, in one transaction. The triggers on the counters
    themselves (partners per country) are off meanwhile: the countries are counted at the end, at once, rather
    than once per partner as its row comes in."""
    connection = connection or default_connection
    own = [(name, table) for name, table, *_ in CONDITIONAL if table == TABLE]
    installed = _expected_triggers(connection.vendor, _row_level(connection)) <= _trigger_names(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for name, table in own:
            if connection.vendor == "postgresql":
                if installed:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TABLE}_{name}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
        for statement in _rebuild_sql(connection.vendor):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for name, table in own:
                if installed:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TABLE}_{name}")
        else:
            for statement in _conditional_sql(connection.vendor):
                if statement.startswith("CREATE TRIGGER") and f" ON {TABLE} " in statement:
                    cursor.execute(statement)


def ensure(connection=None) -> bool:
    """After `migrate`: put back any trigger a migration dropped, and if one was missing recount (writes made
    without it were not counted). True when it had to."""
    connection = connection or default_connection
    if not _missing_triggers(connection):
        return False
    install(connection)
    rebuild(connection)
    return True


@contextmanager
def paused(connection=None):
    """For a bulk load inside a transaction: no trigger per row while it loads, one recount at the end. On
    PostgreSQL the triggers are disabled (in the load's transaction, so a failed load restores them); SQLite,
    which cannot disable a trigger, drops and recreates them."""
    connection = connection or default_connection
    postgresql = connection.vendor == "postgresql"

    def switch(state: str) -> None:
        with connection.cursor() as cursor:
            # A table cannot be altered while checks of its foreign keys wait for the commit: they are made
            # now, and later ones wait again as Django declares them (DEFERRABLE INITIALLY DEFERRED).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name in sorted(_expected_triggers(connection.vendor, _row_level(connection))):
                table, trigger = name.split(".")
                cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {trigger}")

    if postgresql:
        switch("DISABLE")
    else:
        with connection.cursor() as cursor:
            for statement in _trigger_sql(connection.vendor):
                if statement.startswith("DROP"):
                    cursor.execute(statement)
    try:
        yield
    finally:
        if postgresql:
            switch("ENABLE")
        else:
            install(connection)
    rebuild(connection)


def uninstall(connection=None) -> None:
    """Drop the triggers (the migration reversed)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in _trigger_sql(connection.vendor):
            if statement.startswith("DROP"):
                cursor.execute(statement)
        if connection.vendor == "postgresql":
            for function in _pg_functions():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """post_migrate: the triggers are back wherever a migration dropped them (SQLite rebuilding a table)."""
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        ensure(connection)


def snapshot(connection=None) -> dict[tuple[int, str, str], object]:
    """Every non-zero counter, for comparing with a fresh count."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT institution_id, name, key, value FROM {TABLE} WHERE value <> 0")
        return {(i, n, k): v for i, n, k, v in cursor.fetchall()}


def differences(connection=None) -> int:
    """How many counters a fresh count would change (counted in a transaction rolled back)."""
    connection = connection or default_connection
    kept = snapshot(connection)

    class Rollback(Exception):
        pass

    fresh: dict = {}
    try:
        with transaction.atomic(using=connection.alias):
            rebuild(connection)
            fresh.update(snapshot(connection))
            raise Rollback
    except Rollback:
        pass
    return sum(1 for key in kept.keys() | fresh.keys() if kept.get(key) != fresh.get(key))
