"""Linked reports in the TUI: "Also reported by" with the differences, `l` / `x` decide, `c` compares."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from tui_helpers import settle

from frontline.store.links import Links
from frontline.store.load import load_records
from frontline.tui.app import FrontlineApp
from frontline.tui.detail import DetailPane
from frontline.tui.linked import CompareScreen
from frontline.tui.timeline import TimelineView

SIZE = (120, 40)
UN = "2020-01-27-un-389000-displaced"
KAFR_LATA = "2020-01-29-kafr-lata-strikes"


def compare_text(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-table", Static).render())


async def open_at(app: FrontlineApp, pilot, ident: str) -> None:
    await settle(pilot, rounds=2)
    view = app.query_one(TimelineView)
    view.cursor = view.timeline.position_of_id(ident)
    await settle(pilot, rounds=3)


async def test_the_detail_of_a_grouped_event_shows_the_other_report_and_its_differences(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, UN)
        detail = app.query_one(DetailPane)
        text = detail.text
        assert "Also reported by" in text and "2019-12-388000-displaced-since-december" in text
        assert "running total: 388,000 displaced (here: running total: 389,000 displaced)" in text
        assert "confirmed: the same happening" in text
        differing = {text[s.start : s.end] for s in detail.content.spans if "warning" in str(s.style)}
        assert "running total: 388,000 displaced" in differing and "Dec 2019 → 29 Jan 2020" in differing
        assert "Idlib Governorate, Idlib" not in differing  # the same place is not highlighted
        await pilot.press("c")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, CompareScreen)
        assert [e.id for e in app.screen.events] == [UN, "2019-12-388000-displaced-since-december"]
        assert app.screen.query_one("#compare").border_title == "One happening, 2 reports (confirmed)"
        table = compare_text(app.screen)
        assert "running total: 389,000 displaced" in table and "running total: 388,000 displaced" in table
        assert table.splitlines()[0].split() == ["Link", "this", "report", "confirmed"]


async def test_l_confirms_the_proposed_link_of_the_event_under_the_cursor_and_x_rejects(builtin_db: Path):
    acled = {
        "id": "SYR1", "date": "2020-01-29", "title": "Air/drone strike in Kafr Lata", "place": "Kafr Lata, Ariha",
        "lat": 35.79, "lon": 36.63, "category": "Explosions/Remote violence", "fatalities": 11,
        "actors": ["Military Forces of Russia (1991-)", "Civilians (Syria)"],
        "summary": "Russian and regime warplanes struck Kafr Lata near Ariha; 11 civilians were killed.",
    }  # fmt: skip
    load_records(builtin_db, [acled], "acled")
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, KAFR_LATA)
        assert "proposed, score" in app.query_one(DetailPane).text
        await pilot.press("c")  # a proposal is not shown as one happening: only a person says so
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.query_one("#compare").border_title.startswith("Proposed: perhaps one happening, 2 reports")
        assert "proposed (0." in compare_text(app.screen).splitlines()[0]
        assert "running total" not in compare_text(app.screen)  # one strike's toll is no tally
        await pilot.press("escape")
        await settle(pilot, rounds=2)
        await pilot.press("l")
        await settle(pilot, rounds=3)
        assert "confirmed: the same happening" in app.query_one(DetailPane).text
        links = Links.of(app.query_one(TimelineView).timeline)
        assert links.linked(app.query_one(DetailPane).event).group == KAFR_LATA  # the smallest id names it
        await pilot.press("x")  # nothing proposed on it any more: a notice, no change
        await settle(pilot, rounds=2)
        assert links.linked(app.query_one(DetailPane).event).group == KAFR_LATA  # the smallest id names it
