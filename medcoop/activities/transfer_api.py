"""/api/techniques/: technique transfers through the same filter form, form, rules and services as the pages."""

from datetime import date

from ninja import Schema

from medcoop.core.records_api import Writes, add_steps, record_router

from . import services
from .forms import TransferFilterForm, TransferForm
from .lists import TRANSFERS
from .models import TechnologyTransfer

DATES = [f for f, _stage in TechnologyTransfer.MILESTONES] + list(TechnologyTransfer.PLANNED.values())


class TransferIn(Schema):
    technique: str | None = None
    specialty: str | None = None
    source: int | None = None
    experts: str | None = None
    agreement: int | None = None
    activity: int | None = None
    delegation: int | None = None
    taught_planned_on: date | None = None
    first_supervised_planned_on: date | None = None
    first_independent_planned_on: date | None = None
    mastered_planned_on: date | None = None
    taught_on: date | None = None
    first_supervised_on: date | None = None
    first_independent_on: date | None = None
    mastered_on: date | None = None
    independent_cases: int | None = None
    note: str | None = None
    version: str | None = None


class StepIn(Schema):
    on: date | None = None
    cases: int | None = None
    reason: str = ""


def _as_form_reads(data: dict) -> dict:
    """The form reads dd/mm/yyyy; the API speaks ISO dates."""
    return {k: v.strftime("%d/%m/%Y") if k in DATES and isinstance(v, date) else v for k, v in data.items()}


TransferOut = TRANSFERS.out_schema("TransferOut")
router = record_router(
    TRANSFERS,
    out=TransferOut,
    tag="techniques",
    name="Transfer",
    filter_form=TransferFilterForm,
    summary="Technique transfers the user may see (`mastered_year=2025` is the year's list of techniques newly "
    "mastered)",
    writes=Writes(
        form=TransferForm,
        schema=TransferIn,
        save=lambda user, form, rows, given: services.save_transfer(user, form.instance),
        may_create=lambda user: user.has_perm("activities.add_technologytransfer"),
        prepare=_as_form_reads,
    ),
)


STEPS = {
    "milestone": lambda user, t, p: services.record_milestone(user, t, p.on, cases=p.cases),
    "cases": lambda user, t, p: services.record_cases(user, t, p.cases),
    "stop": lambda user, t, p: services.stop_transfer(user, t, p.on, p.reason),
    "resume": lambda user, t, p: services.resume_transfer(user, t),
}


add_steps(
    router,
    STEPS,
    schema=StepIn,
    out=TransferOut,
    name="Transfer",
    summary="milestone (the next one, on a date), cases, stop, resume: the page's rules",
    visible=lambda user: TechnologyTransfer.objects.visible_to(user),
    answer=TRANSFERS.as_dict,
)
