"""What the TUI tests share: waiting until the app is still, and a still app for snapshots."""

from __future__ import annotations

from textual.widgets import Input
from textual.worker import WorkerCancelled


async def settle(pilot, delay: float = 0.0, rounds: int = 1) -> None:
    """Let timers fire, workers finish and their messages land (`rounds` > 1: a result can start a worker)."""
    for _ in range(rounds):
        await pilot.pause(delay)
        for _ in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # a newer worker of its group took over (exclusive): wait for that one
                continue
        await pilot.pause()


def steady(*keys: str, delay: float = 0.0, rounds: int = 1):
    """A snapshot's run_before: the cursor blink off, the keys pressed, the workers waited for."""

    async def run_before(pilot) -> None:
        for field in pilot.app.query(Input):
            field.cursor_blink = False
        await settle(pilot, rounds=rounds)
        if keys:
            await pilot.press(*keys)
        await settle(pilot, delay, rounds=rounds)

    return run_before
