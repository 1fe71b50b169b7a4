"""One event, from whatever columns a file has to the row the database keeps, and back.

Importers hand over a plain mapping of header name to value plus the line it started on; this
module matches the headers by name (with the aliases people use), validates every field and
says exactly which one is wrong. The record form that `export --format jsonl` writes is the
inverse, and loading it back gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.store import times
from frontline.store.csvshape import is_missing
from frontline.store.dates import DateError, bucket, parse_date, parse_range, record_date
from frontline.store.headline import headline_of
from frontline.store.record_fields import (
    _actors,
    _coordinate,
    _extra,
    _flag,
    _number,
    _sources,
    _text,
    _with_url,
)
from frontline.store.safe_text import surrogate_field
from frontline.store.times import PRECISIONS, TIME, TIME_WORDS, day_precision

# Header aliases, by the field they fill. Headers are compared lower-cased with spaces and
# hyphens read as underscores, so "Event Date" and "event-date" are `event_date`.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "event_id", "uid", "unique_id", "event_id_cnty"),
    "date": ("date", "start_date", "event_date", "date_start", "start", "when", "day"),
    "end_date": ("end_date", "date_end", "end", "until"),
    "time": ("time", "start_time", "time_start"),
    "end_time": ("end_time", "time_end"),
    "precision": ("precision", "date_precision", "date_prec"),
    "title": ("title", "headline", "name", "event", "subject"),
    "summary": ("summary", "description", "text", "body", "details"),
    "notes": ("notes", "note", "comment", "comments"),
    "place": ("place", "location", "where", "town", "city", "site"),
    "admin1": ("admin1", "governorate", "province", "region", "state", "adm_1"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "actors": ("actors", "actor", "participants", "who", "parties"),
    "category": ("category", "type", "event_type", "group", "kind"),
    "fatalities": ("fatalities", "deaths", "killed", "dead", "toll", "best"),
    "displaced": ("displaced",),
    "running_total": ("running_total", "is_total", "cumulative"),
    "sources": ("sources", "source", "source_name", "outlet"),
    "source_url": ("source_url", "url", "link", "source_link"),
    "dataset": ("dataset",),
    "extra": ("extra",),
}
_HEADER_SPACES = re.compile(r"[\s\-]+")
_FREE_TEXT = {"title", "summary", "notes"}  # where "NA" may be words; everywhere else it is no value


class RecordError(ValueError):
    """A field of one record is wrong. `field` is the name as the file spells it."""

    where: Any = None
    """Where in the file, for a reader that finds the line only after the record (iCalendar's series)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def normalize_header(name: str) -> str:
    return _HEADER_SPACES.sub("_", name.strip().lower())


@dataclass(frozen=True)
class ColumnMap:
    """Which header of the file fills which field; the others go to `extra`."""

    fields: dict[str, str]  # field -> header as spelled in the file
    unknown: tuple[str, ...]

    @classmethod
    def from_headers(cls, headers: list[str]) -> ColumnMap:
        by_norm: dict[str, str] = {}
        for header in headers:
            by_norm.setdefault(normalize_header(header), header)
        fields: dict[str, str] = {}
        used: set[str] = set()
        for field, aliases in ALIASES.items():
            for alias in aliases:
                found = by_norm.get(alias)
                if found is not None and found not in used:
                    fields[field] = found
                    used.add(found)
                    break
        # With no summary column, notes are the summary rather than a second field.
        if "summary" not in fields and "notes" in fields:
            fields["summary"] = fields.pop("notes")
        unknown = tuple(h for h in headers if h not in used)
        return cls(fields, unknown)

    def header(self, field: str) -> str:
        return self.fields.get(field, field)


def stable_id(date: str, title: str, place: str | None) -> str:
    """An id from a record's date, title and place alone (`h…`): what ids (of events, eras and ACLED's
    rows without `event_id_cnty`) were before they named their dataset, still held by older databases
    (`store.old_ids`)."""
    key = f"{date}\x1f{title}\x1f{place or ''}".encode("utf-8", "surrogatepass")  # refused later, by field
    digest = hashlib.sha1(key).hexdigest()
    return f"h{digest[:16]}"


def dataset_id(date: str, title: str, place: str | None, dataset: str | None) -> str:
    """An id for a record whose file gives none (`g…`): the same event in the same dataset always gets
    the same one, so a reload updates it; the same row in another dataset is that dataset's own copy."""
    key = f"{date}\x1f{title}\x1f{place or ''}\x1f{dataset or ''}".encode("utf-8", "surrogatepass")
    return f"g{hashlib.sha1(key).hexdigest()[:16]}"


MADE_FROM = "date, title and place"
"""What `to_row` makes an id from when a record gives none: the field an error names for such an id."""


def made_id(raw: Mapping[str, Any], cols: ColumnMap) -> bool:
    """Whether `to_row` made the record's id (it gives none), as it decides: no id column, or no value in it."""
    if "id" not in cols.fields:
        return True
    value = raw.get(cols.header("id"))
    return is_missing(value) or not str(value).strip()


def _date_text(raw: Mapping[str, Any], header: str) -> str | None:
    """A date, end date or precision as text; a JSON structure there (`{"y": 2020}`) is refused by name."""
    try:
        return _text(raw.get(header))
    except ValueError as exc:
        raise RecordError(header, str(exc)) from None


@dataclass(frozen=True)
class When:
    """Where a record sits in time: its days, its precision and, for precision 'time', its times."""

    start: str
    end: str
    precision: str
    time_start: str | None = None
    time_end: str | None = None
    qualifier: str | None = None  # EDTF's marks: '2019-12~' approximate, '2019-12?' uncertain, '%' both


def _time_cell(raw: Mapping[str, Any], cols: ColumnMap, name: str) -> str | None:
    """A separate time column ('Time', 'end_time'), in its stored form."""
    if name not in cols.fields:
        return None
    header = cols.header(name)
    value = _text(raw.get(header))
    if value is None:
        return None
    try:
        return times.parse_time(value)
    except DateError as exc:
        raise RecordError(header, str(exc)) from None


def _dates(raw: Mapping[str, Any], cols: ColumnMap, reference: dt.date | None) -> When:
    date_header = cols.header("date")
    if cols.fields.get("date") is None or is_missing(raw.get(date_header)) or _date_text(raw, date_header) is None:
        raise RecordError(date_header, "missing date")
    start_text = str(raw[date_header]).strip()
    end_header = cols.header("end_date")
    end_text = (
        _date_text(raw, end_header) if "end_date" in cols.fields and not is_missing(raw.get(end_header)) else None
    )
    try:
        start_text, time_start = times.split(start_text)
        span = parse_date(start_text, reference)
    except DateError as exc:
        raise RecordError(date_header, str(exc)) from None
    start, end, precision = span.start, span.end, span.precision
    time_header = date_header if time_start else cols.header("time")
    time_start = time_start or _time_cell(raw, cols, "time")
    if time_start is not None:
        if precision != "day" or span.end != span.start:
            raise RecordError(time_header, f"a time of day needs a single day, not {start_text!r}")
        precision = TIME
    time_end = None
    if end_text is not None:
        try:
            end_text, time_end = times.split(end_text)
            span = parse_range(start_text, end_text, reference)
        except DateError as exc:
            raise RecordError(end_header, str(exc)) from None
        if span.end < start:
            raise RecordError(end_header, f"ends ({end_text}) before it starts ({start_text})")
        end = span.end
        if time_end is not None and span.end != parse_date(end_text, reference).start:
            raise RecordError(end_header, f"a time of day needs a single day, not {end_text!r}")
    time_end = time_end or _time_cell(raw, cols, "end_time")
    if time_end is not None and times.ends_before(start, time_start, end, time_end):
        raise RecordError(end_header, f"ends ({end}T{time_end}) before it starts ({start}T{time_start})")
    if "precision" in cols.fields:
        header = cols.header("precision")
        given = (_date_text(raw, header) or "").lower()
        given = TIME_WORDS.get(given, given)
        if given and given not in PRECISIONS:
            raise RecordError(header, f"expected time, day, month or year, found {given[:20]!r}")
        if given and PRECISIONS.index(given) < PRECISIONS.index(precision):
            raise RecordError(header, f"{given} precision, but the date {start_text!r} gives only the {precision}")
        if given and given != precision:
            # A coarser precision than the date is written with widens the span to match.
            wider = parse_date(record_date(start, day_precision(given)))
            start, precision, time_start, time_end = wider.start, given, None, None
            end = max(end, wider.end)
    return When(start, end, precision, time_start, time_end, qualifier(start_text, end_text))


_MARKS = re.compile(r"[0-9]([~?%])(?=$|/|\s)")
_MARK_WORDS = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}


def qualifier(*texts: str | None) -> str | None:
    """What EDTF's marks on a date say of it: 'approximate', 'uncertain' or both; None without marks."""
    marks = {mark for text in texts if text for mark in _MARKS.findall(text)}
    if "%" in marks or {"~", "?"} <= marks:
        return _MARK_WORDS["%"]
    return next((_MARK_WORDS[mark] for mark in marks), None)


def to_row(
    raw: Mapping[str, Any],
    cols: ColumnMap,
    *,
    dataset: str | None = None,
    reference: dt.date | None = None,
) -> dict[str, Any]:
    """Validate one record and return the events row it makes (without `seq` and `aliases`)."""
    when = _dates(raw, cols, reference)
    start, end, precision = when.start, when.end, when.precision

    headers = cols.fields  # called for every field of every row: the lookups are inlined

    def field(name: str, convert):
        header = headers.get(name)
        value = None if header is None else raw.get(header)
        if value is not None and name not in _FREE_TEXT and is_missing(value):
            value = None  # R's NA, pandas' nan: no value, never a name or a place
        try:
            return convert(value)
        except ValueError as exc:
            raise RecordError(header or name, str(exc)) from None

    title = field("title", _text)
    summary = field("summary", _text)
    if title is None:
        if summary is None:
            raise RecordError(cols.header("title"), "missing title")
        title = headline_of(summary)
    elif summary is None and "summary" not in cols.fields and len(title) > 80:
        # one long text column (`date,event`): the paragraph is the summary, its first sentence the title
        title, summary = headline_of(title), title
    place = field("place", _text)
    lat = field("lat", _coordinate)
    lon = field("lon", _coordinate)
    if lat is not None and not -90 <= lat <= 90:
        raise RecordError(cols.header("lat"), f"latitude out of range: {lat}")
    if lon is not None and not -180 <= lon <= 180:
        raise RecordError(cols.header("lon"), f"longitude out of range: {lon}")
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        raise RecordError(cols.header(missing), "coordinates need both latitude and longitude")
    extra = field("extra", _extra)
    if when.qualifier:
        extra.setdefault("date_qualifier", when.qualifier)
    for header in cols.unknown:
        value = raw.get(header)
        if value not in (None, "", []):  # an export's empty link_decisions ([]) is no column of the source
            extra.setdefault(header, value)
    in_dataset = field("dataset", _text) or dataset
    ident = field("id", _text) or dataset_id(times.when(start, precision, when.time_start), title, place, in_dataset)
    row = {
        "id": ident,
        "date_start": start,
        "date_end": end,
        "precision": precision,
        "time_start": when.time_start,
        "time_end": when.time_end,
        "bucket": bucket(start, day_precision(precision)),
        "title": title,
        "summary": summary,
        "place": place,
        "admin1": field("admin1", _text),
        "lat": lat,
        "lon": lon,
        "actors": json.dumps(field("actors", _actors), ensure_ascii=False),
        "category": (field("category", _text) or None),
        "fatalities": field("fatalities", lambda v: _number(v, integer=True)),
        "displaced": field("displaced", lambda v: _number(v, integer=True)),
        "running_total": int(field("running_total", _flag)),
        "sources": json.dumps(_with_url(field("sources", _sources), field("source_url", _text)), ensure_ascii=False),
        "notes": field("notes", _text),
        "dataset": in_dataset,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
    }
    if found := surrogate_field(row):  # JSON's "\ud800": not text, and it cannot be stored or shown
        raise RecordError(cols.header(found[0]), f"holds a lone surrogate ({found[1]}), not text")
    return row


RECORD_KEYS = [
    "id", "date", "end_date", "precision", "title", "summary", "place", "admin1", "lat", "lon", "actors", "category",
    "fatalities", "displaced", "running_total", "sources", "notes", "dataset", "extra",
]  # fmt: skip


def to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """The record form of an events row: what `export --format jsonl` writes and `load` reads."""
    precision = row["precision"]
    start_form = times.when(row["date_start"], precision, row.get("time_start"))
    implied_end = parse_date(record_date(row["date_start"], day_precision(precision))).end
    end_form = times.end_when(row["date_end"], row.get("time_end"), implied_end)
    return {
        "id": row["id"],
        "date": start_form,
        "end_date": end_form,
        "precision": precision,
        "title": row["title"],
        "summary": row["summary"],
        "place": row["place"],
        "admin1": row["admin1"],
        "lat": row["lat"],
        "lon": row["lon"],
        "actors": json.loads(row["actors"] or "[]"),
        "category": row["category"],
        "fatalities": row["fatalities"],
        "displaced": row["displaced"],
        "running_total": bool(row["running_total"]),
        "sources": json.loads(row["sources"] or "[]"),
        "notes": row["notes"],
        "dataset": row["dataset"],
        "extra": json.loads(row["extra"]) if row["extra"] else {},
    }


def to_era_row(raw: Mapping[str, Any], dataset: str | None = None) -> dict[str, Any]:
    """An era (a named period drawn beside the timeline) from its record form:
    `{"id", "title", "date", "end_date", "summary", "sources"}`."""
    title = _text(raw.get("title"))
    if title is None:
        raise RecordError("title", "missing title")
    if _text(raw.get("date")) is None:
        raise RecordError("date", "missing date")
    try:
        span = parse_range(str(raw["date"]), _text(raw.get("end_date")))
    except DateError as exc:
        raise RecordError("date", str(exc)) from None
    try:
        sources = _sources(raw.get("sources"))
    except ValueError as exc:
        raise RecordError("sources", str(exc)) from None
    in_dataset = _text(raw.get("dataset")) or dataset  # an era without an id is its dataset's own, as events are
    row = {
        "id": _text(raw.get("id")) or dataset_id(span.start, title, None, in_dataset),
        "title": title,
        "date_start": span.start,
        "date_end": span.end,
        "precision": span.precision,
        "summary": _text(raw.get("summary")),
        "sources": json.dumps(sources, ensure_ascii=False),
        "dataset": in_dataset,
    }
    if found := surrogate_field(row):
        raise RecordError(found[0], f"holds a lone surrogate ({found[1]}), not text")
    return row
