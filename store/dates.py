"""Every date a human writes, turned into ``(start, end, precision)``.

A :class:`DateSpan` is two inclusive ISO days plus the precision of the start
(``'day'``, ``'month'`` or ``'year'``).  ``parse_date`` understands:

* ISO 8601 / EDTF on a regex fast path: ``2019``, ``602``, ``2019-12``,
  ``2019-12-19``, ``2019-12-19T14:00:00Z``, ``2019-12-19 14:00``, ``20200129``,
  ``2020/01/29``, intervals ``2019-12/2020-01``, uncertainty marks ``2019-12~``.
* Written dates on the same fast path, with a month-name table:
  ``19 December 2019``, ``December 19, 2019``, ``Dec. 2019``,
  ``the 29th of January 2020``, ``Wed, 29 Jan 2020 14:00``, ``29-01-2020`` and
  ``29/01/2020`` (always day first, as ACLED writes them).
* Words relative to a reference day, resolved by hand because dateparser gets
  them wrong (its "Wednesday" on a Wednesday is a week earlier, and it refuses
  "last December"): weekdays (the last one on or before the reference), month
  names (the latest such month not after the reference's), ``24 January`` /
  ``January 24`` without a year, ``yesterday``, ``today``, ``tomorrow``.
* ``since X`` (X .. the reference day), ranges ``X to Y``, ``X – Y``,
  ``between X and Y``, ``1914-1918``.
* Only a short whitelist of genuinely relative phrases goes to dateparser
  (``3 days ago``, ``in 2 weeks``, ``last month``, ``next Monday`` ...); the
  whitelist is what keeps dateparser from silently ignoring words
  ("3 days" alone, "today today", "last year and" all parse there).

Anything else raises :class:`DateError` - we never guess.  BCE is refused.

Speed (measured on the dev box, Python 3.11, a mix of ISO days, months, years,
``19 December 2019``, ``Dec 2019``, ``December 19, 2019``, ``29-01-2020`` and
``Wednesday``): about 160,000 parses/s with every cache bypassed,
about 3,400,000/s through ``parse_date`` when strings repeat (LRU cache).
A dateparser-path phrase costs ~0.4 ms the first time and is then cached.

This module is the door and the grammar that joins the forms (``since``, ranges, ``on``/``in``);
the forms live beside it: `date_span` (the span, tables, checks), `date_numeric` (the ISO fast
path), `date_words` (written and relative dates) and `date_display` (dates out).
"""

from __future__ import annotations

import datetime
import functools
import re

from frontline.store.date_display import bucket, format_long, format_short, record_date
from frontline.store.date_numeric import _ISO_RE, _numeric
from frontline.store.date_span import (
    _MONTHS,
    MONTH_ABBR,
    MONTH_NAMES,
    PRECISIONS,
    WEEKDAY_NAMES,
    DateError,
    DateSpan,
    _err,
    _year_span,
)
from frontline.store.date_words import _relative, _written

__all__ = [
    "MONTH_ABBR",
    "MONTH_NAMES",
    "PRECISIONS",
    "WEEKDAY_NAMES",
    "DateError",
    "DateSpan",
    "bucket",
    "format_long",
    "format_short",
    "parse_date",
    "parse_range",
    "record_date",
    "yearless",
]

_A = re.ASCII

_PREFIX_RE = re.compile(r"(?:on|in|from|by|during|circa|c\.|ca\.)\s+", _A)

# ranges
_INTERVAL_RE = re.compile(r"([^/\s]+)/([^/\s]+)", _A)
_YEAR_RANGE_RE = re.compile(r"([0-9]{3,4})\s*[-\u2013\u2014]\s*([0-9]{3,4})", _A)
_BETWEEN_RE = re.compile(r"between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", _A)
_RANGE_RE = re.compile(
    r"(?:from\s+)?(?P<a>.+?)"
    r"(?:\s+(?:to|until|till|through|thru)\s+|\s*[\u2013\u2014]\s*|\s+-\s+)(?P<b>.+)",
    _A,
)


def _normalize(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


# --------------------------------------------------------------------------
# the parser


def _single(s: str, text: str, ref: datetime.date) -> DateSpan:
    if s and (s[0].isdigit() or s[0] == "-"):
        span = _numeric(s, text)
        if span is not None:
            return span
    span = _written(s, text, ref)
    if span is not None:
        return span
    mt = _PREFIX_RE.match(s)
    if mt is not None:
        rest = s[mt.end() :]
        span = (_numeric(rest, text) if rest[:1].isdigit() else None) or _written(rest, text, ref)
        if span is not None:
            return span
    span = _relative(s, text, ref)
    if span is not None:
        return span
    raise _err(text)


def _join(text: str, a: DateSpan, b: DateSpan) -> DateSpan:
    if b.end < a.start:
        raise _err(text, "it ends before it starts")
    return DateSpan(a.start, b.end, a.precision)


def _parse(text: str, ref: datetime.date) -> DateSpan:
    s = _normalize(text)
    if not s:
        raise _err(text)

    if s.startswith("since "):
        span = _single(s[6:], text, ref)
        if span.start > ref.isoformat():
            raise _err(text, "'since' a day after the reference day")
        return DateSpan(span.start, ref.isoformat(), span.precision)

    mt = _INTERVAL_RE.fullmatch(s)
    if mt is not None and ".." in (mt[1], mt[2]):  # EDTF's open interval: one bound unknown
        which = ("start", "earliest", "2019-12/2020-01-28") if mt[1] == ".." else ("end", "latest", "2019-12/2020-01")
        raise _err(text, f"an open {which[0]} (..) has no {which[1]} day to store: give one, as in {which[2]}")
    if mt is not None and mt[1][:1].isdigit() and mt[2][:1].isdigit():
        a, b = _numeric(mt[1], text), _numeric(mt[2], text)
        if a is not None and b is not None:
            return _join(text, a, b)
    mt = _YEAR_RANGE_RE.fullmatch(s)
    if mt is not None and not _ISO_RE.fullmatch(s):
        return _join(text, _year_span(text, int(mt[1])), _year_span(text, int(mt[2])))
    mt = _BETWEEN_RE.fullmatch(s) or _RANGE_RE.fullmatch(s)
    if mt is not None:
        try:
            a, b = _single(mt["a"], text, ref), _single(mt["b"], text, ref)
        except DateError:
            pass  # maybe the separator was part of a single date; try it whole
        else:
            return _join(text, a, b)
    return _single(s, text, ref)


_parse_cached = functools.lru_cache(maxsize=16384)(_parse)


def _reference(reference: datetime.date | None) -> datetime.date:
    if reference is None:
        return datetime.date.today()
    if isinstance(reference, datetime.datetime):
        return reference.date()
    if isinstance(reference, datetime.date):
        return reference
    raise TypeError(f"reference must be a datetime.date, not {type(reference).__name__}")


def parse_date(text: str, reference: datetime.date | None = None) -> DateSpan:
    """Parse one human-written date (or range) into a :class:`DateSpan`.

    Relative words ("Wednesday", "in October", "since December") are resolved
    against ``reference`` (default: today).  Raises :class:`DateError` for
    anything that is not clearly a date.
    """
    if not isinstance(text, str):
        raise _err(text, "expected text")
    return _parse_cached(text, _reference(reference))


_YEAR_TOKEN_RE = re.compile(r"[0-9]{3,}", _A)
_WORD_RE = re.compile(r"[a-z]+", _A)


def yearless(text: str) -> str | None:
    """The month a date names without a year ('March', '29 March'), which `parse_date` takes as the latest
    one up to the reference day; None when it names a year, or no month. A query over years of events
    cannot mean "this year's March" by it, so the query language and the date options refuse it.
    "last March" says it is relative, as "Wednesday" and "yesterday" do: those are left alone."""
    s = _normalize(text)
    if _YEAR_TOKEN_RE.search(s):
        return None
    found = _WORD_RE.findall(s)
    if "last" in found:
        return None
    return next((word for word in found if word in _MONTHS), None)


def parse_range(start_text: str, end_text: str | None, reference: datetime.date | None = None) -> DateSpan:
    """The start of ``start_text`` to the end of ``end_text`` (or of ``start_text`` if none)."""
    a = parse_date(start_text, reference)
    if end_text is None or not isinstance(end_text, str) or not end_text.strip():
        if end_text is not None and not isinstance(end_text, str):
            raise _err(end_text, "expected text")
        return a
    b = parse_date(end_text, reference)
    if b.end < a.start:
        raise DateError(f"not a range: {end_text!r} is before {start_text!r}")
    return DateSpan(a.start, b.end, a.precision)
