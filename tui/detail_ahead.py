"""The detail pane's drawings, kept and made ahead of the key that shows them.

A new event costs the detail pane 2-3 ms to lay out (its Content, wrapped into Strips): most of a key's
work on the built-in data, whose long articles wrap to thirty lines. After each frame the pane draws,
one event per step, the events the next key may bring under the cursor (the next and the previous, a
page on and back, the next year, the first and the last) into a small cache, so that key finds its
pane drawn. A key that comes while it works waits at most one step. An event drawn before is kept
(`keep`): its lines stay styled, however many others were styled since.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from textual.content import Content
    from textual.strip import Strip

    from frontline.store.links import Linked
    from frontline.store.query import Event

KEEP = 24
"""Drawings kept: the screens around the cursor and both ends, with room to go back."""


class Drawing(NamedTuple):
    """One event as the pane shows it: its Content, wrapped to the pane's width."""

    event: Event
    linked: Linked | None
    content: Content
    lines: list[Strip]


class DetailAhead:
    """A cache of drawings by key (`key_of`), filled ahead through `draw` a step per callback."""

    def __init__(
        self, draw: Callable[[Event], Drawing | None], key_of: Callable[[Event], Hashable],
        after_frame: Callable[[Callable[[], None]], object], soon: Callable[[Callable[[], None]], object],
        keep: Callable[[Drawing], object] = lambda drawing: None,
    ) -> None:  # fmt: skip
        """`after_frame` runs the first step once the key's frame is out; `soon` each next one, after
        whatever else is waiting (a key); `keep` is told of each event wanted again that is drawn already."""
        self._draw = draw
        self._keep = keep
        self._key_of = key_of
        self._after_frame = after_frame
        self._soon = soon
        self._kept: OrderedDict[Hashable, Drawing] = OrderedDict()
        self._generation = 0
        self._queue: Iterator[Event] = iter(())
        self._wanted: list[Event | None] = []

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, event: Event) -> Drawing | None:
        """The drawing of this very event object (a page read again makes new ones) as things stand."""
        key = self._key_of(event)
        drawing = self._kept.get(key)
        if drawing is None or drawing.event is not event:
            return None
        self._kept.move_to_end(key)
        return drawing

    def put(self, drawing: Drawing) -> None:
        self._kept[self._key_of(drawing.event)] = drawing
        self._kept.move_to_end(self._key_of(drawing.event))
        while len(self._kept) > KEEP:
            self._kept.popitem(last=False)

    def clear(self) -> None:
        """Forget every drawing (the style, the eras or the links changed), and draw those wanted again."""
        self._kept.clear()
        self.ahead(self._wanted)

    def ahead(self, events: list[Event | None]) -> None:
        """Draw these events (None: not read yet, skipped) once the frame is out, dropping what was queued."""
        self._generation += 1
        self._wanted = events
        self._queue = (event for event in events if event is not None)
        generation = self._generation
        self._after_frame(lambda: self._step(generation))

    def _step(self, generation: int) -> None:
        if generation != self._generation:
            return  # a newer key since
        for event in self._queue:
            if (kept := self.get(event)) is not None:
                self._keep(kept)
            else:
                if (drawing := self._draw(event)) is None:
                    return  # the pane has no width yet: its first draw asks again
                self.put(drawing)
                self._soon(lambda: self._step(generation))
                return
