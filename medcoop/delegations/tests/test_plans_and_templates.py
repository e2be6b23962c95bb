import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from medcoop.conftest import formset_data
from medcoop.core.locking import version_of
from medcoop.delegations import letters, services
from medcoop.delegations.models import AnnualPlan, Delegation, Kind, LetterTemplate


def test_a_plan_is_made_and_approved_as_a_whole_on_its_pages(logged_in, coordinator_a, coordinator_b):
    client = logged_in(coordinator_a)
    data = {
        "year": "2026",
        **formset_data(
            "plan_items",
            [
                {
                    "kind": "outbound",
                    "purpose": "training",
                    "title": "Đào tạo tại Pháp",
                    "funding": "own",
                    "country": "FR",
                    "month": "3",
                }
            ],
        ),
    }
    assert client.post("/delegations/plans/new/", data).status_code == 302
    plan = AnnualPlan.objects.get(year=2026)
    assert (
        logged_in(coordinator_b)
        .post(f"/delegations/plans/{plan.pk}/", {"approved_on": "20/12/2025", "approved_by": "X"})
        .status_code
        == 404
    )
    client = logged_in(coordinator_a)
    client.post(f"/delegations/plans/{plan.pk}/", {"approved_on": "20/12/2025", "approved_by": "Giám đốc"})
    plan.refresh_from_db()
    assert plan.is_approved and plan.approved_on == date(2025, 12, 20)
    assert client.get(f"/delegations/plans/{plan.pk}/edit/").status_code == 200  # shown, but saving is refused
    edit = {**data, "version": version_of(plan)}
    assert client.post(f"/delegations/plans/{plan.pk}/edit/", edit).status_code == 400


def test_an_institution_uploads_its_own_template_and_others_cannot(
    logged_in, coordinator_a, coordinator_b, users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = logged_in(coordinator_a)
    default = Document(io.BytesIO(client.get("/delegations/templates/request.docx").content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in default.tables[0].rows[0].cells[1].text
    bad = client.post(
        "/delegations/templates/", {"kind": "request", "file": SimpleUploadedFile("x.docx", b"not a docx")}
    )
    assert bad.status_code == 400 and not LetterTemplate.objects.exists()
    upload = SimpleUploadedFile("mau.docx", letters.template_bytes("request"))
    assert client.post("/delegations/templates/", {"kind": "request", "file": upload}).status_code == 302
    assert LetterTemplate.objects.get().owner == coordinator_a.organization
    for user in (coordinator_b, users["clinician"], users["ministry"]):
        other = logged_in(user)
        if user == coordinator_b:
            other.post(
                "/delegations/templates/",
                {"kind": "request", "file": SimpleUploadedFile("m.docx", letters.template_bytes("request"))},
            )
            assert LetterTemplate.objects.filter(owner=coordinator_b.organization).count() == 1
            continue
        assert other.get("/delegations/templates/").status_code == 404


def test_the_late_list_shows_only_what_the_user_sees(logged_in, coordinator_a, coordinator_b, trip_of_a):
    assert trip_of_a.title in logged_in(coordinator_a).get("/delegations/overdue/").text
    assert trip_of_a.title not in logged_in(coordinator_b).get("/delegations/overdue/").text


def test_a_conference_files_30_working_days_ahead_and_goes_up(coordinator_a, hospital_a):
    conference = services.save_delegation(
        coordinator_a,
        Delegation(
            owner=hospital_a,
            kind=Kind.CONFERENCE,
            purpose="conference",
            title="Hội thảo ung thư quốc tế",
            country="VN",
            start_on=date(2026, 3, 16),
            end_on=date(2026, 3, 17),
        ),
    )
    # 30 working days back from Monday 16/03/2026 crosses Tết (16–20/02): Monday 26/01.
    assert conference.file_due_on == date(2026, 1, 26)
    services.submit(coordinator_a, conference, today=date(2026, 1, 20))
    assert conference.steps.last().level == "governing_body"


def _chain(*steps, initial=0):
    return formset_data(
        "rules",
        [
            {"position": str(n), "level": level, "label": label, "working_days": days, **extra}
            for n, (level, label, days, extra) in enumerate(steps, 1)
        ],
        initial,
    )


def test_the_coordinator_sets_the_approval_chain_on_its_page_and_new_cases_follow_it(
    logged_in, coordinator_a, trip_of_a
):
    from medcoop.delegations.models import ApprovalRule

    client = logged_in(coordinator_a)
    assert "mặc định" in client.get("/delegations/approval-chain/").content.decode()  # the default until set
    chain = _chain(
        ("international_office", "Phòng HTQT", "2", {}),
        ("governing_body", "Bộ Y tế", "7", {"outside_plan_only": "on"}),
    )
    assert client.post("/delegations/approval-chain/", chain).status_code == 302
    assert [(r.label, r.working_days) for r in ApprovalRule.objects.filter(owner=trip_of_a.owner)] == [
        ("Phòng HTQT", 2),
        ("Bộ Y tế", 7),
    ]
    assert [label for _level, label, _days in services.chain_for(trip_of_a)] == ["Phòng HTQT", "Bộ Y tế"]

    refused = client.post("/delegations/approval-chain/", _chain(("director", "Giám đốc", "0", {})))
    assert refused.status_code == 400 and "ngày làm việc" in refused.content.decode()
    assert ApprovalRule.objects.filter(owner=trip_of_a.owner).count() == 2  # nothing changed


def test_no_one_else_changes_an_institutions_approval_chain(logged_in, coordinator_a, coordinator_b, hospital_a, users):
    from medcoop.delegations.models import ApprovalRule, Level

    rule = ApprovalRule.objects.create(owner=hospital_a, position=1, level=Level.DIRECTOR, label="GĐ Bệnh viện A")
    from medcoop.core.permissions import Role

    clinician = logged_in(users[Role.CLINICIAN])
    assert "GĐ Bệnh viện A" in clinician.get("/delegations/approval-chain/").content.decode()  # staff read it
    forged = _chain(("department", "Khoa", "1", {"pk": str(rule.pk)}), initial=1)
    assert clinician.post("/delegations/approval-chain/", forged).status_code == 404
    other = logged_in(coordinator_b)
    assert "GĐ Bệnh viện A" not in other.get("/delegations/approval-chain/").content.decode()
    other.post("/delegations/approval-chain/", forged)  # B's own chain; A's row is not B's to edit
    rule.refresh_from_db()
    assert (rule.level, rule.label, rule.owner_id) == (Level.DIRECTOR, "GĐ Bệnh viện A", hospital_a.pk)
    assert ApprovalRule.objects.filter(owner=hospital_a).count() == 1
