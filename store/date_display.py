"""Dates out: the record form of a start, the timeline's group key, and the short and long forms the
timeline and the detail pane show.
"""

from __future__ import annotations

import calendar
import datetime
import re

from frontline.store.date_span import MONTH_ABBR, MONTH_NAMES, PRECISIONS, WEEKDAY_NAMES, DateError, _err

_A = re.ASCII

_ISO_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", _A)


def _iso(value: str) -> datetime.date:
    if not isinstance(value, str) or not _ISO_DAY_RE.fullmatch(value):
        raise _err(value, "expected YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _err(value, "no such day") from None


def _check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise DateError(f"unknown precision: {precision!r} (expected day, month or year)")


def _implied_end(d: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return datetime.date(d.year, 12, 31)
    if precision == "month":
        return datetime.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


def _span_days(start: str, end: str) -> tuple[datetime.date, datetime.date]:
    s, e = _iso(start), _iso(end)
    if e < s:
        raise DateError(f"not a span: {end!r} is before {start!r}")
    return s, e


def _end_precision(end: datetime.date, precision: str) -> str:
    """How to show a span's end: as coarse as the start allows and the end fits."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if precision == "year" and month_end and end.month == 12:
        return "year"
    if precision in ("year", "month") and month_end:
        return "month"
    return "day"


def record_date(start: str, precision: str) -> str:
    """The record/export form of a start: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""
    _check_precision(precision)
    _iso(start)
    return start[:4] if precision == "year" else start[:7] if precision == "month" else start


def bucket(start: str, precision: str) -> str:
    """The timeline's group key: 'YYYY' for year precision, else 'YYYY-MM'."""
    _check_precision(precision)
    _iso(start)
    return start[:4] if precision == "year" else start[:7]


def _short(d: datetime.date, precision: str, with_year: bool = True) -> str:
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{MONTH_ABBR[d.month - 1]} {d.year}"
    return f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}" if with_year else f"{d.day} {MONTH_ABBR[d.month - 1]}"


def _long(d: datetime.date, precision: str) -> str:
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{MONTH_NAMES[d.month - 1]} {d.year}"
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def format_short(start: str, end: str, precision: str) -> str:
    """Timeline form: '2012', 'Dec 2019', '29 Jan 2020', 'Dec 2019 → 29 Jan 2020'."""
    _check_precision(precision)
    s, e = _span_days(start, end)
    if e == _implied_end(s, precision):
        return _short(s, precision)
    ep = _end_precision(e, precision)
    same_year_days = precision == "day" and ep == "day" and s.year == e.year
    return f"{_short(s, precision, with_year=not same_year_days)} \u2192 {_short(e, ep)}"


def format_long(start: str, end: str, precision: str) -> str:
    """Detail-pane form, e.g. 'December 2019 (month precision: 1–31 December 2019)'."""
    _check_precision(precision)
    s, e = _span_days(start, end)
    if e == _implied_end(s, precision):
        if precision == "day":
            return f"{_long(s, 'day')} (exact day)"
        if precision == "year":
            return f"{s.year} (year precision)"
        return f"{_long(s, 'month')} (month precision: {s.day}\u2013{e.day} {MONTH_NAMES[s.month - 1]} {s.year})"
    return f"{_long(s, precision)} to {_long(e, _end_precision(e, precision))} (a span)"
