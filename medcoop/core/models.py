"""Core records: users with their role, the controlled vocabularies, the audit log, and the base classes
every registry model shares (NFC-normalised text, time stamps, the permission queryset)."""

import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .permissions import Role
from .text import nfc, search_document


def normalize_text_fields(instance: models.Model) -> None:
    """NFC-normalise every text value a user can enter, lists of names included, before it is stored."""
    texts, lists = _text_fields(type(instance))
    for attname in texts:
        value = getattr(instance, attname)
        if isinstance(value, str) and value:  # most of a record's text fields are empty
            normal = nfc(value)
            if normal != value:
                setattr(instance, attname, normal)
    for attname in lists:
        value = getattr(instance, attname)
        if isinstance(value, list):
            setattr(instance, attname, [nfc(v) if isinstance(v, str) else v for v in value])


@functools.cache
def _text_fields(model) -> tuple[list[str], list[str]]:
    """A model's editable text fields and lists (JSON), found once per model (a sheet import normalises
    100,000 records)."""
    editable = [f for f in model._meta.concrete_fields if f.editable]
    texts = [f.attname for f in editable if isinstance(f, (models.CharField, models.TextField))]
    return texts, [f.attname for f in editable if isinstance(f, models.JSONField)]


class RegistryModel(models.Model):
    """Base of every MedCoop record: normalised text and when it was created and changed.

    For the audit log (core.audit) a model may declare `audit_private`, the fields whose values are clinical or
    identifying, and, if it holds clinical content, `audit_public`, the free-text fields known to be safe: every
    other free-text field of such a model is kept out of the log as well."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalize_text_fields(self)
        super().save(*args, **kwargs)


class SearchableModel(models.Model):
    """A model with a folded, indexed `search_text` rebuilt on every save: its own words (`search_parts()`, the
    title first) with, right after the title, the names and aliases of the organizations it belongs to, reached
    through `search_organizations` ("owner", "partners__organization"), so "benh vien k" finds Bệnh viện K's
    records. `medcoop.search` indexes and ranks the column."""

    search_text = models.TextField(editable=False, default="")
    search_organizations: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def search_parts(self) -> list[str]:
        raise NotImplementedError

    def search_names(self, loaded_only: bool = False) -> list[str]:
        """Names and aliases of the organizations of `search_organizations` (rows saved apart, such as
        partners, once the record has a primary key); with `loaded_only`, only those already in memory (a bulk
        import asks no query per row)."""
        names = []
        for path in self.search_organizations:
            for organization in _follow(self, path.split("__"), loaded_only):
                names += [organization.name, organization.name_en, *(organization.aliases or [])]
        return names

    def search_document(self, loaded_only: bool = False) -> str:
        title, *rest = self.search_parts()
        return search_document(title, *self.search_names(loaded_only), *rest)

    def refresh_search_text(self) -> None:
        """Rewrite `search_text` after rows it names were saved apart (partners, parties)."""
        document = self.search_document()
        if document != self.search_text:
            self.search_text = document
            type(self)._base_manager.filter(pk=self.pk).update(search_text=document)

    def save(self, *args, **kwargs):
        self.search_text = self.search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


def _follow(instance, steps: list[str], loaded_only: bool = False) -> list:
    """The objects at the end of a path of relations, to-many ones included (an unsaved record has none);
    with `loaded_only`, only relations already loaded (cached, prefetched)."""
    objects = [instance]
    for step in steps:
        reached = []
        for obj in objects:
            field = obj._meta.get_field(step)
            if field.many_to_many or field.one_to_many:
                loaded = step in getattr(obj, "_prefetched_objects_cache", {})
                reached += list(getattr(obj, step).all()) if obj.pk and (loaded or not loaded_only) else []
            elif loaded_only and not field.is_cached(obj):
                continue
            elif (value := getattr(obj, step, None)) is not None:
                reached.append(value)
        objects = reached
    return objects


class SearchableRegistryModel(SearchableModel, RegistryModel):
    class Meta:
        abstract = True


# --- Vocabularies -----------------------------------------------------------------------------------------


class VocabularyTerm(models.Model):
    """A coded term with Vietnamese and English labels, loaded from `core/data/*.csv` by a migration."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    label_vi = models.CharField(_("Vietnamese label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi

    def __str__(self) -> str:
        return self.label


class ActivityKind(VocabularyTerm):
    definition = models.TextField(_("definition"), blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")


class Specialty(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    PROGRAMMES = "programmes", _("programmes")
    ORGANISATIONS = "organisations", _("organisations")
    PATIENTS = "patients", _("patients")
    PROCEDURES = "procedures", _("procedures")
    MONEY = "money", _("money")
    DAYS = "days", _("days")
    PERCENT = "percent", _("percent")


class FigureMetric(VocabularyTerm):
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    meaning = models.TextField(_("meaning"), blank=True)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("figure metric")
        verbose_name_plural = _("figure metrics")

    @property
    def is_money(self) -> bool:
        return self.unit == Unit.MONEY


def validate_time_zone(name: str) -> None:
    import zoneinfo

    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone “%(name)s”.") % {"name": name})


# --- Users --------------------------------------------------------------------------------------------------


class User(AbstractUser):
    """A person who logs in, with one role and the organization they work at.

    Staff roles (coordinator, clinician, leadership) work at a member institution; a partner expert works at
    a partner organization; ministry and admin users need none.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the browser's language, else Vietnamese."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Ho_Chi_Minh",
        validators=[validate_time_zone],
        help_text=_("Session times are shown in it, e.g. Europe/Paris, Asia/Vientiane."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """Vietnamese order (family name first: "Trần Văn Minh") unless the person works abroad ("Claire Martin")."""
        abroad = self.organization is not None and self.organization.country != "VN"
        parts = (self.first_name, self.last_name) if abroad else (self.last_name, self.first_name)
        return " ".join(p for p in parts if p).strip()

    @property
    def display_name(self) -> str:
        """How a person is shown everywhere (pages, documents, invitations): full name, else username."""
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        normalize_text_fields(self)
        # The admin site is the administrator's alone (and a console superuser's): no other role is staff.
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        super().save(*args, **kwargs)


# --- Audit --------------------------------------------------------------------------------------------------


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be changed.")


class AuditEvent(models.Model):
    """Who did or saw what, when, from where. Append-only: the app can add events, never change them."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        READ = "read", _("read")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOGOUT = "logout", _("logged out")
        SESSION_ENDED = "session_ended", _("session ended")
        TWO_FACTOR = "two_factor", _("two-factor changed")
        PERMISSION = "permission", _("permissions changed")
        INVITE = "invite", _("invited")
        EXPORT = "export", _("exported")
        CONSENT = "consent", _("consent recorded")
        MERGE = "merge", _("merged")
        UNMERGE = "unmerge", _("merge undone")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")


class SentReminder(models.Model):
    """A reminder already sent, by a key naming what it was about, so a daily run never repeats itself."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")

    def __str__(self) -> str:
        return self.key
