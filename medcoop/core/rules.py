"""Who may do what: the predicates every domain's authorization module (`<app>/rules.py`) is built of.

Each app names its object permissions with django-rules (`user.has_perm("consultations.attach_file", case)`),
and views, templates (`{% load rules %}`), the menu, the API, exports and the admin site ask those names. Role
checks live here and in the domain modules' predicates only; row rules stay in the querysets' `visible_to(user,
action)`, which these predicates ask for one object.
"""

import rules
from django.conf import settings

from . import permissions
from .permissions import INSTITUTION_ROLES, READ_ALL_ROLES, Role, _active


def has_role(*roles):
    """The user is active and holds one of these roles."""

    @rules.predicate(name=f"has_role:{'/'.join(roles)}")
    def predicate(user):
        return _active(user) and getattr(user, "role", None) in roles

    return predicate


@rules.predicate
def is_superuser(user):
    """A superuser is made at the server's console for repairs, never through MedCoop or its admin site."""
    return _active(user) and user.is_superuser


@rules.predicate
def needs_two_factor(user):
    """The roles that change records or reach patients' cases from abroad log in with a second factor."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in settings.MEDCOOP_TWO_FACTOR_ROLES))


@rules.predicate
def is_institution_staff(user):
    """Coordinator, clinician or leadership of a member institution."""
    return _active(user) and user.role in INSTITUTION_ROLES and bool(user.organization_id)


is_coordinator = has_role(Role.COORDINATOR) & rules.predicate(lambda user: bool(user.organization_id))
is_clinician = has_role(Role.CLINICIAN)
is_leadership = has_role(Role.LEADERSHIP)
is_partner_expert = has_role(Role.PARTNER)
is_administrator = has_role(Role.ADMIN)
reads_every_institution = is_superuser | has_role(*READ_ALL_ROLES)
reads_registry = rules.predicate(permissions.reads_registry)
writes_registry = rules.predicate(permissions.writes_registry)


def allowed_on(action: str):
    """The object is among the rows `visible_to(user, action)` of its model; without an object, true (the
    role predicate it is combined with answers "this kind of record at all")."""

    @rules.predicate(name=f"allowed_on:{action}")
    def predicate(user, obj):
        if obj is None:
            return True
        # Asked once per record and user: a detail page asks "may change" for its buttons, its merges and its
        # sections, each an identical query. The answer is kept on the record for as long as its row is as it
        # was read (a save moves `updated_at`, a delete clears the key), and for this user as they are.
        who = tuple(
            getattr(user, name, None) for name in ("pk", "is_active", "is_superuser", "role", "organization_id")
        )
        key = (action, obj.pk, getattr(obj, "updated_at", None), *who)
        known = obj.__dict__.setdefault("_allowed_on", {})
        if key not in known:
            known[key] = type(obj).objects.visible_to(user, action).filter(pk=obj.pk).exists()
        return known[key]

    return predicate


readable = allowed_on("view")
editable = allowed_on("change")


@rules.predicate
def creatable(user, obj):
    """The user may create this (unsaved) record for the owner it names, or, without one, for their own."""
    owner_id = _owner_id(obj) if obj is not None else getattr(user, "organization_id", None)
    return permissions.can_create_for(user, owner_id) and owner_id is not None


def _owner_id(obj):
    """The owning institution's id of a record, reached through its model's `owner_path` (a visit's details
    are owned through their activity, "activity__owner", and have no `owner_id` of their own)."""
    *steps, last = getattr(type(obj), "owner_path", "owner").split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def add_registry_perms(app_label: str, *model_names: str) -> None:
    """view/add/change/delete of registry records: every reader of the registry reads what `visible_to`
    gives; a coordinator creates, changes and deletes their own institution's."""
    for name in model_names:
        rules.add_perm(f"{app_label}.view_{name}", reads_registry & readable)
        rules.add_perm(f"{app_label}.add_{name}", creatable)
        rules.add_perm(f"{app_label}.change_{name}", writes_registry & editable)
        rules.add_perm(f"{app_label}.delete_{name}", writes_registry & editable)


def perm_name(model, action: str) -> str:
    """The permission's name for an action on a kind of record: perm_name(Activity, "change") is
    "activities.change_activity"."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def allowed(user, perms: dict[str, str], obj) -> list[str]:
    """The names of `perms` (step → permission) this user may take on obj, in order, for templates' buttons."""
    return [step for step, perm in perms.items() if user.has_perm(perm, obj)]


# The admin site: the administrator role alone (and a console superuser). Users, their roles, the member
# institutions' settings and the vocabularies; the audit log read-only. Nothing else is registered there.
runs_the_site = is_administrator | is_superuser
for model in ("user", "activitykind", "specialty", "figuremetric"):
    rules.add_perm(f"core.view_{model}", runs_the_site)
    rules.add_perm(f"core.change_{model}", runs_the_site)
    rules.add_perm(f"core.add_{model}", runs_the_site)
rules.add_perm("core.view_auditevent", runs_the_site)
rules.add_perm("core", runs_the_site)  # the admin index lists the core app
rules.add_perm("core.use_admin_site", runs_the_site)
rules.add_perm("core.manage_partner_invitations", is_superuser | is_coordinator)
