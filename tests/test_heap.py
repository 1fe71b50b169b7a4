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
        frozen = gc.get_freeze_count()
        kept = [[index] for index in range(1000)]  # lists are tracked: a survivor of the pass
        for inner in kept:
            inner.append(inner)  # each in a cycle: when they die, only a pass that sees them frees them
        gc.collect(1)
        assert heap.tick() and 2 in passes  # the user paused: the full pass runs
        assert gc.get_count()[2] == 0
        assert gc.get_freeze_count() >= frozen + len(kept)  # its survivors are frozen: the next pass skips them
        passes.clear()
        assert not heap.tick() and passes == []  # nothing since: an idle app is left alone
        monkeypatch.setattr(frontline.tui.heap, "LONG_IDLE", 0.0)
        del kept, inner
        assert gc.get_freeze_count() >= frozen + 1000  # dead cycles, frozen: out of the young passes' sight
        assert heap.tick() and 2 in passes  # a long pause: the whole heap is thawed and walked once
        assert gc.get_freeze_count() < frozen + 1000  # the dead cycles were freed
        passes.clear()
        assert not heap.tick() and passes == []  # once per pause
        heap.touched()
        gc.collect(1)
        assert heap.tick() and 2 in passes  # after the next key, the next long pause walks it again
    finally:
        gc.enable()
        gc.callbacks.pop()
        heap.close()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds


def test_a_moment_after_a_key_its_garbage_goes_and_what_it_keeps_is_frozen(monkeypatch):
    heap = Heap()
    passes: list[tuple[int, int]] = []
    gc.callbacks.append(
        lambda phase, info: passes.append((info["generation"], info["collected"])) if phase == "stop" else None
    )
    gc.disable()
    try:
        heap.painted()
        monkeypatch.setattr(frontline.tui.heap, "IDLE", 3600.0)  # no pause yet: only the moment after the key
        heap.touched()
        assert not heap.tick()  # the key is still being drawn
        kept = [[index] for index in range(1000)]  # what the key keeps (lines drawn ahead)
        for _ in range(500):  # and its garbage: cycles no one refers to
            cycle: list = []
            cycle.append(cycle)
        del cycle
        frozen = gc.get_freeze_count()
        monkeypatch.setattr(frontline.tui.heap, "SETTLE", 0.0)
        passes.clear()
        assert heap.tick()
        assert [generation for generation, _ in passes] == [1]  # a young pass, not a full one
        assert passes[0][1] >= 500  # the garbage went
        assert gc.get_freeze_count() >= frozen + len(kept) and gc.get_count()[0] == 0  # the rest is frozen
        passes.clear()
        assert not heap.tick() and passes == []  # once per key
        heap.touched()
        assert heap.tick()  # the next key's
    finally:
        gc.enable()
        gc.callbacks.pop()
        heap.close()
