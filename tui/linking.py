"""The link keys: `l` confirms the proposed link of the event under the cursor, `x` rejects it, `c`
shows its reports side by side. Decisions are written in a worker and kept in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from frontline.store.links import Links
from frontline.store.live import DatabaseBusy, retry_busy
from frontline.tui.app_base import AppMixin
from frontline.tui.linked import CompareScreen
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.links import Link, Linked
    from frontline.store.query import Event, Search, Timeline
    from frontline.tui.density import DensityStrip
    from frontline.tui.detail import DetailPane
    from frontline.tui.timeline import TimelineView

LINK_BINDINGS: list[BindingType] = [
    Binding("l", "decide_link('confirmed')", "Confirm link", id="app.confirm_link", show=False,
            tooltip="Confirm the proposed link of the event under the cursor: one happening"),
    Binding("x", "decide_link('rejected')", "Reject link", id="app.reject_link", show=False,
            tooltip="Reject the proposed link of the event under the cursor: two happenings"),
    Binding("c", "compare", "Compare", id="app.compare", show=False,
            tooltip="The reports linked to the event under the cursor, side by side"),
    Binding("H", "count_happenings", "Happenings", id="app.count_happenings", show=False,
            tooltip="Count happenings (a confirmed group of reports once) or reports, in the strip and stats"),
]  # fmt: skip


class LinkDecided(Message):
    def __init__(self, link: Link | None, status: str) -> None:
        super().__init__()
        self.link, self.status = link, status


class CompareReady(Message):
    def __init__(self, linked: Linked) -> None:
        super().__init__()
        self.linked = linked


class LinkKeys(AppMixin):
    """Mixed into `FrontlineApp` (like `MarkKeys`): the keys, their workers, what they report."""

    if TYPE_CHECKING:

        @property
        def view(self) -> TimelineView: ...
        @property
        def detail(self) -> DetailPane: ...
        @property
        def strip(self) -> DensityStrip: ...

        search: Search | None
        _month_cache: dict

        def show_months(self) -> None: ...
        def show_matches(self, search: Search | None) -> None: ...

    def action_decide_link(self, status: str) -> None:
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            self._decide_link(self.view.timeline, event, status)

    @work(thread=True, exclusive=True, group="links")
    def _decide_link(self, timeline: Timeline, event: Event, status: str) -> None:
        links = Links.of(timeline)
        best = links.best_proposal(event.id)
        decided = None
        if best is not None:  # a load in another process holds the write lock: wait for it, and say so
            waiting = "Another process is loading into the database: the decision is saved when it has finished."
            try:
                decided = retry_busy(
                    lambda: links.decide([best.a, best.b], status)[0],
                    lambda: self.call_from_thread(self.notify, waiting, title="Link", timeout=4),
                )
            except DatabaseBusy:
                self.call_from_thread(
                    self.notify, "The decision was not saved: the database stayed locked.", severity="error"
                )
                return
        self.post_message(LinkDecided(decided, status))

    def on_link_decided(self, message: LinkDecided) -> None:
        link = message.link
        if link is None:
            said = "No proposed link on this event (frontline reconcile --list shows them all)"
            self.notify(said, timeout=3, markup=False)
            return
        said = "one happening" if message.status == "confirmed" else "two happenings"
        text = f"{message.status.capitalize()}: {clean(link.a, True)} and {clean(link.b, True)} are {said}"
        self.notify(text, timeout=3, markup=False)
        self.detail.reload_links()

    def action_count_happenings(self) -> None:
        """Switch the density strip and the stats between counting reports and counting happenings."""
        self.strip.happenings = not self.strip.happenings
        self._month_cache.clear()
        self.show_months()
        self.show_matches(self.search)
        if self.strip.happenings:
            said = "Counting happenings: a confirmed group of reports counts once (H: reports)"
            self.notify(said, timeout=3, markup=False)
        else:
            self.notify("Counting reports: every event (H: happenings)", timeout=3, markup=False)

    def action_compare(self) -> None:
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            self._compare(self.view.timeline, event)

    @work(thread=True, exclusive=True, group="links-compare")
    def _compare(self, timeline: Timeline, event: Event) -> None:
        self.post_message(CompareReady(Links.of(timeline).linked(event)))

    def on_compare_ready(self, message: CompareReady) -> None:
        if not message.linked.others:
            self.notify("No other report is linked to this event", timeout=3, markup=False)
            return
        self.push_screen(CompareScreen(message.linked))


__all__ = ["LINK_BINDINGS", "CompareReady", "LinkDecided", "LinkKeys"]
