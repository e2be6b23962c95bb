"""Time a spreadsheet import of 100,000 activity rows as MedCoop runs it, with production settings (issue 24).

    .venv/bin/python bench/sheets.py --engine sqlite|postgresql [--rows 100000]

Writes an XLSX from the activity template's columns (partners from a registry of 300 organisations, one
figure per row) and imports it as a confirmed import does (read, checked and written as one stream, one
transaction): all new, then the same sheet again (nothing to write), then with a tenth of its rows corrected
(those updated); and the preview's check of the first. On PostgreSQL it runs in a scratch database on the
server of DATABASE_URL (if that names a PostgreSQL one) or on 127.0.0.1:5432; on SQLite in a file of its own.
Without --engine, the engine of DATABASE_URL (SQLite when unset); run it once per engine. Targets: each
import ≤ 30 s, the process's peak memory (resident set) ≤ 300 MB. Prints each figure beside its target, with
the process's CPU time and the machine's load average after the step (the machine may be shared), and exits 1
when one is missed.
"""

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from medcoop.devtools.scratch import SERVER, app_environment, scratch_database

TARGET_SECONDS = 30
TARGET_MB = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], help="default: DATABASE_URL's")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    engine = args.engine or ("postgresql" if server.startswith("postgres") else "sqlite")
    if engine == "postgresql" and not server.startswith("postgres"):
        server = SERVER
    with tempfile.TemporaryDirectory() as folder:
        if engine == "postgresql":
            with scratch_database("medcoop_bench_sheets", urlparse(server)._replace(path="/postgres").geturl()) as url:
                return run(args.rows, url, folder)
        return run(args.rows, f"sqlite:///{Path(folder) / 'bench.sqlite3'}", folder)


def peak_mb(reset: bool = False) -> float:
    """The process's peak resident memory since the last reset (Linux's VmHWM, reset through clear_refs),
    or since it started (getrusage) where that is not available."""
    try:
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def run(rows: int, database_url: str, folder: str) -> int:
    os.environ.update(app_environment(database_url, folder))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from medcoop.core.models import User
    from medcoop.organizations.models import Organization
    from medcoop.sheets.importer import import_sheet, plan_import
    from medcoop.sheets.workbook import read_sheet

    member = Organization.objects.create(name="Bệnh viện Đo Hiệu Năng", country="VN", is_member=True, code="BENCH")
    Organization.objects.filter(pk=member.pk).update(owner=member)
    partners = Organization.objects.bulk_create(
        Organization(name=f"Bệnh viện đối tác số {n}", country="FR", owner=member, search_text=" ") for n in range(300)
    )
    user = User.objects.create_user("bench", role="coordinator", organization=member)
    names = [p.name for p in partners]
    data = sheet(rows, names)
    load = os.getloadavg()
    print(
        f"{rows} rows ({len(data) / 1e6:.1f} MB XLSX) on {connection.vendor}, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"{'step':<40}{'seconds':>8}{'target':>7}{'CPU s':>7}{'peak MB':>8}{'target':>7}  result")
    missed = False
    attempts = [
        ("preview's check (nothing written)", data, lambda sheet: plan_import(user, "activities", sheet, keep=20)),
        ("first import (all new)", data, lambda sheet: import_sheet(user, "activities", sheet)),
        ("same sheet again (nothing changed)", data, lambda sheet: import_sheet(user, "activities", sheet)),
        (
            "a tenth of the rows corrected",
            sheet(rows, names, changed_every=10),
            lambda sheet: import_sheet(user, "activities", sheet),
        ),
    ]
    for step, content, attempt in attempts:
        peak_mb(reset=True)
        started, cpu = time.perf_counter(), time.process_time()
        plan = attempt(read_sheet(content, "hoat-dong.xlsx"))
        seconds, cpu, peak = time.perf_counter() - started, time.process_time() - cpu, peak_mb()
        assert not plan.errors, plan.errors[:5]
        miss = seconds > TARGET_SECONDS or peak > TARGET_MB
        missed |= miss
        print(
            f"{step:<40}{seconds:>8.1f}{TARGET_SECONDS:>7}{cpu:>7.1f}{peak:>8.0f}{TARGET_MB:>7}  "
            f"{'MISSED' if miss else 'met'} ({plan.creates} new, {plan.updates} updated; load {os.getloadavg()[0]:.1f})"
        )
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; CPU s is this process's own time")
    print("MISSED" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
