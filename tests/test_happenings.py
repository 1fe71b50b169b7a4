"""Counting happenings: a confirmed group of reports counts once, at its highest figure, with the range shown."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import settle

from frontline.store.filters import Filters
from frontline.store.happenings import Happenings
from frontline.store.links import Links
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp
from frontline.tui.density import DensityStrip
from frontline.tui.stats import StatsScreen


def test_a_group_counts_once_in_stats_and_months(builtin_db: Path):
    timeline = Timeline(builtin_db)
    happenings = Happenings(timeline)
    assert happenings.count() == timeline.count() - 2  # the built-in data has two groups of two reports
    # one group is two days of January 2020; the other a report of December 2019 (its month only) and one
    # of 27 January 2020, the finer date, where the happening counts
    by_year = dict((y, n) for y, n, *_ in happenings.stats().by_year)
    reports_by_year = dict((y, n) for y, n, *_ in timeline.stats().by_year)
    assert (by_year["2019"], by_year["2020"]) == (reports_by_year["2019"] - 1, reports_by_year["2020"] - 1)
    january = {row.month: row.events for row in happenings.month_parts()}["2020-01"]
    assert january == {row.month: row.events for row in timeline.month_parts()}["2020-01"] - 1
    assert [s.line() for s in happenings.spreads()] == ["388,000–389,000 displaced"]


def test_the_highest_figure_of_a_group_is_summed_once(db_path: Path):
    strike = {"date": "2020-01-29", "title": "Strikes on Kafr Lata", "place": "Kafr Lata", "category": "airstrike"}
    load_records(db_path, [{**strike, "id": "afp-1", "fatalities": 10}], "afp")
    load_records(db_path, [{**strike, "id": "SYR1", "fatalities": 11}, {**strike, "id": "SYR2", "date": "2020-02-03",
                            "fatalities": 4}], "acled")  # fmt: skip
    links = Links.open(db_path)
    links.decide(["afp-1", "SYR1"], "confirmed")
    links.close()
    view = Timeline(db_path).filtered(Filters(category=("airstrike",)))
    assert view.stats().by_year == [("2020", 3, 25, None)]
    assert Happenings(view).stats().by_year == [("2020", 2, 15, None)]  # 11 (the higher of 10 and 11) + 4
    assert [s.line() for s in Happenings(view).spreads()] == ["10–11 killed"]


async def test_H_switches_the_strip_and_the_stats_to_happenings(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, rounds=2)
        strip = app.query_one(DensityStrip)
        assert " events" in strip.render().plain
        await pilot.press("H")
        await settle(pilot, rounds=2)
        assert strip.happenings and " happen." in strip.render().plain
        await pilot.press("s")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, StatsScreen)
        assert "counting happenings: 134 in view" in str(app.screen.query_one("#stats").border_title)
        await pilot.press("h")
        await settle(pilot, rounds=2)
        assert "counting reports: 136 events" in str(app.screen.query_one("#stats").border_title)


def test_a_happening_counts_where_its_best_dated_report_puts_it(db_path: Path):
    """A group of a year-only report and a dated one counts once, in the dated report's month (not January
    of the year, where the year-only report's date starts); a group dated only by its year is spread."""
    load_records(db_path, [{"id": "y-1", "date": "2012", "title": "Shelling of Homs", "place": "Homs"},
                           {"id": "d-1", "date": "2012-03-15", "title": "Shelling of Homs", "place": "Homs"},
                           {"id": "m-1", "date": "2012-06", "title": "Siege of Homs", "place": "Homs"},
                           {"id": "y-2", "date": "2013", "title": "Raids near Idlib", "place": "Idlib"},
                           {"id": "y-3", "date": "2013", "title": "Raids near Idlib", "place": "Idlib"}],
                 "notes")  # fmt: skip
    links = Links.open(db_path)
    links.decide(["y-1", "m-1", "d-1"], "confirmed")  # a year-only, a month-only and a day report
    links.decide(["y-2", "y-3"], "confirmed")
    links.close()
    months = {row.month: row.events for row in Happenings(Timeline(db_path)).month_parts()}
    assert months["2012-03"] == 1  # the day report's month: the finest date of the three
    assert "2012-01" not in months and "2012-06" not in months
    assert months["2013-01"] == months["2013-07"] == 1 / 12  # year-only in every report: spread as one
    assert sum(n for month, n in months.items() if month.startswith("2013")) == 1
