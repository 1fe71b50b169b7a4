"""Loading: all or nothing, idempotent, updates in place, and a bad line named exactly."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import make_version_1

from frontline.store.export import export
from frontline.store.load import load_files, load_records
from frontline.store.query import Timeline
from frontline.store.readers import LoadError


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def jsonl(path: Path, records: list[dict]) -> Path:
    return write(path, "".join(json.dumps(r) + "\n" for r in records))


def snapshot(path: Path) -> bytes:
    return path.read_bytes()


def titles(db: Path) -> list[str]:
    tl = Timeline(db)
    return [e.title for e in tl.rows(0, tl.count())]


EVENTS = [
    {"id": "e1", "date": "2019-12-19", "title": "Offensive begins", "place": "Maarat al-Numan"},
    {"id": "e2", "date": "2020-01-29", "title": "Town declared recaptured", "fatalities": 11},
    {"id": "e3", "date": "2012", "title": "Rebels take the town"},
]


def test_load_then_again_changes_nothing(tmp_path, db_path):
    source = jsonl(tmp_path / "a.jsonl", EVENTS)
    first = load_files(db_path, [source])
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    before = snapshot(db_path)
    second = load_files(db_path, [source])
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert snapshot(db_path) == before


def test_changed_record_updates_in_place(tmp_path, db_path):
    load_files(db_path, [jsonl(tmp_path / "a.jsonl", EVENTS)])
    edited = [dict(EVENTS[1], fatalities=12, title="Town declared recaptured by the army")]
    result = load_files(db_path, [jsonl(tmp_path / "b.jsonl", edited)], dataset="a")
    assert (result.new, result.updated, result.unchanged) == (0, 1, 0)
    tl = Timeline(db_path)
    assert tl.count() == 3
    event = tl.event_by_id("e2")
    assert event.fatalities == 12 and event.title == "Town declared recaptured by the army"


def test_timeline_order_is_dense_and_chronological_after_out_of_order_loads(tmp_path, db_path):
    load_files(db_path, [jsonl(tmp_path / "a.jsonl", EVENTS)])
    later = [{"id": "e4", "date": "2020-01-30", "title": "Strikes on Ariha"}]
    load_files(db_path, [jsonl(tmp_path / "b.jsonl", later)], dataset="a")  # appended
    earlier = [{"id": "e5", "date": "2011-06", "title": "Tanks enter the town"}]
    load_files(db_path, [jsonl(tmp_path / "c.jsonl", earlier)], dataset="a")  # forces a rebuild
    moved = [dict(EVENTS[0], date="2011-03-15")]
    load_files(db_path, [jsonl(tmp_path / "d.jsonl", moved)], dataset="a")  # a date change moves a row
    tl = Timeline(db_path)
    events = tl.rows(0, 100)
    assert [e.pos for e in events] == list(range(5))
    assert [e.id for e in events] == ["e1", "e5", "e3", "e2", "e4"]
    assert [b.key for b in tl.buckets()] == ["2011-03", "2011-06", "2012", "2020-01"]
    # the search index follows the rebuilt rowids
    found = tl.search("Ariha")
    assert found.count() == 1 and tl.event(found.first_at_or_after(0)).id == "e4"


def test_year_events_come_before_the_months_of_their_year(db_path):
    load_records(
        db_path,
        [
            {"date": "2019-01-01", "title": "New year's day"},
            {"date": "2019", "title": "Sometime in 2019"},
            {"date": "2019-01", "title": "January"},
        ],
    )
    assert titles(db_path) == ["Sometime in 2019", "January", "New year's day"]


def test_bad_line_three_leaves_the_database_byte_identical(tmp_path, db_path):
    load_files(db_path, [jsonl(tmp_path / "a.jsonl", EVENTS)])
    before = snapshot(db_path)
    bad = write(
        tmp_path / "bad.csv",
        "id,date,title\nn1,2020-01-30,Fine\nn2,30 Febuary 2020,Broken date\nn3,2020-01-31,Also fine\n",
    )
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [bad])
    assert str(caught.value) == f"{bad}:3: date: not a date: '30 Febuary 2020'"
    assert (caught.value.line, caught.value.field) == (3, "date")
    assert snapshot(db_path) == before
    assert Timeline(db_path).count() == 3


def test_two_files_are_one_transaction(tmp_path, db_path):
    good = jsonl(tmp_path / "good.jsonl", EVENTS)
    bad = write(tmp_path / "bad.jsonl", '{"date": "2020-01-01", "title": "ok"}\n{"date": "2020-01-02", "title": \n')
    with pytest.raises(LoadError, match=r"bad\.jsonl:2: invalid JSON"):
        load_files(db_path, [good, bad])
    assert not db_path.exists()  # a load that creates the database and fails leaves none behind


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("missing-date.csv", "title,place\nA,B\n", "{p}:1: header: no date column"),
        (
            "ragged.csv",
            "date,title\n2020-01-01,A\n2020-01-02,B,extra\n",
            "{p}:3: column 3: 3 fields where the header has 2: a value past the last column",
        ),
        ("multiline.csv", 'date,title\n2020-01-01,"two\nlines"\nnope,B\n', "{p}:4: date: not a date: 'nope'"),
        ("latlon.csv", "date,title,lat,lon\n2020-01-01,A,95,36\n", "{p}:2: lat: latitude out of range: 95.0"),
        ("count.csv", "date,title,fatalities\n2020-01-01,A,many\n", "{p}:2: fatalities: not a number: 'many'"),
        ("negative.csv", "date,title,fatalities\n2020-01-01,A,-3\n", "{p}:2: fatalities: negative count: -3"),
        (
            "huge.csv",
            "date,title,fatalities\n2020-01-01,A,99999999999999999999999\n",
            "{p}:2: fatalities: too large to be a count",
        ),
        (
            "huge.jsonl",
            '{"date": "2020-01-01", "title": "A", "displaced": 1e300}\n',
            "{p}:1: displaced: too large to be a count",
        ),
        (
            "twice.csv",
            "date,title,Title\n2020-01-01,A,B\n",
            "{p}:1: header: column 'Title' appears twice (columns 2 and 3)",
        ),
        (
            "unnamed.csv",
            "date,title,,\n2020-01-01,A,,\n2020-01-02,B,lost?,\n",
            "{p}:3: column 3: a value under a column with no name",
        ),
        (
            "precision.csv",
            "date,title,precision\n2020-01,A,day\n",
            "{p}:2: precision: day precision, but the date '2020-01' gives only the month",
        ),
        (
            "ends-early.jsonl",
            '{"date": "2020-01-29", "end_date": "2020-01-01", "title": "A"}\n',
            "{p}:1: end_date: not a range: '2020-01-01' is before '2020-01-29'",
        ),
        ("no-title.jsonl", '{"date": "2020-01-29"}\n', "{p}:1: title: missing title"),
        ("array.jsonl", "[1, 2]\n", "{p}:1: expected a JSON object, found list"),
        ("empty.csv", "", "{p}: empty file"),
        ("header-only.csv", "date,title\n", "{p}: no events: the file has a header and nothing else"),
        ("truncated.json", '[\n  {"date": "2020-01-01", "title": "A"},\n  {"date": "2020-', "{p}:3: invalid JSON"),
    ],
)
def test_bad_input_names_file_line_and_field(tmp_path, db_path, name, text, expected):
    path = write(tmp_path / name, text)
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value).startswith(expected.format(p=path))


def test_latin1_bytes_are_refused_with_their_line(tmp_path, db_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("date,title\n2020-01-01,Ok\n2020-01-02,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError, match=r"latin1\.csv:3: not UTF-8 text \(byte 0xe9\)"):
        load_files(db_path, [path])


def test_bom_and_crlf_load(tmp_path, db_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffDate,Headline,Location\r\n2020-01-29,Recaptured,Maarat al-Numan\r\n".encode())
    load_files(db_path, [path])
    event = Timeline(db_path).event(0)
    assert (event.date_start, event.title, event.place) == ("2020-01-29", "Recaptured", "Maarat al-Numan")


def test_headers_are_matched_by_name_with_aliases_and_the_rest_kept(tmp_path, db_path):
    path = write(
        tmp_path / "mine.csv",
        "Event Date,Headline,Description,Location,Latitude,Longitude,Deaths,Source,reporter\n"
        '19 December 2019,Push south of Maarat,Ground push begins.,Jarjanaz,35.6,36.7,"1,043",AFP; https://example.org/x,Sam\n',
    )
    load_files(db_path, [path])
    event = Timeline(db_path).event(0)
    assert event.date_start == "2019-12-19" and event.precision == "day"
    assert event.summary == "Ground push begins." and event.place == "Jarjanaz"
    assert (event.lat, event.lon, event.fatalities) == (35.6, 36.7, 1043)
    assert event.sources == [
        {"name": "AFP", "url": None},
        {"name": "https://example.org/x", "url": "https://example.org/x"},
    ]
    assert event.extra == {"reporter": "Sam"}


def test_relative_dates_count_from_the_published_day(tmp_path, db_path):
    import datetime as dt

    path = write(tmp_path / "article.csv", "date,title\nWednesday,Recapture\nsince December,Exodus\n")
    load_files(db_path, [path], published=dt.date(2020, 1, 29))
    spans = {e.title: (e.date_start, e.date_end) for e in Timeline(db_path).rows(0, 10)}
    assert spans == {"Recapture": ("2020-01-29", "2020-01-29"), "Exodus": ("2019-12-01", "2020-01-29")}


def test_dry_run_changes_nothing_and_previews(tmp_path, db_path):
    (tmp_path / "later").mkdir()
    load_files(db_path, [jsonl(tmp_path / "a.jsonl", EVENTS[:1])])
    before = snapshot(db_path)
    result = load_files(db_path, [jsonl(tmp_path / "later" / "a.jsonl", EVENTS)], dry_run=True)
    assert (result.new, result.unchanged) == (2, 1)
    assert {row["id"] for row in result.preview} == {"e2", "e3"}
    assert snapshot(db_path) == before


def test_ids_come_from_a_stable_hash_when_the_file_has_none(tmp_path, db_path):
    path = write(tmp_path / "noid.csv", "date,title,place\n2020-01-29,Recapture,Maarat al-Numan\n")
    load_files(db_path, [path])
    first = Timeline(db_path).event(0).id
    other = tmp_path / "other.db"
    load_files(other, [path])
    assert Timeline(other).event(0).id == first
    assert load_files(db_path, [path]).unchanged == 1


def test_fts_stays_in_sync_through_updates(tmp_path, db_path):
    load_files(db_path, [jsonl(tmp_path / "a.jsonl", EVENTS)])
    load_files(db_path, [jsonl(tmp_path / "b.jsonl", [dict(EVENTS[1], title="Ghost town retaken")])], dataset="a")
    tl = Timeline(db_path)
    assert tl.search("ghost").count() == 1
    assert tl.search("declared").count() == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("INSERT INTO events_fts(events_fts) VALUES('integrity-check')") is not None


def test_one_id_twice_in_a_load_is_refused_not_silently_dropped(tmp_path, db_path):
    path = write(tmp_path / "dup.csv", "id,date,title\na1,2019-12-01,First version\na1,2019-12-02,Second version\n")
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == f"{path}:3: id: 'a1' is already used on line 2"
    other = write(tmp_path / "other.csv", "id,date,title\nb,2019-12-01,B\na1,2019-12-01,Also a1\n")
    with pytest.raises(
        LoadError, match=rf"other\.csv:3: id: 'a1' is already used on {re.escape(str(tmp_path))}/first\.csv:2"
    ):
        load_files(db_path, [write(tmp_path / "first.csv", "id,date,title\na1,2019-12-01,A\n"), other])


def test_rows_without_ids_that_look_the_same_are_refused(tmp_path, db_path):
    path = write(
        tmp_path / "noid.csv",
        "date,title,place,fatalities\n2020-01-15,Airstrike,Saraqeb,3\n2020-01-15,Airstrike,Saraqeb,5\n",
    )
    with pytest.raises(LoadError, match=r"noid\.csv:3: date, title and place: the same as line 2; give the rows an id"):
        load_files(db_path, [path])


def test_another_datasets_id_is_not_overwritten(tmp_path, db_path):
    load_files(db_path, [write(tmp_path / "alpha.csv", "id,date,title\n1,2020-01-01,Alpha A\n")])
    beta = write(tmp_path / "beta.csv", "id,date,title\n1,2020-01-02,Beta A\n")
    before = snapshot(db_path)
    with pytest.raises(LoadError, match=r"beta\.csv:2: id: '1' already belongs to dataset 'alpha'"):
        load_files(db_path, [beta])
    assert snapshot(db_path) == before
    assert load_files(db_path, [beta], dataset="alpha").updated == 1  # said on purpose, it updates


def test_the_refusal_names_the_column_the_id_came_from(tmp_path, db_path):
    load_files(db_path, [write(tmp_path / "alpha.csv", "ID,Date,Title\r\n1,2020-01-01,Alpha A\r\n")])
    beta = write(tmp_path / "beta.csv", "ID,Date,Title\r\n1,2020-01-02,Beta A\r\n")
    with pytest.raises(LoadError) as refused:
        load_files(db_path, [beta])
    assert str(refused.value).startswith(f"{beta}:2: ID: '1' already belongs to dataset 'alpha'")


def test_the_refusal_of_a_slides_id_names_unique_id(tmp_path, db_path):
    slide = {"start_date": {"year": "2020", "month": "1", "day": "29"}, "text": {"headline": "Shelling of Ariha"},
             "unique_id": "ariha-0129"}  # fmt: skip
    doc = json.dumps({"title": {"text": {"headline": "The siege"}}, "events": [slide]}, indent=2)
    load_files(db_path, [write(tmp_path / "monitor.json", doc)])
    press = write(tmp_path / "press.json", doc)  # the slide's own id: the same event, which the monitor owns
    before = snapshot(db_path)
    with pytest.raises(LoadError) as refused:
        load_files(db_path, [press])
    line = str(refused.value)
    assert "\n" not in line
    assert line == (
        f"{press}:8: unique_id: 'ariha-0129' already belongs to dataset 'monitor' "
        "(load with --dataset monitor to update it, or give these rows other ids)"
    ), line
    assert snapshot(db_path) == before


def test_a_made_id_another_dataset_gave_as_its_own_is_refused_without_advice_that_adds_a_copy(tmp_path, db_path):
    """A made id names its dataset, yet it clashes when another dataset's file gave it as an id: an export
    of these rows, its dataset column left out, loaded under its own name. Loading with --dataset would
    make other ids (a second copy), so the refusal does not advise it."""
    original = write(
        tmp_path / "ngo.csv", "date,title,place,fatalities\r\n2020-01-15,Airstrike on market,Saraqeb,3\r\n"
    )
    first = tmp_path / "first.db"
    load_files(first, [original])
    out = io.StringIO()
    export(first, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["id"].startswith("g") and rows[0]["dataset"] == "ngo"
    columns = [c for c in rows[0] if c != "dataset"]  # as shared by a colleague: without the dataset column
    shared = tmp_path / "shared.csv"
    with shared.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    load_files(db_path, [shared])
    before = snapshot(db_path)
    with pytest.raises(LoadError) as refused:
        load_files(db_path, [original])
    assert str(refused.value) == (
        f"{original}:2: date, title and place: the id made from them ({rows[0]['id']!r}) already belongs to "
        "dataset 'shared', whose file gave it as its id (a copy of these rows?); give these rows ids of their "
        "own to keep both"
    )
    assert snapshot(db_path) == before
    assert load_files(db_path, [original], skip_bad=True).refused == 1  # lenient: set aside the same way


def test_a_failed_load_leaves_an_older_database_unupgraded(tmp_path, db_path):
    load_records(db_path, EVENTS)
    make_version_1(db_path)
    before = snapshot(db_path)
    bad = write(tmp_path / "bad.csv", "date,title\nnever,A\n")
    with pytest.raises(LoadError):
        load_files(db_path, [bad])
    load_files(db_path, [jsonl(tmp_path / "test.jsonl", EVENTS)], dry_run=True)
    assert snapshot(db_path) == before


def test_a_source_column_and_a_url_column_make_one_linked_source(tmp_path, db_path):
    path = write(
        tmp_path / "s.csv",
        "date,title,source,url\n2020-01-29,A,AFP,https://afp.example/a\n2020-01-30,B,,https://x.example/b\n",
    )
    load_files(db_path, [path])
    a, b = Timeline(db_path).rows(0, 2)
    assert a.sources == [{"name": "AFP", "url": "https://afp.example/a"}]
    assert b.sources == [{"name": "https://x.example/b", "url": "https://x.example/b"}]
