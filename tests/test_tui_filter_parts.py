"""The parts of filtering and the density strip that need no screen: the strip's layout, merging
and toggling filters, where the cursor lands in a new view, and the store's month counts of a search."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO
from tui_helpers import settle

from frontline.store.filters import Filters
from frontline.store.happenings import Happenings
from frontline.store.load import load_records
from frontline.store.match_months import MonthCount, match_months
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp
from frontline.tui.density import BARS, LABEL_WIDTH, DensityStrip, Layout, level, month_index, plan
from frontline.tui.filtering import carry, merge, toggle
from frontline.tui.text import count_text, fitting, month_words, short_number

AIRSTRIKE = Filters(category=("airstrike",))


def test_plan_groups_months_along_the_calendar():
    first, last = month_index("2011-03"), month_index("2020-01")
    assert plan(first, last, 200) == Layout(first, 1, last - first + 1, 1)
    assert plan(first, first + 3, 40).width == 4  # few months: wider cells
    layout = plan(first, last, 60)
    assert layout.span == 2 and layout.cells <= 60
    assert layout.start_of(0) % 2 == 0 and layout.label(0) == "Mar–Apr 2011"
    years = plan(month_index("1900-01"), month_index("2020-12"), 80)
    assert years.span % 12 == 0 and years.cells <= 80 and years.label(0).startswith("1900")


def test_level_is_a_square_root_scale_and_never_hides_an_event():
    assert level(0, 10) == " "
    assert level(1, 1000) == BARS[1]
    assert level(10, 10) == "█"
    assert level(25, 100) == BARS[4]  # half of the height for a quarter of the top
    assert level(1, 100) == BARS[1] and level(2, 100) == BARS[2]


def test_merge_and_toggle():
    typed = Filters(category=("battle",), after="2019-12-01")
    merged = merge(AIRSTRIKE, typed)
    assert merged.category == ("airstrike", "battle") and merged.after == "2019-12-01"
    assert toggle(merged, "category", "airstrike").category == ("battle",)
    assert toggle(AIRSTRIKE, "place", "Saraqeb").place == ("Saraqeb",)


def test_carry_keeps_the_event_or_takes_the_nearest(builtin_db: Path):
    base = Timeline(builtin_db)
    view = base.filtered(AIRSTRIKE)
    strike = view.event(3)
    assert carry(strike, view) == 3 and carry(None, view) == 0
    day = dt.date.fromisoformat
    for other in (e for e in base.rows(0, base.count()) if e.category != "airstrike"):
        pos = carry(other, view)
        gaps = [abs((day(e.date_start) - day(other.date_start)).days) for e in view.rows(0, view.count())]
        assert gaps[pos] == min(gaps), other.id


def test_month_parts_of_a_search_add_up(builtin_db: Path):
    base = Timeline(builtin_db)
    found = base.search("saraqeb")
    assert sum(row.events for row in base.month_parts(found)) == found.count()
    view = base.filtered(AIRSTRIKE)
    found = view.search("saraqeb")
    assert sum(row.events for row in view.month_parts(found)) == found.count()


def test_a_views_months_of_a_search_are_counted_by_one_query(builtin_db: Path):
    """The strip's months of a search in a filtered view are `Timeline.month_parts`' without the figures:
    the query that counts a view's months is written once in store/, not once for each."""
    view = Timeline(builtin_db).filtered(AIRSTRIKE)
    found = view.search("saraqeb")
    assert found is not None
    assert [(r.month, r.events) for r in match_months(view, found)] == [
        (r.month, r.events) for r in view.month_parts(found)
    ]
    counting = re.compile(
        r"SELECT (?:substr\(date_start, 1, 7\) AS month|bucket), count\(\*\)[^\n]*\n?[^\n]*FROM events\b"
    )
    writers = [p.name for p in (REPO / "store").rglob("*.py") if counting.search(p.read_text(encoding="utf-8"))]
    assert writers == ["match_months.py"]
    spreading = re.compile(r"JOIN twelve")  # a year's own events spread over its months: written once too
    assert [p.name for p in (REPO / "store").rglob("*.py") if spreading.search(p.read_text(encoding="utf-8"))] == [
        "match_months.py"
    ]


@pytest.mark.parametrize("text", ["saraqeb", "s", "killed OR shelling", "s -saraqeb"])
def test_the_strips_matches_per_month_are_the_rows_months(builtin_db: Path, text: str):
    """Counted from positions (the whole timeline) or from rows (a view): the same months as the rows say,
    a year's own events a twelfth in each of its months."""
    base = Timeline(builtin_db)
    for timeline in (base, base.filtered(AIRSTRIKE)):
        found = timeline.search(text)
        assert found is not None
        expected: dict[str, float] = {}
        for event in timeline.rows(0, timeline.count()):
            if found.matches_in(event.pos, event.pos + 1):
                year = event.precision == "year"
                for month in (
                    [f"{event.date_start[:4]}-{n:02d}" for n in range(1, 13)] if year else [event.date_start[:7]]
                ):
                    expected[month] = expected.get(month, 0) + (1 / 12 if year else 1)
        months = match_months(timeline, found)
        assert expected and [r.month for r in months] == sorted(expected)
        assert [r.events for r in months] == pytest.approx([expected[r.month] for r in months])
        assert all(isinstance(r.dated, int) and isinstance(r.year_own, int) for r in months)  # whole, apart
    years = [e for e in base.rows(0, base.count()) if e.precision == "year"]
    assert years  # the built-in data has events known only by their year: spread over it, not in January


def test_a_year_only_event_is_spread_over_its_year_not_counted_in_january(tmp_path: Path):
    """An event known only by its year ("2015: the front moves") is a twelfth in each month of the strip,
    its deaths too: January no longer looks busy, and the year's months still add up to its events."""
    db = tmp_path / "years.db"
    load_records(db, [
        {"id": "y", "date": "2015", "title": "The front moves north", "fatalities": 24, "dataset": "d"},
        {"id": "t", "date": "2015", "title": "The toll of the year", "fatalities": 9000, "running_total": True,
         "dataset": "d"},
        {"id": "a", "date": "2015-03-02", "title": "Shelling of Ariha", "fatalities": 3, "dataset": "d"},
        {"id": "j", "date": "2015-01", "title": "Talks in Geneva", "dataset": "d"},
    ])  # fmt: skip
    timeline = Timeline(db)
    months = {row.month: (row.events, row.killed) for row in timeline.month_parts()}
    assert sorted(months) == [f"2015-{n:02d}" for n in range(1, 13)]
    assert months["2015-01"] == pytest.approx((1 + 2 / 12, 2))  # its own event and two twelfths, not three
    assert months["2015-02"] == pytest.approx((2 / 12, 2))  # the running total's 9,000 never added in
    assert months["2015-03"] == pytest.approx((1 + 2 / 12, 5))
    assert sum(n for n, _ in months.values()) == pytest.approx(4)
    assert Happenings(timeline).month_parts() == timeline.month_parts()
    parts = {row.month: row for row in timeline.month_parts()}  # the same months, dated apart from the year's
    assert parts["2015-01"] == MonthCount("2015-01", 1, 0, 2, 24)
    assert parts["2015-03"] == MonthCount("2015-03", 1, 3, 2, 24)
    assert parts["2015-03"].events == pytest.approx(1 + 2 / 12) and parts["2015-03"].killed == 5
    found = timeline.search("the")  # the two year-only events: counted from positions and from rows alike
    assert found is not None
    whole = match_months(timeline, found)
    assert whole == [MonthCount(f"2015-{n:02d}", 0, 0, 2, 0) for n in range(1, 13)]  # none dated, the year's 2
    assert [r.events for r in whole] == pytest.approx([2 / 12] * 12)
    view = timeline.filtered(Filters(dataset=("d",)))
    in_view = view.search("the")
    assert in_view is not None and match_months(view, in_view) == whole  # each match's row read: the same


def test_a_count_with_twelfths_is_said_to_a_tenth():
    assert (short_number(3 + 1 / 12), short_number(4.0), short_number(1_500.4)) == ("3.1", "4", "1.5k")
    assert (count_text(1234), count_text(2 / 12), count_text(11 * (1 / 12) + 1 / 12)) == ("1,234", "0.2", "1")


async def test_the_strips_tooltip_names_the_years_own_events_apart(builtin_db: Path):
    """A cell that holds twelfths of year-only events gives its dated events whole and names the year's
    own apart ('and 2 known only as 2011'), never '2.2 events'; a cell of dated events alone just counts."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        found = strip.cells()
        assert found is not None
        counts = found[1]
        said: dict[bool, str] = {}
        for x in range(strip.size.width):
            cell = strip.cell_at(x)
            if cell is None or not counts[cell]:
                continue
            strip.on_mouse_move(SimpleNamespace(x=x))  # type: ignore[arg-type]  only x is read
            said.setdefault(counts[cell] != int(counts[cell]), str(strip.tooltip))
        assert re.search(r": (\d+ events?, and \d+|\d+ events?) known only as \d{4}\n", said[True])
        assert "count a twelfth in each month's bar" in said[True]
        assert re.search(r": \d+ events?\n", said[False]) and "known only" not in said[False]
        assert not re.search(r"\d\.\d", said[True] + said[False])  # no tenth of an event, nor of a death


def test_a_months_count_is_said_whole_with_its_years_own_apart():
    assert month_words(2, 3, "2012", "event") == "2 events, and 3 known only as 2012"
    assert month_words(1, 3, "2012", "event", short=True) == "1 event + 2012's own"
    assert month_words(2, 3, "2012", "event", short="tiny") == "2+3 of 2012"  # a narrow strip's
    assert month_words(2, 0, "2012", "event") == "2 events"  # a year with none of its own: nothing to name
    assert month_words(0, 1, "2011", "event") == "1 event known only as 2011"  # no dated event: no '0 events'
    assert month_words(0, 12, "2011", "killed", "killed") == "12 killed known only as 2011"
    assert month_words(0, 3, "2011", "event", short=True) == "3 events, 2011's own"
    assert month_words(0, 3, "2011", "event", short="tiny") == "3 of 2011"
    assert month_words(5, 40, "2012", "killed", "killed") == "5 killed, and 40 known only as 2012"
    assert (
        month_words(1_500, 7, "", "happening", number=count_text) == "1,500 happenings, and 7 known only by their year"
    )
    assert fitting(22, ["2 events, and 3 known only as 2012", "2 events + 2012's own"]) == "2 events + 2012's own"
    assert fitting(40, ["2 events, and 3 known only as 2012", "2 events + 2012's own"]).endswith("as 2012")


async def test_the_strip_says_a_months_dated_events_and_its_years_own_apart(tmp_path: Path):
    """March 2012 holds two dated events and a twelfth of 2012's three year-only ones: the words at the
    right say '2 events, and 3 known only as 2012' (the long way when there is room), not '2.3 events'."""
    db = tmp_path / "months.db"
    load_records(db, [
        {"id": "y1", "date": "2012", "title": "The front moves", "fatalities": 12, "dataset": "d"},
        {"id": "y2", "date": "2012", "title": "Sieges begin", "dataset": "d"},
        {"id": "y3", "date": "2012", "title": "Talks fail", "dataset": "d"},
        {"id": "a", "date": "2012-03-02", "title": "Shelling of Ariha", "fatalities": 3, "dataset": "d"},
        {"id": "b", "date": "2012-03-09", "title": "Raid on Binnish", "fatalities": 1, "dataset": "d"},
        {"id": "c", "date": "2012-11-20", "title": "Strike on Sarmin", "dataset": "d"},
    ])  # fmt: skip
    assert Timeline(db).month_parts()[2] == MonthCount("2012-03", 2, 4, 3, 12)
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        await pilot.press("D", "down", "down", "down")  # past the year's own, to the first of March
        await settle(pilot)
        assert strip.cursor_month == "2012-03"
        text = strip.render().plain
        assert "2 events, and 3 known only as 2012" in text and "4 killed, and 12 known only as 2012" in text
        assert "Mar 2012" in text and not re.search(r"\d\.\d", text)
        await pilot.press("end")  # November: its own event, and the year's
        await settle(pilot)
        assert "1 event, and 3 known only as 2012" in strip.render().plain
        await pilot.press("slash", *"sarmin OR sieges OR talks", "enter")  # one dated match, two of the year's
        for _ in range(100):  # the search waits out its debounce: longer on a busy machine
            await settle(pilot, 0.1)
            if strip.matches is not None:
                break
        await settle(pilot)
        assert strip.cursor_month == "2012-11"
        assert "1 event + 2012's own · 1 + 2 found" in strip.render().plain  # the short way: it fits
        found = strip.cells()
        assert found is not None
        layout = found[0]
        x = LABEL_WIDTH + layout.cell_of(month_index("2012-11")) * layout.width
        strip.on_mouse_move(SimpleNamespace(x=x))  # type: ignore[arg-type]  only x is read
        assert "\n1 matching, and 2 known only as 2012\n" in str(strip.tooltip)
