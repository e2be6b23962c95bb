"""Cooperation activities — a training, a mission, a grant, a tumour-board link — with the figures they
report (660 staff trained, 13.5 M EUR) and the detail records some kinds carry."""

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import is_country
from medcoop.core.dates import PartialDate, Precision
from medcoop.core.links import record_url
from medcoop.core.models import RegistryModel, SearchableRegistryModel, Unit
from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.values import currency_choices, currency_code
from medcoop.exports.formatting import plain_number
from medcoop.search.query import SearchQuerySet


def validate_currency(code: str) -> None:
    if code and pycountry.currencies.get(alpha_3=code.upper()) is None:
        raise ValidationError(
            _("Unknown currency “%(code)s”: give a three-letter code such as VND, EUR or USD.") % {"code": code}
        )


SHEET_SOURCE = "sheet:"  # an imported activity's source_reference: this, then its row's key in the sheet


class CurrencyCodes:
    """Currency fields hold ISO 4217 codes: what a user writes for one ("eur", "VNĐ", "€") becomes its code
    before the field's choices are checked."""

    currency_fields = ("currency",)

    def clean_fields(self, exclude=None):
        self.read_currencies()
        super().clean_fields(exclude=exclude)

    def read_currencies(self) -> None:
        """The currency fields in their stored form, before their choices are checked (a sheet import checks
        fields its own way and calls this first)."""
        for name in self.currency_fields:
            written = getattr(self, name) or ""
            setattr(self, name, currency_code(written) or written.upper())


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound (partners come to us)")
    OUTBOUND = "outbound", _("Outbound (we go to the partner)")
    ONLINE = "online", _("Online")
    BOTH = "both", _("Both ways")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Provenance(models.TextChoices):
    TYPED = "typed", _("Typed by hand")
    SPREADSHEET = "spreadsheet", _("Imported from a spreadsheet")
    ARTICLE = "article", _("Proposed from an article")


class ActivityQuerySet(SearchQuerySet):
    def involving(self, organization):
        """Activities the organization takes part in or owns."""
        return self.filter(models.Q(owner=organization) | models.Q(partners__organization=organization)).distinct()


class Activity(SearchableRegistryModel):
    """One piece of cooperation, of a kind from the vocabulary, owned by a member institution."""

    owner_path = "owner"
    search_organizations = ("owner", "partners__organization")

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="owned_activities",
        limit_choices_to={"is_member": True},
    )
    kind = models.ForeignKey(
        "core.ActivityKind", verbose_name=_("kind"), on_delete=models.PROTECT, related_name="activities"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=400)
    aliases = models.JSONField(
        _("other titles"),
        default=list,
        blank=True,
        help_text=_("Titles of activities merged into this one, so search and the duplicate check still find it."),
    )
    start_on = models.DateField(_("start"), null=True, blank=True)  # indexed with the id (Meta.indexes)
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_on = models.DateField(_("end"), null=True, blank=True, db_index=True)
    end_precision = models.CharField(_("end precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    place = models.CharField(_("place"), max_length=300, blank=True)
    country = models.CharField(_("country where it takes place"), max_length=2, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INBOUND)
    specialties = models.ManyToManyField(
        "core.Specialty", verbose_name=_("specialties"), blank=True, related_name="activities"
    )
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DONE)
    description = models.TextField(_("description"), blank=True)
    provenance = models.CharField(_("provenance"), max_length=12, choices=Provenance.choices, default=Provenance.TYPED)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    source_reference = models.CharField(
        _("source reference"),
        max_length=300,
        blank=True,
        help_text=_("Sheet row, or the article and the span the record came from."),
    )

    @property
    def sheet_key(self) -> str:
        """What identifies the activity in a sheet: the key it was imported under, or "#<id>" for one recorded
        another way, so an exported list imports back onto the same activities."""
        if self.source_reference.startswith(SHEET_SOURCE):
            return self.source_reference.removeprefix(SHEET_SOURCE)
        return f"#{self.pk}"

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_on", "title"]
        # The lists' order is the start, latest first, then the id (core.views.ordering_for): with the id in the
        # index, the first page is read straight from it, instead of sorting every row of the day a page ends on
        # (many activities share a start). The same indexes give a list's first and last year.
        indexes = [
            models.Index(fields=["start_on", "id"], name="activity_start_id"),
            models.Index(fields=["owner", "start_on", "id"], name="activity_owner_start_id"),
            models.Index(fields=["kind", "start_on", "id"], name="activity_kind_start_id"),
            # A sheet re-imported finds its chunk's activities by key instead of reading all the owner's.
            models.Index(fields=["owner", "source_reference"], name="activity_owner_source"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_url("activity-detail", self.pk)  # each row of a list links here

    def search_parts(self) -> list[str]:
        return [self.title, *(self.aliases or []), self.place, self.description[:2000]]

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.start_on, self.start_precision) if self.start_on else None

    @property
    def end(self) -> PartialDate | None:
        return PartialDate(self.end_on, self.end_precision) if self.end_on else None

    def clean(self):
        errors = {}
        for name in ("start", "end"):  # a precision without its date means nothing: one stored form
            if getattr(self, f"{name}_on") is None:
                setattr(self, f"{name}_precision", Precision.DAY)
        if self.start and self.end and self.end.last_day < self.start.value:
            errors["end_on"] = _("The end date comes before the start date.")
        if self.country and not is_country(self.country):
            errors["country"] = _("Unknown country code “%(code)s”.") % {"code": self.country}
        if self.agreement_id and self.owner_id and self.agreement.owner_id != self.owner_id:
            errors["agreement"] = _("The agreement belongs to another institution.")
        if self.owner_id and not self.owner.is_member:
            errors["owner"] = _("The owner must be a member institution.")
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            errors["aliases"] = _("Other titles must be a list of titles.")
        if errors:
            raise ValidationError(errors)


class PartnerRole(models.TextChoices):
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    HOST = "host", _("Host")
    PARTICIPANT = "participant", _("Participant")


class ActivityPartner(RegistryModel):
    owner_path = "activity__owner"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="partners"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="activity_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTICIPANT)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner in an activity")
        verbose_name_plural = _("partners in the activity")
        constraints = [
            models.UniqueConstraint(fields=["activity", "organization", "role"], name="activity_partner_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Figure(CurrencyCodes, RegistryModel):
    """A number an activity reports: a metric from the vocabulary, its value and unit, a currency for money."""

    owner_path = "activity__owner"

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="figures")
    metric = models.ForeignKey(
        "core.FigureMetric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="figures"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, choices=currency_choices, validators=[validate_currency]
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return f"{self.metric}: {plain_number(self.value)} {self.currency or self.get_unit_display()}"

    def clean(self):
        errors = {}
        self.currency = (self.currency or "").upper()
        if not self.metric_id:
            return
        if not self.unit:
            errors["unit"] = _("A figure needs a unit.")
        elif self.unit != self.metric.unit:
            errors["unit"] = _("“%(metric)s” is counted in %(unit)s.") % {
                "metric": self.metric,
                "unit": Unit(self.metric.unit).label,
            }
        if self.metric.is_money and not self.currency:
            errors["currency"] = _("An amount of money needs a currency (EUR, USD, VND…).")
        if self.currency and not self.metric.is_money:
            errors["currency"] = _("Only an amount of money has a currency.")
        if self.unit == Unit.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A percentage cannot exceed 100.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if errors:
            raise ValidationError(errors)


# --- Training ---------------------------------------------------------------------------------------------


class TrainingCourse(CurrencyCodes, SearchableRegistryModel):
    """A course in an institution's catalogue, run in cohorts."""

    currency_fields = ("fee_currency",)

    owner_path = "owner"
    search_organizations = ("owner",)

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="training_courses",
        limit_choices_to={"is_member": True},
    )
    name = models.CharField(_("name"), max_length=300)
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=_("specialty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    length_days = models.PositiveIntegerField(_("length (days)"), null=True, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    fee = models.DecimalField(_("fee"), max_digits=14, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(
        _("fee currency"), max_length=3, blank=True, choices=currency_choices, validators=[validate_currency]
    )
    language = models.CharField(_("language of teaching"), max_length=100, blank=True)

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("course-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.name, self.language]

    def clean(self):
        if not self.is_free and (self.fee is None or not self.fee_currency):
            raise ValidationError({"fee": _("A course that is not free needs a fee and its currency.")})


class TrainingCohort(RegistryModel):
    """One run of a course, attached to the training activity that reports it."""

    owner_path = "activity__owner"

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="cohorts")
    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("cohort"), max_length=200, blank=True, help_text=_("e.g. Course 3, 2024"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    trainers = models.TextField(_("trainers"), blank=True, help_text=_("Partner experts or staff who teach it"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.course} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date comes before the start date.")})


class Trainee(RegistryModel):
    """A person in a cohort: the institution's own staff, or a trainee from elsewhere with their nationality
    (`country`) and home institution; a completed trainee gets a certificate with an unguessable code."""

    owner_path = "cohort__activity__owner"
    audit_private = ("name", "certificate_number")  # who the person is

    cohort = models.ForeignKey(
        TrainingCohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="trainees"
    )
    name = models.CharField(_("name"), max_length=200)
    is_staff = models.BooleanField(_("staff of the institution"), default=False)
    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainees",
    )
    institution_name = models.CharField(_("institution (as written)"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    result = models.CharField(_("result"), max_length=200, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_on = models.DateField(_("certificate date"), null=True, blank=True)
    reference = models.CharField(
        _("trainee code"), max_length=100, blank=True, db_index=True, help_text=_("The key a trainee sheet gives it")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.country and not is_country(self.country):
            errors["country"] = _("Unknown country code “%(code)s”.") % {"code": self.country}
        if self.certificate_number and not self.completed:
            errors["certificate_number"] = _("A certificate is given only to a trainee who completed the course.")
        if errors:
            raise ValidationError(errors)


# --- Technology transfer ----------------------------------------------------------------------------------


class TransferStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TAUGHT = "taught", _("Taught")
    FIRST_SUPERVISED = "first_supervised", _("First supervised case")
    FIRST_INDEPENDENT = "first_independent", _("First independent case")
    MASTERED = "mastered", _("Mastered")


class TransferQuerySet(SearchQuerySet):
    def mastered_in(self, year: int):
        """Techniques whose "mastered" milestone fell in the year: the hospitals' "newly mastered" list."""
        return self.filter(mastered_on__year=year)

    def overdue(self, today):
        """Transfers with a milestone whose planned date has passed and that is not reached yet."""
        late = models.Q()
        for actual, planned in TechnologyTransfer.PLANNED.items():
            late |= models.Q(**{f"{actual}__isnull": True, f"{planned}__lt": today})
        return self.filter(late, stopped_on__isnull=True)


class TechnologyTransfer(SearchableRegistryModel):
    """A named technique handed over by a partner's experts until the receiving team performs it alone: its
    milestones (taught, first supervised case, first independent case, mastered), each planned and reached,
    and the cases done independently. It may come of an agreement, an activity or a delegation."""

    owner_path = "owner"
    audit_private = ("experts",)  # people by name

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning institution"),
        on_delete=models.PROTECT,
        related_name="technique_transfers",
        limit_choices_to={"is_member": True},
    )
    technique = models.CharField(_("technique"), max_length=300)
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=_("specialty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="technique_transfers",
    )
    source = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("transferred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers_given",
    )
    experts = models.TextField(_("experts"), blank=True, help_text=_("The partner's experts who teach it"))
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technique_transfers",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technique_transfers",
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technique_transfers",
    )
    taught_planned_on = models.DateField(_("taught: planned"), null=True, blank=True)
    first_supervised_planned_on = models.DateField(_("first supervised case: planned"), null=True, blank=True)
    first_independent_planned_on = models.DateField(_("first independent case: planned"), null=True, blank=True)
    mastered_planned_on = models.DateField(_("mastered: planned"), null=True, blank=True)
    taught_on = models.DateField(_("taught on"), null=True, blank=True)
    first_supervised_on = models.DateField(_("first supervised case on"), null=True, blank=True)
    first_independent_on = models.DateField(_("first independent case on"), null=True, blank=True)
    mastered_on = models.DateField(_("mastered on"), null=True, blank=True, db_index=True)
    independent_cases = models.PositiveIntegerField(_("independent cases done"), default=0)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = TransferQuerySet.as_manager()

    MILESTONES = [
        ("taught_on", TransferStage.TAUGHT),
        ("first_supervised_on", TransferStage.FIRST_SUPERVISED),
        ("first_independent_on", TransferStage.FIRST_INDEPENDENT),
        ("mastered_on", TransferStage.MASTERED),
    ]
    PLANNED = {
        "taught_on": "taught_planned_on",
        "first_supervised_on": "first_supervised_planned_on",
        "first_independent_on": "first_independent_planned_on",
        "mastered_on": "mastered_planned_on",
    }

    class Meta:
        verbose_name = _("technique transfer")
        verbose_name_plural = _("technique transfers")
        ordering = ["technique", "pk"]
        indexes = [models.Index(fields=["owner", "mastered_on"])]

    def __str__(self) -> str:
        return self.technique

    def get_absolute_url(self) -> str:
        return reverse("technique-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.technique, self.experts]

    @property
    def stage(self) -> str:
        """The furthest milestone reached."""
        reached = [stage for field, stage in self.MILESTONES if getattr(self, field)]
        return reached[-1] if reached else TransferStage.PLANNED

    def get_stage_display(self) -> str:
        return TransferStage(self.stage).label

    @property
    def next_milestone(self) -> str | None:
        """The field of the first milestone not reached yet, or None once mastered."""
        return next((field for field, _stage in self.MILESTONES if not getattr(self, field)), None)

    def overdue_milestones(self, today) -> list[str]:
        """The stages whose planned date has passed without being reached."""
        if self.stopped_on:
            return []
        return [
            stage
            for field, stage in self.MILESTONES
            if not getattr(self, field)
            and getattr(self, self.PLANNED[field])
            and getattr(self, self.PLANNED[field]) < today
        ]

    def clean(self):
        errors = {}
        previous = None
        for field, _stage in self.MILESTONES:
            value = getattr(self, field)
            if value and previous and value < previous[1]:
                errors[field] = _("Milestones must follow one another in time.")
            if value and not previous and field != "taught_on" and not self.taught_on:
                errors[field] = _("A later milestone needs the earlier ones first.")
            previous = (field, value) if value else previous
        planned = [getattr(self, self.PLANNED[f]) for f, _s in self.MILESTONES]
        known = [d for d in planned if d]
        if known != sorted(known):
            errors["mastered_planned_on"] = _("Planned milestones must follow one another in time.")
        if self.first_independent_on is None and self.independent_cases:
            errors["independent_cases"] = _("Independent cases start after the first independent case.")
        if self.owner_id:
            for name in ("agreement", "activity", "delegation"):
                linked = getattr(self, name)
                if linked is not None and linked.owner_id != self.owner_id:
                    errors[name] = _("It belongs to another institution.")
            if self.owner_id and not self.owner.is_member:
                errors["owner"] = _("The owner must be a member institution.")
        if errors:
            raise ValidationError(errors)


# --- Visits and expert exchanges --------------------------------------------------------------------------


class VisitDetail(RegistryModel):
    """An expert exchange or delegation visit: its programme and outcomes, and who came or went and who
    hosted, as the people records of the delegation it is linked to (`delegation.members`, `host_people`).
    `members` and `hosts` keep what was written before visits had people records."""

    owner_path = "activity__owner"
    audit_private = ("members", "hosts")  # lists of people by name

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="visit"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        help_text=_("Its members and hosts are the visit's people."),
    )
    members = models.TextField(_("members"), blank=True, help_text=_("One person per line: name, title, organization."))
    hosts = models.TextField(_("hosts"), blank=True)
    programme = models.TextField(_("programme"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)

    objects = VisibleQuerySet.as_manager()

    KINDS = ("expert_exchange", "delegation_visit")  # the kinds of activity that carry a visit's details

    class Meta:
        verbose_name = _("visit details")
        verbose_name_plural = _("visit details")

    def __str__(self) -> str:
        return str(self.activity)

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()

    def clean(self):
        if self.delegation_id and self.activity_id and self.delegation.owner_id != self.activity.owner_id:
            raise ValidationError({"delegation": _("It belongs to another institution.")})
