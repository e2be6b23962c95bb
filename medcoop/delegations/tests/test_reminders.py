from datetime import date

from django.core import mail
from django.core.management import call_command

from medcoop.delegations import services
from medcoop.delegations.reminders import send_delegation_reminders


def test_late_files_and_uncovered_experts_are_reminded_once(trip_of_a, mission_of_a, coordinator_a):
    services.submit(coordinator_a, mission_of_a, today=date(2026, 3, 2))
    assert send_delegation_reminders(date(2026, 3, 12)) == 1
    body = mail.outbox[0].body
    assert "Khóa đào tạo xạ trị" in body and "02/02/2026" in body  # the trip's file is late
    assert "chưa đủ điều kiện hành nghề" in body and "Claire Martin" not in body  # the mission's expert, not named
    assert mail.outbox[0].to == ["coord_a@example.org"]
    assert send_delegation_reminders(date(2026, 3, 12)) == 0


def test_the_remind_command_includes_delegations(trip_of_a, coordinator_a):
    call_command("remind", today="29/01/2026")
    assert any("Khóa đào tạo xạ trị" in m.body for m in mail.outbox)
