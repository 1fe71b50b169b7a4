"""The density strip: events per month across the whole view, as a row of block characters.

One cell per month, or per group of months when the range is wider than the screen (groups are
2, 3, 4, 6, 12... months, aligned to the calendar so a year always starts a cell). A second row,
switched on with `D`, shows the incident fatalities of the same months (running totals are never
added in: `Timeline.month_parts` leaves them out). The cell under the cursor is marked, cells with
search matches are highlighted, and a click posts `MonthChosen` so the app can jump there.

The widget only draws: the app counts the months in a worker and hands them down with `set_months`.
"""

from __future__ import annotations

import math
from calendar import month_abbr
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from frontline.store.match_months import MonthCount
from frontline.tui.density_words import cell_tooltip, cursor_info
from frontline.tui.kept_styles import KeptStyles
from frontline.tui.strips import StripMaker

BARS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 8
INFO_WIDTH = 40
MIN_INFO_WIDTH = 10
AXIS_OVERHANG = 3
"""Columns a year label may run past the last cell ('2020' under a strip that ends in January)."""
MAX_CELL_WIDTH = 4
SPANS = (1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200)
"""Months per cell: divisors of a year, then whole years, so cells line up with the calendar."""


def month_index(key: str) -> int:
    """'2019-12' -> a count of months, so that months are consecutive integers."""
    return int(key[:4]) * 12 + int(key[5:7]) - 1


def month_key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def level(value: float, top: float) -> str:
    """The block for a value on a square-root scale up to `top`; anything above zero shows at least ▁.

    Square root, because one month of an offensive can hold a hundred times the events of a quiet
    one: on a linear scale every other month would be the same sliver."""
    if value <= 0 or top <= 0:
        return BARS[0]
    return BARS[max(1, min(8, math.ceil(math.sqrt(value / top) * 8)))]


@dataclass(frozen=True)
class Layout:
    """Where the months go: `cells` cells of `span` months, `width` columns each, from month `first`."""

    first: int
    span: int
    cells: int
    width: int

    def cell_of(self, index: int) -> int:
        return index // self.span - self.first // self.span

    def start_of(self, cell: int) -> int:
        return (self.first // self.span + cell) * self.span

    def label(self, cell: int) -> str:
        """What a cell covers, in words: 'Dec 2019', 'Nov–Dec 2019', '2019', '2018–2019'."""
        start = self.start_of(cell)
        end = start + self.span - 1
        year, last_year = start // 12, end // 12
        if self.span == 1:
            return f"{month_abbr[start % 12 + 1]} {year}"
        if self.span < 12:
            return f"{month_abbr[start % 12 + 1]}–{month_abbr[end % 12 + 1]} {year}"
        return str(year) if year == last_year else f"{year}–{last_year}"


def plan(first: int, last: int, room: int) -> Layout:
    """The finest calendar-aligned grouping of months `first..last` that fits in `room` columns."""
    room = max(room, 1)
    for span in SPANS:
        cells = last // span - first // span + 1
        if cells <= room:
            width = max(1, min(room // cells, MAX_CELL_WIDTH)) if span == 1 else 1
            return Layout(first, span, cells, width)
    span = SPANS[-1]
    return Layout(first, span, last // span - first // span + 1, 1)


class DensityStrip(KeptStyles):
    """Events (and, on request, incident fatalities) per month of the current view."""

    DEFAULT_CSS = """
    DensityStrip {
        height: 2;
        background: $surface;
        &.-killed { height: 3; }
        &.-empty { height: 1; }
        & > .density--label { color: $text-muted; }
        & > .density--bar { color: $text-primary; }
        & > .density--killed { color: $text-error; }
        & > .density--dim { color: $text-disabled; }
        & > .density--match { color: $text-warning; text-style: bold; }
        & > .density--cursor { background: $foreground 25%; }
        & > .density--axis { color: $text-muted; }
        & > .density--info { color: $text; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "density--label",
        "density--bar",
        "density--killed",
        "density--dim",
        "density--match",
        "density--cursor",
        "density--axis",
        "density--info",
    }

    show_killed: reactive[bool] = reactive(False)
    """Whether the fatalities row is shown."""
    happenings: reactive[bool] = reactive(False)
    """Counting happenings (a confirmed group of reports once) rather than events; the label says which."""

    cursor_month: reactive[str | None] = reactive(None, repaint=False)
    """The month (YYYY-MM) of the event under the timeline's cursor."""

    busy: reactive[bool] = reactive(False)
    """A new view is being opened: the bars are the old view's until it comes."""

    class MonthChosen(Message):
        """A cell was clicked: go to the first event on or after `month` (YYYY-MM)."""

        def __init__(self, month: str) -> None:
            super().__init__()
            self.month = month

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.months: dict[int, MonthCount] = {}  # dated events apart from their year's own
        self.matches: dict[int, MonthCount] | None = None  # a search's matches, dated apart as months are
        self.note = ""
        self._cells: tuple[int, Layout, list[float], list[float], list[float] | None] | None = None
        self._maker = StripMaker(self)
        self._drawn: LRUCache[tuple, list[Strip]] = LRUCache(32)  # the lines, by what they were drawn from; the
        # months drawn ahead for a key (up to eight) outlive those drawn for the keys before
        self._ahead: tuple[int, list[str]] = (0, [])  # the months to draw ahead, for the newest key

    # -- data in -----------------------------------------------------------------------------

    def set_months(self, months: list[MonthCount], note: str = "") -> None:
        """The view's months (dated events and deaths, and their year's own), from `Timeline.month_parts`;
        `note` is what the strip says instead when there are none."""
        self.months = {month_index(row.month): row for row in months}
        self.note = note
        self._cells = None
        self.set_class(not self.months, "-empty")
        self.refresh()

    def set_matches(self, months: list[MonthCount] | None) -> None:
        """The search's matches per month, from `store.match_months` (None: no search)."""
        self.matches = None if months is None else {month_index(row.month): row for row in months}
        self._cells = None
        self.refresh()

    def watch_show_killed(self, show: bool) -> None:
        self.set_class(show, "-killed")

    def watch_cursor_month(self, old: str | None, new: str | None) -> None:
        """Repaint what a new month changes: its cell and the old one's, and the words at the right. A page
        on the built-in data (a month or two) sent the strip's whole width, a third of the frame's bytes."""
        width, height = self.size
        if not (width and old and new and not self.busy and (found := self.cells(width))):
            self.refresh()
            return
        layout, info = found[0], self._info_x(found[0])
        cells = [cell for cell in (layout.cell_of(month_index(m)) for m in (old, new)) if 0 <= cell < layout.cells]
        spans = [(info, max(width - info, 0)), *((LABEL_WIDTH + cell * layout.width, layout.width) for cell in cells)]
        self.refresh(*(Region(x, 0, size, height) for x, size in spans))

    def watch_busy(self) -> None:
        self.refresh()

    # -- geometry -----------------------------------------------------------------------------

    @staticmethod
    def _room(width: int) -> int:
        """Columns for the bars: every column right of the labels."""
        return max(width - LABEL_WIDTH - 1, 1)

    def _info_width(self, layout: Layout, width: int) -> int:
        """Columns for the cursor month's figures at the right: only what the bars leave over."""
        spare = self._room(width) - self._info_x(layout) + LABEL_WIDTH
        return min(spare, INFO_WIDTH) if spare >= MIN_INFO_WIDTH else 0

    @staticmethod
    def _info_x(layout: Layout) -> int:
        """Where the words at the right start: past the bars and a year label that overhangs them."""
        return LABEL_WIDTH + layout.cells * layout.width + AXIS_OVERHANG + 1

    def cells(self, width: int | None = None) -> tuple[Layout, list[float], list[float], list[float] | None] | None:
        """The layout and, per cell, events, fatalities and matches; None when the view is empty."""
        width = self.size.width if width is None else width
        if not self.months:
            return None
        if self._cells is not None and self._cells[0] == width:
            return self._cells[1:]
        layout = plan(min(self.months), max(self.months), self._room(width))
        counts: list[float] = [0] * layout.cells
        killed: list[float] = [0] * layout.cells
        matched: list[float] | None = [0] * layout.cells if self.matches is not None else None
        for index, row in self.months.items():  # a year's own events a twelfth in each of its months
            cell = layout.cell_of(index)
            counts[cell] += row.events
            killed[cell] += row.killed
        for index, row in (self.matches or {}).items():
            if matched is not None and 0 <= (cell := layout.cell_of(index)) < layout.cells:
                matched[cell] += row.events
        self._cells = (width, layout, counts, killed, matched)
        return layout, counts, killed, matched

    def cell_at(self, x: int) -> int | None:
        """The cell under column `x`, if any."""
        found = self.cells()
        if found is None or x < LABEL_WIDTH:
            return None
        layout = found[0]
        cell = (x - LABEL_WIDTH) // layout.width
        return cell if 0 <= cell < layout.cells else None

    def month_of_cell(self, cell: int) -> str | None:
        found = self.cells()
        return None if found is None else month_key(max(found[0].start_of(cell), found[0].first))

    def step(self, month: str | None, direction: int) -> str | None:
        """The first month of the next (1) or previous (-1) cell with events, from `month`'s cell."""
        found = self.cells()
        if found is None:
            return None
        layout, counts = found[0], found[1]
        here = layout.cell_of(month_index(month)) if month else (-1 if direction > 0 else layout.cells)
        cell = here + direction
        while 0 <= cell < layout.cells and not counts[cell]:
            cell += direction
        return self.month_of_cell(cell) if 0 <= cell < layout.cells else None

    def busiest(self) -> str | None:
        """The first month of the cell with the most events (or most matches while searching)."""
        found = self.cells()
        if found is None:
            return None
        values = found[3] if found[3] is not None and any(found[3]) else found[1]
        return self.month_of_cell(max(range(len(values)), key=values.__getitem__))

    # -- mouse ---------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        cell = self.cell_at(event.x)
        if cell is not None and (month := self.month_of_cell(cell)) is not None:
            event.stop()
            self.post_message(self.MonthChosen(month))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        cell = self.cell_at(event.x)
        found = self.cells()
        if cell is None or found is None:
            self.tooltip = None
            return
        layout = found[0]
        words = cell_tooltip(layout.label(cell), layout.start_of(cell), layout.span, self.months, self.matches,
                             self.happenings)  # fmt: skip
        self.tooltip = Content(words)

    # -- drawing ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._maker.clear()
        self._drawn.clear()

    def render_line(self, y: int) -> Strip:
        """A line of `render()`, drawn the short way (`StripMaker`) and kept until what it shows changes:
        through Textual's general formatter the strip took 1.5-2 ms of every key that changed its month."""
        lines = self._lines(self.cursor_month)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def _lines(self, cursor_month: str | None) -> list[Strip]:
        width = self.size.width
        key = (width, cursor_month, self.busy, self.show_killed, self.happenings, id(self.months),
               id(self.matches), self.note)  # fmt: skip
        if (lines := self._drawn.get(key)) is None:
            rows = self._content(cursor_month).split("\n")
            lines = self._drawn[key] = [self._maker.strip(row, width, self.visual_style) for row in rows]
        return lines

    def draw_ahead(self, months: set[str]) -> None:
        """Draw the strip with the cursor in each of these months (those the next key may go to), once the
        frame is out: a key that changes the month then finds it drawn and styled."""
        self._ahead = (self._ahead[0] + 1, sorted(months))
        self.call_after_refresh(self._draw_ahead, self._ahead[0])

    def _draw_ahead(self, generation: int) -> None:
        """One month a step, so that a key waits for one at most (a newer key's months replace these)."""
        if generation == self._ahead[0] and self._ahead[1]:
            for line in self._lines(self._ahead[1].pop()):
                self.style_ahead(line)
            self.call_later(self._draw_ahead, generation)

    def render(self) -> Content:
        return self._content(self.cursor_month)

    def _content(self, cursor_month: str | None) -> Content:
        width = self.size.width
        found = self.cells(width)
        if found is None or not width:
            return Content(f" {self.note}").stylize(".density--label")
        layout, counts, killed, matched = found
        cursor = None
        if cursor_month:
            cell = layout.cell_of(month_index(cursor_month))
            cursor = cell if 0 <= cell < layout.cells else None
        month = month_index(cursor_month) if cursor_month else None
        info = self._info_width(layout, width)
        info_events = info_killed = info_month = ""
        if month is not None:  # the cursor's month: its dated events, and its year's own apart
            info_events, info_killed, info_month = cursor_info(month, self.months, self.matches, self.happenings, info)
        if self.busy:
            info_events, matched = "filtering…", [0] * layout.cells  # every cell dim until the new view comes
        rows = [
            self._bars(
                "…" if self.busy else ("happen." if self.happenings else "events"),
                counts,
                ".density--bar",
                matched,
                layout,
                cursor,
                info,
                info_events,
            )
        ]
        if self.show_killed:
            rows.append(self._bars("killed", killed, ".density--killed", None, layout, cursor, info, info_killed))
        rows.append(self._axis(layout, self._room(width), info, info_month))
        return Content("\n").join(rows)

    def _bars(
        self, label: str, values: list[float], style: str, matched: list[float] | None, layout: Layout,
        cursor: int | None, info_width: int, info: str,
    ) -> Content:  # fmt: skip
        top = max(values, default=0)
        parts: list[tuple[str, str]] = [(f" {label}".ljust(LABEL_WIDTH), ".density--label")]
        for cell, value in enumerate(values):
            cell_style = style
            if matched is not None:
                cell_style = ".density--match" if matched[cell] else ".density--dim"
            parts.append((level(value, top) * layout.width, cell_style))
        row = Content.assemble(*parts)
        if cursor is not None:
            start = LABEL_WIDTH + cursor * layout.width
            row = row.stylize(".density--cursor", start, start + layout.width)
        return self._with_info(row, layout, info_width, info)

    def _axis(self, layout: Layout, room: int, info_width: int, info: str) -> Content:
        """Years under the cells that start them (months too when cells are wide), never overlapping."""
        chars = [" "] * min(layout.cells * layout.width + AXIS_OVERHANG, room)
        free = 0
        for cell in range(layout.cells):
            start = layout.start_of(cell)
            x = cell * layout.width
            if start % 12 == 0 or cell == 0:
                text = str(max(start, layout.first) // 12)
            elif layout.width >= MAX_CELL_WIDTH:
                text = month_abbr[start % 12 + 1]
            else:
                continue
            x = min(x, len(chars) - len(text))  # the last year ends at the last cell rather than go missing
            if x >= free:
                chars[x : x + len(text)] = text
                free = x + len(text) + 1
        row = Content.assemble((" " * LABEL_WIDTH, ".density--axis"), ("".join(chars), ".density--axis"))
        return self._with_info(row, layout, info_width, info)

    def _with_info(self, row: Content, layout: Layout, info_width: int, info: str) -> Content:
        if not info_width or not info:
            return row
        words = Content(info).truncate(info_width, ellipsis=True).stylize(".density--info")
        return Content.assemble(row, " " * max(self._info_x(layout) - row.cell_length, 1), words)
