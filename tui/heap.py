"""When Python's cycle collector runs: between keys, not in the middle of a frame.

Textual leaves cyclic garbage behind every key (events, callbacks, tasks), so the collector must run.
Its full passes walk every live object: after the first paint the app's start-up heap is frozen out
of its sight (25-40 ms passes before), and still the rows, strips and pages a session reads grow it
again; at a million events a full pass took 10-26 ms, and it came when the allocations said so,
mid-frame (a PageDown of 11 ms took 31). Here full passes wait for the user to stop for a moment
(`IDLE`), and the collector's own full passes are made five times rarer, for a session that never
stops. Young collections (a millisecond) run as ever.

What survives a pause's pass is frozen too, so the next pass walks only what came since (the drawn
lines the panes keep made the pause's pass 7-11 ms, long enough to meet the next key). Frozen
objects are still freed when nothing refers to them; only a cycle that dies after its freeze waits,
for a longer pause (`LONG_IDLE`), where everything is thawed, collected and frozen again.
"""

from __future__ import annotations

import gc
import time

IDLE = 0.2
"""Seconds without a key or a click before a full pass may run: a pause between two keys typed at a
steady pace (a pass takes 5-20 ms at a million events)."""

LONG_IDLE = 5.0
"""Seconds without a key or a click before the whole heap is walked (25-40 ms at a million events)."""

RARER = 5
"""How many times rarer the collector's own full passes are (its third threshold is multiplied)."""


class Heap:
    """The app's collector schedule: `painted()` once the first screen is out, `touched()` on every key or
    click, `tick()` every half second or so, `close()` when the app goes."""

    def __init__(self) -> None:
        self._frozen = False
        self._thresholds = gc.get_threshold()
        self._last_input = time.monotonic()
        self._walked = True  # the whole heap was walked since the last key

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
        self._walked = False

    def tick(self) -> bool:
        """Run a full pass over what came since the last one if the user has paused and anything was
        collected young since (an idle app allocates nothing and is left alone), and freeze what
        survives; after a long pause, walk the whole heap once. True if a pass ran."""
        if not self._frozen:
            return False
        idle = time.monotonic() - self._last_input
        if idle >= LONG_IDLE and not self._walked:
            self._walked = True
            gc.unfreeze()
        elif idle < IDLE or gc.get_count()[2] == 0:
            return False
        gc.collect()
        gc.freeze()
        return True

    def close(self) -> None:
        """Another app in this process (tests) starts from an ordinary heap."""
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
            gc.set_threshold(*self._thresholds)
