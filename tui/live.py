"""A live view: the open app follows loads made by other processes into its database.

About once a second the app asks the store's `Watcher` whether another connection has committed
(`PRAGMA data_version`: nothing is read while nothing happens). When events changed, the view is
opened again off the UI thread, its counts, strip, facets and rows follow, the cursor stays on the
event it was on, and a notice says what came ("12 new events"). When only marks changed (another
app, or this one's own worker), the rows on screen redraw their marks. `r` does the same by hand.

`LiveActions` is mixed into `FrontlineApp`; its handlers go by name (`on_live_actions_reloaded`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from frontline.store.live import Change, Watcher
from frontline.tui.app_base import AppMixin
from frontline.tui.filtering import ViewShape, open_view

if TYPE_CHECKING:
    from frontline.store.filters import Filters
    from frontline.store.match_months import MonthCount
    from frontline.store.query import Event, Search, Timeline
    from frontline.tui.timeline import TimelineView

POLL_S = 1.0
"""How often the open app asks whether another process has written to its database."""

LIVE_BINDINGS: list[BindingType] = [
    Binding("r", "reload", "Reload", id="app.reload", show=False,
            tooltip="Read the database again (loads by other processes show by themselves within a second)"),
]  # fmt: skip


class LiveActions(AppMixin):
    """The app's live view: the poll, the reload worker and its message (mixed into the app)."""

    if TYPE_CHECKING:
        base_timeline: Timeline
        timeline: Timeline
        filters: Filters
        search: Search | None
        last_event: Event | None
        layer_writing: bool
        facet_cache: dict[tuple[Any, ...], list[tuple[str, int]]]
        _month_cache: dict[Filters, list[MonthCount]]
        _total: int | None

        @property
        def view(self) -> TimelineView: ...
        def swap_view(self, shape: ViewShape) -> None: ...
        def start_search(self, text: str, keep: Filters | None = None) -> None: ...
        def _refresh_detail(self) -> None: ...
        def _update_header(self) -> None: ...

    class Reloaded(Message):
        """The view opened again after a change (`change` None: asked for with `r`, nothing had changed)."""

        def __init__(self, shape: ViewShape, change: Change | None, manual: bool) -> None:
            super().__init__()
            self.shape, self.change, self.manual = shape, change, manual

    def start_live(self) -> None:
        """Watch the database from now on."""
        self._watcher = Watcher(self.base_timeline)
        self._reloading = False
        self._held: Change | None = None  # a change read while another screen was up, shown once back
        self.set_interval(POLL_S, self._poll_live, name="live")

    def _on_main_screen(self) -> bool:
        return self.screen is self.screen_stack[0]  # not under the facets, help, map or stats

    def _poll_live(self) -> None:
        if self._reloading or self.layer_writing or not self._on_main_screen():
            return  # the next poll sees whatever comes meanwhile (the app's own write included: it is seen)
        if self._held is not None:
            held, self._held = self._held, None
            self._reload(held, manual=False)
            return
        change = self._watcher.poll()
        if change is None:
            return
        if change.events_changed:
            self._reload(change, manual=False)
        elif change.marks_changed:
            self.view.reload_marks()
            self._refresh_detail()

    def action_reload(self) -> None:
        """Read the database again now."""
        if not self._reloading:
            self._reload(self._watcher.poll(force=True), manual=True)

    def _reload(self, change: Change | None, manual: bool) -> None:
        self._reloading = True
        event = self.view.event_at(self.view.cursor) or self.last_event
        self._reopen(self.base_timeline, self.filters, event, change, manual)

    @work(thread=True, exclusive=True, group="live")
    def _reopen(
        self, base: Timeline, filters: Filters, event: Event | None, change: Change | None, manual: bool
    ) -> None:
        base.forget()
        self.post_message(self.Reloaded(open_view(base, filters, event), change, manual))

    def on_live_actions_reloaded(self, message: Reloaded) -> None:
        self._reloading = False
        if not self._on_main_screen() or self.layer_writing:
            self._held = message.change or self._held  # read again once the other screen closes, or the write lands
            return
        if message.shape.filters != self.filters:
            return  # the filters changed meanwhile: that view is read anew already
        self._month_cache.clear()
        self.facet_cache.clear()
        self._total = None
        self.swap_view(message.shape)
        if self.search is not None:
            self.start_search(self.search.text, keep=self.filters)  # the new rows are searched too
        self._update_header()
        if message.change is not None:
            self.notify(message.change.describe(), title="Database", timeout=4, markup=False)
        elif message.manual:
            self.notify("Up to date: nothing changed", title="Database", timeout=2, markup=False)
