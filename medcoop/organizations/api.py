from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import (
    DuplicatesOut,
    ErrorOut,
    duplicates_conflict,
    filtered,
    form_data,
    form_errors,
    keyset_page,
    lean,
    visible_or_404,
)
from medcoop.core.locking import save_at_version, version_of
from medcoop.core.permissions import writes_registry
from medcoop.core.values import ORGANIZATION_IDENTIFIERS

from .forms import OrganizationFilterForm, OrganizationForm
from .models import Organization
from .services import likely_duplicates, save_organization

COMPARED = {"name", "name_en", "aliases"}  # an update that changes these is checked for duplicates again

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str | None = None
    name_en: str | None = None
    aliases: list[str] | None = None
    kind: str | None = None
    country: str | None = None
    city: str | None = None
    is_member: bool | None = None
    owner_id: int | None = None
    website: str | None = None
    ror_id: str | None = None
    iati_org_id: str | None = None
    moh_facility_code: str | None = None
    tax_code: str | None = None
    updated_at: datetime | None = None
    version: str | None = None


class OrganizationPage(Schema):
    items: list[OrganizationOut]
    next: str | None = None


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


def as_dict(organization: Organization) -> dict:
    return {
        "id": organization.pk,
        "name": organization.name,
        "name_en": organization.name_en,
        "aliases": organization.aliases,
        "kind": organization.kind,
        "country": organization.country,
        "city": organization.city,
        "is_member": organization.is_member,
        "owner_id": organization.owner_id,
        "website": organization.website,
        **{name: getattr(organization, name) for name in ORGANIZATION_IDENTIFIERS},
        "updated_at": organization.updated_at,
        "version": version_of(organization),
    }


@router.get("", response=OrganizationPage, exclude_unset=True)
def list_organizations(
    request,
    q: str = "",
    country: str = "",
    kind: str = "",
    membership: str = "",
    after: str | None = None,
    limit: int = 50,
    fields: str | None = None,
):
    """Organizations the user may see, newest first; the filters of the list page."""
    rows, next_cursor = keyset_page(
        filtered(request, Organization.objects.visible_to(request.auth), OrganizationFilterForm), after, limit
    )
    return {"items": [lean(as_dict(o), fields) for o in rows], "next": next_cursor}


@router.get("/{pk}", response=OrganizationOut, exclude_unset=True)
def get_organization(request, pk: int, fields: str | None = None):
    return lean(as_dict(visible_or_404(Organization, request.auth, pk)), fields)


def _save(request, organization: Organization, payload: OrganizationIn):
    data = form_data(OrganizationForm, organization, payload.dict(exclude_unset=True, exclude={"confirm_duplicates"}))
    data["aliases"] = "\n".join(data["aliases"]) if isinstance(data.get("aliases"), list) else data.get("aliases", "")
    form = OrganizationForm(data, instance=organization, user=request.auth)
    if not form.is_valid():
        return Status(400, {"message": "The organization is not valid.", "errors": form_errors(form)})
    if not payload.confirm_duplicates and (organization.pk is None or COMPARED & set(form.changed_data)):
        if conflict := duplicates_conflict(likely_duplicates(form.instance)):
            return conflict
    return save_at_version(form.instance, payload.version, lambda: save_organization(request.auth, form.instance))


@router.post("", response={201: OrganizationOut, 400: ErrorOut, 409: DuplicatesOut})
def create_organization(request, payload: OrganizationIn):
    """A partner organization in the user's institution's registry (coordinators only)."""
    if not writes_registry(request.auth):
        raise Http404
    result = _save(request, Organization(owner=request.auth.organization, is_member=False), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(result))


@router.patch("/{pk}", response={200: OrganizationOut, 400: ErrorOut, 409: DuplicatesOut})
def update_organization(request, pk: int, payload: OrganizationIn):
    organization = Organization.objects.editable_by(request.auth).filter(pk=pk).first()
    if organization is None:
        raise Http404
    result = _save(request, organization, payload)
    return result if isinstance(result, Status) else Status(200, as_dict(result))
