from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.delegations import services
from medcoop.delegations.models import AnnualPlan, ApprovalRule, Decision, Delegation, Level, Member, Status
from medcoop.patients.models import IdentityReader


def test_deadlines_count_working_days_across_tet(trip_of_a):
    # Departure Monday 09/03/2026: the file 20 working days before, reaching back over Tết, is due on 02/02.
    assert trip_of_a.file_due_on == date(2026, 2, 2)
    # Return Friday 20/03/2026: the report 15 working days later, on Friday 10/04.
    assert trip_of_a.report_due_on == date(2026, 4, 10)
    services.submit(trip_of_a.owner.users.get(), trip_of_a, today=date(2026, 2, 12))
    # Submitted Thursday 12/02, just before Tết: 7 working days (13/02, then 23–27/02, 02/03) to decide.
    assert trip_of_a.decision_due_on == date(2026, 3, 2)


def test_warnings_before_a_deadline_is_missed_and_after(trip_of_a):
    soon = services.warnings(trip_of_a, today=date(2026, 1, 29))
    assert any("02/02/2026" in line and "ngày làm việc" in line for line in soon)
    late = services.warnings(trip_of_a, today=date(2026, 2, 3))
    assert any("quá hạn ngày 02/02/2026" in line for line in late)
    assert list(services.overdue(trip_of_a.owner.users.get(), date(2026, 2, 3))) == [trip_of_a]


def test_outside_the_plan_the_request_goes_up_to_the_governing_body(trip_of_a, coordinator_a):
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    levels = list(trip_of_a.steps.values_list("level", flat=True))
    assert levels == [Level.DEPARTMENT, Level.INTERNATIONAL_OFFICE, Level.DIRECTOR, Level.GOVERNING_BODY]
    assert not trip_of_a.in_plan


def test_in_an_approved_plan_the_director_decides(coordinator_a, hospital_a, trip_of_a):
    plan = services.save_plan(
        coordinator_a,
        AnnualPlan(owner=hospital_a, year=2026),
        [{"title": "Đào tạo xạ trị tại Pháp", "country": "FR", "month": 3, "people": 2}],
    )
    services.approve_plan(coordinator_a, plan, on=date(2025, 12, 20), by="Giám đốc")
    trip_of_a.plan_item = plan.items.get()
    services.save_delegation(coordinator_a, trip_of_a)
    assert trip_of_a.in_plan
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    assert Level.GOVERNING_BODY not in trip_of_a.steps.values_list("level", flat=True)
    with pytest.raises(ValidationError):
        services.save_plan(coordinator_a, plan, [])


def test_the_institution_configures_its_chain_by_condition(coordinator_a, hospital_a, trip_of_a):
    ApprovalRule.objects.create(owner=hospital_a, position=1, level=Level.DIRECTOR, label="Giám đốc")
    ApprovalRule.objects.create(
        owner=hospital_a, position=2, level=Level.GOVERNING_BODY, label="Bộ Y tế", outside_plan_only=True
    )
    ApprovalRule.objects.create(
        owner=hospital_a, position=3, level=Level.GOVERNING_BODY, label="Ban cán sự", min_rank="leader"
    )
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    assert list(trip_of_a.steps.values_list("label", flat=True)) == ["Giám đốc", "Bộ Y tế"]


def test_the_whole_flow_to_the_report_makes_an_activity(trip_of_a, coordinator_a, users):
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    leader, ministry = users[Role.LEADERSHIP], users[Role.MINISTRY]
    services.decide_step(leader, trip_of_a, True, "Đồng ý")
    services.decide_step(coordinator_a, trip_of_a, True)
    with pytest.raises(PermissionDenied):  # the governing body's step is not the director's to take yet...
        services.decide_step(ministry, trip_of_a, True)
    services.decide_step(leader, trip_of_a, True)
    with pytest.raises(PermissionDenied):  # ...nor the leadership's
        services.decide_step(leader, trip_of_a, True)
    services.decide_step(ministry, trip_of_a, True, "Bộ đồng ý")
    assert trip_of_a.status == Status.APPROVED
    assert trip_of_a.steps.filter(decision=Decision.APPROVED).count() == 4
    services.record_decision(coordinator_a, trip_of_a, number="215/QĐ-BVK", on=date(2026, 1, 20))
    assert trip_of_a.status == Status.DECIDED
    with pytest.raises(ValidationError):
        services.record_report(coordinator_a, trip_of_a, on=date(2026, 3, 19), results="Sớm quá")
    services.record_report(
        coordinator_a, trip_of_a, on=date(2026, 3, 30), results="Hoàn thành khóa học", actual_cost=110_000_000
    )
    trip_of_a.refresh_from_db()
    assert trip_of_a.status == Status.REPORTED
    activity = trip_of_a.activity
    assert activity.kind_id == "training" and activity.direction == "outbound"
    assert {f.metric_id: int(f.value) for f in activity.figures.all()} == {"experts_sent": 2, "duration_days": 12}


def test_a_refusal_needs_a_reason_and_closes_the_case(trip_of_a, coordinator_a):
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.decide_step(coordinator_a, trip_of_a, False, "")
    assert trip_of_a.steps.filter(decision=Decision.PENDING).count() == 4
    services.decide_step(coordinator_a, trip_of_a, False, "Không đúng kế hoạch")
    assert trip_of_a.status == Status.REJECTED


def test_another_institution_changes_nothing(trip_of_a, coordinator_b):
    with pytest.raises(PermissionDenied):
        services.submit(coordinator_b, trip_of_a)
    trip_of_a.title = "Đổi"
    with pytest.raises(PermissionDenied):
        services.save_delegation(coordinator_b, trip_of_a)
    assert Delegation.objects.get(pk=trip_of_a.pk).status == Status.DRAFT
    assert Delegation.objects.get(pk=trip_of_a.pk).title != "Đổi"


def test_identity_numbers_are_encrypted_and_read_by_few(mission_of_a, coordinator_a, settings):
    member = mission_of_a.members.get(name="Claire Martin")
    assert "19FR12345" not in member.identity_number_token and member.has_identity_number
    with pytest.raises(PermissionDenied):
        services.read_identity(coordinator_a, member)
    IdentityReader.objects.create(user=coordinator_a)
    coordinator_a = type(coordinator_a).objects.get(pk=coordinator_a.pk)
    assert services.read_identity(coordinator_a, member) == "19FR12345"
    assert AuditEvent.objects.filter(action="read", model="delegations.Member", object_id=str(member.pk)).exists()
    # Saving the members again without retyping keeps the stored number.
    rows = [{"pk": m.pk, "name": m.name} for m in mission_of_a.members.all()]
    services.save_delegation(coordinator_a, mission_of_a, members=rows)
    assert services.read_identity(coordinator_a, Member.objects.get(pk=member.pk)) == "19FR12345"


def test_an_expert_whose_permission_ends_before_the_mission_is_flagged(mission_of_a):
    problems = services.permit_problems(mission_of_a)
    assert [(m.name, "08/04/2026" in p) for m, p in problems] == [("Claire Martin", True)]
    member = problems[0][0]
    member.permit_number = ""
    member.save()
    assert "Chưa có giấy phép" in services.permit_problems(mission_of_a)[0][1]


def test_the_key_rotation_command_re_encrypts_members_too(mission_of_a, coordinator_a, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    new_key = Fernet.generate_key().decode()
    settings.MEDCOOP_PATIENT_KEYS = [new_key, *settings.MEDCOOP_PATIENT_KEYS]
    call_command("rotate_patient_keys")
    settings.MEDCOOP_PATIENT_KEYS = [new_key]
    IdentityReader.objects.create(user=coordinator_a)
    reader = type(coordinator_a).objects.get(pk=coordinator_a.pk)
    assert services.read_identity(reader, mission_of_a.members.get(name="Claire Martin")) == "19FR12345"
