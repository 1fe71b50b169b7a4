"""The query language in the search box: words left out, OR, filters beside them, and errors."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import settle

from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp

SIZE = (120, 36)


def ids(timeline: Timeline, text: str) -> set[str]:
    found = timeline.search(text)
    return {e.id for e in found.page(limit=1000)} if found else set()


async def typed(app: FrontlineApp, pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot, 0.25, rounds=3)


async def test_the_search_box_speaks_the_language(builtin_db: Path):
    base = Timeline(builtin_db)
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(app, pilot, "Idlib -Saraqeb")
        expected = ids(base, "Idlib") - ids(base, "Saraqeb")
        assert app.search is not None and app.match_count == len(expected) < len(ids(base, "Idlib"))
        assert not app.filters and app.timeline.count() == base.count()  # the words search; the view stays
        await pilot.press("escape")
        await typed(app, pilot, "HTS OR Nusra killed>0")
        assert app.filters.describe() == "killed>0"
        with_figures = {e.id for e in app.timeline.rows(0, 1000)}
        assert app.match_count == len((ids(base, "HTS") | ids(base, "Nusra")) & with_figures) > 0
        await pilot.press("escape", "F")
        await settle(pilot, rounds=3)
        await typed(app, pilot, "-dataset:maarat-al-numan")
        assert app.timeline.count() == 0 and app.search is None  # hides exactly the dataset it names
