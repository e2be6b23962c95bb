"""The navigation: each role sees only the pages it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.accounts.services import awaits_second_factor

# (url name, label, the permission that opens it), in the menu's order. The menu shows what `has_perm` allows,
# and the pages ask the same permissions.
PAGES = [
    ("dashboard", _("Dashboard"), "organizations.view_organization"),
    ("organization-list", _("Organizations"), "organizations.view_organization"),
    ("agreement-list", _("Agreements"), "agreements.view_agreement"),
    ("activity-list", _("Activities"), "activities.view_activity"),
    ("course-list", _("Training"), "activities.view_trainingcourse"),
    ("delegation-list", _("Delegations"), "delegations.view_delegation"),
    ("article-list", _("Articles"), "articles.view_article"),
    ("annual-report", _("Report"), "organizations.view_organization"),
    ("episode-board", _("Patients"), "patients.view_patientepisode"),
    ("sheet-upload", _("Import"), "organizations.add_organization"),
    ("invitations", _("Invitations"), "core.manage_partner_invitations"),
    ("case-list", _("Consultations"), "consultations.view_consultationcase"),
    ("session-list", _("Sessions"), "consultations.view_session"),
    ("consent-list", _("Data protection"), "privacy.view_consent"),
    ("identity-readers", _("Identity access"), "patients.manage_identity_readers"),
    ("admin:index", _("Administration"), "core.use_admin_site"),
]


def menu_for(user) -> list[tuple[str, str]]:
    """(url name, label) of the pages this user may open."""
    return [(name, label) for name, label, perm in PAGES if user.has_perm(perm)]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or awaits_second_factor(user):
        return {"navigation": []}  # nothing to offer until the second factor is given
    items = []
    for name, label in menu_for(user):
        url = reverse(name)
        items.append({"url": url, "label": label, "current": request.path.startswith(url) and url != "/"})
    return {"navigation": items}
