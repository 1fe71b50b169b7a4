"""One frame per key: the frame that first shows the cursor moved also shows the new event in the detail pane.

Each frame the app sends to the terminal is recorded with what it drew (`App._display` is where a frame
leaves); no time is measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import settle

from frontline.tui.app import FrontlineApp


def record_frames(app: FrontlineApp) -> list[tuple[int, str | None, str | None]]:
    """(cursor, the event under it, the event in the detail pane) at every frame from now on."""
    frames: list[tuple[int, str | None, str | None]] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        under = app.view.event_at(app.view.cursor)
        shown = app.detail.event
        frames.append((app.view.cursor, under.id if under else None, shown.id if shown else None))

    app._display = display  # type: ignore[method-assign]  # a probe on the one place frames leave
    return frames


@pytest.mark.parametrize(
    "keys", [("down", "up"), ("pagedown", "pageup"), ("end", "home"), ("left_square_bracket", "right_square_bracket")]
)
async def test_a_key_draws_the_cursor_and_its_event_in_one_frame(builtin_db: Path, keys: tuple[str, str]):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        frames = record_frames(app)
        for turn in range(4):
            key = keys[turn % 2]
            before = app.view.cursor
            frames.clear()
            await pilot.press(key)
            await settle(pilot)
            moved = [frame for frame in frames if frame[0] != before]
            assert moved, f"{key} drew no frame with the cursor moved"
            _, under, shown = moved[0]
            assert under is not None and shown == under, f"{key}: the detail pane lagged the cursor's frame"
            assert len(moved) == 1 or all(frame[1:] == moved[0][1:] for frame in moved)
