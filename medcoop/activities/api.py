"""/api/activities/: the activities' list declaration, the page's filter form, forms, duplicate check and service."""

from ninja import Schema

from medcoop.core.dates import PartialDate, Precision
from medcoop.core.listing import prefetch_rows
from medcoop.core.records_api import Writes, record_router

from .duplicates import likely_duplicates
from .forms import ActivityApiForm, ActivityFilterForm, FigureRowForm, PartnerRowForm
from .lists import ACTIVITIES, FigureIO, PartnerIO
from .models import ActivityPartner, Figure
from .services import save_activity


class ActivityIn(Schema):
    confirm_duplicates: bool = False  # save even though it likely repeats a recorded activity (else 409)
    kind: str | None = None
    title: str | None = None
    aliases: list[str] | None = None  # other titles (those of activities merged into it)
    agreement: int | None = None
    # a date as the API answers it ("2017-10-01" with its precision, "month"), or as people type it ("10/2017")
    start: str | None = None
    start_precision: Precision | None = None
    end: str | None = None
    end_precision: Precision | None = None
    status: str | None = None
    direction: str | None = None
    place: str | None = None
    country: str | None = None
    description: str | None = None
    specialties: list[str] | None = None
    partners: list[PartnerIO] | None = None
    figures: list[FigureIO] | None = None
    version: str | None = None


def _partial_dates(data: dict) -> dict:
    """A date sent with its precision is read to that precision ("2017-10-01", "month": October 2017), so an
    activity read and sent back keeps what is known of its dates; a date the form cannot read is left to it."""
    for name in ("start", "end"):
        precision = data.pop(f"{name}_precision", None)
        if precision and data.get(name):
            try:
                value = PartialDate.parse(str(data[name])).value
            except ValueError:
                continue
            data[name] = str(PartialDate(value, precision))  # as people write it: "10/2017"
    return data


def _duplicates(form, rows):
    """Likely duplicates among the activities with the same partners (those sent, else those recorded)."""
    activity = form.instance
    if activity.pk and rows["partners"] is None:
        partner_ids = set(activity.partners.values_list("organization_id", flat=True))
    else:
        partner_ids = {row["organization"].pk for row in rows["partners"] or [] if row.get("organization")}
    return likely_duplicates(activity, partner_ids, {s.pk for s in form.cleaned_data["specialties"]})


def _nested_changed(activity, rows) -> set[str]:
    """ "partners" when the partners sent are not those recorded (figures are no reason to ask again)."""
    sent = rows["partners"]
    if sent is None:
        return set()
    recorded = set(activity.partners.values_list("organization_id", flat=True))
    return {"partners"} if {row["organization"].pk for row in sent if row.get("organization")} != recorded else set()


def _save(user, form, rows, given):
    specialties = form.cleaned_data["specialties"] if "specialties" in given else None
    return save_activity(
        user, form.instance, partners=rows["partners"], figures=rows["figures"], specialties=specialties
    )


# What the API's answer never gives of an activity (ACTIVITIES' API fields), not read for it.
API_SKIPS = ("search_text", "description", "created_at", "source_url", "source_reference")

router = record_router(
    ACTIVITIES,
    tag="activities",
    name="Activity",
    filter_form=ActivityFilterForm,
    summary="Activities with their partners and figures",
    read=lambda queryset: queryset.defer(*API_SKIPS).prefetch_related(
        prefetch_rows("partners", ActivityPartner.objects.only("activity_id", "organization_id", "role")),
        prefetch_rows("figures", Figure.objects.defer("created_at", "updated_at", "unit")),
    ),
    writes=Writes(
        form=ActivityApiForm,
        schema=ActivityIn,
        save=_save,
        nested={"partners": (PartnerRowForm, ()), "figures": (FigureRowForm, ("period_start", "period_end", "note"))},
        duplicates=_duplicates,
        nested_changed=_nested_changed,
        prepare=_partial_dates,
        compared=frozenset({"title", "start", "end", "kind", "partners"}),  # an update changing these is checked
    ),
)
