"""ACLED (Armed Conflict Location & Event Data) CSV exports.

- Ids: `event_id_cnty`. ACLED edits an event in place and bumps its `timestamp`, so a re-import
  updates by id; within one file the row with the newest timestamp wins (equal ones: the later row).
- Dates: `event_date` as `2020-01-29`, `29 January 2020` or `29-01-2020`. `time_precision` 1 is the
  day; 2 ("within about a week") is stored as a day-precision span of the seven days centred on the
  coded date (date-3 .. date+3), since ACLED codes such an event on a day inside the week it reports;
  3 ("within the month") is month precision. The coded date and `time_precision` stay in `extra`.
- A year before 1997 (ACLED's first) or after this one is a typo, refused with its line.
- Actors: actor1, assoc_actor_1, actor2, assoc_actor_2 (associated actors are `;`-separated).
  Category: `sub_event_type` (else `event_type`) mapped by `store.categories`; both stay in `extra`. The title is `sub_event_type in location`; notes are the summary and
  `source` the sources. Every other non-empty column (older ones too) is kept in `extra`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from frontline.store.categories import from_acled
from frontline.store.dates import DateError, parse_date
from frontline.store.formats.common import require_columns, short_title, text, to_item
from frontline.store.readers import Context, Item, LoadError, csv_records
from frontline.store.record import RecordError

FIRST_YEAR = 1997
_FULL_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2} [A-Za-z]+\.? \d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
_USED = {
    "event_id_cnty", "event_date", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "location",
    "admin1", "latitude", "longitude", "fatalities", "notes", "source",
}  # fmt: skip
NAMES = {"id": "event_id_cnty", "date": "event_date", "end_date": "time_precision", "precision": "time_precision",
         "place": "location", "lat": "latitude", "lon": "longitude", "summary": "notes", "sources": "source",
         "category": "event_type", "title": "sub_event_type", "actors": "actor1"}  # fmt: skip


def event_day(value: str | None, column: str = "event_date") -> dt.date:
    """An ACLED date, in any of the forms its export tools write, as a day ACLED could have coded."""
    if value is None:
        raise RecordError(column, "missing date")
    if not _FULL_DATE.fullmatch(value):
        raise RecordError(
            column, f"expected a day like 2020-01-29, 29 January 2020 or 29-01-2020, found {value[:40]!r}"
        )
    try:
        span = parse_date(value)
    except DateError as exc:
        raise RecordError(column, str(exc)) from None
    day = dt.date.fromisoformat(span.start)
    if day.year < FIRST_YEAR:
        raise RecordError(column, f"year {day.year} is impossible for ACLED (its data begins in {FIRST_YEAR})")
    if day.year > dt.date.today().year:
        raise RecordError(column, f"year {day.year} is in the future")
    return day


def _span(day: dt.date, precision: str | None) -> tuple[str, str, str]:
    """(date, end_date, precision) in the record form for a `time_precision` code."""
    code = precision or "1"
    if code == "1":
        return day.isoformat(), day.isoformat(), "day"
    if code == "2":
        week = dt.timedelta(days=3)
        return (day - week).isoformat(), (day + week).isoformat(), "day"
    if code == "3":
        return day.isoformat()[:7], day.isoformat()[:7], "month"
    raise RecordError("time_precision", f"expected 1, 2 or 3, found {code[:20]!r}")


def _actors(row: dict[str, str | None]) -> list[str]:
    names: list[str] = []
    for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        for name in (row.get(column) or "").split(";"):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return names


def acled_record(raw: dict[str, str]) -> tuple[dict, int]:
    """One ACLED row as a record, and its timestamp (0 when the file has none)."""
    row = {k.strip().lower(): text(v) for k, v in raw.items()}
    ident = row.get("event_id_cnty")
    if ident is None:
        raise RecordError("event_id_cnty", "missing id")
    day = event_day(row.get("event_date"))
    if row.get("year") and row["year"] != str(day.year):
        raise RecordError("year", f"says {row['year'][:20]} but event_date is in {day.year}")
    precision = row.get("time_precision")
    start, end, level = _span(day, precision)
    stamp = row.get("timestamp")
    if stamp is not None and not (stamp.isascii() and stamp.isdigit()):
        raise RecordError("timestamp", f"expected Unix seconds, found {stamp[:40]!r}")
    extra = {k: v for k, v in row.items() if v is not None and k not in _USED}
    for column in ("actor1", "actor2"):
        if row.get(column):
            extra[column] = row[column]
    terms = [t for t in (row.get("event_type"), row.get("sub_event_type")) if t]
    if terms:
        extra["source_category"] = " / ".join(terms)
    if level != "day" or start != end:
        extra["event_date"] = day.isoformat()
    kind = row.get("sub_event_type") or row.get("event_type") or "Event"
    where = row.get("location") or row.get("admin1") or row.get("country")
    record = {
        "id": ident,
        "date": start,
        "end_date": end,
        "precision": level,
        "title": short_title(f"{kind} in {where}" if where else kind),
        "summary": row.get("notes"),
        "place": row.get("location"),
        "admin1": row.get("admin1"),
        "lat": row.get("latitude"),
        "lon": row.get("longitude"),
        "actors": _actors(row),
        "category": from_acled(row.get("event_type"), row.get("sub_event_type")),
        "fatalities": row.get("fatalities"),
        "sources": row.get("source"),
        "extra": extra,
    }
    return record, int(stamp or 0)


def _check(ctx: Context, headers: list[str]) -> None:
    require_columns(ctx, [h.lower() for h in headers], ("event_id_cnty", "event_date"), "an ACLED export")


def read_acled(ctx: Context) -> Iterator[Item]:
    """ACLED rows as events, the newest version of each id winning (the staging table keeps the last one given)."""
    newest: dict[str, int] = {}
    for line, raw in csv_records(ctx, lambda headers: _check(ctx, headers)):
        try:
            record, stamp = acled_record(raw)
        except RecordError as exc:
            raise LoadError(ctx.path, exc.message, line, exc.field) from None
        seen = newest.get(record["id"])
        if seen is not None and stamp < seen:
            continue
        newest[record["id"]] = stamp
        item = to_item(ctx, line, record, NAMES)
        item.supersedes = seen is not None  # a newer version of an id this file gave earlier
        yield item
