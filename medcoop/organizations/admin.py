from django.contrib import admin

from medcoop.core.admin import RegistryAdmin, RegistryInline

from .forms import OrganizationForm
from .models import Contact, Organization


class ContactInline(RegistryInline):
    model = Contact


@admin.register(Organization)
class OrganizationAdmin(RegistryAdmin):
    form = OrganizationForm
    fields = [*OrganizationForm.Meta.fields, "code", "is_member", "owner"]
    list_display = ["name", "kind", "country", "province_code", "is_member", "owner"]
    list_filter = ["is_member", "kind", "country"]
    search_fields = ["search_text", "name", "name_en"]
    autocomplete_fields = ["parent", "owner"]
    inlines = [ContactInline]

    def get_search_results(self, request, queryset, search_term):
        """Accent-insensitive: "benh vien k" finds "Bệnh viện K"."""
        return queryset.search(search_term), False


@admin.register(Contact)
class ContactAdmin(RegistryAdmin):
    list_display = ["name", "title", "role", "organization", "email"]
    list_filter = ["role"]
    search_fields = ["name", "email", "organization__name"]
    autocomplete_fields = ["organization"]
