"""iCalendar (RFC 5545) files, parsed by the `icalendar` package; every VEVENT is an event.

- Ids: `UID` (else the stable hash of date, title and place).
- Dates: an all-day `DTSTART;VALUE=DATE` with an exclusive `DTEND` (or a `DURATION`) is a span of
  days; a timed event is placed on the days written in the file (its own time zone), its times kept
  in `extra` (`dtstart`, `dtend`). `X-FRONTLINE-PRECISION` (month or year, written by our exporter)
  restores the precision; without it an event has day precision.
- `SUMMARY` title, `DESCRIPTION` summary, `LOCATION` place (else the X-TITLE of Apple's structured
  location), `GEO` coordinates, `CATEGORIES` category (more than one: the others in `extra`), `URL`
  the source. `X-FRONTLINE-RECORD` (JSON, written by our exporter) holds the fields iCalendar has no
  property for, and overrides the others on import.

`icalendar` is lenient and does not count lines, so the file is first checked here line by line:
every content line well formed and every BEGIN closed, which also gives each property its line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from frontline.store.formats.common import short_title, to_item
from frontline.store.formats.ical_recur import expand
from frontline.store.readers import Context, Item, LoadError, read_text
from frontline.store.record import RECORD_KEYS, RecordError

PRECISION = "X-FRONTLINE-PRECISION"
APPLE_LOCATION = "X-APPLE-STRUCTURED-LOCATION"
_GEO_URI = re.compile(r"geo:\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*,\s*([-+]?[0-9]+(?:\.[0-9]+)?)", re.I)
RECORD = "X-FRONTLINE-RECORD"
NAMES = {"id": "UID", "date": "DTSTART", "end_date": "DTEND", "precision": PRECISION, "title": "SUMMARY",
         "summary": "DESCRIPTION", "place": "LOCATION", "lat": "GEO", "lon": "GEO", "category": "CATEGORIES",
         "sources": "URL"}  # fmt: skip
_CONTENT = re.compile(r'[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:')
_ALL_NAMES = {key: NAMES.get(key, RECORD) for key in RECORD_KEYS}
_DAY = dt.timedelta(days=1)
_EXPECTED = {"DTSTART": "a date or a date-time", "DTEND": "a date or a date-time", "DURATION": "a duration like P3D",
             "GEO": "latitude;longitude"}  # fmt: skip


class _Where:
    """The lines of one VEVENT: where it begins and where each of its properties is."""

    def __init__(self, line: int):
        self.line = line
        self.props: dict[str, int] = {}

    def of(self, name: str) -> int:
        return self.props.get(name.upper(), self.line)


def scan(ctx: Context, text: str) -> list[_Where]:
    """Check content lines and BEGIN/END nesting; the VEVENTs directly inside a VCALENDAR, in order."""
    stack: list[tuple[str, int]] = []
    events: list[_Where] = []
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        elif line.strip():
            logical.append((number, line))
    if not logical or logical[0][1].strip().upper() != "BEGIN:VCALENDAR":
        first = logical[0][0] if logical else None
        raise LoadError(ctx.path, "not an iCalendar file (it must begin with BEGIN:VCALENDAR)", first)
    for number, line in logical:
        if not _CONTENT.match(line):
            raise LoadError(ctx.path, f"not an iCalendar content line: {line[:40]!r}", number)
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN":
            if not stack and value.strip().upper() != "VCALENDAR":
                raise LoadError(ctx.path, "outside any VCALENDAR", number, f"BEGIN:{value.strip()[:20]}")
            outer = next((n for kind, n in stack if kind == "VEVENT"), None)
            if outer is not None and value.strip().upper() == "VEVENT":
                message = f"a VEVENT inside the VEVENT of line {outer}: events do not nest; end one before the next"
                raise LoadError(ctx.path, message, number, "BEGIN:VEVENT")
            stack.append((value.strip().upper(), number))
            if stack[-1][0] == "VEVENT" and len(stack) == 2 and stack[0][0] == "VCALENDAR":
                events.append(_Where(number))
        elif name == "END":
            closing = value.strip().upper()
            if not stack or stack[-1][0] != closing:
                opened = f"BEGIN:{stack[-1][0]} on line {stack[-1][1]}" if stack else "nothing"
                raise LoadError(ctx.path, f"END:{closing[:20]} does not close {opened}", number)
            stack.pop()
        elif not stack:
            raise LoadError(ctx.path, "a property outside any VCALENDAR", number, name[:40])
        elif len(stack) == 2 and stack[-1][0] == "VEVENT":
            events[-1].props.setdefault(name, number)
    if stack:
        name, number = stack[-1]
        raise LoadError(ctx.path, f"BEGIN:{name} never ends: the file is truncated", number)
    return events


def _when(value: Any) -> dt.date | dt.datetime:
    return value.dt if hasattr(value, "dt") else value


def clock(moment: dt.datetime) -> str:
    """A date-time's time of day in the stored form: 'HH:MM' (':SS' when not zero), then its UTC offset
    ('Z' for UTC, none for a floating time)."""
    form = moment.strftime("%H:%M") + (f":{moment.second:02d}" if moment.second else "")
    offset = moment.utcoffset()
    if offset is None:
        return form
    if offset == dt.timedelta(0) and moment.tzname() == "UTC":
        return form + "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{form}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def tzid_of(event: icalendar.Component, name: str = "DTSTART") -> str | None:
    """The time zone a date-time is written in, by its IANA name where Outlook writes Windows's
    ('GMT Standard Time' is Europe/London), so that an export names a zone every program knows."""
    prop = event.get(name)
    tzid = getattr(prop, "params", {}).get("TZID") if prop is not None else None
    if not tzid:
        return None
    return WINDOWS_TO_OLSON.get(str(tzid), str(tzid))


def _dates(event: icalendar.Component) -> tuple[dt.date, dt.date, dict[str, str]]:
    """First and last day (inclusive) and, for a timed event, its times (`time_start`, `time_end`, `tzid`)."""
    if "DTSTART" not in event:
        raise RecordError("DTSTART", "missing DTSTART")
    start = _when(event.decoded("DTSTART"))
    if not isinstance(start, dt.date):
        raise RecordError("DTSTART", f"not a date: {str(start)[:40]!r}")
    timed = isinstance(start, dt.datetime)
    times: dict[str, str] = {}
    if isinstance(start, dt.datetime):
        times["time_start"] = clock(start)
        if tzid_of(event) and str(start.tzinfo) != "UTC":
            times["tzid"] = tzid_of(event) or ""
    first = start.date() if isinstance(start, dt.datetime) else start
    if "DTEND" in event:
        end = _when(event.decoded("DTEND"))
        if not isinstance(end, dt.date):
            raise RecordError("DTEND", f"not a date: {str(end)[:40]!r}")
        field = "DTEND"
    elif "DURATION" in event:
        length = _when(event.decoded("DURATION"))
        if not isinstance(length, dt.timedelta):
            raise RecordError("DURATION", f"not a duration: {str(length)[:40]!r}")
        end, field = start + length, "DURATION"
    else:
        return first, first, times
    if isinstance(end, dt.datetime):
        if isinstance(start, dt.datetime) and (end.tzinfo is None) == (start.tzinfo is None) and end < start:
            raise RecordError(field, f"ends ({end.isoformat()}) before it starts ({start.isoformat()})")
        if timed:
            times["time_end"] = clock(end)
            last = end.date()
        else:
            last = end.date() - _DAY if end.time() == dt.time(0) and end.date() > first else end.date()
    else:
        last = end - _DAY if end > first else end  # DTEND is exclusive; DTEND = DTSTART is read as one day
    if last < first:
        raise RecordError(field, f"ends ({last}) before it starts ({first})")
    return first, last, times


def _form(first: dt.date, last: dt.date, precision: str) -> str:
    iso = first.isoformat()
    if precision in ("day", "time"):
        return iso
    if precision == "month" and first.day != 1:
        raise RecordError(PRECISION, f"month precision, but DTSTART ({iso}) is not the first of a month")
    if precision == "year" and (first.month, first.day) != (1, 1):
        raise RecordError(PRECISION, f"year precision, but DTSTART ({iso}) is not the first of January")
    return iso[:4] if precision == "year" else iso[:7]


def _record_json(event: icalendar.Component) -> dict[str, Any]:
    raw = str(event.get(RECORD))
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
        try:
            value = json.loads(unescaped)
        except (ValueError, RecursionError) as exc:  # ValueError: also an integer of more than 4,300 digits
            raise RecordError(
                RECORD, f"malformed JSON ({getattr(exc, 'msg', 'a number too long, or too deep')})"
            ) from None
    if not isinstance(value, dict):
        raise RecordError(RECORD, "expected a JSON object")
    unknown = [k for k in value if k not in RECORD_KEYS]
    if unknown:
        raise RecordError(RECORD, f"unknown field {unknown[0][:40]!r}")
    return value


def event_record(event: icalendar.Component) -> dict[str, Any]:
    """One VEVENT as a record (raises `RecordError` naming the property)."""
    for name, _ in getattr(event, "errors", []):
        name = name.upper()
        if name in _EXPECTED:
            raise RecordError(name, f"expected {_EXPECTED[name]}, found {str(event.get(name))[:40]!r}")
    first, last, when = _dates(event)
    extra: dict[str, Any] = {"tzid": when["tzid"]} if "tzid" in when else {}
    precision = str(event.get(PRECISION, "day")).strip().lower()
    if precision not in ("day", "month", "year"):
        raise RecordError(PRECISION, f"expected day, month or year, found {precision[:20]!r}")
    if "time_start" in when:
        precision = "time"
    found = event.get("CATEGORIES")
    props = found if isinstance(found, list) else [] if found is None else [found]
    cats = [str(c) for prop in props for c in getattr(prop, "cats", [prop]) if str(c).strip()]
    if len(cats) > 1:
        extra["categories"] = cats
    url = event.get("URL")
    summary, place = _str(event.get("DESCRIPTION")), one_line(_str(event.get("LOCATION")) or _apple_title(event))
    lat, lon = coordinates(event)
    record: dict[str, Any] = {
        "id": _str(event.get("UID")),
        "date": _form(first, last, precision) + (f"T{when['time_start']}" if "time_start" in when else ""),
        "end_date": last.isoformat() + (f"T{when['time_end']}" if "time_end" in when else ""),
        "precision": precision,
        "title": _str(event.get("SUMMARY")) or fallback_title(summary, place),
        "summary": summary,
        "place": place,
        "lat": lat,
        "lon": lon,
        "category": cats[0] if cats else None,
        "sources": [{"name": str(url), "url": str(url)}] if url is not None and str(url).strip() else [],
        "extra": extra,
    }
    if RECORD in event:
        record.update(_record_json(event))
    return record


def one_line(place: str | None) -> str | None:
    """An address written over several lines ('10 Downing St\\nLondon') on one: '10 Downing St, London'."""
    if place is None:
        return None
    parts = [p.strip(" ,") for p in place.replace("\r", "\n").split("\n")]
    return ", ".join(p for p in parts if p) or None


def fallback_title(summary: str | None, place: str | None) -> str:
    """SUMMARY is optional (RFC 5545): an event without one is called by its DESCRIPTION's first line,
    else its LOCATION, else '(untitled)'."""
    for text in (summary, place):
        if text and text.strip():
            return short_title(text.strip().split("\n")[0])
    return "(untitled)"


def _apple_title(event: icalendar.Component) -> str | None:
    """The place's name Apple writes in X-APPLE-STRUCTURED-LOCATION's X-TITLE (for an event without LOCATION)."""
    apple = event.get(APPLE_LOCATION)
    apple = apple[0] if isinstance(apple, list) and apple else apple
    title = getattr(apple, "params", {}).get("X-TITLE")
    return str(title) if title else None


def coordinates(event: icalendar.Component) -> tuple[float | None, float | None]:
    """GEO, else the `geo:` URI of Apple's X-APPLE-STRUCTURED-LOCATION."""
    geo = event.get("GEO")
    if geo is not None:
        return getattr(geo, "latitude", None), getattr(geo, "longitude", None)
    apple = event.get(APPLE_LOCATION)
    match = _GEO_URI.search(str(apple)) if apple is not None else None
    if match is None:
        return None, None
    lat, lon = float(match[1]), float(match[2])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RecordError(APPLE_LOCATION, f"coordinates out of range: {match[0][:40]!r}")
    return lat, lon


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def read_ical(ctx: Context) -> Iterator[Item]:
    """The VEVENTs of an .ics file."""
    text = read_text(ctx)
    where = scan(ctx, text)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:
        raise LoadError(ctx.path, f"not valid iCalendar ({str(exc)[:120]})") from None
    events = [c for cal in calendars for c in cal.subcomponents if c.name == "VEVENT"]
    if not events:
        raise LoadError(ctx.path, "no events: the calendar has no VEVENT")
    if len(events) != len(where):
        raise LoadError(ctx.path, f"found {len(events)} VEVENTs where the file has {len(where)} BEGIN:VEVENT lines")
    try:
        expanded = list(expand(list(zip(where, events, strict=False))))
    except RecordError as exc:
        place = getattr(exc, "where", where[0])
        raise LoadError(ctx.path, exc.message, place.of(exc.field), exc.field) from None
    for place, event, ident, series in expanded:
        try:
            record = event_record(event)
            if ident is not None:
                record["id"] = ident
            record["extra"] = {**record["extra"], **series}
        except RecordError as exc:
            raise LoadError(ctx.path, exc.message, place.of(exc.field), exc.field) from None
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
            raise LoadError(ctx.path, f"not valid iCalendar ({str(exc)[:120]})", place.line) from None
        try:
            yield to_item(ctx, place.line, record, _ALL_NAMES)
        except LoadError as exc:
            line = place.of(exc.field) if exc.field else place.line
            raise LoadError(ctx.path, exc.message, line, exc.field) from None
