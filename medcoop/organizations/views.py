from medcoop.core.views import VisibleDetailView

from .models import Organization


class OrganizationDetailView(VisibleDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"
