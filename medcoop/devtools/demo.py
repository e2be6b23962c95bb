"""Loads `demo_data` through the same services the UI uses, so the demo obeys every rule a user meets."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from medcoop.activities.models import Activity, TechnologyTransfer
from medcoop.activities.services import save_activity
from medcoop.agreements.models import Agreement
from medcoop.agreements.services import save_agreement
from medcoop.core.models import ActivityKind, FigureMetric, Specialty, User
from medcoop.core.services import save_validated
from medcoop.organizations.models import Contact, Organization
from medcoop.organizations.provinces import lookup_province

from . import demo_data, demo_year


def _members() -> dict[str, Organization]:
    members = {}
    for spec in demo_data.MEMBERS:
        member = Organization.objects.filter(code=spec["code"]).first() or Organization(code=spec["code"])
        member.name, member.name_en, member.aliases = spec["name"], spec["name_en"], spec["aliases"]
        member.kind, member.country, member.is_member = spec.get("kind", "hospital"), "VN", True
        member.province_code = lookup_province(spec["province"])
        member.owner_id = member.pk
        members[spec["code"]] = save_validated(member, exclude=["owner"])
    return members


def _users(members: dict[str, Organization], partners) -> list[User]:
    users = []
    for username, role, where, first_name, last_name in demo_data.USERS:
        organization = partners[where] if isinstance(where, tuple) else members.get(where)
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.organization, user.first_name, user.last_name = role, organization, first_name, last_name
        user.email = f"{username}@demo.medcoop.local"
        user.time_zone = demo_data.TIME_ZONES.get(username, "Asia/Ho_Chi_Minh")
        user.set_password(demo_data.DEMO_PASSWORD)
        user.save()
        users.append(user)
    return users


def _partners(members) -> dict[tuple[str, str], Organization]:
    partners = {}
    for owner_code, rows in demo_data.PARTNERS.items():
        owner = members[owner_code]
        for name, country, kind, name_en, aliases, city in rows:
            partner = Organization.objects.filter(owner=owner, name=name).first() or Organization(
                owner=owner, name=name
            )
            partner.country, partner.kind, partner.name_en, partner.aliases, partner.city = (
                country,
                kind,
                name_en,
                aliases,
                city,
            )
            partners[(owner_code, name)] = save_validated(partner)
    for (owner_code, name), people in demo_data.CONTACTS.items():
        for person, title, role in people:
            Contact.objects.get_or_create(
                organization=partners[(owner_code, name)], name=person, defaults={"title": title, "role": role}
            )
    return partners


def _organization(owner_code: str, name: str, members, partners) -> Organization:
    member = next((m for m in members.values() if m.name == name), None)
    return member or partners[(owner_code, name)]


def _agreements(coordinators, members, partners) -> dict[str, Agreement]:
    agreements = {}
    for spec in [*demo_data.AGREEMENTS, *demo_year.AGREEMENTS]:
        owner = members[spec["owner"]]
        agreement = Agreement.objects.filter(owner=owner, title=spec["title"]).first() or Agreement(
            owner=owner, title=spec["title"]
        )
        for field in ("kind", "level", "signed_on", "summary"):
            setattr(agreement, field, spec[field])
        agreement.duration_months = spec.get("duration_months")
        agreement.expires_on = None
        parties = [{"organization": _organization(spec["owner"], n, members, partners)} for n in spec["parties"]]
        known = {c.description: c.pk for c in agreement.commitments.all()} if agreement.pk else {}
        commitments = [
            {
                "pk": known.get(text),
                "party": _organization(spec["owner"], party, members, partners),
                "description": text,
                "due_on": due,
            }
            for party, text, due in spec.get("commitments", [])
        ]
        agreements[spec["title"]] = save_agreement(
            coordinators[spec["owner"]],
            agreement,
            parties=parties,
            commitments=commitments,
            scope=ActivityKind.objects.filter(code__in=spec["scope"]),
            specialties=Specialty.objects.filter(code__in=spec["specialties"]),
        )
    return agreements


def _activities(coordinators, members, partners, agreements, specs=None) -> None:
    metrics = {m.code: m for m in FigureMetric.objects.all()}
    for spec in demo_data.ACTIVITIES if specs is None else specs:
        owner_code = spec["owner"]
        owner = members[owner_code]
        activity = Activity.objects.filter(owner=owner, title=spec["title"]).first() or Activity(
            owner=owner, title=spec["title"]
        )
        activity.kind_id = spec["kind"]
        activity.start_on, activity.start_precision = spec["start"]
        activity.end_on, activity.end_precision = spec.get("end", (None, "day"))
        activity.direction, activity.status = spec["direction"], spec.get("status", "done")
        activity.place, activity.country = spec.get("place", ""), spec.get("country", "")
        activity.description = spec.get("description", "")
        activity.agreement = agreements.get(spec.get("agreement"))
        save_activity(
            coordinators[owner_code],
            activity,
            partners=[
                {"organization": _organization(owner_code, n, members, partners), "role": r}
                for n, r in spec.get("partners", [])
            ],
            figures=[{"metric": metrics[m], "value": Decimal(v), "currency": c} for m, v, c in spec.get("figures", [])],
            specialties=Specialty.objects.filter(code__in=spec.get("specialties", [])),
        )
        if "funding" in spec:
            _funding(
                coordinators[owner_code], activity, spec["funding"], partners[(owner_code, spec["funding"]["donor"])]
            )
        if "transfer" in spec:
            source = spec["transfer"]["source"]
            _save_detail(
                TechnologyTransfer,
                activity,
                {**spec["transfer"], "owner": owner, "source": partners[(owner_code, source)] if source else None},
            )


def _funding(coordinator, activity, spec: dict, donor) -> None:
    """A funding of the activity with its transactions and equipment, through the service the pages use."""
    from medcoop.funding.models import Funding
    from medcoop.funding.services import save_funding

    funding = Funding.objects.filter(activity=activity, title=spec["title"]).first() or Funding(
        owner=activity.owner, activity=activity, title=spec["title"]
    )
    funding.agreement, funding.donor = activity.agreement, donor
    for name in ("instrument", "flow_type", "amount", "currency", "committed_on", "purpose"):
        setattr(funding, name, spec[name])
    save_funding(
        coordinator,
        funding,
        transactions=[
            {"kind": kind, "date": on, "amount": Decimal(amount), "description": note}
            for kind, on, amount, note in spec["transactions"]
        ],
        equipment=[
            {"item": item, "quantity": quantity, "value": value, "handed_over_on": on}
            for item, quantity, value, on in spec["equipment"]
        ],
    )


def _save_detail(model, activity, fields: dict) -> None:
    detail = model.objects.filter(activity=activity).first() or model(activity=activity)
    for name, value in fields.items():
        setattr(detail, name, value)
    save_validated(detail)


@transaction.atomic
def load_demo() -> list[User]:
    """Create or refresh the demo registry and its users; running it again duplicates nothing."""
    members = _members()
    partners = _partners(members)
    users = _users(members, partners)
    coordinators = {u.organization.code: u for u in users if u.role == "coordinator"}
    agreements = _agreements(coordinators, members, partners)
    _activities(coordinators, members, partners, agreements)
    _consultations(members, partners, {u.username: u for u in users})
    _delegations(coordinators, members, partners)
    from .demo_training import load_techniques, load_training

    load_training(coordinators, members, partners)
    load_techniques(coordinators, members, partners)

    _k_year(coordinators, members, partners, agreements, {u.username: u for u in users})
    return users


def _consultations(members, partners, users) -> None:
    """The demo's answered consultation, created through the same services as the UI."""
    from datetime import timedelta

    from medcoop.consultations import services
    from medcoop.consultations.models import ConsultationCase
    from medcoop.privacy.models import Consent
    from medcoop.privacy.services import record_consent

    for spec in demo_data.CONSULTATIONS:
        owner = members[spec["owner"]]
        if ConsultationCase.objects.filter(owner=owner, question=spec["question"]).exists():
            continue
        clinician, expert = users[spec["requested_by"]], users[spec["expert"]]
        texts = ("question", "history", "findings", "current_treatment", "question_translated", "summary_translated")
        fields = {k: spec[k] for k in ("urgency", "age_band", "sex", *texts) if k in spec}
        case = services.save_case(
            clinician,
            ConsultationCase(owner=owner, specialty_id=spec["specialty"], **fields),
            partners=[partners[(spec["owner"], spec["partner"])]],
            translation_checked="question_translated" in spec,
        )
        services.invite(clinician, case, expert)
        record_consent(clinician, case, Consent(given_on=timezone.localdate(), form_reference=spec["consent_form"]))
        services.submit(clinician, case)
        services.accept(expert, case)
        services.submit_opinion(expert, case, spec["opinion"])
        ConsultationCase.objects.filter(pk=case.pk).update(
            first_opinion_at=case.submitted_at + timedelta(hours=spec["answer_after_hours"])
        )


def _delegations(coordinators, members, partners) -> None:
    """A year of delegations, each case taken through the services to the step it has reached."""
    from datetime import timedelta

    from medcoop.delegations import services
    from medcoop.delegations.models import AnnualPlan, Delegation

    plans = {}
    for owner_code, year, items in demo_data.DELEGATION_PLANS:
        owner, coordinator = members[owner_code], coordinators[owner_code]
        plan = AnnualPlan.objects.filter(owner=owner, year=year).first()
        if plan is None:
            plan = services.save_plan(
                coordinator,
                AnnualPlan(owner=owner, year=year),
                [
                    {"kind": k, "purpose": p, "title": t, "country": c, "month": m, "people": n}
                    for k, p, t, c, m, n in items
                ],
            )
            services.approve_plan(coordinator, plan, on=date(year - 1, 12, 15), by="Giám đốc")
        plans[owner_code] = plan
    for spec in demo_data.DELEGATIONS:
        owner, coordinator = members[spec["owner"]], coordinators[spec["owner"]]
        if Delegation.objects.filter(owner=owner, title=spec["title"]).exists():
            continue
        plan = plans.get(spec["owner"]) if spec.get("plan") else None
        start = spec["start"]
        delegation = services.save_delegation(
            coordinator,
            Delegation(
                owner=owner,
                kind=spec["kind"],
                purpose=spec["purpose"],
                title=spec["title"],
                country=spec["country"],
                place=spec["place"],
                partner=partners[(spec["owner"], spec["partner"])],
                start_on=start,
                end_on=spec["end"],
                funding=spec["funding"],
                estimated_cost=spec.get("cost"),
                plan_item=plan.items.filter(kind=spec["kind"]).first() if plan and plan.year == start.year else None,
                activity=Activity.objects.filter(owner=owner, title=spec.get("activity", "")).first(),
            ),
            members=[
                {
                    "name": name,
                    "position": position,
                    "department": department,
                    "nationality": nationality,
                    "rank": spec.get("rank", "none") if index == 0 else "none",
                    "is_head": index == 0,
                    "practises": practises,
                    "permit_number": f"{index + 1:03d}/GPHN-BYT" if practises else "",
                    "permit_issuer": "Bộ Y tế" if practises else "",
                    "permit_valid_until": start + timedelta(days=valid_days) if practises else None,
                }
                for index, (name, position, department, nationality, practises, valid_days) in enumerate(
                    spec["members"]
                )
            ],
        )
        _advance(coordinator, delegation, spec)


def _advance(coordinator, delegation, spec) -> None:
    """Take a demo case through the flow up to its step, dated before its start as an office would have."""
    from datetime import timedelta

    from medcoop.delegations import services

    order = ["draft", "submitted", "approved", "decided", "reported"]
    reached = order.index(spec["step"])
    submitted = min(delegation.file_due_on, timezone.localdate())
    if reached >= 1:
        services.submit(coordinator, delegation, today=submitted)
    if reached >= 2:
        while delegation.status == "submitted":
            services.decide_step(coordinator, delegation, True, "Đồng ý", today=submitted)
    if reached >= 3:
        number = f"{delegation.pk:03d}/QĐ-{delegation.owner.code}"
        services.record_decision(coordinator, delegation, number=number, on=submitted + timedelta(days=7))
    if reached >= 4:
        services.record_report(
            coordinator, delegation, on=delegation.end_on + timedelta(days=10), results=spec["results"]
        )


def _k_year(coordinators, members, partners, agreements, users) -> None:
    """Bệnh viện K's year (devtools.demo_year): every kind of activity, cases at each step, a session, patients on
    the board, articles read and applied; each part finds what an earlier run made and adds nothing twice."""
    _activities(coordinators, members, partners, agreements, [{"owner": "BVK", **a} for a in demo_year.ACTIVITIES])
    cases = _k_cases(members["BVK"], partners[("BVK", demo_year.GR)], users)
    _k_session(coordinators["BVK"], cases, users)
    _k_patients(coordinators["BVK"])
    _k_articles(coordinators["BVK"])


def _k_cases(owner, partner, users) -> list:
    from medcoop.consultations import services
    from medcoop.consultations.models import ConsultationCase
    from medcoop.privacy.models import Consent
    from medcoop.privacy.services import record_consent

    clinician, expert = users["bacsi"], users["chuyengia"]
    steps = ["draft", "submit", "accept", "opinion", "close"]
    cases = []
    for spec in demo_year.CASES:
        case = ConsultationCase.objects.filter(owner=owner, question=spec["question"]).first()
        if case is None:
            fields = {k: v for k, v in spec.items() if k not in ("step", "specialty", "opinion", "answer_after_hours")}
            case = services.save_case(
                clinician,
                ConsultationCase(owner=owner, specialty_id=spec["specialty"], **fields),
                partners=[partner],
                translation_checked=True,
            )
            services.invite(clinician, case, expert)
            reached = steps[: steps.index(spec["step"]) + 1]
            if "submit" in reached:
                record_consent(clinician, case, Consent(given_on=timezone.localdate(), form_reference="PĐY-K"))
                services.submit(clinician, case)
            if "accept" in reached:
                services.accept(expert, case)
            if "close" in reached:
                services.submit_opinion(expert, case, spec["opinion"])
                ConsultationCase.objects.filter(pk=case.pk).update(
                    first_opinion_at=case.submitted_at + timedelta(hours=spec["answer_after_hours"])
                )
                services.close(clinician, case)
        cases.append(case)
    return cases


def _k_session(coordinator, cases, users) -> None:
    """A tumour board next week with the case under discussion."""
    from medcoop.consultations import services
    from medcoop.consultations.models import CaseStatus, Session

    title = "Hội chẩn u bướu trực tuyến với Gustave Roussy"
    if Session.objects.filter(owner=coordinator.organization, title=title).exists():
        return
    on_agenda = [c for c in cases if c.status == CaseStatus.ACCEPTED]
    starts = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=7)
    services.schedule_session(
        coordinator,
        Session(
            owner=coordinator.organization, title=title, starts_at=starts, meeting_url="https://meet.example.org/k"
        ),
        cases=on_agenda,
        participants=[users["bacsi"], users["chuyengia"]],
    )


def _k_patients(coordinator) -> None:
    from medcoop.patients import services
    from medcoop.patients.models import PatientEpisode

    order = ["requested", "accepted", "admitted", "discharged"]
    for nationality, specialty, diagnosis, days, payer, status in demo_year.EPISODES:
        admitted = timezone.localdate() - timedelta(days=days)
        if PatientEpisode.objects.filter(owner=coordinator.organization, diagnosis=diagnosis, admitted_on=admitted):
            continue
        episode = services.save_episode(
            coordinator,
            PatientEpisode(
                owner=coordinator.organization,
                nationality=nationality,
                specialty_id=specialty,
                diagnosis=diagnosis,
                admitted_on=admitted,
                payer=payer,
                receiving_department="Khoa Nội 1",
            ),
        )
        for step in order[1 : order.index(status) + 1]:
            services.move(coordinator, episode, step)


def _k_articles(coordinator) -> None:
    from medcoop.articles import services
    from medcoop.articles.models import ArticleSource, ArticleStatus
    from medcoop.articles.reading import ReadText

    for title, text, apply in demo_year.ARTICLES:
        read = ReadText(text=f"{title}\n{text}", kind="text", title=title)
        article, _created = services.store_article(coordinator, read, source=ArticleSource.PASTED)
        if apply and article.status != ArticleStatus.APPLIED:
            services.apply_article(coordinator, article)
