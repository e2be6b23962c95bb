"""The interface language — Vietnamese unless the user chose English — and the user's time zone.

The browser's Accept-Language is deliberately not consulted: many office computers in Vietnam run an English
browser, and MedCoop is Vietnamese first. The choice is kept on the user (so it follows them to any device)
and in a cookie (so the login page follows it too).
"""

import time
import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def chosen_language(request, user=None) -> str:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def use_preferences(request, user) -> None:
    """The user's language and time zone for the rest of the request. The API calls it again once a token has
    named its user (the middleware saw no one), so a token's answers speak its user's language."""
    language = chosen_language(request, user)
    translation.activate(language)
    if user is not None and user.is_authenticated and user.time_zone:
        timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
    else:
        timezone.deactivate()
    request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """Activates the chosen language, and the user's time zone, for the request (placed after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_preferences(request, getattr(request, "user", None))
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response


# What a shared or browser cache must never keep: clinical pages and their API, and every file handed over.
NO_STORE_SECTIONS = {"consultations", "patients", "privacy"}


def must_not_be_stored(request, response) -> bool:
    parts = request.path.strip("/").split("/")
    section = parts[1] if parts[:1] == ["api"] and len(parts) > 1 else parts[0]
    attachment = response.get("Content-Disposition", "").startswith("attachment")
    return section in NO_STORE_SECTIONS or attachment or getattr(response, "streaming", False)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on clinical pages and downloads, by one rule rather than a decorator per view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if must_not_be_stored(request, response):
            add_never_cache_headers(response)
        return response


class ServerTimingMiddleware:
    """`Server-Timing: app;dur=…, sql;dur=…, cpu;dur=…` on every response, for the benchmarks: the time the request
    spent in the application and, of that, in the database, so a page's Python share is its time minus its SQL;
    and the CPU the application's thread spent on it, which a busy machine's waits for a core do not inflate.
    The SQL time counts the fetching of rows too: SQLite finds them as they are fetched, after `execute`.
    Installed only when MEDCOOP_SERVER_TIMING is on (bench/scale.py); it tells timings, not data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        spent = {"sql": 0.0, "queries": 0}

        def timed(execute, sql, params, many, context):
            begin = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["sql"] += time.perf_counter() - begin
                spent["queries"] += 1

        make_cursor = connection.make_cursor
        connection.make_cursor = lambda cursor: _FetchTimed(make_cursor(cursor), spent)
        begin, cpu_begin = time.perf_counter(), time.thread_time()
        try:
            with connection.execute_wrapper(timed):
                response = self.get_response(request)
        finally:
            del connection.make_cursor  # the class's own again
        app, cpu = time.perf_counter() - begin, time.thread_time() - cpu_begin
        response["Server-Timing"] = (
            f'app;dur={app * 1000:.2f}, sql;dur={spent["sql"] * 1000:.2f};desc="{spent["queries"]} queries", '
            f"cpu;dur={cpu * 1000:.2f}"
        )
        return response


class _FetchTimed:
    """A cursor whose fetches add their time to the request's SQL (ServerTimingMiddleware)."""

    def __init__(self, cursor, spent: dict):
        self._cursor, self._spent = cursor, spent

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._cursor.__exit__(*exc)

    def _timed(self, fetch, *args):
        begin = time.perf_counter()
        try:
            return fetch(*args)
        finally:
            self._spent["sql"] += time.perf_counter() - begin

    def fetchone(self):
        return self._timed(self._cursor.fetchone)

    def fetchmany(self, size=None):
        return self._timed(self._cursor.fetchmany, *([] if size is None else [size]))

    def fetchall(self):
        return self._timed(self._cursor.fetchall)
