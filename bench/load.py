"""Load test: 50 users mixing reads and writes through the API against gunicorn on 127.0.0.1, PostgreSQL behind,
for a bounded time; prints p95 and errors per request kind. Needs `pip install locust`.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--scale 100000] [--workers 4]
"""
import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SETUP = """
import random
from medcoop.core.models import User
from medcoop.core.synth import synthesize
from medcoop.core.tokens import create_token
from medcoop.organizations.models import Organization
synthesize({scale})
members = list(Organization.objects.filter(is_member=True).order_by("pk")[:{users}])
tokens, partners = [], []
for n, member in enumerate(members):
    user = User.objects.create_user(f"load{{n}}", role="coordinator", organization=member)
    tokens.append(create_token(user, "load")[1])
    partners.append(Organization.objects.filter(owner=member, is_member=False).values_list("pk", flat=True).first())
print(",".join(tokens))
print(",".join(str(p) for p in partners if p))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    name = f"medcoop_load_{os.getpid()}"
    admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    folder = tempfile.mkdtemp(prefix="medcoop-load-")
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}", "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "SECRET_KEY": "load-test-" * 8, "MEDCOOP_DATA_DIR": folder,
           "MEDCOOP_PATIENT_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ="}
    server = None
    try:
        subprocess.run([BIN / "medcoop", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "medcoop", "collectstatic", "--noinput", "-v0"], env=env, check=True)
        out = subprocess.run([BIN / "medcoop", "shell", "-c", SETUP.format(scale=args.scale, users=args.users)],
                             env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()
        env["MEDCOOP_LOAD_TOKENS"], env["MEDCOOP_LOAD_PARTNERS"] = out[-2], out[-1]
        port = free_port()
        server = subprocess.Popen([BIN / "gunicorn", "medcoop.wsgi:application", "-b", f"127.0.0.1:{port}", "-w",
                                   str(args.workers), "--log-level", "warning"], env=env)
        time.sleep(3)
        prefix = Path(folder) / "locust"
        subprocess.run([BIN / "locust", "-f", ROOT / "bench" / "locustfile.py", "--headless", "-u", str(args.users),
                        "-r", "10", "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv",
                        str(prefix), "--only-summary", "--loglevel", "WARNING"], env=env, check=False)
        print(f"\n{args.users} users, {args.seconds} s, {args.scale:,} activities, gunicorn {args.workers} workers, "
              f"{os.cpu_count()} CPU")
        print("| request | count | failures | p50 (ms) | p95 (ms) | req/s |\n|---|---|---|---|---|---|")
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            for row in csv.DictReader(stats):
                print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
                      f"{row['95%']} | {float(row['Requests/s']):.1f} |")
    finally:
        if server:
            server.terminate()
            server.wait(10)
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
