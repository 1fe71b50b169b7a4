"""ACLED (Armed Conflict Location & Event Data) CSV exports.

- Ids: `event_id_cnty`. ACLED edits an event in place and bumps its `timestamp`, so a re-import
  updates by id; within one file the row with the newest timestamp wins. A row without an id gets
  a stable one made from its date, kind, place, notes and dataset: the dataset's own, as a generic
  row's made id is (`store.old_ids` finds the one older versions made without the dataset).
- "Monadic" exports give each actor of an event its own row: rows sharing an id and a timestamp
  that differ only in the actor columns (`ACTOR_COLUMNS`) are one event whose actors are the union;
  the actor columns in `extra` are the first row's. Rows that share both but differ in anything else
  are refused, naming the first column that differs.
- Missing values: empty, R's `NA`, pandas' `nan` (and `#N/A`, `NULL`) are no value, never a name.
- Dates: `event_date` as `2020-01-29`, `29 January 2020` or `29-01-2020`, or as a spreadsheet saved it
  (`9-May-20`, `31-12-19`): a two-digit year takes its century from the row's `year` column, and a
  row whose `year` disagrees with its date is refused. `time_precision` 1 is the
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
import sys
import zlib
from collections.abc import Iterator

from frontline.store.categories import from_acled
from frontline.store.dates import DateError, parse_date
from frontline.store.formats.common import cell, require_columns, short_title, to_item
from frontline.store.readers import Context, Item, csv_records
from frontline.store.record import RecordError, dataset_id, stable_id

FIRST_YEAR = 1997
# the columns in which the rows of a monadic export differ (ACLED's actor columns, their codes and names)
ACTOR_COLUMNS = frozenset({
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "actor1_code",
    "actor2_code", "actor1_iso", "actor2_iso", "inter1_code", "inter2_code", "interaction_code",
})  # fmt: skip
_SHEET_DATE = re.compile(r"(\d{1,2})[-/ ]([A-Za-z]{3,9}|\d{1,2})[-/ ](\d{2})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FULL_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2} [A-Za-z]+\.? \d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
_USED = {
    "event_id_cnty", "event_date", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "location",
    "admin1", "latitude", "longitude", "fatalities", "notes", "source",
}  # fmt: skip
NAMES = {"id": "event_id_cnty", "date": "event_date", "end_date": "time_precision", "precision": "time_precision",
         "place": "location", "lat": "latitude", "lon": "longitude", "summary": "notes", "sources": "source",
         "category": "event_type", "title": "sub_event_type", "actors": "actor1"}  # fmt: skip


def _whole(value: str | None) -> str | None:
    """pandas writes a whole-number column holding a missing value as floats: `2020.0` is 2020."""
    return value[:-2] if value is not None and value.endswith(".0") and value[:-2].isdigit() else value


def sheet_day(value: str, year: str | None) -> str | None:
    """A date as a spreadsheet saves it (`9-May-20`, `5-Aug-24`, `31-12-19`) as `YYYY-MM-DD`, the
    century taken from the row's `year` column (else 1997–2096, ACLED's span); None if not that form."""
    match = _SHEET_DATE.fullmatch(value)
    if not match:
        return None
    day, month, short = match.groups()
    if month.isdigit():
        number = int(month)
    elif month[:3].lower() in _MONTHS:
        number = _MONTHS.index(month[:3].lower()) + 1
    else:
        raise RecordError("event_date", f"no such month: {month[:20]!r}")
    if year is not None and year.isdigit() and len(year) == 4:
        if year[2:] != short:
            raise RecordError("year", f"says {year} but event_date {value!r} is in a year ending in {short}")
        full = int(year)
    else:
        full = (1900 if int(short) >= FIRST_YEAR % 100 else 2000) + int(short)
    return f"{full:04d}-{number:02d}-{int(day):02d}"


def event_day(value: str | None, column: str = "event_date", year: str | None = None) -> dt.date:
    """An ACLED date, in any of the forms its export tools write, as a day ACLED could have coded."""
    if value is None:
        raise RecordError(column, "missing date")
    value = sheet_day(value, year) or value
    if not _FULL_DATE.fullmatch(value):
        raise RecordError(
            column, f"expected a day like 2020-01-29, 29 January 2020, 29-01-2020 or 29-Jan-20, found {value[:40]!r}"
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


def acled_record(raw: dict[str, str], dataset: str | None = None) -> tuple[dict, int, str | None]:
    """One ACLED row as a record, its timestamp (0 when the file has none) and, for a row without an id,
    the id older versions made for it (`store.old_ids`)."""
    row: dict[str, str | None] = {k.strip().lower(): cell(v) for k, v in raw.items()}
    for column in ("year", "time_precision", "timestamp", "fatalities", "geo_precision", "inter1", "inter2"):
        row[column] = _whole(row.get(column))
    day = event_day(row.get("event_date"), year=row.get("year"))
    year = row.get("year")
    if year and year != str(day.year):
        raise RecordError("year", f"says {year[:20]} but event_date is in {day.year}")
    precision = row.get("time_precision")
    start, end, level = _span(day, precision)
    stamp = row.get("timestamp")
    if stamp is not None and not (stamp.isascii() and stamp.isdigit()):
        raise RecordError("timestamp", f"expected Unix seconds, found {stamp[:40]!r}")
    extra = {k: v for k, v in row.items() if v is not None and k not in _USED}
    for column in ("actor1", "actor2"):
        if (name := row.get(column)) is not None:
            extra[column] = name
    terms = [t for t in (row.get("event_type"), row.get("sub_event_type")) if t]
    if terms:
        extra["source_category"] = " / ".join(terms)
    if level != "day" or start != end:
        extra["event_date"] = day.isoformat()
    kind = row.get("sub_event_type") or row.get("event_type") or "Event"
    where = row.get("location") or row.get("admin1") or row.get("country")
    title = short_title(f"{kind} in {where}" if where else kind)
    ident, old = row.get("event_id_cnty"), None
    if ident is None:
        words = f"{title}\x1f{row.get('notes') or ''}"
        ident, old = (
            dataset_id(start, words, row.get("location"), dataset),
            stable_id(start, words, row.get("location")),
        )
    record = {
        "id": ident,
        "date": start,
        "end_date": end,
        "precision": level,
        "title": title,
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
    return record, int(stamp or 0), old


def _check(ctx: Context, headers: list[str]) -> None:
    require_columns(ctx, [h.lower() for h in headers], ("event_id_cnty", "event_date"), "an ACLED export")


class _Seen:
    """What is kept of an id already read, to tell its other rows apart: a newer version (a later
    timestamp), another actor's row of the same event (monadic), or a clash. Kept small, since a
    file may hold a million ids: a digest of the other columns and one byte of each one's hash (to
    name the column that differs), the first row's actor columns and the actors so far, interned."""

    __slots__ = ("actors", "digest", "first", "line", "marks", "stamp")

    def __init__(self, line: int, stamp: int, row: dict[str, str], record: dict):
        self.line, self.stamp = line, stamp
        self.digest, self.marks = _shape(row)
        actor_cells = ((k, cell(v)) for k, v in row.items() if k in ACTOR_COLUMNS)
        self.first = tuple((k, sys.intern(v)) for k, v in actor_cells if v is not None)
        self.actors = tuple(sys.intern(a) for a in record["actors"])


def _shape(row: dict[str, str]) -> tuple[int, bytes]:
    """A digest of the columns besides the actor ones, and one byte of each one's checksum. The
    checksum is CRC-32, not `hash`: Python salts the hash of a string per run, so a byte of it would
    name the column that differs in one run and fail to (one time in 256) in the next."""
    values = [cell(v) for k, v in row.items() if k not in ACTOR_COLUMNS]
    return hash(tuple(values)), bytes(_mark(v) for v in values)


def _mark(value: str | None) -> int:
    return 0 if value is None else zlib.crc32(value.encode("utf-8", "surrogatepass")) & 0xFF


def _merge(seen: _Seen, row: dict[str, str], record: dict) -> None:
    """Fold another actor's row into the event `seen` stands for, or refuse it if it differs otherwise."""
    digest, marks = _shape(row)
    if digest != seen.digest:
        columns = [k for k in row if k not in ACTOR_COLUMNS]
        differs = [c for c, one, other in zip(columns, marks, seen.marks, strict=False) if one != other]
        column = differs[0] if differs else "a column besides the actors"
        raise RecordError(
            column,
            f"{record['id']!r} is already used on line {seen.line}, which differs in {column}: "
            "rows of one event may differ only in their actors",
        )
    seen.actors += tuple(sys.intern(a) for a in record["actors"] if a not in seen.actors)
    record["actors"] = list(seen.actors)
    extra = {k: v for k, v in record["extra"].items() if k not in ACTOR_COLUMNS}
    record["extra"] = {**extra, **dict(seen.first)}


def read_acled(ctx: Context) -> Iterator[Item]:
    """ACLED rows as events: the newest version of each id wins (the staging table keeps the last one
    given), and the rows of a monadic export are merged into their event."""
    seen: dict[str, _Seen] = {}
    for line, raw in csv_records(ctx, lambda headers: _check(ctx, headers)):
        with ctx.row(line):
            record, stamp, old = acled_record(raw, ctx.dataset)
            before = seen.get(record["id"])
            if before is not None and stamp < before.stamp:
                ctx.tally.rows += 1
                ctx.tally.replaced += 1  # an older version of an event this file gives later
                continue
            row = {k.strip().lower(): v for k, v in raw.items()}
            if before is not None and stamp == before.stamp:
                _merge(before, row, record)
                ctx.tally.merged += 1
            else:
                if before is not None:
                    ctx.tally.replaced += 1
                seen[record["id"]] = _Seen(line, stamp, row, record)
            item = to_item(ctx, line, record, NAMES)
            item.supersedes = before is not None  # replaces what this file gave for the id before
            item.old_id = old
            item.made_from = None if old is None else "event_date, location and notes"
            ctx.tally.rows += 1
            yield item
