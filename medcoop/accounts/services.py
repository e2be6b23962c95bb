"""Account rules: who needs a second factor and how it is set up and checked, and how a partner expert is
invited. Views and commands call these; none of them decides on its own."""

import hashlib
import secrets
from base64 import b32encode
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from medcoop.accounts.tokens import digest
from medcoop.audit import recording as audit
from medcoop.core.models import User
from medcoop.core.permissions import Role, can_create_for
from medcoop.core.rules import needs_two_factor

from .models import Invitation

RECOVERY_CODES = 10


# --- Two-factor -----------------------------------------------------------------------------------------------


def awaits_second_factor(user) -> bool:
    """Logged in with the password, but not yet with the second factor the role needs."""
    return needs_two_factor(user) and not getattr(user, "is_verified", lambda: False)()


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="MedCoop", confirmed=False)


@transaction.atomic
def confirm_authenticator(request, device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app proves it holds the secret: the device is kept, the session counts as
    verified, and a fresh set of recovery codes is made (returned once, to be shown once)."""
    if not device.verify_token(code.strip()):
        raise ValidationError(_("The code is not right: type the six digits the app shows now."), code="code")
    device.confirmed = True
    device.save()
    TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
    otp_login(request, device)
    audit.record("two_factor", request.user, changes={"authenticator": [None, "added"]})
    return new_recovery_codes(request.user)


def new_recovery_codes(user) -> list[str]:
    """Ten one-time codes for a lost phone; making new ones voids the old."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name="recovery").first()
    return device.token_set.count() if device else 0


def _typed(code: str) -> str:
    """The code as typed, without the spaces an app shows in its middle."""
    return code.strip().replace(" ", "")


def _wrong_code(user, message: str) -> ValidationError:
    """A wrong second factor is a failed login in the audit log; the error to raise."""
    audit.record("login_failed", user, changes={"second_factor": [None, "wrong code"]})
    return ValidationError(message, code="code")


def renew_recovery_codes(user, code: str) -> list[str]:
    """New recovery codes, the old ones void; only against a code from the authenticator itself, so that
    someone at an unattended session cannot take the codes that would let them log in later."""
    device = authenticator(user)
    if device is None or not device.verify_token(_typed(code)):
        raise _wrong_code(user, _("The code is not right: type the six digits the app shows now."))
    codes = new_recovery_codes(user)
    audit.record("two_factor", user, changes={"recovery codes": [None, "renewed"]})
    return codes


def verify_second_factor(request, code: str) -> None:
    """A code from the authenticator, or one recovery code (used up by this)."""
    for device in (authenticator(request.user), StaticDevice.objects.filter(user=request.user).first()):
        if device is not None and device.verify_token(_typed(code)):
            otp_login(request, device)
            return
    raise _wrong_code(request.user, _("The code is not right."))


def demo_authenticator(user) -> str:
    """The demo's users who need a second factor get an authenticator whose key follows from the user name, so
    running the demo again keeps the key a person already scanned. Never used outside `medcoop demo`."""
    key = hashlib.sha1(f"medcoop-demo-totp-{user.username}".encode()).hexdigest()
    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    TOTPDevice.objects.get_or_create(user=user, key=key, defaults={"name": "demo", "confirmed": True})
    return b32encode(bytes.fromhex(key)).decode()


# --- Invitations ----------------------------------------------------------------------------------------------


def invite_partner(by: User, organization, email: str) -> Invitation:
    """A coordinator invites an expert of one of their institution's partners; the link goes by e-mail."""
    if organization.is_member or not can_create_for(by, organization.owner_id):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        owner_id=organization.owner_id,
        organization=organization,
        email=email.strip().lower(),
        invited_by=by,
        digest=digest(token),
        expires_at=timezone.now() + timedelta(days=settings.MEDCOOP_INVITATION_DAYS),
    )
    link = settings.MEDCOOP_BASE_URL.rstrip("/") + reverse("invitation-accept", args=[token])
    send_mail(
        _("Invitation to MedCoop"),
        _(
            "%(name)s invites you to MedCoop on behalf of %(institution)s.\n\nChoose your user name and "
            "password here (the link works once, for %(days)d days):\n%(link)s"
        )
        % {
            "name": by.display_name,
            "institution": organization.owner,
            "days": settings.MEDCOOP_INVITATION_DAYS,
            "link": link,
        },
        None,
        [invitation.email],
    )
    audit.record("invite", invitation, changes={"email": [None, invitation.email]})
    return invitation


def invitation_for(token: str, *, lock: bool = False) -> Invitation:
    """The usable invitation a link names; a used, expired or unknown link is refused with the same words.
    `lock` holds its row until the transaction ends, so two submissions of one link cannot both use it."""
    invitations = Invitation.objects.select_related("organization")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(digest=digest(token)).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("This invitation link has been used or has expired: ask for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, username: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """The partner expert's account, made once: the invitation is locked while it is used."""
    invitation = invitation_for(token, lock=True)
    user = User(
        username=username,
        email=invitation.email,
        role=Role.PARTNER,
        organization=invitation.organization,
        first_name=first_name,
        last_name=last_name,
    )
    user.full_clean(exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
