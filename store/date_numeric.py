"""The fast path for numeric dates: ISO 8601 and EDTF (``2019``, ``2019-12``, ``2019-12-19T14:00Z``,
``2019-12~``), iCalendar's ``20200129``, ``2020/01/29``, and day-first ``29-01-2020`` as ACLED writes it.

Every pattern runs on lower-cased, whitespace-collapsed text (see `dates._normalize`).
"""

from __future__ import annotations

import re

from frontline.store.date_span import DateSpan, _check_time, _day, _day_span, _err, _month_span, _year_span

_A = re.ASCII

_ISO_RE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})"
    r"(?:-(?P<d>[0-9]{1,2})"
    r"(?:[t ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,][0-9]+)?)?"
    r"(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?"
    r"[~?%]?",
    _A,
)
_YEAR_RE = re.compile(r"(?P<y>[0-9]{3,4})[~?%]?", _A)
_ICAL_RE = re.compile(
    r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"
    r"(?:t(?P<H>[0-9]{2})(?P<M>[0-9]{2})(?P<S>[0-9]{2})?z?)?",
    _A,
)
_DMY_NUM_RE = re.compile(r"(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})", _A)
_YMD_SLASH_RE = re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})", _A)
_BCE_RE = re.compile(r"-[0-9]+.*|[0-9]+\s*(?:bc|bce|b\.c\.|b\.c\.e\.)", _A)


def _numeric(s: str, text: str) -> DateSpan | None:
    """ISO, EDTF, iCalendar and day-first numeric forms; None if no form matches."""
    mt = _YEAR_RE.fullmatch(s)
    if mt is not None:
        return _year_span(text, int(mt["y"]))
    mt = _ISO_RE.fullmatch(s)
    if mt is not None:
        y, m = int(mt["y"]), int(mt["m"])
        if mt["d"] is None:
            return _month_span(text, y, m)
        _check_time(text, mt["H"], mt["M"], mt["S"])
        return _day_span(_day(text, y, m, int(mt["d"])))
    mt = _ICAL_RE.fullmatch(s)
    if mt is not None:
        _check_time(text, mt["H"], mt["M"], mt["S"])
        return _day_span(_day(text, int(mt["y"]), int(mt["m"]), int(mt["d"])))
    mt = _DMY_NUM_RE.fullmatch(s)
    if mt is not None:
        d, m = int(mt["d"]), int(mt["m"])
        if m > 12 and d <= 12:
            raise _err(text, "numeric dates are read day first")
        return _day_span(_day(text, int(mt["y"]), m, d))
    mt = _YMD_SLASH_RE.fullmatch(s)
    if mt is not None:
        return _day_span(_day(text, int(mt["y"]), int(mt["m"]), int(mt["d"])))
    if _BCE_RE.fullmatch(s):
        raise _err(text, "dates before year 1 are not supported")
    return None
