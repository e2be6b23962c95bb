"""Agreements between institutions — MOUs, protocols, contracts — with their parties, documents and the
commitments each side made. Status is derived from dates and acts, never typed."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medcoop.core.files import shortened_name, validate_document
from medcoop.core.models import RegistryModel, SearchableRegistryModel
from medcoop.core.permissions import VisibleQuerySet
from medcoop.search.query import SearchQuerySet


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    AGREEMENT = "agreement", _("Cooperation agreement")
    PROTOCOL = "protocol", _("Protocol")
    CONTRACT = "contract", _("Contract")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")


class AgreementLevel(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    PROVINCIAL = "provincial", _("Provincial")
    MINISTERIAL = "ministerial", _("Ministerial")
    GOVERNMENTAL = "governmental", _("Governmental")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft / not yet in force")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUSPENDED = "suspended", _("Suspended")


def add_months(start: date, months: int) -> date:
    """The day before the same date `months` later: an MOU for 60 months from 01/03/2017 ends 28/02/2022."""
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month_index + 1)[1])
    return date(year, month_index + 1, day) - timedelta(days=1)


class AgreementQuerySet(SearchQuerySet):
    def with_status(self, today: date | None = None):
        """Annotate `derived_status` and `is_dormant`, computed by the database so lists filter on them."""
        today = today or timezone.localdate()
        expiring_until = today + timedelta(days=max(settings.MEDCOOP_EXPIRY_WARNING_DAYS))
        dormant_since = today - timedelta(days=settings.MEDCOOP_DORMANT_AFTER_DAYS)
        in_force_from = Coalesce("effective_from", "signed_on")
        status = Case(
            When(terminated_on__isnull=False, terminated_on__lte=today, then=Value(AgreementStatus.TERMINATED)),
            When(suspended_on__isnull=False, suspended_on__lte=today, then=Value(AgreementStatus.SUSPENDED)),
            When(Q(signed_on__isnull=True) | Q(signed_on__gt=today), then=Value(AgreementStatus.DRAFT)),
            When(effective_from__gt=today, then=Value(AgreementStatus.DRAFT)),
            When(expires_on__lt=today, then=Value(AgreementStatus.EXPIRED)),
            When(expires_on__lte=expiring_until, then=Value(AgreementStatus.EXPIRING)),
            default=Value(AgreementStatus.ACTIVE),
            output_field=models.CharField(),
        )
        # One uncorrelated subquery (the agreements with recent activity), not one probe per agreement: SQLite
        # planned the correlated EXISTS as a scan of every activity per agreement (48 s at 100,000 activities).
        # Read through the reverse relation `activities` (activities.Activity.agreement): agreements stand below
        # activities and do not import them. "ongoing" is activities.ActivityStatus.ONGOING.
        # `agreement IS NOT NULL` spelt out lets the planner start from the activities' agreement index rather
        # than scan every activity for the "ongoing" status, which has no index (180 ms at a million).
        recently_active = Agreement.objects.filter(
            Q(activities__agreement__isnull=False)
            & (
                Q(activities__start_on__gte=dormant_since)
                | Q(activities__end_on__gte=dormant_since)
                | Q(activities__status="ongoing")
            )
        ).values("pk")
        return self.annotate(derived_status=status, in_force_from=in_force_from).annotate(
            is_dormant=Case(
                When(
                    Q(derived_status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING])
                    & Q(in_force_from__lt=dormant_since)
                    & ~Q(pk__in=recently_active),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def involving(self, organization):
        """Agreements the organization is a party to or owns."""
        return self.filter(Q(owner=organization) | Q(parties__organization=organization)).distinct()

    def with_status_in(self, *statuses: str, today: date | None = None):
        return self.with_status(today).filter(derived_status__in=statuses)

    def dormant(self, today: date | None = None):
        return self.with_status(today).filter(is_dormant=True)


class Agreement(SearchableRegistryModel):
    """An MOU, agreement, protocol, contract or letter of intent between two or more parties."""

    owner_path = "owner"
    search_organizations = ("owner", "parties__organization")

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        limit_choices_to={"is_member": True},
    )
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices, default=AgreementKind.MOU)
    level = models.CharField(
        _("level"), max_length=20, choices=AgreementLevel.choices, default=AgreementLevel.INSTITUTION
    )
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, help_text=_("Empty while the agreement is a draft.")
    )
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("Empty when it takes effect on signing.")
    )
    duration_months = models.PositiveIntegerField(_("duration (months)"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Computed from the duration when left empty.")
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews or amends"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    scope = models.ManyToManyField("core.ActivityKind", verbose_name=_("scope"), blank=True, related_name="agreements")
    specialties = models.ManyToManyField(
        "core.Specialty", verbose_name=_("specialties"), blank=True, related_name="agreements"
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreement-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.title, self.reference, self.summary]

    @property
    def status(self) -> str:
        """The derived status, from the queryset annotation when present (lists) or one query (detail)."""
        if not hasattr(self, "derived_status"):
            annotated = type(self).objects.with_status().filter(pk=self.pk).values("derived_status", "is_dormant")
            row = annotated.first() or {"derived_status": AgreementStatus.DRAFT, "is_dormant": False}
            self.derived_status, self.is_dormant = row["derived_status"], row["is_dormant"]
        return self.derived_status

    def get_status_display(self) -> str:
        return AgreementStatus(self.status).label

    @property
    def dormant(self) -> bool:
        self.status  # noqa: B018 - fills is_dormant
        return self.is_dormant

    def clean(self):
        errors = {}
        start = self.effective_from or self.signed_on
        if self.duration_months and not self.expires_on and start:
            self.expires_on = add_months(start, self.duration_months)
        if self.effective_from and self.signed_on and self.effective_from < self.signed_on:
            errors["effective_from"] = _("An agreement cannot take effect before it is signed.")
        if self.expires_on and self.signed_on and self.expires_on <= self.signed_on:
            errors["expires_on"] = _("The expiry date must come after the signing date.")
        if self.expires_on and self.effective_from and self.expires_on <= self.effective_from:
            errors.setdefault("expires_on", _("The expiry date must come after the date it takes effect."))
        if self.terminated_on and self.signed_on and self.terminated_on < self.signed_on:
            errors["terminated_on"] = _("An agreement cannot be terminated before it is signed.")
        if self.renews_id and self.renews_id == self.pk:
            errors["renews"] = _("An agreement cannot renew itself.")
        if self.owner_id and not self.owner.is_member:
            errors["owner"] = _("The owner must be a member institution.")
        if errors:
            raise ValidationError(errors)

    def renewal_chain(self) -> list["Agreement"]:
        """The agreements this one renews, oldest first, ending with itself."""
        chain, seen, current = [], set(), self
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.renews
        return chain[::-1]


class AgreementParty(RegistryModel):
    """One side of an agreement, with who signed for it and when."""

    owner_path = "agreement__owner"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    signatory = models.ForeignKey(
        "organizations.Contact",
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_parties",
    )
    signatory_name = models.CharField(_("signatory (as written)"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organization"], name="agreement_party_once"),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def clean(self):
        if self.signatory_id and self.organization_id and self.signatory.organization_id != self.organization_id:
            raise ValidationError({"signatory": _("The signatory must work at this party's organization.")})


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Kept")
    CANCELLED = "cancelled", _("Cancelled")


class CommitmentQuerySet(VisibleQuerySet):
    def open(self):
        return self.filter(status__in=[CommitmentStatus.PENDING, CommitmentStatus.IN_PROGRESS])

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Commitment(RegistryModel):
    """What one side promised under an agreement: so an office can see which promises are kept."""

    owner_path = "agreement__owner"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="commitments"
    )
    party = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("promised by"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    description = models.TextField(_("what was promised"))
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PENDING
    )
    done_on = models.DateField(_("kept on"), null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        open_statuses = (CommitmentStatus.PENDING, CommitmentStatus.IN_PROGRESS)
        return bool(self.due_on and self.status in open_statuses and self.due_on < timezone.localdate())

    def clean(self):
        errors = {}
        if (
            self.agreement_id
            and self.party_id
            and not self.agreement.parties.filter(organization_id=self.party_id).exists()
        ):
            errors["party"] = _("Only a party to the agreement can make a commitment under it.")
        if self.status == CommitmentStatus.DONE and not self.done_on:
            self.done_on = timezone.localdate()
        if errors:
            raise ValidationError(errors)


class DocumentKind(models.TextChoices):
    SIGNED = "signed", _("Signed copy")
    DRAFT = "draft", _("Draft")
    ANNEX = "annex", _("Annex")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


def document_title(uploaded_name: str) -> str:
    """An untitled document's title: the name it was uploaded under, shortened only past a title's length."""
    limit = AgreementDocument._meta.get_field("title").max_length
    return shortened_name(uploaded_name, limit=limit, max_bytes=4 * limit)


def document_path(instance, filename: str) -> str:
    return f"agreements/{instance.agreement_id}/{filename}"


class AgreementDocument(RegistryModel):
    """A file kept with an agreement; type and size are checked by content before it is kept."""

    owner_path = "agreement__owner"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.SIGNED)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, validators=[validate_document])
    content_type = models.CharField(_("content type"), max_length=100, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()  # a document is shown on its agreement's page

    def save(self, *args, **kwargs):
        from medcoop.core.files import sniff_document_type

        if self.file and not self.content_type:
            self.content_type = sniff_document_type(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)
