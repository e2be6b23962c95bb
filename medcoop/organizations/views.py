from medcoop.audit.views import MergesMixin, RecordMergeView
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView

from .forms import ContactFormSet, OrganizationFilterForm, OrganizationForm
from .lists import ORGANIZATIONS
from .models import Organization
from .related import related_lists
from .services import likely_duplicates, merge_organizations, save_organization, undo_organization_merge

RELATED_SHOWN = 50


class OrganizationListView(RegistryListView):
    model = Organization
    filter_form_class = OrganizationFilterForm
    table_template = "organizations/_organization_table.html"
    create_url_name = "organization-create"
    listing = ORGANIZATIONS

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
