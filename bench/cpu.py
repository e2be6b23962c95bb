"""The CPU a page costs the app process, which a shared machine's load does not inflate: bench/scale.py's Python
share is wall time less SQL time, so on a busy machine it counts the time the process waited for a core too.

    .venv/bin/python bench/cpu.py [--scale 20000] [--runs 30] [--backend postgresql]

Fills a throwaway database with `medcoop synth`, then requests each page in process through Django's whole stack
(middleware, permissions, templates; production settings, DEBUG off) as the ministry and as one institution's
coordinator (with its second factor) and clinician. Per page: the median CPU time of the process over the
requests (`time.process_time`: Python, the template engine and the database driver; not the database server's
work), beside the Python-share target of issue 24. Exits 1 on a miss.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time

from medcoop.devtools.scratch import app_environment, scratch_database

PAGES = {
    "list": ("/activities/", 20),
    "filtered": ("/activities/?year=2020&kind=training", 20),
    "search_common": ("/activities/?q=ghep+tang", 20),
    "search_rare": ("/activities/?q=phau+thuat+robot", 20),
    "search_short": ("/activities/?q=y", 20),
    "search_typo": ("/activities/?q=chuan+doan+hinh+anh", 20),
    "search_partner": ("/activities/?q=hopital+lyon", 20),
    "detail": ("/activities/{activity}/", 20),
    "api": ("/api/activities/", 10),
}
USERS = ["ministry", "coordinator", "clinician"]
CHILD = """
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from medcoop.accounts.tokens import create_token
from medcoop.activities.models import Activity
from medcoop.core.models import User
from medcoop.devtools.synth import synthesize
from medcoop.organizations.models import Organization

synthesize({scale})
institution = Organization.objects.filter(is_member=True).order_by("pk").first()
out = {{}}
for role in {users!r}:
    user = User.objects.create_user(f"cpu-{{role}}", role=role, organization=None if role == "ministry" else institution)
    client = Client()
    client.force_login(user)
    if role == "coordinator":  # the second factor a coordinator's session carries after the authenticator's code
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    headers = {{"HTTP_AUTHORIZATION": "Bearer " + create_token(user, "bench")[1]}}
    visible = Activity.objects.visible_to(user).order_by("pk")
    activity = visible[visible.count() // 2].pk
    for page, (path, _target) in {pages!r}.items():
        url = path.format(activity=activity)
        spent = []
        for n in range({runs} + 1):
            begin = time.process_time()
            response = client.get(url, **(headers if page == "api" else {{}}))
            if response.status_code != 200:
                sys.exit(f"{{url}} as {{role}}: {{response.status_code}}")
            if n:  # the first request warms the caches
                spent.append((time.process_time() - begin) * 1000)
        out[f"{{role}}:{{page}}"] = round(statistics.median(spent), 1)
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="medcoop-cpu-"))
        if args.backend == "postgresql":
            url = stack.enter_context(scratch_database("medcoop_cpu"))
        else:
            url = f"sqlite:///{folder}/cpu.sqlite3"
        env = app_environment(url, folder, ALLOWED_HOSTS="testserver")
        medcoop = os.path.join(os.path.dirname(sys.executable), "medcoop")
        subprocess.run([medcoop, "migrate", "-v0"], env=env, check=True)
        subprocess.run([medcoop, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        child = CHILD.format(scale=args.scale, users=USERS, pages=PAGES, runs=args.runs)
        done = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"the timed process failed:\n{done.stderr or done.stdout}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{args.backend}, {args.scale:,} activities, {args.runs} requests a page, load average "
        f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} CPU), {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print("| user | page | CPU (ms) |\n|---|---|---|")
    missed = []
    for key, cpu in figures.items():
        role, page = key.split(":")
        target = PAGES[page][1]
        ok = cpu <= target
        if not ok:
            missed.append(key)
        print(f"| {role} | {page} | {cpu} {'✓' if ok else '✗'} (≤{target}) |")
    print(f"targets missed: {', '.join(missed)}" if missed else "every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
