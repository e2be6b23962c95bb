"""A case's free text screened for identifiers (medcoop.consultations.identifiers) before it leaves the hospital.

The case page shows each span found with its reason; `require_screened` refuses to send a case while any is
left, unless a coordinator overrode exactly these findings with a reason. The override keeps an HMAC of the
spans (with MEDCOOP_DEID_SECRET), never the spans: a changed text needs a new look, and neither the case nor
the audit log holds the identifiers themselves.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from medcoop.audit.recording import record
from medcoop.consultations.identifiers import REASONS, scan, segments
from medcoop.core.models import AuditEvent

from .models import ConsultationCase

FIELDS = ("question", "history", "findings", "current_treatment")


def case_texts(case: ConsultationCase) -> list[tuple[str, str]]:
    """(where, text) for every free text a partner would read: the case's fields and its files' titles."""
    texts = [(str(case._meta.get_field(name).verbose_name), getattr(case, name)) for name in FIELDS]
    if case.pk:
        texts += [(_("title of %(file)s") % {"file": a.get_kind_display()}, a.title) for a in case.attachments.all()]
    return [(where, text) for where, text in texts if text]


def screen(case: ConsultationCase) -> list[dict]:
    """Each text with identifiers in it: where, its findings, and its pieces for highlighting."""
    screened = []
    for where, text in case_texts(case):
        findings = scan(text, age_band=case.age_band)
        if findings:
            screened.append({"where": where, "findings": findings, "segments": segments(text, findings)})
    return screened


def _digest(case: ConsultationCase, screened: list[dict]) -> str:
    spans = "\x1f".join(
        f"{item['where']}:{piece}" for item in screened for piece, finding in item["segments"] if finding
    )
    return hmac.new(settings.MEDCOOP_DEID_SECRET.encode(), f"{case.pk}:{spans}".encode(), hashlib.sha256).hexdigest()


def is_overridden(case: ConsultationCase, screened: list[dict]) -> bool:
    return bool(case.identifiers_override_digest) and hmac.compare_digest(
        case.identifiers_override_digest, _digest(case, screened)
    )


def require_screened(case: ConsultationCase) -> None:
    """Refuse to send a case whose text still identifies someone, naming the kinds and places, not the text."""
    screened = screen(case)
    if not screened or is_overridden(case, screened):
        return
    kinds = sorted({str(REASONS[f.kind]) for item in screened for f in item["findings"]})
    raise ValidationError(
        _("Remove what identifies the patient before sending (%(kinds)s in: %(where)s), or ask a coordinator.")
        % {"kinds": "; ".join(kinds), "where": ", ".join(item["where"] for item in screened)}
    )


def _counts(findings) -> dict[str, int]:
    counts = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts


def require_clean_reply(user, case: ConsultationCase, field: str, text: str, *, checked: bool) -> None:
    """An opinion, a decline's reason or a follow-up outcome — text the other side reads — with no identifier
    in it, unless its writer ticked that what was found is not the patient's (audited by kind, never the text)."""
    findings = scan(text, age_band=case.age_band)
    if not findings:
        return
    if not checked:
        kinds = "; ".join(sorted({str(REASONS[f.kind]) for f in findings}))
        raise ValidationError(
            {
                field: _(
                    "This text seems to identify someone (%(kinds)s): remove it, or tick that you checked it is "
                    "not the patient's and send again."
                )
                % {"kinds": kinds}
            }
        )
    record(
        AuditEvent.Action.UPDATE,
        case,
        changes={f"identifiers_checked_in_{field}": [None, _counts(findings)]},
        user=user,
    )


@transaction.atomic
def override(user, case: ConsultationCase, reason: str) -> ConsultationCase:
    """A coordinator of the requesting institution lets these findings go, saying why; audited without text."""
    if not user.has_perm("consultations.let_identifiers_go", case):
        raise PermissionDenied(_("Only a coordinator of the requesting institution may let identifiers go."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why what was found may be sent.")})
    screened = screen(case)
    if not screened:
        raise ValidationError(_("Nothing was found that identifies the patient."))
    case.identifiers_override_digest = _digest(case, screened)
    case.identifiers_override_reason = reason.strip()
    case.identifiers_override_by = user
    case.save(update_fields=["identifiers_override_digest", "identifiers_override_reason", "identifiers_override_by"])
    counts = _counts(finding for item in screened for finding in item["findings"])
    record(AuditEvent.Action.UPDATE, case, changes={"identifiers_override": [None, counts]}, user=user)
    return case
