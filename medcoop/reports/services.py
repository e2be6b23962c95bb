"""The annual report of international cooperation ("Báo cáo công tác hợp tác quốc tế năm YYYY"): what one
institution (or, for the ministry, every institution) did with its partners in a year, by region and country.

`build_report` gathers the numbers once; `documents.py` lays them out as DOCX or XLSX, so both formats say the
same thing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from medcoop.activities.models import Activity, ActivityPartner, Figure, TechnologyTransfer, Trainee, TrainingCohort
from medcoop.agreements.models import Agreement
from medcoop.consultations.models import ConsultationCase
from medcoop.core.dates import PartialDate
from medcoop.dashboard.services import Scope, figure_sums
from medcoop.funding.models import Funding
from medcoop.funding.services import totals_by_donor
from medcoop.organizations.models import Organization
from medcoop.patients.models import PatientEpisode

from .regions import REGIONS, region_of


@dataclass
class ActivityRow:
    """An activity as the report prints it; read as plain values, because a report may hold 100,000 of them."""

    title: str
    start: str
    figures: list = field(default_factory=list)  # (metric code, value, currency or unit)


@dataclass
class PartnerSection:
    organization: Organization
    agreements: list = field(default_factory=list)  # (agreement, event) with event signed / renewed / expiring
    activities: list = field(default_factory=list)


@dataclass
class CountrySection:
    code: str
    partners: dict = field(default_factory=dict)  # organization pk → PartnerSection


@dataclass
class Report:
    year: int
    institution: Organization | None
    regions: list = field(default_factory=list)  # (region key, label, [CountrySection])
    totals: dict = field(default_factory=dict)  # metric code → total
    funding: list = field(default_factory=list)  # (currency, total)
    funding_by_donor: list = field(default_factory=list)  # funding.services.DonorTotals: committed, moved in the year
    activities_by_kind: list = field(default_factory=list)
    trainings: int = 0
    consultations: int = 0
    patients: int = 0
    patients_by_country: list = field(default_factory=list)
    agreement_count: int = 0
    activity_count: int = 0
    delegations: tuple = (0, 0)  # (out, in): delegations abroad and received that went beyond a draft
    techniques: list = field(default_factory=list)  # TechniqueRow: the techniques newly mastered in the year
    training: "TrainingSection | None" = None


@dataclass
class TrainingSection:
    """What the training records of the year say: cohorts run (training programmes), trainees who completed,
    of them the institution's staff and the foreign trainees (by nationality), course by course."""

    programmes: int = 0
    completed: int = 0
    staff_trained: int = 0
    foreign_trainees: int = 0
    foreign_by_country: list = field(default_factory=list)  # (country code, trainees completed)
    courses: list = field(default_factory=list)  # (course name, cohorts, trainees, completed, foreign)


@dataclass
class TechniqueRow:
    technique: str
    specialty: str
    source: str
    mastered_on: date
    cases: int


def in_year(year: int, path: str = "") -> Q:
    """Activities that took place in the year: started in it, or ongoing from before and not ended before it.
    `path` reaches the activity from a related model ("activity__"), so figures and partners are filtered by a
    join rather than a subquery over a hundred thousand activities."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return Q(**{f"{path}start_on__lte": last}) & (
        Q(**{f"{path}start_on__gte": first})
        | Q(**{f"{path}end_on__gte": first})
        | Q(**{f"{path}end_on__isnull": True, f"{path}status": "ongoing"})
    )


def year_activities(scope: Scope, year: int):
    return scope.of(Activity).filter(in_year(year))


def year_agreements(scope: Scope, year: int):
    """Agreements signed (or renewed) in the year, or expiring in it."""
    return scope.of(Agreement).filter(Q(signed_on__year=year) | Q(expires_on__year=year))


def build_report(scope: Scope, year: int) -> Report:
    report = Report(year, scope.institution)
    countries: dict[str, CountrySection] = {}

    def section(organization: Organization) -> PartnerSection:
        country = countries.setdefault(organization.country, CountrySection(organization.country))
        return country.partners.setdefault(organization.pk, PartnerSection(organization))

    agreements = year_agreements(scope, year).prefetch_related("parties__organization")
    for agreement in agreements:
        event = (
            ("renewed" if agreement.renews_id else "signed")
            if agreement.signed_on and agreement.signed_on.year == year
            else "expiring"
        )
        for party in agreement.parties.all():
            if not party.organization.is_member:
                section(party.organization).agreements.append((agreement, event))
    activities = year_activities(scope, year)
    rows = {
        pk: ActivityRow(title, str(PartialDate(start, precision)) if start else "")
        for pk, title, start, precision in activities.values_list("pk", "title", "start_on", "start_precision")
    }
    figures = scope.of(Figure, "activity__owner").filter(in_year(year, "activity__"))
    for activity_id, metric, value, currency, unit in figures.values_list(
        "activity_id", "metric_id", "value", "currency", "unit"
    ).order_by("pk"):
        rows[activity_id].figures.append((metric, value, currency or unit))
    links = list(
        scope.of(ActivityPartner, "activity__owner")
        .filter(in_year(year, "activity__"), organization__is_member=False)
        .values_list("activity_id", "organization_id")
    )
    partners = Organization.objects.in_bulk({organization_id for _activity, organization_id in links})
    for activity_id, organization_id in links:
        section(partners[organization_id]).activities.append(rows[activity_id])
    grouped = defaultdict(list)
    for code, country in sorted(countries.items()):
        grouped[region_of(code)].append(country)
    report.regions = [(key, label, grouped[key]) for key, label in REGIONS if grouped.get(key)]

    report.totals, report.funding = figure_sums(figures)
    report.activities_by_kind = list(
        year_activities(scope, year)
        .values_list("kind__label_vi", "kind__label_en")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    report.trainings = year_activities(scope, year).filter(kind="training").count()
    report.activity_count = year_activities(scope, year).count()
    report.agreement_count = agreements.count()
    report.consultations = scope.of(ConsultationCase, counting=True).filter(submitted_at__year=year).count()
    episodes = scope.of(PatientEpisode, counting=True).filter(
        Q(admitted_on__year=year) | Q(admitted_on__isnull=True, created_at__year=year)
    )
    report.patients = episodes.count()
    report.patients_by_country = list(episodes.values_list("nationality").annotate(n=Count("pk")).order_by("-n"))
    report.delegations = delegation_counts(scope, year)
    report.funding_by_donor = totals_by_donor(scope.of(Funding), year)
    report.techniques = techniques_mastered(scope, year)
    report.training = training_section(scope, year)
    return report


def training_section(scope: Scope, year: int) -> TrainingSection:
    """Cohorts that started in the year (or, undated, whose activity took place in it) and their trainees."""
    cohorts = scope.of(TrainingCohort, "activity__owner").filter(
        Q(starts_on__year=year) | (Q(starts_on__isnull=True) & in_year(year, "activity__"))
    )
    trainees = Trainee.objects.filter(cohort__in=cohorts)
    done = trainees.filter(completed=True)
    foreign = done.filter(is_staff=False).exclude(country__in=["", "VN"])
    courses = (
        cohorts.values("course__name")
        .annotate(
            n_cohorts=Count("pk", distinct=True),
            n_trainees=Count("trainees", distinct=True),
            n_completed=Count("trainees", filter=Q(trainees__completed=True), distinct=True),
            n_foreign=Count(
                "trainees",
                filter=Q(trainees__completed=True, trainees__is_staff=False) & ~Q(trainees__country__in=["", "VN"]),
                distinct=True,
            ),
        )
        .order_by("course__name")
    )
    return TrainingSection(
        programmes=cohorts.count(),
        completed=done.count(),
        staff_trained=done.filter(is_staff=True).count(),
        foreign_trainees=foreign.count(),
        foreign_by_country=list(foreign.values_list("country").annotate(n=Count("pk")).order_by("-n", "country")),
        courses=[
            (c["course__name"], c["n_cohorts"], c["n_trainees"], c["n_completed"], c["n_foreign"]) for c in courses
        ],
    )


def techniques_mastered(scope: Scope, year: int) -> list[TechniqueRow]:
    """The techniques newly mastered in the year, as hospitals list them ("techniques mastered thanks to...")."""
    from medcoop.activities.services import mastered_in

    return [
        TechniqueRow(t.technique, str(t.specialty or ""), str(t.source or ""), t.mastered_on, t.independent_cases)
        for t in mastered_in(scope.of(TechnologyTransfer), year)
    ]


def delegation_counts(scope: Scope, year: int) -> tuple[int, int]:
    from medcoop.delegations.models import Delegation, Kind
    from medcoop.delegations.periodic import COUNTED

    cases = scope.of(Delegation).filter(start_on__year=year, status__in=COUNTED)
    outbound = cases.filter(kind=Kind.OUTBOUND).count()
    return outbound, cases.count() - outbound


def run_report_job(job, progress) -> dict:
    """The annual report, prepared in the background and kept on the job for its page to hand over."""
    from medcoop.jobs.services import attach_output

    from .documents import render

    params = job.params
    institution = Organization.objects.filter(pk=params.get("institution")).first()
    progress(0, 2)
    report = build_report(Scope(job.user, institution), params["year"])
    progress(1, 2)
    content, _content_type = render(report, params["format"], params["language"])
    name = f"bao-cao-htqt-{report.year}-{institution.code if institution else 'tat-ca'}.{params['format']}"
    attach_output(job, name, content)
    progress(2, 2)
    return {"name": name}
