"""Data protection under Vietnam's personal data protection law (Law 91/2025/QH15): the patient's consent to
send their de-identified case abroad, and the register of each sending (a cross-border transfer)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medcoop.consultations.models import ClinicalQuerySet
from medcoop.core.countries import country_name
from medcoop.core.models import RegistryModel
from medcoop.core.rules import allowed

from .rules import CONSENT_PERMS


class ConsentPurpose(models.TextChoices):
    CONSULTATION = "consultation", _("Remote consultation with experts abroad")
    TEACHING = "teaching", _("Teaching with the de-identified case")
    RESEARCH = "research", _("Joint research")


class ConsentGiver(models.TextChoices):
    PATIENT = "patient", _("The patient")
    REPRESENTATIVE = "representative", _("The patient's legal representative")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed form")
    ELECTRONIC = "electronic", _("Electronic form")


class PrivacyQuerySet(ClinicalQuerySet):
    """The requesting institution's staff see its consents and transfers; partners never do."""

    def shared_with(self, user):
        return self.none()


class ConsentQuerySet(PrivacyQuerySet):
    def in_force(self):
        return self.filter(withdrawn_on__isnull=True)

    def for_consultation(self):
        """Consents under which a case may be sent to, and read by, experts abroad."""
        return self.in_force().filter(purpose=ConsentPurpose.CONSULTATION)


class Consent(RegistryModel):
    """What the patient (or their representative) agreed to: which purpose, which countries, when, how; and,
    if so, when it was withdrawn. Kept after withdrawal as evidence of what was lawful until then."""

    owner_path = "case__owner"
    # The paper form's number finds the patient's file; the reason for withdrawal is the patient's own words.
    audit_private = ("form_reference", "withdrawal_reason")
    audit_public = ("countries",)

    case = models.ForeignKey(
        "consultations.ConsultationCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=ConsentPurpose.choices, default=ConsentPurpose.CONSULTATION
    )
    countries = models.JSONField(_("countries the data may go to"), default=list)
    given_by = models.CharField(
        _("given by"), max_length=20, choices=ConsentGiver.choices, default=ConsentGiver.PATIENT
    )
    method = models.CharField(
        _("form of consent"), max_length=20, choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN
    )
    given_on = models.DateField(_("given on"))
    form_reference = models.CharField(_("form number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def allowed_actions(self, user) -> list[str]:
        """The steps this user may take on the consent now (withdraw it while in force): the pages offer these."""
        return allowed(user, CONSENT_PERMS, self)

    def __str__(self) -> str:
        return f"ĐY-{self.pk:05d}" if self.pk else "ĐY-…"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None

    @property
    def country_names(self) -> str:
        return ", ".join(country_name(code) for code in self.countries)


class TransferQuerySet(PrivacyQuerySet):
    def for_register(self):
        """Rows as the register shows them: with their case, recipient, consent, sender and the case's file count."""
        return self.select_related("case", "recipient", "consent", "sent_by").annotate(
            files=models.Count("case__attachments")
        )


class Transfer(RegistryModel):
    """One case sent to one institution abroad, under the consent in force when it was sent."""

    owner_path = "case__owner"
    audit_private = ()
    audit_public = ("country",)

    case = models.ForeignKey(
        "consultations.ConsultationCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="transfers"
    )
    consent = models.ForeignKey(Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="transfers")
    recipient = models.ForeignKey(
        "organizations.Organization", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(_("country"), max_length=2)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("cross-border transfer")
        verbose_name_plural = _("cross-border transfers")
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "recipient"], name="transfer_once_per_recipient")]

    def __str__(self) -> str:
        return f"{self.case} → {self.recipient}"

    @property
    def country_name(self) -> str:
        return country_name(self.country)
