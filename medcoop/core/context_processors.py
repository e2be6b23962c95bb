"""The navigation: each role sees only the pages it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.accounts.services import awaits_second_factor

from .permissions import INSTITUTION_ROLES, Role, reads_registry, writes_registry

REGISTRY_PAGES = [
    ("dashboard", _("Dashboard")),
    ("organization-list", _("Organizations")),
    ("agreement-list", _("Agreements")),
    ("activity-list", _("Activities")),
    ("delegation-list", _("Delegations")),
    ("article-list", _("Articles")),
    ("annual-report", _("Report")),
]


CONSULTATION_PAGES = [("case-list", _("Consultations")), ("session-list", _("Sessions"))]
PATIENT_PAGES = [("episode-board", _("Patients"))]
PRIVACY_PAGES = [("consent-list", _("Data protection"))]


def menu_for(user) -> list[tuple[str, str]]:
    """(url name, label) of the pages this user's role may open."""
    pages = list(REGISTRY_PAGES) if reads_registry(user) else []
    if user.is_authenticated and user.role in INSTITUTION_ROLES:
        pages += PATIENT_PAGES
    if writes_registry(user):
        pages += [("sheet-upload", _("Import")), ("invitations", _("Invitations"))]
    if user.is_authenticated and (user.role in INSTITUTION_ROLES or user.role == Role.PARTNER):
        pages += CONSULTATION_PAGES
    if user.is_authenticated and user.role in INSTITUTION_ROLES:
        pages += PRIVACY_PAGES
    if user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN):
        pages.append(("admin:index", _("Administration")))
    return pages


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or awaits_second_factor(user):
        return {"navigation": []}  # nothing to offer until the second factor is given
    items = []
    for name, label in menu_for(user):
        url = reverse(name)
        items.append({"url": url, "label": label, "current": request.path.startswith(url) and url != "/"})
    return {"navigation": items}
