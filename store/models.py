"""What the store hands out: an event, the timeline's groups, a summary, an era, figures.

Plain frozen dataclasses, so the screen and the command line can hold them without holding a
connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from frontline.store.dates import format_long, format_short

EVENT_FIELDS = [
    "seq", "id", "date_start", "date_end", "precision", "title", "summary", "place", "admin1", "lat", "lon",
    "actors", "category", "fatalities", "displaced", "running_total", "sources", "notes", "dataset", "extra",
    "tags", "user_note",
]  # fmt: skip
# The source's value of each field the user corrected (store.layer), read with the row.
CORRECTED = "(SELECT json_group_object(u.col, u.source_value) FROM user_edits u WHERE u.id = events.id)"
EVENT_SELECT = f"SELECT {', '.join(EVENT_FIELDS)}, {CORRECTED} FROM events"


@dataclass(frozen=True)
class Event:
    pos: int
    id: str
    date_start: str
    date_end: str
    precision: str
    title: str
    summary: str | None
    place: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    actors: list[str]
    category: str | None
    fatalities: int | None
    displaced: int | None
    running_total: bool
    sources: list[dict[str, Any]]
    notes: str | None
    dataset: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # the user's own
    user_note: str | None = None  # the user's own
    corrected: dict[str, Any] = field(default_factory=dict)  # column: the source's value, where the user corrected it

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple) -> Event:
        (seq, ident, start, end, precision, title, summary, place, admin1, lat, lon, actors, category,
         fatalities, displaced, running_total, sources, notes, dataset, extra, tags, user_note,
         corrected) = row  # fmt: skip
        return cls(
            seq - 1, ident, start, end, precision, title, summary, place, admin1, lat, lon,
            json.loads(actors or "[]"), category, fatalities, displaced, bool(running_total),
            json.loads(sources or "[]"), notes, dataset, json.loads(extra) if extra else {},
            tuple((tags or "").split()), user_note, json.loads(corrected) if corrected and corrected != "{}" else {},
        )  # fmt: skip

    @property
    def date_short(self) -> str:
        return format_short(self.date_start, self.date_end, self.precision)

    @property
    def date_long(self) -> str:
        return format_long(self.date_start, self.date_end, self.precision)


@dataclass(frozen=True)
class Bucket:
    """A run of events under one separator: a year ('2019', its year-precision events) or a month ('2019-12')."""

    key: str
    first: int
    count: int


@dataclass(frozen=True)
class Summary:
    count: int
    first: str | None
    last: str | None
    datasets: list[str]


@dataclass(frozen=True)
class Era:
    id: str
    title: str
    date_start: str
    date_end: str
    precision: str
    summary: str | None
    sources: list[dict[str, Any]]


@dataclass(frozen=True)
class Stats:
    by_year: list[tuple]  # (year, events, incident fatalities, incident displaced)
    by_category: list[tuple]  # (category, events, incident fatalities, incident displaced)
    running_totals: list[Event]
