"""The audit trail: every create, update and delete of a registry record, every login, and the reads that
later parts record, with who, when, which fields and from which address.

Writes are caught by model signals, so the admin, the UI, the API, imports and commands are all covered; the
request's user and address reach the signal handlers through a context variable set by the middleware.
"""
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save

_SKIPPED_FIELDS = {"created_at", "updated_at", "search_text", "last_login"}
_SECRET_FIELDS = {"password"}


@dataclass(frozen=True)
class AuditContext:
    user: object = None
    ip_address: str | None = None


_context: ContextVar[AuditContext] = ContextVar("medcoop_audit_context", default=AuditContext())


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the request's user and address known to the audit handlers for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _context.set(AuditContext(user if user and user.is_authenticated else None, client_address(request)))
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


class acting_as:
    """Context manager for work outside a request (commands, tasks): whom the audit names as actor."""

    def __init__(self, user, ip_address: str | None = None):
        self.context = AuditContext(user, ip_address)

    def __enter__(self):
        self.token = _context.set(self.context)
        return self

    def __exit__(self, *exc):
        _context.reset(self.token)


def record(action: str, instance=None, *, changes: dict | None = None, user=None, ip_address=None, label=""):
    """Append one audit event; the actor and address default to the current request's."""
    from .models import AuditEvent

    context = _context.get()
    actor = user if user is not None else context.user
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        model=instance._meta.label if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=(str(instance) if instance is not None else label)[:300],
        changes=_masked(changes or {}),
        ip_address=ip_address or context.ip_address,
    )


def _field_values(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIPPED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        values[field.name] = _plain(value)
    return values


def _masked(changes: dict) -> dict:
    """Secrets are logged as changed, never with their values."""
    return {name: ["***", "***"] if name in _SECRET_FIELDS else pair for name, pair in changes.items()}


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def is_audited(model) -> bool:
    from .models import RegistryModel, User

    return issubclass(model, (RegistryModel, User)) and not model._meta.abstract


def _remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or not is_audited(sender) or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_old_values = _field_values(old) if old is not None else None


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not is_audited(sender):
        return
    new = _field_values(instance)
    old = getattr(instance, "_audit_old_values", None)
    if created or old is None:
        record("create", instance, changes={k: [None, v] for k, v in new.items() if v not in (None, "", [], {})})
        return
    changed = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    if changed:
        record("update", instance, changes=changed)


def _record_delete(sender, instance, **kwargs):
    if is_audited(sender):
        record("delete", instance, changes={k: [v, None] for k, v in _field_values(instance).items() if v})


def _record_login(sender, request, user, **kwargs):
    record("login", user, user=user, ip_address=client_address(request))


def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        record("logout", user, user=user, ip_address=client_address(request))


def _record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record("login_failed", None, label=username, changes={"username": username},
           ip_address=client_address(request) if request else None)


def connect_signals() -> None:
    pre_save.connect(_remember_old_values, dispatch_uid="medcoop_audit_pre_save")
    post_save.connect(_record_save, dispatch_uid="medcoop_audit_post_save")
    post_delete.connect(_record_delete, dispatch_uid="medcoop_audit_post_delete")
    user_logged_in.connect(_record_login, dispatch_uid="medcoop_audit_login")
    user_logged_out.connect(_record_logout, dispatch_uid="medcoop_audit_logout")
    user_login_failed.connect(_record_login_failed, dispatch_uid="medcoop_audit_login_failed")


