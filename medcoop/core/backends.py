"""Model permissions that follow the user's role, so no one has to assign groups by hand.

Row-level rules stay in `visible_to` / `editable_by`; this backend only answers "may this role add, change,
delete or view this kind of record at all", which the admin asks first.
"""

from django.contrib.auth.backends import BaseBackend

from .permissions import Role

REGISTRY_APPS = {"organizations", "agreements", "activities"}
READ_ONLY_APPS = {"core"}
ADMIN_MANAGED = {"core.add_user", "core.change_user", "core.view_user", "auth.view_group", "auth.view_permission"}
# The audit log and the reminder log name records of every institution: only the admin role reads them.
ADMIN_ONLY_VIEWS = {"view_user", "view_auditevent", "view_sentreminder"}


class RoleBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not user_obj.is_authenticated:
            return False
        app_label, _, codename = perm.partition(".")
        action = codename.split("_", 1)[0]
        role = getattr(user_obj, "role", None)
        if role == Role.ADMIN:
            return perm in ADMIN_MANAGED or (action == "view" and app_label in REGISTRY_APPS | READ_ONLY_APPS)
        if role == Role.PARTNER:
            return False
        if app_label in READ_ONLY_APPS:
            return action == "view" and codename not in ADMIN_ONLY_VIEWS
        if app_label in REGISTRY_APPS:
            return role == Role.COORDINATOR or action == "view"
        return False

    def has_module_perms(self, user_obj, app_label):
        role = getattr(user_obj, "role", None)
        if not user_obj.is_active or role in (None, Role.PARTNER):
            return False
        return app_label in REGISTRY_APPS | READ_ONLY_APPS or (role == Role.ADMIN and app_label == "auth")
