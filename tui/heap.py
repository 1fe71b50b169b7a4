"""When Python's cycle collector runs: between keys, not in the middle of a frame.

Textual leaves cyclic garbage behind every key (events, callbacks, tasks), so the collector must run.
Its full passes walk every live object: after the first paint the app's start-up heap is frozen out
of its sight (25-40 ms passes before), and still the rows, strips and pages a session reads grow it
again; at a million events a full pass took 10-26 ms, and it came when the allocations said so,
mid-frame (a PageDown of 11 ms took 31). Here full passes wait for the user to stop for a moment
(`IDLE`), and the collector's own full passes are made five times rarer, for a session that never
stops. Young collections (a millisecond) run as ever.

What a key leaves alive is collected young and frozen a moment after it (`SETTLE`), and what
survives a pause's pass is frozen too, so later passes walk only what came since (the drawn lines
the panes keep made the young passes 4-10 ms, and the pause's 7-11). Frozen objects are still freed
when nothing refers to them; only a cycle that dies after its freeze waits, for a longer pause
(`LONG_IDLE`), where everything is thawed, collected and frozen again.
"""

from __future__ import annotations

import gc
import time

IDLE = 0.2
"""Seconds without a key or a click before a full pass may run: a pause between two keys typed at a
steady pace (a pass takes 5-20 ms at a million events)."""

SETTLE = 0.05
"""Seconds after a key or a click before what it left alive (the lines and events drawn ahead, kept)
is collected young and frozen: left in the young generations, it made their passes 4-10 ms, and
one in a few keys met one (a PageDown of 8 ms took 25-37)."""

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
        self._settled = True  # what the last key left alive is frozen

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
        self._walked = self._settled = False

    def tick(self) -> bool:
        """A moment after a key, collect what it left young and freeze what survives; after a pause, a full
        pass over what came since the last (if anything was collected young since: an idle app allocates
        nothing and is left alone); after a long pause, walk the whole heap once. True if a pass ran."""
        if not self._frozen:
            return False
        idle = time.monotonic() - self._last_input
        if idle >= LONG_IDLE and not self._walked:
            self._walked = True
            gc.unfreeze()
            generation = 2
        elif idle >= IDLE and gc.get_count()[2] > 0:
            generation = 2
        elif idle >= SETTLE and not self._settled:
            generation = 1  # the key's own garbage goes; what it keeps is frozen with the rest
        else:
            return False
        self._settled = True
        gc.collect(generation)
        gc.freeze()
        return True

    def close(self) -> None:
        """Another app in this process (tests) starts from an ordinary heap."""
        if self._frozen:
            self._frozen = False
            gc.unfreeze()
            gc.set_threshold(*self._thresholds)
