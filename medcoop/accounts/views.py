"""The two-factor page (set up an authenticator, or give its code or a recovery code), partner invitations and
the page an invited partner opens from the e-mail."""

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from medcoop.core.forms import show_service_errors
from medcoop.core.redirects import next_url

from . import services
from .forms import AcceptInvitationForm, ApiTokenForm, CodeForm, InvitationForm
from .models import Invitation
from .qr import qr_svg
from .tokens import create_token, revoke


def _next(request) -> str:
    return next_url(request)


@login_required
def two_factor(request):
    """Set up the authenticator on the first login, and ask for its code on every login after."""
    form = CodeForm(request.POST or None)
    device = services.authenticator(request.user)
    pending = None if device else services.pending_authenticator(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if pending is not None:
                codes = services.confirm_authenticator(request, pending, form.cleaned_data["code"])
                return TemplateResponse(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
                )
            services.verify_second_factor(request, form.cleaned_data["code"])
            return redirect(_next(request))
        except ValidationError as error:
            form.add_error("code", error)
    context = {"form": form, "next": _next(request), "pending": pending}
    if pending is not None:
        context.update(secret=b32encode(pending.bin_key).decode(), qr=qr_svg(pending.config_url))
    return TemplateResponse(request, "accounts/two_factor.html", context)


@login_required
def recovery_codes(request):
    """How many recovery codes are left, and a new set against a code from the authenticator."""
    if services.authenticator(request.user) is None:
        raise Http404
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.renew_recovery_codes(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return TemplateResponse(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
    return TemplateResponse(
        request,
        "accounts/recovery_codes_renew.html",
        {"form": form, "left": services.recovery_codes_left(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
def invitations(request):
    """A coordinator's invitations of partner experts: send one, see which are pending or accepted."""
    if not request.user.has_perm("core.manage_partner_invitations"):
        raise Http404
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_partner(
                request.user, form.cleaned_data["organization"], form.cleaned_data["email"]
            )
        except ValidationError as error:
            show_service_errors(error, form, {})
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("invitations")
    return TemplateResponse(
        request,
        "accounts/invitations.html",
        {
            "form": form,
            "days": settings.MEDCOOP_INVITATION_DAYS,
            "invitations": Invitation.objects.visible_to(request.user).select_related("organization")[:200],
        },
    )


def accept_invitation(request, token: str):
    """The invited partner chooses a user name and password; the link then stops working."""
    try:
        invitation = services.invitation_for(token)
    except ValidationError as error:
        return TemplateResponse(request, "accounts/invitation_refused.html", {"message": error.messages[0]}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(error, form, {})
        else:
            login(request, user, backend="medcoop.core.backends.PasswordBackend")
            return redirect("two-factor")
    return TemplateResponse(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@login_required
def api_tokens(request):
    """The user's API tokens: make one (shown once), revoke one."""
    created = None
    form = ApiTokenForm()
    if request.method == "POST":
        if request.POST.get("revoke", "").isdigit():
            revoke(request.user, int(request.POST["revoke"]))
        else:
            form = ApiTokenForm(request.POST)
            if form.is_valid():
                _record, created = create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
                form = ApiTokenForm()
    return TemplateResponse(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": request.user.api_tokens.all(),
            "form": form,
            "created": created,
            "has_authenticator": services.authenticator(request.user) is not None,
        },
    )
