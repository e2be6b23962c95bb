"""Lost updates and double submits, one mechanism for every edit form and API update.

A record's version is its `updated_at` to the microsecond (stored so on SQLite and PostgreSQL, set on every
save, so no version column is needed): an edit page or API answer hands it out, the save sends it back, and
`require_version` refuses the save when the record was saved since, naming the fields changed meanwhile (from
the audit log's field names, never their values). It locks the row (`select_for_update`) inside the caller's
transaction, so two saves of one version cannot both pass.

A create form carries a one-time token: the first POST with it claims it, a second (a double click, a reload)
is told where the record already is, and nothing is created twice.
"""

import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

TOKEN_SECONDS = 6 * 3600
PENDING = "pending"


def version_of(instance) -> str:
    return instance.updated_at.isoformat() if getattr(instance, "updated_at", None) else ""


def require_version(instance, version: str | None, *, required: bool = False) -> None:
    """Refuse to save `instance` over a newer save than `version`. Edit pages always send their version, so
    there `required`: a POST without one is refused like a stale one. The API accepts a missing version
    (a script that read nothing has nothing to compare) but refuses a stale one."""
    if instance.pk is None:
        return
    if not version:
        if required:
            raise ValidationError(
                _("This form did not say which version of the record it edits, so nothing was saved: reload the page."),
                code="stale",
            )
        return
    current = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None or version_of(current) == version:
        return
    raise ValidationError(
        _(
            "Someone else saved this record while you were editing it (changed meanwhile: %(fields)s), so nothing of yours was saved: check their changes, then save again."
        )
        % {"fields": ", ".join(changed_since(current, version)) or "—"},
        code="stale",
    )


def save_at_version(instance, version: str | None, save, *, required: bool = False):
    """Run `save()` in one transaction with the record locked, refused if saved since `version`."""
    with transaction.atomic():
        require_version(instance, version, required=required)
        return save()


def changed_since(instance, version: str) -> list[str]:
    """The labels of the fields saved since `version`, as the audit log names them."""
    from .models import AuditEvent

    since = parse_datetime(version)
    events = AuditEvent.objects.filter(
        model=instance._meta.label, object_id=str(instance.pk), action__in=["create", "update"], at__gte=since
    )
    names = set()
    # The first is the save that made `version` (logged just after it): what the editor saw already.
    for changes in list(events.order_by("at", "pk").values_list("changes", flat=True))[1:] if since else []:
        names |= set(changes)
    labels = {f.name: capfirst(f.verbose_name) for f in instance._meta.concrete_fields}
    return sorted(str(labels.get(name, name)) for name in names)


def new_form_token() -> str:
    return secrets.token_urlsafe(16)


def _key(user, token: str) -> str:
    return f"medcoop:form-token:{user.pk}:{token}"


def claim_form_token(user, token: str | None) -> str | None:
    """None when this POST is the token's first (or carries none); else the address of what the first one
    made (or PENDING while it is still being saved)."""
    if not token:
        return None
    if cache.add(_key(user, token), PENDING, TOKEN_SECONDS):
        return None
    return cache.get(_key(user, token)) or PENDING


def settle_form_token(user, token: str | None, address: str | None) -> None:
    """After the first POST: the record's address, for a repeat to be sent to; or, when it failed, free the
    token so the corrected form can be sent again."""
    if not token:
        return
    if address:
        cache.set(_key(user, token), address, TOKEN_SECONDS)
    else:
        cache.delete(_key(user, token))
