"""/api/funding/: the fundings' list declaration, the page's filter form, forms and service."""

from datetime import date
from decimal import Decimal

from ninja import Schema

from medcoop.core.listing import prefetch_rows
from medcoop.core.records_api import Writes, record_router

from .forms import EquipmentRowForm, FundingFilterForm, FundingForm, TransactionRowForm
from .lists import FUNDINGS, EquipmentIO, TransactionIO
from .services import save_funding


class FundingIn(Schema):
    title: str | None = None
    donor: int | None = None
    instrument: str | None = None
    flow_type: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    committed_on: date | None = None
    agreement: int | None = None
    activity: int | None = None
    reference: str | None = None
    purpose: str | None = None
    transactions: list[TransactionIO] | None = None
    equipment: list[EquipmentIO] | None = None
    version: str | None = None


CLEARABLE = ("description", "value", "handed_over_on")  # what a transaction or an item may have emptied

router = record_router(
    FUNDINGS,
    tag="funding",
    name="Funding",
    filter_form=FundingFilterForm,
    summary="Fundings with their transactions and equipment",
    read=lambda queryset: queryset.with_flows().prefetch_related(
        prefetch_rows("transactions"), prefetch_rows("equipment")
    ),
    writes=Writes(
        form=FundingForm,
        schema=FundingIn,
        save=lambda user, form, rows, given: save_funding(
            user, form.instance, transactions=rows["transactions"], equipment=rows["equipment"]
        ),
        nested={"transactions": (TransactionRowForm, CLEARABLE), "equipment": (EquipmentRowForm, CLEARABLE)},
    ),
)
