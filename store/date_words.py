"""Dates in words: ``19 December 2019``, ``Dec. 2019``, ``Wed, 29 Jan 2020 14:00``, and the words relative
to a reference day (weekdays, bare month names, ``yesterday``), resolved here by hand because dateparser gets
them wrong. Only a short whitelist of genuinely relative phrases (``3 days ago``, ``last month``) goes to
dateparser, which would otherwise silently ignore words it does not know.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re

from frontline.store.date_span import (
    _MIN_YEAR,
    _MONTHS,
    _WEEKDAYS,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DateSpan,
    _check_time,
    _day,
    _day_span,
    _err,
    _month_span,
    _year_span,
)

_A = re.ASCII

_TIME = (
    r"(?:,?\s+(?:at\s+)?"
    r"(?:(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?(?:\s*(?P<ap>[ap])\.?m\.?)?"
    r"|(?P<H2>[0-9]{1,2})\s*(?P<ap2>[ap])\.?m\.?)"
    r"(?:\s*(?:z|utc|gmt|[+-][0-9]{2}:?[0-9]{2}))?)?"
)
_WD = r"(?:(?P<wd>(?!the\b)[a-z]+)\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DMY_WORD_RE = re.compile(
    rf"{_WD}(?:the\s+)?(?P<d>[0-9]{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m>[a-z]+)\.?"
    rf"(?:,?\s+(?P<y>[0-9]{{3,4}}))?{_TIME}",
    _A,
)
_MDY_WORD_RE = re.compile(
    rf"{_WD}(?P<m>[a-z]+)\.?\s+(?:the\s+)?(?P<d>[0-9]{{1,2}}){_ORD}"
    rf"(?:,?\s+(?P<y>[0-9]{{3,4}}))?{_TIME}",
    _A,
)
_MY_WORD_RE = re.compile(r"(?P<m>[a-z]+)\.?,?\s+(?:of\s+)?(?P<y>[0-9]{3,4})", _A)
_NAME_RE = re.compile(r"(?P<last>last\s+)?(?P<n>[a-z]+)\.?", _A)
_DAYWORD_RE = re.compile(
    r"(?:(?P<w>yesterday|today|tomorrow|now|tonight|last night)"
    r"|the day before yesterday|the day after tomorrow|this (?:morning|afternoon|evening))"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
    _A,
)

# the only phrases we hand to dateparser
_NUM = r"(?:[0-9]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year)s?"
_AMOUNT = rf"{_NUM}\s+{_UNIT}(?:,?\s+(?:and\s+)?{_NUM}\s+{_UNIT})*"
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_DATEPARSER_RE = re.compile(
    rf"{_AMOUNT}\s+ago|in\s+{_AMOUNT}"
    rf"|(?:last|next|this)\s+(?:week|month|year)"
    rf"|(?:next|this)\s+(?:{_WEEKDAY_ALT})",
    _A,
)


def _resolve_year(text: str, m: int, d: int, ref: datetime.date) -> datetime.date:
    """The latest ``d`` of month ``m`` on or before ``ref``."""
    if not 1 <= d <= 31 or not 1 <= m <= 12 or d > calendar.monthrange(2000, m)[1]:
        raise _err(text, f"{MONTH_NAMES[m - 1]} has no day {d}" if 1 <= m <= 12 else None)
    y = ref.year if (m, d) <= (ref.month, ref.day) else ref.year - 1
    while y >= _MIN_YEAR:  # only 29 February ever loops (at most 7 times)
        if d <= calendar.monthrange(y, m)[1]:
            return datetime.date(y, m, d)
        y -= 1
    raise _err(text, "before year 1")


def _check_weekday(text: str, wd: str | None, day: datetime.date) -> bool:
    """False if ``wd`` is not a weekday name; raises if it contradicts ``day``."""
    if wd is None:
        return True
    n = _WEEKDAYS.get(wd)
    if n is None:
        return False
    if n != day.weekday():
        raise _err(text, f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year} is a {WEEKDAY_NAMES[day.weekday()]}")
    return True


def _written(s: str, text: str, ref: datetime.date) -> DateSpan | None:
    """Written dates with month names and relative words; None if no form matches."""
    for rx in (_DMY_WORD_RE, _MDY_WORD_RE):
        mt = rx.fullmatch(s)
        if mt is None:
            continue
        m = _MONTHS.get(mt["m"])
        if m is None:
            continue
        d = int(mt["d"])
        _check_time(text, mt["H"] or mt["H2"], mt["M"], mt["S"])
        if (mt["ap"] or mt["ap2"]) and not 1 <= int(mt["H"] or mt["H2"]) <= 12:
            raise _err(text, "no such hour")
        day = _day(text, int(mt["y"]), m, d) if mt["y"] is not None else _resolve_year(text, m, d, ref)
        if not _check_weekday(text, mt["wd"], day):
            continue
        return _day_span(day)

    mt = _MY_WORD_RE.fullmatch(s)
    if mt is not None:
        m = _MONTHS.get(mt["m"])
        if m is not None:
            return _month_span(text, int(mt["y"]), m)

    mt = _NAME_RE.fullmatch(s)
    if mt is not None:
        name, last = mt["n"], mt["last"] is not None
        m = _MONTHS.get(name)
        if m is not None:
            # bare "October": the latest October not after the reference month;
            # "last October": strictly before the reference month.
            y = ref.year if (m < ref.month or (m == ref.month and not last)) else ref.year - 1
            return _month_span(text, y, m)
        w = _WEEKDAYS.get(name)
        if w is not None:
            back = (ref.weekday() - w) % 7
            if last and back == 0:
                back = 7
            return _relative_day(text, ref, -back)

    mt = _DAYWORD_RE.fullmatch(s)
    if mt is not None:
        word = mt["w"]
        if word in ("yesterday", "last night") or s.startswith("the day before"):
            return _relative_day(text, ref, -2 if word is None else -1)
        if word == "tomorrow" or s.startswith("the day after"):
            return _relative_day(text, ref, 2 if word is None else 1)
        return _day_span(ref)
    return None


def _relative_day(text: str, ref: datetime.date, days: int) -> DateSpan:
    try:
        return _day_span(ref + datetime.timedelta(days=days))
    except OverflowError:
        raise _err(text, "out of range") from None


# --------------------------------------------------------------------------
# dateparser, for the whitelisted relative phrases only

_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_TIME_AS_PERIOD": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
}


@functools.lru_cache(maxsize=32)
def _dateparser_for(ref: datetime.date):
    from dateparser.date import DateDataParser  # imported lazily: ~0.1 s

    base = datetime.datetime(ref.year, ref.month, ref.day)
    return DateDataParser(languages=["en"], settings={**_DATEPARSER_SETTINGS, "RELATIVE_BASE": base})


@functools.lru_cache(maxsize=4096)
def _dateparser_parse(s: str, ref: datetime.date) -> tuple[datetime.date, str] | None:
    try:
        data = _dateparser_for(ref).get_date_data(s)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _relative(s: str, text: str, ref: datetime.date) -> DateSpan | None:
    if not _DATEPARSER_RE.fullmatch(s):
        return None
    hit = _dateparser_parse(s, ref)
    if hit is None:
        raise _err(text)
    d, period = hit
    if d.year < _MIN_YEAR:
        raise _err(text, "dates before year 1 are not supported")
    if period == "year":
        return _year_span(text, d.year)
    if period == "month":
        return _month_span(text, d.year, d.month)
    if period == "quarter":
        q0 = (d.month - 1) // 3 * 3 + 1
        return DateSpan(_month_span(text, d.year, q0).start, _month_span(text, d.year, q0 + 2).end, "month")
    if period == "week":  # Monday..Sunday of that week
        monday = d - datetime.timedelta(days=d.weekday())
        try:
            sunday = monday + datetime.timedelta(days=6)
        except OverflowError:
            raise _err(text, "out of range") from None
        return DateSpan(monday.isoformat(), sunday.isoformat(), "day")
    return _day_span(d)  # day, time, part_of_day
