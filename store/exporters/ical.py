"""iCalendar (RFC 5545): one VEVENT per event, any calendar app can open it.

DTSTART and an exclusive DTEND span the event's days (all-day events, `VALUE=DATE`); an event with a
time of day is a timed VEVENT instead: in its own time zone (`TZID` and a `VTIMEZONE`, written after
the events) when it came with one, in UTC when it has only an offset, floating when it has neither, so
a 15:00-16:00 Europe/London meeting goes out as 15:00-16:00 Europe/London. `X-FRONTLINE-PRECISION` says
when the start is a month or a year; UID, SUMMARY, DESCRIPTION, LOCATION, GEO, CATEGORIES and URL carry what they can,
and `X-FRONTLINE-RECORD` (JSON) the rest, so `store.formats.ical` reads back the same events.
DTSTAMP is the event's first day, so exporting the same events twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from frontline.store import times
from frontline.store.dates import parse_date
from frontline.store.exporters import hidden_fields
from frontline.store.formats.ical import PRECISION, RECORD, event_record

PRODID = "-//frontline//frontline timeline export//EN"


def _zone(name: Any) -> ZoneInfo | None:
    try:
        return ZoneInfo(str(name)) if isinstance(name, str) and name else None
    except (ValueError, ZoneInfoNotFoundError):
        return None


def moment(day: str, time: str, zone: ZoneInfo | None) -> dt.datetime:
    """A stored day and time as the date-time to write: in `zone` when its offset there is the stored
    one, else in UTC (an offset alone names no zone), else floating."""
    when = times.instant(day, time)
    if when.tzinfo is None:
        return when
    if zone is not None:
        local = when.replace(tzinfo=zone)
        if local.utcoffset() == when.utcoffset():
            return local
    return when.astimezone(dt.UTC)


def vevent(record: Mapping[str, Any]) -> icalendar.Event:
    """One event as a VEVENT."""
    day, time = times.split(record["date"])
    end_day, end_time = times.split(record["end_date"]) if record["end_date"] else (None, None)
    span = parse_date(day)
    first = dt.date.fromisoformat(span.start)
    last = dt.date.fromisoformat(end_day or span.end)
    event = icalendar.Event()
    event.add("uid", record["id"])
    event.add("dtstamp", dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC))
    if time is not None:
        zone = _zone((record["extra"] or {}).get("tzid"))
        start = moment(span.start, time, zone)
        event.add("dtstart", start)
        if end_time is not None:
            event.add("dtend", moment(last.isoformat(), end_time, zone))
        elif end_day is not None:
            event.add("dtend", dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), start.tzinfo))
    else:
        event.add("dtstart", first)
        if last < dt.date.max:
            event.add("dtend", last + dt.timedelta(days=1))
    event.add("summary", record["title"])
    if record["summary"] is not None:
        event.add("description", record["summary"])
    if record["place"] is not None:
        event.add("location", record["place"])
    if record["lat"] is not None and record["lon"] is not None:
        event.add("geo", (record["lat"], record["lon"]))
    if record["category"] is not None:
        event.add("categories", [record["category"]])
    urls = [s["url"] for s in record["sources"] if s.get("url")]
    if urls:
        event.add("url", urls[0])
    if record["precision"] not in ("day", "time"):
        event.add(PRECISION, record["precision"])
    visible = event_record(icalendar.Event.from_ical(event.to_ical()))
    hidden = hidden_fields(record, visible)
    if hidden:
        event.add(RECORD, json.dumps(hidden, ensure_ascii=False, sort_keys=True))
    return event


def write(
    records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = (), info: object = None
) -> int:
    """A VCALENDAR, written an event at a time; returns the number of events. Eras are not events: left out.
    The time zones the events use follow them, each a VTIMEZONE covering the years it is used in."""
    out.write(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\n")
    count = 0
    zones: dict[str, tuple[int, int]] = {}
    for record in records:
        event = vevent(record)
        for name in ("DTSTART", "DTEND"):
            tzid = getattr(event.get(name), "params", {}).get("TZID")
            if tzid:
                year = event.decoded(name).year
                low, high = zones.get(tzid, (year, year))
                zones[tzid] = (min(low, year), max(high, year))
        out.write(event.to_ical().decode("utf-8"))
        count += 1
    for tzid, (low, high) in sorted(zones.items()):
        zone = icalendar.Timezone.from_tzid(tzid, first_date=dt.date(low, 1, 1), last_date=dt.date(high + 1, 1, 1))
        out.write(zone.to_ical().decode("utf-8"))
    out.write("END:VCALENDAR\r\n")
    return count
