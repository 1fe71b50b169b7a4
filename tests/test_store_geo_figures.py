"""The store's answers behind the map, the figures and the mark keys, for whole and filtered views."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from frontline.store.filters import Filters
from frontline.store.geo import M5_TOWNS, events_without_coordinates, highway, places_in_view
from frontline.store.marks import first_mark, mark_count, next_mark_around
from frontline.store.query import Timeline


def everything(timeline: Timeline):
    return timeline.rows(0, timeline.count())


def test_places_in_view_are_distinct_with_counts(builtin_db: Path):
    timeline = Timeline(builtin_db)
    places = places_in_view(timeline)
    expected = Counter((e.place or "", e.lat, e.lon) for e in everything(timeline) if e.lat is not None)
    assert {(p.name, p.lat, p.lon): p.count for p in places} == expected
    assert [p.count for p in places] == sorted((p.count for p in places), reverse=True)
    assert places[0].name == "Maarat al-Numan"
    without = sum(1 for e in everything(timeline) if e.lat is None or e.lon is None)
    assert events_without_coordinates(timeline) == without


def test_places_of_a_filtered_view(builtin_db: Path):
    view = Timeline(builtin_db).filtered(Filters(category=("airstrike",)))
    places = places_in_view(view)
    airstrikes = [e for e in everything(view) if e.lat is not None]
    assert sum(p.count for p in places) == len(airstrikes) > 0
    assert {p.name for p in places} == {e.place for e in airstrikes}
    assert places_in_view(view, limit=2) == places[:2]


def test_highway_takes_the_places_table_spellings_and_keeps_the_rest(builtin_db: Path):
    road = highway(Timeline(builtin_db))
    assert len(road) == len(M5_TOWNS)
    names = [name for name, _lat, _lon in road]
    assert names[0] == "Damascus" and names[-1] == "Aleppo"
    assert "Saraqib" in names and "Saraqeb" not in names  # the places table's name for it
    assert ("Hama", 35.1318, 36.7578) in road  # not in the places table: the fallback
    lats = [lat for _name, lat, _lon in road]
    assert lats == sorted(lats)  # south to north, in order along the road


def test_view_stats_keep_running_totals_apart(builtin_db: Path):
    timeline = Timeline(builtin_db)
    stats = timeline.stats()
    events = everything(timeline)
    incidents = sum(e.fatalities or 0 for e in events if not e.running_total)
    assert sum(row[2] or 0 for row in stats.by_year) == incidents
    assert sum(row[2] or 0 for row in stats.by_category) == incidents
    assert sum(row[1] for row in stats.by_year) == len(events)
    assert [e.id for e in stats.running_totals] == [e.id for e in events if e.running_total]
    assert any((e.fatalities or 0) >= 380_000 for e in stats.running_totals)  # the war's toll: a tally, not a sum
    assert incidents < 380_000


def test_view_stats_of_a_filtered_view(builtin_db: Path):
    view = Timeline(builtin_db).filtered(Filters(after="2019-12-01"))
    stats = view.stats()
    events = everything(view)
    assert {row[0] for row in stats.by_year} == {"2019", "2020"}
    assert sum(row[1] for row in stats.by_category) == len(events) == view.count()
    assert all(e.date_end >= "2019-12-01" for e in stats.running_totals)


def test_marks_wrap_round_the_view(builtin_db: Path):
    timeline = Timeline(builtin_db)
    assert next_mark_around(timeline, 0) == (None, True) and first_mark(timeline) is None
    ids = [timeline.event(pos).id for pos in (5, 40, 90)]
    for ident in ids:
        assert timeline.toggle_mark(ident)
    assert mark_count(timeline) == 3
    assert next_mark_around(timeline, 0) == (5, False)
    assert next_mark_around(timeline, 5) == (40, False)
    assert next_mark_around(timeline, 90) == (5, True)
    assert next_mark_around(timeline, 100) == (5, True)
    assert not timeline.toggle_mark(ids[0])
    assert next_mark_around(timeline, 90) == (40, True) and mark_count(timeline) == 2


def test_marks_in_a_filtered_view_count_by_view_position(builtin_db: Path):
    timeline = Timeline(builtin_db)
    view = timeline.filtered(Filters(category=("airstrike",)))
    strikes = everything(view)
    timeline.toggle_mark(strikes[3].id)
    timeline.toggle_mark(timeline.event(0).id)  # not an airstrike: not in this view
    assert first_mark(view) == 3 and mark_count(view) == 1
    assert next_mark_around(view, 3) == (3, True)
