"""Exporters for the formats that have no room for every field: TimelineJS, iCalendar, a Markdown briefing.

Each takes records (the record form, in timeline order), the eras, and a text stream, and returns how
many events it wrote. TimelineJS and iCalendar exports load back to the same events: whatever a
record holds that the format's own slots would not give back exactly goes into a `frontline`
object / an `X-FRONTLINE-RECORD` property, found by reading each written event back (`hidden_fields`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frontline.store.record import RECORD_KEYS, ColumnMap, RecordError, to_record, to_row

_REFERENCE = dt.date(2000, 1, 1)  # exports hold no relative dates; any day will do


def hidden_fields(record: Mapping[str, Any], visible: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `record` that loading `visible` (what a reader makes of the written slots) would not restore."""
    try:
        back = to_record(to_row(visible, ColumnMap.from_headers(list(visible)), reference=_REFERENCE))
    except (RecordError, ValueError):
        return {k: record[k] for k in RECORD_KEYS}
    return {k: record[k] for k in RECORD_KEYS if back.get(k) != record[k]}


@dataclass(frozen=True)
class ExportInfo:
    """What the formats for readers say about an export besides its events."""

    title: str | None = None  # as given (`--title`); else the dataset's own title
    query: str = ""  # the query that chose the events, as typed
    start: str | None = None  # ISO days of the range covered
    end: str | None = None
    dataset_titles: dict[str, str] = field(default_factory=dict)
    datasets: list[str] = field(default_factory=list)  # the database's, for an export that chose no event

    def heading(self, datasets: list[str]) -> str:
        """The title: the one given, else the datasets' own titles (their names where they have none)."""
        if self.title and self.title.strip():
            return self.title.strip()
        named = [self.dataset_titles.get(d) or d for d in sorted(set(datasets or self.datasets))]
        return "; ".join(named) if named else "Timeline"


def canonical_category(name: str | None) -> str | None:
    """One spelling per category: 'Battles', 'battle' and ' BATTLE ' are all 'Battle'."""
    if name is None or not name.strip():
        return None
    low = re.sub(r"\s+", " ", name.strip().casefold())
    if low.endswith("ies") and len(low) > 4:
        low = low[:-3] + "y"
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        low = low[:-1]
    return low[:1].upper() + low[1:]
