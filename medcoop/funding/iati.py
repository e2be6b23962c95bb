"""Fundings recorded under an agreement alone, as IATI 2.03 activities of their own: a grant to a programme (the
Belgian grant of an MOU) is an activity in IATI's terms though no MedCoop activity carries it. A funding under
an activity is left to the activities export, which carries its transactions, so no money is reported twice."""

from lxml import etree

from medcoop.activities.iati import (
    DEFAULT_SECTOR,
    ORGANISATION_TYPES,
    document,
    funding_transactions,
    identifier,
    narrative,
    org_ref,
)

ACCOUNTABLE, FUNDING = "2", "1"  # OrganisationRole
IMPLEMENTATION = "2"  # ActivityStatus
ACTUAL_START = "2"  # ActivityDateType


def _organisation(node, tag: str, organization, **attributes) -> None:
    type_code = ORGANISATION_TYPES.get(organization.kind, "90")
    narrative(node, tag, organization.name, **attributes, **org_ref(organization), type=type_code)


def _funding_activity(funding) -> etree._Element:
    node = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": funding.updated_at.isoformat(timespec="seconds"),
            "{http://www.w3.org/XML/1998/namespace}lang": "vi",
        },
    )
    prefix = identifier(funding.owner)  # "F": a funding's number, apart from the activities' numbers
    etree.SubElement(node, "iati-identifier").text = f"{prefix}-F{funding.pk}" if prefix else f"F{funding.pk}"
    owner_type = ORGANISATION_TYPES.get(funding.owner.kind, "90")
    narrative(node, "reporting-org", funding.owner.name, ref=identifier(funding.owner), type=owner_type)
    narrative(node, "title", funding.title)
    narrative(node, "description", funding.purpose or f"{funding.title} ({funding.agreement})")
    _organisation(node, "participating-org", funding.owner, role=ACCOUNTABLE)
    _organisation(node, "participating-org", funding.donor, role=FUNDING)
    etree.SubElement(node, "activity-status", code=IMPLEMENTATION)
    started = funding.committed_on or funding.created_at.date()
    etree.SubElement(node, "activity-date", type=ACTUAL_START, **{"iso-date": started.isoformat()})
    etree.SubElement(node, "sector", vocabulary="1", code=DEFAULT_SECTOR)
    funding_transactions(node, funding)
    return node


def fundings_xml(fundings) -> bytes:
    """The fundings among these that no activity carries, as an IATI activities document."""
    fundings = list(
        fundings.filter(activity__isnull=True)
        .select_related("owner", "donor", "agreement")
        .prefetch_related("transactions")
    )
    organizations = [o for f in fundings for o in (f.owner, f.donor)]
    return document([_funding_activity(funding) for funding in fundings], organizations)
