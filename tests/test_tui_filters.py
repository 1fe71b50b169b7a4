"""Filters, facets and the density strip, driven through Pilot on a copy of the built-in database.

Every count on screen is checked against the store's own answer for the same view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.command import CommandPalette
from textual.widgets import OptionList, Static
from tui_helpers import settle as _settle
from tui_helpers import steady as _steady

from frontline.store.filters import Filters, parse_filter_options
from frontline.store.load import load_records
from frontline.tui.app import FrontlineApp, HeaderBar
from frontline.tui.density import DensityStrip, month_index
from frontline.tui.detail import DetailPane
from frontline.tui.facets import FacetsScreen
from frontline.tui.help import HelpScreen
from frontline.tui.search import PromptBar
from frontline.tui.timeline import TimelineView


async def settle(pilot, delay: float = 0.0) -> None:
    """Twice: here a result often starts another worker (a view, then its month counts)."""
    await _settle(pilot, delay, rounds=2)


def steady(*keys: str, delay: float = 0.0):
    return _steady(*keys, delay=delay, rounds=2)


SIZE = (120, 36)
AIRSTRIKE = Filters(category=("airstrike",))


async def until(pilot, done, seconds: float = 10.0) -> None:
    """Settle until `done()` holds: typing waits out a debounce timer, which a busy machine fires late."""
    for _ in range(int(seconds / 0.1)):
        await settle(pilot, 0.1)
        if done():
            return
    app = pilot.app
    bar = app.query_one("#search-bar", PromptBar)
    state = f"bar={bar.value!r} classes={sorted(bar.classes)} filters={app.filters} search={app.search}"
    assert done(), state


def header_text(app: FrontlineApp) -> str:
    return str(app.query_one(HeaderBar).render())


def current(app: FrontlineApp):
    view = app.query_one(TimelineView)
    return view.event_at(view.cursor)


def strip_rows(app: FrontlineApp) -> list[str]:
    return app.query_one(DensityStrip).render().plain.split("\n")


async def open_facets(pilot) -> FacetsScreen:
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FacetsScreen)
    return screen


async def choose(pilot, field: str, value: str) -> None:
    """Open the facets, go to a field's tab and press Enter on a value."""
    screen = await open_facets(pilot)
    while screen.field != field:
        await pilot.press("right")
    values = [v for v, _ in screen.values[field]]
    screen.query_one(OptionList).highlighted = values.index(value)
    await pilot.press("enter")
    await settle(pilot)


# -- the density strip ---------------------------------------------------------------------------


async def test_strip_shows_the_months_of_the_view(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        months = app.timeline.month_parts()
        assert strip.months == {month_index(row.month): row for row in months}
        _layout, counts, _killed, matched = strip.cells()
        assert sum(counts) == pytest.approx(app.timeline.count()) and matched is None  # a year's own: twelfths
        bars = strip_rows(app)[0]
        assert bars.startswith(" events ") and "█" in bars
        assert strip.cursor_month == app.timeline.event(0).date_start[:7]
        assert strip.region.y == 1 and strip.size.height == 2  # under the header, above the timeline
        await pilot.press("end")
        await settle(pilot)
        assert strip.cursor_month == app.timeline.event(app.timeline.count() - 1).date_start[:7]


async def test_D_shows_the_deaths_row(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        await pilot.press("D")
        await settle(pilot)
        assert strip.show_killed and strip.size.height == 3
        rows = strip_rows(app)
        assert rows[1].startswith(" killed ")
        _layout, _counts, killed, _matched = strip.cells()
        incident = sum(e.fatalities or 0 for e in app.timeline.rows(0, app.timeline.count()) if not e.running_total)
        assert sum(killed) == incident  # running totals are never added in
        await pilot.press("D")
        await settle(pilot)
        assert not strip.show_killed and strip.size.height == 2


async def test_strip_follows_the_filter_and_the_search(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        await choose(pilot, "category", "airstrike")
        expected = app.base_timeline.filtered(AIRSTRIKE).month_parts()
        assert strip.months == {month_index(row.month): row for row in expected}
        await pilot.press("slash", *"category:airstrike saraqeb", "enter")
        await until(pilot, lambda: strip.matches is not None)
        found = app.timeline.search("saraqeb")
        assert {index: row.events for index, row in strip.matches.items()} == {
            month_index(row.month): row.events for row in app.timeline.month_parts(found)
        }
        assert sum(strip.cells()[3]) == found.count()
        await pilot.press("escape")
        await settle(pilot)
        assert strip.matches is None


async def test_clicking_the_strip_goes_to_that_month(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        layout = strip.cells()[0]
        target = "2016-01"
        cell = layout.cell_of(month_index(target))
        await pilot.click(DensityStrip, offset=(8 + cell * layout.width, 0))
        await settle(pilot)
        event = current(app)
        assert event == app.timeline.event(app.timeline.position_of_date(f"{target}-01"))
        assert event.date_start >= target and strip.cursor_month == event.date_start[:7]
        assert app.focused is app.query_one(TimelineView)


async def test_angle_brackets_step_through_busy_months(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The first events are 2011's own (a twelfth in each month) and March's: a step goes to the next
        # month on the strip and lands on the first event from it, so through the months events are dated in.
        events = app.timeline.rows(0, app.timeline.count())
        assert events[0].precision == "year"
        months = sorted({e.date_start[:7] for e in events if e.precision != "year"})
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert current(app).date_start[:7] == months[0]
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert current(app).date_start[:7] == months[2]
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert current(app).date_start[:7] == months[1]


# -- facets --------------------------------------------------------------------------------------


async def test_facet_counts_match_the_store(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_facets(pilot)
        for name in ("category", "actor", "place", "admin1", "precision", "dataset"):
            assert screen.values[name] == app.timeline.facets(name, limit=100)
        assert "136 events in view" in str(screen.query_one("#facets-view", Static).render())
        options = screen.query_one(OptionList)
        first, count = screen.values["category"][0]
        prompt = options.get_option_at_index(0).prompt.plain
        assert first in prompt and prompt.rstrip().endswith(str(count))
        await pilot.press("right", "right")
        assert screen.field == "place"
        assert options.option_count == len(screen.values["place"])
        await pilot.press("slash", "escape")  # the search prompt never opens from under the panel
        assert not isinstance(app.screen, FacetsScreen)
        assert not app.query_one("#search-bar", PromptBar).has_class("-open") and app.focused is app.view


async def test_choosing_a_facet_filters_the_timeline(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "category", "airstrike")
        expected = app.base_timeline.filtered(AIRSTRIKE)
        view = app.query_one(TimelineView)
        assert app.filters == AIRSTRIKE
        assert view.lines.count == expected.count() and view.event_at(0) == expected.event(0)
        assert all(view.event_at(p).category == "airstrike" for p in range(view.lines.count))
        header = header_text(app)
        assert "category:airstrike" in header and f"{expected.count()} of 136 events" in header
        # The search box shows the filters, so they can be edited there.
        await pilot.press("slash")
        assert app.query_one("#search-bar", PromptBar).value == "category:airstrike "
        await pilot.press("escape")
        # Filters combine: a place as well, with counts from the airstrikes only.
        screen = await open_facets(pilot)
        while screen.field != "place":
            await pilot.press("right")
        assert screen.values["place"] == expected.facets("place", limit=100)
        place = screen.values["place"][0][0]
        await pilot.press("enter")
        await settle(pilot)
        both = app.base_timeline.filtered(Filters(category=("airstrike",), place=(place,)))
        assert app.filters.place == (place,) and view.lines.count == both.count()
        assert f"place:{place}" in header_text(app) or f'place:"{place}"' in header_text(app)


async def test_a_facet_keeps_the_cursor_on_its_event(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strike = app.base_timeline.filtered(AIRSTRIKE).event(2)
        base_pos = app.base_timeline.position_of_id(strike.id)
        app.query_one(TimelineView).cursor = base_pos
        await settle(pilot)
        await choose(pilot, "category", "airstrike")
        assert current(app).id == strike.id
        await pilot.press("F")
        await settle(pilot)
        assert current(app).id == strike.id and app.query_one(TimelineView).cursor == base_pos


async def test_a_chosen_value_is_ticked_and_choosing_it_again_removes_it(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "category", "airstrike")
        screen = await open_facets(pilot)
        categories = dict(screen.values["category"])
        assert categories == dict(app.base_timeline.facets("category"))  # its own filter left out
        index = [v for v, _ in screen.values["category"]].index("airstrike")
        assert (
            screen.query_one(OptionList).get_option_at_index(index).prompt.plain.startswith("✓ A airstrike")
        )  # its letter too
        await pilot.press("escape")
        await choose(pilot, "category", "battle")
        assert app.filters.category == ("airstrike", "battle")
        assert app.timeline.count() == categories["airstrike"] + categories["battle"]
        await choose(pilot, "category", "airstrike")
        assert app.filters.category == ("battle",)


async def test_the_strip_says_while_a_view_opens(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        app.apply_filters(AIRSTRIKE)
        assert strip.busy and strip_rows(app)[0].startswith(" …      ")
        await settle(pilot)
        assert not strip.busy and app.filters == AIRSTRIKE and strip_rows(app)[0].startswith(" events ")


async def test_F_clears_every_filter(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "category", "airstrike")
        await choose(pilot, "precision", "day")
        assert app.filters.category and app.filters.precision
        await pilot.press("F")
        await settle(pilot)
        assert not app.filters and app.timeline is app.base_timeline
        assert app.query_one(TimelineView).lines.count == 136
        header = header_text(app)
        assert "136 events" in header and "category:" not in header and " of " not in header
        assert sum(app.query_one(DensityStrip).cells()[1]) == pytest.approx(136)
        await pilot.press("F")  # nothing to clear: a notice, no error
        await settle(pilot)


# -- filters typed in the search box ------------------------------------------------------------------


async def test_filters_and_words_in_the_search_box(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        query = 'category:airstrike after:2019-12 before:"February 2020" saraqeb'
        await pilot.press("slash", *query)
        expected = Filters(category=("airstrike",), after="2019-12-01", before="2020-02-29")
        await until(pilot, lambda: app.filters == expected and app.search is not None)
        view = app.base_timeline.filtered(expected)
        found = view.search("saraqeb")
        assert app.search is not None and app.search.text == "saraqeb"
        assert app.match_count == found.count() > 0
        assert app.query_one(TimelineView).lines.count == view.count()
        header = header_text(app)
        assert "category:airstrike after:2019-12-01 before:2020-02-29" in header and "/saraqeb" in header
        await pilot.press("enter", "n")
        await settle(pilot)
        assert "saraqeb" in (current(app).title + " " + (current(app).place or "")).lower() or app.match_rank
        # Esc forgets the words and keeps the filters.
        await pilot.press("escape")
        await settle(pilot)
        assert app.search is None and app.filters == expected


async def test_a_bad_filter_says_why_and_changes_nothing(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.query_one("#search-bar", PromptBar)
        bar.input.value = "after:someday saraqeb"  # at once: a word typed on the way (`after`) would search
        await until(pilot, lambda: "'someday'" in str(bar.query_one(".prompt-hint", Static).render()))
        hint = str(bar.query_one(".prompt-hint", Static).render())
        assert bar.has_class("-error") and "after" in hint and "someday" in hint
        assert not app.filters and app.search is None
        await pilot.press("enter")  # kept open, with a notice
        await settle(pilot)
        assert bar.has_class("-open") and app._notifications
        bar.input.value = "saraqeb"
        await until(pilot, lambda: app.search is not None)
        assert not bar.has_class("-error") and app.search.text == "saraqeb"


async def test_a_bad_filter_from_the_palette_says_why(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_search("before:someday saraqeb")
        await settle(pilot)
        assert app._notifications and not app.filters and app.search is None


async def test_a_view_with_no_events(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        view.cursor = 40
        await settle(pilot)
        before = current(app)
        await pilot.press("slash")
        app.query_one("#search-bar", PromptBar).input.value = "place:Atlantis"  # at once, not word by word
        await pilot.press("enter")
        await until(pilot, lambda: app.filters.place == ("Atlantis",))
        assert view.lines.count == 0 and "0 of 136 events" in header_text(app)
        assert "No events in this view" in app.query_one(DetailPane).text
        assert app.query_one(DensityStrip).size.height == 1
        assert strip_rows(app) == [" No events match place:Atlantis · F clears the filters"]
        await pilot.press("j", "greater_than_sign", "f")
        await settle(pilot)
        assert isinstance(app.screen, FacetsScreen)
        await pilot.press("escape", "F")
        await settle(pilot)
        assert view.lines.count == 136 and current(app) == before  # back where it was before the empty view


async def test_facet_values_are_data_not_markup(tmp_path: Path):
    path = tmp_path / "nasty.db"
    nasty = ["[b]bold[/b]", "[/", "[0]", "\x1b[31mred"]
    records = [
        {"id": f"n{i}", "date": f"2019-0{i + 1}-01", "title": f"event {i}", "place": value, "category": value,
         "actors": [value]}
        for i, value in enumerate(nasty)
    ]  # fmt: skip
    load_records(path, records)
    app = FrontlineApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "place", "[/")
        assert app.filters.place == ("[/",) and app.timeline.count() == 1
        assert "place:[/" in header_text(app)
        screen = await open_facets(pilot)
        prompts = [screen.query_one(OptionList).get_option_at_index(i).prompt.plain for i in range(4)]
        assert any("[b]bold[/b]" in p for p in prompts) and any("␛[31mred" in p for p in prompts)


# -- the deep link ---------------------------------------------------------------------------------


async def test_opening_with_filters(builtin_db: Path):
    filters = parse_filter_options(["category:airstrike", "after:2019-12"])
    app = FrontlineApp(builtin_db, at="1 Jan 2020", search="saraqeb", filters=filters)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.base_timeline.filtered(filters)
        assert app.filters == filters and app.query_one(TimelineView).lines.count == view.count()
        assert app.search is not None and app.search.text == "saraqeb"
        assert app.match_count == view.search("saraqeb").count()
        assert current(app).date_start >= "2020-01-01"
        assert "category:airstrike after:2019-12-01" in header_text(app)


def test_the_filter_option(builtin_db: Path, monkeypatch):
    from frontline.tui import cli

    opened = {}
    monkeypatch.setattr(FrontlineApp, "run", lambda self: opened.update(filters=self.initial_filters))
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    runner = CliRunner()
    result = runner.invoke(cli.main, ["--db", str(builtin_db), "--filter", "category:airstrike",
                                      "--filter", "place:Kafr Nabl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert opened["filters"] == Filters(category=("airstrike",), place=("Kafr Nabl",))
    bad = runner.invoke(cli.main, ["--db", str(builtin_db), "--filter", "colour:red"])
    assert bad.exit_code == 2
    assert bad.output.strip().startswith("frontline: --filter: 'colour:red': no field 'colour'")
    assert len(bad.output.splitlines()) == 1


# -- help and palette ------------------------------------------------------------------------------


async def test_help_and_palette_list_the_filters(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "Filters and the strip" in keys and "Clear every filter" in keys and "place:Saraqeb" in keys
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"filter")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FacetsScreen)


# -- pictures --------------------------------------------------------------------------------------


def test_snapshot_filtered_with_deaths(snap_compare, builtin_db: Path):
    app = FrontlineApp(builtin_db, filters=parse_filter_options(["after:2019-06"]), search="saraqeb")
    assert snap_compare(app, terminal_size=(120, 36), run_before=steady("D"))


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_snapshot_facets(snap_compare, builtin_db: Path, size):
    assert snap_compare(FrontlineApp(builtin_db), terminal_size=size, run_before=steady("f"))
