from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import (
    ErrorOut,
    filtered,
    form_data,
    form_errors,
    keyset_page,
    lean,
    validation_errors,
    visible_or_404,
)
from medcoop.core.locking import save_at_version, version_of
from medcoop.core.permissions import writes_registry
from medcoop.core.values import decimal_string

from .forms import ActivityFilterForm, ActivityForm, FigureRowForm, PartnerRowForm
from .models import Activity
from .services import save_activity

router = Router(tags=["activities"])


class FigureIO(Schema):
    """A figure; its value is a decimal string ("13500000.00"), exact, never a float."""

    id: int | None = None
    metric: str
    value: Decimal
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    note: str | None = None


class PartnerIO(Schema):
    id: int | None = None
    organization: int
    role: str = "participant"


class ActivityOut(Schema):
    id: int
    title: str | None = None
    kind: str | None = None
    owner_id: int | None = None
    agreement_id: int | None = None
    start: str | None = None
    end: str | None = None
    status: str | None = None
    direction: str | None = None
    place: str | None = None
    country: str | None = None
    provenance: str | None = None
    partners: list[PartnerIO] | None = None
    figures: list[FigureIO] | None = None
    updated_at: date | None = None
    version: str | None = None


class ActivityPage(Schema):
    items: list[ActivityOut]
    next: str | None = None


class ActivityIn(Schema):
    kind: str | None = None
    title: str | None = None
    agreement: int | None = None
    start: str | None = None
    end: str | None = None
    status: str | None = None
    direction: str | None = None
    place: str | None = None
    country: str | None = None
    description: str | None = None
    specialties: list[str] | None = None
    partners: list[PartnerIO] | None = None
    figures: list[FigureIO] | None = None
    version: str | None = None


def as_dict(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "title": activity.title,
        "kind": activity.kind_id,
        "owner_id": activity.owner_id,
        "agreement_id": activity.agreement_id,
        "start": str(activity.start) if activity.start else None,
        "end": str(activity.end) if activity.end else None,
        "status": activity.status,
        "direction": activity.direction,
        "place": activity.place,
        "country": activity.country,
        "provenance": activity.provenance,
        "partners": [{"id": p.pk, "organization": p.organization_id, "role": p.role} for p in activity.partners.all()],
        "figures": [
            {
                "id": f.pk,
                "metric": f.metric_id,
                "value": decimal_string(f.value),
                "currency": f.currency or None,
                "period_start": f.period_start,
                "period_end": f.period_end,
                "note": f.note or None,
            }
            for f in activity.figures.all()
        ],
        "updated_at": activity.updated_at.date(),
        "version": version_of(activity),
    }


@router.get("", response=ActivityPage, exclude_unset=True)
def list_activities(
    request,
    q: str = "",
    kind: str = "",
    status: str = "",
    direction: str = "",
    country: str = "",
    specialty: str = "",
    partner: str = "",
    agreement: str = "",
    year: str = "",
    after: str | None = None,
    limit: int = 50,
    fields: str | None = None,
):
    """Activities with their partners and figures; the filters of the list page."""
    queryset = filtered(request, Activity.objects.visible_to(request.auth), ActivityFilterForm)
    rows, next_cursor = keyset_page(queryset.prefetch_related("partners", "figures"), after, limit)
    return {"items": [lean(as_dict(a), fields) for a in rows], "next": next_cursor}


@router.get("/{pk}", response=ActivityOut, exclude_unset=True)
def get_activity(request, pk: int, fields: str | None = None):
    return lean(as_dict(visible_or_404(Activity, request.auth, pk)), fields)


def _rows(form_class, items: list | None, user, prefix: str) -> tuple[list[dict], list[dict]]:
    """Nested rows checked by the same row forms as the page; errors named "figures[1].currency". A row's "id"
    names the existing row it updates, as on the page."""
    rows, errors = [], []
    for index, item in enumerate(items or []):
        given = item.dict()
        given["pk"] = given.pop("id", None)
        form = form_class({k: "" if v is None else v for k, v in given.items()}, user=user)
        if form.is_valid():
            rows.append({k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in PERIOD_FIELDS})
        errors += form_errors(form, f"{prefix}[{index}].")
    return rows, errors


PERIOD_FIELDS = ("period_start", "period_end", "note")


def _save(request, activity: Activity, payload: ActivityIn):
    given = payload.dict(exclude_unset=True)
    data = form_data(ActivityForm, activity, {k: v for k, v in given.items() if k not in ("partners", "figures")})
    form = ActivityForm(data, instance=activity, user=request.auth)
    partners, partner_errors = _rows(PartnerRowForm, payload.partners, request.auth, "partners")
    figures, figure_errors = _rows(FigureRowForm, payload.figures, request.auth, "figures")
    errors = (form_errors(form) if not form.is_valid() else []) + partner_errors + figure_errors
    if errors:
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    try:
        saved = save_at_version(
            form.instance,
            given.get("version"),
            lambda: save_activity(
                request.auth,
                form.instance,
                partners=partners if "partners" in given else None,
                figures=figures if "figures" in given else None,
                specialties=form.cleaned_data["specialties"] if "specialties" in given else None,
            ),
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))
    return saved


@router.post("", response={201: ActivityOut, 400: ErrorOut})
def create_activity(request, payload: ActivityIn):
    """An activity of the user's institution, with its partners and figures, validated as the form does."""
    if not writes_registry(request.auth):
        raise Http404
    result = _save(request, Activity(owner=request.auth.organization), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(result))


@router.patch("/{pk}", response={200: ActivityOut, 400: ErrorOut})
def update_activity(request, pk: int, payload: ActivityIn):
    activity = Activity.objects.editable_by(request.auth).filter(pk=pk).first()
    if activity is None:
        raise Http404
    result = _save(request, activity, payload)
    return result if isinstance(result, Status) else Status(200, as_dict(result))
