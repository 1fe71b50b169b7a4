"""The query language: a table of queries and the events each must return, on a small hand-made
database and on the built-in data; and the errors, each pointing at the character at fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.store.builtin import EVENTS_FILE
from frontline.store.links import Links
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.store.querylang import QueryError, parse
from frontline.store.selection import select

SRC = [{"name": "AFP", "url": "https://example.org/afp"}]
EVENTS = [
    {"id": "a", "date": "2019-12-19", "title": "Airstrike on Saraqeb market", "place": "Saraqeb", "admin1": "Idlib",
     "actors": ["Russia"], "category": "airstrike", "fatalities": 10, "sources": SRC, "summary": "Jets hit the market.",
     "notes": "Sources disagree on the toll: 10 or 12.", "dataset": "syria"},
    {"id": "b", "date": "2019-12-24", "title": "Idlib town of Saraqeb shelled", "place": "Saraqeb",
     "category": "shelling", "fatalities": 2, "dataset": "syria"},
    {"id": "c", "date": "2020-01-28", "title": "Maarat al-Numan falls to government forces",
     "place": "Maarat al-Numan", "actors": ["Syrian Arab Army"], "category": "capture", "dataset": "syria"},
    {"id": "d", "date": "2020-01", "title": "HTS withdraws from Idlib countryside", "actors": ["HTS"],
     "category": "Battles", "dataset": "acled"},
    {"id": "e", "date": "2015", "title": "Nusra Front takes Idlib", "actors": ["Jabhat al-Nusra"],
     "category": "battle", "summary": "", "notes": "The date is disputed.", "dataset": "acled"},
    {"id": "f", "date": "2020-01-29", "title": "Kafr Nabl emptied", "place": "Kafr Nabl", "displaced": 5000,
     "category": "displacement", "dataset": "syria"},
    {"id": "g", "date": "602", "title": "War of 602", "category": "history", "dataset": "history"},
    {"id": "h", "date": "2020-01-29", "title": "Kafr and Nabl villages", "summary": "A marked man and an OR gate.",
     "dataset": "syria"},
]  # fmt: skip
ALL = set("abcdefgh")

TABLE = [
    ("Idlib", {"b", "d", "e"}),
    ("idl", {"b", "d", "e"}),
    ("Idlib -Saraqeb", {"d", "e"}),
    ("Idlib Saraqeb", {"b"}),
    ("Idlib AND Saraqeb", {"b"}),
    ("NOT Idlib Saraqeb", {"a"}),
    ("Saraqeb Saraqeb sara", {"a", "b"}),
    ("HTS OR Nusra", {"d", "e"}),
    ("(HTS OR Nusra) -takes", {"d"}),
    ('"Kafr Nabl"', {"f"}),
    ("Kafr Nabl", {"f", "h"}),
    ('Kafr -"Kafr Nabl"', {"h"}),
    ('"OR"', {"a", "h"}),  # in a's note and h's summary
    ('"marked"', {"h"}),
    ("category:battle", {"d", "e"}),
    ("category:Battles", {"d", "e"}),
    ("category:airstrike OR category:shelling", {"a", "b"}),
    ("-category:battle", ALL - {"d", "e"}),
    ("dataset:acled", {"d", "e"}),
    ("-dataset:syria", {"d", "e", "g"}),
    ("actor:hts", {"d", "e"}),
    (
        "actor:Nusra",
        {"d", "e"},
    ),  # the short name a person types  # Jabhat al-Nusra is Hayat Tahrir al-Sham's earlier name (store.actors)
    ("actor:HTS OR actor:Russia", {"a", "d", "e"}),
    ("who:Russia", {"a"}),
    ("place:Saraqeb", {"a", "b"}),
    ('place:"Kafr Nabl"', {"f"}),
    ("tag:urgent", {"f"}),
    ("tag:#verified OR tag:urgent", {"a", "f"}),
    ("-tag:verified Kafr", {"h"}),
    ("governorate:idlib", {"a", "b"}),  # b's Saraqeb is the gazetteer's Saraqib, in Idlib
    ("precision:year", {"e", "g"}),
    ("precision:month", {"d"}),
    ("killed>=10", {"a"}),
    ("killed>0", {"a", "b"}),
    ("fatalities<5", {"b"}),
    ("deaths=2", {"b"}),
    ("-killed>=10", ALL - {"a"}),
    ("displaced>0", {"f"}),
    ("displaced>=1,000", {"f"}),
    ("after:2020-01", {"c", "d", "f", "h"}),
    ("before:2015", {"e", "g"}),
    ("before:1000", {"g"}),
    ("on:2020-01-29", {"d", "f", "h"}),
    ('on:"29 January 2020"', {"d", "f", "h"}),
    ("on:29 January 2020 Kafr", {"f", "h"}),
    ("on:January 2020", {"c", "d", "f", "h"}),
    ("after:last December", set()),  # said to be relative, as Wednesday is: the latest December, after every event
    ("after:19 Dec 2019 before:24 Dec 2019", {"a", "b"}),
    ("disputed", {"a", "e"}),
    ("-disputed category:battle", {"d"}),
    ("marked", {"c"}),
    ("is:marked OR killed>5", {"a", "c"}),
    ("marked:no", ALL - {"c"}),
    ("NOT -marked", {"c"}),  # a double negation reads back as NOT -marked: '--marked' is an error
    ("(Saraqeb OR Nabl) killed>0", {"a", "b"}),
    ('Saraqeb OR place:"Kafr Nabl"', {"a", "b", "f"}),
    ("-(Idlib OR Saraqeb)", ALL - {"a", "b", "d", "e"}),
    ("Idlib -Saraqeb -takes", {"d"}),
    ("zzz", set()),
    ("Idlib -zzz", {"b", "d", "e"}),
]

ERRORS = [
    ("Idlib foo:bar", 7, "no field 'foo'"),
    ('Idlib "open', 7, "never closed"),
    ("a OR", 3, "OR needs a term after it"),
    ("OR a", 1, "OR needs a term before it"),
    ("a OR OR b", 3, "OR needs a term after it"),
    ("killed>=x", 9, "whole number"),
    ("category>3", 1, "not a figure"),
    ("(a b", 1, "never closed"),
    ("a)", 2, "closes no"),
    ("()", 1, "nothing between"),
    ("precision:week", 11, "day, month or year"),
    ("after:someday", 7, "after:"),
    ("Idlib - a", 7, "excludes what follows"),
    ("category:", 10, "needs a value"),
    ("a AND", 3, "AND needs"),
    ("*", 1, "no words"),
    ("(" * 250 + "x" + ")" * 250, 33, "more than 32 brackets or NOTs"),  # never Python's recursion limit
    ("NOT " * 2000 + "x", 129, "more than 32 brackets or NOTs"),
    ('place:"Kafr', 7, "never closed"),
    ("on:March", 4, "on: 'March' needs a year"),  # not this year's March, quietly: the same for every date field
    ("after:March Idlib", 7, "after: 'March' needs a year"),
    ('before:"29 March"', 8, "before: '29 March' needs a year"),
    ("--Idlib", 2, "a second '-'"),  # neither a double negation nor a single one
    ("Idlib --Saraqeb", 8, "a second '-': one leaves out what follows (quote it, \"--Saraqeb\""),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Timeline:
    db = tmp_path_factory.mktemp("querylang") / "small.db"
    load_records(db, EVENTS)
    timeline = Timeline(db)
    timeline.toggle_mark("c")
    timeline.layer().add_tags("f", ["urgent", "#Verified"])
    timeline.layer().add_tags("a", ["verified"])
    return timeline


def ids_both_ways(timeline: Timeline, query: str) -> set[str]:
    """The events a query returns, asked the TUI's way (a view and its search) and export's way (one SQL
    condition): the two must agree."""
    chosen = select(query)
    by_view = {e.id for e in chosen.first(timeline, None)[0]}
    by_sql = {row[1] for row in chosen.rows(timeline)}
    assert by_view == by_sql, query
    return by_sql


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_each_query_returns_its_events(small, query, expected):
    assert ids_both_ways(small, query) == expected


@pytest.mark.parametrize(("query", "column", "message"), ERRORS, ids=[q for q, *_ in ERRORS])
def test_what_cannot_be_read_is_an_error_at_its_character(small, query, column, message):
    with pytest.raises(QueryError) as caught:
        ids_both_ways(small, query)
    assert caught.value.column == column and message in caught.value.message
    text = caught.value.text.replace("\t", " ").replace("\n", " ")
    if text:  # the caret under the character, the query cut around it if long
        shown, caret = caught.value.caret().splitlines()
        assert len(shown) <= 76 and caret.strip() == "^"
        assert shown[len(caret) - 1] == text[column - 1] if column <= len(text) else len(caret) == len(shown) + 1
        if len(text) <= 76:
            assert (shown, caret) == (text, " " * (column - 1) + "^")


def test_a_query_reads_back_as_it_was_typed():
    for query, _ in TABLE:
        tree = parse(query)
        assert tree is not None and parse(tree.text()) == tree, query


def _builtin() -> list[dict]:
    return [json.loads(line) for line in Path(EVENTS_FILE).read_text(encoding="utf-8").splitlines() if line]


def _words(timeline: Timeline, text: str) -> set[str]:
    found = timeline.search(text)
    return {e.id for e in found.page(limit=10_000)} if found else set()


def test_builtin_queries_of_the_issue(builtin_db):
    timeline = Timeline(builtin_db)
    records = _builtin()
    assert ids_both_ways(timeline, "-dataset:maarat-al-numan") == set()
    idlib, saraqeb = _words(timeline, "Idlib"), _words(timeline, "Saraqeb")
    assert saraqeb & idlib and ids_both_ways(timeline, "Idlib -Saraqeb") == idlib - saraqeb
    hts, nusra = _words(timeline, "HTS"), _words(timeline, "Nusra")
    assert hts and nusra and ids_both_ways(timeline, "HTS OR Nusra") == hts | nusra
    own = {r["id"] for r in records if (r["fatalities"] or 0) >= 10 and not r["running_total"]}
    assert ids_both_ways(timeline, "killed>=10") == own  # a tally ("380,000 dead since 2011") is not an event's
    totals = {r["id"] for r in records if (r["fatalities"] or 0) >= 10 and r["running_total"]}
    assert totals and ids_both_ways(timeline, "is:total killed>=10") == totals
    disputed = {r["id"] for r in records if "disagree" in (r["notes"] or "") or "disput" in (r["notes"] or "")}
    assert disputed and ids_both_ways(timeline, "disputed") == disputed
    battles = {r["id"] for r in records if r["category"] in ("battle", "capture")}
    assert ids_both_ways(timeline, "category:battle OR category:capture") == battles
    winter = {r["id"] for r in records if r["date"] <= "2020-01-31" and (r["end_date"] or r["date"]) >= "2019-12"}
    assert ids_both_ways(timeline, "after:2019-12 before:2020-01") == winter
    assert ids_both_ways(timeline, "Maaret al-Numan") == ids_both_ways(timeline, "Ma'arrat al-Nu'man")
    everything = {r["id"] for r in records}
    assert _words(timeline, "Saraqib") == saraqeb  # a town's other spelling finds the same events
    assert ids_both_ways(timeline, "-Saraqeb") == ids_both_ways(timeline, "-Saraqib") == everything - saraqeb


def test_prefixes_are_spelled_out_within_a_bound(small):
    found = small.search("sar OR idl OR kafr")
    assert found is not None and "saraqeb" in found.walk and '"sar"*' not in found.walk
    assert found.count() == len(ids_both_ways(small, "sar OR idl OR kafr"))
    with pytest.raises(QueryError, match="more than 64 terms"):
        small.search(" ".join(f"w{n}" for n in range(65)))


def test_a_search_may_leave_words_out_but_needs_one_to_look_for(small):
    found = small.search("Idlib -Saraqeb")
    assert found is not None and {e.id for e in found.page()} == {"d", "e"} and found.terms == ["idlib"]
    with pytest.raises(QueryError, match=r"a search needs a word.* at column 1"):
        small.search("-Saraqeb")
    with pytest.raises(QueryError, match=r"only words here.* at column 7"):
        small.search("Idlib killed>2")


def test_linked_finds_events_with_a_confirmed_or_proposed_link_never_a_rejected_one(tmp_path):
    db = tmp_path / "linked.db"
    load_records(db, EVENTS)
    links = Links.open(db)
    links.decide(["a", "b"], "confirmed")
    links.decide(["c", "d"], "proposed")
    links.decide(["e", "f"], "rejected")
    timeline = Timeline(db)
    assert ids_both_ways(timeline, "linked") == {"a", "b", "c", "d"}
    assert ids_both_ways(timeline, "-linked") == ALL - {"a", "b", "c", "d"}
    assert ids_both_ways(timeline, "linked Saraqeb") == {"a", "b"}
    assert ids_both_ways(timeline, "linked OR disputed") == {"a", "b", "c", "d", "e"}
    links.decide(["c", "d"], "rejected")  # a proposal turned down no longer counts
    assert ids_both_ways(timeline, "linked") == {"a", "b"}
    links.close()


def test_running_totals_are_asked_for_with_is_total(tmp_path):
    toll = {"id": "t", "date": "2020-01-29", "title": "The toll to date", "fatalities": 380000,
            "running_total": True, "summary": "A total of 380,000 dead since 2011.", "dataset": "syria"}  # fmt: skip
    load_records(tmp_path / "t.db", [*EVENTS, toll])
    timeline = Timeline(tmp_path / "t.db")
    assert ids_both_ways(timeline, "is:total") == {"t"}
    assert ids_both_ways(timeline, "killed>=10") == {"a"}  # an event's own figure: a tally is not one
    assert ids_both_ways(timeline, "killed>=10 -is:total") == {"a"}  # said outright, the same
    assert ids_both_ways(timeline, "is:total killed>=10") == {"t"}  # beside is:total, the totals' figures
    assert ids_both_ways(timeline, "is:total (killed>=1000000 OR killed=380000)") == {"t"}
    assert ids_both_ways(timeline, "killed>=10 OR (is:total killed>=10)") == {"a", "t"}  # both
    assert ids_both_ways(timeline, "is:total OR killed>=10") == {"a", "t"}
    # negated, still among events' own figures: those not known to have killed 10 or more (with a smaller
    # figure, or none); a tally matches neither `killed>=10` nor `-killed>=10` unless is:total is beside
    assert ids_both_ways(timeline, "-killed>=10") == ALL - {"a"}
    assert ids_both_ways(timeline, "NOT killed>=10") == ALL - {"a"}
    assert ids_both_ways(timeline, "-(killed>=10 OR displaced>0)") == ALL - {"a", "f"}
    assert ids_both_ways(timeline, "-killed>=10 OR is:total") == ALL - {"a"} | {"t"}
    assert ids_both_ways(timeline, "is:total -killed>=10") == set()  # the tally is 380,000
    assert ids_both_ways(timeline, "is:total -killed>=1000000") == {"t"}
    assert ids_both_ways(timeline, "-(is:total killed>=1000000)") == ALL | {"t"}  # a question about totals
    assert {row[1] for row in select(filters=("killed>=10", "is:total")).rows(timeline)} == {"t"}
    assert ids_both_ways(timeline, "total") == {"t"}  # a bare `total` is a word, as in the news
    assert parse("-is:total").text() == "-is:total"
