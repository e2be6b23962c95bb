"""Time every page of the web interface on the demo data: median and worst of N requests, in milliseconds.

    .venv/bin/python bench/pages.py [--runs 20]

Builds a fresh demo database in a temporary folder (SQLite, the embedded default), logs in as a coordinator
and as the ministry, and requests each page through Django's full stack (middleware, permission layer,
templates). Exits 1 if any page's median exceeds the 300 ms target.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time

TARGET_MS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["MEDCOOP_DATA_DIR"] = tempfile.mkdtemp(prefix="medcoop-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
    os.environ["DEBUG"] = "false"
    for name in ("SECRET_KEY", "MEDCOOP_DEID_SECRET"):  # production refuses to start without them
        os.environ.setdefault(name, secrets.token_urlsafe(40))
    os.environ.setdefault("MEDCOOP_PATIENT_KEYS", "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ=")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off, as in production
    from medcoop.activities.models import Activity
    from medcoop.agreements.models import Agreement
    from medcoop.devtools.demo import load_demo
    from medcoop.organizations.models import Organization

    load_demo()
    agreement = Agreement.objects.get(title__contains="Gustave Roussy")
    activity = Activity.objects.filter(owner=agreement.owner).first()
    partner = Organization.objects.get(name="Viện Gustave Roussy")
    pages = {
        "dieuphoi": [
            reverse("dashboard"),
            reverse("organization-list"),
            reverse("organization-list") + "?q=benh+vien+k",
            reverse("agreement-list"),
            reverse("agreement-list") + "?status=active&sort=-expires",
            reverse("activity-list"),
            reverse("activity-list") + "?year=2025&kind=training",
            partner.get_absolute_url(),
            agreement.get_absolute_url(),
            activity.get_absolute_url(),
            reverse("activity-create"),
            reverse("agreement-edit", args=[agreement.pk]),
            reverse("activity-edit", args=[activity.pk]),
        ],
        "boyte": [
            reverse("dashboard"),
            reverse("agreement-list"),
            reverse("activity-list"),
            reverse("organization-list"),
        ],
    }
    slow = []
    print(f"{'user':10} {'page':55} {'median ms':>10} {'worst ms':>9}")
    for username, urls in pages.items():
        client = Client()
        client.login(username=username, password="medcoop-demo-2026")
        for url in urls:
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(timings)
            print(f"{username:10} {url:55} {median:10.1f} {max(timings):9.1f}")
            if median > TARGET_MS:
                slow.append(url)
    print(f"target: median under {TARGET_MS} ms per page; {'all pages meet it' if not slow else f'too slow: {slow}'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
