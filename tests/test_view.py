"""Filtered views answer by position exactly as a list of the matching events would, without being one."""

from __future__ import annotations

import random
import sqlite3

import pytest
from conftest import make_version_1

from frontline.store.filters import FilterError, Filters, parse_filter_options, parse_filters
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.store.schema import SCHEMA_VERSION, UPGRADES, open_database

CATEGORIES = ["battle", "airstrike", "capture", "diplomacy"]
PLACES = ["Saraqeb", "Kafr Lata", "Ariha", "Maarat al-Numan"]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """1,500 events: enough to cross several anchors of a view."""
    rng = random.Random(7)
    records = []
    for n in range(1500):
        year, month, day = rng.randint(2011, 2020), rng.randint(1, 12), rng.randint(1, 28)
        records.append({
            "id": f"e{n}", "date": f"{year}-{month:02d}-{day:02d}", "title": f"event {n} {rng.choice(['alpha', 'beta'])}",
            "category": rng.choice(CATEGORIES), "place": rng.choice(PLACES),
            "actors": rng.sample(["Russia", "Turkey", "HTS", "SAA"], 2),
        })  # fmt: skip
    path = tmp_path_factory.mktemp("big") / "big.db"
    load_records(path, records)
    return Timeline(path)


def brute(timeline: Timeline, keep) -> list[str]:
    return [e.id for e in timeline.rows(0, timeline.count()) if keep(e)]


@pytest.mark.parametrize(
    "filters, keep",
    [
        (Filters(category=("airstrike",)), lambda e: e.category == "airstrike"),
        (Filters(category=("airstrike", "capture")), lambda e: e.category in ("airstrike", "capture")),
        (Filters(place=("Kafr Lata",), actor=("HTS",)), lambda e: e.place == "Kafr Lata" and "HTS" in e.actors),
        (Filters(after="2019-01-01", before="2019-06-30"), lambda e: "2019-01-01" <= e.date_start <= "2019-06-30"),
    ],
)
def test_a_view_is_the_matching_events_by_position(big, filters, keep):
    view = big.filtered(filters)
    expected = brute(big, keep)
    assert view.count() == len(expected)
    assert [e.id for e in view.rows(0, len(expected) + 5)] == expected
    for pos in (0, 255, 256, 257, len(expected) // 2, len(expected) - 1):
        if pos < len(expected):
            event = view.event(pos)
            assert (event.id, event.pos) == (expected[pos], pos)
            assert view.position_of_id(event.id) == pos
    buckets = view.buckets()
    assert sum(b.count for b in buckets) == len(expected)
    assert all(b.first == sum(x.count for x in buckets[:i]) for i, b in enumerate(buckets))


def test_search_within_a_view(big):
    view = big.filtered(Filters(category=("battle",)))
    found = view.search("alpha")
    expected = [e.pos for e in view.rows(0, view.count()) if "alpha" in e.title]
    assert found.count() == len(expected)
    walk, pos = [], found.first_at_or_after(0)
    while pos is not None:
        walk.append(pos)
        pos = found.next(pos)
    assert walk == expected
    assert found.prev(expected[-1]) == expected[-2]
    assert found.rank(expected[10]) == 11
    assert found.matches_in(0, 40) == {p for p in expected if p < 40}


def test_position_of_date_in_a_view(big):
    view = big.filtered(Filters(category=("capture",)))
    pos = view.position_of_date("2016-01-01")
    assert view.event(pos).date_start >= "2016-01-01"
    assert pos == 0 or view.event(pos - 1).date_start < "2016-01-01"


def test_facets_and_month_parts_follow_the_view(big):
    view = big.filtered(Filters(place=("Ariha",)))
    assert view.facets("place") == [("Ariha", view.count())]
    categories = dict(view.facets("category"))
    assert sum(categories.values()) == view.count()
    actors = dict(view.facets("actor"))
    assert sum(actors.values()) == 2 * view.count()
    assert sum(row.events for row in view.month_parts()) == view.count()
    found = view.search("beta")
    assert sum(n for _, n in view.facets("category", found)) == found.count()


def test_marks_are_kept_in_the_database_and_walked(big):
    first, later = big.event(10), big.event(500)
    assert big.toggle_mark(later.id) and big.toggle_mark(first.id)
    assert big.marked([first.id, later.id, big.event(11).id]) == {first.id, later.id}
    assert big.next_mark(0) == 10 and big.next_mark(10) == 500 and big.next_mark(500) is None
    again = Timeline(big.path)  # another connection sees them: they are in the file
    assert again.filtered(Filters(marked=True)).count() == 2
    assert not big.toggle_mark(first.id)
    assert big.next_mark(0) == 500
    big.toggle_mark(later.id)


def test_parse_filters_from_the_search_box():
    filters, rest = parse_filters('place:Saraqeb category:airstrike after:2019-12 before:"February 2020" Kafr Lata')
    assert filters == Filters(category=("airstrike",), place=("Saraqeb",), after="2019-12-01", before="2020-02-29")
    assert rest == "Kafr Lata"
    assert parse_filters('at 10:30 "http://x.org"')[1] == 'at 10:30 "http://x.org"'
    with pytest.raises(FilterError, match=r"no field 'http'.* at column 1"):
        parse_filters("http://x.org")  # never quietly read as words
    with pytest.raises(FilterError, match="category: needs a value at column 10"):
        parse_filters("category:")
    assert 'place:"Kafr Lata"' in Filters(place=("Kafr Lata",)).describe()
    with pytest.raises(FilterError, match="after"):
        parse_filters("after:someday")
    assert parse_filter_options(["category:airstrike", "place:Kafr Lata"]) == Filters(
        category=("airstrike",), place=("Kafr Lata",)
    )
    with pytest.raises(FilterError):
        parse_filter_options(["airstrike"])


def test_a_place_filter_matches_any_spelling(builtin_db):
    timeline = Timeline(builtin_db)
    counts = {n: timeline.filtered(Filters(place=(n,))).count() for n in ("Saraqeb", "Saraqib")}
    assert counts["Saraqeb"] == counts["Saraqib"] > 0


def test_a_version_1_database_is_upgraded_with_its_events(db_path):
    db = open_database(db_path)
    db.close()
    load_records(db_path, [{"id": "kept", "date": "2020-01-29", "title": "Kept"}])
    make_version_1(db_path)
    timeline = Timeline(db_path)
    assert timeline.event(0).id == "kept" and timeline.toggle_mark("kept")
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(UPGRADES)


def test_a_views_summary_matches_its_events(big):
    view = big.filtered(Filters(category=("diplomacy",), after="2015-01-01"))
    events = view.rows(0, view.count())
    summary = view.summary()
    assert summary.count == len(events) == sum(b.count for b in view.buckets())
    assert summary.first == min(e.date_start for e in events)
    assert summary.last == max(e.date_end for e in events)
    assert summary.datasets == ["test"]
    empty = big.filtered(Filters(place=("Nowhere",)))
    assert (empty.summary().count, empty.summary().first, empty.buckets()) == (0, None, [])
