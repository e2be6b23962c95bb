from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from medcoop.audit.recording import record
from medcoop.core.models import AuditEvent
from medcoop.core.redirects import next_url
from medcoop.core.views import RecordFormView, RegistryListView, flash_errors

from . import services
from .forms import EpisodeFilterForm, EpisodeForm
from .icd10 import search_icd10
from .lists import EPISODES
from .models import EpisodeStatus, IdentityReader, PatientEpisode
from .services import reads_patients


class EpisodeListView(RegistryListView):
    model = PatientEpisode
    filter_form_class = EpisodeFilterForm
    table_template = "patients/_episode_table.html"
    create_url_name = "episode-create"
    listing = EPISODES  # never the identity: only the pseudonymous code and clinical facts leave the system

    def base_queryset(self):
        return super().base_queryset().select_related("specialty")


class EpisodeFormView(RecordFormView):
    model = PatientEpisode
    form_class = EpisodeForm
    template_name = "core/record_form.html"

    def save(self, form, rows):
        return services.save_episode(self.request.user, form.instance, form.identity())


@login_required
def episode_detail(request, pk):
    if not reads_patients(request.user):
        raise Http404
    episode = get_object_or_404(PatientEpisode.objects.visible_to(request.user).select_related("specialty"), pk=pk)
    record(AuditEvent.Action.READ, episode)
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
            "can_read_identity": services.can_read_identity(request.user, episode) and episode.has_identity,
            "next_statuses": services.allowed_actions(request.user, episode),
        },
    )


@require_POST
@login_required
def episode_move(request, pk):
    episode = get_object_or_404(PatientEpisode.objects.editable_by(request.user), pk=pk)
    try:
        services.move(request.user, episode, request.POST.get("status", ""))
    except ValidationError as error:
        flash_errors(request, error)
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
            "can_edit": request.user.has_perm("patients.add_patientepisode"),
        },
    )


@login_required
def identity_readers(request):
    """The leadership names the colleagues who may read patients' identities (and removes them); audited."""
    if not request.user.has_perm("patients.manage_identity_readers"):
        raise Http404
    staff = services.identity_readers(request.user)
    if request.method == "POST":
        chosen = set(request.POST.getlist("reader"))
        for person in staff:
            services.set_identity_reader(request.user, person, str(person.pk) in chosen)
        messages.success(request, _("Saved."))
        return redirect("identity-readers")
    readers = set(IdentityReader.objects.filter(user__in=staff).values_list("user_id", flat=True))
    return render(request, "patients/identity_readers.html", {"staff": staff, "readers": readers})


@login_required
def icd10_lookup(request):
    """The ICD-10 codes matching what is typed in the diagnosis field (the WHO classification, not a record)."""
    found = search_icd10(request.GET.get("q", ""))
    return JsonResponse({"results": [{"code": code, "label": f"{code} — {title}"} for code, title in found]})
