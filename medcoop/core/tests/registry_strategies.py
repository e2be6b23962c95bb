"""Hypothesis strategies that fill an institution's registry through its services (organizations with
identifiers, agreements with parties, activities with partners and figures, foreign patients' episodes),
shared by the round-trip tests."""

import contextlib
from datetime import date
from decimal import Decimal

from django.db import transaction
from hypothesis import strategies as st

from medcoop.activities.models import Activity, ActivityPartner, ActivityStatus, Direction, Figure
from medcoop.activities.services import save_activity
from medcoop.agreements.models import Agreement, AgreementKind, AgreementParty
from medcoop.agreements.services import save_agreement
from medcoop.core.dates import Precision
from medcoop.core.models import ActivityKind, FigureMetric, Specialty
from medcoop.core.text import fold
from medcoop.organizations.models import Organization, OrganizationKind
from medcoop.organizations.services import save_organization
from medcoop.patients.models import PatientEpisode, Payer
from medcoop.patients.services import save_episode

LETTERS = "abcdeghiklmnopqrstuvxyàáảãạăằắâấầđèéêếềìíòóôốồơớờùúưứừỳýABCĐHKLMNPTV"
WORD = st.text(LETTERS, min_size=2, max_size=7)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
COUNTRIES = st.sampled_from(["VN", "FR", "LA", "JP", "US", "SE"])
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


@contextlib.contextmanager
def rolled_back():
    """One example's records, undone after it: examples of one test share its database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def ror_id(n: int) -> str:
    digits = ""
    for _position in range(6):
        n, rest = divmod(n, 32)
        digits = _CROCKFORD[rest] + digits
    number = sum(_CROCKFORD.index(c) * 32 ** (5 - i) for i, c in enumerate(digits))
    return f"0{digits}{98 - (number * 100) % 97:02d}"


def tax_code(n: int) -> str | None:
    digits = f"{n % 10**9:09d}"
    check = 10 - sum(int(d) * w for d, w in zip(digits, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)) % 11
    return None if check == 10 else f"{digits}{check}"


def _identifiers(index: int, given: dict) -> dict:
    fields = {}
    if given["ror"]:
        fields["ror_id"] = ror_id(index * 7919 + given["ror"])
    if given["iati"]:
        fields["iati_org_id"] = f"FR-RCS-{given['iati']}{index}"
    if given["facility"]:
        fields["moh_facility_code"] = f"{index:02d}{given['facility'] % 1000:03d}"
    code = tax_code(index * 104729 + given["tax"]) if given["tax"] else None
    if code:
        fields["tax_code"] = code + ("-001" if given["tax"] % 2 else "")
    return fields


IDENTIFIERS = st.fixed_dictionaries(
    {
        "ror": st.integers(0, 1000),
        "iati": st.integers(0, 99999),
        "facility": st.integers(0, 999),
        "tax": st.integers(0, 10**6),
    }
)


@st.composite
def registry(draw, user) -> dict:
    """Partners, agreements and activities of the user's institution, saved by the services as a user would."""
    owner = user.organization
    names = draw(
        st.lists(NAME, min_size=2, max_size=4, unique_by=fold).filter(lambda n: fold(owner.name) not in map(fold, n))
    )
    partners = []
    for index, name in enumerate(names, start=1):
        organization = Organization(
            owner=owner,
            is_member=False,
            name=name,
            name_en=draw(st.sampled_from(["", f"{name} Hospital"])),
            kind=draw(st.sampled_from(OrganizationKind.values)),
            country=draw(COUNTRIES),
            city=draw(st.sampled_from(["", "Paris", "Huế", "Viêng Chăn"])),
            website=draw(st.sampled_from(["", "https://example.org/"])),
            aliases=draw(st.lists(WORD.map(lambda w, i=index: f"{w} {i}"), max_size=2, unique=True)),
            **_identifiers(index, draw(IDENTIFIERS)),
        )
        partners.append(save_organization(user, organization))
    agreements = []
    for index in range(draw(st.integers(0, 2))):
        signed = draw(st.dates(date(2015, 1, 1), date(2026, 1, 1)))
        length = draw(st.sampled_from([None, 12, 60]))
        agreement = Agreement(
            owner=owner,
            reference=f"{draw(st.integers(1, 999))}/HĐ-{index}",
            title=draw(NAME),
            kind=draw(st.sampled_from(AgreementKind.values)),
            signed_on=signed,
            duration_months=length,
            expires_on=None if length else draw(st.sampled_from([None, date(2030, 12, 31)])),
        )
        chosen = draw(st.lists(st.sampled_from(partners), min_size=1, max_size=2, unique=True))
        parties = [{"organization": owner}] + [{"organization": p} for p in chosen]
        agreements.append(save_agreement(user, agreement, parties=parties))
    metrics = list(FigureMetric.objects.all())
    for _number in range(draw(st.integers(1, 3))):
        start = draw(st.dates(date(2015, 1, 1), date(2026, 12, 31)))
        precision = draw(st.sampled_from(Precision.values))
        start = start.replace(day=1) if precision != Precision.DAY else start
        start = start.replace(month=1) if precision == Precision.YEAR else start
        activity = Activity(
            owner=owner,
            title=draw(NAME),
            kind_id=draw(st.sampled_from([k.code for k in ActivityKind.objects.all()])),
            start_on=draw(st.sampled_from([None, start])),
            start_precision=precision,
            status=draw(st.sampled_from(ActivityStatus.values)),
            direction=draw(st.sampled_from(Direction.values)),
            place=draw(st.sampled_from(["", "Hà Nội", "Lyon"])),
            country=draw(st.sampled_from(["", "FR", "VN"])),
            agreement=draw(st.sampled_from([None, *agreements])),
        )
        chosen = draw(st.lists(st.sampled_from(partners), max_size=2, unique=True))
        figures = []
        for metric in draw(st.lists(st.sampled_from(metrics), max_size=3, unique=True)):
            top = 10**9 if metric.is_money else 100
            value = draw(st.decimals(0, top, places=2, allow_nan=False, allow_infinity=False))
            currency = draw(st.sampled_from(["EUR", "VND", "USD"])) if metric.is_money else ""
            figures.append({"metric": metric, "value": value, "currency": currency})
        save_activity(
            user,
            activity,
            partners=[{"organization": p, "role": draw(st.sampled_from(["funder", "participant"]))} for p in chosen],
            figures=figures,
        )
    for _number in range(draw(st.integers(0, 2))):
        admitted = draw(st.sampled_from([None, date(2025, 3, 1)]))
        episode = PatientEpisode(
            owner=owner,
            nationality=draw(COUNTRIES),
            home_region=draw(st.sampled_from(["", "Viêng Chăn", "Champasak"])),
            receiving_department=draw(st.sampled_from(["", "Khoa Ung bướu"])),
            specialty_id=draw(st.sampled_from([None, *Specialty.objects.values_list("pk", flat=True)[:3]])),
            diagnosis=draw(st.sampled_from(["", "C34.1", "I21.0"])),
            admitted_on=admitted,
            discharged_on=draw(st.sampled_from([None, date(2025, 3, 20)])) if admitted else None,
            outcome=draw(st.sampled_from(["", "Ổn định, ra viện"])),  # free text no export carries
            payer=draw(st.sampled_from(Payer.values)),
            agreement=draw(st.sampled_from([None, *agreements])),
            consent_to_share=draw(st.booleans()),
        )
        save_episode(user, episode, identity={"name": draw(NAME)})
    return {"partners": partners, "agreements": agreements}


def registry_state(owner) -> dict:
    """Every stored field of an institution's registry, to compare before and after a round trip."""
    return {
        "organizations": list(Organization.objects.filter(owner=owner).order_by("pk").values()),
        "agreements": list(Agreement.objects.filter(owner=owner).order_by("pk").values()),
        "parties": list(AgreementParty.objects.filter(agreement__owner=owner).order_by("pk").values()),
        "activities": list(Activity.objects.filter(owner=owner).order_by("pk").values()),
        "partners": list(ActivityPartner.objects.filter(activity__owner=owner).order_by("pk").values()),
        "figures": list(Figure.objects.filter(activity__owner=owner).order_by("pk").values()),
        "episodes": list(PatientEpisode.objects.filter(owner=owner).order_by("pk").values()),
    }


__all__ = ["Decimal", "registry", "registry_state", "rolled_back"]
