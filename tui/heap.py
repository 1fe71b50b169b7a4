"""When Python's cycle collector runs: between keys, not in the middle of a frame.

Textual leaves cyclic garbage behind every key (events, callbacks, tasks), so the collector must run.
Its full passes walk every live object: after the first paint the app's start-up heap is frozen out
of its sight (25-40 ms passes before), and still the rows, strips and pages a session reads grow it
again; at a million events a full pass took 10-26 ms, and it came when the allocations said so,
mid-frame (a PageDown of 11 ms took 31). Here full passes wait for the user to stop for a moment
(`IDLE`), and the collector's own full passes are made five times rarer, for a session that never
stops. Young collections (a millisecond) run as ever.
"""

from __future__ import annotations

import gc
import time

IDLE = 0.2
"""Seconds without a key or a click before a full pass may run: a pause between two keys typed at a
steady pace (a pass takes 5-20 ms at a million events)."""

RARER = 5
"""How many times rarer the collector's own full passes are (its third threshold is multiplied)."""


class Heap:
    """The app's collector schedule: `painted()` once the first screen is out, `touched()` on every key or
    click, `tick()` every half second or so, `close()` when the app goes."""

    def __init__(self) -> None:
        self._frozen = False
        self._thresholds = gc.get_threshold()
        self._last_input = time.monotonic()

    def painted(self) -> None:
        """Collect once, move what survives (Textual, the CSS, the first rows) out of the collector's sight,
        and make its own full passes rarer."""
        if self._frozen:
            return
        self._frozen = True
        gc.collect()
        gc.freeze()
        first, second, third = self._thresholds
        gc.set_threshold(first, second, third * RARER)

    def touched(self) -> None:
        self._last_input = time.monotonic()

    def tick(self) -> bool:
        """Run a full pass if the user has paused and anything was collected young since the last one
        (an idle app allocates nothing and is left alone). True if it ran."""
        if not self._frozen or time.monotonic() - self._last_input < IDLE or gc.get_count()[2] == 0:
            return False
        gc.collect()
        return True

    def close(self) -> None:
        """Another app in this process (tests) starts from an ordinary heap."""
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
            gc.set_threshold(*self._thresholds)
