"""Reading one cell as the office writes it. Each reader is `core.values`'s for its kind of value (dates as
dd/mm/yyyy, Excel dates or ISO; countries by Vietnamese or English name or code; numbers and money in
Vietnamese or English grouping) and returns the value or raises CellError with a message for the user."""

from decimal import Decimal

from django.utils.translation import gettext as _

from medcoop.core import values
from medcoop.core.text import nfc

CellError = values.ValueProblem


def text(value) -> str:
    return "" if value is None else nfc(str(value)).strip()


def required_text(value) -> str:
    result = text(value)
    if not result:
        raise CellError(_("This cell must be filled in."))
    return result


day = values.read_day
partial_date = values.read_partial_date
country = values.read_country


def optional_country(value) -> str:
    return country(value) if text(value) else ""


def number(value, locale: str | None = None) -> Decimal | None:
    """A number cell; `locale` ("vi"/"en") settles "1.500", else it is refused as ambiguous."""
    return values.optional_number(value, locale)


def money(value, locale: str | None = None) -> values.Money | None:
    """An amount cell, with its currency if written beside it ("300.000 VNĐ")."""
    return None if not text(value) else values.read_money(value, locale)


def currency(value) -> str:
    """A currency cell: an ISO 4217 code or what people write for it (VNĐ, đồng, Euro, €, $)."""
    if not text(value):
        return ""
    code = values.currency_code(text(value))
    if code is None:
        raise CellError(
            _("Unknown currency “%(value)s”: give a three-letter code such as VND, EUR or USD.") % {"value": value}
        )
    return code


LOCALE_AWARE = (number, money)


def choice(mapping: dict):
    """A reader for a coded column that accepts the code or its label (Vietnamese or English)."""
    folded = {}
    for code, labels in mapping.items():
        for label in (code, *labels):
            folded[" ".join(str(label).lower().split())] = code

    def read(value):
        key = " ".join(text(value).lower().split())
        if not key:
            return ""
        if key not in folded:
            raise CellError(
                _("“%(value)s” is not one of the allowed values (see the sheet of codes).") % {"value": value}
            )
        return folded[key]

    return read
