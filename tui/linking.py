"""The link keys: `l` confirms the proposed link of the event under the cursor, `x` rejects it, `c`
shows its reports side by side. Decisions are written in a worker and kept in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from frontline.store.links import Links
from frontline.tui.app_base import AppMixin
from frontline.tui.linked import CompareScreen
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.links import Link
    from frontline.store.query import Event, Timeline
    from frontline.tui.detail import DetailPane
    from frontline.tui.timeline import TimelineView

LINK_BINDINGS: list[BindingType] = [
    Binding("l", "decide_link('confirmed')", "Confirm link", id="app.confirm_link", show=False,
            tooltip="Confirm the proposed link of the event under the cursor: one happening"),
    Binding("x", "decide_link('rejected')", "Reject link", id="app.reject_link", show=False,
            tooltip="Reject the proposed link of the event under the cursor: two happenings"),
    Binding("c", "compare", "Compare", id="app.compare", show=False,
            tooltip="The reports linked to the event under the cursor, side by side"),
]  # fmt: skip


class LinkDecided(Message):
    def __init__(self, link: Link | None, status: str) -> None:
        super().__init__()
        self.link, self.status = link, status


class CompareReady(Message):
    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class LinkKeys(AppMixin):
    """Mixed into `FrontlineApp` (like `MarkKeys`): the keys, their workers, what they report."""

    if TYPE_CHECKING:

        @property
        def view(self) -> TimelineView: ...
        @property
        def detail(self) -> DetailPane: ...

    def action_decide_link(self, status: str) -> None:
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            self._decide_link(self.view.timeline, event, status)

    @work(thread=True, exclusive=True, group="links")
    def _decide_link(self, timeline: Timeline, event: Event, status: str) -> None:
        links = Links.of(timeline)
        best = links.best_proposal(event.id)
        decided = None if best is None else links.decide([best.a, best.b], status)[0]
        self.post_message(LinkDecided(decided, status))

    def on_link_decided(self, message: LinkDecided) -> None:
        link = message.link
        if link is None:
            self.notify("No proposed link on this event (frontline reconcile --list shows them all)", timeout=3)
            return
        said = "one happening" if message.status == "confirmed" else "two happenings"
        text = f"{message.status.capitalize()}: {clean(link.a, True)} and {clean(link.b, True)} are {said}"
        self.notify(text, timeout=3, markup=False)
        self.detail.reload_links()

    def action_compare(self) -> None:
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            self._compare(self.view.timeline, event)

    @work(thread=True, exclusive=True, group="links-compare")
    def _compare(self, timeline: Timeline, event: Event) -> None:
        linked = Links.of(timeline).linked(event)
        self.post_message(CompareReady([event, *linked.others]))

    def on_compare_ready(self, message: CompareReady) -> None:
        if len(message.events) < 2:
            self.notify("No other report is linked to this event", timeout=3)
            return
        self.push_screen(CompareScreen(message.events))


__all__ = ["LINK_BINDINGS", "CompareReady", "LinkDecided", "LinkKeys"]
