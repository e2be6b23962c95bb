"""Load test: 50 users mixing reads and writes through the API against gunicorn on 127.0.0.1, PostgreSQL behind,
for a bounded time; prints p95 and errors per request kind beside the targets (no failure, p95 of all requests
≤ 200 ms) and exits 1 on a miss. Locust comes with the bench extra: `.venv/bin/pip install -e ".[bench]"`; without
it the script says so and exits 2 before building anything.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--scale 100000] [--workers 4]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from medcoop.devtools.scratch import app_environment, prepare, scratch_database, serving

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
P95_TARGET_MS = 200  # every request kind together, 50 users on this 2-CPU machine
SETUP = """
from medcoop.core.models import User
from medcoop.devtools.synth import synthesize
from medcoop.accounts.tokens import create_token
from medcoop.organizations.models import Organization
synthesize({scale})
members = list(Organization.objects.filter(is_member=True).order_by("pk")[:{users}])
tokens, partners = [], []
for n, member in enumerate(members):
    partner = Organization.objects.filter(owner=member, is_member=False).values_list("pk", flat=True).first()
    if partner:
        user = User.objects.create_user(f"load{{n}}", role="coordinator", organization=member)
        tokens.append(create_token(user, "load")[1])
        partners.append(partner)
print(",".join(tokens))
print(",".join(str(p) for p in partners))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not (BIN / "locust").exists():
        print(f'locust is not installed in {BIN}: .venv/bin/pip install -e ".[bench]"', file=sys.stderr)
        return 2
    with scratch_database("medcoop_load") as url, tempfile.TemporaryDirectory(prefix="medcoop-load-") as folder:
        env = app_environment(url, folder)
        out = prepare(env, SETUP.format(scale=args.scale, users=args.users))
        env["MEDCOOP_LOAD_TOKENS"], env["MEDCOOP_LOAD_PARTNERS"] = out[-2], out[-1]
        with serving(env, args.workers) as host:
            prefix = Path(folder) / "locust"
            subprocess.run(
                [
                    BIN / "locust",
                    "-f",
                    ROOT / "bench" / "locustfile.py",
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    "10",
                    "-t",
                    f"{args.seconds}s",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                check=False,
            )
        print(
            f"\n{args.users} users, {args.seconds} s, {args.scale:,} activities, gunicorn {args.workers} workers, "
            f"{os.cpu_count()} CPU"
        )
        print("| request | count | failures | p50 (ms) | p95 (ms) | req/s |\n|---|---|---|---|---|---|")
        missed = []
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            for row in csv.DictReader(stats):
                failures, p95 = int(row["Failure Count"]), float(row["95%"])
                overall = row["Name"] in ("Aggregated", "all")
                failed = f"{failures} {'✓' if failures == 0 else '✗'} (0)"
                slow = (
                    f"{row['95%']} {'✓' if p95 <= P95_TARGET_MS else '✗'} (≤{P95_TARGET_MS})" if overall else row["95%"]
                )
                if failures or (overall and p95 > P95_TARGET_MS):
                    missed.append(row["Name"])
                print(
                    f"| {row['Name']} | {row['Request Count']} | {failed} | {row['50%']} | {slow} | "
                    f"{float(row['Requests/s']):.1f} |"
                )
    print(f"targets missed: {', '.join(missed)}" if missed else "every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
