"""Reading one cell as the office writes it: dates as dd/mm/yyyy, Excel dates or ISO; countries by Vietnamese or
English name or code; numbers with Vietnamese separators. Each reader returns the value or raises CellError
with a message for the user."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from medcoop.core.countries import lookup_country
from medcoop.core.dates import PartialDate
from medcoop.core.text import nfc


class CellError(ValueError):
    pass


def text(value) -> str:
    return "" if value is None else nfc(str(value)).strip()


def required_text(value) -> str:
    result = text(value)
    if not result:
        raise CellError(_("This cell must be filled in."))
    return result


def day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        partial = PartialDate.parse(str(value).strip())
    except ValueError as error:
        raise CellError(_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": value}) from error
    return partial.value


def partial_date(value) -> PartialDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, (date, datetime)):
        return PartialDate(value.date() if isinstance(value, datetime) else value)
    try:
        return PartialDate.parse(str(value).strip())
    except ValueError as error:
        raise CellError(
            _("“%(value)s” is not a date: write dd/mm/yyyy, mm/yyyy or yyyy.") % {"value": value}
        ) from error


def country(value) -> str:
    code = lookup_country(text(value))
    if not code:
        raise CellError(_("Unknown country “%(value)s”.") % {"value": value})
    return code


def optional_country(value) -> str:
    return country(value) if text(value) else ""


def number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    raw = str(value).strip().replace(" ", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation as error:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from error


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
