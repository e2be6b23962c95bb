"""The fundings' list, declared once: the page's table and sorting, the export and the API read it. Rows are
read `with_flows()` (disbursed, spent) and with their transactions and equipment for the API."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Schema

from medcoop.core.listing import Col, RecordList, related_rows, title_column
from medcoop.core.locking import version_of
from medcoop.core.templatetags.medcoop import num
from medcoop.core.values import decimal_string

from .models import Funding


class TransactionIO(Schema):
    """A transaction; `kind` is the IATI TransactionType code ("11", "3", "4"…), `amount` a decimal string."""

    id: int | None = None
    kind: str
    date: date
    amount: Decimal
    description: str | None = None


class EquipmentIO(Schema):
    id: int | None = None
    item: str
    quantity: int = 1
    value: Decimal | None = None
    handed_over_on: date | None = None


class TotalsOut(Schema):
    """What the funding says in its currency: committed, disbursed (incoming funds, disbursements), spent."""

    currency: str
    committed: Decimal
    disbursed: Decimal
    spent: Decimal


def _money(name: str):
    """A sum as the page shows it: the reader's separators, then the funding's currency."""
    return lambda f: f"{num(getattr(f, name))} {f.currency}"


def _transactions(f: Funding) -> list[dict]:
    return [
        {
            "id": t.pk,
            "kind": t.kind,
            "date": t.date,
            "amount": decimal_string(t.amount),
            "description": t.description or None,
        }
        for t in related_rows(f, "transactions")
    ]


def _equipment(f: Funding) -> list[dict]:
    return [
        {
            "id": e.pk,
            "item": e.item,
            "quantity": e.quantity,
            "value": decimal_string(e.value) if e.value is not None else None,
            "handed_over_on": e.handed_over_on,
        }
        for e in related_rows(f, "equipment")
    ]


CENTS = Decimal("0.01")


def _totals(f: Funding) -> dict:
    """The sums with their two decimals, as every amount is given (SQLite's SUM loses them: "13500000")."""
    return {
        "currency": f.currency,
        "committed": decimal_string(f.amount),
        "disbursed": decimal_string(Decimal(f.disbursed).quantize(CENTS)),  # type: ignore[attr-defined]  # with_flows()
        "spent": decimal_string(Decimal(f.spent).quantize(CENTS)),  # type: ignore[attr-defined]
    }


FUNDINGS = RecordList(
    Funding,
    [
        title_column("title", _("title")),
        Col("donor_id", _("donor"), show=lambda f: f.donor, type=int, sort="donor__name", sort_key="donor", page=True),
        Col("instrument", _("instrument"), show=lambda f: f.get_instrument_display(), page=True),
        Col("flow_type", _("flow type"), show=lambda f: f.get_flow_type_display()),
        Col(
            "amount",
            _("amount committed"),
            api=lambda f: decimal_string(f.amount),
            type=Decimal,
            sort="amount",
            page=True,
            html=_money("amount"),
            css="num",
        ),
        Col("currency", _("currency")),
        Col("committed_on", _("committed on"), type=date, sort="committed_on", sort_key="committed", page=True),
        Col("disbursed", _("disbursed"), api=False, page=True, html=_money("disbursed"), css="num"),
        Col("spent", _("spent"), api=False, page=True, html=_money("spent"), css="num"),
        Col("agreement_id", _("agreement"), show=lambda f: f.agreement or "", type=int),
        Col("activity_id", _("activity"), show=lambda f: f.activity or "", type=int),
        Col("owner_id", _("receiving institution"), show=lambda f: f.owner, type=int),
        Col("reference", _("donor's reference")),
        Col("purpose"),
        Col("transactions", api=_transactions, type=list[TransactionIO]),
        Col("equipment", api=_equipment, type=list[EquipmentIO]),
        Col("totals", api=_totals, type=TotalsOut),
        Col("version", api=version_of),
    ],
    default_sort="-committed",
    page_order=("title", "donor_id", "instrument", "amount", "disbursed", "spent", "committed_on"),
)
