"""Each list declared once: one column added to the organizations' declaration shows in the list page, the
CSV and XLSX exports and the API, with nothing else changed."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy
from ninja.security import django_auth
from ninja.testing import TestClient

from medcoop.activities.models import Activity
from medcoop.api import MedCoopAPI
from medcoop.core.escaping import escaped
from medcoop.core.listing import Col, choice_label
from medcoop.organizations import api as organizations_api
from medcoop.organizations.lists import ORGANIZATIONS

NOTE = "Đối tác từ năm 2009"


@pytest.fixture
def noted_partner(partner_of_a):
    partner_of_a.notes = NOTE
    partner_of_a.save(update_fields=["notes"])
    return partner_of_a


def api_items(user) -> list[dict]:
    """The organizations' API as built from the declaration now (as at the next start after a change)."""
    probe = MedCoopAPI(auth=[django_auth], urls_namespace=f"probe-{len(ORGANIZATIONS.columns)}")
    probe.add_router("/organizations/", organizations_api.build_router())
    return TestClient(probe).get("/organizations/", user=user).json()["items"]


def exported(client, fmt: str) -> list[list[str]]:
    content = client.get(reverse("organization-list"), {"export": fmt}).content
    if fmt == "csv":
        return [line.split(",") for line in content.decode("utf-8-sig").splitlines()]
    return [
        [str(v) for v in row] for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]


def test_one_column_added_to_the_declaration_shows_in_the_page_the_exports_and_the_api(
    client, coordinator_a, noted_partner, monkeypatch
):
    client.force_login(coordinator_a)
    assert NOTE not in client.get(reverse("organization-list")).content.decode()
    assert all("notes" not in item for item in api_items(coordinator_a))

    monkeypatch.setattr(ORGANIZATIONS, "columns", [*ORGANIZATIONS.columns, Col("notes", "ghi chú", page=True)])

    page = client.get(reverse("organization-list")).content.decode()
    assert "<th>ghi chú</th>" in page and f"<td>{NOTE}</td>" in page
    for fmt in ("csv", "xlsx"):
        header, *rows = exported(client, fmt)
        assert header[-1] == "Ghi chú"
        assert [row[-1] for row in rows if row[0] == noted_partner.name] == [NOTE]
    by_id = {item["id"]: item for item in api_items(coordinator_a)}
    assert by_id[noted_partner.pk]["notes"] == NOTE


def test_the_specialty_column_sorts_in_the_vocabularys_order_shows_the_name_and_gives_programs_the_code(
    client, coordinator_a, hospital_a
):
    from medcoop.activities.lists import COURSES, TRANSFERS
    from medcoop.activities.models import TechnologyTransfer, TrainingCourse
    from medcoop.core.models import Specialty

    first, last = Specialty.objects.order_by("position")[0], Specialty.objects.order_by("-position")[0]
    for name, specialty in (("Khóa cuối", last), ("Khóa đầu", first)):
        TrainingCourse.objects.create(owner=hospital_a, name=name, specialty=specialty)
    TechnologyTransfer.objects.create(owner=hospital_a, technique="Kỹ thuật", specialty=first)
    client.force_login(coordinator_a)
    for sort, order in (("specialty", ["Khóa đầu", "Khóa cuối"]), ("-specialty", ["Khóa cuối", "Khóa đầu"])):
        page = client.get(reverse("course-list"), {"sort": sort}).content.decode()
        assert sorted(order, key=page.index) == order  # by the vocabulary's order, not by name
    for listing in (COURSES, TRANSFERS):
        column = next(c for c in listing.columns if c.name == "specialty")
        row = listing.model.objects.get(specialty=first)
        assert (column.shown(row), column.api_value(row), column.sort) == (first, first.code, "specialty__position")


@pytest.mark.parametrize(
    "mistake",
    [
        {"default_sort": "-nmae"},  # was a KeyError, a 500, on every page of the list
        {"page_order": ("country", "nmae")},  # was silently the declaration's order
        {"columns": [*ORGANIZATIONS.columns, Col("name")]},  # was the API's field and sort key given twice
    ],
)
def test_a_mistyped_declaration_fails_when_it_is_read_not_on_a_page(mistake):
    from dataclasses import replace

    with pytest.raises(ValueError):
        replace(ORGANIZATIONS, **mistake)


@pytest.mark.parametrize(
    "value", ['<a href="x">Tom & "Jerry"</a>', "Bệnh viện K's", 1500, None, mark_safe("<b>ok</b>"), _lazy("status")]
)
def test_cells_are_escaped_as_django_escapes(value):
    """The table's and the filters' fast escaping writes what Django's conditional_escape writes."""
    assert escaped(value) == str(conditional_escape(value))


def test_a_choice_label_follows_the_reader_language(db):
    """Labels are kept per language, so switching to English shows English labels, then Vietnamese again."""
    activity = Activity(status="planned")
    with translation.override("en"):
        english = choice_label(activity, "status")
    with translation.override("vi"):
        vietnamese = choice_label(activity, "status")
    assert english == "Planned" and vietnamese != english
    with translation.override("en"):
        assert choice_label(activity, "status") == english


def test_the_api_lists_lean_rows_are_djangos_own(activity_of_a):
    """`lean_instances` and `lean_prefetches` (the API lists' reads) make the same instances as Django: the same
    values, annotations and nested rows in the same order, deferred columns loaded when read, saved as updates."""
    from django.db.models import Value

    from medcoop.activities.models import Activity, ActivityPartner
    from medcoop.core.listing import lean_instances, lean_prefetches, prefetch_rows, related_rows

    queryset = (
        Activity.objects.defer("description")
        .annotate(marker=Value(7))
        .prefetch_related(prefetch_rows("partners", ActivityPartner.objects.order_by("-pk")), "specialties")
    )
    lean_queryset, complete = lean_prefetches(lean_instances(queryset))
    (theirs,), (ours,) = list(queryset), complete(list(lean_queryset))

    def state(row) -> dict:
        return {k: v for k, v in vars(row).items() if k not in ("_state", "partners_rows", "_prefetched_objects_cache")}

    assert state(ours) == state(theirs) and ours.marker == 7
    assert ours._state.adding is False and ours._state.db == "default"
    assert ours.get_deferred_fields() == theirs.get_deferred_fields() == {"description"}
    assert [state(p) for p in related_rows(ours, "partners")] == [state(p) for p in related_rows(theirs, "partners")]
    assert related_rows(ours, "partners")[0].activity is ours  # the parent cached, as Django's prefetch leaves it
    assert list(ours.specialties.all()) == list(theirs.specialties.all())  # another prefetch, left to Django
    assert ours.description == theirs.description  # a deferred column read on demand
    ours.title = "Đổi tên"
    ours.save(update_fields=["title"])
    assert Activity.objects.count() == 1 and Activity.objects.get().title == "Đổi tên"
