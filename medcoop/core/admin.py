"""Admin for users, vocabularies and the audit log, and the base every registry admin uses so the admin too
goes through the one permission layer."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind, AuditEvent, FigureMetric, Specialty, User


class RegistryAdmin(admin.ModelAdmin):
    """Shows each user only `visible_to(user)` and lets them change only `editable_by(user)`.

    A record outside what the user may see is simply not found.
    """

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.model.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.model.objects.editable_by(request.user).filter(pk=obj.pk).exists()


class RegistryInline(admin.TabularInline):
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "organization"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("MedCoop"), {"fields": ["role", "organization", "language", "time_zone"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("MedCoop"), {"fields": ["role", "organization"]}),)
    autocomplete_fields = ["organization"]


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
