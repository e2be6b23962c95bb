"""The one permission layer: what each role may see and change.

Every registry model's queryset is a `VisibleQuerySet`; views, the API, exports and search all start from
`Model.objects.visible_to(user)`, so no view filters by hand. A record belongs to an owning member institution,
reached from the model through `owner_path`.
"""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CLINICIAN = "clinician", _("Clinician")
    LEADERSHIP = "leadership", _("Leadership")
    PARTNER = "partner", _("Partner expert")
    MINISTRY = "ministry", _("Ministry")
    ADMIN = "admin", _("Administrator")


# Roles that read the registry of every institution; neither may change it.
READ_ALL_ROLES = {Role.MINISTRY, Role.ADMIN}
# Roles that read the registry of their own institution.
INSTITUTION_ROLES = {Role.COORDINATOR, Role.CLINICIAN, Role.LEADERSHIP}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class VisibleQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see and change.

    The model names the path to its owning institution in `owner_path` ("owner", "agreement__owner", ...).
    """

    def _owner_filter(self, institution_id) -> models.Q:
        return models.Q(**{f"{self.model.owner_path}_id": institution_id})

    def visible_to(self, user, action: str = "view") -> Self:
        """Rows the user may read (`action` "view"): own institution's, everyone's for ministry and admin, none
        for partners; or may "change" / "delete": `editable_by`."""
        if action != "view":
            return self.editable_by(user)
        institutions = readable_institutions(user)
        if institutions is None:
            return self.all()
        if not institutions:
            return self.none()
        return self.filter(self._owner_filter(institutions[0]))

    def editable_by(self, user) -> "VisibleQuerySet":
        """Rows the user may change: a coordinator's own institution's (and a superuser's, for repairs)."""
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role == Role.COORDINATOR and user.organization_id:
            return self.filter(self._owner_filter(user.organization_id))
        return self.none()


def readable_institutions(user) -> list[int] | None:
    """The institutions whose registry records the user reads: None for every institution (ministry,
    administrator, superuser), their own for an institution's staff, none otherwise. `visible_to` and the
    dashboard's counters both ask it, so what a dashboard counts is what its reader may open."""
    if not _active(user):
        return []
    if user.is_superuser or user.role in READ_ALL_ROLES:
        return None
    if user.role in INSTITUTION_ROLES and user.organization_id:
        return [user.organization_id]
    return []


def can_create_for(user, institution_id) -> bool:
    """Whether the user may create registry records owned by this institution."""
    if not _active(user):
        return False
    return user.is_superuser or (user.role == Role.COORDINATOR and user.organization_id == institution_id)


def reads_registry(user) -> bool:
    """Whether the user's role reads the cooperation registry at all (partner experts do not)."""
    return _active(user) and (user.is_superuser or user.role in READ_ALL_ROLES | INSTITUTION_ROLES)


def writes_registry(user) -> bool:
    """Whether the user may create registry records for an institution (a coordinator's own)."""
    return _active(user) and can_create_for(user, user.organization_id) and user.organization_id is not None
