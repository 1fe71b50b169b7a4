"""What waits for a frame runs once a frame composed after it is out, not merely when the screen is idle."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import settle

from frontline.store.load import load_records
from frontline.tui.app import FrontlineApp


def _app(tmp_path: Path) -> FrontlineApp:
    db = tmp_path / "frames.db"
    load_records(db, [{"id": f"e{n}", "date": f"2019-01-{n + 1:02d}", "title": f"event {n}"} for n in range(20)])
    return FrontlineApp(db)


async def test_a_callback_waits_for_a_frame_drawn_after_it_was_asked_for(tmp_path: Path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ran: list[int] = []
        before = app.frames_out
        app.after_frame(lambda: ran.append(app.frames_out))
        await pilot.pause()
        assert app.frames_out == before and ran == []  # nothing changed, nothing drawn: it waits
        app.view.refresh()
        await pilot.pause()
        await pilot.pause()
        assert app.frames_out > before and ran == [before + 1]  # run by the frame itself, once
        app.view.refresh()
        await pilot.pause()
        assert len(ran) == 1
        # Asked for after a change: run once the frame that draws it is out.
        before = app.frames_out
        app.view.cursor = 3
        app.after_frame(lambda: ran.append(app.frames_out))
        await settle(pilot)
        assert len(ran) == 2 and ran[1] > before
