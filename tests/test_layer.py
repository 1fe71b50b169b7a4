"""The analyst's own layer: corrections, tags, notes and hidden events over what the sources said."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from frontline.store.export import export
from frontline.store.layer import Layer, LayerError
from frontline.store.load import load_files
from frontline.store.query import Timeline

ACLED_HEADER = "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,source,notes,fatalities,timestamp"


def acled(path, place="Saraqab", fatalities=3, timestamp=1700000000):
    path.write_text(
        "\ufeff" + ACLED_HEADER + "\r\n"
        f'SYR1001,2020-01-28,2020,1,Battles,Armed clash,Military Forces of Syria (2000-),Hayat Tahrir al Sham,Idleb,{place},35.862,36.803,SOHR,"Clashes near {place}, 3 killed",{fatalities},{timestamp}\r\n'
        'SYR1002,2020-01-29,2020,1,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),,Idleb,Kafr Lata,35.78,36.6,SOHR,"Strike on ""Kafr Lata"" market",10,1700000000\r\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "layer.db"
    load_files(path, [acled(tmp_path / "acled.csv")])
    return path


def test_a_correction_shows_and_keeps_the_source_value_beside_it(db):
    layer = Layer(db)
    assert layer.edit("SYR1001", {"place": "Saraqib", "fatalities": "4"}) is not None
    event = Timeline(db).event_by_id("SYR1001")
    assert (event.place, event.fatalities) == ("Saraqib", 4)
    assert layer.corrections("SYR1001") == {"place": ("Saraqib", "Saraqab"), "fatalities": (4, 3)}


def test_a_reload_of_the_source_updates_under_the_correction(db, tmp_path):
    Layer(db).edit("SYR1001", {"place": "Saraqib"})
    newer = acled(tmp_path / "acled-2.csv", place="Saraqab town", fatalities=5, timestamp=1800000000)
    load_files(db, [newer], dataset="acled")
    event = Timeline(db).event_by_id("SYR1001")
    assert event.place == "Saraqib"  # the user's correction stays on top
    assert event.fatalities == 5  # an uncorrected field follows the source
    assert Layer(db).corrections("SYR1001")["place"] == ("Saraqib", "Saraqab town")


def test_revert_puts_back_what_the_source_now_says(db, tmp_path):
    layer = Layer(db)
    layer.edit("SYR1001", {"place": "Saraqib"})
    load_files(db, [acled(tmp_path / "b.csv", place="Saraqeb", timestamp=1800000000)], dataset="acled")
    layer.revert("SYR1001", "place")
    assert Timeline(db).event_by_id("SYR1001").place == "Saraqeb"
    assert layer.corrections("SYR1001") == {}


def test_a_date_written_as_people_write_it_moves_the_event_in_the_timeline(db):
    Layer(db).edit("SYR1002", {"date": "December 2019"})
    timeline = Timeline(db)
    first = timeline.event(0)
    assert (first.id, first.precision, first.date_start) == ("SYR1002", "month", "2019-12-01")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"date": "30 Febuary 2020"}, "date"),
        ({"lat": "91"}, "lat"),
        ({"fatalities": "many"}, "fatalities"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_value_is_refused_as_a_load_refuses_it_and_nothing_is_saved(db, values, field):
    before = Timeline(db).event_by_id("SYR1001")
    with pytest.raises(LayerError) as caught:
        Layer(db).edit("SYR1001", {"title": "A new title", **values})
    assert caught.value.field == field
    assert Timeline(db).event_by_id("SYR1001") == before
    assert Layer(db).history() == []


def test_tags_and_notes_are_searchable_and_counted(db):
    layer = Layer(db)
    layer.add_tags("SYR1001", ["Verified", "#story"])
    layer.add_tags("SYR1002", ["story"])
    layer.set_note("SYR1002", "Spoke to the market's owner by phone")
    assert layer.tags("SYR1001") == ["story", "verified"]
    assert layer.all_tags() == [("story", 2), ("verified", 1)]
    timeline = Timeline(db)
    assert timeline.search("owner").count() == 1
    assert timeline.search("verif").count() == 1
    assert timeline.event_by_id("SYR1002").user_note == "Spoke to the market's owner by phone"


def test_every_change_can_be_undone_and_redone(db):
    layer = Layer(db)
    steps = [
        layer.edit("SYR1001", {"category": "airstrike"}),
        layer.add_tags("SYR1001", ["x"]),
        layer.set_note("SYR1001", "n"),
        layer.set_hidden("SYR1001", True),
        layer.set_marked("SYR1001", True),
    ]
    for n in reversed(steps):
        assert n is not None
        layer.undo(n)
    event = Timeline(db).event_by_id("SYR1001")
    assert (event.category, event.tags, event.user_note) == ("battle", (), None)  # ACLED's "Battles", mapped
    assert not layer.is_hidden("SYR1001")
    for n in steps:
        layer.redo(n)
    event = Timeline(db).event_by_id("SYR1001")
    assert (event.category, event.tags, event.user_note) == ("airstrike", ("x",), "n")
    assert layer.is_hidden("SYR1001")
    assert [c.action for c in layer.history(limit=2)] == ["mark", "hide"]


def test_an_added_event_goes_into_the_users_own_dataset(db):
    ident = Layer(db).add(
        {"date": "29 Jan 2020", "title": "Phone call with a witness in Maarrat", "place": "Maarat al-Numan"}
    )
    event = Timeline(db).event_by_id(ident)
    assert (event.dataset, event.precision, event.date_start) == ("my events", "day", "2020-01-29")
    with pytest.raises(LayerError):
        Layer(db).add({"title": "no date"})


def test_a_jsonl_export_keeps_source_and_corrections_apart_and_reloads_the_layer(db, tmp_path):
    layer = Layer(db)
    layer.edit("SYR1001", {"place": "Saraqib"})
    layer.add_tags("SYR1001", ["verified"])
    layer.set_note("SYR1001", "checked")
    out = io.StringIO()
    export(db, "jsonl", out)
    record = next(json.loads(line) for line in out.getvalue().splitlines() if '"SYR1001"' in line)
    assert record["place"] == "Saraqab"
    assert record["layer"] == {"edits": {"place": "Saraqib"}, "tags": ["verified"], "note": "checked"}
    copy = tmp_path / "copy.jsonl"
    copy.write_text(out.getvalue(), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    load_files(fresh, [copy])
    again = Layer(fresh)
    assert again.corrections("SYR1001") == {"place": ("Saraqib", "Saraqab")}
    assert (again.tags("SYR1001"), again.note("SYR1001")) == (["verified"], "checked")
    out2 = io.StringIO()
    export(fresh, "jsonl", out2)
    assert out2.getvalue() == out.getvalue()


def test_a_csv_export_carries_the_corrected_values_with_tags_and_note(db):
    layer = Layer(db)
    layer.edit("SYR1001", {"place": "Saraqib"})
    layer.add_tags("SYR1001", ["verified", "story"])
    out = io.StringIO()
    export(db, "csv", out)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert (rows["SYR1001"]["place"], rows["SYR1001"]["tags"]) == ("Saraqib", '["story", "verified"]')
    copy = db.parent / "copy.csv"
    copy.write_text(out.getvalue(), encoding="utf-8")
    fresh = db.parent / "fresh-from-csv.db"
    load_files(fresh, [copy])
    assert Layer(fresh).tags("SYR1001") == ["story", "verified"]
    assert Timeline(fresh).event_by_id("SYR1001").place == "Saraqib"


def test_the_upgrade_keeps_a_version_3_database_and_adds_the_layer(tmp_path):
    path = tmp_path / "old.db"
    load_files(path, [acled(tmp_path / "a.csv")])
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE user_edits")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    Layer(path).set_note("SYR1001", "after the upgrade")
    assert Timeline(path).search("upgrade").count() == 1


def test_tag_filters_and_the_tag_facet_count_the_users_tags(db):
    from frontline.store.filters import parse_filters

    layer = Layer(db)
    layer.add_tags("SYR1001", ["story"])
    layer.add_tags("SYR1002", ["story", "verified"])
    timeline = Timeline(db)
    assert timeline.facets("tag") == [("story", 2), ("verified", 1)]
    filters, words = parse_filters("tag:verified")
    view = timeline.filtered(filters)
    assert (view.count(), view.event(0).id, words) == (1, "SYR1002", "")


def test_a_hidden_event_leaves_every_view_until_it_is_shown_again(db):
    from frontline.store.filters import Filters

    Layer(db).set_hidden("SYR1001", True)
    timeline = Timeline(db)
    view = timeline.filtered(Filters())
    assert [view.event(i).id for i in range(view.count())] == ["SYR1002"]
    shown = timeline.filtered(Filters(), show_hidden=True)
    assert shown.count() == 2


def test_a_corrected_spelling_keeps_the_point_unless_the_gazetteer_knows_the_new_place(db):
    layer = Layer(db)
    layer.edit("SYR1002", {"place": "Kafr Latta"})  # a spelling nobody has placed
    event = Timeline(db).event_by_id("SYR1002")
    assert (event.place, event.lat, event.lon) == ("Kafr Latta", 35.78, 36.6)  # the source's point stays
    assert "lat" not in layer.corrections("SYR1002")
    layer.edit("SYR1001", {"place": "Saraqab"})  # unchanged: nothing to do
    layer.edit("SYR1002", {"place": "Saraqab"})  # a place the load placed: its point comes with it
    moved = Timeline(db).event_by_id("SYR1002")
    assert (moved.lat, moved.lon) == (35.862, 36.803)


def test_an_added_event_keeps_the_time_written_after_its_date(db):
    ident = Layer(db).add({"date": "29 Jan 2020 14:30", "title": "Phone call with a witness"})
    event = Timeline(db).event_by_id(ident)
    assert (event.date_start, event.precision, event.time_start) == ("2020-01-29", "time", "14:30")
