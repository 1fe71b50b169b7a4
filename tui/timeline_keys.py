"""The timeline's keys: the cursor moves by event, page, year and month, and the ends.

`TimelineKeys` is mixed into `TimelineView`, which has the cursor and the map of its lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    from frontline.tui.lines import LineMap

    KeysBase = ScrollView  # for the type checker: the moves scroll the view they are mixed into
else:
    KeysBase = object

TIMELINE_BINDINGS: list[BindingType] = [
    Binding("down", "move(1)", "Next event", id="timeline.next", show=False),
    Binding("up", "move(-1)", "Previous event", id="timeline.previous", show=False),
    Binding("j", "move(1)", "Next event", id="timeline.next.vim", show=False),
    Binding("k", "move(-1)", "Previous event", id="timeline.previous.vim", show=False),
    Binding("pagedown", "page(1)", "Page down", id="timeline.page_down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="timeline.page_up", show=False),
    Binding("home", "first", "First event", id="timeline.first", show=False),
    Binding("end", "last", "Last event", id="timeline.last", show=False),
    Binding("g", "first", "First event", id="timeline.first.vim", show=False),
    Binding("G", "last", "Last event", id="timeline.last.vim", show=False),
    Binding(
        "tab",
        "app.switch_pane",
        "Detail",
        id="timeline.switch_pane",
        show=False,  # out of the footer, which has 80 columns for the rest; the help lists it
        tooltip="Move between the timeline and the detail pane",
    ),
    Binding(
        "left_square_bracket",
        "year(-1)",
        "Previous year",
        id="timeline.year_previous",
        key_display="[",
        group=Binding.Group("Year", compact=True),
    ),
    Binding(
        "right_square_bracket",
        "year(1)",
        "Next year",
        id="timeline.year_next",
        key_display="]",
        group=Binding.Group("Year", compact=True),
    ),
    Binding(
        "left_curly_bracket",
        "month(-1)",
        "Previous month",
        id="timeline.month_previous",
        key_display="{",
        group=Binding.Group("Month", compact=True),
    ),
    Binding(
        "right_curly_bracket",
        "month(1)",
        "Next month",
        id="timeline.month_next",
        key_display="}",
        group=Binding.Group("Month", compact=True),
    ),
]


class TimelineKeys(KeysBase):
    """The cursor's moves (mixed into `TimelineView`)."""

    if TYPE_CHECKING:
        cursor: int
        lines: LineMap
        month_starts: list[int]

    async def _on_key(self, event: events.Key) -> None:
        """A key is looked up in the bindings here, where it first arrives, not after it has bubbled back up
        to the app: three hops of the event loop, 1-3 ms a key in a terminal. The lookup is Textual's own
        (from the focused widget up: keymaps, `check_action`), so what a key does is unchanged."""
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()  # not Widget._on_key as well

    def scroll_to_cursor(self) -> None:
        """Keep the cursor two lines from the edges, and its month header in view at the top."""
        if not self.lines.count or not self.size.height:
            return
        line = self.lines.line_of(self.cursor)
        height = self.scrollable_content_region.height
        margin = min(2, max((height - 1) // 2, 0))
        top = line - margin
        while top in self.lines.headers and line - top < 2:
            top -= 1
        if line < self.scroll_y - height or line >= self.scroll_y + 2 * height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False)  # a long jump: show what comes after
        elif top < self.scroll_y:
            self.scroll_to(y=max(top, 0), animate=False)
        elif line + margin >= self.scroll_y + height:
            self.scroll_to(y=line + margin - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False)
        self.cursor = self._page_target(direction)

    def _page_target(self, direction: int) -> int:
        height = max(self.scrollable_content_region.height - 1, 1)
        return self.lines.pos_near(self.lines.line_of(self.cursor) + direction * height, forward=direction > 0)

    def next_positions(self) -> list[int]:
        """Where the next key may put the cursor, the likeliest first: a step, a page and a year either
        way, and both ends (the detail pane draws their events ahead)."""
        count, cursor = self.lines.count, self.cursor
        if not count:
            return []
        years = self.year_targets()
        spots = [cursor + 1, cursor - 1, self._page_target(1), self._page_target(-1), *years[:1], count - 1, 0]
        spots += years[1:]
        return list(dict.fromkeys(spot for spot in spots if 0 <= spot < count and spot != cursor))

    def jump_pages(self, reach: int, page: int) -> set[int]:
        """The pages (of `page` events) of the screens `]`, `[`, Home and End would show: read ahead, like the
        window's, so that those screens and their events are drawn ahead too (even after a reload)."""
        end = self.lines.count - 1
        spots = [*self.year_targets(), 0, end] if end >= 0 else []
        return {p for at in spots for p in range(max(at - reach, 0) // page, min(at + reach, end) // page + 1)}

    def year_targets(self) -> list[int]:
        """Where `]` and `[` would put the cursor (none without years)."""
        if not self.lines.year_starts:
            return []
        return [self.lines.bucket_step(self.cursor, self.lines.year_starts, forward) for forward in (True, False)]

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.lines.count - 1

    def action_year(self, direction: int) -> None:
        if self.lines.year_starts:
            self.cursor = self.lines.bucket_step(self.cursor, self.lines.year_starts, direction > 0)

    def action_month(self, direction: int) -> None:
        if self.month_starts:
            self.cursor = self.lines.bucket_step(self.cursor, self.month_starts, direction > 0)
