from medcoop.core.views import VisibleDetailView

from .models import Agreement


class AgreementDetailView(VisibleDetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        return super().get_queryset().with_status().select_related("owner", "renews")
