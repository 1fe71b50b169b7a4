"""The collector's full passes wait for a pause between keys (tui/heap.py). Nothing here is timed."""

from __future__ import annotations

import gc

import frontline.tui.heap
from frontline.tui.heap import RARER, Heap


def test_full_passes_wait_for_a_pause_and_for_something_to_collect(monkeypatch):
    thresholds = gc.get_threshold()
    heap = Heap()
    passes: list[int] = []
    gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
    gc.disable()  # only the collections the test makes, so the counts are its own
    try:
        heap.painted()
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[2] == thresholds[2] * RARER
        heap.touched()
        gc.collect(1)  # something was collected young since the last full pass
        assert not heap.tick()  # a key came just now: no full pass
        monkeypatch.setattr(frontline.tui.heap, "IDLE", 0.0)
        passes.clear()
        assert heap.tick() and 2 in passes  # the user paused: the full pass runs
        assert gc.get_count()[2] == 0
        passes.clear()
        assert not heap.tick() and passes == []  # nothing since: an idle app is left alone
    finally:
        gc.enable()
        gc.callbacks.pop()
        heap.close()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
