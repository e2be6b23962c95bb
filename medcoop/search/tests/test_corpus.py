"""The search corpus (`corpus.toml`): what each list shows first for the queries users type, through the
list pages themselves, on SQLite and on PostgreSQL alike."""

import html
import tomllib
from pathlib import Path

import pytest

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.conftest import make_member, make_partner, make_user
from medcoop.core.permissions import Role

CORPUS = tomllib.loads((Path(__file__).parent / "corpus.toml").read_text())["query"]

# owner code, title, partner names, description
ACTIVITIES = [
    ("BVK", "Đào tạo xạ trị cho kỹ thuật viên", ["Viện Gustave Roussy"], ""),
    ("BVK", "Hội chẩn trực tuyến ung thư vú", ["Viện Gustave Roussy"], ""),
    ("BVK", "Chuyển giao kỹ thuật ghép tế bào gốc", [], ""),
    ("BVKG", "Khám bệnh nhân đạo tại Kiên Giang", [], ""),
    ("BVKG", "Hội thảo khoa học về bệnh viện xanh", [], "Kinh nghiệm đào tạo nhân viên về tiết kiệm năng lượng"),
    ("BVBM", "Đào tạo ghép tạng cùng Kyoto", ["Bệnh viện Đại học Kyoto"], ""),
    ("BVBM", "Phẫu thuật robot tiết niệu", [], "Ca ghép tạng đầu tiên được nhắc lại"),
    ("BVBM", "Sàng lọc ung thư cổ tử cung tuyến tỉnh", ["Bệnh viện K"], ""),
    ("BVCR", "Đoàn chuyên gia Necker sang Chợ Rẫy", ["Hôpital Necker"], ""),
    ("BVCR", "Đào tạo nội soi tiêu hóa", [], ""),
]


@pytest.fixture
def registry(db):
    members = {
        "BVK": make_member("BVK", "Bệnh viện K"),
        "BVKG": make_member("BVKG", "Bệnh viện Đa khoa Kiên Giang"),
        "BVBM": make_member("BVBM", "Bệnh viện Bạch Mai"),
        "BVCR": make_member("BVCR", "Bệnh viện Chợ Rẫy"),
    }
    partners = {
        "Viện Gustave Roussy": make_partner(members["BVK"], "Viện Gustave Roussy", aliases=["Gustave Roussy", "IGR"]),
        "Bệnh viện Đại học Kyoto": make_partner(members["BVBM"], "Bệnh viện Đại học Kyoto", "JP"),
        "Hôpital Necker": make_partner(members["BVCR"], "Hôpital Necker"),
        "Bệnh viện K": members["BVK"],
    }
    coordinators = {code: make_user(f"coord_{code}", Role.COORDINATOR, member) for code, member in members.items()}
    for code, title, partner_names, description in ACTIVITIES:
        save_activity(
            coordinators[code],
            Activity(owner=members[code], kind_id="training", title=title, description=description),
            partners=[{"organization": partners[name], "role": "participant"} for name in partner_names],
        )
    return {"ministry": make_user("ministry", Role.MINISTRY, None)} | {
        f"coordinator:{code}": user for code, user in coordinators.items()
    }


def shown_in_order(page: str, candidates: list[str]) -> list[str]:
    """The candidates that the page's results show, in the order they appear."""
    results = page[page.index('id="results"') :]
    found = [(results.find(html.escape(c)), c) for c in candidates]
    return [c for position, c in sorted(found) if position >= 0]


@pytest.mark.parametrize("entry", CORPUS, ids=[f"{e['kind']}:{e['list']}:{e['q']}:{e['as']}" for e in CORPUS])
def test_corpus(entry, registry, client):
    client.force_login(registry[entry["as"]])
    page = client.get(f"/{entry['list']}/", {"q": entry["q"]}).content.decode()
    if entry["list"] == "activities":
        candidates = [title for _, title, _, _ in ACTIVITIES]
    else:
        from medcoop.organizations.models import Organization

        candidates = list(Organization.objects.values_list("name", flat=True))
    shown = shown_in_order(page, candidates)
    expected = entry["first"]
    assert set(shown[: len(expected)]) == set(expected), shown
