"""Draw the timeline's likely next screens while the app is idle, so a key finds them drawn.

PageDown, PageUp, Home and End show a screen of rows not drawn before: about 30 rows to lay out,
several milliseconds of a key's frame. After each frame the warmer draws, a few rows at a time, the
rows of the screens those keys would show (the next, the previous, the first, the last and the
years either way), into the view's cache of drawn lines, and styles them (`KeptStyles`); only rows
whose events are read already. A key that comes while it works waits at most one small step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

STEP = 8
"""Rows drawn and styled per step: about a millisecond."""


class StripWarmer:
    """Draws lines ahead through `draw(line, width)` (None: not readable yet), a step per callback."""

    def __init__(
        self, draw: Callable[[int, int], object], after_frame: Callable[[Callable[[], None]], object],
        soon: Callable[[Callable[[], None]], object],
    ) -> None:  # fmt: skip
        """`after_frame` runs the first step once the key's frame is out; `soon` each next one, after
        whatever else is waiting (a key)."""
        self._draw = draw
        self._after_frame = after_frame
        self._soon = soon
        self._generation = 0
        self._lines: Iterator[int] = iter(())
        self._width = 0

    def start(self, top: int, height: int, total: int, width: int, jumps: Sequence[int] = ()) -> None:
        """A new screen (top line, its height, all lines): warm around it, and the screens at `jumps` (top
        lines), dropping what was queued."""
        self._generation += 1
        self._width = width
        if height <= 0 or total <= 0 or width <= 0:
            self._lines = iter(())
            return
        spans = [(top + height, top + 2 * height), (top - height, top), (0, height), (total - height, total)]
        spans += [(jump, jump + height) for jump in jumps]
        self._lines = (
            line
            for first, last in spans
            for line in range(max(first, 0), min(last, total))
            if not top <= line < top + height
        )
        generation = self._generation
        self._after_frame(lambda: self._step(generation))

    def stop(self) -> None:
        self._generation += 1

    def _step(self, generation: int) -> None:
        if generation != self._generation:
            return  # a newer screen since
        for _ in range(STEP):
            line = next(self._lines, None)
            if line is None:
                return
            self._draw(line, self._width)
        self._soon(lambda: self._step(generation))
