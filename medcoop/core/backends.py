"""Passwords are checked by Django's ModelBackend; rights come from the named rules alone (core/rules.py and
each app's rules.py, through django-rules' ObjectPermissionBackend). This backend grants no permission, so a
group or a per-user permission, given anywhere, adds no right."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_user(self, user_id):
        """The signed-in user with their institution, in one query: every page's header names the institution
        and every permission rule reads it, which otherwise cost a second query on each request."""
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("organization").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
