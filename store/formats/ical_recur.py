"""Repeating iCalendar events (RRULE, RDATE, EXDATE) and their overrides (RECURRENCE-ID).

A repeating VEVENT becomes one event per occurrence, within a bound: the rule's own UNTIL or COUNT
(at most `MAX_OCCURRENCES`), else, for a rule that never ends, its first `ENDLESS_OCCURRENCES`.
Each occurrence keeps the VEVENT's length and everything else it says; its id is the UID, a slash,
and its start (`uid/20200629T140000Z` in UTC for a zoned time, `uid/20200629` for a whole day), and
its `extra` names the series (`series`, `rrule`, and `series_cut` when the bound cut it short).

A VEVENT with a RECURRENCE-ID (same UID, as Google Calendar writes a moved or edited occurrence)
replaces the occurrence it names, under that occurrence's id; a cancelled one (`STATUS:CANCELLED`)
removes it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

import icalendar
from dateutil import rrule

from frontline.store.record import RecordError

MAX_OCCURRENCES = 1000
ENDLESS_OCCURRENCES = 52
_UNTIL = re.compile(r"UNTIL=([0-9]{8})(T[0-9]{6})?(Z)?", re.I)


def key(moment: dt.date) -> str:
    """An occurrence's start as it appears in its id."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None and moment.utcoffset() is not None:
            return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return moment.strftime("%Y%m%dT%H%M%S")
    return moment.strftime("%Y%m%d")


def _decoded(event: icalendar.Component, name: str) -> Any:
    value = event.decoded(name)
    return value.dt if hasattr(value, "dt") else value


def _dates_of(event: icalendar.Component, name: str) -> list[dt.date]:
    """The dates of EXDATE or RDATE (one property or several, each a list)."""
    props = event.get(name)
    if props is None:
        return []
    found = []
    for prop in props if isinstance(props, list) else [props]:
        for value in getattr(prop, "dts", []):
            moment = value.dt
            if isinstance(moment, dt.date):
                found.append(moment)
    return found


def _ical_text(prop: Any) -> str:
    """A property as the file would write it (icalendar gives bytes, or text for some types)."""
    raw = prop.to_ical()
    return raw.decode() if isinstance(raw, bytes) else raw


def _as_datetime(moment: dt.date) -> dt.datetime:
    return moment if isinstance(moment, dt.datetime) else dt.datetime(moment.year, moment.month, moment.day)


def _rule_text(event: icalendar.Component, start: dt.date) -> str:
    """The RRULE as dateutil reads it: UNTIL made as zoned (or as floating) as DTSTART, which RFC 5545
    asks for and calendar programs do not always write."""
    text = _ical_text(event["RRULE"])
    aware = isinstance(start, dt.datetime) and start.tzinfo is not None

    def fix(match: re.Match) -> str:
        return f"UNTIL={match[1]}{match[2] or 'T235959'}{'Z' if aware else ''}"

    return _UNTIL.sub(fix, text)


def occurrences(event: icalendar.Component) -> tuple[list[dt.date], str, bool]:
    """The starts of a repeating VEVENT, the rule as written, and whether the bound cut the series short."""
    start = _decoded(event, "DTSTART")
    text = _rule_text(event, start)
    bounded = bool(re.search(r"(?:^|;)(?:UNTIL|COUNT)=", text, re.I))
    try:
        rules = rrule.rruleset()
        rule = rrule.rrulestr(text, dtstart=_as_datetime(start), ignoretz=False)
        if not isinstance(rule, rrule.rrule):
            raise ValueError("more than one rule")
        rules.rrule(rule)
        for extra in _dates_of(event, "RDATE"):
            rules.rdate(_as_datetime(extra))
        for gone in _dates_of(event, "EXDATE"):
            rules.exdate(_as_datetime(gone))
        limit = MAX_OCCURRENCES if bounded else ENDLESS_OCCURRENCES
        starts = list(itertools.islice(iter(rules), limit + 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecordError("RRULE", f"not a rule this reader can follow ({str(exc)[:80]})") from None
    cut = len(starts) > limit or not bounded
    starts = starts[:limit]
    if not isinstance(start, dt.datetime):
        return [s.date() for s in starts], _ical_text(event["RRULE"]), cut
    moments: list[dt.date] = list(starts)
    return moments, _ical_text(event["RRULE"]), cut


def occurrence(event: icalendar.Component, start: dt.date) -> icalendar.Event:
    """A copy of a repeating VEVENT moved to one of its starts, its length kept, its rule dropped."""
    first = _decoded(event, "DTSTART")
    copy = icalendar.Event()
    for name, value in event.items():
        if name not in ("RRULE", "RDATE", "EXDATE", "DTSTART", "DTEND"):
            copy[name] = value
    params = dict(getattr(event.get("DTSTART"), "params", {}))
    copy.add("DTSTART", start, parameters={k: v for k, v in params.items() if k == "TZID"})
    if "DTEND" in event:
        end = _decoded(event, "DTEND")
        end_params = dict(getattr(event.get("DTEND"), "params", {}))
        moved = start + (end - first) if isinstance(start, dt.datetime) == isinstance(end, dt.datetime) else end
        copy.add("DTEND", moved, parameters={k: v for k, v in end_params.items() if k == "TZID"})
    return copy


def expand(
    pairs: list[tuple[Any, icalendar.Component]],
) -> Iterator[tuple[Any, icalendar.Component, str | None, dict]]:
    """Every VEVENT to load as `(where, event, id or None, extra)`: repeating ones as their occurrences,
    overrides in place of the occurrence they name. Raises `RecordError` with `where` in `.where`."""
    overrides: dict[tuple[str, str], tuple[Any, icalendar.Component]] = {}
    for where, event in pairs:
        if "RECURRENCE-ID" in event and "UID" in event:
            try:
                moment = _decoded(event, "RECURRENCE-ID")
            except (ValueError, TypeError) as exc:
                raise _at(where, RecordError("RECURRENCE-ID", f"not a date: {str(exc)[:40]}")) from None
            overrides[(str(event["UID"]), key(moment))] = (where, event)
    series = {str(e["UID"]) for _, e in pairs if "RRULE" in e and "UID" in e and "RECURRENCE-ID" not in e}
    for where, event in pairs:
        uid = str(event["UID"]) if "UID" in event else None
        if "RECURRENCE-ID" in event and uid is not None:
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            moved = {"series": uid} if uid in series else {}
            yield where, event, f"{uid}/{key(_decoded(event, 'RECURRENCE-ID'))}", moved
            continue
        if "RRULE" not in event or "DTSTART" not in event:
            yield where, event, None, {}
            continue
        try:
            starts, rule, cut = occurrences(event)
        except RecordError as exc:
            raise _at(where, exc) from None
        extra: dict[str, Any] = {"series": uid, "rrule": rule} if uid else {"rrule": rule}
        if cut:
            extra["series_cut"] = f"first {len(starts)} occurrences"
        for start in starts:
            ident = f"{uid}/{key(start)}" if uid else None
            if uid is not None and (uid, key(start)) in overrides:
                continue
            yield where, occurrence(event, start), ident, extra


def _at(where: Any, exc: RecordError) -> RecordError:
    exc.where = where
    return exc
