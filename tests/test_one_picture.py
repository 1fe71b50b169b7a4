"""An ACLED export of the offensive loaded beside the built-in data gives one picture: one Saraqib,
one HTS, one "battle", and events that stay in their dataset whatever the file is called."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from frontline.store.categories import CATEGORIES
from frontline.store.filters import parse_filters
from frontline.store.geo import places_in_view
from frontline.store.load import load_files
from frontline.store.place_decisions import list_places, merge, split
from frontline.store.query import Timeline
from frontline.store.schema import open_database

ACLED = Path(__file__).parent / "data" / "acled-idlib-offensive.csv"


@pytest.fixture
def both(builtin_db: Path) -> Path:
    load_files(builtin_db, [ACLED])
    return builtin_db


def _ids(timeline: Timeline) -> set[str]:
    return {e.id for e in timeline.rows(0, timeline.count())}


def _at_saraqib(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("SELECT id FROM events WHERE place IN ('Saraqib', 'Saraqab')")}
    conn.close()
    return ids


def test_acled_spellings_join_the_built_in_places(both):
    timeline = Timeline(both)
    for ident, place in [("SYR79118", "Saraqib"), ("SYR79109", "Maarat al-Numan"), ("SYR79111", "Kafr Lata"),
                         ("SYR79110", "Ariha"), ("SYR79117", "Kafr Battikh"), ("SYR79116", "Maar Dibsah"),
                         ("SYR79106", "Sarmin"), ("SYR79107", "Idlib")]:  # fmt: skip
        event = timeline.event_by_id(ident)
        assert event.place_id == place, ident
    assert timeline.event_by_id("SYR79118").place == "Saraqab"  # the source's spelling is kept
    # Different towns with similar names stay apart.
    assert timeline.event_by_id("SYR79126").place_id == "Maaret Misrin"
    assert timeline.event_by_id("SYR79127").place_id == "Kafr Nabuda"


def test_place_filter_is_the_union_whatever_the_spelling(both):
    timeline = Timeline(both)
    expected = _at_saraqib(both)
    assert any(i.startswith("SYR") for i in expected) and any(not i.startswith("SYR") for i in expected)
    for typed in ("place:Saraqib", "place:Saraqab", "place:saraqeb"):
        view = timeline.filtered(parse_filters(typed)[0])
        assert _ids(view) == expected, typed


def test_search_for_any_spelling_finds_the_union(both):
    timeline = Timeline(both)
    expected = _at_saraqib(both)
    for text in ("saraqeb", "Saraqab", "Saraqib"):
        found = timeline.search(text)
        assert found is not None
        matched = {e.id for e in found.page(-1, 500)}
        assert expected <= matched, text


def test_the_map_draws_one_saraqib(both):
    dots = [p for p in places_in_view(Timeline(both)) if p.name.startswith("Sara")]
    assert [(d.name, d.count) for d in dots] == [("Saraqib", len(_at_saraqib(both)))]


def test_stats_have_one_row_per_category(both):
    rows = Timeline(both).stats().by_category
    names = [r[0] for r in rows]
    assert len(names) == len({n.casefold() for n in names})
    assert set(names) <= set(CATEGORIES)
    assert "Battles" not in names and "battle" in names
    timeline = Timeline(both)
    battles = _ids(timeline.filtered(parse_filters("category:battle")[0]))
    assert _ids(timeline.filtered(parse_filters("category:Battles")[0])) == battles  # ACLED's word for it
    assert {e.id for e in timeline.between(category="Battles")} == battles


def test_acled_kinds_map_and_keep_their_terms(both):
    event = Timeline(both).event_by_id("SYR79114")
    assert event.category == "shelling"
    assert event.extra["source_category"] == "Explosions/Remote violence / Shelling/artillery/missile attack"
    assert Timeline(both).event_by_id("SYR79124").category == "protest"


def test_actors_count_by_canonical_actor(both):
    timeline = Timeline(both)
    facets = dict(timeline.facets("actor", limit=500))
    assert "HTS" not in facets and "Hayat Tahrir al Sham" not in facets and "Jabhat al-Nusra" not in facets
    assert "Military Forces of Syria (2000-)" not in facets and "Syrian Arab Army" not in facets
    assert "SOHR" not in facets  # a source, not an actor
    hts = timeline.filtered(parse_filters("actor:HTS")[0])
    ids = _ids(hts)
    assert "SYR79118" in ids  # ACLED's "Hayat Tahrir al Sham"
    assert "2014-10-28-nusra-takes-maarat-from-srf" in ids  # Jabhat al-Nusra, its former name
    assert facets["Hayat Tahrir al-Sham"] == len(ids)
    army = _ids(timeline.filtered(parse_filters('actor:"Syrian Arab Army"')[0]))
    assert army == _ids(timeline.filtered(parse_filters('actor:"Military Forces of Syria (2000-)"')[0]))


def test_a_user_alias_file(builtin_db, tmp_path):
    aliases = tmp_path / "aliases.jsonl"
    aliases.write_text('{"actor": "Turkistan Islamic Party", "aliases": ["Uyghur fighters"]}\n', encoding="utf-8")
    load_files(builtin_db, [ACLED], aliases=[aliases])
    conn = sqlite3.connect(builtin_db)
    assert conn.execute("SELECT actor FROM actor_names WHERE name = 'Turkistan Islamic Party'").fetchone() == (
        "Turkistan Islamic Party",
    )
    conn.close()
    # A changed alias file changes the canonical actor of events already stored, at the next load.
    aliases.write_text('{"actor": "Hayat Tahrir al-Sham", "aliases": ["Turkistan Islamic Party"]}\n', encoding="utf-8")
    load_files(builtin_db, [ACLED], aliases=[aliases])
    facets = dict(Timeline(builtin_db).facets("actor", limit=500))
    assert "Turkistan Islamic Party" not in facets
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"actor": "A", "aliases": ["x"]}\n{"aliases": ["y"]}\n', encoding="utf-8")
    from frontline.store.actors import AliasError

    before = (builtin_db.read_bytes(), Timeline(builtin_db).count())
    with pytest.raises(AliasError, match=r"bad.jsonl:2: actor"):
        load_files(builtin_db, [ACLED], aliases=[bad])
    assert Timeline(builtin_db).count() == before[1]


def test_reload_under_another_name_keeps_the_dataset(both, tmp_path):
    renamed = tmp_path / "acled-export-edited.csv"
    shutil.copy(ACLED, renamed)
    result = load_files(both, [renamed])
    assert (result.new, result.updated, result.unchanged) == (0, 0, 30)
    assert "30 unchanged" in result.line()
    summary = Timeline(both).summary()
    assert set(summary.datasets) == {"maarat-al-numan", "acled-idlib-offensive"}
    again = load_files(both, [ACLED])
    assert again.unchanged == 30


def test_merge_and_split_survive_a_reload(both):
    kept, merged, moved = merge(both, "Saraqib", "Tal Mardikh")
    assert (kept, merged, moved) == ("Saraqib", "Tal Mardikh", 1)
    load_files(both, [ACLED])
    assert Timeline(both).event_by_id("SYR79130").place_id == "Saraqib"
    assert "Tal Mardikh" in next(p for p in list_places(both) if p.name == "Saraqib").spellings
    split(both, "Saraqib", "Saraqab")
    load_files(both, [ACLED])
    timeline = Timeline(both)
    assert timeline.event_by_id("SYR79118").place_id == "Saraqab"
    assert timeline.event_by_id("2012-11-02-army-quits-saraqeb").place_id == "Saraqib"
    assert timeline.event_by_id("SYR79130").place_id == "Saraqib"


def test_upgrade_gives_old_events_their_canonical_place(both):
    conn = sqlite3.connect(both)
    conn.execute("DROP INDEX idx_events_place")
    conn.execute("ALTER TABLE events DROP COLUMN place_id")
    conn.execute("ALTER TABLE events DROP COLUMN actor_keys")
    conn.execute("DROP TABLE place_spellings")
    conn.execute("DROP TABLE place_decisions")
    conn.execute("DROP TABLE actor_names")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    open_database(both).close()
    timeline = Timeline(both)
    assert timeline.event_by_id("SYR79118").place_id == "Saraqib"
    facets = dict(timeline.facets("actor", limit=500))
    assert facets.get("HTS") is None and facets["Hayat Tahrir al-Sham"] > 0


def test_article_events_get_the_places_they_name(builtin_db, tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(
        "29 January 2020\n\nAir strikes on Ariha killed ten people on Tuesday, rescuers said.\n\n"
        "On Monday government forces entered Maarat al-Numan, state media said.\n",
        encoding="utf-8",
    )
    load_files(builtin_db, [article], format="article")
    events = [e for e in Timeline(builtin_db).rows(0, 10_000) if e.id.startswith("art-")]
    assert {e.place_id for e in events} == {"Ariha", "Maarat al-Numan"}
    ariha = next(e for e in events if e.place_id == "Ariha")
    assert (ariha.lat, ariha.lon) == (35.8117, 36.609)
    assert ariha.extra["places"] == [{"name": "Ariha", "lat": 35.8117, "lon": 36.609}]


def test_the_places_command_data(both):
    saraqib = next(p for p in list_places(both) if p.name == "Saraqib")
    assert "Saraqab" in saraqib.spellings and saraqib.events == len(_at_saraqib(both))
    assert "Saraqib" not in saraqib.spellings  # the name is the place; spellings are the others
    assert [p.name for p in list_places(both, "saraqab")] == ["Saraqib"]
