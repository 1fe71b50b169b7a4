""" "Export this view…" from the palette: the view's filters and search go to a file in the chosen format."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Label, RadioButton, RadioSet
from tui_helpers import settle

from frontline.store.query import Timeline
from frontline.store.selection import select
from frontline.tui.app import FrontlineApp
from frontline.tui.export_view import ExportScreen

SIZE = (120, 36)


async def written(pilot, path: Path) -> None:
    """Until the export's worker has moved the file into place (the worker starts after the modal closes)."""
    for _ in range(100):
        await settle(pilot)
        if path.exists() and not isinstance(pilot.app.screen, ExportScreen):
            return


async def test_export_this_view_from_the_palette(builtin_db: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_search("category:airstrike -disputed Idlib")
        await settle(pilot, rounds=2)
        await pilot.press("ctrl+p", *"export this", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(Input).value == str(tmp_path / "frontline-view.json")  # TimelineJS first
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "down")  # moving chooses: the HTML page, and the path follows the format
        await settle(pilot)
        assert app.screen.query_one(Input).value == str(tmp_path / "frontline-view.html")
        await pilot.press("up")
        await settle(pilot)
        assert app.screen.query_one(Input).value == str(tmp_path / "frontline-view.md")
        await pilot.press("enter")  # Enter exports from the formats too: the Markdown briefing
        path = tmp_path / "frontline-view.md"
        await written(pilot, path)
        assert not (tmp_path / "frontline-view.html").exists()
        assert not isinstance(app.screen, ExportScreen)
        expected = select("category:airstrike -disputed Idlib").first(Timeline(builtin_db), None)[0]
        text = path.read_text(encoding="utf-8")
        assert expected and text.count("\n### ") == len(expected)
        assert all(f": {e.title}\n" in text for e in expected)
        assert "**Query:** `category:airstrike -disputed Idlib`" in text
        assert any(f"Wrote {len(expected)} events to {path}" in str(n.message) for n in app._notifications)


async def test_export_never_overwrites(builtin_db: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    taken = tmp_path / "mine.jsonl"
    taken.write_text("kept\n", encoding="utf-8")
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export_view()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query(RadioButton)[3].value = True  # JSON lines
        await settle(pilot)
        screen.query_one(Input).value = str(taken)
        await pilot.click("#export-go")
        await settle(pilot)
        assert app.screen is screen and "exists already" in str(screen.query_one("#export-error", Label).render())
        screen.query_one(Input).value = str(tmp_path / "all.jsonl")
        screen.query_one(Input).focus()
        await pilot.press("enter")  # Enter in the path exports too
        await written(pilot, tmp_path / "all.jsonl")
    assert taken.read_text(encoding="utf-8") == "kept\n"
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == Timeline(builtin_db).count() and json.loads(lines[0])["id"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".frontline-")]  # no scratch file left
