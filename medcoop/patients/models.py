"""Foreign and referred patients: one episode per stay or referral, identified by a pseudonymous code. The
identity (name, identity number, date of birth, contact) is optional, encrypted at rest, readable only with
the right to it, audited at every read, and never part of a list, export, report or the API."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.consultations.models import ClinicalQuerySet
from medcoop.core.models import SearchableRegistryModel

from . import crypto
from .icd10 import normalize_code, title, titles, validate_icd10


class EpisodeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    ADMITTED = "admitted", _("Admitted")
    DISCHARGED = "discharged", _("Discharged")
    TRANSFERRED = "transferred", _("Transferred")
    DECEASED = "deceased", _("Deceased")


class Payer(models.TextChoices):
    PROTOCOL = "protocol", _("Under a protocol")
    INSURANCE = "insurance", _("Insurance")
    SELF_PAY = "self_pay", _("Self-pay")
    CHARITY = "charity", _("Charity")


def new_code() -> str:
    return f"BN-{timezone.now():%Y}-{secrets.token_hex(3).upper()}"


class EpisodeQuerySet(ClinicalQuerySet):
    """The receiving institution's staff see its episodes; nothing is shared with partners."""

    def shared_with(self, user):
        return self.none()


IDENTITY_FIELDS = ["name", "identity_number", "birth_date", "contact"]


class PatientEpisode(SearchableRegistryModel):
    owner_path = "owner"
    # The identity (even encrypted: a token and the key give it back), the diagnosis, where the patient lives,
    # the dates of the stay and its outcome.
    audit_private = tuple(f"{field}_token" for field in IDENTITY_FIELDS)
    audit_private += ("diagnosis", "outcome", "home_region", "admitted_on", "discharged_on")
    audit_public = ("code", "nationality", "receiving_department")

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="patient_episodes",
        limit_choices_to={"is_member": True},
    )
    code = models.CharField(_("pseudonymous code"), max_length=20, unique=True, default=new_code, editable=False)
    nationality = models.CharField(_("nationality"), max_length=2)
    home_region = models.CharField(_("home province or region"), max_length=200, blank=True)
    referring_institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("referring institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_episodes",
    )
    receiving_department = models.CharField(_("receiving department"), max_length=200, blank=True)
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=_("specialty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patient_episodes",
    )
    diagnosis = models.CharField(_("diagnosis (ICD-10)"), max_length=8, blank=True, validators=[validate_icd10])
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    payer = models.CharField(_("payer"), max_length=12, choices=Payer.choices, default=Payer.SELF_PAY)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("under the agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient_episodes",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.REQUESTED
    )
    consent_to_share = models.BooleanField(
        _("patient consents to sharing"),
        default=False,
        help_text=_("Needed before the episode is reported or imported."),
    )
    # Encrypted identity (Fernet tokens); read and written only through `identity` / `set_identity`.
    name_token = models.TextField(editable=False, blank=True)
    identity_number_token = models.TextField(editable=False, blank=True)
    birth_date_token = models.TextField(editable=False, blank=True)
    contact_token = models.TextField(editable=False, blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("patient episode")
        verbose_name_plural = _("patient episodes")
        ordering = ["-admitted_on", "-created_at"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("episode-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.code, self.home_region, self.receiving_department, self.diagnosis, *titles(self.diagnosis)]

    @property
    def diagnosis_title(self) -> str:
        return title(self.diagnosis) if self.diagnosis else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        from medcoop.core.countries import is_country

        self.diagnosis = normalize_code(self.diagnosis) if self.diagnosis else ""
        errors = {}
        if not is_country(self.nationality):
            errors["nationality"] = _("Unknown country code “%(code)s”.") % {"code": self.nationality}
        if self.admitted_on and self.discharged_on and self.discharged_on < self.admitted_on:
            errors["discharged_on"] = _("The discharge comes before the admission.")
        if errors:
            raise ValidationError(errors)

    def set_identity(self, **values: str) -> None:
        for field in IDENTITY_FIELDS:
            if field in values:
                setattr(self, f"{field}_token", crypto.encrypt((values[field] or "").strip()))

    def decrypted_identity(self) -> dict[str, str]:
        """Only `services.read_identity` calls this: it checks the right and writes the audit entry."""
        return {field: crypto.decrypt(getattr(self, f"{field}_token")) for field in IDENTITY_FIELDS}

    @property
    def has_identity(self) -> bool:
        return any(getattr(self, f"{field}_token") for field in IDENTITY_FIELDS)


class IdentityReader(models.Model):
    """A staff member of a member institution whom its leadership (the director, or whom the institution names
    to the leadership role) has given, in MedCoop, the right to read its patients' identities. Not a role the
    administrator assigns, nor a permission the admin site grants; giving and removing it are audited."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="identity_reader",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reader of patient identities")
        verbose_name_plural = _("readers of patient identities")

    def __str__(self) -> str:
        return str(self.user)
