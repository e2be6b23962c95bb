"""The member institutions' settings on the admin site (the administrator's: core/admin.py)."""

from django.contrib import admin

from .models import MemberInstitution


@admin.register(MemberInstitution)
class MemberInstitutionAdmin(admin.ModelAdmin):
    """The member institutions whose staff use this deployment, and their settings. Partners are each
    institution's own registry, kept in MedCoop's pages."""

    list_display = ["name", "code", "province_code"]
    search_fields = ["name", "name_en", "code"]
    fields = ["name", "name_en", "code", "kind", "country", "province_code", "city", "website"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_member=True)

    def save_model(self, request, obj, form, change):
        obj.is_member = True
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # an institution owns records; it is never deleted from here
