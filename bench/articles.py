"""Articles per second through the importer: read, clean, extract and match against 10,000 organisations.

    .venv/bin/python bench/articles.py [--articles 1000] [--organizations 10000]

Builds a throwaway SQLite database, fills one institution's registry with synthetic organisations, writes
articles by recombining sentences of our own (names, numbers and dates varied, a related-news list at the
end of some), and stores each through `store_article`, as `medcoop import_articles` does. Target: 100
articles per second end to end (index built, read, extracted, matched, checked for duplicates, stored) and
the reader alone (extract, no database) as fast. Both are counted in the process's CPU seconds: the machine
is shared by several engineers, and its load (printed) would otherwise decide the figure; the wall-clock
rate is printed beside.
"""

import argparse
import os
import random
import sys
import tempfile
import time

TARGET_PER_SECOND = 100
READER_TARGET_PER_SECOND = 100  # the reader alone: clean → … → agreements, no database
HEADS = ["Bệnh viện", "Viện", "Trung tâm", "Đại học", "Bệnh viện Đại học", "Tổ chức"]
FOREIGN = [
    ("Lyon", "Pháp"),
    ("Nancy", "Pháp"),
    ("Osaka", "Nhật Bản"),
    ("Busan", "Hàn Quốc"),
    ("Leipzig", "Đức"),
    ("Ghent", "Bỉ"),
    ("Vientiane", "Lào"),
    ("Kazan", "Nga"),
    ("Perth", "Úc"),
    ("Boston", "Hoa Kỳ"),
]
VIETNAMESE = [
    "Bệnh viện Đa khoa tỉnh Nam Định",
    "Bệnh viện Trung ương Thái Nguyên",
    "Bệnh viện Nhi Đồng 2",
    "Bệnh viện Chợ Rẫy",
    "Bệnh viện Đa khoa Trung ương Cần Thơ",
]
SENTENCES = [
    "Tháng {month}/{year}, {vn} ký biên bản ghi nhớ hợp tác trong vòng {years} năm với {foreign} tại {country}.",
    "Từ năm {year} đến nay, {foreign} đã hỗ trợ đào tạo cho hơn {n} lượt nhân viên y tế của {vn}.",
    "Dự kiến có khoảng {m} lượt bệnh nhân được khám chuyên sâu, {k} ca phẫu thuật tim mạch được phối hợp triển khai.",
    "Đoàn công tác của {vn} đã thăm và làm việc tại {foreign}, trao đổi về hợp tác nghiên cứu ung thư.",
    "{foreign} tài trợ {money} triệu Euro cho dự án xạ trị của {vn}.",
    "Từ ngày {d1}/{month} tới {d2}/{month}/{year}, các chuyên gia của {foreign} hướng dẫn kỹ thuật nội soi tiêu hóa.",
    "Hai bên thống nhất tổ chức hội thảo khoa học và hội chẩn trực tuyến định kỳ.",
]
FURNITURE = (
    "Tin liên quan\n- Khai trương khu khám bệnh mới\n- Hội nghị khoa học thường niên\n- Tăng cường phòng chống dịch"
)


def organisation_name(rng: random.Random, number: int) -> str:
    city, _country = rng.choice(FOREIGN)
    return f"{rng.choice(HEADS)} {city} {number}"


def article(rng: random.Random) -> str:
    city, country = rng.choice(FOREIGN)
    values = {
        "vn": rng.choice(VIETNAMESE),
        "foreign": f"{rng.choice(HEADS[:3])} {city}",
        "country": country,
        "month": rng.randint(1, 12),
        "year": rng.randint(2015, 2026),
        "years": rng.randint(2, 5),
        "n": rng.randint(10, 900),
        "m": rng.randint(5, 60),
        "k": rng.randint(2, 30),
        "money": rng.randint(1, 20),
        "d1": rng.randint(1, 9),
        "d2": rng.randint(10, 28),
    }
    body = " ".join(rng.sample(SENTENCES, k=rng.randint(3, len(SENTENCES))))
    text = f"Hợp tác y tế giữa {values['vn']} và {values['foreign']}\n{body.format(**values)}"
    return text + ("\n" + FURNITURE if rng.random() < 0.4 else "") + f"\n(Bản tin số {rng.randint(1, 10**9)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--organizations", type=int, default=10000)
    args = parser.parse_args()
    os.environ["MEDCOOP_DATA_DIR"] = tempfile.mkdtemp(prefix="medcoop-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from medcoop.articles.reading import read_bytes
    from medcoop.articles.services import matcher_for, store_article
    from medcoop.core.models import User
    from medcoop.organizations.models import Organization

    rng = random.Random(2026)
    member = Organization(name="Bệnh viện Đo Hiệu Năng", country="VN", is_member=True, code="BENCH")
    member.save()
    Organization.objects.bulk_create(
        Organization(name=organisation_name(rng, n), country="FR", owner=member, search_text=" ")
        for n in range(args.organizations)
    )
    user = User.objects.create_user("bench", role="coordinator", organization=member)
    texts = [article(rng).encode("utf-8") for _ in range(args.articles)]

    from medcoop.articles.extraction import extract

    decoded = [data.decode("utf-8") for data in texts]
    extract(decoded[0])  # gazetteers load once per process, as in the server
    cpu = time.process_time()
    for text in decoded:
        extract(text)
    reader_rate = len(decoded) / (time.process_time() - cpu)

    started, cpu = time.perf_counter(), time.process_time()
    matcher = matcher_for(member)
    index_seconds = time.perf_counter() - started
    for data in texts:
        store_article(user, read_bytes(data), matcher=matcher)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    rate, wall_rate = args.articles / cpu_seconds, args.articles / seconds
    print(f"organisations in the registry: {Organization.objects.count()}; load average {os.getloadavg()[0]:.1f}")
    print(f"matching index built in {index_seconds:.2f} s")
    print(
        f"{args.articles} articles end to end in {cpu_seconds:.1f} CPU s: {rate:.1f} articles per CPU second "
        f"(target {TARGET_PER_SECOND}); wall {seconds:.1f} s, {wall_rate:.1f} per second"
    )
    print(f"reader alone: {reader_rate:.0f} articles per CPU second (target {READER_TARGET_PER_SECOND})")
    return 0 if rate >= TARGET_PER_SECOND and reader_rate >= READER_TARGET_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
