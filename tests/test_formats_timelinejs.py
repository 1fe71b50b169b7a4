"""TimelineJS: the JSON document and the spreadsheet's CSV, eras, early years, HTML to plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.formats.timelinejs import html_to_text
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError

DATA = Path(__file__).parent / "data"
HISTORY = DATA / "timelinejs-history.json"
SHEET = DATA / "timelinejs-sheet.csv"


def document(tmp_path: Path, events: list, **top) -> Path:
    path = tmp_path / "timeline.json"
    lines = ['{"events": [', ",\n".join(json.dumps(e) for e in events), "]"]
    lines += [f', "{k}": {json.dumps(v)}' for k, v in top.items()]
    path.write_text("\n".join(lines) + "}\n", encoding="utf-8")
    return path


def test_detection():
    assert detect(HISTORY) == "timelinejs"
    assert detect(SHEET) == "timelinejs"


def test_early_years_load_and_sort(db_path):
    load_files(db_path, [HISTORY])
    tl = Timeline(db_path)
    events = tl.rows(0, 10)
    assert [e.id for e in events][:2] == ["war-602", "hastings"]
    assert (events[0].date_start, events[0].date_end, events[0].precision) == ("0602-01-01", "0602-12-31", "year")
    assert (events[1].date_start, events[1].precision) == ("1066-10-14", "day")
    assert tl.position_of_date("1000-01-01") == 1
    assert [b.key for b in tl.buckets()][:2] == ["0602", "1066-10"]


def test_slide_fields(db_path):
    load_files(db_path, [HISTORY])
    tl = Timeline(db_path)
    war = tl.event_by_id("war-602")
    assert war.title == "War of 602 & after"
    assert war.summary == "The last great war of antiquity.\n\nSecond paragraph\nline two"
    assert war.category == "History"
    hastings = tl.event_by_id("hastings")
    assert hastings.extra == {
        "display_date": "14 October 1066",
        "media": {"url": "https://example.org/tapestry.jpg", "caption": "Tapestry", "credit": "Example"},
    }
    recapture = tl.event_by_id("recapture")
    assert recapture.title == "Town declared recaptured"
    assert recapture.extra == {"autolink": False}
    assert (recapture.precision, recapture.time_start, recapture.date_short) == ("time", "14:30", "29 Jan 2020 14:30")
    offensive = next(e for e in tl.rows(0, 10) if e.category == "Offensive")
    assert (offensive.date_start, offensive.date_end, offensive.precision) == ("2019-12-01", "2020-01-29", "month")
    assert offensive.summary == "Fighting <script>alert(1)</script> stays text"


def test_eras_go_to_the_eras_table(db_path):
    result = load_files(db_path, [HISTORY])
    assert (result.new, result.eras) == (4, 2)
    eras = {e.title: e for e in Timeline(db_path).eras()}
    assert (eras["Civil war"].date_start, eras["Civil war"].date_end) == ("2011-01-01", "2020-12-31")
    assert eras["Last Roman–Persian war"].id == "era-602"
    assert [e.title for e in Timeline(db_path).eras_at("0610-06-01")] == ["Last Roman–Persian war"]


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("  spaced \n  out  ", "spaced out"),
        ("&lt;b&gt; is &amp; stays text", "<b> is & stays text"),
        ("x<style>p {color: red}</style>y", "xy"),
        ("unclosed <b>bold", "unclosed bold"),
        ("<a href='https://example.org'>link</a> text", "link text"),
        ("a < b and c > d", "a < b and c > d"),
        ("", None),
    ],
)
def test_html_becomes_plain_text(html, text):
    assert html_to_text(html) == text


def test_the_sheet(db_path):
    result = load_files(db_path, [SHEET])
    assert (result.new, result.eras) == (3, 1)
    tl = Timeline(db_path)
    by_title = {e.title: e for e in tl.rows(0, 10)}
    assert set(by_title) == {"Year of three kings", "Offensive begins", "Town recaptured"}
    year = by_title["Year of three kings"]
    assert (year.date_start, year.precision, year.category) == ("1066-01-01", "year", "History")
    push = by_title["Offensive begins"]
    assert (push.date_start, push.date_end, push.precision) == ("2019-12-01", "2019-12-31", "month")
    assert push.summary == "Ground push south of the town"
    assert push.extra == {
        "display_date": "Winter 2019", "background": "#003366", "Desk": "World",
        "media": {"url": "https://example.org/p.jpg", "credit": "Example Agency", "caption": "A road"},
    }  # fmt: skip
    town = by_title["Town recaptured"]
    assert (town.date_start, town.date_end, town.extra) == ("2020-01-29", "2020-01-30", {})
    assert (town.precision, town.time_start) == ("time", "14:30")
    assert [e.title for e in tl.eras()] == ["Civil war"]


def test_a_blank_row_before_more_data_is_refused_with_its_line(tmp_path, db_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Year,Month,Day,Headline\n2019,12,,Offensive begins\n,,,\n2020,1,29,Town recaptured\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == (
        f"{path}:3: a blank row ends the data in TimelineJS, so the rows after it would not show; delete the blank row"
    )


@pytest.mark.parametrize(
    "slide, message",
    [
        (
            {"start_date": {"year": -500}, "text": {"headline": "Marathon"}},
            "start_date.year: year -500 is BCE: dates before year 1 are not supported",
        ),
        (
            {"start_date": {"year": "-44", "month": "3"}, "text": {"headline": "Ides"}},
            "start_date.year: year -44 is BCE: dates before year 1 are not supported",
        ),
        (
            {"start_date": {"year": 2020, "month": 13}, "text": {"headline": "x"}},
            "start_date.month: there is no month 13",
        ),
        (
            {"start_date": {"year": 2020, "month": 2, "day": "30"}, "text": {"headline": "x"}},
            "start_date.day: February 2020 has 29 days, not 30",
        ),
        (
            {"start_date": {"year": "twenty"}, "text": {"headline": "x"}},
            "start_date.year: expected a number, found 'twenty'",
        ),
        ({"start_date": {"year": 2020, "day": 3}, "text": {"headline": "x"}}, "start_date.day: a day needs a month"),
        ({"text": {"headline": "x"}}, "start_date: missing start_date"),
        ({"start_date": {"year": 2020}}, "text.headline: missing title"),
        (
            {"start_date": {"year": 2020}, "end_date": {"year": 2019}, "text": {"headline": "x"}},
            "end_date: not a range: '2019' is before '2020'",
        ),
        (
            {"start_date": {"year": 2020}, "text": {"headline": "x"}, "frontline": {"colour": "red"}},
            "frontline: unknown field 'colour'",
        ),
    ],
)
def test_bad_slides_name_the_line_and_field(tmp_path, db_path, slide, message):
    path = document(tmp_path, [{"start_date": {"year": 2020}, "text": {"headline": "fine"}}, slide])
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == f"{path}:3: {message}"


def test_cosmological_scale_is_refused(tmp_path, db_path):
    path = document(tmp_path, [{"start_date": {"year": 2020}, "text": {"headline": "x"}}], scale="cosmological")
    with pytest.raises(LoadError, match=r"timeline\.json: scale: only the human scale is supported"):
        load_files(db_path, [path])
