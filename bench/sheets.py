"""Time a spreadsheet import of 100,000 activity rows on PostgreSQL: read, validate every row, write.

    .venv/bin/python bench/sheets.py [--rows 100000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Writes an XLSX from the activity template's columns (partners from a registry of 300 organisations, one
figure per row), imports it into a throwaway database, imports the same sheet again (nothing to write), then
a sheet with a tenth of its rows corrected (those rows updated). Target: under 60 s for each import.
"""

import argparse
import io
import os
import random
import sys
import time

from medcoop.devtools.scratch import scratch_database

TARGET_SECONDS = 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with scratch_database("medcoop_bench", args.database_url) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
        return run(args.rows)


def sheet(rows: int, partner_names: list[str], *, changed_every: int = 0) -> bytes:
    """The sheet; with `changed_every`, every n-th row's title and figure differ, as in a corrected re-import."""
    from openpyxl import Workbook

    rng = random.Random(11)
    book = Workbook(write_only=True)
    out = book.create_sheet("Hoạt động")
    out.append(
        [
            "Mã hoạt động",
            "Tiêu đề",
            "Loại hoạt động",
            "Bắt đầu",
            "Kết thúc",
            "Đối tác",
            "Quốc gia",
            "Nhân viên y tế được đào tạo",
        ]
    )
    kinds = ["Đào tạo / tập huấn", "training", "conference", "Nghiên cứu khoa học"]
    for n in range(rows):
        changed = changed_every and n % changed_every == 0
        out.append(
            [
                f"HD-{n:06d}",
                f"Hoạt động số {n}{' (sửa)' if changed else ''}",
                rng.choice(kinds),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025",
                None,
                rng.choice(partner_names),
                "Pháp",
                rng.randint(1, 90) + (1000 if changed else 0),
            ]
        )
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def run(rows: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from medcoop.core.models import User
    from medcoop.organizations.models import Organization
    from medcoop.sheets.importer import apply_plan, plan_import
    from medcoop.sheets.workbook import read_sheet

    member = Organization.objects.create(name="Bệnh viện Đo Hiệu Năng", country="VN", is_member=True, code="BENCH")
    Organization.objects.filter(pk=member.pk).update(owner=member)
    partners = Organization.objects.bulk_create(
        Organization(name=f"Bệnh viện đối tác số {n}", country="FR", owner=member, search_text=" ") for n in range(300)
    )
    user = User.objects.create_user("bench", role="coordinator", organization=member)
    names = [p.name for p in partners]
    data = sheet(rows, names)
    print(f"sheet of {rows} rows: {len(data) / 1e6:.1f} MB")
    slow = False
    attempts = [
        ("first import (all new)", data),
        ("same sheet again (nothing changed)", data),
        ("a tenth of the rows corrected", sheet(rows, names, changed_every=10)),
    ]
    for attempt, content in attempts:
        started = time.perf_counter()
        plan = plan_import(user, "activities", read_sheet(content, "hoat-dong.xlsx"))
        checked = time.perf_counter() - started
        assert not plan.errors, plan.errors[:5]
        created, updated = apply_plan(user, plan)
        seconds = time.perf_counter() - started
        slow |= seconds > TARGET_SECONDS
        print(
            f"{attempt}: read and checked in {checked:.1f} s, {created} created and {updated} updated in "
            f"{seconds:.1f} s (target {TARGET_SECONDS} s)"
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
