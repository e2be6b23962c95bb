from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from medcoop.agreements.models import Agreement
from medcoop.core.countries import country_name
from medcoop.core.exports import Column
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView

from .forms import ActivityFilterForm, ActivityForm, FigureFormSet, PartnerFormSet
from .iati import activities_xml
from .models import Activity
from .services import save_activity


class ActivityListView(RegistryListView):
    model = Activity
    filter_form_class = ActivityFilterForm
    table_template = "activities/_activity_table.html"
    create_url_name = "activity-create"
    sort_fields = {"title": "title", "kind": "kind__position", "start": "start_on", "status": "status"}
    default_sort = "-start"
    export_columns = [
        Column(_("title"), lambda a: a.title),
        Column(_("kind"), lambda a: a.kind),
        Column(_("owning institution"), lambda a: a.owner),
        Column(_("start"), lambda a: a.start),
        Column(_("end"), lambda a: a.end),
        Column(_("status"), lambda a: a.get_status_display()),
        Column(_("direction"), lambda a: a.get_direction_display()),
        Column(_("place"), lambda a: a.place),
        Column(_("country where it takes place"), lambda a: country_name(a.country) if a.country else ""),
        Column(_("Partners"), lambda a: "; ".join(str(p.organization) for p in a.partners.all())),
        Column(_("Figures"), lambda a: "; ".join(str(f) for f in a.figures.all())),
    ]

    def get(self, request, *args, **kwargs):
        """`?export=iati` gives the listed activities as IATI 2.03 activity XML."""
        if request.GET.get("export") == "iati":
            response = HttpResponse(activities_xml(self.get_queryset()), content_type="application/xml")
            response["Content-Disposition"] = 'attachment; filename="medcoop-iati-activities.xml"'
            return response
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("kind", "owner")
            .prefetch_related("partners__organization", "figures__metric")
        )


class ActivityDetailView(VisibleDetailView):
    model = Activity
    template_name = "activities/activity_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "owner", "agreement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        context.update(
            figures=activity.figures.select_related("metric"),
            partners=activity.partners.select_related("organization"),
            cohorts=activity.cohorts.select_related("course").prefetch_related("trainees"),
            transfer=getattr(activity, "technology_transfer", None),
            funding=getattr(activity, "funding", None),
            visit=getattr(activity, "visit", None),
        )
        return context


class ActivityFormView(RecordFormView):
    model = Activity
    form_class = ActivityForm
    formset_classes = {"partners": PartnerFormSet, "figures": FigureFormSet}

    def new_object(self):
        """A new activity; opened from an agreement's page, it starts under that agreement with its partners."""
        activity = super().new_object()
        agreement_id = self.request.GET.get("agreement", "")
        if agreement_id.isdigit():
            activity.agreement = Agreement.objects.editable_by(self.request.user).filter(pk=agreement_id).first()
        return activity

    def new_rows(self, prefix):
        """Under an agreement, the other parties are the likely partners."""
        if prefix == "partners" and self.object.agreement:
            return [
                {"organization": p.organization_id, "role": "participant"}
                for p in self.object.agreement.parties.exclude(organization=self.object.owner)
            ]
        return []

    def existing_rows(self, prefix):
        if prefix == "partners":
            return list(self.object.partners.values("organization", "role"))
        return list(self.object.figures.values("metric", "value", "currency", "period_start", "period_end", "note"))

    def save(self, form, rows):
        return save_activity(
            self.request.user,
            form.instance,
            partners=rows["partners"],
            figures=rows["figures"],
            specialties=form.cleaned_data["specialties"],
        )


class ActivityDeleteView(RecordDeleteView):
    model = Activity
    success_url_name = "activity-list"
