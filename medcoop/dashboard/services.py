"""What the dashboard counts: one institution's cooperation (or every institution's, for the ministry),
always through `visible_to`, so a dashboard never counts a record its reader could not open."""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from medcoop.activities.models import Activity, ActivityStatus
from medcoop.agreements.models import Agreement, AgreementStatus, Commitment
from medcoop.core.freshness import institution_version, institution_versions, registry_version
from medcoop.core.models import ActivityKind, FigureMetric, Unit, User
from medcoop.core.permissions import readable_institutions
from medcoop.core.rules import reads_every_institution
from medcoop.organizations.models import Organization

from .counters import ALL
from .models import Counter

# The totals an office reports first (DESIGN: staff trained, experts both ways, patients treated).
MAIN_METRICS = ["staff_trained", "experts_received", "experts_sent", "patients_treated"]
# The kinds of activity that bring people in or send them out: the calendar's missions and visits.
VISIT_KINDS = ["expert_exchange", "delegation_visit", "joint_clinical_work", "humanitarian", "training", "conference"]
CALENDAR_MONTHS = 3
# The counters (counters.py) summed over the institutions in scope.
SUMMED = ["kind", "year", "figure"]
OVERDUE_SHOWN = 20


# How long the dashboard's figures are kept at most; any change to the registry renews them sooner.
SUMMARY_SECONDS = 300
# How long one institution's agreement counts of a day are kept (a change at the institution renews them).
AGREEMENT_SECONDS = 86400


@dataclass
class Scope:
    """The records a dashboard or report counts: what the user sees, narrowed to one institution when asked.
    Without a user (a command run by the operator) every institution's records count."""

    user: User | None
    institution: Organization | None = None
    today: date = field(default_factory=timezone.localdate)

    @property
    def version(self) -> str:
        """The counter of what this scope counts: one institution's, or the whole registry's."""
        if self.institution is not None:
            return institution_version(self.institution.pk)
        if self.user is None or reads_every_institution(self.user):
            return str(registry_version())
        return institution_version(self.user.organization_id)

    @property
    def key(self) -> str:
        """Users who see the same records share the key: the role, the user's institution, the one asked for."""
        if self.user is None:
            seen = "operator"
        elif reads_every_institution(self.user):
            seen = "all"
        else:
            seen = f"{self.user.role}-{self.user.organization_id}"
        return f"{seen}:{self.institution.pk if self.institution else '-'}:{self.today.isoformat()}"

    @property
    def institutions(self) -> list[int] | None:
        """The institutions whose records count (None: every institution), as `visible_to` would give them."""
        readable = None if self.user is None else readable_institutions(self.user)
        if self.institution is None:
            return readable
        return [self.institution.pk] if readable is None or self.institution.pk in readable else []

    def counters(self, names: str | list[str], *, every_institution_row: bool = False):
        """The counters of these names in scope. Summed over institutions, except where a counter of every
        institution's together is kept (`every_institution_row`: partners, which two hospitals may share)."""
        rows = Counter.objects.filter(name__in=[names] if isinstance(names, str) else names)
        institutions = self.institutions
        if institutions is None:
            return rows.filter(institution_id=ALL) if every_institution_row else rows.filter(institution_id__gt=ALL)
        return rows.filter(institution_id__in=institutions)

    def summed(self) -> dict[str, dict[str, Decimal]]:
        """Every summed counter in scope (name -> key -> total, the zeros left out), in one query."""
        rows = self.counters(SUMMED).values_list("name", "key").annotate(total=Sum("value")).order_by()
        summed: dict[str, dict[str, Decimal]] = {name: {} for name in SUMMED}
        for name, key, total in rows:
            if total:
                summed[name][key] = total
        return summed

    def of(self, model, owner_path: str = "owner", *, counting: bool = False):
        """The model's records in scope; `counting` for figures only, where clinical records the user may
        count but not read (the ministry's aggregates) are included."""
        if self.user is None:
            queryset = model.objects.all()
        elif counting and hasattr(model.objects, "countable_by"):
            queryset = model.objects.countable_by(self.user)
        else:
            queryset = model.objects.visible_to(self.user)
        if self.institution is not None:
            queryset = queryset.filter(**{owner_path: self.institution})
        return queryset


def summary(scope: Scope) -> dict:
    """Everything the dashboard counts. At a million activities it takes about a second to count, so it is
    cached, keyed by who sees what and by the version of what they see: a change shows on the next page, and a
    change at one hospital does not recount another's."""
    from medcoop.consultations.models import ConsultationCase
    from medcoop.consultations.statistics import turnaround
    from medcoop.funding.models import Funding
    from medcoop.funding.services import funding_totals
    from medcoop.patients.models import PatientEpisode
    from medcoop.patients.services import counts as episode_counts

    def count() -> dict:
        summed = scope.summed()
        totals, funding = counted_figure_sums(summed)
        return {
            "agreement_counts": agreement_counts(scope),
            "overdue": list(overdue_commitments(scope)),
            "figure_totals": main_figures(totals),
            "funding": funding,
            "funding_flows": funding_totals(scope.of(Funding)),
            "countries": partner_countries(scope),
            "by_kind": activities_by_kind(summed),
            "by_year": activities_by_year(summed),
            "upcoming": list(upcoming_visits(scope)),
            "delegations": list(upcoming_delegations(scope)),
            "turnaround": turnaround(scope.of(ConsultationCase, counting=True)),
            "patients": episode_counts(scope.of(PatientEpisode, counting=True)),
        }

    return cache.get_or_set(f"dashboard:{scope.version}:{scope.key}", count, timeout=SUMMARY_SECONDS) or {}


def agreement_counts(scope: Scope) -> dict[str, int]:
    """Agreements by derived status, with the dormant ones (in force but idle for a year) counted apart. The
    statuses move with the date, so they are counted, not kept: per institution and per day, cached under the
    institution's version, so after a write at one hospital the ministry recounts that hospital's alone."""
    institutions = scope.institutions
    if institutions is None:
        # The institutions that own agreements, from their counters (a few hundred rows, not a scan).
        owners = Counter.objects.filter(name="agreement", institution_id__gt=ALL, value__gt=0)
        institutions = sorted(owners.values_list("institution_id", flat=True))
    versions = institution_versions(institutions)
    # One entry per reader's set of institutions and day: each institution's counts with the version they
    # were counted at, so only those whose version moved are counted again.
    key = f"dashboard:agreements:{scope.today.isoformat()}:{'all' if scope.institutions is None else ','.join(map(str, institutions))}"
    kept: dict[int, tuple[str, dict[str, int]]] = cache.get(key) or {}
    stale = [pk for pk in institutions if kept.get(pk, ("",))[0] != versions[pk]]
    if stale:
        counted = _agreement_counts_of(stale, scope.today)
        kept.update({pk: (versions[pk], counted[pk]) for pk in stale})
        cache.set(key, kept, timeout=AGREEMENT_SECONDS)
    totals = dict.fromkeys([*AgreementStatus.values, "dormant"], 0)
    for pk in institutions:
        for status, n in kept[pk][1].items():
            totals[status] += n
    return totals


def _agreement_counts_of(institutions: list[int], today: date) -> dict[int, dict[str, int]]:
    """Each institution's agreements by status, and the dormant ones, in one grouped pass."""
    counts: dict[int, dict[str, int]] = {pk: {} for pk in institutions}
    rows = (
        Agreement.objects.filter(owner_id__in=institutions)
        .with_status(today)
        .values("owner_id", "derived_status", "is_dormant")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        mine = counts[row["owner_id"]]
        mine[row["derived_status"]] = mine.get(row["derived_status"], 0) + row["n"]
        if row["is_dormant"]:
            mine["dormant"] = mine.get("dormant", 0) + row["n"]
    return counts


def overdue_commitments(scope: Scope):
    return (
        scope.of(Commitment, "agreement__owner")
        .overdue(scope.today)
        .select_related("agreement", "party")[:OVERDUE_SHOWN]
    )


def activities_by_kind(summed: Mapping[str, Mapping[str, Decimal]]) -> list[tuple[ActivityKind, int]]:
    """From the counters (`Scope.summed`: one row per institution and kind), never counting the activities."""
    counts = summed["kind"]
    return [(kind, int(counts[kind.code])) for kind in ActivityKind.objects.all() if counts.get(kind.code)]


def activities_by_year(summed: Mapping[str, Mapping[str, Decimal]]) -> list[tuple[int, int]]:
    """Activities per year of their start, from the counters (`Scope.summed`)."""
    return sorted((int(year), int(n)) for year, n in summed["year"].items())


def counted_figure_sums(
    summed: Mapping[str, Mapping[str, Decimal]],
) -> tuple[dict[str, Decimal | int], list[tuple[str, Decimal | int]]]:
    """What `figure_sums` gives for the scope's figures, read from the counters (`Scope.summed`: metric|currency
    -> sum)."""
    money = _money_metrics()
    rows = []
    for key, total in summed["figure"].items():
        metric, _, currency = key.partition("|")
        if metric in MAIN_METRICS or metric in money:
            rows.append((metric, currency, total))
    return _figure_totals(rows, money)


def figure_sums(figures) -> tuple[dict[str, Decimal | int], list[tuple[str, Decimal | int]]]:
    """The main counted figures and the funding per currency (money is never added across currencies) of a
    queryset of figures, in one pass over them; shared by the dashboard and the annual report."""
    money = _money_metrics()
    rows = (
        figures.filter(metric__in=[*MAIN_METRICS, *money])
        .values_list("metric", "currency")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return _figure_totals(rows, money)


def _money_metrics() -> set[str]:
    return set(FigureMetric.objects.filter(unit=Unit.MONEY).values_list("code", flat=True))


def _figure_totals(rows, money: set[str]) -> tuple[dict[str, Decimal | int], list[tuple[str, Decimal | int]]]:
    totals: dict[str, Decimal | int] = dict.fromkeys(MAIN_METRICS, 0)
    funding: dict[str, Decimal | int] = {}
    for code, currency, total in rows:
        if code in money:
            funding[currency] = funding.get(currency, 0) + total
        else:
            totals[code] += total
    return totals, sorted(funding.items(), key=lambda pair: (-pair[1], pair[0]))


def main_figures(totals: Mapping[str, object]) -> list[tuple[FigureMetric, object]]:
    metrics = FigureMetric.objects.in_bulk(MAIN_METRICS, field_name="code")
    return [(metrics[code], totals[code]) for code in MAIN_METRICS if code in metrics]


def partner_countries(scope: Scope) -> list[tuple[str, int]]:
    """Foreign countries with the number of partners there that take part in an agreement or an activity in
    scope. Every institution's: the counters per country (a few rows); one institution's: its partners whose
    counter of roles there (agreement parties and activity partners) is above zero."""
    if scope.institutions is None:
        rows = (
            Counter.objects.filter(name="country", institution_id=ALL, value__gt=0)
            .exclude(key="VN")
            .values_list("key", "value")
        )
        return sorted(((country, int(n)) for country, n in rows), key=lambda pair: (-pair[1], pair[0]))
    roles = (
        scope.counters("partner", every_institution_row=True)
        .filter(value__gt=0)
        .annotate(organization=Cast("key", IntegerField()))
        .values("organization")
    )
    partners = scope.of(Organization).filter(is_member=False).exclude(country="VN").filter(pk__in=roles)
    rows = partners.values("country").annotate(n=Count("pk")).order_by("-n", "country")
    return [(row["country"], row["n"]) for row in rows]


def upcoming_visits(scope: Scope):
    """Missions and visits that start or are still running in the calendar's months."""
    until = _month_start(scope.today, CALENDAR_MONTHS)
    # Each side of the OR has its index (start_on, end_on), so the calendar never scans the activities.
    return (
        scope.of(Activity)
        .filter(kind__in=VISIT_KINDS, start_on__lt=until)
        .filter(Q(start_on__gte=scope.today) | Q(end_on__gte=scope.today))
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("kind")
        .order_by("start_on")
    )


def upcoming_delegations(scope: Scope):
    """Delegations in and out (đoàn ra, đoàn vào) under way or starting in the calendar's months."""
    from medcoop.delegations.models import Delegation

    until = _month_start(scope.today, CALENDAR_MONTHS)
    return (
        scope.of(Delegation)
        .open()
        .filter(start_on__lt=until, end_on__gte=scope.today)
        .select_related("owner")
        .order_by("start_on")
    )


def _month_start(today: date, months_ahead: int) -> date:
    year, month = divmod(today.month - 1 + months_ahead, 12)
    return date(today.year + year, month + 1, 1)


def calendar_months(activities, today: date, months: int = CALENDAR_MONTHS) -> list[dict]:
    """Month grids (weeks of days, Monday first) with each activity on every day it runs."""
    by_day: dict[date, list] = {}
    last = _month_start(today, months) - timedelta(days=1)
    for activity in activities:
        start = activity.start_on
        end = activity.end.last_day if activity.end else start
        day = max(start, _month_start(today, 0))
        while day <= min(end, last):
            by_day.setdefault(day, []).append(activity)
            day += timedelta(days=1)
    grids = []
    for offset in range(months):
        first = _month_start(today, offset)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        grids.append(
            {
                "month": first,
                "weeks": [
                    [
                        {
                            "date": d,
                            "in_month": d.month == first.month,
                            "today": d == today,
                            "events": by_day.get(d, []),
                        }
                        for d in week
                    ]
                    for week in weeks
                ],
            }
        )
    return grids
