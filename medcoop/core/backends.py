"""Passwords are checked by Django's ModelBackend; rights come from the named rules alone (core/rules.py and
each app's rules.py, through django-rules' ObjectPermissionBackend). This backend grants no permission, so a
group or a per-user permission, given anywhere, adds no right."""

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
