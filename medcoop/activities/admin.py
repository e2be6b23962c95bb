from django.contrib import admin

from medcoop.core.admin import RegistryAdmin, RegistryInline

from .forms import ActivityForm
from .models import (
    Activity,
    ActivityPartner,
    Figure,
    FundingDetail,
    TechnologyTransfer,
    Trainee,
    TrainingCohort,
    TrainingCourse,
    VisitDetail,
)


class PartnerInline(RegistryInline):
    model = ActivityPartner
    autocomplete_fields = ["organization"]


class FigureInline(RegistryInline):
    model = Figure


class CohortInline(RegistryInline):
    model = TrainingCohort
    autocomplete_fields = ["course"]


class TransferInline(admin.StackedInline):
    model = TechnologyTransfer
    extra = 0
    autocomplete_fields = ["source"]


class FundingInline(admin.StackedInline):
    model = FundingDetail
    extra = 0
    autocomplete_fields = ["donor"]


class VisitInline(admin.StackedInline):
    model = VisitDetail
    extra = 0


@admin.register(Activity)
class ActivityAdmin(RegistryAdmin):
    form = ActivityForm
    fields = ["owner", *ActivityForm.Meta.fields, "provenance", "source_reference"]
    list_display = ["title", "kind", "owner", "start", "direction", "status", "provenance"]
    list_filter = ["kind", "status", "direction", "provenance", "owner", "specialties"]
    search_fields = ["search_text"]
    autocomplete_fields = ["owner", "agreement"]
    filter_horizontal = ["specialties"]
    inlines = [PartnerInline, FigureInline, CohortInline, TransferInline, FundingInline, VisitInline]
    date_hierarchy = "start_on"

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


@admin.register(TrainingCourse)
class TrainingCourseAdmin(RegistryAdmin):
    list_display = ["name", "owner", "specialty", "length_days", "is_free"]
    list_filter = ["is_free", "specialty"]
    search_fields = ["name"]


class TraineeInline(RegistryInline):
    model = Trainee
    autocomplete_fields = ["institution"]


@admin.register(TrainingCohort)
class TrainingCohortAdmin(RegistryAdmin):
    list_display = ["__str__", "activity", "starts_on", "ends_on"]
    search_fields = ["name", "course__name"]
    inlines = [TraineeInline]
    autocomplete_fields = ["activity", "course"]
