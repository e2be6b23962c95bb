"""What the dashboard counts: one institution's cooperation (or every institution's, for the ministry),
always through `visible_to`, so a dashboard never counts a record its reader could not open."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from medcoop.activities.models import Activity, ActivityPartner, ActivityStatus, Figure
from medcoop.agreements.models import Agreement, AgreementParty, AgreementStatus, Commitment
from medcoop.core.freshness import institution_version, registry_version
from medcoop.core.models import ActivityKind, FigureMetric, Unit
from medcoop.core.rules import reads_every_institution
from medcoop.organizations.models import Organization

# The totals an office reports first (DESIGN: staff trained, experts both ways, patients treated).
MAIN_METRICS = ["staff_trained", "experts_received", "experts_sent", "patients_treated"]
# The kinds of activity that bring people in or send them out: the calendar's missions and visits.
VISIT_KINDS = ["expert_exchange", "delegation_visit", "joint_clinical_work", "humanitarian", "training", "conference"]
CALENDAR_MONTHS = 3
OVERDUE_SHOWN = 20


# How long the dashboard's figures are kept at most; any change to the registry renews them sooner.
SUMMARY_SECONDS = 300


@dataclass
class Scope:
    """The records a dashboard or report counts: what the user sees, narrowed to one institution when asked.
    Without a user (a command run by the operator) every institution's records count."""

    user: object
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
    from medcoop.patients.models import PatientEpisode
    from medcoop.patients.services import counts as episode_counts

    def count() -> dict:
        totals, funding = figure_sums(scope.of(Figure, "activity__owner"))
        return {
            "agreement_counts": agreement_counts(scope),
            "overdue": list(overdue_commitments(scope)),
            "figure_totals": main_figures(totals),
            "funding": funding,
            "countries": partner_countries(scope),
            "by_kind": activities_by_kind(scope),
            "by_year": activities_by_year(scope),
            "upcoming": list(upcoming_visits(scope)),
            "delegations": list(upcoming_delegations(scope)),
            "turnaround": turnaround(scope.of(ConsultationCase, counting=True)),
            "patients": episode_counts(scope.of(PatientEpisode, counting=True)),
        }

    return cache.get_or_set(f"dashboard:{scope.version}:{scope.key}", count, timeout=SUMMARY_SECONDS)


def agreement_counts(scope: Scope) -> dict[str, int]:
    """Agreements by derived status, with the dormant ones (in force but idle for a year) counted apart."""
    annotated = scope.of(Agreement).with_status(scope.today)
    counts = {status: 0 for status in AgreementStatus.values}
    for row in annotated.values("derived_status").annotate(n=Count("pk")).order_by():
        counts[row["derived_status"]] = row["n"]
    counts["dormant"] = annotated.filter(is_dormant=True).count()
    return counts


def overdue_commitments(scope: Scope):
    return (
        scope.of(Commitment, "agreement__owner")
        .overdue(scope.today)
        .select_related("agreement", "party")[:OVERDUE_SHOWN]
    )


def activities_by_kind(scope: Scope) -> list[tuple[ActivityKind, int]]:
    counts = dict(scope.of(Activity).values_list("kind").annotate(n=Count("*")).order_by())
    return [(kind, counts[kind.code]) for kind in ActivityKind.objects.all() if counts.get(kind.code)]


def activities_by_year(scope: Scope) -> list[tuple[int, int]]:
    """Counted per start date, then per year here: the dates come straight off their index (COUNT(*), not of a
    column the index lacks), where grouping by the year computed in the database costs twice as long."""
    by_year: dict[int, int] = {}
    for start_on, n in (
        scope.of(Activity).filter(start_on__isnull=False).values_list("start_on").annotate(n=Count("*")).order_by()
    ):
        by_year[start_on.year] = by_year.get(start_on.year, 0) + n
    return sorted(by_year.items())


def figure_sums(figures) -> tuple[dict[str, object], list[tuple[str, object]]]:
    """The main counted figures and the funding per currency (money is never added across currencies) of a
    queryset of figures, in one pass over them; shared by the dashboard and the annual report."""
    money = set(FigureMetric.objects.filter(unit=Unit.MONEY).values_list("code", flat=True))
    rows = (
        figures.filter(metric__in=[*MAIN_METRICS, *money])
        .values_list("metric", "currency")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals = dict.fromkeys(MAIN_METRICS, 0)
    funding: dict[str, object] = {}
    for code, currency, total in rows:
        if code in money:
            funding[currency] = funding.get(currency, 0) + total
        else:
            totals[code] += total
    return totals, sorted(funding.items(), key=lambda pair: (-pair[1], pair[0]))


def main_figures(totals: dict[str, object]) -> list[tuple[FigureMetric, object]]:
    metrics = FigureMetric.objects.in_bulk(MAIN_METRICS, field_name="code")
    return [(metrics[code], totals[code]) for code in MAIN_METRICS if code in metrics]


def partner_countries(scope: Scope) -> list[tuple[str, int]]:
    """Foreign countries with the number of partners there that take part in an agreement or an activity.
    EXISTS per partner rather than joins: joined, a million activities multiply the rows before they are counted."""
    parties = scope.of(AgreementParty, "agreement__owner").filter(organization=OuterRef("pk"))
    roles = scope.of(ActivityPartner, "activity__owner").filter(organization=OuterRef("pk"))
    partners = (
        scope.of(Organization).filter(is_member=False).exclude(country="VN").filter(Exists(parties) | Exists(roles))
    )
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
