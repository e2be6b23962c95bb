"""The navigation: each role sees only the pages it may use."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medcoop.accounts.services import awaits_second_factor
from medcoop.core.links import page_url

# The menu's groups, in order: a dozen pages fit one line at 1366 px and a phone's width as five headings.
GROUPS = {
    "reports": pgettext_lazy("menu", "Reports"),
    "registry": pgettext_lazy("menu", "Registry"),
    "consultations": pgettext_lazy("menu", "Consultations"),
    "delegations": pgettext_lazy("menu", "Delegations"),
    "administration": pgettext_lazy("menu", "Administration"),
}

# (url name, label, the permission that opens it, its group), in the menu's order. The menu shows what `has_perm`
# allows, and the pages ask the same permissions.
PAGES = [
    ("dashboard", _("Dashboard"), "organizations.view_organization", "reports"),
    ("organization-list", _("Organizations"), "organizations.view_organization", "registry"),
    ("agreement-list", _("Agreements"), "agreements.view_agreement", "registry"),
    ("activity-list", _("Activities"), "activities.view_activity", "registry"),
    ("course-list", _("Training"), "activities.view_trainingcourse", "registry"),
    ("funding-list", _("Funding"), "funding.view_funding", "registry"),
    ("technique-list", _("Techniques"), "activities.view_technologytransfer", "registry"),
    ("delegation-list", _("Delegations"), "delegations.view_delegation", "delegations"),
    ("article-list", _("Articles"), "articles.view_article", "registry"),
    ("annual-report", _("Report"), "organizations.view_organization", "reports"),
    ("episode-board", _("Patients"), "patients.view_patientepisode", "consultations"),
    ("sheet-upload", _("Import"), "organizations.add_organization", "registry"),
    ("invitations", _("Invitations"), "core.manage_partner_invitations", "administration"),
    ("case-list", _("Consultations"), "consultations.view_consultationcase", "consultations"),
    ("session-list", _("Sessions"), "consultations.view_session", "consultations"),
    ("consent-list", _("Data protection"), "privacy.view_consent", "administration"),
    ("identity-readers", _("Identity access"), "patients.manage_identity_readers", "administration"),
    ("admin:index", _("Administration"), "core.use_admin_site", "administration"),
]


def grouped(items: list[dict]) -> list[dict]:
    """The menu's groups that hold a page for this user, each with its pages; `current` when one of them is."""
    groups = []
    for key, label in GROUPS.items():
        pages = [item for item in items if item["group"] == key]
        if pages:
            groups.append({"label": label, "items": pages, "current": any(item["current"] for item in pages)})
    return groups


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or awaits_second_factor(user):
        return {"navigation": [], "menu": []}  # nothing to offer until the second factor is given
    items = []
    for name, label, perm, group in PAGES:
        if user.has_perm(perm):
            url = page_url(name)
            current = request.path.startswith(url) and url != "/"
            items.append({"url": url, "label": label, "group": group, "current": current})
    return {"navigation": items, "menu": grouped(items)}
