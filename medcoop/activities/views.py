from medcoop.core.views import VisibleDetailView

from .models import Activity


class ActivityDetailView(VisibleDetailView):
    model = Activity
    template_name = "activities/activity_detail.html"
