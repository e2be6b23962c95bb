from django.utils import timezone

from medcoop.delegations import services
from medcoop.delegations.models import Delegation
from medcoop.devtools.demo import load_demo


def test_the_demo_has_a_year_of_delegations_at_every_step(db):
    load_demo()
    load_demo()  # twice: nothing duplicated
    cases = {d.title: d for d in Delegation.objects.all()}
    assert len(cases) == 5
    assert {d.status for d in cases.values()} == {"draft", "submitted", "approved", "decided", "reported"}
    nevers = cases["Đón đoàn chuyên gia tim mạch Nevers – Lyon"]
    assert nevers.owner.code == "BVUB" and nevers.activity.title.startswith("Đoàn chuyên gia tim mạch")
    late = Delegation.objects.overdue(timezone.localdate()).filter(status="decided")
    assert [d.title for d in late] == ["Đoàn công tác sang Bệnh viện Mahosot"]
    gustave = cases["Đón chuyên gia Gustave Roussy hướng dẫn xạ trị"]
    assert gustave.in_plan and len(services.permit_problems(gustave)) == 1
