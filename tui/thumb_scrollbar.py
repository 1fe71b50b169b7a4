"""A vertical scrollbar that repaints only when its thumb moves on the screen.

Textual repaints a scrollbar whenever its position changes. Over a million lines, a line of
scrolling moves the thumb by a thousandth of a cell, so most of those repaints draw the same
cells again, at a few milliseconds per key. This one computes the thumb's cells as the renderer
does and repaints only when they change.
"""

from __future__ import annotations

from math import ceil

from textual.reactive import Reactive
from textual.scrollbar import ScrollBar


class ThumbScrollBar(ScrollBar):
    """A ScrollBar whose position repaints only when the thumb's eighth-of-a-cell extent changes."""

    position: Reactive[float] = Reactive(0, repaint=False)

    def thumb(self, position: float) -> tuple[int, int] | None:
        """The thumb's start and end in eighths of a cell, as `ScrollBarRender.render_bar` places it."""
        size = self.size.height if self.vertical else self.size.width
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        if not (window and size and virtual and size != virtual) or virtual == window:
            return None
        bars = len(self.renderer.VERTICAL_BARS if self.vertical else self.renderer.HORIZONTAL_BARS)
        thumb_size = max(1, window / (virtual / size))
        start = int((size - thumb_size) * (position / (virtual - window)) * bars)
        return start, start + ceil(thumb_size * bars)

    def watch_position(self, old: float, new: float) -> None:
        if self.thumb(old) != self.thumb(new) or self.thumb(new) is None:
            self.refresh()
