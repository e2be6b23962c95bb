"""A case as a FHIR R4 Bundle: ServiceRequest (the request), Task (its state), one Communication per opinion,
one DocumentReference per attachment, an anonymised Patient, the Organizations and PractitionerRoles.
Built with fhir.resources' R4B models, which validate each resource; the status codes are mapped here and
checked against the value sets they belong to before anything is built."""

import uuid

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from fhir.resources.R4B.bundle import Bundle

from .models import CaseStatus, Sex, numbered
from .translation import reads_translation, summary_for_reader

# FHIR value sets the mappings must stay inside (request-status, task-status, administrative-gender).
REQUEST_STATUSES = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
TASK_STATUSES = {
    "draft",
    "requested",
    "received",
    "accepted",
    "rejected",
    "ready",
    "cancelled",
    "in-progress",
    "on-hold",
    "failed",
    "completed",
    "entered-in-error",
}
GENDERS = {"male", "female", "other", "unknown"}

REQUEST_STATUS = {
    CaseStatus.DRAFT: "draft",
    CaseStatus.SUBMITTED: "active",
    CaseStatus.ACCEPTED: "active",
    CaseStatus.ANSWERED: "active",
    CaseStatus.DECLINED: "on-hold",
    CaseStatus.CLOSED: "completed",
    CaseStatus.CANCELLED: "revoked",
}
TASK_STATUS = {
    CaseStatus.DRAFT: "draft",
    CaseStatus.SUBMITTED: "requested",
    CaseStatus.ACCEPTED: "accepted",
    CaseStatus.ANSWERED: "completed",
    CaseStatus.DECLINED: "rejected",
    CaseStatus.CLOSED: "completed",
    CaseStatus.CANCELLED: "cancelled",
}
GENDER = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "unknown"}

LANGUAGE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/language"


def check_codes() -> None:
    """Every mapped code belongs to its FHIR value set; a wrong mapping fails here, not at a partner's end."""
    for mapping, allowed in ((REQUEST_STATUS, REQUEST_STATUSES), (TASK_STATUS, TASK_STATUSES), (GENDER, GENDERS)):
        wrong = set(mapping.values()) - allowed
        if wrong:
            raise ValueError(f"FHIR codes outside their value set: {sorted(wrong)}")
        missing = {choice for choice, _label in type(next(iter(mapping))).choices} - set(mapping)
        if missing:
            raise ValueError(f"States with no FHIR code: {sorted(missing)}")


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _narrative(case, language: str) -> dict:
    """The request's narrative (FHIR's human-readable text) in its reader's language: the clinical summary and
    question the clinician wrote in the partner's language for a reader who reads no Vietnamese, else the case
    as written; the coded fields stay as they are for every reader."""
    with translation.override(language):
        lines = summary_for_reader(case)
        written_in = case.translation_language if reads_translation(case, language) else "vi"
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml" lang="{written_in}" xml:lang="{written_in}">{paragraphs}</div>',
    }


def case_bundle(case, reader, language: str = "vi") -> Bundle:
    """The case as `reader` may see it, for a reader whose language is `language` (its narrative is written for
    them): a file held back for a check is left out, not only its content."""
    check_codes()
    entries, refs = [], {}

    def add(resource: dict, key) -> str:
        url = _urn()
        refs[key] = url
        entries.append({"fullUrl": url, "resource": resource})
        return url

    patient = add(
        {
            "resourceType": "Patient",
            "gender": GENDER[case.sex],
            "extension": [{"url": "https://medcoop.example/fhir/age-band", "valueString": case.age_band}],
        },
        "patient",
    )
    for organization in (case.owner, *case.partners.all()):
        add(
            {"resourceType": "Organization", "name": organization.name, "address": [{"country": organization.country}]},
            ("org", organization.pk),
        )
    people = {case.requested_by: case.owner, **{i.expert: i.expert.organization for i in case.invitations.all()}}
    for person, organization in people.items():
        role = {
            "resourceType": "PractitionerRole",
            "practitioner": {"display": person.display_name},
        }
        if organization is not None and ("org", organization.pk) in refs:
            role["organization"] = {"reference": refs[("org", organization.pk)]}
        add(role, ("role", person.pk))
    request = add(
        {
            "resourceType": "ServiceRequest",
            "text": _narrative(case, language),
            "status": REQUEST_STATUS[case.status],
            "intent": "order",
            "priority": "urgent" if case.urgency == "urgent" else "routine",
            "code": {"text": "Remote consultation (hội chẩn từ xa)"},
            "category": [{"text": str(case.specialty)}],
            "subject": {"reference": patient},
            "requester": {"reference": refs[("role", case.requested_by.pk)]},
            "performer": [{"reference": refs[("org", o.pk)]} for o in case.partners.all()],
            "reasonCode": [{"text": case.question}],
            "note": [
                {"text": f"{label}: {value}"}
                for label, value in (
                    ("History", case.history),
                    ("Findings", case.findings),
                    ("Current treatment", case.current_treatment),
                )
                if value
            ]
            + [  # for partners who do not read Vietnamese, in their language (the standard language extension)
                {"text": f"{label}: {value}", "extension": [{"url": LANGUAGE_EXTENSION, "valueCode": language}]}
                for label, value, language in (
                    ("Question", case.question_translated, case.translation_language),
                    ("Clinical summary", case.summary_translated, case.translation_language),
                )
                if value
            ],
            "identifier": [{"value": str(case)}],
        },
        "request",
    )
    add(
        {
            "resourceType": "Task",
            "status": TASK_STATUS[case.status],
            "intent": "order",
            "focus": {"reference": request},
            "for": {"reference": patient},
            "requester": {"reference": refs[("role", case.requested_by.pk)]},
            **({"executionPeriod": {"end": case.due_on.isoformat()}} if case.due_on else {}),
        },
        "task",
    )
    for opinion in case.opinions.select_related("expert"):
        add(
            {
                "resourceType": "Communication",
                "status": "completed",
                "basedOn": [{"reference": request}],
                "subject": {"reference": patient},
                "sender": {"reference": refs[("role", opinion.expert_id)]},
                "sent": opinion.submitted_at.isoformat() if opinion.submitted_at else None,
                "payload": [{"contentString": opinion.text}],
            },
            ("opinion", opinion.pk),
        )
    for attachment in numbered(case.attachments.visible_to(reader)):  # a held-back file is not even named to a partner
        add(
            {
                "resourceType": "DocumentReference",
                "status": "current",
                "subject": {"reference": patient},
                "description": str(attachment),
                "content": [
                    {
                        "attachment": {
                            "contentType": _content_type(attachment.kind),
                            "title": str(attachment),
                            "url": reverse("attachment-file", args=[attachment.pk]),
                        }
                    }
                ],
            },
            ("attachment", attachment.pk),
        )
    return Bundle.model_validate(
        {"resourceType": "Bundle", "type": "collection", "entry": [_without_none(e) for e in entries]}
    )


def _content_type(kind: str) -> str:
    return {
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "dicom": "application/dicom",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[kind]


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value
