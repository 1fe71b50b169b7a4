"""The gazetteer: spellings folded to one key, matches confirmed by point and governorate, and the
place-matching table (tests/data/place_pairs.csv) measured for precision and recall."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from frontline.store.gazetteer import SCHEMA, Gazetteer, seed_places
from frontline.store.placenames import governorate, skeleton

DATA = Path(__file__).parent / "data"


def book(*places: dict) -> Gazetteer:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE places (name TEXT PRIMARY KEY, admin1 TEXT, lat REAL, lon REAL, aliases TEXT)")
    conn.executescript(SCHEMA)
    seed_places(conn, places)
    return Gazetteer(conn)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Saraqib", "Saraqeb", "Saraqab", "Sarāqib"],
        ["Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat An Nu'man", "Maʿarrat al-Nuʿman"],
        ["Kafr Nabl", "Kafranbel", "Kafr Nubl"],
        ["Khan Shaykhun", "Khan Sheikhoun", "Khan Cheikhoun"],
        ["Maar Dibsah", "Ma'ar Debsah", "Maar Dibsa"],
    ],
)
def test_transliterations_share_one_key(spellings):
    assert len({skeleton(s) for s in spellings}) == 1


def test_different_towns_keep_different_keys():
    assert skeleton("Maarat Misrin") != skeleton("Maarat al-Numan")
    assert skeleton("Kafr Nabudah") != skeleton("Kafr Nabl")
    assert skeleton("Saraqib") != skeleton("Sarmin")


def test_governorates_fold_to_one_key():
    assert governorate("Idleb") == governorate("Idlib") == governorate("Idlib Governorate")
    assert governorate("Halab") == governorate("Aleppo")
    assert governorate("Rural Damascus") == governorate("Rif Dimashq")
    assert governorate("Hama") != governorate("Homs")


SARAQIB = {"name": "Saraqib", "admin1": "Idlib", "lat": 35.8636, "lon": 36.8006, "aliases": ["Saraqeb"]}


def test_a_new_spelling_joins_when_point_and_governorate_agree():
    places = book(SARAQIB)
    assert places.resolve("Saraqab", "Idleb", 35.8624, 36.8036, "acled") == "Saraqib"
    assert "Saraqab" in places.places["Saraqib"].spellings  # learnt
    assert places.changed == {"Saraqib"}
    assert places.aliases("Saraqib", "Saraqab") == "Saraqib Saraqeb"


def test_the_same_name_far_away_is_another_place():
    places = book(SARAQIB)
    assert places.match("Saraqib", "Daraa", 32.7, 36.2) is None
    assert places.match("Saraqib", "Hama") is None  # another governorate, no point
    name = places.resolve("Saraqib", "Daraa", 32.7, 36.2)
    assert name == "Saraqib (Daraa)"
    assert places.resolve("Saraqib", "Idlib", 35.86, 36.80) == "Saraqib"


def test_similar_names_stay_apart():
    places = book(
        {"name": "Maarat al-Numan", "admin1": "Idlib", "lat": 35.6447, "lon": 36.6739},
        {"name": "Kafranbel", "admin1": "Idlib", "lat": 35.6133, "lon": 36.5614, "aliases": ["Kafr Nabl"]},
    )
    assert places.match("Maarat Misrin", "Idleb", 36.0124, 36.6737) is None
    assert places.match("Maarat Misrin") is None
    assert places.match("Kafr Nabudah", "Hama", 35.4494, 36.5167) is None
    assert places.match("Kafr Nabudah") is None
    assert places.match("Maarrat an Nu'man", "Idleb", 35.6479, 36.6731) == "Maarat al-Numan"
    assert places.match("Kafr Nubl", "Idleb") == "Kafranbel"


def test_one_letter_off_only_close_by():
    places = book({"name": "Kafr Lata", "admin1": "Idlib", "lat": 35.7947, "lon": 36.6275})
    assert places.match("Kafr Lataa") == "Kafr Lata"  # the same skeleton: no point needed
    assert places.match("Kafr Laqta", "Idleb", 35.795, 36.628) == "Kafr Lata"  # one letter off, 0 km
    assert places.match("Kafr Laqta", "Idleb") is None  # one letter off and no point: not enough


def test_mentioned_places_in_text():
    places = book(SARAQIB, {"name": "Ariha", "admin1": "Idlib", "lat": 35.8117, "lon": 36.609})
    found = places.mentioned("Air strikes hit Ariha on Tuesday, then Saraqeb, the Observatory said.")
    assert [p.name for p in found] == ["Ariha", "Saraqib"]
    assert places.mentioned("Nothing here names a town.") == []
    assert [p.name for p in places.mentioned("Saraqeb's streets were empty.")] == ["Saraqib"]


def read_pairs() -> list[dict[str, str]]:
    with open(DATA / "place_pairs.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    return float(text) if text else None


def test_place_matching_precision_and_recall():
    """Each pair: the gazetteer knows place A (as a source gave it); does sighting B resolve to it?"""
    pairs = read_pairs()
    assert len(pairs) >= 150
    assert {p["same"] for p in pairs} == {"0", "1"}
    true_pos = false_pos = false_neg = 0
    for pair in pairs:
        places = book(
            {"name": pair["spelling_a"], "admin1": pair["admin1_a"] or None,
             "lat": _number(pair["lat_a"]), "lon": _number(pair["lon_a"])}
        )  # fmt: skip
        found = places.match(
            pair["spelling_b"], pair["admin1_b"] or None, _number(pair["lat_b"]), _number(pair["lon_b"])
        )
        matched, same = found == pair["spelling_a"], pair["same"] == "1"
        true_pos += matched and same
        false_pos += matched and not same
        false_neg += same and not matched
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    assert precision >= 0.98, f"precision {precision:.3f}"
    assert recall >= 0.95, f"recall {recall:.3f}"


def test_a_place_learned_later_in_a_load_places_the_rows_before_it(tmp_path: Path):
    from frontline.store.load import load_records
    from frontline.store.query import Timeline

    records = [
        {"id": "x1", "date": "2020-01-02", "title": "Shelling reported", "place": "Tell Mardikh", "dataset": "d"},
        {"id": "x2", "date": "2020-01-03", "title": "Strike", "place": "Tell Mardikh", "lat": 35.8, "lon": 36.8,
         "dataset": "d"},
    ]  # fmt: skip
    db = tmp_path / "g.db"
    load_records(db, records)
    first = Timeline(db).event_by_id("x1")
    assert first is not None and (first.lat, first.lon) == (35.8, 36.8)  # from the row after it, in one load
    again = load_records(db, records)
    assert (again.updated, again.unchanged, again.placed) == (0, 2, 0)  # loading it again changes nothing


def test_rows_placed_by_a_later_file_are_counted_apart(tmp_path: Path):
    from frontline.store.load import load_records

    db = tmp_path / "g.db"
    bare = {"id": "y1", "date": "2020-01-02", "title": "Shelling", "place": "Tell Mardikh", "dataset": "d"}
    load_records(db, [bare])
    placed = {"id": "y2", "date": "2020-01-03", "title": "Strike", "place": "Tell Mardikh", "lat": 35.8,
              "lon": 36.8, "dataset": "d"}  # fmt: skip
    result = load_records(db, [bare, placed])
    assert (result.new, result.updated, result.placed) == (1, 0, 1)
    assert "1 placed on the map" in result.line()


def test_a_kind_of_place_after_the_name_is_the_place_itself():
    assert skeleton("Saraqib town") == skeleton("Saraqib")  # UCDP's `where_coordinates`
    assert skeleton("Anadan village") == skeleton("Anadan")
    assert skeleton("Town") == skeleton("town") != ""  # a name that is only the word stays a name
    assert skeleton("Maarat al-Numan city") == skeleton("Maarat al-Numan")
