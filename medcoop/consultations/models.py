"""Remote consultations (hội chẩn từ xa): a clinician asks partner experts for advice on a de-identified case,
alone or on the agenda of a live session (a tumour board)."""

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import language_name
from medcoop.core.models import RegistryModel, SearchableRegistryModel
from medcoop.core.permissions import INSTITUTION_ROLES, Role, _active
from medcoop.search.query import SearchQuerySet


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# The case's state machine: (state, step) → next state; anything not listed is refused. The services move a
# case by it, and the named permissions (rules.py) show a step only where it leads somewhere. Each expert's own
# invitation goes invited → accepted | declined: a later expert may still accept a case another accepted.
TRANSITIONS: dict[tuple[str, str], CaseStatus] = {
    (CaseStatus.DRAFT, "submit"): CaseStatus.SUBMITTED,
    (CaseStatus.SUBMITTED, "accept"): CaseStatus.ACCEPTED,
    (CaseStatus.SUBMITTED, "decline"): CaseStatus.DECLINED,
    (CaseStatus.ACCEPTED, "decline"): CaseStatus.DECLINED,
    (CaseStatus.DECLINED, "reassign"): CaseStatus.SUBMITTED,
    (CaseStatus.SUBMITTED, "reassign"): CaseStatus.SUBMITTED,
    (CaseStatus.ACCEPTED, "accept"): CaseStatus.ACCEPTED,
    (CaseStatus.ANSWERED, "accept"): CaseStatus.ANSWERED,
    (CaseStatus.ACCEPTED, "answer"): CaseStatus.ANSWERED,
    (CaseStatus.ANSWERED, "answer"): CaseStatus.ANSWERED,
    (CaseStatus.ANSWERED, "close"): CaseStatus.CLOSED,
    (CaseStatus.DRAFT, "cancel"): CaseStatus.CANCELLED,
    (CaseStatus.SUBMITTED, "cancel"): CaseStatus.CANCELLED,
    (CaseStatus.ACCEPTED, "cancel"): CaseStatus.CANCELLED,
    (CaseStatus.DECLINED, "cancel"): CaseStatus.CANCELLED,
}
# Steps that do not move the case, and the states in which they may be taken.
STEP_STATES = {
    "edit": {CaseStatus.DRAFT},
    # Files while the case is open: an answered case stays open to corrected opinions, so to new images too.
    "attach": {CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.ANSWERED},
    "outcome": {CaseStatus.ANSWERED, CaseStatus.CLOSED},
    "consent": {CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.ANSWERED, CaseStatus.DECLINED},
}
# A step named on the page by what the user does, in the table by what it does to the case.
STEP_TRANSITION = {"opinion": "answer"}


def step_fits_state(status: str, step: str) -> bool:
    """Whether a case in this state can take the step at all, whoever asks."""
    if step in STEP_STATES:
        return status in STEP_STATES[step]
    return (status, STEP_TRANSITION.get(step, step)) in TRANSITIONS


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class AgeBand(models.TextChoices):
    INFANT = "0-1", _("under 1 year")
    CHILD = "1-15", _("1–15 years")
    YOUNG = "16-39", _("16–39 years")
    MIDDLE = "40-64", _("40–64 years")
    OLDER = "65+", _("65 years and over")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other / not stated")


class ClinicalQuerySet(SearchQuerySet):
    """Clinical records: the owning institution's staff, and the partner experts the record is shared with
    (`shared_with_path`). Neither the ministry nor the administrator reads clinical content."""

    shared_with_path = ""

    def visible_to(self, user, action: str = "view"):
        if action != "view":
            return self.editable_by(user)
        if not _active(user):
            return self.none()
        if user.role in INSTITUTION_ROLES and user.organization_id:
            return self.filter(self._owner_filter(user.organization_id))
        if user.role == Role.PARTNER:
            return self.shared_with(user)
        return self.none()

    def shared_with(self, user):
        return self.filter(**{self.shared_with_path: user}).distinct()

    def countable_by(self, user):
        """Records a user may count without reading them: the ministry aggregates every institution's."""
        if _active(user) and user.role == Role.MINISTRY:
            return self.all()
        return self.visible_to(user)


class ConsultationQuerySet(ClinicalQuerySet):
    shared_with_path = "invitations__expert"

    def shared_with(self, user):
        """An expert sees the cases they are invited to, once submitted, and not after declining; and only while
        the patient's consent to the consultation is in force (privacy.Consent): a withdrawal ends the access.
        Their own invitation decides, in one subquery: another expert's decline changes nothing for them."""
        consented = apps.get_model("privacy", "Consent").objects.for_consultation().values("case_id")
        invited = Invitation.objects.filter(expert=user).exclude(status=InvitationStatus.DECLINED).values("case_id")
        return self.filter(pk__in=invited).filter(pk__in=consented).exclude(status=CaseStatus.DRAFT)

    def editable_by(self, user):
        """A case is changed by its requesting clinician and by the coordinators of its institution."""
        if not _active(user) or user.role not in (Role.COORDINATOR, Role.CLINICIAN) or not user.organization_id:
            return self.none()
        mine = self.filter(self._owner_filter(user.organization_id))
        return mine if user.role == Role.COORDINATOR else mine.filter(requested_by=user)


# The languages a case can be written in for partner experts (ISO 639-1), named in the reader's language by CLDR.
TRANSLATION_LANGUAGES = [
    (code, lazy(language_name, str)(code)) for code in ("en", "fr", "de", "ja", "ko", "zh", "ru", "lo", "km", "th")
]


class ConsultationCase(SearchableRegistryModel):
    owner_path = "owner"
    search_organizations = ("owner", "partners")
    # The clinical picture and the DICOM date shift (which would undo the de-identification of dates).
    audit_private = ("question", "history", "findings", "current_treatment", "outcome", "age_band", "sex")
    audit_private += ("date_shift_days",)
    # what the screening found and why it was let go: a digest of identifiers, and a person's words about them
    audit_private += ("identifiers_override_digest", "identifiers_override_reason")
    # the question and clinical summary in the language of partners who do not read Vietnamese
    audit_private += ("question_translated", "summary_translated")
    audit_public = ()

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("requesting institution"),
        on_delete=models.PROTECT,
        related_name="consultation_cases",
        limit_choices_to={"is_member": True},
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requesting clinician"),
        on_delete=models.PROTECT,
        related_name="consultation_cases",
    )
    partners = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("partner institutions consulted"),
        related_name="consultations_received",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("under the agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_cases",
    )
    specialty = models.ForeignKey(
        "core.Specialty", verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="consultation_cases"
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    question = models.TextField(_("question to the experts"))
    age_band = models.CharField(_("age band"), max_length=6, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    history = models.TextField(_("history"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    current_treatment = models.TextField(_("current treatment"), blank=True)
    due_on = models.DateField(_("answer wanted by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_opinion_at = models.DateTimeField(_("first opinion at"), null=True, blank=True)
    outcome = models.TextField(_("follow-up outcome"), blank=True)
    # Dates in this case's DICOM files are shifted by this many days, the same for every file of the case.
    date_shift_days = models.IntegerField(default=0, editable=False)
    # A coordinator's decision that what the identifier scan found may be sent (consultations.screening): an HMAC
    # of exactly those findings, so that any change to the text needs a new decision, and why.
    # For partners whose experts do not read Vietnamese (consultations.translation): the question and a clinical
    # summary in their language, written or checked by the requesting clinician.
    translation_language = models.CharField(
        _("language of the partner's experts"), max_length=8, choices=TRANSLATION_LANGUAGES, default="en"
    )
    question_translated = models.TextField(_("question in the partner's language"), blank=True)
    summary_translated = models.TextField(_("clinical summary in the partner's language"), blank=True)
    translation_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translation written or checked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identifiers_override_digest = models.CharField(max_length=64, blank=True, editable=False)
    identifiers_override_reason = models.TextField(_("why the identifiers found may be sent"), blank=True)
    identifiers_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identifiers let go by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation case")
        verbose_name_plural = _("consultation cases")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"HC-{self.pk:05d}" if self.pk else "HC-…"

    def search_parts(self) -> list[str]:
        return [str(self), self.question, self.history, self.findings]

    def get_absolute_url(self) -> str:
        return reverse("case-detail", args=[self.pk])


class CaseRecordQuerySet(ClinicalQuerySet):
    """A case's invitations, opinions and files: read by whoever reads the case, and by no one else."""

    def shared_with(self, user):
        return self.filter(case__in=ConsultationCase.objects.shared_with(user))


class AttachmentQuerySet(CaseRecordQuerySet):
    def shared_with(self, user):
        """A file held back for a check of its pixels reaches no partner until a person released it."""
        return super().shared_with(user).filter(held_reason="")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(RegistryModel):
    owner_path = "case__owner"
    audit_private = ("decline_reason",)  # an expert's words about the case
    audit_public = ()

    case = models.ForeignKey(
        ConsultationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="invitations"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="consultation_invitations",
        limit_choices_to={"role": Role.PARTNER},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["case", "expert"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.case}"


class Opinion(RegistryModel):
    """An expert's written advice; locked once submitted. A correction is a new version that keeps the old."""

    owner_path = "case__owner"
    audit_private = ("text",)
    audit_public = ()

    case = models.ForeignKey(
        ConsultationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="opinions"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="opinions"
    )
    text = models.TextField(_("opinion"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.OneToOneField(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.expert} · v{self.version}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DICOM = "dicom", "DICOM"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"

    @property
    def extension(self) -> str:
        """The file name's usual ending for this kind (".dcm" for DICOM, as viewers expect)."""
        return {"dicom": "dcm", "jpeg": "jpg"}.get(self.value, self.value)


def attachment_path(instance, filename: str) -> str:
    return f"consultations/{instance.case_id}/{uuid.uuid4().hex}-{filename}"


class Attachment(RegistryModel):
    """A file of the case. `original` stays with the requesting institution; partners only ever receive
    `shared`, de-identified before it was kept."""

    owner_path = "case__owner"
    # The stored names carry the name the file was uploaded under (often the patient's); a title is typed freely.
    audit_private = ("title", "original", "shared")
    audit_public = ("held_reason",)  # MedCoop's own sentence on why pixels must be checked

    case = models.ForeignKey(
        ConsultationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    original = models.FileField(_("original file"), upload_to=attachment_path)
    shared = models.FileField(_("de-identified file"), upload_to=attachment_path)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why a person must check the pixels for burned-in text before a partner sees the file; "" once released.
    held_reason = models.CharField(_("held back because"), max_length=300, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pixels checked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or getattr(self, "numbered_title", "") or f"{self.get_kind_display()} #{self.pk}"


def numbered(attachments) -> list[Attachment]:
    """A case's files as one reader sees them, in the order they came: a file without a title (its name may
    carry the patient's, so none is kept) is named by its kind and its number among the untitled files of that
    kind this reader sees ("JPEG 1", "JPEG 2"), so a partner's numbers never count a file held back from them."""
    files = list(attachments.order_by("pk"))
    counts: dict[str, int] = {}
    for attachment in files:
        if not attachment.title:
            counts[attachment.kind] = counts.get(attachment.kind, 0) + 1
            attachment.numbered_title = f"{attachment.get_kind_display()} {counts[attachment.kind]}"
    return files


class SessionQuerySet(ClinicalQuerySet):
    shared_with_path = "participants__user"

    def editable_by(self, user):
        if not _active(user) or user.role != Role.COORDINATOR or not user.organization_id:
            return self.none()
        return self.filter(self._owner_filter(user.organization_id))


class Session(SearchableRegistryModel):
    """A live consultation (tumour board): several cases on one agenda. Time is kept in UTC and shown to each
    participant in their own time zone."""

    owner_path = "owner"
    # The title names the board ("Hội chẩn u phổi"); the minutes discuss the cases; the link admits to the call.
    audit_private = ("minutes", "meeting_url")
    audit_public = ("title",)

    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organising institution"),
        on_delete=models.PROTECT,
        related_name="consultation_sessions",
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation session")
        verbose_name_plural = _("consultation sessions")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session-detail", args=[self.pk])

    def search_parts(self) -> list[str]:
        return [self.title, self.minutes]


class SessionRecordQuerySet(ClinicalQuerySet):
    """A session's agenda and participants: read by whoever reads the session."""

    def shared_with(self, user):
        return self.filter(session__in=Session.objects.shared_with(user))


class SessionCase(RegistryModel):
    owner_path = "session__owner"
    audit_private = ("consensus",)
    audit_public = ()

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey(
        ConsultationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="session_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    consensus = models.TextField(_("consensus recommendation"), blank=True)

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("case on the agenda")
        verbose_name_plural = _("agenda")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "case"], name="session_case_once")]


class SessionParticipant(RegistryModel):
    owner_path = "session__owner"
    audit_private = ()
    audit_public = ()

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="consultation_sessions",
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="session_participant_once")]
