from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from medcoop.core.countries import country_name
from medcoop.core.exports import Column
from medcoop.core.redirects import next_url
from medcoop.core.views import RecordFormView, RegistryListView

from . import services
from .forms import EpisodeFilterForm, EpisodeForm
from .models import EpisodeStatus, PatientEpisode
from .services import reads_patients


class EpisodeListView(RegistryListView):
    model = PatientEpisode
    filter_form_class = EpisodeFilterForm
    table_template = "patients/_episode_table.html"
    create_url_name = "episode-create"
    sort_fields = {"code": "code", "admitted": "admitted_on", "status": "status", "nationality": "nationality"}
    default_sort = "-admitted"
    # Never the identity: only the pseudonymous code and clinical facts leave the system.
    export_columns = [
        Column(_("pseudonymous code"), lambda e: e.code),
        Column(_("nationality"), lambda e: country_name(e.nationality)),
        Column(_("home province or region"), lambda e: e.home_region),
        Column(_("specialty"), lambda e: e.specialty),
        Column(_("diagnosis (ICD-10)"), lambda e: e.diagnosis),
        Column(_("admitted on"), lambda e: e.admitted_on),
        Column(_("discharged on"), lambda e: e.discharged_on),
        Column(_("payer"), lambda e: e.get_payer_display()),
        Column(_("status"), lambda e: e.get_status_display()),
    ]

    def allows(self, user) -> bool:
        return reads_patients(user)

    def base_queryset(self):
        return super().base_queryset().select_related("specialty")


class EpisodeFormView(RecordFormView):
    model = PatientEpisode
    form_class = EpisodeForm
    template_name = "core/record_form.html"

    def allows(self, user) -> bool:
        return reads_patients(user)

    def save(self, form, rows):
        return services.save_episode(self.request.user, form.instance, form.identity())


@login_required
def episode_detail(request, pk):
    if not reads_patients(request.user):
        raise Http404
    episode = get_object_or_404(PatientEpisode.objects.visible_to(request.user).select_related("specialty"), pk=pk)
    identity = None
    if request.method == "POST" and request.POST.get("action") == "identity":
        try:
            identity = services.read_identity(request.user, episode)
        except PermissionDenied:
            raise Http404 from None
    editable = PatientEpisode.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "patients/episode_detail.html",
        {
            "episode": episode,
            "object": episode,
            "identity": identity,
            "can_edit": editable,
            "can_read_identity": services.can_read_identity(request.user) and episode.has_identity,
            "next_statuses": [EpisodeStatus(s) for s in services.NEXT_STATUSES[episode.status]] if editable else [],
        },
    )


@require_POST
@login_required
def episode_move(request, pk):
    episode = get_object_or_404(PatientEpisode.objects.editable_by(request.user), pk=pk)
    try:
        services.move(request.user, episode, request.POST.get("status", ""))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(next_url(request, episode.get_absolute_url()))


@login_required
def episode_board(request):
    """The status board: one column per status, the most recent episodes first."""
    if not reads_patients(request.user):
        raise Http404
    episodes = PatientEpisode.objects.visible_to(request.user).select_related("specialty")
    columns = [(status, episodes.filter(status=status.value)[:50]) for status in EpisodeStatus]
    return render(
        request,
        "patients/board.html",
        {
            "columns": columns,
            "next_statuses": services.NEXT_STATUSES,
            "can_edit": PatientEpisode.objects.editable_by(request.user).exists() or request.user.role == "coordinator",
        },
    )
