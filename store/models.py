"""What the store hands out: an event, the timeline's groups, a summary, an era, figures.

Plain frozen dataclasses, so the screen and the command line can hold them without holding a
connection.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from frontline.store.times import format_when_long, format_when_short

EVENT_FIELDS = [
    "seq", "id", "date_start", "date_end", "precision", "title", "summary", "place", "admin1", "lat", "lon",
    "actors", "category", "fatalities", "displaced", "running_total", "sources", "notes", "dataset", "extra",
    "time_start", "time_end", "place_id",
    "tags", "user_note",
]  # fmt: skip
_DISAGREE = re.compile(r"\b(sources|reports|accounts|figures) (disagree|differ|conflict)|\bdisagree", re.IGNORECASE)
# The source's value of each field the user corrected (store.layer), read with the row.
CORRECTED = "(SELECT json_group_object(u.col, u.source_value) FROM user_edits u WHERE u.id = events.id)"
# Whether the user hid the event (store.layer): a view that shows hidden events marks them.
HIDDEN = "EXISTS (SELECT 1 FROM user_hidden h WHERE h.id = events.id)"
EVENT_SELECT = f"SELECT {', '.join(EVENT_FIELDS)}, {CORRECTED}, {HIDDEN} FROM events"


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
    place_id: str | None = None  # the canonical place; `place` is the spelling the source used
    tags: tuple[str, ...] = ()  # the user's own
    user_note: str | None = None  # the user's own
    corrected: dict[str, Any] = field(default_factory=dict)  # column: the source's value, where the user corrected it
    hidden: bool = False  # the user hid it: shown only in a view of hidden events too (V)

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple) -> Event:
        """An event from a row of `EVENT_SELECT` (its columns in `EVENT_FIELDS` order, the corrections, hidden)."""
        v = dict(zip((*EVENT_FIELDS, "corrected", "hidden"), row, strict=True))
        return cls(
            v["seq"] - 1, v["id"], v["date_start"], v["date_end"], v["precision"], v["title"], v["summary"],
            v["place"], v["admin1"], v["lat"], v["lon"], json.loads(v["actors"] or "[]"), v["category"],
            v["fatalities"], v["displaced"], bool(v["running_total"]), json.loads(v["sources"] or "[]"), v["notes"],
            v["dataset"], json.loads(v["extra"]) if v["extra"] else {}, v["time_start"], v["time_end"],
            v["place_id"], tuple((v["tags"] or "").split()), v["user_note"],
            json.loads(v["corrected"]) if v["corrected"] and v["corrected"] != "{}" else {}, bool(v["hidden"]),
        )  # fmt: skip

    @property
    def date_short(self) -> str:
        return format_when_short(self.date_start, self.date_end, self.precision, self.time_start, self.time_end)

    @property
    def disagreement(self) -> bool:
        """Does the event record that its sources disagree (a note saying so, or a recorded disagreement)?"""
        return bool(self.extra.get("disagreement")) or bool(self.notes and _DISAGREE.search(self.notes))

    @property
    def date_long(self) -> str:
        """The date in words with its precision, and what the source's marks said of it ('approximate')."""
        words = format_when_long(self.date_start, self.date_end, self.precision, self.time_start, self.time_end)
        qualifier = self.extra.get("date_qualifier")
        return f"{words}, {qualifier}" if isinstance(qualifier, str) and qualifier else words


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
