"""Working days in Viet Nam: Monday to Friday, less the public holidays (Tết by the lunar calendar, Giỗ Tổ
Hùng Vương, 30/4, 1/5, 2/9 and the days the government moves), from the `holidays` package's Vietnam calendar.
The deadlines of the rules on delegations are counted in these days."""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (before it when negative); 0 gives `start` itself."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` comes first."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
