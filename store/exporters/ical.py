"""iCalendar (RFC 5545): one all-day VEVENT per event, any calendar app can open it.

DTSTART and an exclusive DTEND span the event's days; `X-FRONTLINE-PRECISION` says when the start is
a month or a year; UID, SUMMARY, DESCRIPTION, LOCATION, GEO, CATEGORIES and URL carry what they can,
and `X-FRONTLINE-RECORD` (JSON) the rest, so `store.formats.ical` reads back the same events.
DTSTAMP is the event's first day, so exporting the same events twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

import icalendar

from frontline.store.dates import parse_date
from frontline.store.exporters import hidden_fields
from frontline.store.formats.ical import PRECISION, RECORD, event_record

PRODID = "-//frontline//frontline timeline export//EN"


def vevent(record: Mapping[str, Any]) -> icalendar.Event:
    """One event as a VEVENT."""
    span = parse_date(record["date"])
    first = dt.date.fromisoformat(span.start)
    last = dt.date.fromisoformat(record["end_date"] or span.end)
    event = icalendar.Event()
    event.add("uid", record["id"])
    event.add("dtstamp", dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC))
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
    if record["precision"] != "day":
        event.add(PRECISION, record["precision"])
    visible = event_record(icalendar.Event.from_ical(event.to_ical()))
    hidden = hidden_fields(record, visible)
    if hidden:
        event.add(RECORD, json.dumps(hidden, ensure_ascii=False, sort_keys=True))
    return event


def write(
    records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = (), info: object = None
) -> int:
    """A VCALENDAR, written an event at a time; returns the number of events. Eras are not events: left out."""
    out.write(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\n")
    count = 0
    for record in records:
        out.write(vevent(record).to_ical().decode("utf-8"))
        count += 1
    out.write("END:VCALENDAR\r\n")
    return count
