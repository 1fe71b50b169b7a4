"""What the store hands out: an event, the timeline's groups, a summary, an era, figures.

Plain frozen dataclasses, so the screen and the command line can hold them without holding a
connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from frontline.store.times import format_when_long, format_when_short

EVENT_FIELDS = [
    "seq", "id", "date_start", "date_end", "precision", "title", "summary", "place", "admin1", "lat", "lon",
    "actors", "category", "fatalities", "displaced", "running_total", "sources", "notes", "dataset", "extra",
    "time_start", "time_end",
]  # fmt: skip
EVENT_SELECT = f"SELECT {', '.join(EVENT_FIELDS)} FROM events"


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
    time_start: str | None = None  # 'HH:MM[:SS][offset]' when precision is 'time' (store.times)
    time_end: str | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple) -> Event:
        (seq, ident, start, end, precision, title, summary, place, admin1, lat, lon, actors, category,
         fatalities, displaced, running_total, sources, notes, dataset, extra, time_start, time_end) = row  # fmt: skip
        return cls(
            seq - 1, ident, start, end, precision, title, summary, place, admin1, lat, lon,
            json.loads(actors or "[]"), category, fatalities, displaced, bool(running_total),
            json.loads(sources or "[]"), notes, dataset, json.loads(extra) if extra else {}, time_start, time_end,
        )  # fmt: skip

    @property
    def date_short(self) -> str:
        return format_when_short(self.date_start, self.date_end, self.precision, self.time_start, self.time_end)

    @property
    def date_long(self) -> str:
        return format_when_long(self.date_start, self.date_end, self.precision, self.time_start, self.time_end)


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
