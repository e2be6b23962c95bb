"""Time the annual report over 100,000 activities on PostgreSQL.

    .venv/bin/python bench/report.py [--activities 100000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Creates a throwaway database on the server, fills it with one year of synthetic activities (each with a foreign
partner and a figure), then builds the report and writes it as DOCX and as XLSX. Target: under 30 s each.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta

from medcoop.devtools.scratch import scratch_database

TARGET_SECONDS = 30


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with scratch_database("medcoop_bench", args.database_url) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
        return run(args.activities)


def run(count: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from medcoop.activities.models import Activity, ActivityPartner, Figure
    from medcoop.dashboard.services import Scope
    from medcoop.organizations.models import Organization
    from medcoop.reports.documents import render
    from medcoop.reports.services import build_report

    rng = random.Random(7)
    member = Organization.objects.create(name="Bệnh viện Đo Hiệu Năng", country="VN", is_member=True, code="BENCH")
    Organization.objects.filter(pk=member.pk).update(owner=member)
    countries = ["FR", "LA", "KH", "JP", "KR", "DE", "US", "RU", "BE", "AU"]
    partners = Organization.objects.bulk_create(
        Organization(name=f"Đối tác {n}", country=countries[n % len(countries)], owner=member, search_text=" ")
        for n in range(300)
    )
    kinds = ["training", "expert_exchange", "conference", "research", "joint_clinical_work", "funding"]
    started = time.perf_counter()
    for offset in range(0, count, 10_000):
        batch = Activity.objects.bulk_create(
            Activity(
                owner=member,
                kind_id=rng.choice(kinds),
                title=f"Hoạt động {offset + n}",
                search_text=" ",
                start_on=date(2025, 1, 1) + timedelta(days=rng.randrange(365)),
            )
            for n in range(min(10_000, count - offset))
        )
        ActivityPartner.objects.bulk_create(
            ActivityPartner(activity=a, organization=rng.choice(partners)) for a in batch
        )
        Figure.objects.bulk_create(
            Figure(activity=a, metric_id="staff_trained", value=rng.randint(1, 50), unit="people") for a in batch
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live database after a large load
    print(f"{count} activities created in {time.perf_counter() - started:.1f} s")
    slow = False
    for fmt in ("docx", "xlsx"):
        started = time.perf_counter()
        report = build_report(Scope(None, member), 2025)
        built = time.perf_counter() - started
        content, _type = render(report, fmt, "vi")
        seconds = time.perf_counter() - started
        print(f"  figures gathered in {built:.1f} s")
        slow |= seconds > TARGET_SECONDS
        print(f"report as {fmt}: {seconds:.1f} s, {len(content) / 1e6:.1f} MB (target {TARGET_SECONDS} s)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
