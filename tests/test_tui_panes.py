"""Eras, marks, the map and the figures, pressed through Pilot on a copy of the built-in database.

Snapshots: `pytest tests/test_tui_panes.py --snapshot-update`, then look at the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static
from tui_helpers import settle

from frontline.store.geo import places_in_view
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp
from frontline.tui.detail import DetailPane
from frontline.tui.eras import BAND
from frontline.tui.help import HelpScreen
from frontline.tui.map import SELECTED, BrailleMap, MapScreen, draw
from frontline.tui.marks import MARK
from frontline.tui.stats import StatsScreen
from frontline.tui.timeline import TimelineView

SIZE = (120, 36)
OFFENSIVE = "The offensive on Maarat al-Numan"


def row_of(view: TimelineView, pos: int):
    """The strip drawn for the event at `pos` (which must be on screen)."""
    return view.render_line(view.lines.line_of(pos) - int(view.scroll_y))


def rendered(widget) -> str:
    return str(widget.render())


def detail_words(app: FrontlineApp) -> str:
    """The detail pane's text with its wrapping undone."""
    return " ".join(app.query_one(DetailPane).text.split())


async def test_eras_in_the_gutter_the_label_and_the_detail(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="29 Jan 2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=2)  # the detail follows the cursor a frame later: on a busy machine, later still
        view = app.query_one(TimelineView)
        bands = view.eras
        assert len(bands.eras) == 8
        strip = row_of(view, view.cursor)
        first = next(iter(strip))
        assert first.text.rstrip() == BAND  # the space after it may join it: its colour cannot show
        assert first.style.color.name.lower() == bands.colours[bands.eras.index(bands.at("2020-01-29"))].lower()
        top = view.day_of_line(int(view.scroll_y))
        assert bands.at(top).title in str(view.border_subtitle)
        assert OFFENSIVE in str(view.border_subtitle)
        detail = detail_words(app)
        assert "Eras" in detail
        for era in app.timeline.eras_at("2020-01-29"):
            assert era.title in detail
        assert detail.index(OFFENSIVE) < detail.index("Russia's air war")  # innermost first
        await pilot.press("home")
        await settle(pilot)
        assert OFFENSIVE not in str(view.border_subtitle)
        await pilot.press("right_square_bracket", "right_square_bracket")  # 2013: inside the rebel-held years
        await settle(pilot)
        assert "Maarat al-Numan under rebel control" in detail_words(app)
        event_row = row_of(view, view.cursor)
        assert event_row.text.startswith(BAND)


async def test_a_row_before_any_era_has_a_blank_gutter(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=2)  # as above: the detail comes a frame after the cursor
        view = app.query_one(TimelineView)
        first = app.timeline.event(0)
        assert view.eras.at(first.date_start) is None  # January 2011: before the uprising's March
        assert row_of(view, 0).text.startswith(" ")
        detail = detail_words(app)
        # The detail lists every era the event's span touches: a year-long event reaches into March.
        touched = app.timeline.eras_at(first.date_start, first.date_end)
        assert ("Eras" in detail) == bool(touched)
        assert all(era.title in detail for era in touched)


async def test_marks_toggle_jump_and_survive_a_restart(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        await pilot.press("j", "j", "m")
        await settle(pilot)
        assert MARK in row_of(view, 2).text and MARK not in row_of(view, 1).text
        assert app.query_one(DetailPane).text.startswith(MARK)
        assert app.timeline.marked([app.timeline.event(2).id])
        await pilot.press(*["j"] * 5, "m")
        await settle(pilot)
        await pilot.press("home", "apostrophe")
        await settle(pilot)
        assert view.cursor == 2
        await pilot.press("apostrophe")
        await settle(pilot)
        assert view.cursor == 7
        await pilot.press("apostrophe")
        await settle(pilot)
        assert view.cursor == 2 and any("wrapped" in n.message for n in app._notifications)
        await pilot.press("m")  # unmark 2: only 7 is left
        await settle(pilot)
        assert MARK not in row_of(view, 2).text and not app.query_one(DetailPane).text.startswith(MARK)
        assert not app.timeline.marked([app.timeline.event(2).id])
    again = FrontlineApp(builtin_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = again.query_one(TimelineView)
        assert MARK in row_of(view, 7).text and MARK not in row_of(view, 2).text
        await pilot.press("apostrophe")
        await settle(pilot)
        assert view.cursor == 7 and again.query_one(DetailPane).text.startswith(MARK)


async def test_next_mark_with_no_marks_says_so(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "apostrophe")
        await settle(pilot)
        assert app.query_one(TimelineView).cursor == 1
        assert any("No marks" in n.message for n in app._notifications)


async def test_m_in_the_search_box_is_a_letter(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "m", "M", "s", "apostrophe")
        await settle(pilot, 0.2)
        assert app.query_one("#search-bar Input", Input).value == "mMs'"
        assert not isinstance(app.screen, (MapScreen, StatsScreen))
        assert not app.timeline.marked([app.timeline.event(0).id])


async def test_the_map_shows_places_the_selection_and_the_road(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="29 Jan 2020")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        while view.event_at(view.cursor).place != "Saraqib":
            await pilot.press("j")
        await pilot.press("M")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MapScreen)
        widget = screen.query_one(BrailleMap)
        assert widget.data is not None and widget.data.places == places_in_view(app.timeline)
        text = rendered(widget)
        assert any(0x2800 < ord(char) <= 0x28FF for char in text)
        for name in ("Saraqib", "Maarat al-Numan", "Damascus", "M5"):
            assert name in text, name
        assert "New York" not in text  # far away: listed beside the map instead
        side = rendered(screen.query_one("#map-places", Static))
        assert "31 Maarat al-Numan" in side and "Off the map" in side and "New York" in side
        assert "39 places" in str(screen.query_one("#map-box").border_title)
        canvas = draw(widget.data, widget.selected, widget.size.width, widget.size.height)
        assert any(SELECTED in row for row in canvas.kind)
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert widget.zoom == 2 and "×4" in str(screen.query_one("#map-box").border_subtitle)
        canvas = draw(widget.data, widget.selected, widget.size.width, widget.size.height, widget.zoom)
        lit = [
            (col, row) for row, kinds in enumerate(canvas.kind) for col, kind in enumerate(kinds) if kind == SELECTED
        ]
        middle = (widget.size.width / 2, widget.size.height / 2)
        assert all(abs(col - middle[0]) <= 3 and abs(row - middle[1]) <= 2 for col, row in lit)  # zoomed on it
        await pilot.press("minus", "minus", "minus")
        await pilot.pause()
        assert widget.zoom == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MapScreen) and app.focused is view


async def test_the_map_of_an_event_without_coordinates(tmp_path: Path):
    from frontline.store.load import load_records

    path = tmp_path / "few.db"
    load_records(path, [{"id": "a", "date": "2020-01-01", "title": "Somewhere", "place": "Idlib", "lat": 35.93,
                         "lon": 36.63}, {"id": "b", "date": "2020-01-02", "title": "Nowhere"}])  # fmt: skip
    app = FrontlineApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "M")
        await settle(pilot)
        side = rendered(app.screen.query_one("#map-places", Static))
        assert "1 event without coordinates" in side and "has no coordinates" in side
        assert "Idlib" in rendered(app.screen.query_one(BrailleMap))
        await pilot.press("escape")


async def test_the_figures_match_the_store_and_keep_totals_apart(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.stats == app.timeline.stats() == Timeline(builtin_db).stats()
        years = rendered(screen.query_one("#stats-years", Static))
        for year, count, killed, _displaced in screen.stats.by_year:
            line = next(line for line in years.splitlines() if line.startswith(year))
            assert f" {count:,} " in line and (f"{killed:,}" if killed else "–") in line
        incidents = sum(row[2] or 0 for row in screen.stats.by_year)
        assert f"{incidents:,}" in years.splitlines()[-1] and years.splitlines()[-1].startswith("All")
        categories = rendered(screen.query_one("#stats-categories", Static))
        assert "airstrike" in categories and f"{incidents:,}" in categories
        totals = rendered(screen.query_one("#stats-totals", Static))
        assert totals.startswith("Running totals") and "not added" in totals
        assert "380,000" in totals and "380,000" not in years + categories
        for event in screen.stats.running_totals:
            assert event.title in totals
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)


async def test_map_figures_marks_and_era_label_follow_a_filtered_view(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"category:airstrike", "enter")
        await settle(pilot, 0.3)
        view = app.query_one(TimelineView)
        strikes = view.timeline.rows(0, view.timeline.count())
        assert strikes and all(e.category == "airstrike" for e in strikes)
        assert view.border_subtitle is not None and BAND in str(view.border_subtitle)  # the era label is back
        await pilot.press("s")
        await settle(pilot)
        assert sum(row[1] for row in app.screen.stats.by_year) == len(strikes)
        await pilot.press("escape", "M")
        await settle(pilot)
        data = app.screen.query_one(BrailleMap).data
        assert sum(p.count for p in data.places) == sum(1 for e in strikes if e.lat is not None)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("end", "m", "home", "apostrophe")
        await settle(pilot)
        assert view.cursor == len(strikes) - 1 and MARK in row_of(view, view.cursor).text


async def test_the_palette_opens_the_map_and_the_figures(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for words, screen in (("map", MapScreen), ("figures by year", StatsScreen)):
            await pilot.press("ctrl+p", *words)
            await settle(pilot, 0.3)
            await pilot.press("enter")
            await settle(pilot, 0.1)
            assert isinstance(app.screen, screen), words
            await pilot.press("escape")
            await pilot.pause()


async def test_help_lists_marks_map_and_figures(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = rendered(app.screen.query_one("#help-keys", Static))
        for text in (
            "Marks, map and figures",
            "m ",
            "Mark or unmark",
            "'",
            "next marked",
            "M ",
            "Map of the places",
            "s ",
            "by year and category",
        ):
            assert text in keys, text
        assert MARK in rendered(app.screen.query_one("#help-legend", Static))


# -- snapshots --------------------------------------------------------------------------------


def steady(*keys: str, delay: float = 0.0):
    """Like `tui_helpers.steady`, but settling after every key and clearing notices, whose toasts
    time out by the clock."""

    async def run_before(pilot) -> None:
        for field in pilot.app.query(Input):
            field.cursor_blink = False
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, delay)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_snapshot_eras_and_marks(snap_compare, builtin_db: Path):
    keys = ("k", "m", "k", "k", "m", "j")
    assert snap_compare(FrontlineApp(builtin_db, at="29 Jan 2020"), terminal_size=SIZE, run_before=steady(*keys))


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_snapshot_map(snap_compare, builtin_db: Path, size):
    assert snap_compare(FrontlineApp(builtin_db, at="29 Jan 2020"), terminal_size=size, run_before=steady("M"))


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_snapshot_stats(snap_compare, builtin_db: Path, size):
    assert snap_compare(FrontlineApp(builtin_db), terminal_size=size, run_before=steady("s"))
