"""Every create, update and delete leaves an event naming who, when, what, which fields, from where."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from medcoop.audit.recording import acting_as, record
from medcoop.conftest import make_user
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization


def events_for(instance):
    return AuditEvent.objects.filter(model=instance._meta.label, object_id=str(instance.pk))


def test_create_update_delete_are_recorded_with_changed_fields(coordinator_a, hospital_a):
    with acting_as(coordinator_a, "10.1.2.3"):
        partner = Organization.objects.create(owner=hospital_a, name="Bệnh viện Nevers", country="FR")
        partner.city = "Nevers"
        partner.save()
        partner_id = partner.pk
        partner.delete()
    events = AuditEvent.objects.filter(model="organizations.Organization", object_id=str(partner_id)).order_by("id")
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert all(e.actor == coordinator_a and e.ip_address == "10.1.2.3" for e in events)
    assert events[0].changes["name"] == [None, "Bệnh viện Nevers"]
    assert events[1].changes == {"city": ["", "Nevers"]}


def test_edit_through_the_admin_records_the_user_and_address(client, users, hospital_a):
    administrator = users["admin"]
    client.force_login(administrator)
    url = reverse("admin:accounts_memberinstitution_change", args=[hospital_a.pk])
    form = {"name": hospital_a.name, "name_en": "", "code": "BVA", "kind": "hospital", "country": "VN"}
    form.update(province_code="", city="Hà Nội", website="")
    response = client.post(url, form, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(object_id=str(hospital_a.pk), action="update").get()
    assert event.actor == administrator
    assert event.ip_address == "192.0.2.7"
    assert event.changes["city"] == ["", "Hà Nội"]


def test_passwords_never_reach_the_log(coordinator_a):
    coordinator_a.set_password("a-new-secret-42")
    coordinator_a.save()
    event = events_for(coordinator_a).filter(action="update").get()
    assert "a-new-secret-42" not in str(event.changes)
    assert event.changes["password"] == ["***", "***"]


def test_logins_and_failed_logins_are_recorded(client, coordinator_a):
    client.post(reverse("login"), {"username": "coord_a", "password": "wrong"}, REMOTE_ADDR="198.51.100.1")
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.changes == {"username": "coord_a"} and failed.ip_address == "198.51.100.1"
    client.post(reverse("login"), {"username": "coord_a", "password": "pw-for-tests-1"})
    assert AuditEvent.objects.filter(action="login", actor=coordinator_a).exists()


def test_the_log_cannot_be_changed_or_deleted(partner_of_a):
    event = events_for(partner_of_a).get()
    event.object_repr = "forged"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="forged")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert events_for(partner_of_a).get().object_repr == "Viện Gustave Roussy"


def test_the_admin_offers_no_way_to_edit_the_log(admin_client, partner_of_a):
    event = events_for(partner_of_a).get()
    page = admin_client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        admin_client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert events_for(partner_of_a).exists()


def test_a_change_of_role_or_institution_is_recorded_as_a_permission_change(users, hospital_b):
    clinician = users["clinician"]
    clinician.role, clinician.organization = "coordinator", hospital_b
    clinician.save()
    event = events_for(clinician).filter(action="permission").get()
    assert event.changes["role"] == ["clinician", "coordinator"]
    assert event.changes["organization"][1] == hospital_b.pk


def test_every_file_handed_over_is_recorded_as_an_export(client, coordinator_a, activity_of_a):
    client.force_login(coordinator_a)
    assert client.get("/activities/?export=xlsx&q=xa+tri").status_code == 200
    event = AuditEvent.objects.get(action="export")
    assert event.actor == coordinator_a and event.changes["address"][1] == "/activities/?export=xlsx&q=***"
    assert event.object_repr == "hoạt động.xlsx"


def test_the_administrator_exports_the_log_and_no_one_else_can(client, users, partner_of_a):
    from io import BytesIO

    from openpyxl import load_workbook

    for role in ("coordinator", "clinician", "leadership", "partner", "ministry"):
        client.force_login(users[role])
        assert client.get("/audit/export/").status_code == 404, role
    client.force_login(users["admin"])
    response = client.get("/audit/export/?format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Lúc", "Tên đăng nhập", "Hành động")
    assert any(row[5] == "Viện Gustave Roussy" and row[2] == "đã tạo" for row in rows[1:])
    assert client.get("/audit/export/?since=99/99/2026").status_code == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (migration core 0008)")
def test_the_database_refuses_to_change_the_log_even_by_raw_sql(partner_of_a):
    event = events_for(partner_of_a).get()
    for statement in (
        "UPDATE core_auditevent SET object_repr = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="cannot be changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert events_for(partner_of_a).get().object_repr == "Viện Gustave Roussy"

    reader = make_user("tam_thoi", Role.CLINICIAN, partner_of_a.owner)
    record("read", partner_of_a, user=reader)
    reader.delete()  # the one change allowed: the event loses the link to the deleted user and keeps the name
    kept = AuditEvent.objects.get(action="read", object_id=str(partner_of_a.pk))
    assert kept.actor is None and kept.actor_name == "tam_thoi"


def test_a_user_name_like_a_formula_reaches_the_audit_export_as_text(client, users):
    import csv
    from io import BytesIO, StringIO

    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://evil.example","Mở")'
    client.post(reverse("admin:login"), {"username": hostile, "password": "wrong"})
    client.force_login(users["admin"])
    book = load_workbook(BytesIO(client.get("/audit/export/?format=xlsx").content)).active
    cells = [c for row in book.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" and not str(c.value).startswith("=") for c in cells)
    assert any(c.value == "'" + hostile for c in cells)
    rows = list(csv.reader(StringIO(client.get("/audit/export/?format=csv").content.decode("utf-8-sig"))))
    assert ["'" + hostile] == [r[5] for r in rows if "HYPERLINK" in r[5]]
