"""Delegations in and out (đoàn ra, đoàn vào), hosted conferences and permissions to sign an agreement: each a
request that goes up an approval chain to a decision, then, after the event, a report of results.

Members are people records; a foreign member's passport number is encrypted like a patient's identity and read
only by the few who hold the right. The annual plan lists the expected trips and receptions, approved as a
whole; a request outside it goes up to the governing body.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.activities.models import validate_currency
from medcoop.core.countries import is_country
from medcoop.core.dates import PartialDate, Precision
from medcoop.core.models import RegistryModel, SearchableRegistryModel
from medcoop.core.permissions import VisibleQuerySet
from medcoop.patients import crypto
from medcoop.search.query import SearchQuerySet


class Kind(models.TextChoices):
    OUTBOUND = "outbound", _("Outbound trip (đoàn ra)")
    INBOUND = "inbound", _("Inbound delegation (đoàn vào)")
    CONFERENCE = "conference", _("International conference hosted")
    SIGNING = "signing", _("Permission to sign an agreement")


class Purpose(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    TRAINING = "training", _("Training course")
    WORKING_VISIT = "working_visit", _("Working visit")
    EXPERT_MISSION = "expert_mission", _("Expert mission")
    STUDY = "study", _("Study")
    SIGNING = "signing", _("Signing")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    OWN = "own", _("The institution's own funds")
    PARTNER = "partner", _("Partner")
    PROJECT = "project", _("Project or grant")
    PERSONAL = "personal", _("Personal")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved, awaiting the decision")
    DECIDED = "decided", _("Decision issued")
    REPORTED = "reported", _("Results reported")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class Level(models.TextChoices):
    """Who approves a step, lowest first."""

    DEPARTMENT = "department", _("Head of department")
    INTERNATIONAL_OFFICE = "international_office", _("International cooperation office")
    DIRECTOR = "director", _("Director")
    GOVERNING_BODY = "governing_body", _("Governing body (Ministry or provincial health department)")


class Rank(models.TextChoices):
    """The management rank the rules on trips abroad depend on."""

    NONE = "none", _("Staff")
    DEPARTMENT = "department", _("Head or deputy head of department")
    LEADER = "leader", _("Director or deputy director")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class AnnualPlan(RegistryModel):
    """The year's plan of trips and receptions (kế hoạch đoàn ra, đoàn vào), approved as a whole."""

    owner_path = "owner"

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="delegation_plans",
        limit_choices_to={"is_member": True},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan of delegations")
        verbose_name_plural = _("annual plans of delegations")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["owner", "year"], name="delegation_plan_once_a_year")]

    def __str__(self) -> str:
        return _("Plan of delegations %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("delegation-plan", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlanItem(RegistryModel):
    """One planned trip or reception."""

    owner_path = "plan__owner"

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OUTBOUND)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.WORKING_VISIT)
    title = models.CharField(_("title"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    people = models.PositiveSmallIntegerField(_("people"), null=True, blank=True)
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding.choices, default=Funding.OWN)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned delegation")
        verbose_name_plural = _("planned delegations")
        ordering = ["month", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.plan.year})"

    def clean(self):
        if self.country and not is_country(self.country):
            raise ValidationError({"country": _("Unknown country code “%(code)s”.") % {"code": self.country}})
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError({"month": _("A month is 1 to 12.")})


class ApprovalRule(RegistryModel):
    """One step of an institution's approval chain and the cases it applies to; a case goes through the
    steps whose conditions it meets, in order. Without rules the default chain applies (services)."""

    owner_path = "owner"

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.CASCADE,
        related_name="approval_rules",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    level = models.CharField(_("level"), max_length=24, choices=Level.choices)
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("e.g. Giám đốc Bệnh viện"))
    kinds = models.JSONField(_("kinds"), default=list, blank=True, help_text=_("Empty: every kind."))
    outside_plan_only = models.BooleanField(_("only outside the annual plan"), default=False)
    fundings = models.JSONField(_("funding sources"), default=list, blank=True, help_text=_("Empty: any."))
    min_rank = models.CharField(
        _("only when a member's rank is at least"), max_length=12, choices=Rank.choices, blank=True
    )
    working_days = models.PositiveSmallIntegerField(_("working days to decide"), default=5)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        ordering = ["owner", "position", "pk"]

    def __str__(self) -> str:
        return self.label or self.get_level_display()


class DelegationQuerySet(SearchQuerySet):
    def open(self):
        return self.exclude(status__in=[Status.REJECTED, Status.CANCELLED])

    def _due(self, before) -> models.Q:
        """Cases whose next deadline falls before `before`: the file, the decision or the report."""
        return (
            models.Q(status=Status.DRAFT, file_due_on__lt=before)
            | models.Q(status__in=[Status.SUBMITTED, Status.APPROVED], decision_due_on__lt=before)
            | models.Q(status=Status.DECIDED, report_due_on__lt=before)
        )

    def overdue(self, today):
        return self.filter(self._due(today))

    def due_soon(self, today, until):
        """Not yet overdue, but due by `until`."""
        return self.filter(self._due(until + timedelta(days=1))).exclude(self._due(today))


class Delegation(SearchableRegistryModel):
    """A trip abroad, a foreign delegation received, a conference hosted or an agreement to sign: its request,
    approval steps, decision and report of results."""

    owner_path = "owner"
    search_organizations = ("owner", "partner")

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="delegations",
        limit_choices_to={"is_member": True},
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OUTBOUND)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.WORKING_VISIT)
    title = models.CharField(_("title"), max_length=400)
    reference = models.CharField(
        _("number and symbol"), max_length=100, blank=True, help_text=_("Số/ký hiệu of the request, e.g. 125/BVK-HTQT")
    )
    country = models.CharField(
        _("country"), max_length=2, help_text=_("Destination, or where the delegation comes from")
    )
    place = models.CharField(_("destination or host"), max_length=300, blank=True)
    partner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("partner organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations_with",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity it produced"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    drafted_agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement drafted from its results"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_from_delegations",
        editable=False,
    )
    start_on = models.DateField(_("from"), db_index=True)
    end_on = models.DateField(_("until"), db_index=True)
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("item of the annual plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    in_plan = models.BooleanField(_("in the annual plan"), default=False, editable=False)
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding.choices, default=Funding.OWN)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=16, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    actual_cost = models.DecimalField(
        _("actual cost"), max_digits=16, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND", validators=[validate_currency])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # Deadlines in working days, kept by services on every change so lists and reminders filter on them.
    file_due_on = models.DateField(_("file due on"), null=True, blank=True, editable=False)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True, editable=False)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True, editable=False, db_index=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    report_on = models.DateField(_("report submitted on"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    description = models.TextField(_("programme"), blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start_on", "title"]
        indexes = [models.Index(fields=["owner", "start_on"]), models.Index(fields=["status", "end_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegation-detail", args=[self.pk])

    @property
    def host_people(self):
        """Who received the delegation (people records like its members)."""
        return Member.hosts.filter(delegation=self)

    def search_parts(self) -> list[str]:
        return [self.title, self.reference, self.place, self.decision_number, self.description[:2000]]

    @property
    def start(self) -> PartialDate:
        return PartialDate(self.start_on, Precision.DAY)

    @property
    def end(self) -> PartialDate:
        """As activities give it, so the dashboard's calendar lays both out alike."""
        return PartialDate(self.end_on, Precision.DAY)

    @property
    def is_outbound(self) -> bool:
        return self.kind == Kind.OUTBOUND

    def clean(self):
        errors = {}
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = _("The end date comes before the start date.")
        if self.country and not is_country(self.country):
            errors["country"] = _("Unknown country code “%(code)s”.") % {"code": self.country}
        if self.owner_id:
            for name in ("agreement", "activity"):
                linked = getattr(self, name)
                if linked is not None and linked.owner_id != self.owner_id:
                    errors[name] = _("It belongs to another institution.")
            if self.plan_item_id and self.plan_item.plan.owner_id != self.owner_id:
                errors["plan_item"] = _("It belongs to another institution.")
        if errors:
            raise ValidationError(errors)


class MemberQuerySet(VisibleQuerySet):
    pass


class MembersManager(models.Manager.from_queryset(MemberQuerySet)):
    """The delegation's own members: `delegation.members` and `Member.objects` leave its hosts out, so every
    count, letter and report of members stays what it was."""

    def get_queryset(self):
        return super().get_queryset().filter(is_host=False)


class HostsManager(models.Manager.from_queryset(MemberQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(is_host=True)


class Member(RegistryModel):
    """A person of the delegation: the institution's staff going out, or a foreign member coming in; or one of
    its hosts (`is_host`: who receives the delegation, the partner's people for a trip, ours for a visit), the
    same kind of people record, reached through `Member.hosts`."""

    owner_path = "delegation__owner"

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position or title"), max_length=200, blank=True)
    department = models.CharField(_("department or organization"), max_length=300, blank=True)
    rank = models.CharField(_("management rank"), max_length=12, choices=Rank.choices, default=Rank.NONE)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    passport_valid_until = models.DateField(_("passport valid until"), null=True, blank=True)
    is_head = models.BooleanField(_("head of the delegation"), default=False)
    # Practising during a mission (operating, transferring a technique) needs a permission to practise.
    practises = models.BooleanField(_("practises medicine during the mission"), default=False)
    permit_number = models.CharField(_("permission to practise: number"), max_length=100, blank=True)
    permit_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    permit_scope = models.CharField(_("scope of practice"), max_length=300, blank=True)
    permit_valid_until = models.DateField(_("permission valid until"), null=True, blank=True)
    # Encrypted passport or identity number (Fernet token): read only through services.read_identity.
    identity_number_token = models.TextField(editable=False, blank=True)
    is_host = models.BooleanField(_("host"), default=False, editable=False)

    audit_private = ("identity_number_token",)  # encrypted, but even the token stays out of the log

    objects = MembersManager()
    hosts = HostsManager()
    everyone = models.Manager.from_queryset(MemberQuerySet)()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-is_head", "pk"]
        permissions = [("view_member_identity", _("Can read a delegation member's passport or identity number"))]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.nationality and not is_country(self.nationality):
            raise ValidationError({"nationality": _("Unknown country code “%(code)s”.") % {"code": self.nationality}})

    @property
    def identity_number(self) -> str:
        """Write-only: reading goes through `services.read_identity`, which checks the right and audits."""
        return ""

    @identity_number.setter
    def identity_number(self, number: str) -> None:
        """A number typed is encrypted; an empty one keeps the number stored."""
        if (number or "").strip():
            self.identity_number_token = crypto.encrypt(number.strip())

    def decrypted_identity_number(self) -> str:
        """Only `services.read_identity` calls this: it checks the right and writes the audit entry."""
        return crypto.decrypt(self.identity_number_token)

    @property
    def has_identity_number(self) -> bool:
        return bool(self.identity_number_token)

    def permit_problem(self, mission_ends) -> str:
        """Why this member may not practise until the mission ends, or "" when the permission covers it."""
        if not self.practises:
            return ""
        if not self.permit_number:
            return str(_("No permission to practise"))
        if self.permit_valid_until and mission_ends and self.permit_valid_until < mission_ends:
            return str(
                _("Permission to practise expires on %(date)s, before the mission ends")
                % {"date": self.permit_valid_until.strftime("%d/%m/%Y")}
            )
        return ""


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApprovalStep(RegistryModel):
    """One step of a case's chain, made from the rules when the request is submitted."""

    owner_path = "delegation__owner"

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    level = models.CharField(_("level"), max_length=24, choices=Level.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["delegation", "position"]

    def __str__(self) -> str:
        return self.label or self.get_level_display()


class LetterKind(models.TextChoices):
    REQUEST = "request", _("Request letter (công văn xin phép)")
    SUBMISSION = "submission", _("Submission (tờ trình)")
    DECISION = "decision", _("Decision sending staff abroad")
    INVITATION_VI = "invitation_vi", _("Invitation letter for visas (Vietnamese)")
    INVITATION_EN = "invitation_en", _("Invitation letter for visas (English)")
    REPORT = "report", _("Report of results")


def template_path(instance, filename: str) -> str:
    return f"delegations/templates/{instance.owner_id}/{instance.kind}.docx"


class LetterTemplate(RegistryModel):
    """An institution's own DOCX for one kind of letter, with {{placeholders}}; without one the default is used."""

    owner_path = "owner"

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField(_("letter"), max_length=16, choices=LetterKind.choices)
    file = models.FileField(_("DOCX template"), upload_to=template_path)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [models.UniqueConstraint(fields=["owner", "kind"], name="letter_template_once")]

    def __str__(self) -> str:
        return self.get_kind_display()
