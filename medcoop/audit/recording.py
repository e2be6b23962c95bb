"""The audit trail: every create, update and delete of a registry record, every login (and failed one), every
change of a user's permissions, every file handed over, and the reads of cases, patients and attachments that
their views record, with who, when, which fields and from which address.

Writes are caught by model signals, so the admin, the UI, the API, imports and commands are all covered; the
request and its address reach the signal handlers through a context variable set by the middleware. The actor is
read from the request when the event is written, not when the request arrives, so a user an API token names
(authenticated inside the view, after every middleware) is the actor of the API's writes.

What a record holds stays out of the log: a model names the fields whose values are clinical or identifying in
`audit_private`, and a clinical model (one that sets `audit_public`) has every free-text field masked unless it
is named safe there. The log says which field changed, never to what; the record is named without them too.
"""

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlencode

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_SKIPPED_FIELDS = {"created_at", "updated_at", "search_text", "last_login"}
_SECRET_FIELDS = {"password"}
MASK = "***"
# Fields a person can fill with anything: where clinical text, names and file names go.
FREE_TEXT = (models.CharField, models.TextField, models.JSONField, models.FileField)
# filename="a.xlsx" or, for a name beyond ASCII, filename*=utf-8''ho%E1%BA%A1t.xlsx (RFC 6266)
_FILENAME = re.compile(r"filename\*?=(?:utf-8'')?\"?(?P<name>[^\";]+)", re.IGNORECASE)
# A parameter's value the log keeps as written: a code, a number, a date, a sort key. A search's words (`q`) and
# any other text in an address are what a person typed (a patient's name, a diagnosis) and are masked.
_CODE_VALUE = re.compile(r"[A-Za-z0-9_.:,-]{1,40}")
# Changes of these fields of a user change what the user may see or do.
_PERMISSION_FIELDS = {"role", "organization", "is_superuser", "is_staff", "is_active"}


@dataclass(frozen=True)
class AuditContext:
    user: object = None
    ip_address: str | None = None
    request: object = None

    @property
    def actor(self):
        """The user named by `acting_as`, else whoever the request is authenticated as by now."""
        if self.user is not None:
            return self.user
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_context: ContextVar[AuditContext] = ContextVar("medcoop_audit_context", default=AuditContext())  # noqa: B039 - frozen, never mutated


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Makes the request's user and address known to the audit handlers for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _context.set(AuditContext(ip_address=client_address(request), request=request))
        try:
            response = self.get_response(request)
            if response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
                _record_export(request, response)
            return response
        finally:
            _context.reset(token)


def _record_export(request, response) -> None:
    """Every file handed over (list exports, reports, records, documents, calendars) is an export: one rule here
    rather than a line in each view, so a new export cannot forget it."""
    found = _FILENAME.search(response["Content-Disposition"])
    filename = unquote(found["name"]) if found else request.path
    record("export", label=filename, changes={"address": [None, _address(request)]})


def _address(request) -> str:
    """The exported page's address as the log keeps it: which list, which filters, the search masked."""
    kept = [
        (name, value if name != "q" and _CODE_VALUE.fullmatch(value) else MASK)
        for name, values in request.GET.lists()
        for value in values
    ]
    return request.path + (f"?{urlencode(kept, safe='*')}" if kept else "")


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
    from medcoop.core.models import AuditEvent

    context = _context.get()
    actor = user if user is not None else context.actor
    name = audit_label(instance) if instance is not None else ""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        model=instance._meta.label if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=" · ".join(part for part in (name, label) if part)[:300],
        changes=_masked(changes or {}, private_fields(type(instance)) if instance is not None else frozenset()),
        ip_address=ip_address or context.ip_address,
    )


@cache
def private_fields(model) -> frozenset[str]:
    """The fields of `model` whose values never enter the log: those it declares private and, for a clinical
    model, every free-text field it has not declared safe (so a new text field is masked until someone decides)."""
    private = set(getattr(model, "audit_private", ()))
    public = getattr(model, "audit_public", None)
    if public is not None:
        private |= {f.name for f in model._meta.concrete_fields if _is_free_text(f) and f.name not in public}
    return frozenset(private - _SKIPPED_FIELDS)


def _is_free_text(field) -> bool:
    return isinstance(field, FREE_TEXT) and not field.choices


def audit_label(instance) -> str:
    """How the log names a record: its usual name, unless that name carries a private field's value (an
    attachment titled after the patient, a trainee's name); then its kind and number."""
    name = str(instance)
    for field in private_fields(type(instance)):
        value = getattr(instance, field, None)
        if isinstance(value, str) and len(value.strip()) >= 3 and value.strip() in name:
            return f"{instance._meta.verbose_name} #{instance.pk}"
    return name


def _field_values(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIPPED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        values[field.name] = _plain(value)
    return values


def _masked(changes: dict, private: frozenset[str] = frozenset()) -> dict:
    """Secrets and private values are logged as changed (or set, or emptied), never with their values."""
    return {
        name: [_hidden(v) for v in pair] if name in _SECRET_FIELDS | private and isinstance(pair, list) else pair
        for name, pair in changes.items()
    }


def _hidden(value):
    return value if value in (None, "", [], {}) else MASK


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def is_audited(model) -> bool:
    from medcoop.core.models import RegistryModel, User

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
        granting = isinstance(instance, get_user_model()) and changed.keys() & _PERMISSION_FIELDS
        record("permission" if granting else "update", instance, changes=changed)


def _record_permission_change(sender, instance, action, pk_set=None, **kwargs):
    """A user's groups or individual permissions changed (the admin's user page)."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, get_user_model()):
        field = "groups" if sender is get_user_model().groups.through else "user_permissions"
        record("permission", instance, changes={field: [action.removeprefix("post_"), sorted(pk_set or [])]})


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
    record(
        "login_failed",
        None,
        label=username,
        changes={"username": username},
        ip_address=client_address(request) if request else None,
    )


def connect_signals() -> None:
    pre_save.connect(_remember_old_values, dispatch_uid="medcoop_audit_pre_save")
    post_save.connect(_record_save, dispatch_uid="medcoop_audit_post_save")
    post_delete.connect(_record_delete, dispatch_uid="medcoop_audit_post_delete")
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_record_permission_change, sender=through, dispatch_uid=f"medcoop_audit_{through.__name__}")
    user_logged_in.connect(_record_login, dispatch_uid="medcoop_audit_login")
    user_logged_out.connect(_record_logout, dispatch_uid="medcoop_audit_logout")
    user_login_failed.connect(_record_login_failed, dispatch_uid="medcoop_audit_login_failed")
