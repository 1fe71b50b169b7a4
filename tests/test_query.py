"""The query object: positions, dates, groups and search, the way the TUI and the CLI ask."""

from __future__ import annotations

import pytest

from frontline.store.load import load_records
from frontline.store.query import Timeline, fts_query
from frontline.store.querylang import QueryError

RECORDS = [
    {"id": "y", "date": "2011", "title": "A year of protests", "place": "Maarat al-Numan"},
    {"id": "m", "date": "2011-06", "title": "Tanks in the town", "actors": ["Syrian Arab Army"]},
    {"id": "d1", "date": "2019-12-19", "title": "Ground offensive begins", "summary": "Push from the south."},
    {"id": "d2", "date": "2019-12-24", "title": "Jarjanaz falls", "place": "Jarjanaz"},
    {
        "id": "s",
        "date": "2019-12",
        "end_date": "2020-01-29",
        "title": "Exodus",
        "displaced": 388000,
        "running_total": True,
    },
    {"id": "d3", "date": "2020-01-29", "title": "Saraqeb front within 10 km", "place": "Saraqeb"},
]


@pytest.fixture
def timeline(db_path) -> Timeline:
    load_records(db_path, RECORDS)
    return Timeline(db_path)


def test_rows_by_position_are_a_window(timeline):
    assert timeline.count() == 6
    assert [e.id for e in timeline.rows(0, 100)] == ["y", "m", "s", "d1", "d2", "d3"]
    assert [e.pos for e in timeline.rows(2, 2)] == [2, 3]
    assert timeline.rows(6, 10) == [] and timeline.event(99) is None


def test_buckets_cover_every_row_once_in_order(timeline):
    buckets = timeline.buckets()
    assert [(b.key, b.first, b.count) for b in buckets] == [
        ("2011", 0, 1),
        ("2011-06", 1, 1),
        ("2019-12", 2, 3),
        ("2020-01", 5, 1),
    ]


@pytest.mark.parametrize(
    "iso, pos",
    [("2000-01-01", 0), ("2011-01-01", 0), ("2011-02-01", 1), ("2019-12-20", 4), ("2020-01-29", 5), ("2030-01-01", 5)],
)
def test_position_of_date(timeline, iso, pos):
    assert timeline.position_of_date(iso) == pos


def test_summary(timeline):
    summary = timeline.summary()
    assert (summary.count, summary.first, summary.last, summary.datasets) == (6, "2011-01-01", "2020-01-29", ["test"])


def test_search_walks_matches_in_timeline_order(timeline):
    found = timeline.search("the")  # "the town", "the south"
    assert found.count() == 2
    first = found.first_at_or_after(0)
    assert timeline.event(first).id == "m"
    second = found.next(first)
    assert timeline.event(second).id == "d1"
    assert found.next(second) is None and found.prev(first) is None
    assert found.prev(second) == first
    assert found.matches_in(0, 6) == {first, second}
    assert found.rank(second) == 2
    assert [e.id for e in found.page()] == ["m", "d1"]


def test_search_words_are_prefixes_and_all_required(timeline):
    assert [e.id for e in timeline.search("sara").page()] == ["d3"]
    assert timeline.search("sara front").count() == 1
    assert timeline.search("sara tanks").count() == 0
    assert [e.id for e in timeline.search("syrian arab").page()] == ["m"]  # actors are searched


HOSTILE = ['"', '""', "*", "AND", "OR NOT", "(", ")", "NEAR(", "NEAR(a b", "a:b", "title:x", "^start", "'", "-",
           "a AND", "{col}", "\\", "\x00", "[b]", "NOT", "a OR", "*sara", "Ma'arrat al-Nu'man", "😀", "مرحبا"]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_answer_or_point_at_the_fault(timeline, text):
    """Whatever is typed, the search answers or says where the query went wrong: never an SQL error."""
    try:
        found = timeline.search(text)
    except QueryError as error:
        assert error.column is not None and 1 <= error.column <= len(text)
        return
    if found is not None:
        assert found.count() >= 0
        found.page()
        found.first_at_or_after(0)


def test_empty_queries_are_no_search(timeline):
    assert timeline.search("") is None and timeline.search("   ") is None
    assert fts_query("Saraqeb front") == ('("saraqeb"* AND "front"*)', ["saraqeb", "front"])


def test_between_and_stats_keep_running_totals_apart(timeline):
    assert [e.id for e in timeline.between("2019-12-20", "2019-12-31")] == ["s", "d2"]
    assert [e.id for e in timeline.between(category=None, limit=2)] == ["y", "m"]
    stats = timeline.stats()
    assert dict((y, n) for y, n, *_ in stats.by_year) == {"2011": 2, "2019": 3, "2020": 1}
    assert all(displaced in (None, 0) for *_, displaced in stats.by_year)  # the 388,000 tally is not summed
    assert [e.id for e in stats.running_totals] == ["s"]


def test_search_finds_a_town_by_any_spelling(builtin_db):
    timeline = Timeline(builtin_db)
    counts = {name: timeline.search(name).count() for name in
              ("Maaret al-Numan", "Maarat al-Numan", "Ma'arrat al-Nu'man", "Maarrat An Nu'man")}  # fmt: skip
    assert min(counts.values()) > 0
    assert len(set(counts.values())) == 1, counts


def test_search_folds_words_exactly_as_the_index_does(db_path):
    load_records(
        db_path,
        [
            {"id": "de", "date": "2020-01-01", "title": "Hauptstraße attack"},
            {"id": "gr", "date": "2020-01-02", "title": "ΣΊΣΥΦΟΣ ship"},
            {"id": "fr", "date": "2020-01-03", "title": "Édouard's café"},
        ],
    )
    timeline = Timeline(db_path)
    for query, ident in [("Hauptstraße", "de"), ("hauptstr", "de"), ("ΣΊΣΥΦΟΣ", "gr"), ("σίσυφος", "gr"),
                         ("edouard", "fr"), ("CAFÉ", "fr")]:  # fmt: skip
        assert [e.id for e in timeline.search(query).page()] == [ident], query
