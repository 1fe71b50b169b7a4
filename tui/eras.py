"""Eras as coloured bands: which era a day falls in, in a bisect over a handful of boundaries.

The eras of a dataset overlap (a war inside a war); a day shows the innermost one, the era that
started latest. The boundaries are worked out once, so the timeline's per-row question is a bisect
over a list of a few dozen dates, never a query.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING

from textual.content import Content

from frontline.store.dates import format_short
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.query import Era

BAND = "▌"
# Okabe and Ito's eight colours, told apart by people with colour-blindness too, readable on dark
# and light themes alike. Eras take them in date order.
PALETTE = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#F0E442", "#999999", "#D55E00"]


def _day_after(iso: str) -> str:
    try:
        return (dt.date.fromisoformat(iso[:10]) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return iso + "~"  # not a day: sorts after it, which is all a boundary needs


class EraBands:
    """The eras of a dataset, a colour each, and the innermost era of any day."""

    def __init__(self, eras: list[Era]) -> None:
        self.eras = sorted(eras, key=lambda era: (era.date_start, era.date_end))
        self.colours = [PALETTE[index % len(PALETTE)] for index in range(len(self.eras))]
        edges = sorted({era.date_start for era in self.eras} | {_day_after(era.date_end) for era in self.eras})
        self._starts: list[str] = []
        self._index: list[int | None] = []
        self._labels: dict[int | None, Content] = {}  # `label`'s, made once an era
        for edge in edges:
            inside = [i for i, era in enumerate(self.eras) if era.date_start <= edge <= era.date_end]
            # Innermost: the latest start; of two that start together, the one that ends first.
            best = max(inside, key=lambda i: (self.eras[i].date_start, _negated(self.eras[i].date_end)), default=None)
            if not self._index or self._index[-1] != best:
                self._starts.append(edge)
                self._index.append(best)

    def __bool__(self) -> bool:
        return bool(self.eras)

    def index_at(self, iso: str) -> int | None:
        """The innermost era a day (ISO) falls in, as an index into `eras`."""
        slot = bisect_right(self._starts, iso) - 1
        return self._index[slot] if slot >= 0 else None

    def at(self, iso: str) -> Era | None:
        index = self.index_at(iso)
        return None if index is None else self.eras[index]

    def band(self, iso: str) -> tuple[str, str]:
        """The gutter cell of a row on this day: the band glyph in its era's colour, or a blank."""
        index = self.index_at(iso)
        return (" ", "") if index is None else (BAND, self.colours[index])

    def overlapping(self, start: str, end: str | None = None) -> list[Era]:
        """Every era a day or span touches, innermost (latest-starting) first."""
        end = end or start
        found = [era for era in self.eras if era.date_start <= end and era.date_end >= start]
        return sorted(found, key=lambda era: (era.date_start, _negated(era.date_end)), reverse=True)

    def colour_of(self, era: Era) -> str:
        return self.colours[self.eras.index(era)]

    def label(self, iso: str) -> Content:
        """The innermost era of a day as a one-line label: its band and its name (empty when none)."""
        index = self.index_at(iso)
        if (label := self._labels.get(index)) is None:
            label = self._labels[index] = Content("") if index is None else Content.assemble(
                (BAND, self.colours[index]), " ", clean(self.eras[index].title, single_line=True), " "
            )  # fmt: skip
        return label

    def lines(self, start: str, end: str | None = None) -> list[Content]:
        """The eras of an event for the detail pane: band, name and start, one a line, innermost first."""
        return [
            Content.assemble(
                (BAND, self.colour_of(era)),
                " ",
                clean(era.title, single_line=True),
                (f" · from {_start(era)}", "$text-muted"),
            )
            for era in self.overlapping(start, end)
        ]


def _start(era: Era) -> str:
    """When an era began, as precisely as it is known: '19 Dec 2019', 'Mar 2011', '2016'."""
    start = era.date_start
    try:
        day = dt.date.fromisoformat(start[:10])
    except ValueError:
        return start
    if era.precision == "month":
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif era.precision == "year":
        day = day.replace(month=12, day=31)
    return format_short(start, day.isoformat(), era.precision)


def _negated(iso: str) -> tuple[int, ...]:
    """A key that sorts ISO dates backwards (the earlier end first when maximising)."""
    return tuple(-ord(char) for char in iso)


__all__ = ["BAND", "PALETTE", "EraBands"]
