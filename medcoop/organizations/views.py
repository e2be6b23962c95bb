from django.utils.translation import gettext_lazy as _

from medcoop.audit.views import MergesMixin, RecordMergeView
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView
from medcoop.exports.tables import Column

from .forms import ContactFormSet, OrganizationFilterForm, OrganizationForm
from .models import Organization
from .related import related_lists
from .services import likely_duplicates, merge_organizations, save_organization, undo_organization_merge

RELATED_SHOWN = 50


class OrganizationListView(RegistryListView):
    model = Organization
    filter_form_class = OrganizationFilterForm
    table_template = "organizations/_organization_table.html"
    create_url_name = "organization-create"
    sort_fields = {"name": "name", "kind": "kind", "country": "country", "updated": "updated_at"}
    default_sort = "name"
    export_columns = [
        Column(_("name"), lambda o: o.name),
        Column(_("English name"), lambda o: o.name_en),
        Column(_("kind"), lambda o: o.get_kind_display()),
        Column(_("country"), lambda o: o.country_name),
        Column(_("aliases"), lambda o: "; ".join(o.aliases)),
        Column(_("province / city"), lambda o: o.province_name),
        Column(_("city"), lambda o: o.city),
        Column(_("member institution"), lambda o: _("yes") if o.is_member else ""),
        Column(_("owning institution"), lambda o: o.owner),
        Column(_("website"), lambda o: o.website),
        Column(_("ROR ID"), lambda o: o.ror_id),
        Column(_("IATI organisation identifier"), lambda o: o.iati_org_id),
        Column(_("Ministry of Health facility code"), lambda o: o.moh_facility_code),
        Column(_("tax code"), lambda o: o.tax_code),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner")


class OrganizationDetailView(MergesMixin, VisibleDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organization = self.request.user, self.object
        context.update(
            related_lists(user, organization, RELATED_SHOWN),
            contacts=organization.contacts.all(),
            shown=RELATED_SHOWN,
        )
        return context


class OrganizationFormView(RecordFormView):
    model = Organization
    form_class = OrganizationForm
    formset_classes = {"contacts": ContactFormSet}

    def existing_rows(self, prefix):
        return list(self.object.contacts.values("pk", "name", "title", "role", "email", "phone"))

    def duplicates(self, form, rows):
        return likely_duplicates(form.instance)

    def save(self, form, rows):
        return save_organization(self.request.user, form.instance, contacts=rows["contacts"])


class OrganizationDeleteView(RecordDeleteView):
    model = Organization
    success_url_name = "organization-list"


class OrganizationMergeView(RecordMergeView):
    model = Organization
    merge = merge_organizations
    undo = undo_organization_merge

    def likely(self, keep):
        return [d.record for d in likely_duplicates(keep) if d.record.pk != keep.pk]

    def choices(self, keep):
        return super().choices(keep).filter(is_member=False)
