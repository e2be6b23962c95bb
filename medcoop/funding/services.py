"""Funding: saving one with its transactions and equipment as a whole, and the totals committed, disbursed and
spent per currency (money is never added across currencies) that the agreement, the activity, the dashboard and
the annual report show."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from medcoop.core.services import replace_rows, require_can_save, save_validated
from medcoop.exports.formatting import plain_number
from medcoop.organizations.models import Organization

from .models import COMMITTING, DISBURSING, SPENDING, Funding, FundingTransaction, ReceivedEquipment


@transaction.atomic
def save_funding(
    user, funding: Funding, *, transactions: list[dict] | None = None, equipment: list[dict] | None = None
) -> Funding:
    """Create or update a funding; `transactions` and `equipment` replace the existing rows when given (a row
    with the "pk" of an existing one updates it; see core.services.replace_rows). All or nothing: a bad row
    leaves nothing changed.

    When commitment transactions are recorded, they must add up to the amount committed: the commitment is
    said once, and its dated steps agree with it."""
    require_can_save(user, funding)
    save_validated(funding)
    if transactions is not None:
        replace_rows(
            "transactions", funding.transactions.all(), transactions, lambda: FundingTransaction(funding=funding)
        )
    if equipment is not None:
        replace_rows("equipment", funding.equipment.all(), equipment, lambda: ReceivedEquipment(funding=funding))
    committed = funding.transactions.filter(kind__in=COMMITTING).aggregate(total=Sum("amount"))["total"]
    if committed is not None and committed != funding.amount:
        raise ValidationError(
            {
                "transactions": _(
                    "The commitment transactions add up to %(sum)s %(currency)s, but the amount committed is "
                    "%(amount)s %(currency)s."
                )
                % {
                    "sum": plain_number(committed),
                    "amount": plain_number(funding.amount),
                    "currency": funding.currency,
                }
            }
        )
    return funding


@dataclass
class Totals:
    """What a set of fundings says in one currency."""

    currency: str
    committed: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    @property
    def overdisbursed(self) -> bool:
        """More came in than was committed: an amended commitment not yet recorded, or a typing error."""
        return self.disbursed > self.committed


def funding_totals(fundings, year: int | None = None) -> list[Totals]:
    """Committed, disbursed (incoming funds and disbursements) and spent (expenditure) per currency of a
    queryset of fundings, in two queries; currencies in alphabetical order. With a `year`, what was committed
    and what moved in that year."""
    return [totals for _donor, totals in _totals(fundings, year, by_donor=False)]


def totals_of_rows(fundings) -> list[Totals]:
    """`funding_totals` of fundings already read `with_flows()` (a page listing them): the same sums, added up
    from the rows instead of two more queries."""
    found: dict[str, Totals] = {}
    for funding in fundings:
        totals = found.setdefault(funding.currency, Totals(funding.currency))
        totals.committed += funding.amount
        totals.disbursed += funding.disbursed
        totals.spent += funding.spent
    return [found[currency] for currency in sorted(found, key=lambda currency: str((currency,)))]


def _totals(fundings, year: int | None, *, by_donor: bool) -> list[tuple[int | None, Totals]]:
    keys = ["donor", "currency"] if by_donor else ["currency"]
    committed = fundings.filter(committed_on__year=year) if year else fundings
    moves = FundingTransaction.objects.filter(funding__in=fundings.values("pk"), kind__in=[*DISBURSING, *SPENDING])
    if year:
        moves = moves.filter(date__year=year)
    found: dict[tuple, Totals] = {}

    def totals_of(key: tuple) -> Totals:
        return found.setdefault(key, Totals(key[-1]))

    for *key, total in committed.values_list(*keys).annotate(total=Sum("amount")).order_by():
        totals_of(tuple(key)).committed += total
    for *key, kind, total in (
        moves.values_list(*[f"funding__{k}" for k in keys], "kind").annotate(total=Sum("amount")).order_by()
    ):
        totals = totals_of(tuple(key))
        if kind in DISBURSING:
            totals.disbursed += total
        else:
            totals.spent += total
    return [(key[0] if by_donor else None, found[key]) for key in sorted(found, key=str)]


@dataclass
class DonorTotals:
    donor: object
    totals: Totals


def totals_by_donor(fundings, year: int | None = None) -> list[DonorTotals]:
    """The totals of each donor and currency (of a `year`, when given), the donors by name: the annual
    report's funding section."""
    rows = _totals(fundings, year, by_donor=True)
    donors = Organization.objects.in_bulk({donor for donor, _totals in rows})
    return sorted(
        (DonorTotals(donors[donor], totals) for donor, totals in rows),
        key=lambda row: (row.donor.name, row.totals.currency),  # type: ignore[attr-defined]
    )
