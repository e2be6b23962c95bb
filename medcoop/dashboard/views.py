from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from medcoop.core.rules import reads_every_institution
from medcoop.core.views import RegistryAccessMixin

from . import services
from .charts import WORLD_VIEWBOX, bar_chart, world_map_svg
from .feed import user_calendar
from .forms import InstitutionForm
from .models import CalendarFeed


class DashboardView(RegistryAccessMixin, TemplateView):
    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        institution_form = None
        institution = user.organization
        if reads_every_institution(user):
            institution_form = InstitutionForm(self.request.GET or None)
            institution = institution_form.cleaned_data["institution"] if institution_form.is_valid() else None
        scope = services.Scope(user, institution)
        summary = services.summary(scope)
        by_kind = summary["by_kind"]
        context.update(
            summary,
            institution=institution,
            institution_form=institution_form,
            today=scope.today,
            map_viewbox=WORLD_VIEWBOX,
            kind_chart=bar_chart(_("Activities by kind"), [(k.label, n) for k, n in by_kind], horizontal=True)
            if by_kind
            else "",
            year_chart=bar_chart(_("Activities by year"), summary["by_year"]) if summary["by_year"] else "",
            months=services.calendar_months([*summary["upcoming"], *summary["delegations"]], scope.today),
            calendar_feed=CalendarFeed.objects.filter(user=user).first(),
        )
        return context


@require_GET
@gzip_page
def world_map(request):
    """The world map the dashboards draw partner countries on; the same for everyone, so cached a day."""
    response = HttpResponse(world_map_svg(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def calendar_feed(request, token):
    """The feed a calendar program subscribes to; the secret in the address is the only credential."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    response = HttpResponse(user_calendar(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_POST
@login_required
def revoke_calendar_feed(request):
    """A new secret address; the old one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if not created:
        feed.revoke()
    return redirect("dashboard")
