"""Turnaround: how long partner experts take from a case's submission to its first opinion."""

import statistics
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Turnaround:
    label: str
    cases: int
    median_hours: float
    p90_hours: float


def _summary(label: str, hours: list[float]) -> Turnaround:
    ordered = sorted(hours)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[-1] if len(ordered) > 1 else ordered[0]
    return Turnaround(label, len(ordered), round(statistics.median(ordered), 1), round(p90, 1))


def turnaround(cases) -> dict[str, list[Turnaround]]:
    """Median and 90th percentile in hours, by specialty, by partner institution and by month of submission."""
    groups: dict[str, dict[str, list[float]]] = {
        "specialty": defaultdict(list),
        "partner": defaultdict(list),
        "month": defaultdict(list),
    }
    answered = (
        cases.filter(submitted_at__isnull=False, first_opinion_at__isnull=False)
        .select_related("specialty")
        .prefetch_related("partners")
    )
    for case in answered:
        hours = (case.first_opinion_at - case.submitted_at).total_seconds() / 3600
        groups["specialty"][str(case.specialty)].append(hours)
        groups["month"][case.submitted_at.strftime("%m/%Y")].append(hours)
        for partner in case.partners.all():
            groups["partner"][partner.name].append(hours)
    return {name: [_summary(label, hours) for label, hours in sorted(group.items())] for name, group in groups.items()}
