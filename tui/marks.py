"""Marks: `m` marks the event under the cursor, `'` goes to the next mark. Kept in the database.

The timeline learns which of its rows are marked with each page it fetches (one query a page,
never one a row) and keeps the answer in a `MarkBook`, which the detail pane reads too.
`MarkKeys` is the app's half: the keys, the workers that write and search, and what they report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from frontline.store.live import DatabaseBusy, retry_busy
from frontline.store.marks import mark_count, next_mark_around
from frontline.store.schema import SchemaError
from frontline.tui.app_base import AppMixin

if TYPE_CHECKING:
    from frontline.store.query import Event, Timeline
    from frontline.tui.detail import DetailPane
    from frontline.tui.timeline import TimelineView

MARK = "★"


class MarkBook:
    """Which events are marked, as far as the pages fetched so far and the toggles since say."""

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def page(self, ids: Iterable[str], marked: set[str]) -> None:
        """What the database says about the events of one page."""
        self._ids.difference_update(ids)
        self._ids |= marked

    def set(self, event_id: str, marked: bool) -> None:
        if marked:
            self._ids.add(event_id)
        else:
            self._ids.discard(event_id)

    def clear(self) -> None:
        self._ids.clear()


class MarkToggled(Message):
    """An event was marked (or unmarked) in the database."""

    def __init__(self, event: Event, marked: bool, total: int, n: int | None = None) -> None:
        super().__init__()
        self.event, self.marked, self.total = event, marked, total
        self.n = n  # the history entry, so that u undoes it


class MarkWaiting(Message):
    """A mark could not be written yet: another process is loading into the database. `failed`: given up."""

    def __init__(self, failed: bool = False) -> None:
        super().__init__()
        self.failed = failed


class MarkFound(Message):
    """Where `'` goes: the next mark's position (None: no marks in the view), and whether it wrapped."""

    def __init__(self, origin: int, pos: int | None, wrapped: bool) -> None:
        super().__init__()
        self.origin, self.pos, self.wrapped = origin, pos, wrapped


MARK_BINDINGS: list[BindingType] = [
    # Out of the footer, which has no room left at 80 columns; the help lists them, and the first
    # mark's notice says how to come back to it.
    Binding(
        "m",
        "toggle_mark",
        "Mark",
        id="app.toggle_mark",
        show=False,
        tooltip="Mark or unmark the event under the cursor (kept in the database)",
    ),
    Binding(
        "apostrophe",
        "next_mark",
        "Next mark",
        id="app.next_mark",
        key_display="'",
        show=False,
        tooltip="Go to the next marked event (wraps)",
    ),
]


class MarkKeys(AppMixin):
    """The app's mark keys. Mixed into `FrontlineApp`, which has the timeline and the detail pane.

    A plain mixin: its handlers go by name (`on_mark_toggled`), since `@on` is only collected from
    classes that are message pumps themselves; its bindings are listed in the app's `BINDINGS`.
    """

    if TYPE_CHECKING:

        @property
        def view(self) -> TimelineView: ...
        @property
        def detail(self) -> DetailPane: ...
        def _refresh_detail(self) -> None: ...
        def record_mark(self, n: int | None) -> None: ...

    def action_toggle_mark(self) -> None:
        """Mark or unmark the event under the cursor."""
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            self._toggle_mark(self.view.timeline, event)

    @work(thread=True, group="marks")
    def _toggle_mark(self, timeline: Timeline, event: Event) -> None:
        # A load in another process holds the write lock for its whole run: wait for it, and say so.
        layer = timeline.layer()
        marked = event.id not in self.view.marks
        try:
            n = retry_busy(lambda: layer.set_marked(event.id, marked), lambda: self.post_message(MarkWaiting()))
        except DatabaseBusy:
            self.post_message(MarkWaiting(failed=True))
            return
        except (sqlite3.Error, SchemaError) as exc:  # read-only media: the marks are kept, so say why not
            why = "the database is read-only here" if "readonly" in str(exc) or "read-only" in str(exc) else str(exc)
            self.notify(f"Not marked: {why}", severity="warning", timeout=4, markup=False)  # notify is thread-safe
            return
        self.post_message(MarkToggled(event, marked, mark_count(timeline), n))

    def on_mark_waiting(self, message: MarkWaiting) -> None:
        if message.failed:
            said = "The mark was not saved: the database stayed locked. Press m again later."
            self.notify(said, title="Mark", severity="error", timeout=6, markup=False)
        else:
            said = "Another process is loading into the database: the mark is saved when it has finished."
            self.notify(said, title="Mark", timeout=4, markup=False)

    def on_mark_toggled(self, message: MarkToggled) -> None:
        self.view.show_mark(message.event, message.marked)
        self.record_mark(message.n)
        self._refresh_detail()
        if message.marked and message.total == 1:
            self.notify("Marked. ' goes to the next mark", timeout=2, markup=False)

    def action_next_mark(self) -> None:
        """Go to the next marked event, round to the top after the last."""
        self._find_mark(self.view.timeline, self.view.cursor)

    @work(thread=True, exclusive=True, group="marks-next")
    def _find_mark(self, timeline: Timeline, pos: int) -> None:
        self.post_message(MarkFound(pos, *next_mark_around(timeline, pos)))

    def on_mark_found(self, message: MarkFound) -> None:
        if message.pos is None:
            self.notify("No marks here yet: m marks the event under the cursor", timeout=3, markup=False)
            return
        if message.pos == message.origin:
            self.notify("This is the only mark", timeout=2, markup=False)
        elif message.wrapped:
            self.notify("Marks wrapped to the top", timeout=2, markup=False)
        self.view.cursor = message.pos


__all__ = ["MARK", "MARK_BINDINGS", "MarkBook", "MarkFound", "MarkKeys", "MarkToggled"]
