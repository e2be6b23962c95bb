"""Synthetic data at national scale: N activities with Vietnamese and foreign names, a tenth as many
agreements, partners and figures in proportion, across 500 member institutions. PostgreSQL is loaded with
COPY (and its trigram index rebuilt once at the end); SQLite with bulk inserts, its FTS5 tables and their
triggers dropped for the load and rebuilt once at the end (a trigger per row wrote each row's trigrams into
the index as it came)."""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from medcoop.core.freshness import registry_changed
from medcoop.core.text import search_document
from medcoop.dashboard import counters
from medcoop.search.indexes import drop_search_index, ensure_search_index

INSTITUTIONS = 500
VIETNAMESE = [
    "Bệnh viện Đa khoa tỉnh",
    "Bệnh viện Trung ương",
    "Bệnh viện Nhi",
    "Viện Huyết học",
    "Bệnh viện Phổi",
    "Bệnh viện Sản Nhi",
    "Trung tâm Y tế",
    "Bệnh viện Mắt",
    "Bệnh viện Ung bướu",
    "Bệnh viện Tim",
]
PLACES = [
    "Hà Nội",
    "Huế",
    "Đà Nẵng",
    "Cần Thơ",
    "Hải Phòng",
    "Quảng Ninh",
    "Nghệ An",
    "Thái Nguyên",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Bình Định",
    "Thanh Hóa",
    "Sơn La",
    "Điện Biên",
    "An Giang",
]
FOREIGN = [
    ("FR", "Hôpital", ["Lyon", "Nantes", "Lille", "Bordeaux"]),
    ("JP", "Hospital", ["Osaka", "Kyoto", "Sendai"]),
    ("KR", "Medical Center", ["Busan", "Daegu", "Incheon"]),
    ("LA", "Bệnh viện", ["Viêng Chăn", "Luông Pha Băng"]),
    ("DE", "Klinikum", ["Köln", "München", "Tübingen"]),
    ("US", "Medical Center", ["Boston", "Houston"]),
    ("KH", "Bệnh viện", ["Phnôm Pênh", "Xiêm Riệp"]),
    ("RU", "Bệnh viện", ["Moskva", "Kazan"]),
]
KINDS = [
    "training",
    "expert_exchange",
    "conference",
    "research",
    "joint_clinical_work",
    "delegation_visit",
    "teleconsultation",
    "technology_transfer",
    "patient_care",
    "funding",
]
TOPICS = [
    "tim mạch",
    "ung bướu",
    "ghép tạng",
    "nội soi tiêu hóa",
    "gây mê hồi sức",
    "nhi khoa",
    "xạ trị",
    "chẩn đoán hình ảnh",
    "điều dưỡng",
    "y học cổ truyền",
]
# A few topics that few activities have: what a rare-word search finds.
RARE_TOPICS = ["phẫu thuật robot", "ghép giác mạc", "liệu pháp gen", "y học hạt nhân"]
RARE_SHARE = 0.002
# Titles as offices write them: not one template, so a search for "benh vien" or a partner's city finds some.
TITLES = [
    "Hợp tác {topic} với {partner}",
    "Khóa đào tạo {topic} tại {place}",
    "Hội thảo quốc tế về {topic}",
    "Đoàn chuyên gia {partner} hỗ trợ {topic}",
    "Nghiên cứu chung về {topic} với {partner}",
    "{owner} tiếp nhận chuyển giao kỹ thuật {topic}",
    "Đào tạo điều dưỡng {topic} lần {n}",
]


def synthesize(scale: int, seed: int = 2026) -> dict[str, int]:
    from medcoop.activities.models import Activity, ActivityPartner, Figure
    from medcoop.agreements.models import Agreement, AgreementParty
    from medcoop.organizations.models import Organization

    rng = random.Random(seed)
    # The dashboard's counters: no trigger per loaded row, one recount at the end of the load.
    searchable = (Organization, Agreement, Activity)
    with transaction.atomic(), counters.paused():
        if connection.vendor == "sqlite":
            # in the load's transaction: a failed load keeps the index and its triggers
            for model in searchable:
                drop_search_index(connection, model._meta.db_table)
        members = [
            Organization(
                name=f"{VIETNAMESE[n % len(VIETNAMESE)]} {PLACES[n % len(PLACES)]} số {n}",
                code=f"SYN{n:03d}",
                country="VN",
                is_member=True,
            )
            for n in range(INSTITUTIONS)
        ]
        for member in members:
            member.search_text = search_document(member.name, member.code)
        Organization.objects.bulk_create(members, batch_size=500)
        Organization.objects.filter(pk__in=[m.pk for m in members]).update(owner_id=F("pk"))
        partner_count = max(INSTITUTIONS, scale // 20)
        partners = []
        for n in range(partner_count):
            country, head, cities = FOREIGN[n % len(FOREIGN)]
            name = f"{head} {rng.choice(cities)} {n}"
            partners.append(
                Organization(
                    name=name,
                    country=country,
                    owner=members[n % INSTITUTIONS],
                    kind="hospital",
                    search_text=search_document(name),
                )
            )
        Organization.objects.bulk_create(partners, batch_size=2000)
        owner_of = {p.pk: p.owner_id for p in partners}
        partners_of: dict[int, list] = {}
        for partner in partners:
            partners_of.setdefault(partner.owner_id, []).append(partner)
        chosen = []  # each activity's partner (one its owner knows), in the order the activities are loaded
        partner_ids = [p.pk for p in partners]
        _load(
            Agreement,
            [
                "owner_id",
                "title",
                "kind",
                "level",
                "reference",
                "signed_on",
                "duration_months",
                "expires_on",
                "summary",
                "search_text",
                "created_at",
                "updated_at",
            ],
            (_agreement_row(rng, n, partner_ids, owner_of) for n in range(scale // 10)),
        )
        agreement_rows = list(Agreement.objects.values_list("pk", "owner_id").order_by("pk"))
        _load(
            AgreementParty,
            ["agreement_id", "organization_id", "signatory_name", "created_at", "updated_at"],
            (
                row
                for pk, owner in agreement_rows
                for row in ((pk, owner, "", _now(), _now()), (pk, rng.choice(partner_ids), "", _now(), _now()))
            ),
        )
        _load(
            Activity,
            [
                "owner_id",
                "kind_id",
                "title",
                "start_on",
                "start_precision",
                "end_precision",
                "place",
                "country",
                "direction",
                "status",
                "description",
                "provenance",
                "source_url",
                "source_reference",
                "search_text",
                "aliases",
                "created_at",
                "updated_at",
            ],
            (_activity_row(rng, n, members, partners_of, chosen) for n in range(scale)),
        )
        activity_ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
        _load(
            ActivityPartner,
            ["activity_id", "organization_id", "role", "created_at", "updated_at"],
            ((pk, partner.pk, "participant", _now(), _now()) for pk, partner in zip(activity_ids, chosen, strict=True)),
        )
        _load(
            Figure,
            ["activity_id", "metric_id", "value", "unit", "currency", "note", "created_at", "updated_at"],
            (
                (pk, "staff_trained", rng.randint(1, 200), "people", "", "", _now(), _now())
                for pk in activity_ids
                if pk % 2 == 0
            ),
        )
    for model in searchable:
        ensure_search_index(model)
    with connection.cursor() as cursor:
        # What autovacuum does minutes after a bulk load, done at once: statistics for the planner and, on
        # PostgreSQL, the visibility map that lets the dashboard count from indexes alone. VACUUM cannot run
        # inside a transaction (a test's), where ANALYZE alone is done.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    registry_changed()
    return {"institutions": INSTITUTIONS, "partners": partner_count, "agreements": scale // 10, "activities": scale}


def _now():
    return timezone.now()


def _agreement_row(rng, n, partner_ids, owner_of):
    partner = rng.choice(partner_ids)
    signed = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
    title = f"Biên bản ghi nhớ hợp tác về {rng.choice(TOPICS)} số {n}"
    return (
        owner_of[partner],
        title,
        "mou",
        "institution",
        f"SYN-{n}",
        signed,
        60,
        signed + timedelta(days=1825),
        "",
        search_document(title, f"SYN-{n}"),
        _now(),
        _now(),
    )


def _activity_row(rng, n, members, partners_of, chosen):
    owner = members[rng.randrange(INSTITUTIONS)]
    partner = rng.choice(partners_of[owner.pk])
    chosen.append(partner)
    topic = rng.choice(RARE_TOPICS) if rng.random() < RARE_SHARE else rng.choice(TOPICS)
    place = rng.choice(PLACES)
    title = rng.choice(TITLES).format(topic=topic, partner=partner.name, place=place, owner=owner.name, n=n)
    start = date(2012, 1, 1) + timedelta(days=rng.randrange(5400))
    return (
        owner.pk,
        rng.choice(KINDS),
        title,
        start,
        "day",
        "day",
        place,
        "",
        "inbound",
        "done",
        "",
        "typed",
        "",
        "",
        search_document(title, owner.name, partner.name, place),
        "[]",
        _now(),
        _now(),
    )


def _load(model, columns: list[str], rows) -> None:
    """COPY on PostgreSQL; bulk INSERT elsewhere. Rows are tuples in the order of `columns`."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        if model._meta.db_table in ("organizations_organization", "agreements_agreement", "activities_activity"):
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
