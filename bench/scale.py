"""Page and API times at national scale, on SQLite and PostgreSQL: p50 and p95 of the activity list, a
filtered list, an accent-insensitive search, a detail page, the dashboard and the API list, read as the
ministry (which sees every institution).

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--backends sqlite,postgresql] [--runs 15]

Each (backend, size) runs in its own process on a fresh database filled by `medcoop synth`. The table is
printed and written to docs/performance.md with the machine it ran on (between its two figure markers, so the
notes around them stay).
"""

import argparse
import contextlib
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from medcoop.core.scratch import SCRATCH_PATIENT_KEY, scratch_database

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "postgresql": {"dashboard": 500, "dashboard_cold": 500, "default": 200},
    "sqlite": {"list": 400, "search": 400},
}
# docs/performance.md keeps its notes; the script rewrites only what lies between these two lines.
START, END = "<!-- figures: written by bench/scale.py -->", "<!-- end of figures -->"
PAGES = ["list", "filtered", "search", "detail", "dashboard", "dashboard_cold", "api"]
COLD_RUNS = 3  # the dashboard counted afresh (cache emptied) is slow by nature at a million; a few runs tell it


def measure(runs: int) -> dict:
    """Inside a child process whose environment names the database: fill it, then time each page."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from medcoop.activities.models import Activity
    from medcoop.core.models import User
    from medcoop.core.synth import synthesize
    from medcoop.core.tokens import create_token

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off, as in production
    started = time.perf_counter()
    synthesize(int(os.environ["BENCH_SCALE"]))
    loaded = time.perf_counter() - started
    user = User.objects.create_user("bench-ministry", role="ministry")
    client = Client()
    client.force_login(user)
    token = create_token(user, "bench")[1]
    activity = Activity.objects.order_by("pk")[Activity.objects.count() // 2]
    urls = {
        "list": "/activities/",
        "filtered": "/activities/?year=2020&kind=training",
        "search": "/activities/?q=ghep+tang",
        "detail": f"/activities/{activity.pk}/",
        "dashboard": "/dashboard/",
        "dashboard_cold": "/dashboard/",
        "api": "/api/activities/",
    }
    results = {"load_seconds": round(loaded, 1)}
    for name, url in urls.items():
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if name == "api" else {}
        timings = []
        for _ in range((COLD_RUNS if name == "dashboard_cold" else runs) + 1):
            if name == "dashboard_cold":
                cache.clear()
            begin = time.perf_counter()
            response = client.get(url, **headers)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings = sorted(timings[1:])  # the first request warms caches
        results[name] = {
            "p50": round(statistics.median(timings)),
            "p95": round(timings[int(0.95 * (len(timings) - 1))]),
        }
    return results


def run_one(backend: str, size: int, runs: int) -> dict:
    env = {
        **os.environ,
        "BENCH_SCALE": str(size),
        "DJANGO_SETTINGS_MODULE": "medcoop.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        "MEDCOOP_DEID_SECRET": os.environ.get("MEDCOOP_DEID_SECRET") or secrets.token_urlsafe(40),
        "MEDCOOP_PATIENT_KEYS": os.environ.get("MEDCOOP_PATIENT_KEYS") or SCRATCH_PATIENT_KEY,
    }
    with contextlib.ExitStack() as stack:
        env["MEDCOOP_DATA_DIR"] = stack.enter_context(tempfile.TemporaryDirectory(prefix="medcoop-scale-"))
        if backend == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(scratch_database("medcoop_scale"))
        else:
            env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--runs", str(runs)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(backend: str, page: str, p95: int, size: int) -> str:
    if size < 1_000_000:
        return ""
    target = TARGETS.get(backend, {}).get(page, TARGETS.get(backend, {}).get("default"))
    if target is None:
        return ""
    return f" {'✓' if p95 <= target else '✗'} (≤{target})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.runs)))
        return 0
    lines = [
        "| backend | activities | load (s) | " + " | ".join(f"{p} p50/p95 (ms)" for p in PAGES) + " |",
        "|---|---|---|" + "---|" * len(PAGES),
    ]
    for backend in args.backends.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            result = run_one(backend, size, args.runs)
            cells = [
                f"{result[p]['p50']} / {result[p]['p95']}{verdict(backend, p, result[p]['p95'], size)}" for p in PAGES
            ]
            lines.append(f"| {backend} | {size:,} | {result['load_seconds']} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    machine = (
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU, "
        f"measured {time.strftime('%Y-%m-%d')}"
    )
    report = ROOT / "docs" / "performance.md"
    figures = (
        f"{START}\nMeasured by `bench/scale.py` (read as the ministry, which sees every institution) on "
        f"{machine}.\n\n" + "\n".join(lines) + f"\n{END}"
    )
    text = report.read_text(encoding="utf-8") if report.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text = f"# Performance\n\n{START}\n{END}\n"
    report.write_text(text[: text.index(START)] + figures + text[text.index(END) + len(END) :], encoding="utf-8")
    print(f"written to {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
