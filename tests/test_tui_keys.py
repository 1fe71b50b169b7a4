"""Every key of the timeline screen, pressed through Pilot on a copy of the built-in database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Label, Static
from tui_helpers import settle

from frontline.store.dates import parse_date
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp, HeaderBar
from frontline.tui.detail import DetailPane
from frontline.tui.help import HelpScreen
from frontline.tui.search import PromptBar
from frontline.tui.timeline import TimelineView

SIZE = (120, 36)


def header_text(app: FrontlineApp) -> str:
    return str(app.query_one(HeaderBar).render())


def detail_text(app: FrontlineApp) -> str:
    return app.query_one(DetailPane).text


def first_of_year(timeline: Timeline, year: str) -> int:
    return next(e.pos for e in timeline.rows(0, timeline.count()) if e.date_start.startswith(year))


def current(app: FrontlineApp):
    view = app.query_one(TimelineView)
    return view.event_at(view.cursor)


async def test_opening_screen(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        assert app.focused is view
        assert view.cursor == 0
        header = header_text(app)
        count = app.timeline.count()
        assert "maarat-al-numan" in header and f"{count} events" in header and "Jan 2011 – " in header
        first = app.timeline.event(0)
        assert current(app) == first and first.title in detail_text(app)
        lines = [view.render_line(y).text for y in range(4)]
        year_count = sum(1 for e in app.timeline.rows(0, count) if e.date_start.startswith("2011"))
        assert lines[0].strip().startswith("2011 ─") and f"{year_count} events" in lines[0]
        assert lines[1].strip().startswith(first.date_short)


async def test_up_down_and_vim_keys_skip_separators(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        separators = [pos for pos in range(1, 10) if view.lines.line_of(pos) - view.lines.line_of(pos - 1) > 1]
        assert separators  # the built-in data has month rows between its first events
        await pilot.press("down")
        assert view.cursor == 1
        await pilot.press(*["j"] * separators[0])
        assert view.cursor == separators[0] + 1  # one key per event, separator rows or not
        await pilot.press("k", "up")
        assert view.cursor == separators[0] - 1
        await pilot.press(*["up"] * 12)
        assert view.cursor == 0
        await pilot.press("j", "j")
        await settle(pilot)
        assert app.timeline.event(2).title in detail_text(app)


async def test_page_home_end(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        await pilot.press("pagedown")
        paged = view.cursor
        assert 15 <= paged <= 30
        await pilot.press("pagedown", "pageup")
        assert view.cursor == paged
        last = app.timeline.count() - 1
        await pilot.press("end")
        assert view.cursor == last
        await pilot.press("home")
        assert view.cursor == 0
        await pilot.press("G")
        await settle(pilot)
        assert view.cursor == last
        assert app.timeline.event(last).title in detail_text(app)
        await pilot.press("g")
        assert view.cursor == 0


async def test_years_and_months(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        timeline = app.timeline
        await pilot.press("right_square_bracket")
        assert view.cursor == first_of_year(timeline, "2012")
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert view.cursor == first_of_year(timeline, "2014")
        await pilot.press("left_square_bracket")
        assert view.cursor == first_of_year(timeline, "2013")
        await pilot.press("j", "left_square_bracket")  # inside a year, [ goes to its start first
        assert view.cursor == first_of_year(timeline, "2013")
        months = [bucket.first for bucket in timeline.buckets()]
        await pilot.press("home", "right_curly_bracket")
        assert view.cursor == months[1]
        await pilot.press("right_curly_bracket")
        assert view.cursor == months[2]
        await pilot.press("left_curly_bracket")
        assert view.cursor == months[1]


async def test_search_as_you_type_and_matches(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        await pilot.press("slash", *"saraqeb")
        await settle(pilot, 0.25)
        assert app.query_one("#search-bar", PromptBar).has_class("-open")
        matches = sorted(app.search.matches_in(0, view.lines.count))
        total = len(matches)
        assert total > 3 and view.cursor == matches[0] and "Saraqeb" in current(app).title
        assert f"/saraqeb 1/{total}" in header_text(app)
        assert "Saraqeb" in detail_text(app)
        row = view.render_line(view.lines.line_of(matches[0]) - int(view.scroll_y))
        assert row.text[1] == "▍"  # the match mark, after the era's band
        await pilot.press("enter")
        assert app.focused is view and not app.query_one("#search-bar").has_class("-open")
        await pilot.press("n")
        await settle(pilot)
        assert view.cursor == matches[1] and f"/saraqeb 2/{total}" in header_text(app)
        await pilot.press("N", "N")
        await settle(pilot)
        assert view.cursor == matches[-1] and f"/saraqeb {total}/{total}" in header_text(app)  # wrapped
        assert any("wrapped" in n.message for n in app._notifications)
        await pilot.press("n")
        await settle(pilot)
        assert view.cursor == matches[0]
        await pilot.press("escape")
        await settle(pilot)
        assert app.search is None and "/saraqeb" not in header_text(app)
        assert view.cursor == matches[0]


async def test_escape_in_the_input_clears_the_search(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"idlib")
        await settle(pilot, 0.25)
        assert app.search is not None
        await pilot.press("escape")
        await settle(pilot)
        assert app.search is None and app.focused is app.query_one(TimelineView)
        assert not app.query_one("#search-bar").has_class("-open")


async def test_search_with_no_match_and_odd_text(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "slash", *'zzqx "[b]"', "enter")
        await settle(pilot, 0.25)
        assert app.query_one(TimelineView).cursor == 1  # stays where it was
        assert "no matches" in header_text(app)


async def test_a_query_it_cannot_read_says_where(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Idlib")
        await settle(pilot, 0.25)
        assert app.search is not None and app.search.text == "Idlib"
        await pilot.press(*' "[b]', "enter")
        await settle(pilot, 0.25)
        bar = app.query_one("#search-bar")
        assert bar.has_class("-open") and bar.has_class("-error")  # kept open on the query to fix
        hint = str(bar.query_one(".prompt-hint", Label).render())
        assert "this quote is never closed at column 7" in hint
        assert bar.input.cursor_position == 6  # the cursor on the quote
        assert app.search is not None and app.search.text == "Idlib"  # the last query read stays, not words


async def test_go_to_date(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        for text, prefix in [("19 Dec 2019", "2019-12-19"), ("March 2015", "2015-03"), ("2016", "2016")]:
            await pilot.press("colon", *text, "enter")
            await settle(pilot)
            assert view.cursor == app.timeline.position_of_date(parse_date(text).start), text
            assert current(app).date_start.startswith(prefix) and app.focused is view
        where = view.cursor
        await pilot.press("colon", *"blah", "enter")
        await settle(pilot)
        assert view.cursor == where
        assert app.query_one("#date-bar").has_class("-open")
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("escape")
        assert app.focused is view and not app.query_one("#date-bar").has_class("-open")


async def test_tab_switches_panes(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is app.query_one(DetailPane)
        await pilot.press("tab")
        assert app.focused is app.query_one(TimelineView)


async def test_help_lists_every_key(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        for text in [
            "Next event",
            "↓ j",
            "Previous year",
            "Next month",
            "Search",
            "Next match",
            "Clear the search",
            "Go to",
            "every key",
            "Quit",
            "q ^q",
            "tab",
            "pgdn",
            "home g",
            "end G",
            "^p",
        ]:
            assert text in keys, text
        legend = str(app.screen.query_one("#help-legend", Static).render())
        assert "chemical attack" in legend and "Σ" in legend
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit(builtin_db: Path, key: str):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert app._exit


async def test_q_in_the_search_is_a_letter(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await pilot.pause()
        assert not app._exit and app.query_one("#search-bar", PromptBar).value == "q"


async def test_command_palette(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(TimelineView)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"jump 2017")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot, 0.1)
        assert current(app).date_start.startswith("2017")
        await pilot.press("ctrl+p", *"19 Dec 2019")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot, 0.1)
        assert current(app).date_start == "2019-12-19"
        await pilot.press("ctrl+p", *"search")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot, 0.1)
        assert app.query_one("#search-bar").has_class("-open")


async def test_click_selects_a_row(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        lines = view.lines
        separator = next(line for line in range(1, 10) if lines.pos_at(line) is None)
        await pilot.click(TimelineView, offset=(10, 1 + separator + 1))  # 1 for the border
        assert view.cursor == lines.pos_at(separator + 1)
        await pilot.click(TimelineView, offset=(10, 1 + separator))  # a separator: the event after it
        assert view.cursor == lines.pos_at(separator + 1)
        await pilot.click(TimelineView, offset=(10, 1 + separator + 2))
        assert view.cursor == lines.pos_near(separator + 2)


async def test_start_at_a_date_with_a_search(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="29 Jan 2020", search="saraqeb")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        search = app.timeline.search("saraqeb")
        expected = search.first_at_or_after(app.timeline.position_of_date("2020-01-29"))
        assert view.cursor == expected and current(app).date_start >= "2020-01-29"
        assert f"/saraqeb {search.rank(expected)}/{search.count()}" in header_text(app)


async def test_start_at_a_bad_date(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="not a date at all")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(TimelineView).cursor == 0
        assert any(n.severity == "error" for n in app._notifications)


async def test_narrow_terminal_stacks_the_panes(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        timeline, detail = app.query_one(TimelineView), app.query_one(DetailPane)
        assert app.screen.has_class("-narrow")
        assert detail.region.y >= timeline.region.bottom and detail.region.width == 80
        height = detail.region.height
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is detail and detail.region.height > height
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is timeline


async def test_wheel_scrolls_without_moving_the_cursor(builtin_db: Path):
    from textual import events

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        for _ in range(5):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await settle(pilot)
        assert view.scroll_y > 0 and view.cursor == 0
        top = view.lines.pos_near(int(view.scroll_y))
        assert view.event_at(top) is not None  # rows below the first screen arrived from the worker


async def test_resizing_switches_the_layout(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        timeline, detail = app.query_one(TimelineView), app.query_one(DetailPane)
        assert detail.region.y >= timeline.region.bottom


async def test_a_bad_date_is_selected_so_typing_replaces_it_and_far_dates_say_so(builtin_db):
    from textual.widgets import Input

    from frontline.tui.app import FrontlineApp

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"nonsense", "enter")
        await pilot.pause()
        field = app.query_one("#date-bar Input", Input)
        assert field.selected_text == "nonsense"
        await pilot.press(*"1990", "enter")
        await pilot.pause(0.2)
        assert app.view.cursor == 0 or app.view.event_at(app.view.cursor).pos == 0
        assert any("Nothing in this view on 1990" in str(n.message) for n in app._notifications)


async def test_a_date_on_which_nothing_starts_says_where_the_cursor_went(builtin_db):
    from frontline.store.query import Timeline
    from frontline.tui.app import FrontlineApp

    timeline = Timeline(builtin_db)
    next_event = timeline.event(timeline.position_of_date("2019-12-24"))
    assert next_event is not None and next_event.date_start > "2019-12-24"  # nothing of the built-in data starts then
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"24 Dec 2019", "enter")
        await pilot.pause(0.2)
        assert app.view.event_at(app.view.cursor).id == next_event.id
        said = [str(n.message) for n in app._notifications]
        assert f"Nothing starts on 24 Dec 2019: the next event is on {next_event.date_short}." in said
        app.clear_notifications()
        await pilot.press("colon", *"29 Jan 2020", "enter")  # events start that day: no notice
        await pilot.pause(0.2)
        assert app.view.event_at(app.view.cursor).date_start == "2020-01-29"
        assert not [n for n in app._notifications if "Nothing" in str(n.message)]
