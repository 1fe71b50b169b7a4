"""The pieces every date form shares: the span, the error, the month and weekday tables, and the
checked constructors of a day, a month and a year.

`frontline.store.dates` is the door; this module is its ground floor.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")


class DateError(ValueError):
    """A string that is not a date we can place on a timeline."""


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: str  # ISO 'YYYY-MM-DD', earliest possible day
    end: str  # ISO 'YYYY-MM-DD', latest possible day (inclusive)
    precision: str  # 'day' | 'month' | 'year' -- precision of the start


# --------------------------------------------------------------------------
# tables

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBR = tuple(m[:3] for m in MONTH_NAMES)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, 1):
    _MONTHS[_name.lower()] = _i
    _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS[_name.lower()] = _i
    _WEEKDAYS[_name[:3].lower()] = _i
_WEEKDAYS.update({"tues": 1, "tue": 1, "weds": 2, "thur": 3, "thurs": 3})

_MIN_YEAR = 1
_MAX_YEAR = 9999


# --------------------------------------------------------------------------
# errors and small helpers


def _err(text: object, why: str | None = None) -> DateError:
    shown = text if not isinstance(text, str) or len(text) <= 60 else text[:57] + "..."
    msg = f"not a date: {shown!r}"
    return DateError(f"{msg} ({why})" if why else msg)


def _day(text: str, y: int, m: int, d: int) -> datetime.date:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise _err(text, f"year {y} is out of range")
    if not 1 <= m <= 12:
        raise _err(text, f"there is no month {m}")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise _err(text, f"{MONTH_NAMES[m - 1]} {y} has {last} days")
    return datetime.date(y, m, d)


def _year_span(text: str, y: int) -> DateSpan:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise _err(text, f"year {y} is out of range")
    return DateSpan(f"{y:04d}-01-01", f"{y:04d}-12-31", "year")


def _month_span(text: str, y: int, m: int) -> DateSpan:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise _err(text, f"year {y} is out of range")
    if not 1 <= m <= 12:
        raise _err(text, f"there is no month {m}")
    last = calendar.monthrange(y, m)[1]
    return DateSpan(f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last:02d}", "month")


def _day_span(d: datetime.date) -> DateSpan:
    iso = d.isoformat()
    return DateSpan(iso, iso, "day")


def _check_time(text: str, hh: str | None, mm: str | None, ss: str | None) -> None:
    if hh is not None and int(hh) > 23:
        raise _err(text, "no such hour")
    if mm is not None and int(mm) > 59:
        raise _err(text, "no such minute")
    if ss is not None and int(ss) > 60:
        raise _err(text, "no such second")
