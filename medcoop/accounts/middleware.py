"""Two rules applied to every request of a logged-in user: a session ends after 30 minutes idle or 12 hours in
all, and the roles that need a second factor reach nothing but the two-factor page until they have given it."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from medcoop.audit import recording as audit

from .services import awaits_second_factor

STARTED, SEEN = "medcoop_session_started", "medcoop_session_seen"
# The last request's time is written at most once a minute, not on every request.
SEEN_RESOLUTION = 60
# Pages a user who has not yet given the second factor may still open.
OPEN_PATHS = ("/login/", "/logout/", "/language/", "/account/two-factor/", "/invitations/", "/static/")


def names_a_token(request) -> bool:
    """An API request with `Authorization: Bearer …` (the scheme read as django-ninja's HttpBearer reads it)."""
    return request.path.startswith("/api/") and (
        request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower() == "bearer"
    )


class TokenRequestMiddleware:
    """An API request that names a token is its token's alone: the session its cookie may carry is not read (nor
    its user, nor their second factor), so it neither keeps a person's session alive nor ends with it, and a
    token refused is a 401 even beside a session's cookie. The token names the user inside the view
    (`medcoop.api.TokenAuth`), which sets the user's language and is the audit's actor. Placed after the
    authentication and OTP middleware, before anything reads the user; a request without a token is untouched
    (the session's API calls keep their CSRF check). Reading the session cost a token's API list three queries
    and a fifth of its time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if names_a_token(request):
            request.user = AnonymousUser()
        return self.get_response(request)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            started = request.session.setdefault(STARTED, now)
            seen = request.session.get(SEEN, now)
            idle = now - seen > settings.MEDCOOP_SESSION_IDLE_SECONDS
            if idle or now - started > settings.MEDCOOP_SESSION_MAX_SECONDS:
                audit.record(
                    "session_ended",
                    request.user,
                    user=request.user,
                    ip_address=audit.client_address(request),
                    changes={"reason": [None, "idle" if idle else "maximum length"]},
                )
                logout(request)
                messages.info(request, _("Your session has ended: please log in again."))
            elif now - seen >= SEEN_RESOLUTION or SEEN not in request.session:
                request.session[SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """The 12 hours count from the login (connected to `user_logged_in` in the app's ready())."""
    if hasattr(request, "session"):
        request.session[STARTED] = request.session[SEEN] = time.time()


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if awaits_second_factor(request.user) and not request.path.startswith(OPEN_PATHS):
            if request.path.startswith("/api/"):
                return JsonResponse({"message": _("Two-factor authentication is required."), "errors": []}, status=401)
            return redirect(f"{reverse('two-factor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)
