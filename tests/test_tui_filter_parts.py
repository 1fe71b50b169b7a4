"""The parts of filtering and the density strip that need no screen: the strip's layout, merging
and toggling filters, where the cursor lands in a new view, and the store's month counts of a search."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import REPO

from frontline.store.filters import Filters
from frontline.store.match_months import match_months
from frontline.store.query import Timeline
from frontline.tui.density import BARS, Layout, level, month_index, plan
from frontline.tui.filtering import carry, merge, toggle

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


def test_month_counts_of_a_search_add_up(builtin_db: Path):
    base = Timeline(builtin_db)
    found = base.search("saraqeb")
    assert sum(n for _, n, _ in base.month_counts(found)) == found.count()
    view = base.filtered(AIRSTRIKE)
    found = view.search("saraqeb")
    assert sum(n for _, n, _ in view.month_counts(found)) == found.count()


def test_a_views_months_of_a_search_are_counted_by_one_query(builtin_db: Path):
    """The strip's months of a search in a filtered view are `Timeline.month_counts`' without the figures:
    the query that counts a view's months is written once in store/, not once for each."""
    view = Timeline(builtin_db).filtered(AIRSTRIKE)
    found = view.search("saraqeb")
    assert found is not None
    assert match_months(view, found) == [(month, n) for month, n, _ in view.month_counts(found)]
    counting = re.compile(
        r"substr\(date_start, 1, 7\) AS month, count\(\*\)(?:(?!FROM \().){0,200}?FROM events\b", re.S
    )
    writers = [p.name for p in (REPO / "store").rglob("*.py") if counting.search(p.read_text(encoding="utf-8"))]
    assert writers == ["match_months.py"]


@pytest.mark.parametrize("text", ["saraqeb", "s", "killed OR shelling", "s -saraqeb"])
def test_the_strips_matches_per_month_are_the_rows_months(builtin_db: Path, text: str):
    """Counted from positions (the whole timeline) or from rows (a view): the same months as the rows say,
    a year's own events in its January."""
    base = Timeline(builtin_db)
    for timeline in (base, base.filtered(AIRSTRIKE)):
        found = timeline.search(text)
        assert found is not None
        expected: dict[str, int] = {}
        for event in timeline.rows(0, timeline.count()):
            if found.matches_in(event.pos, event.pos + 1):
                month = event.date_start[:7]
                expected[month] = expected.get(month, 0) + 1
        assert expected and match_months(timeline, found) == sorted(expected.items())
    years = [e for e in base.rows(0, base.count()) if e.precision == "year"]
    assert years  # the built-in data has events known only by their year: they count in January
