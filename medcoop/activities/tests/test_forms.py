from datetime import date

from medcoop.activities.forms import ActivityForm
from medcoop.activities.models import Activity


def form_data(**overrides):
    return {
        "kind": "training",
        "title": "Đào tạo can thiệp tim mạch",
        "direction": "inbound",
        "status": "done",
        **overrides,
    }


def test_partial_dates_are_typed_as_a_reader_writes_them(hospital_a):
    form = ActivityForm(form_data(start="10/2017", end="2019"), instance=Activity(owner=hospital_a))
    assert form.is_valid(), form.errors
    activity = form.save()
    assert (activity.start_on, activity.start_precision) == (date(2017, 10, 1), "month")
    assert str(activity.end) == "2019"
    assert ActivityForm(instance=activity)["start"].value() == "10/2017"


def test_an_unreadable_date_gets_a_vietnamese_message_and_nothing_is_saved(hospital_a):
    form = ActivityForm(form_data(start="31/02/2025", end="sang năm"))
    assert not form.is_valid()
    assert form.errors["start"] == ["Ngày “31/02/2025” không có trên lịch."]  # well written, but no such day
    assert form.errors["end"] == ["Nhập ngày theo dạng dd/mm/yyyy, mm/yyyy hoặc yyyy."]


def test_an_end_before_the_start_is_refused(hospital_a):
    form = ActivityForm(form_data(start="25/05/2025", end="01/2025"))
    assert not form.is_valid()
    assert form.errors["end"] == ["Ngày kết thúc đứng trước ngày bắt đầu."]
