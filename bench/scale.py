"""Page and API times at national scale, on SQLite and PostgreSQL, as a user meets them: gunicorn on loopback
with production settings (DEBUG off), reached over HTTP after a real login (password, and the authenticator's
code for the coordinator), as the ministry (every institution) and as one institution's coordinator and
clinician.

    .venv/bin/python bench/scale.py [--sizes 10000,100000] [--backends sqlite,postgresql] [--runs 30]

For each (backend, size) a fresh database is filled by `medcoop synth` and each page is requested `--runs`
times after one warming request: p50 and p95 of the time seen by the client, the median time the application
and its SQL took (from the Server-Timing header, MEDCOOP_SERVER_TIMING), their ratio, and the Python share
(application time less SQL). `dashboard_cold` is the ministry's or the user's dashboard right after a write
through the API, so its figures are counted afresh.

Every figure is printed beside its target; the script exits 1 when one is missed. The table goes into
docs/performance.md between its two markers; rows of a backend not run this time are kept.
"""

import argparse
import contextlib
import http.cookiejar
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django_otp.oath import totp

from medcoop.devtools.scratch import SERVER, app_environment, prepare, scratch_database, serving

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "performance.md"
KEPT = Path.home() / ".cache" / "medcoop-bench"  # --keep: SQLite files, and each kept database's build time
START, END = "<!-- figures: written by bench/scale.py -->", "<!-- end of figures -->"
USERS = ["ministry", "coordinator", "clinician"]
PAGES = {
    "list": "/activities/",
    "filtered": "/activities/?year=2020&kind=training",
    "search_common": "/activities/?q=ghep+tang",
    "search_rare": "/activities/?q=phau+thuat+robot",
    "search_short": "/activities/?q=y",
    "search_typo": "/activities/?q=chuan+doan+hinh+anh",
    "search_partner": "/activities/?q=hopital+lyon",
    "organizations": "/organizations/?q=benh+vien",
    "detail": "/activities/{activity}/",
    "api": "/api/activities/",
    "dashboard": "/dashboard/",
    "dashboard_cold": "/dashboard/",
}
# p95 in ms (issue 24), per backend; pages not named have no target on that backend.
P95_TARGETS = {
    "postgresql": {
        **dict.fromkeys(
            ["list", "filtered", "search_common", "search_rare", "search_short", "search_typo", "search_partner"], 100
        ),
        "organizations": 100,
        "detail": 100,
        "api": 60,
        "dashboard_cold": 150,
    },
    "sqlite": dict.fromkeys(
        ["list", "search_common", "search_rare", "search_short", "search_typo", "search_partner"], 250
    ),
}
# The Python share (application time less its SQL) in ms, on both backends.
PYTHON_TARGETS = {
    **dict.fromkeys(
        ["list", "filtered", "search_common", "search_rare", "search_short", "search_typo", "search_partner"], 20
    ),
    "detail": 20,
    "api": 10,
}
SETUP = """
import json, time
from binascii import hexlify
from django_otp.plugins.otp_totp.models import TOTPDevice
from medcoop.activities.models import Activity
from medcoop.core.models import User
from medcoop.devtools.synth import synthesize
from medcoop.accounts.tokens import create_token
from medcoop.organizations.models import Organization
loaded = None
if not Activity.objects.exists():  # a kept database (--keep) is filled once
    started = time.perf_counter()
    synthesize({scale})
    loaded = time.perf_counter() - started
institution = Organization.objects.filter(is_member=True).order_by("pk").first()
out = {{"load_seconds": loaded and round(loaded, 1), "users": {{}}}}
User.objects.filter(username__startswith="bench-").delete()
for role in {users!r}:
    user = User.objects.create_user(
        f"bench-{{role}}", password="bench-" + role + "-password", role=role,
        organization=None if role == "ministry" else institution,
    )
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True) if role == "coordinator" else None
    visible = Activity.objects.visible_to(user).order_by("pk")
    out["users"][role] = {{
        "username": user.username,
        "password": "bench-" + role + "-password",
        "totp_key": device.key if device else None,
        "token": create_token(user, "bench")[1],
        "activity": visible[visible.count() // 2].pk,
    }}
own = Activity.objects.filter(owner=institution).order_by("pk").first()
out["writable"] = own.pk
print(json.dumps(out))
"""


class Browser:
    """A user's session over HTTP: cookies kept, redirects followed, the CSRF token read from each form."""

    def __init__(self, host: str):
        self.host = host
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.host + path, headers=headers or {})
        return self._open(request)

    def send(self, path: str, data: dict, method: str = "POST", headers: dict | None = None, json_body=False):
        body = json.dumps(data).encode() if json_body else urllib.parse.urlencode(data).encode()
        kind = "application/json" if json_body else "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.host + path, data=body, method=method, headers={"Content-Type": kind, **(headers or {})}
        )
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.geturl(), response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode(errors="replace"), dict(error.headers)

    def submit(self, path: str, fields: dict):
        """GET the page's form, then POST it with its CSRF token."""
        _status, url, page, _headers = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form at {path}"
        return self.send(
            urllib.parse.urlparse(url).path + "?" + urllib.parse.urlparse(url).query,
            fields | {"csrfmiddlewaretoken": token[1]},
        )

    def login(self, account: dict) -> None:
        """The login a person makes: password, then the authenticator's code where the role needs one."""
        status, url, _page, _headers = self.submit(
            "/login/", {"username": account["username"], "password": account["password"]}
        )
        if "/account/two-factor/" in url:
            code = f"{totp(bytes.fromhex(account['totp_key'])):06d}"
            status, url, _page, _headers = self.submit(urllib.parse.urlparse(url).path, {"code": code})
        assert status == 200 and "/login/" not in url and "/two-factor/" not in url, (account["username"], url)


def server_timing(headers: dict) -> tuple[float, float, int, float]:
    """(app ms, SQL ms, queries, the app thread's CPU ms) from the Server-Timing header."""
    value = headers.get("Server-Timing", "")
    app = re.search(r"app;dur=([\d.]+)", value)
    sql = re.search(r'sql;dur=([\d.]+);desc="(\d+)', value)
    cpu = re.search(r"cpu;dur=([\d.]+)", value)
    assert app and sql and cpu, f"no Server-Timing header ({value!r}): is MEDCOOP_SERVER_TIMING on?"
    return float(app[1]), float(sql[1]), int(sql[2]), float(cpu[1])


def measure_page(browser: Browser, url: str, runs: int, headers: dict, before=None) -> dict:
    walls, apps, sqls, cpus, queries = [], [], [], [], 0
    for n in range(runs + 1):
        if before:
            before()
        begin = time.perf_counter()
        status, final, body, answer = browser.get(url, headers)
        wall = (time.perf_counter() - begin) * 1000
        if status != 200 or final != browser.host + url:
            raise AssertionError(f"{url}: {status} at {final}\n{body[:2000]}")
        if n == 0:
            continue  # the first request warms the process's caches
        app, sql, queries, cpu = server_timing(answer)
        walls.append(wall)
        apps.append(app)
        sqls.append(sql)
        cpus.append(cpu)
    walls.sort()
    app, sql = statistics.median(apps), statistics.median(sqls)
    return {
        "p50": round(statistics.median(walls)),
        "p95": round(walls[min(len(walls) - 1, int(0.95 * len(walls)))]),
        "app": round(app, 1),
        "sql": round(sql, 1),
        "queries": queries,
        "ratio": round(app / sql, 1) if sql else None,
        "python": round(app - sql, 1),
        "cpu": round(statistics.median(cpus), 1),
    }


def fresh_database(stack: contextlib.ExitStack, backend: str, name: str) -> tuple[str, str]:
    """A throwaway database of the backend (dropped when `stack` closes) and a data folder: (URL, folder)."""
    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix=f"medcoop-{name}-"))
    if backend == "postgresql":
        return stack.enter_context(scratch_database(f"medcoop_{name}")), folder
    return f"sqlite:///{folder}/{name}.sqlite3", folder


def kept_database(stack: contextlib.ExitStack, backend: str, size: int) -> tuple[str, str]:
    """A database of the backend kept between runs (`--keep`), so a million activities are built once: the
    PostgreSQL database medcoop_bench_<size>, or a SQLite file under KEPT. (URL, throwaway data folder)."""
    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="medcoop-scale-"))
    if backend == "postgresql":
        import psycopg

        name = f"medcoop_bench_{size}"
        with psycopg.connect(SERVER, autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                admin.execute(f"CREATE DATABASE {name}")
        return urllib.parse.urlparse(SERVER)._replace(path=f"/{name}").geturl(), folder
    KEPT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{KEPT}/scale-{size}.sqlite3", folder


def run_one(
    backend: str, size: int, runs: int, keep: bool = False, only_setup: bool = False, pages: list[str] | None = None
) -> dict:
    """Fill a fresh (or kept) database, serve it, log each user in and time every page."""
    with contextlib.ExitStack() as stack:
        url, folder = kept_database(stack, backend, size) if keep else fresh_database(stack, backend, "scale")
        env = app_environment(url, folder, MEDCOOP_SERVER_TIMING="true")
        try:
            setup = json.loads(prepare(env, SETUP.format(scale=size, users=USERS))[-1])
        except subprocess.CalledProcessError as error:
            raise SystemExit(f"setting up {backend} at {size:,} failed:\n{error.stderr or error.stdout}") from error
        setup["load_seconds"] = _build_time(backend, size, setup["load_seconds"]) if keep else setup["load_seconds"]
        if only_setup:
            return {"load_seconds": setup["load_seconds"], "pages": {}}
        host = stack.enter_context(serving(env, 1))
        writer = Browser(host)
        token = setup["users"]["coordinator"]["token"]
        write_count = iter(range(10**9))

        def write() -> None:
            """A coordinator's change through the API, after which the dashboards it concerns count afresh."""
            status, *_rest = writer.send(
                f"/api/activities/{setup['writable']}",
                {"place": f"Nơi {next(write_count)}"},
                method="PATCH",
                headers={"Authorization": f"Bearer {token}"},
                json_body=True,
            )
            assert status == 200, status

        results = {"load_seconds": setup["load_seconds"], "pages": {}}
        for role in USERS:
            account = setup["users"][role]
            browser = Browser(host)
            browser.login(account)
            for page, path in PAGES.items():
                if pages and page not in pages:
                    continue
                headers = {"Authorization": f"Bearer {account['token']}"} if page == "api" else {}
                results["pages"][f"{role}:{page}"] = measure_page(
                    browser,
                    path.format(activity=account["activity"]),
                    runs,
                    headers,
                    before=write if page == "dashboard_cold" else None,
                )
        return results


def _build_time(backend: str, size: int, seconds: float | None) -> float | None:
    """The time `synth` took to fill a kept database: written when it was built, read on the runs after."""
    record = KEPT / f"{backend}-{size}.json"
    if seconds is not None:
        KEPT.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"load_seconds": seconds}))
        return seconds
    return json.loads(record.read_text())["load_seconds"] if record.exists() else None


def verdict(figure, target) -> tuple[str, bool]:
    if target is None or figure is None:
        return f"{figure}", True
    ok = figure <= target
    return f"{figure} {'✓' if ok else '✗'} (≤{target})", ok


def table_rows(backend: str, size: int, result: dict) -> tuple[list[str], list[str]]:
    lines, missed = [], []
    for key, m in result["pages"].items():
        role, page = key.split(":")
        p95, ok_p95 = verdict(m["p95"], P95_TARGETS.get(backend, {}).get(page))
        python, ok_python = verdict(m["python"], PYTHON_TARGETS.get(page))
        if not (ok_p95 and ok_python):
            missed.append(f"{backend} {size:,} {role} {page}")
        lines.append(
            f"| {backend} | {size:,} | {role} | {page} | {m['p50']} | {p95} | {m['app']} | {m['sql']} | "
            f"{m['queries']} | {m['ratio']} | {python} | {m.get('cpu', '')} |"
        )
    return lines, missed


HEADER = (
    "| backend | activities | user | page | p50 (ms) | p95 (ms) | app (ms) | SQL (ms) | queries | app/SQL | "
    "Python (ms) | CPU (ms) |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def write_report(new_rows: list[str], backends: set[str], loads: list[str], machine: str) -> None:
    """Replace this run's backends' rows in docs/performance.md, keeping the others'."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text = f"# Performance\n\n{START}\n{END}\n" + text
    old = text[text.index(START) + len(START) : text.index(END)]
    kept = [
        line
        for line in old.splitlines()
        if line.startswith("| ")
        and not line.startswith("| backend")
        and line.count("|") == HEADER.splitlines()[0].count("|")  # a table of this script's shape
        and line.split("|")[1].strip() not in backends
    ]
    notes = [
        line
        for line in old.splitlines()
        if line.startswith("- ") and not any(line.startswith(f"- {b} ") for b in backends)
    ]
    figures = "\n".join(
        [
            START,
            "Written by `bench/scale.py`: gunicorn (1 worker) on loopback, production settings, a real login per "
            "user; p95 over the runs after a warming request; app and SQL are medians from the Server-Timing "
            "header; Python = app − SQL (wall time, so a busy machine's waits for a core count in it); CPU = the "
            "median CPU time of the app's thread per request (Python and the driver, not the database server). "
            "✓/✗ against the targets of issue 24.",
            "",
            *sorted(notes + [f"- {line}" for line in loads]),
            "",
            HEADER,
            *sorted(kept + new_rows, key=_row_order),
            END,
        ]
    )
    REPORT.write_text(text[: text.index(START)] + figures + text[text.index(END) + len(END) :], encoding="utf-8")
    print(f"written to {REPORT} ({machine})")


def _row_order(line: str):
    cells = [c.strip() for c in line.split("|")[1:-1]]
    pages = list(PAGES)
    return (cells[0], int(cells[1].replace(",", "")), USERS.index(cells[2]), pages.index(cells[3]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-report", action="store_true", help="print only; leave docs/performance.md alone")
    parser.add_argument(
        "--keep", action="store_true", help="keep each database for the next run (built once, then reused)"
    )
    parser.add_argument("--only-setup", action="store_true", help="with --keep: build the databases, time nothing")
    parser.add_argument("--pages", help=f"only these pages, comma-separated (of {', '.join(PAGES)}); with --no-report")
    args = parser.parse_args()
    if args.runs < 30:
        parser.error("p95 needs at least 30 requests")
    if args.only_setup and not args.keep:
        parser.error("--only-setup builds kept databases: give --keep too")
    pages = args.pages.split(",") if args.pages else None
    if pages and (not args.no_report or set(pages) - set(PAGES)):
        parser.error("--pages takes names of PAGES, and a partial run is not written to the report: give --no-report")
    backends = args.backends.split(",")
    rows, missed, loads = [], [], []
    print(HEADER)
    for backend in backends:
        for size in [int(s) for s in args.sizes.split(",")]:
            load_before = os.getloadavg()[0]
            result = run_one(backend, size, args.runs, keep=args.keep, only_setup=args.only_setup, pages=pages)
            if args.only_setup:
                print(f"{backend} {size:,}: built in {result['load_seconds']} s", flush=True)
                continue
            lines, misses = table_rows(backend, size, result)
            rows += lines
            missed += misses
            print("\n".join(lines), flush=True)
            loads.append(
                f"{backend} {size:,}: synth {result['load_seconds']} s; load average {load_before:.1f} before, "
                f"{os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPU, measured {time.strftime('%Y-%m-%d %H:%M')} "
                f"on {platform.platform()}, Python {platform.python_version()})"
            )
            print(loads[-1], flush=True)
    if args.only_setup:
        return 0
    if not args.no_report:
        write_report(rows, set(backends), loads, platform.node())
    print(f"targets missed: {', '.join(missed)}" if missed else "every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
