"""View helpers every domain shares: a record is fetched only through the permission layer."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView


class VisibleDetailView(LoginRequiredMixin, DetailView):
    """A detail page whose record must be `visible_to` the user: any other answers 404, as if absent."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)
