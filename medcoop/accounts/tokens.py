"""API tokens: made, checked and revoked here; the plain token exists only in the response that creates it."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

PREFIX = "mc_"
# A token's last use is written at most this often, not on every API read.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token, valid for `days` days (None: until revoked)."""
    token = PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days) if days else None
    record = ApiToken.objects.create(
        user=user, name=name.strip() or "API", prefix=token[:10], digest=digest(token), expires_at=expires_at
    )
    return record, token


def user_for(token: str):
    """The active user a token belongs to, or None (unknown, revoked or expired: the API answers 401); marks
    the token as used (to the minute)."""
    record = ApiToken.objects.active().select_related("user__organization").filter(digest=digest(token or "")).first()
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def revoke(user, pk: int) -> None:
    ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
