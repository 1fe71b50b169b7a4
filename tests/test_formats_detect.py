"""Which reader a file gets: by extension and header, `--format` overriding."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.load import load_files
from frontline.store.readers import LoadError


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("plain.csv", "date,title\n2020-01-01,A\n", "csv"),
        ("acled.csv", "\ufeffevent_id_cnty,event_date\nX1,2020-01-01\n", "acled"),
        ("ged.csv", "id,date_prec,where_description,side_a,date_start\n", "ucdp"),
        ("sheet.csv", "Year,Month,Day,Headline,Type (title|era)\n", "timelinejs"),
        ("sheet-caps.csv", "YEAR, MONTH ,HEADLINE\n", "timelinejs"),
        ("array.json", ' [{"date": "2020"}]', "json"),
        ("lines.json", '{"date": "2020", "title": "A"}\n{"date": "2021", "title": "B"}\n', "jsonl"),
        ("tl.json", '{\n  "events": []\n}', "timelinejs"),
        ("tl-one-line.json", '{"events": [], "eras": []}', "timelinejs"),
        ("cal.ics", "BEGIN:VCALENDAR\n", "ical"),
        ("cal.ICS", "anything", "ical"),
        ("a.txt", "Shelling on Monday.", "article"),
        ("a.md", "# Title", "article"),
        ("noext", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "ical"),
        ("noext-acled", "event_id_cnty,event_date\n", "acled"),
        ("noext-jsonl", '{"date": "2020"}\n', "jsonl"),
    ],
)
def test_detect(tmp_path: Path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect(path) == expected


def test_undetectable_file_names_the_choices(tmp_path: Path):
    path = tmp_path / "mystery"
    path.write_bytes(b"just words")
    with pytest.raises(
        LoadError, match=r"mystery: cannot tell the format; name it with --format \(acled, article, csv"
    ):
        detect(path)


def test_format_overrides_detection(tmp_path: Path, db_path: Path):
    path = tmp_path / "notes.csv"  # a .csv holding an iCalendar file
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20200129\nSUMMARY:A\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    assert load_files(db_path, [path], format="ical").new == 1
