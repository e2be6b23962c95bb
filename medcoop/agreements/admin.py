from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from medcoop.core.admin import RegistryAdmin, RegistryInline

from .models import Agreement, AgreementDocument, AgreementParty, AgreementStatus, Commitment


class PartyInline(RegistryInline):
    model = AgreementParty
    autocomplete_fields = ["organization", "signatory"]


class CommitmentInline(RegistryInline):
    model = Commitment
    autocomplete_fields = ["party"]


class DocumentInline(RegistryInline):
    model = AgreementDocument


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*AgreementStatus.choices, ("dormant", _("Dormant (no activity in 12 months)"))]

    def queryset(self, request, queryset):
        if self.value() == "dormant":
            return queryset.filter(is_dormant=True)
        if self.value():
            return queryset.filter(derived_status=self.value())
        return queryset


@admin.register(Agreement)
class AgreementAdmin(RegistryAdmin):
    list_display = ["title", "kind", "level", "owner", "signed_on", "expires_on", "status_label", "is_dormant"]
    list_filter = [StatusFilter, "kind", "level", "owner"]
    search_fields = ["search_text"]
    autocomplete_fields = ["owner", "renews"]
    filter_horizontal = ["scope", "specialties"]
    inlines = [PartyInline, CommitmentInline, DocumentInline]
    date_hierarchy = "signed_on"

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    @admin.display(description=_("status"), ordering="derived_status")
    def status_label(self, agreement):
        return agreement.get_status_display()

    @admin.display(description=_("dormant"), boolean=True, ordering="is_dormant")
    def is_dormant(self, agreement):
        return agreement.is_dormant


@admin.register(Commitment)
class CommitmentAdmin(RegistryAdmin):
    list_display = ["description", "agreement", "party", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["description", "agreement__title"]
    autocomplete_fields = ["agreement", "party"]
