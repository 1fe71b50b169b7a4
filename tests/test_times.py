"""Times of day: read, stored beside the day, sorted within the day, shown, and written back unchanged."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from frontline.store.dates import DateError
from frontline.store.export import export
from frontline.store.load import load_files, load_records
from frontline.store.query import Timeline
from frontline.store.readers import LoadError
from frontline.store.times import format_when_long, format_when_short, parse_time, split


def dump(db: Path, fmt: str) -> str:
    out = io.StringIO()
    export(db, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-29T15:00", ("2020-01-29", "15:00")),
        ("2020-01-29 15:00:30", ("2020-01-29", "15:00:30")),
        ("2020-01-29T15:00:30.250Z", ("2020-01-29", "15:00:30.250Z")),
        ("2020-01-29T15:00+0100", ("2020-01-29", "15:00+01:00")),
        ("2020-01-29T09:05-05", ("2020-01-29", "09:05-05:00")),
        ("2020-01-29", ("2020-01-29", None)),
        ("29 January 2020", ("29 January 2020", None)),
        ("29 Jan 2020 14:30", ("29 Jan 2020", "14:30")),  # a written date keeps its time too
        ("January 29, 2020, 2:30 pm", ("January 29, 2020", "14:30")),
        ("29/01/2020 at 14:30", ("29/01/2020", "14:30")),
        ("29 January 2020 at 3:05 PM +03:00", ("29 January 2020", "15:05+03:00")),
        ("Dec 2019", ("Dec 2019", None)),
        ("14:30", ("14:30", None)),
    ],
)
def test_split_takes_the_time_off_an_iso_date(text, expected):
    assert split(text) == expected


def test_times_as_people_write_them():
    assert parse_time("3:05 pm") == "15:05"
    assert parse_time("12:00 a.m.") == "00:00"
    assert parse_time(" 9:30 ") == "09:30"
    for bad in ("25:00", "10:61", "13:00 pm", "noon"):
        with pytest.raises(DateError):
            parse_time(bad)


def test_display_forms():
    assert format_when_short("2020-01-29", "2020-01-29", "time", "15:00:30+01:00") == "29 Jan 2020 15:00"
    long = format_when_long("2020-06-29", "2020-06-29", "time", "15:00+01:00", "16:00+01:00")
    assert long == "Monday 29 June 2020, 15:00–16:00 UTC+01:00"
    assert format_when_long("2020-06-29", "2020-06-29", "time", "15:00:30Z") == "Monday 29 June 2020, 15:00:30 UTC"
    span = format_when_long("2020-06-29", "2020-06-30", "time", "22:00", "02:00")
    assert span == "Monday 29 June 2020, 22:00 to Tuesday 30 June 2020, 02:00 (a span)"
    assert format_when_short("2020-06-29", "2020-06-30", "time", "22:00") == "29 Jun 22:00 → 30 Jun 2020"


def test_same_headline_same_day_different_times_are_two_events_in_time_order(tmp_path):
    csv = tmp_path / "briefings.csv"
    csv.write_text(
        "Date,Time,Headline,Location\n"
        "2020-01-29,15:00,Press briefing,Geneva\n"
        "2020-01-29,09:30,Press briefing,Geneva\n"
        "2020-01-29,,Talks open,Geneva\n"
        "2020-01-28,23:59,Late statement,Geneva\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    assert load_files(db, [csv]).new == 4
    timeline = Timeline(db)
    rows = timeline.rows(0, 4)
    assert [(e.title, e.time_start) for e in rows] == [
        ("Late statement", "23:59"),
        ("Talks open", None),
        ("Press briefing", "09:30"),
        ("Press briefing", "15:00"),
    ]
    assert [e.precision for e in rows] == ["time", "day", "time", "time"]
    assert rows[3].date_short == "29 Jan 2020 15:00"
    assert rows[2].date_long == "Wednesday 29 January 2020, 09:30"
    # the day-level queries still see the timed events on their day
    assert timeline.position_of_date("2020-01-29") == 1


def test_a_later_timed_event_on_the_same_day_appends_in_order(tmp_path):
    db = tmp_path / "t.db"
    load_records(db, [{"date": "2020-01-29T10:00", "title": "A"}, {"date": "2020-01-29T12:00", "title": "B"}])
    load_records(db, [{"date": "2020-01-29T11:00", "title": "C"}, {"date": "2020-01-29T13:00", "title": "D"}])
    titles = [e.title for e in Timeline(db).rows(0, 4)]
    assert titles == ["A", "C", "B", "D"]
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")] == [1, 2, 3, 4]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_times_go_out_and_come_back_unchanged(tmp_path, fmt):
    records = [
        {"id": "a", "date": "2020-06-29T15:00+01:00", "end_date": "2020-06-29T16:00+01:00", "title": "Meeting"},
        {"id": "b", "date": "2020-06-29T15:00:30.250Z", "title": "Launch"},
        {"id": "c", "date": "2020-06-29T22:00", "end_date": "2020-06-30T02:00", "title": "Night"},
        {"id": "d", "date": "2020-06-29", "end_date": "2020-06-30T02:00", "title": "Until two"},
    ]
    db = tmp_path / "a.db"
    load_records(db, records)
    first = dump(db, fmt)
    assert "2020-06-29T15:00+01:00" in first and "2020-06-29T15:00:30.250Z" in first
    path = tmp_path / f"out.{fmt}"
    path.write_text(first, encoding="utf-8")
    copy = tmp_path / "b.db"
    load_files(copy, [path])
    assert dump(copy, fmt) == first


def test_precision_words(tmp_path):
    db = tmp_path / "t.db"
    load_records(db, [{"id": "m", "date": "2020-06-29T15:00", "precision": "minute", "title": "Minute"}])
    load_records(db, [{"id": "d", "date": "2020-06-29T15:00", "precision": "day", "title": "Widened"}])
    events = {e.id: e for e in Timeline(db).rows(0, 2)}
    assert events["m"].precision == "time" and events["m"].time_start == "15:00"
    assert events["d"].precision == "day" and events["d"].time_start is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2020-06-29T15:00,2020-06-29T14:00,Back", r"t\.csv:2: end_date: ends .* before it starts"),
        ("2020-06-29T25:00,,Bad", r"t\.csv:2: date: not a time: .*no such hour"),
        ("2020-06,,Month", None),
        ("June 2020 14:30,,Month and time", r"t\.csv:2: date: a time of day needs a single day"),
        ("29 Jun 2020 14:30,,Written", None),
    ],
)
def test_bad_times_are_one_line_errors(tmp_path, row, message):
    path = tmp_path / "t.csv"
    path.write_text(f"date,end_date,title\n{row}\n", encoding="utf-8")
    db = tmp_path / "t.db"
    if message is None:
        assert load_files(db, [path]).new == 1
        return
    with pytest.raises(LoadError, match=message):
        load_files(db, [path])
    assert not db.exists()


def test_a_time_column_with_a_month_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("date,time,title\n2020-06,10:00,Month\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"t\.csv:2: time: a time of day needs a single day"):
        load_files(tmp_path / "t.db", [path])


def test_a_long_cell_is_never_read_as_a_written_date_and_time():
    hostile = "1 " * 50_000 + "12:30"  # the written-time pattern would take minutes over this
    assert split(hostile) == (hostile, None)
