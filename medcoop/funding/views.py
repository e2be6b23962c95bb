from medcoop.activities.models import Activity
from medcoop.agreements.models import Agreement
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView

from .forms import EquipmentFormSet, FundingFilterForm, FundingForm, TransactionFormSet
from .iati import fundings_xml
from .lists import FUNDINGS
from .models import Funding
from .services import funding_totals, save_funding


class FundingListView(RegistryListView):
    model = Funding
    filter_form_class = FundingFilterForm
    table_template = "funding/_funding_table.html"
    create_url_name = "funding-create"
    listing = FUNDINGS
    # `?export=iati`: the fundings no activity carries (the activities' export carries the others).
    iati_document = staticmethod(fundings_xml)

    def base_queryset(self):
        return super().base_queryset().select_related("donor", "owner", "agreement", "activity").with_flows()


class FundingDetailView(VisibleDetailView):
    model = Funding
    template_name = "funding/funding_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("donor", "owner", "agreement", "activity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        funding = self.object
        context.update(
            totals=funding_totals(Funding.objects.filter(pk=funding.pk)),
            transactions=funding.transactions.all(),
            equipment=funding.equipment.all(),
        )
        return context


class FundingFormView(RecordFormView):
    model = Funding
    form_class = FundingForm
    formset_classes = {"transactions": TransactionFormSet, "equipment": EquipmentFormSet}

    def new_object(self):
        """A new funding; opened from an agreement's or an activity's page, it starts under it."""
        funding = super().new_object()
        user = self.request.user
        for name, model in (("agreement", Agreement), ("activity", Activity)):
            wanted = self.request.GET.get(name, "")
            if wanted.isdigit():
                setattr(funding, name, model.objects.editable_by(user).filter(pk=wanted).first())
        if funding.activity and not funding.agreement:
            funding.agreement = funding.activity.agreement
        return funding

    def existing_rows(self, prefix):
        if prefix == "transactions":
            return list(self.object.transactions.values("pk", "kind", "date", "amount", "description"))
        return list(self.object.equipment.values("pk", "item", "quantity", "value", "handed_over_on"))

    def save(self, form, rows):
        return save_funding(
            self.request.user, form.instance, transactions=rows["transactions"], equipment=rows["equipment"]
        )


class FundingDeleteView(RecordDeleteView):
    model = Funding
    success_url_name = "funding-list"
