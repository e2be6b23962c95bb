"""Partial dates: an activity may be known only to the year ("2017") or month ("10/2017").

A partial date is stored as the first day of its period plus a precision, so it sorts and filters as a date
and prints as the reader wrote it.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_PATTERNS = [
    (re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"), Precision.DAY),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"), Precision.DAY),
    (re.compile(r"^(?P<m>\d{1,2})[/.-](?P<y>\d{4})$"), Precision.MONTH),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"), Precision.MONTH),
    (re.compile(r"^(?P<y>\d{4})$"), Precision.YEAR),
]


class NoSuchDate(ValueError):
    """Written the right way, but the calendar has no such day (31/02/2025)."""


@dataclass(frozen=True)
class PartialDate:
    value: date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read dd/mm/yyyy, mm/yyyy, yyyy or their ISO forms; ValueError with the reason otherwise."""
        text = text.strip()
        for pattern, precision in _PATTERNS:
            match = pattern.match(text)
            if match:
                parts = match.groupdict()
                try:
                    value = date(int(parts["y"]), int(parts.get("m") or 1), int(parts.get("d") or 1))
                except ValueError as exc:
                    raise NoSuchDate(f"'{text}' is not a valid date: {exc}") from exc
                return cls(value, precision)
        raise ValueError(f"'{text}' is not a date (dd/mm/yyyy, mm/yyyy or yyyy)")

    @property
    def last_day(self) -> date:
        """The last day of the period, so 'until 2019' includes all of 2019."""
        if self.precision == Precision.YEAR:
            return date(self.value.year, 12, 31)
        if self.precision == Precision.MONTH:
            following = date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return self.value

    def __str__(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.value.year}"
        if self.precision == Precision.MONTH:
            return f"{self.value.month:02d}/{self.value.year}"
        return self.value.strftime("%d/%m/%Y")
