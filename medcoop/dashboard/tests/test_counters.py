"""The dashboard reads counters that database triggers keep; whatever writes the records (forms' services,
merges, the sheet import, bulk updates and deletes, the synthetic loader), its figures stay those of a fresh
count, for the ministry and for each institution's users alone."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef

from medcoop.activities.models import Activity, ActivityPartner, Figure
from medcoop.activities.services import merge_activities, undo_activity_merge
from medcoop.agreements.models import Agreement, AgreementParty
from medcoop.conftest import make_partner, make_user
from medcoop.core.models import FigureMetric
from medcoop.core.permissions import Role
from medcoop.dashboard import counters
from medcoop.dashboard.models import Counter
from medcoop.dashboard.services import (
    Scope,
    activities_by_kind,
    activities_by_year,
    counted_figure_sums,
    figure_sums,
    partner_countries,
)
from medcoop.dashboard.tests.test_dashboard import add_activity
from medcoop.organizations.models import Organization
from medcoop.organizations.services import merge_organizations
from medcoop.sheets.tests.test_import import ACTIVITY_HEADERS, activity_rows, run, workbook


def counted(scope: Scope) -> dict:
    """What the dashboard shows of the counted figures."""
    summed = scope.summed()
    return {
        "kinds": {kind.code: n for kind, n in activities_by_kind(summed)},
        "years": activities_by_year(summed),
        "figures": counted_figure_sums(summed),
        "countries": partner_countries(scope),
    }


def fresh(scope: Scope) -> dict:
    """The same figures counted from the records, as the dashboard did before it had counters."""
    activities = scope.of(Activity)
    years: dict[int, int] = {}
    for start_on in activities.exclude(start_on=None).values_list("start_on", flat=True):
        years[start_on.year] = years.get(start_on.year, 0) + 1
    parties = scope.of(AgreementParty, "agreement__owner").filter(organization=OuterRef("pk"))
    roles = scope.of(ActivityPartner, "activity__owner").filter(organization=OuterRef("pk"))
    partners = (
        scope.of(Organization).filter(is_member=False).exclude(country="VN").filter(Exists(parties) | Exists(roles))
    )
    return {
        "kinds": dict(activities.values_list("kind").annotate(n=Count("*")).order_by()),
        "years": sorted(years.items()),
        "figures": figure_sums(scope.of(Figure, "activity__owner")),
        "countries": [
            (row["country"], row["n"])
            for row in partners.values("country").annotate(n=Count("pk")).order_by("-n", "country")
        ],
    }


@pytest.fixture
def readers(users, hospital_a, hospital_b, coordinator_a):
    clinician_b = make_user("clinician_b", Role.CLINICIAN, hospital_b)
    return [
        Scope(users[Role.MINISTRY]),
        Scope(users[Role.MINISTRY], hospital_b),
        Scope(None),
        Scope(coordinator_a),
        Scope(clinician_b),
        Scope(clinician_b, hospital_a),  # a clinician asking for another institution counts nothing
    ]


def assert_exact(readers):
    for scope in readers:
        assert counted(scope) == fresh(scope), scope.key


def test_every_way_of_writing_keeps_the_dashboard_exact(
    readers, coordinator_a, hospital_a, partner_of_a, activity_of_a, coordinator_b, hospital_b, partner_of_b
):
    add_activity(coordinator_a, hospital_a, partner_of_a, "funding", 13500000, "EUR", kind="funding")
    second = add_activity(coordinator_b, hospital_b, partner_of_b, "staff_trained", 5, start_on=date(2020, 5, 1))
    assert counted(readers[3])["figures"][1] == [("EUR", Decimal("13500000"))]
    assert_exact(readers)

    # Edited: kind, year, a figure's value and currency, then moved to the other institution.
    second.kind_id, second.start_on = "conference", date(2019, 1, 1)
    second.save()
    Figure.objects.filter(activity=second).update(value=8)
    Figure.objects.filter(activity=activity_of_a).update(metric_id="funding", currency="USD")
    assert_exact(readers)
    Activity.objects.filter(pk=second.pk).update(owner=hospital_a)
    assert counted(readers[1])["kinds"] == {}
    assert_exact(readers)
    Agreement.objects.filter(owner=hospital_a).update(owner=hospital_b)
    assert_exact(readers)
    Agreement.objects.filter(owner=hospital_b).update(owner=hospital_a)

    # Organizations: a partner abroad changes country, another becomes a member; two are merged.
    Organization.objects.filter(pk=partner_of_a.pk).update(country="JP")
    assert_exact(readers)
    twin = make_partner(hospital_a, "Gustave Roussy Villejuif")
    add_activity(coordinator_a, hospital_a, twin, "staff_trained", 2, kind="conference")
    assert_exact(readers)
    merge_organizations(coordinator_a, partner_of_a, twin)
    assert_exact(readers)
    Organization.objects.filter(pk=partner_of_b.pk).update(is_member=True)
    assert_exact(readers)

    # Merged activities, bulk writes and deletes.
    first = Activity.objects.filter(owner=hospital_a).order_by("pk").first()
    last = Activity.objects.filter(owner=hospital_a).order_by("pk").last()
    event = merge_activities(coordinator_a, first, last)
    assert_exact(readers)
    undo_activity_merge(coordinator_a, first, event)
    assert_exact(readers)
    merge_activities(coordinator_a, first, Activity.objects.get(pk=last.pk))
    assert_exact(readers)
    Figure.objects.bulk_create(
        [Figure(activity=first, metric=FigureMetric.objects.get(code="patients_treated"), value=n) for n in (3, 4)]
    )
    ActivityPartner.objects.bulk_create([ActivityPartner(activity=first, organization=partner_of_b, role="funder")])
    assert_exact(readers)
    ActivityPartner.objects.filter(organization=partner_of_b).delete()
    AgreementParty.objects.filter(organization=partner_of_a).delete()
    assert_exact(readers)
    Activity.objects.filter(pk=first.pk).delete()
    assert_exact(readers)


def test_a_sheet_import_and_its_reimport_are_counted(readers, coordinator_a, partner_of_a, activity_of_a):
    run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, activity_rows()))
    assert counted(readers[3])["kinds"] == {"training": 2, "funding": 1}
    assert_exact(readers)
    run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, activity_rows(trained="700")))
    assert dict(counted(readers[3])["figures"][0])["staff_trained"] == 1360
    assert_exact(readers)


def test_a_write_rolled_back_leaves_the_counters_as_they_were(readers, activity_of_a, hospital_b):
    before = counters.snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        Activity.objects.filter(pk=activity_of_a.pk).update(owner=hospital_b, kind_id="conference")
        raise RuntimeError
    assert counters.snapshot() == before


def test_the_command_recounts_what_was_lost_and_reports_a_mismatch(readers, activity_of_a, capsys):
    Counter.objects.filter(name="kind").update(value=41)
    with pytest.raises(CommandError):
        call_command("rebuild_counters", "--check")
    call_command("rebuild_counters")
    call_command("rebuild_counters", "--check")
    assert "match" in capsys.readouterr().out
    assert_exact(readers)


def test_a_trigger_dropped_by_a_migration_is_put_back_and_the_counters_recounted(readers, activity_of_a):
    with connection.cursor() as cursor:
        for statement in counters._trigger_sql(connection.vendor):
            if statement.startswith("DROP TRIGGER") and "activities_activity" in statement:
                cursor.execute(statement)
    Activity.objects.filter(pk=activity_of_a.pk).update(kind_id="conference")  # not counted: no trigger
    assert counters.ensure() is True
    assert counters.ensure() is False
    assert_exact(readers)


def test_the_synthetic_registry_fills_the_counters(db):
    from medcoop.devtools.synth import synthesize

    synthesize(40)
    member = Organization.objects.filter(is_member=True).order_by("pk").first()
    ministry = make_user("ministry_synth", Role.MINISTRY, None)
    scopes = [Scope(ministry), Scope(make_user("coordinator_synth", Role.COORDINATOR, member))]
    assert sum(counted(scopes[0])["kinds"].values()) == 40
    assert_exact(scopes)
    assert counters.differences() == 0
    Activity.objects.filter(owner=member).update(kind_id="conference")  # the triggers are back after the load
    assert_exact(scopes)


def test_agreement_counts_are_recounted_for_the_institution_written_to_alone(
    readers, monkeypatch, coordinator_a, agreement_of_a, coordinator_b, hospital_b, partner_of_b
):
    from medcoop.agreements.services import save_agreement
    from medcoop.dashboard import services

    save_agreement(
        coordinator_b,
        Agreement(owner=hospital_b, title="MOU", kind="mou", signed_on=date(2020, 1, 1), duration_months=12),
        parties=[{"organization": hospital_b}, {"organization": partner_of_b}],
    )
    ministry = readers[0]
    assert services.agreement_counts(ministry)["active"] == 1
    assert services.agreement_counts(ministry)["expired"] == 1
    recounted = []
    counting = services._agreement_counts_of
    monkeypatch.setattr(
        services, "_agreement_counts_of", lambda ids, today: recounted.append(ids) or counting(ids, today)
    )
    agreement_of_a.terminated_on = date(2025, 1, 1)
    agreement_of_a.save()
    counts = services.agreement_counts(ministry)
    assert (counts["active"], counts["terminated"], counts["expired"]) == (0, 1, 1)
    assert recounted == [[agreement_of_a.owner_id]]
    for scope in readers:
        fresh_counts = dict.fromkeys(counts, 0)
        annotated = scope.of(Agreement).with_status(scope.today)
        for status in annotated.values_list("derived_status", flat=True):
            fresh_counts[status] += 1
        fresh_counts["dormant"] = annotated.filter(is_dormant=True).count()
        assert services.agreement_counts(scope) == fresh_counts, scope.key


def test_figures_with_cents_stay_exact_after_edits(readers, coordinator_a, hospital_a, partner_of_a):
    """Amounts with cents added and taken away leave the sum a fresh count gives, to the cent: on SQLite a
    decimal column holds a binary float, and 0.1 + 0.2 - 0.1 there is 0.20000000000000004."""
    first = add_activity(coordinator_a, hospital_a, partner_of_a, "funding", Decimal("0.10"), "EUR", kind="funding")
    add_activity(coordinator_a, hospital_a, partner_of_a, "funding", Decimal("0.20"), "EUR", kind="funding")
    Figure.objects.filter(activity=first).delete()
    assert counters.differences() == 0
    assert Counter.objects.get(institution_id=hospital_a.pk, name="figure").value == Decimal("0.20")
    assert_exact(readers)
    call_command("rebuild_counters", "--check")


def test_an_organization_merge_undone_is_counted_back(
    readers, coordinator_a, hospital_a, partner_of_a, activity_of_a, agreement_of_a
):
    """A partner merged into another where both were partners of the same activity and parties of the same
    agreement (the merge folds the repeated rows), then the merge undone: its roles and country come back."""
    from medcoop.agreements.models import AgreementParty
    from medcoop.organizations.services import undo_organization_merge

    twin = make_partner(hospital_a, "Gustave Roussy Villejuif", country="JP")
    ActivityPartner.objects.create(activity=activity_of_a, organization=twin, role="funder")
    AgreementParty.objects.create(agreement=agreement_of_a, organization=twin)
    assert_exact(readers)
    event = merge_organizations(coordinator_a, partner_of_a, twin)
    assert_exact(readers)
    undo_organization_merge(coordinator_a, Organization.objects.get(pk=partner_of_a.pk), event)
    assert Organization.objects.filter(pk=twin.pk).exists()
    assert_exact(readers)
    assert counters.differences() == 0


def function_calls(cursor, name: str) -> int:
    """PostgreSQL: how many times the trigger function `name` ran in this transaction."""
    cursor.execute("SELECT COALESCE(SUM(calls), 0) FROM pg_stat_xact_user_functions WHERE funcname = %s", [name])
    return cursor.fetchone()[0]


def test_a_multi_row_insert_update_and_delete_are_counted_once_per_statement(
    readers, coordinator_a, hospital_a, hospital_b, activity_of_a
):
    """Many rows written by one statement each (as the sheet import and COPY write them): counted exactly, and
    on PostgreSQL each table's trigger runs once per statement, and the trigger counting a new partner's
    country once, however many activities name that partner."""
    new_partner = make_partner(hospital_a, "Hôpital Necker", "FR")
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET LOCAL track_functions = 'pl'")
        copies = []
        for n in range(30):
            copy = Activity.objects.get(pk=activity_of_a.pk)
            copy.pk = copy.id = None
            copy.kind_id = "conference" if n % 2 else "training"
            copy.start_on = date(2010 + n % 5, 1, 1)
            copies.append(copy)
        Activity.objects.bulk_create(copies)
        metric = FigureMetric.objects.get(code="staff_trained")
        Figure.objects.bulk_create([Figure(activity=a, metric=metric, value=Decimal("1.25")) for a in copies])
        ActivityPartner.objects.bulk_create(
            [ActivityPartner(activity=a, organization=new_partner, role="funder") for a in copies]
        )
        if postgresql:
            assert function_calls(cursor, "dashboard_counter_activities_activity_insert") == 1
            assert function_calls(cursor, "dashboard_counter_activities_activitypartner_insert") == 1
            assert function_calls(cursor, "dashboard_counter_country_insert") == 1  # one new partner, once
        assert_exact(readers)
        assert counters.differences() == 0

        ids = [a.pk for a in copies]
        Activity.objects.filter(pk__in=ids[:10]).update(owner=hospital_b, kind_id="funding")
        Activity.objects.filter(pk__in=ids).update(title="Renamed")  # no counted column: nothing moves
        Figure.objects.filter(activity_id__in=ids[5:]).update(value=Decimal("2.50"))
        assert_exact(readers)
        assert counters.differences() == 0
        ActivityPartner.objects.filter(activity_id__in=ids).delete()
        Activity.objects.filter(pk__in=ids[20:]).delete()
        if postgresql:
            assert function_calls(cursor, "dashboard_counter_activities_activitypartner_delete") == 1
        assert_exact(readers)
        call_command("rebuild_counters", "--check")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers per statement")
def test_migration_0004_reversed_puts_back_the_triggers_per_row_which_count_the_same(readers, activity_of_a):
    def row_triggers() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'dashboard_counter_%%' "
                "AND tgtype & 1 = 1"  # FOR EACH ROW
            )
            return {table for (table,) in cursor.fetchall()} & set(counters.COUNTED)  # not the conditional ones

    assert row_triggers() == set()
    call_command("migrate", "dashboard", "0003", verbosity=0)
    try:
        assert row_triggers() == set(counters.COUNTED)
        assert counters.ensure() is False
        Activity.objects.filter(pk=activity_of_a.pk).update(kind_id="conference")
        assert_exact(readers)
    finally:
        call_command("migrate", "dashboard", verbosity=0)
    assert row_triggers() == set()
    assert counters.ensure() is False
    Activity.objects.filter(pk=activity_of_a.pk).update(kind_id="funding")
    assert_exact(readers)
    call_command("rebuild_counters", "--check")
