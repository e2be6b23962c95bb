"""The consent rules: a case leaves for a partner abroad only under a consultation consent in force that names
every partner's country; each sending is written to the transfer register; a withdrawal stops what has not
been answered yet. The consultation services call `require_consent` and `record_transfers`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from medcoop.audit.recording import record
from medcoop.consultations.models import CaseStatus, ConsultationCase
from medcoop.consultations.services import cancel, require_requester, require_step
from medcoop.core.countries import country_name
from medcoop.core.models import AuditEvent

from .models import Consent, ConsentPurpose, Transfer

# Cases in these states are still on their way to an answer: a withdrawal cancels them.
UNANSWERED = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.DECLINED)


def partner_countries(case: ConsultationCase) -> list[str]:
    return sorted({partner.country for partner in case.partners.all() if partner.country})


def require_consent(case: ConsultationCase) -> Consent:
    """The consent in force under which the case may be sent to its partners, or a refusal saying what is missing."""
    consent = case.consents.for_consultation().order_by("-given_on", "-pk").first()
    if consent is None:
        raise ValidationError(_no_consultation_consent(case))
    missing = [code for code in partner_countries(case) if code not in consent.countries]
    if missing:
        raise ValidationError(
            _(
                "The consent given on %(date)s covers %(covered)s but not %(countries)s: record a new consent "
                "that names every partner's country."
            )
            % {
                "date": formats.date_format(consent.given_on, "SHORT_DATE_FORMAT"),
                "covered": ", ".join(country_name(code) for code in consent.countries) or "—",
                "countries": ", ".join(country_name(code) for code in missing),
            }
        )
    return consent


def _no_consultation_consent(case: ConsultationCase) -> str:
    """Why no consent lets the case go abroad, naming the consent the page shows: its purpose or its withdrawal."""
    day = lambda value: formats.date_format(value, "SHORT_DATE_FORMAT")  # noqa: E731
    other = case.consents.in_force().exclude(purpose=ConsentPurpose.CONSULTATION).order_by("-given_on").first()
    if other is not None:
        return _(
            "The consent in force, given on %(date)s, is for “%(purpose)s”, not for sending the case to experts "
            "abroad: record a consent for that purpose before it is sent."
        ) % {"date": day(other.given_on), "purpose": other.get_purpose_display()}
    withdrawn = (
        case.consents.filter(purpose=ConsentPurpose.CONSULTATION, withdrawn_on__isnull=False)
        .order_by("-withdrawn_on")
        .first()
    )
    if withdrawn is not None:
        return _(
            "The consent to sending the case abroad given on %(given)s was withdrawn on %(withdrawn)s: record a "
            "new consent before it is sent."
        ) % {"given": day(withdrawn.given_on), "withdrawn": day(withdrawn.withdrawn_on)}
    return _("Record the patient's consent to sending the case abroad before it is sent.")


@transaction.atomic
def record_consent(user, case: ConsultationCase, consent: Consent) -> Consent:
    """Keep a consent for this case; its countries are the partners' unless the form names them. Recorded, like
    a withdrawal, by those who may change the case: its clinician and its institution's coordinators."""
    require_step(user, case, "consent")
    consent.case, consent.recorded_by = case, user
    consent.countries = sorted(set(consent.countries or partner_countries(case)))
    if not consent.countries:
        raise ValidationError(
            {
                "countries": _(
                    "Name the partner institutions of the case first: the consent "
                    "names the countries its data may go to."
                )
            }
        )
    if consent.given_on and consent.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be dated in the future.")})
    consent.full_clean(exclude=["case", "recorded_by"])
    consent.save()
    record(
        AuditEvent.Action.CONSENT,
        consent,
        user=user,
        changes={"given": [None, consent.given_on.isoformat()], "countries": [None, consent.countries]},
    )
    return consent


def allowed_actions(user, consent: Consent) -> list[str]:
    return consent.allowed_actions(user)


@transaction.atomic
def withdraw_consent(user, consent: Consent, reason: str) -> Consent:
    """Record the withdrawal; with no other consent in force, a case not answered yet is cancelled so that
    nothing more is sent or read abroad. What was lawfully sent before stays in the register."""
    case = consent.case
    require_requester(user, case)
    if "withdraw" not in allowed_actions(user, consent):
        if consent.withdrawn_on is None:
            raise PermissionDenied
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.") % {"date": consent.withdrawn_on.strftime("%d/%m/%Y")}
        )
    consent.withdrawn_on, consent.withdrawn_by = timezone.localdate(), user
    consent.withdrawal_reason = (reason or "").strip()
    consent.save()
    record(
        AuditEvent.Action.CONSENT, consent, user=user, changes={"withdrawn": [None, consent.withdrawn_on.isoformat()]}
    )
    if case.status in UNANSWERED and not case.consents.for_consultation().exists():
        cancel(user, case)
    return consent


def record_transfers(user, case: ConsultationCase, consent: Consent) -> list[Transfer]:
    """One register row per partner institution the case is sent to (once, however often it is re-assigned)."""
    now = timezone.now()
    return [
        Transfer.objects.get_or_create(
            case=case,
            recipient=partner,
            defaults={"consent": consent, "country": partner.country, "sent_at": now, "sent_by": user},
        )[0]
        for partner in case.partners.all()
    ]


def keeps_privacy_records(user) -> bool:
    """Consents and transfers are read by the requesting institution's staff, and by no one else: the rule is
    `privacy.rules`' ("privacy"), written once there rather than again here."""
    return user.has_perm("privacy")


# The case workflow's signals (consultations.signals), connected in PrivacyConfig.ready.
def refuse_without_consent(sender, user, case, **kwargs) -> None:
    require_consent(case)


def register_transfers(sender, user, case, **kwargs) -> None:
    record_transfers(user, case, require_consent(case))
