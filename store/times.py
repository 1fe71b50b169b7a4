"""The time of day: events known to the minute (or second), beside `store.dates`, which knows days.

Design: an event with a time has precision ``'time'``. Its days stay where they always were
(`date_start` and `date_end`, ISO days, as written in the source's own time zone), so every
day-level index, bucket, filter and span keeps working; the times ride in two columns beside them,
`time_start` and `time_end`: ``HH:MM``, with ``:SS`` where the source gives seconds, ``.fff`` where
it gives fractions, and the UTC offset (``Z`` or ``+01:00``) where it gives one. The timeline sorts
a day's events by `time_start` (events known only to the day first).

The record form joins them: ``2020-06-29T15:00+01:00`` as `date`, ``2020-06-29T16:00+01:00`` as
`end_date`, ``time`` as `precision`. A precision written as ``minute`` or ``second`` is read as
``time`` (the written form says which).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from frontline.store.dates import DateError, format_long, format_short, record_date

TIME = "time"
PRECISIONS = ("time", "day", "month", "year")  # finest first
TIME_WORDS = {"time": TIME, "minute": TIME, "second": TIME, "hour": TIME}

_A = re.ASCII
_OFFSET = r"(?P<z>[zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)"
_CLOCK = r"(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<F>[0-9]{1,6}))?)?"
_DATETIME_RE = re.compile(rf"\s*(?P<day>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})[tT ]\s*{_CLOCK}\s*{_OFFSET}?\s*", _A)
_TIME_RE = re.compile(rf"\s*{_CLOCK}\s*(?:(?P<ap>[aApP])\.?[mM]\.?)?\s*{_OFFSET}?\s*", _A)
WRITTEN_MAX = 80  # the longest written date and time looked at: "Wednesday, 29 January 2020, at 2:30 pm +03:00"
# A written date with a time after it: '29 Jan 2020 14:30', 'January 29, 2020, 2:30 pm', '29/01/2020 at 14:30'.
_WRITTEN_RE = re.compile(
    rf"\s*(?P<day>[^:]*?[0-9][^:]*?)[\s,]+(?:at\s+)?{_CLOCK}\s*(?:(?P<ap>[aApP])\.?[mM]\.?)?\s*{_OFFSET}?\s*", _A
)


def day_precision(precision: str) -> str:
    """The precision `store.dates` knows: a timed event is placed on its day."""
    return "day" if precision == TIME else precision


def _offset(text: str | None) -> str:
    if not text:
        return ""
    if text in ("z", "Z"):
        return "Z"
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 18 or minutes > 59:
        raise DateError(f"not a UTC offset: {text!r}")
    return f"{text[0]}{hours:02d}:{minutes:02d}"


def _clock(text: str, hour: str, minute: str, second: str | None, fraction: str | None, half: str | None) -> str:
    h, m = int(hour), int(minute)
    if half:
        if not 1 <= h <= 12:
            raise DateError(f"not a time: {text.strip()[:40]!r} (no such hour)")
        h = h % 12 + (12 if half.lower() == "p" else 0)
    if h > 23:
        raise DateError(f"not a time: {text.strip()[:40]!r} (no such hour)")
    if m > 59:
        raise DateError(f"not a time: {text.strip()[:40]!r} (no such minute)")
    form = f"{h:02d}:{m:02d}"
    if second is not None:
        if int(second) > 59:
            raise DateError(f"not a time: {text.strip()[:40]!r} (no such second)")
        form += f":{second}"
        if fraction:
            form += f".{fraction}"
    return form


def split(text: str) -> tuple[str, str | None]:
    """``'2020-01-29T15:00+01:00'`` -> ``('2020-01-29', '15:00+01:00')``, ``'29 Jan 2020 14:30'`` ->
    ``('29 Jan 2020', '14:30')``; a date without a time -> ``(text, None)``."""
    match = _DATETIME_RE.fullmatch(text)
    if match is not None:
        clock = _clock(text, match["H"], match["M"], match["S"], match["F"], None)
        return match["day"], clock + _offset(match["z"])
    if ":" not in text or len(text) > WRITTEN_MAX:
        return text, None  # no time; and a long cell is no date with a time (the pattern is quadratic in it)
    match = _WRITTEN_RE.fullmatch(text)
    if match is None:
        return text, None
    clock = _clock(text, match["H"], match["M"], match["S"], match["F"], match["ap"])
    return match["day"].strip(), clock + _offset(match["z"])


def parse_time(text: str) -> str:
    """A time of day as a person writes it ('15:00', '3:05 pm', '15:00:30Z') in its stored form."""
    match = _TIME_RE.fullmatch(text)
    if match is None:
        raise DateError(f"not a time: {text.strip()[:40]!r} (expected a time like 14:30)")
    return _clock(text, match["H"], match["M"], match["S"], match["F"], match["ap"]) + _offset(match["z"])


def clock_of(time: str) -> tuple[str, str]:
    """A stored time split into its clock and its offset: '15:00+01:00' -> ('15:00', '+01:00')."""
    for i, char in enumerate(time):
        if char in "Z+-":
            return time[:i], time[i:]
    return time, ""


def instant(day: str, time: str) -> dt.datetime:
    """The moment a stored day and time name (naive when the time has no offset)."""
    clock, offset = clock_of(time)
    text = f"{day}T{clock}{'+00:00' if offset == 'Z' else offset}"
    return dt.datetime.fromisoformat(text)


def ends_before(start_day: str, start_time: str | None, end_day: str, end_time: str | None) -> bool:
    """Does a span end before it starts? Times are compared only when both are given (and as moments
    when both have an offset)."""
    if end_day != start_day or start_time is None or end_time is None:
        return end_day < start_day
    a, b = instant(start_day, start_time), instant(end_day, end_time)
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return b < a


def when(day: str, precision: str, time: str | None) -> str:
    """The record form of a start: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM[:SS][offset]'."""
    if precision == TIME:
        if time is None:
            raise DateError(f"time precision without a time on {day}")
        return f"{record_date(day, 'day')}T{time}"
    return record_date(day, precision)


def end_when(end_day: str, end_time: str | None, implied_end: str) -> str | None:
    """The record form of an end, None when the start implies it."""
    if end_time is not None:
        return f"{end_day}T{end_time}"
    return None if end_day == implied_end else end_day


def _zone(offset: str) -> str:
    return " UTC" if offset == "Z" else f" UTC{offset}" if offset else ""


def _clock_shown(time: str) -> str:
    """'15:00:30.250+01:00' -> '15:00:30 UTC+01:00' (fractions of a second are kept, not shown)."""
    clock, offset = clock_of(time)
    return clock.split(".")[0] + _zone(offset)


def _long_day(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{calendar.day_name[day.weekday()]} {day.day} {calendar.month_name[day.month]} {day.year}"


def format_when_short(
    start: str, end: str, precision: str, time_start: str | None = None, time_end: str | None = None
) -> str:
    """Timeline form: '29 Jan 2020 15:00' (the clock without seconds or offset), else `store.dates.format_short`."""
    text = format_short(start, end, day_precision(precision))
    if time_start is not None:
        clock = clock_of(time_start)[0][:5]
        text = f"{text} {clock}" if start == end else text.replace(" \u2192 ", f" {clock} \u2192 ", 1)
    return text


def format_when_long(
    start: str, end: str, precision: str, time_start: str | None = None, time_end: str | None = None
) -> str:
    """Detail form: 'Monday 29 June 2020, 15:00–16:00 UTC+01:00', else `store.dates.format_long`."""
    if time_start is None and time_end is None:
        return format_long(start, end, day_precision(precision))
    first = _long_day(start) + (f", {_clock_shown(time_start)}" if time_start else "")
    if end == start:
        if time_start is None or time_end is None:
            return first if time_start else f"{first}, until {_clock_shown(time_end or '')}"
        (c0, o0), (c1, o1) = clock_of(time_start), clock_of(time_end)
        if o0 == o1:
            return f"{_long_day(start)}, {c0.split('.')[0]}\u2013{c1.split('.')[0]}{_zone(o0)}"
        return f"{first}\u2013{_clock_shown(time_end)}"
    last = _long_day(end) + (f", {_clock_shown(time_end)}" if time_end else "")
    return f"{first} to {last} (a span)"
