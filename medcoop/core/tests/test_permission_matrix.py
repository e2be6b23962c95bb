"""The permission matrix, generated: for every kind of record of institution A, every user who must not read it
(by role and institution), and every way in (page, change, API, list, search, export, file download, report,
dashboard), the answer is 404 or 403 and neither the record's name nor its figures appear, nor a count.

Each record of A carries the word MARK in its name, and A's activity reports FIGURE staff trained, so a leak
anywhere shows up as that word or number in what the user receives."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from medcoop.activities.models import Activity, TechnologyTransfer, TrainingCourse
from medcoop.activities.services import save_activity, save_course, save_transfer
from medcoop.agreements.models import Agreement, AgreementDocument
from medcoop.agreements.services import save_agreement
from medcoop.articles.reading import ReadText
from medcoop.articles.services import store_article
from medcoop.conftest import capture_on_commit_callbacks, make_partner, make_user
from medcoop.consultations import services as consultations
from medcoop.consultations.models import ConsultationCase, Session
from medcoop.core.models import FigureMetric, Specialty
from medcoop.core.permissions import Role
from medcoop.delegations.models import Delegation, Kind, Purpose
from medcoop.delegations.services import save_delegation
from medcoop.funding.models import Funding
from medcoop.funding.services import save_funding
from medcoop.jobs.models import Job, JobKind
from medcoop.jobs.services import start
from medcoop.patients.models import PatientEpisode
from medcoop.patients.services import save_episode
from medcoop.privacy.models import Consent
from medcoop.privacy.services import record_consent

from .test_api import bearer

MARK = "Quokka"
SEARCH = MARK[:4]  # finds MARK (search matches word starts) without the page's echo of the query leaking MARK
FIGURE = 7777
LEAKS = (MARK, "7777", "7.777", "7,777", "7 777")
# One blank page: a PDF attached to a case is opened and cleaned (consultations.deidentify.clean_pdf).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# Who must not read A's records. Another institution's staff and partner experts never read A's registry; the
# ministry and the administrator read the registry but no clinical record; a job is its starter's.
OUTSIDERS = ["coordinator_b", "clinician_b", "leadership_b", "expert_not_invited", "expert_of_b"]
CLINICAL = OUTSIDERS + ["ministry", "admin"]
READERS_WHO_DO_NOT_WRITE = ["clinician_a", "leadership_a", "ministry", "admin"]
FORBIDDEN = {
    "organization": OUTSIDERS,
    "agreement": OUTSIDERS,
    "delegation": OUTSIDERS,
    "course": OUTSIDERS,
    "funding": OUTSIDERS,
    "technique": OUTSIDERS,
    "document": OUTSIDERS,
    "activity": OUTSIDERS,
    "article": OUTSIDERS,
    "case": CLINICAL,
    "attachment": CLINICAL,
    "session": CLINICAL,
    "episode": CLINICAL,
    "consent": CLINICAL + ["expert"],  # the case's invited expert reads the case, never its consents
    "job": OUTSIDERS + ["ministry", "clinician_a"],
}
# Who reads a record but must not change it: each change path is also tried by them.
READ_ONLY = {
    "organization": READERS_WHO_DO_NOT_WRITE,
    "delegation": READERS_WHO_DO_NOT_WRITE,
    "course": READERS_WHO_DO_NOT_WRITE,
    "funding": READERS_WHO_DO_NOT_WRITE,
    "technique": READERS_WHO_DO_NOT_WRITE,
    "agreement": READERS_WHO_DO_NOT_WRITE,
    "activity": READERS_WHO_DO_NOT_WRITE,
    "case": ["leadership_a"],
    "session": ["clinician_a", "leadership_a"],
    "episode": ["clinician_a", "leadership_a"],
    "consent": ["leadership_a"],
}


@dataclass(frozen=True)
class Path:
    """One way in: `kind` says what a refusal looks like (see `check`)."""

    name: str
    kind: str  # "page", "change", "api", "list", "file"
    call: Callable  # (client, record, headers) -> response


def get(name, *args, **query):
    return lambda client, record, headers: client.get(reverse(name, args=[a(record) for a in args]), query)


def post(name, *args, data=None):
    return lambda client, record, headers: client.post(reverse(name, args=[a(record) for a in args]), data or {})


def api(method, url, body=None):
    def call(client, record, headers):
        address = url.format(pk=record.pk)
        if method == "get":
            return client.get(address, **headers)
        return getattr(client, method)(address, body or {}, content_type="application/json", **headers)

    return call


pk = lambda record: record.pk  # noqa: E731
case_pk = lambda record: record.case_id  # noqa: E731

PATHS = {
    "organization": [
        Path("detail", "page", get("organization-detail", pk)),
        Path("edit", "change", get("organization-edit", pk)),
        Path("delete", "change", post("organization-delete", pk)),
        Path("merge", "change", get("organization-merge", pk)),
        Path("merge post", "change", post("organization-merge", pk, data={"merged": "1"})),
        Path("undo merge", "change", post("organization-merge", pk, data={"undo": "1"})),
        Path("api merge", "change", api("post", "/api/organizations/{pk}/merge", {"merged": 1})),
        Path("api merges", "change", api("get", "/api/organizations/{pk}/merges")),
        Path("api undo merge", "change", api("post", "/api/organizations/{pk}/merges/1/undo")),
        Path("api", "api", api("get", "/api/organizations/{pk}")),
        Path("api change", "api", api("patch", "/api/organizations/{pk}", {"name": "x"})),
        Path("search", "list", get("organization-list", q=SEARCH)),
        Path("export", "list", get("organization-list", export="csv")),
        Path("api search", "list", api("get", f"/api/organizations/?q={SEARCH}")),
    ],
    "agreement": [
        Path("detail", "page", get("agreement-detail", pk)),
        Path("edit", "change", get("agreement-edit", pk)),
        Path("delete", "change", post("agreement-delete", pk)),
        Path("api", "api", api("get", "/api/agreements/{pk}")),
        Path("search", "list", get("agreement-list", q=SEARCH)),
        Path("export", "list", get("agreement-list", export="csv")),
        Path("api search", "list", api("get", f"/api/agreements/?q={SEARCH}")),
    ],
    "document": [Path("download", "file", get("agreement-document", pk))],
    "delegation": [
        Path("detail", "page", get("delegation-detail", pk)),
        Path("edit", "change", get("delegation-edit", pk)),
        Path("submit", "change", post("delegation-step", pk, lambda r: "submit")),
        Path("cancel", "change", post("delegation-step", pk, lambda r: "cancel")),
        Path("request letter", "file", get("delegation-letter", pk, lambda r: "request")),
        Path("api", "api", api("get", "/api/delegations/{pk}")),
        Path("api submit", "api", api("post", "/api/delegations/{pk}/submit")),
        Path("search", "list", get("delegation-list", q=SEARCH)),
        Path("export", "list", get("delegation-list", export="csv")),
        Path("api search", "list", api("get", f"/api/delegations/?q={SEARCH}")),
        Path("report", "list", get("delegation-report")),
    ],
    "technique": [
        Path("detail", "page", get("technique-detail", pk)),
        Path("edit", "change", get("technique-edit", pk)),
        Path("delete", "change", post("technique-delete", pk)),
        Path("milestone", "change", post("technique-step", pk, lambda r: "milestone", data={"on": "01/03/2025"})),
        Path("stop", "change", post("technique-step", pk, lambda r: "stop")),
        Path("api", "api", api("get", "/api/techniques/{pk}")),
        Path("api change", "api", api("patch", "/api/techniques/{pk}", {"technique": "x"})),
        Path("api milestone", "api", api("post", "/api/techniques/{pk}/milestone", {"on": "2025-03-01"})),
        Path("search", "list", get("technique-list", q=SEARCH)),
        Path("export", "list", get("technique-list", export="csv")),
        Path("api search", "list", api("get", f"/api/techniques/?q={SEARCH}")),
    ],
    "course": [
        Path("detail", "page", get("course-detail", pk)),
        Path("edit", "change", get("course-edit", pk)),
        Path("delete", "change", post("course-delete", pk)),
        Path("search", "list", get("course-list", q=SEARCH)),
        Path("export", "list", get("course-list", export="csv")),
        Path("api", "api", api("get", "/api/training/courses/{pk}")),
        Path("api change", "api", api("patch", "/api/training/courses/{pk}", {"name": "x"})),
        Path("api search", "list", api("get", f"/api/training/courses?q={SEARCH}")),
    ],
    "funding": [
        Path("detail", "page", get("funding-detail", pk)),
        Path("edit", "change", get("funding-edit", pk)),
        Path("delete", "change", post("funding-delete", pk)),
        Path("api", "api", api("get", "/api/funding/{pk}")),
        Path("api change", "api", api("patch", "/api/funding/{pk}", {"title": "x"})),
        Path("search", "list", get("funding-list", q=SEARCH)),
        Path("export", "list", get("funding-list", export="xlsx")),
        Path("api search", "list", api("get", f"/api/funding/?q={SEARCH}")),
        Path("dashboard", "list", get("dashboard")),
    ],
    "activity": [
        Path("detail", "page", get("activity-detail", pk)),
        Path("edit", "change", get("activity-edit", pk)),
        Path("delete", "change", post("activity-delete", pk)),
        Path("merge", "change", get("activity-merge", pk)),
        Path("merge post", "change", post("activity-merge", pk, data={"merged": "1"})),
        Path("undo merge", "change", post("activity-merge", pk, data={"undo": "1"})),
        Path("api merge", "change", api("post", "/api/activities/{pk}/merge", {"merged": 1})),
        Path("api merges", "change", api("get", "/api/activities/{pk}/merges")),
        Path("api undo merge", "change", api("post", "/api/activities/{pk}/merges/1/undo")),
        Path("api", "api", api("get", "/api/activities/{pk}")),
        Path("api change", "api", api("patch", "/api/activities/{pk}", {"title": "x"})),
        Path("visit", "change", get("visit-edit", pk)),
        Path("search", "list", get("activity-list", q=SEARCH)),
        Path("export", "list", get("activity-list", export="csv")),
        Path("IATI export", "list", get("activity-list", export="iati")),
        Path("api search", "list", api("get", f"/api/activities/?q={SEARCH}")),
        Path("dashboard", "list", get("dashboard")),
    ],
    "article": [
        Path("detail", "page", get("article-detail", pk)),
        Path("api", "api", api("get", "/api/articles/{pk}")),
        Path("api apply", "api", api("post", "/api/articles/{pk}/apply")),
        Path("search", "list", get("article-list", q=SEARCH)),
        Path("api search", "list", api("get", f"/api/articles/?q={SEARCH}")),
    ],
    "case": [
        Path("detail", "page", get("case-detail", pk)),
        Path("edit", "change", get("case-edit", pk)),
        Path("cancel", "change", post("case-action", pk, lambda r: "cancel")),
        Path("accept", "change", post("case-action", pk, lambda r: "accept")),
        Path("record DOCX", "file", get("case-document", pk, lambda r: "docx")),
        Path("record PDF", "file", get("case-document", pk, lambda r: "pdf")),
        Path("FHIR", "file", get("case-fhir", pk)),
        Path("api", "api", api("get", "/api/consultations/{pk}")),
        Path("api cancel", "api", api("post", "/api/consultations/{pk}/cancel")),
        Path("search", "list", get("case-list", q=SEARCH)),
        Path("export", "list", get("case-list", export="csv")),
        Path("api search", "list", api("get", f"/api/consultations/?q={SEARCH}")),
        Path("consent form", "change", get("consent-create", pk)),
    ],
    "attachment": [Path("download", "file", get("attachment-file", pk))],
    "session": [
        Path("detail", "page", get("session-detail", pk)),
        Path("edit", "change", get("session-edit", pk)),
        Path("calendar", "file", get("session-ics", pk)),
        Path("record", "file", get("session-document", pk, lambda r: "docx")),
        Path("search", "list", get("session-list", q=SEARCH)),
    ],
    "episode": [
        Path("detail", "page", get("episode-detail", pk)),
        Path("edit", "change", get("episode-edit", pk)),
        Path("move", "change", post("episode-move", pk, data={"status": "accepted"})),
        Path("api", "api", api("get", "/api/patients/{pk}")),
        Path("api move", "api", api("post", "/api/patients/{pk}/status", {"status": "accepted"})),
        Path("search", "list", get("episode-list", q=SEARCH)),
        Path("export", "list", get("episode-list", export="csv")),
        Path("board", "list", get("episode-board")),
        Path("api search", "list", api("get", f"/api/patients/?q={SEARCH}")),
    ],
    "consent": [
        Path("withdraw", "change", post("consent-withdraw", pk, data={"reason": "x"})),
        Path("api withdraw", "api", api("post", "/api/privacy/consents/{pk}/withdraw")),
        Path("list", "list", get("consent-list")),
        Path("transfers", "list", get("transfer-list")),
        Path("register", "list", get("privacy-register")),
        Path("export", "list", get("consent-list", export="csv")),
        Path("transfers export", "list", get("transfer-list", export="xlsx")),
        Path("api list", "list", api("get", "/api/privacy/consents")),
        Path("api transfers", "list", api("get", "/api/privacy/transfers")),
    ],
    "job": [Path("page", "page", get("job-detail", pk)), Path("file", "file", get("job-output", pk))],
}


@pytest.fixture
def world(db, settings, tmp_path, hospital_a, hospital_b, partner_of_b, coordinator_a, coordinator_b):
    """Institution A with one record of each kind, all carrying MARK, and the people around it."""
    settings.MEDIA_ROOT = tmp_path
    partner = make_partner(hospital_a, f"Viện {MARK} Lyon", "FR")
    agreement = save_agreement(
        coordinator_a,
        Agreement(
            owner=hospital_a, title=f"Thỏa thuận {MARK}", kind="mou", signed_on=date(2025, 1, 10), duration_months=36
        ),
        parties=[{"organization": hospital_a}, {"organization": partner}],
    )
    document = AgreementDocument(agreement=agreement, title=f"Bản ký {MARK}")
    document.file.save("ky.pdf", ContentFile(PDF), save=False)
    document.save()
    activity = save_activity(
        coordinator_a,
        Activity(
            owner=hospital_a,
            kind_id="training",
            title=f"Khóa học {MARK}",
            agreement=agreement,
            start_on=date(2025, 5, 1),
        ),
        partners=[{"organization": partner, "role": "host"}],
        figures=[{"metric": FigureMetric.objects.get(code="staff_trained"), "value": FIGURE}],
    )
    delegation = save_delegation(
        coordinator_a,
        Delegation(
            owner=hospital_a,
            kind=Kind.OUTBOUND,
            purpose=Purpose.TRAINING,
            title=f"Đoàn {MARK} sang Lyon",
            country="FR",
            partner=partner,
            start_on=date(2026, 3, 9),
            end_on=date(2026, 3, 20),
            funding="partner",
        ),
        members=[{"name": f"Bác sĩ {MARK}", "position": "Bác sĩ", "department": "Khoa Xạ trị"}],
    )
    course = save_course(coordinator_a, TrainingCourse(owner=hospital_a, name=f"Khóa {MARK}", length_days=30))
    funding = save_funding(
        coordinator_a,
        Funding(
            owner=hospital_a,
            title=f"Tài trợ {MARK}",
            donor=partner,
            amount=FIGURE,
            currency="EUR",
            committed_on=date(2025, 5, 1),
            activity=activity,
        ),
        transactions=[{"kind": "1", "date": date(2025, 6, 1), "amount": FIGURE}],
    )
    technique = save_transfer(
        coordinator_a,
        TechnologyTransfer(owner=hospital_a, technique=f"Kỹ thuật {MARK}", source=partner, activity=activity),
    )
    clinician = make_user("bacsi_a", Role.CLINICIAN, hospital_a)
    expert = make_user("expert_a", Role.PARTNER, partner)
    case = consultations.save_case(
        clinician,
        ConsultationCase(
            owner=hospital_a,
            specialty=Specialty.objects.get(code="oncology"),
            question=f"Ca {MARK}: mổ hay xạ trị?",
            age_band="40-64",
            sex="female",
            history=f"Tiền sử {MARK}",
            question_translated=f"Case {MARK}: surgery or radiotherapy?",
            summary_translated=f"History {MARK}",
        ),
        partners=[partner],
        translation_checked=True,
    )
    consultations.invite(clinician, case, expert)
    consent = record_consent(clinician, case, Consent(given_on=timezone.localdate(), form_reference=f"{MARK}-1"))
    attachment = consultations.add_attachment(clinician, case, SimpleUploadedFile("phim.pdf", PDF), f"Phim {MARK}")
    consultations.submit(clinician, case)
    session = consultations.schedule_session(
        coordinator_a,
        Session(owner=hospital_a, title=f"Hội chẩn {MARK}", starts_at=timezone.now() + timedelta(days=7)),
        cases=[case],
        participants=[clinician, expert],
    )
    episode = save_episode(
        coordinator_a,
        PatientEpisode(owner=hospital_a, nationality="LA", home_region=f"Tỉnh {MARK}"),
        identity={"name": f"Bà {MARK}"},
    )
    article = store_article(
        coordinator_a,
        ReadText(
            text=f"Bệnh viện hợp tác với Viện {MARK} Lyon (Pháp) để đào tạo 30 bác sĩ về xạ trị.",
            kind="text",
            title=f"Tin {MARK}",
        ),
    )[0]
    with capture_on_commit_callbacks(execute=True):
        job = start(
            coordinator_a,
            JobKind.ANNUAL_REPORT,
            f"Báo cáo {MARK}",
            {"year": 2025, "institution": hospital_a.pk, "format": "xlsx", "language": "vi"},
        )
    people = {
        "clinician_a": make_user("bacsi_a2", Role.CLINICIAN, hospital_a),
        "leadership_a": make_user("lanhdao_a", Role.LEADERSHIP, hospital_a),
        "coordinator_b": coordinator_b,
        "clinician_b": make_user("bacsi_b", Role.CLINICIAN, hospital_b),
        "leadership_b": make_user("lanhdao_b", Role.LEADERSHIP, hospital_b),
        "expert_not_invited": make_user("expert_a2", Role.PARTNER, partner),
        "expert_of_b": make_user("expert_b", Role.PARTNER, partner_of_b),
        "expert": expert,  # invited to the case
        "ministry": make_user("boyte", Role.MINISTRY, None),
        "admin": make_user("quantri", Role.ADMIN, None),
    }
    records = {
        "organization": partner,
        "agreement": agreement,
        "document": document,
        "delegation": delegation,
        "course": course,
        "funding": funding,
        "technique": technique,
        "activity": activity,
        "article": article,
        "case": case,
        "attachment": attachment,
        "session": session,
        "episode": episode,
        "consent": consent,
        "job": Job.objects.get(pk=job.pk),
    }
    return records, people


def body(response) -> str:
    return body_of(b"".join(response.streaming_content) if response.streaming else response.content)


def body_of(content: bytes) -> str:
    if content.startswith(b"PK"):  # an XLSX: its cells, not its zipped bytes
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return content.decode("utf-8", "replace")


def check(path: Path, response, record, user) -> list[str]:
    """What is wrong with this answer to someone who must not see the record; nothing if it is right. (A partner
    expert's own institution's name, shown beside their name on every page, is theirs to know.)"""
    problems = []
    text = body(response).replace(user.organization.name if user.organization else "\0", "")
    names = LEAKS + ((str(record),) if MARK not in str(record) else ())
    leaked = [name for name in names if name in text]
    if leaked:
        problems.append(f"shows {leaked}")
    if path.kind in ("page", "change", "api", "file") and response.status_code not in (403, 404):
        problems.append(f"answers {response.status_code}")
    if path.kind == "list" and response.status_code == 200:
        paginator = getattr(response, "context", None) and response.context.get("paginator")
        if paginator and response.wsgi_request.GET.get("q") and paginator.count:
            problems.append(f"counts {paginator.count}")
        if response.get("Content-Type", "").startswith("application/json") and "items" in response.json():
            if response.json()["items"] and response.wsgi_request.GET.get("q"):
                problems.append(f"lists {len(response.json()['items'])} items")
    return problems


def snapshot(record) -> dict:
    fresh = type(record).objects.filter(pk=record.pk).values().first()
    return {k: v for k, v in (fresh or {}).items() if k not in ("updated_at",)}


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_no_way_in_shows_a_record_to_whoever_must_not_see_it(client, world, kind):
    records, people = world
    record = records[kind]
    failures = []
    tried = [(who, path) for who in FORBIDDEN[kind] for path in PATHS[kind]]
    tried += [(who, path) for who in READ_ONLY.get(kind, []) for path in PATHS[kind] if path.kind in ("change",)]
    assert len(tried) >= len(FORBIDDEN[kind])
    for who in FORBIDDEN[kind]:  # the permission layer itself agrees with the table
        if type(record).objects.visible_to(people[who]).filter(pk=record.pk).exists():
            failures.append(f"{who}: visible_to lets them read {kind}")
    before = snapshot(record)
    for who, path in tried:
        user = people[who]
        client.force_login(user)
        response = path.call(client, record, bearer(user))
        failures += [f"{who} × {kind} × {path.name}: {problem}" for problem in check(path, response, record, user)]
    assert snapshot(record) == before, "a refused change changed the record"
    assert not failures, "\n".join(failures)


def test_another_institutions_report_counts_nothing_of_a(client, world):
    """Institution B's annual report names none of A's records and counts none of A's figures."""
    _records, people = world
    for who in ("coordinator_b", "leadership_b"):
        client.force_login(people[who])
        with capture_on_commit_callbacks(execute=True):
            asked = client.post(reverse("annual-report"), {"year": 2025, "format": "xlsx", "language": "vi"})
        output = client.get(reverse("job-output", args=[client.get(asked.url).context["job"].pk]))
        content = b"".join(output.streaming_content)
        assert not [leak for leak in LEAKS if leak in body_of(content)], who
        book = openpyxl.load_workbook(io.BytesIO(content))
        summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
        assert summary["Nhân viên y tế được đào tạo"] == 0 and summary["Hoạt động"] == 0, who


# --- actions: who may create, change, delete and take each workflow step -----------------------------------
# Holders of each named permission on A's record of the kind (the requesting clinician "requester", the invited
# expert "expert", coordinator_a); every other user of the world must not hold it. The case is submitted, the
# session is to come, nothing has been applied, no one was given the right to read identities.
STAFF_A = {"coordinator_a", "requester", "clinician_a", "leadership_a"}
REGISTRY_READERS = STAFF_A | {"ministry", "admin"}
REQUESTER_SIDE = {"requester", "coordinator_a"}
ACTIONS = {
    "organization": {
        "organizations.view_organization": REGISTRY_READERS,
        "organizations.add_organization": {"coordinator_a"},
        "organizations.change_organization": {"coordinator_a"},
        "organizations.delete_organization": {"coordinator_a"},
        "organizations.merge_organization": {"coordinator_a"},
    },
    "agreement": {
        "agreements.view_agreement": REGISTRY_READERS,
        "agreements.change_agreement": {"coordinator_a"},
        "agreements.delete_agreement": {"coordinator_a"},
    },
    "activity": {
        "activities.view_activity": REGISTRY_READERS,
        "activities.add_activity": {"coordinator_a"},
        "activities.change_activity": {"coordinator_a"},
        "activities.delete_activity": {"coordinator_a"},
        "activities.merge_activity": {"coordinator_a"},
    },
    "delegation": {
        "delegations.view_delegation": REGISTRY_READERS,
        "delegations.change_delegation": {"coordinator_a"},
        "delegations.delete_delegation": {"coordinator_a"},
        "delegations.view_member_identity": set(),  # no one of A was named an identity reader
    },
    "course": {
        "activities.view_trainingcourse": REGISTRY_READERS,
        "activities.change_trainingcourse": {"coordinator_a"},
        "activities.delete_trainingcourse": {"coordinator_a"},
    },
    "funding": {
        "funding.view_funding": REGISTRY_READERS,
        "funding.add_funding": {"coordinator_a"},
        "funding.change_funding": {"coordinator_a"},
        "funding.delete_funding": {"coordinator_a"},
    },
    "technique": {
        "activities.view_technologytransfer": REGISTRY_READERS,
        "activities.change_technologytransfer": {"coordinator_a"},
        "activities.delete_technologytransfer": {"coordinator_a"},
        "activities.record_milestone": {"coordinator_a"},
        "activities.stop_transfer": {"coordinator_a"},
        "activities.record_cases": set(),  # not before the first independent case
        "activities.resume_transfer": set(),  # not stopped
    },
    "article": {
        "articles.view_article": REGISTRY_READERS,
        "articles.review": {"coordinator_a"},
        "articles.apply": {"coordinator_a"},
        "articles.reject": {"coordinator_a"},
    },
    "case": {
        "consultations.view_consultationcase": STAFF_A | {"expert"},
        "consultations.change_consultationcase": set(),  # submitted: no longer a draft
        "consultations.submit_case": set(),
        "consultations.attach_file": REQUESTER_SIDE,
        "consultations.record_consent": REQUESTER_SIDE,
        "consultations.reassign_case": REQUESTER_SIDE,
        "consultations.record_outcome": set(),
        "consultations.close_case": set(),
        "consultations.cancel_case": REQUESTER_SIDE,
        "consultations.accept_case": {"expert"},
        "consultations.decline_case": {"expert"},
        "consultations.post_opinion": set(),  # not before accepting
    },
    "session": {
        "consultations.view_session": STAFF_A | {"expert"},
        "consultations.change_session": {"coordinator_a"},
        "consultations.reschedule_session": {"coordinator_a"},
        "consultations.record_session": {"coordinator_a"},
        "consultations.cancel_session": {"coordinator_a"},
    },
    "episode": {
        "patients.view_patientepisode": STAFF_A,
        "patients.change_patientepisode": {"coordinator_a"},
        "patients.read_identity": set(),
    },
    "consent": {"privacy.view_consent": STAFF_A, "privacy.withdraw_consent": REQUESTER_SIDE},
    "job": {"jobs.view_job": {"coordinator_a", "admin"}, "jobs.download_output": {"coordinator_a", "admin"}},
    "requester": {"patients.grant_identity_access": {"leadership_a"}},  # A's leadership names A's readers
}
# The admin site (no record): the administrator's alone.
SITE = {"core.use_admin_site": {"admin"}, "core.change_user": {"admin"}, "core.add_specialty": {"admin"}}


@pytest.fixture
def everyone(world, coordinator_a):
    records, people = world
    case = records["case"]
    return records, {
        **people,
        "coordinator_a": coordinator_a,
        "requester": case.requested_by,
        "expert": case.invitations.get().expert,
    }


def test_each_action_is_held_by_exactly_whom_the_table_says(everyone):
    records, users = everyone
    records = {**records, "requester": users["requester"]}
    wrong = [
        f"{who} {'holds' if held else 'lacks'} {perm} on {kind}"
        for kind, perms in ACTIONS.items()
        for perm, holders in perms.items()
        for who, user in users.items()
        if (held := user.has_perm(perm, records[kind])) != (who in holders)
    ]
    wrong += [
        f"{who} {'holds' if held else 'lacks'} {perm}"
        for perm, holders in SITE.items()
        for who, user in users.items()
        if (held := user.has_perm(perm)) != (who in holders)
    ]
    assert not wrong, "\n".join(wrong)


def test_a_forged_step_is_refused_to_whoever_does_not_hold_it_and_changes_nothing(client, everyone):
    """Every case step and article step, by page and API, by each user the table does not name."""
    from medcoop.consultations.rules import CASE_PERMS
    from medcoop.consultations.services import STEPS

    records, users = everyone
    case, article = records["case"], records["article"]
    before = snapshot(case), snapshot(article), case.opinions.count(), case.attachments.count()
    failures = []
    for step, perm in CASE_PERMS.items():
        for who in sorted(set(users) - ACTIONS["case"][perm]):
            client.force_login(users[who])
            data = {"text": "x", "reason": "x", "outcome": "x", "file": SimpleUploadedFile("a.pdf", PDF)}
            answers = [client.post(reverse("case-action", args=[case.pk, step]), data)]
            if step in STEPS:
                headers = bearer(users[who])
                answers.append(client.post(f"/api/consultations/{case.pk}/{step}", data, **headers))
            failures += [
                f"{who} × {step}: {a.status_code}" for a in answers if a.status_code not in (302, 400, 403, 404)
            ]
    for who in sorted(set(users) - {"coordinator_a"}):
        client.force_login(users[who])
        for action in ("reject", "apply"):
            answer = client.post(article.get_absolute_url(), {"action": action})
            if answer.status_code not in (403, 404):
                failures.append(f"{who} × article {action}: {answer.status_code}")
    assert (snapshot(case), snapshot(article), case.opinions.count(), case.attachments.count()) == before
    assert not failures, "\n".join(failures)


def test_only_the_administrator_opens_the_admin_site(client, everyone):
    _records, users = everyone
    for who, user in users.items():
        client.force_login(user)
        status = client.get(reverse("admin:index")).status_code
        assert status == (200 if who == "admin" else 302), who


# Each list page and the API list of the same records: whoever the page refuses, the API refuses too (a
# partner expert is not told "no activities" where the page says there is no such list for them).
LISTS = {
    "organization-list": "/api/organizations/",
    "agreement-list": "/api/agreements/",
    "delegation-list": "/api/delegations/",
    "technique-list": "/api/techniques/",
    "course-list": "/api/training/courses",
    "funding-list": "/api/funding/",
    "activity-list": "/api/activities/",
    "article-list": "/api/articles/",
    "case-list": "/api/consultations/",
    "episode-list": "/api/patients/",
    "consent-list": "/api/privacy/consents",
    "transfer-list": "/api/privacy/transfers",
}
COHORTS = ("course-list", "/api/training/cohorts")  # a course's page lists its cohorts; they have no list page


def test_the_api_refuses_a_list_to_whoever_its_page_refuses(client, everyone):
    _records, users = everyone
    differ = []
    for who, user in users.items():
        headers = bearer(user)
        client.force_login(user)
        for page, address in [*LISTS.items(), COHORTS]:
            page_answer = client.get(reverse(page)).status_code
            api_answer = client.get(address, **headers).status_code
            if (page_answer in (403, 404)) != (api_answer in (403, 404)) or api_answer not in (200, 403, 404):
                differ.append(f"{who} {page}: page {page_answer}, API {api_answer}")
        client.logout()
    assert not differ, "\n".join(differ)
