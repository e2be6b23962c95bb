"""The admin site: for the administrator role alone (and a superuser made at the server's console). Users and
their roles, the member institutions' settings, the vocabularies, and the audit log read-only. Registry and
clinical records are not here: they are changed in MedCoop's pages, through the services and their owner checks.

Every right is a named rule (core/rules.py): `User.save` makes only the administrator staff, and the user form
offers neither `is_superuser`, groups nor per-user permissions (a forged field is ignored). The right to read
patients' identities is not here either: an institution's leadership gives it in MedCoop (patients)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind, AuditEvent, FigureMetric, Specialty, User

admin.site.unregister(Group)  # groups grant nothing (core.backends): nothing to hand out

# What the administrator may never change on their own account: no one raises or frees themselves.
OWN_ACCOUNT_LOCKED = ["role", "organization", "is_active"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "organization"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("MedCoop"), {"fields": ["role", "organization", "is_active", "language", "time_zone"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("MedCoop"), {"fields": ["role", "organization"]}),)
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def get_queryset(self, request):
        """A superuser's account is the server console's business: the administrator neither sees nor edits it."""
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, *OWN_ACCOUNT_LOCKED]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # records keep who made them; an account is deactivated instead


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "label_vi", "label_en"]
    search_fields = ["code", "label_vi", "label_en"]

    def has_delete_permission(self, request, obj=None):
        return False  # terms are referenced by records; the CSV files are their source


admin.site.register(ActivityKind, VocabularyAdmin)
admin.site.register(Specialty, VocabularyAdmin)


@admin.register(FigureMetric)
class FigureMetricAdmin(VocabularyAdmin):
    list_display = ["code", "label_vi", "label_en", "unit"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched and read, never edited."""

    list_display = ["at", "actor_name", "action", "model", "object_repr", "ip_address"]
    list_filter = ["action", "model"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
