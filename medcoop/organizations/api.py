"""/api/organizations/: the organizations' list declaration, the page's filter form, form and service."""

from ninja import Schema

from medcoop.core.records_api import Writes, record_router

from .forms import OrganizationFilterForm, OrganizationForm
from .lists import ORGANIZATIONS
from .models import Organization
from .services import likely_duplicates, save_organization


class OrganizationIn(Schema):
    version: str | None = None
    confirm_duplicates: bool = False  # save even though it likely repeats a recorded organization (else 409)
    name: str | None = None
    name_en: str | None = None
    aliases: list[str] | None = None
    kind: str | None = None
    country: str | None = None
    city: str | None = None
    website: str | None = None
    ror_id: str | None = None
    iati_org_id: str | None = None
    moh_facility_code: str | None = None
    tax_code: str | None = None
    notes: str | None = None


def _aliases_as_typed(data: dict) -> dict:
    """The API sends aliases as a list; the form reads them one a line."""
    aliases = data.get("aliases", "")
    return {**data, "aliases": "\n".join(aliases) if isinstance(aliases, list) else aliases}


def build_router():
    """The router, made from the declaration as it stands (a test adds a column and builds it again)."""
    return record_router(
        ORGANIZATIONS,
        tag="organizations",
        name="Organization",
        filter_form=OrganizationFilterForm,
        summary="Organizations the user may see, newest first",
        writes=Writes(
            form=OrganizationForm,
            schema=OrganizationIn,
            save=lambda user, form, rows, given: save_organization(user, form.instance),
            duplicates=lambda form, rows: likely_duplicates(form.instance),
            compared=frozenset({"name", "name_en", "aliases"}),  # an update changing these is checked again
            new=lambda model, user: Organization(owner=user.organization, is_member=False),
            prepare=_aliases_as_typed,
        ),
    )


router = build_router()
