"""Draw the timeline's likely next screens while the app is idle, so a key finds them drawn.

PageDown, PageUp, Home and End show a screen of rows not drawn before: about 30 rows to lay out,
several milliseconds of a key's frame. After each frame the warmer draws, a few rows at a time, the
rows of the screens those keys would show (the next, the previous, the first, the last and the
years either way), into the view's cache of drawn lines, and styles them (`KeptStyles`); only rows
whose events are read already. A key that comes while it works waits at most one small step.

First of all it draws the rows where the next key may put the cursor, as the cursor's row. Down and Up
show a row they never drew before: the row under the cursor, in the cursor's colours. Drawn on its own
after the key's work, a cold start, it took 0.5-1 ms of the frame. Then the border of each of those
screens (`edge`, with its top line): the timeline names the era of its first row there, a new name on
most pages of the built-in data, and a border row styled afresh is 0.2 ms of the frame.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

STEP = 8
"""Rows drawn and styled per step: about a millisecond."""


class StripWarmer:
    """Draws lines ahead through `draw(line, width, as_cursor)` (None: not readable yet), a step per callback."""

    def __init__(
        self, draw: Callable[[int, int, bool], object], after_frame: Callable[[Callable[[], None]], object],
        soon: Callable[[Callable[[], None]], object], edge: Callable[[int], object] = lambda top: None,
    ) -> None:  # fmt: skip
        """`after_frame` runs the first step once the key's frame is out; `soon` each next one, after
        whatever else is waiting (a key); `edge(top)` draws the border of a screen from line `top`."""
        self._draw = draw
        self._edge = edge
        self._after_frame = after_frame
        self._soon = soon
        self._generation = 0
        self._lines: Iterator[tuple[int, bool | None]] = iter(())  # (line, as the cursor's), or (top, None)
        self._width = 0

    def start(
        self, top: int, height: int, total: int, width: int, jumps: Sequence[int] = (), cursors: Sequence[int] = (),
        edges: Sequence[int] = (),
    ) -> None:  # fmt: skip
        """A new screen (top line, its height, all lines): warm the lines at `cursors` as the cursor's, the
        borders of the screens from the lines at `edges`, then the lines around the screen and of the screens
        at `jumps` (top lines), dropping what was queued."""
        self._generation += 1
        self._width = width
        if height <= 0 or total <= 0 or width <= 0:
            self._lines = iter(())
            return
        spans = [(top + height, top + 2 * height), (top - height, top), (0, height), (total - height, total)]
        spans += [(jump, jump + height) for jump in jumps]
        around = (
            (line, False)
            for first, last in spans
            for line in range(max(first, 0), min(last, total))
            if not top <= line < top + height
        )
        tops = dict.fromkeys(max(min(edge, total - height), 0) for edge in edges)
        self._lines = itertools.chain(
            ((line, True) for line in cursors if 0 <= line < total),
            ((edge, None) for edge in tops if edge != top),
            around,
        )
        generation = self._generation
        self._after_frame(lambda: self._step(generation))

    def stop(self) -> None:
        self._generation += 1

    def _step(self, generation: int) -> None:
        if generation != self._generation:
            return  # a newer screen since
        for _ in range(STEP):
            item = next(self._lines, None)
            if item is None:
                return
            line, as_cursor = item
            if as_cursor is None:
                self._edge(line)
            else:
                self._draw(line, self._width, as_cursor)
        self._soon(lambda: self._step(generation))
