"""iCalendar through the icalendar package: all-day spans (DTEND exclusive), timed events, precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "calendar-synthetic.ics"


def calendar(tmp_path: Path, *events: str) -> Path:
    """A calendar whose VEVENTs are given as property lines; line 1 is BEGIN:VCALENDAR, line 3 the first BEGIN:VEVENT."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for props in events:
        lines += ["BEGIN:VEVENT", *props.strip().splitlines(), "END:VEVENT"]
    path = tmp_path / "cal.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n", encoding="utf-8")
    return path


def test_detected_by_extension_and_content(tmp_path):
    assert detect(SAMPLE) == "ical"
    bare = tmp_path / "calendar"
    bare.write_bytes(SAMPLE.read_bytes())
    assert detect(bare) == "ical"


def test_all_day_event_and_its_properties(db_path):
    assert load_files(db_path, [SAMPLE]).new == 4
    event = Timeline(db_path).event_by_id("ics-day@example.org")
    assert (event.date_start, event.date_end, event.precision) == ("2020-01-29", "2020-01-29", "day")  # DTEND exclusive
    assert event.title == "Town declared recaptured"
    assert event.summary == "The army said so, on state TV.\nSecond line."
    assert (event.place, event.lat, event.lon) == ("Maarat al-Numan", 35.6433, 36.6736)
    assert event.category == "Territory" and event.extra == {"categories": ["Territory", "Army"]}
    assert event.sources == [{"name": "https://example.org/recaptured", "url": "https://example.org/recaptured"}]


def test_spans_timed_events_and_precision(db_path):
    load_files(db_path, [SAMPLE])
    tl = Timeline(db_path)
    span = tl.event_by_id("ics-span@example.org")
    assert (span.date_start, span.date_end) == ("2020-01-24", "2020-01-29")
    assert span.title == "Push on the M5 highway towns with a title long enough to be folded by the writer"
    timed = tl.event_by_id("ics-timed@example.org")
    assert (timed.date_start, timed.date_end, timed.precision) == ("2020-01-29", "2020-01-30", "time")
    assert (timed.time_start, timed.time_end) == ("23:00+02:00", "01:00+02:00")
    assert timed.extra == {"tzid": "Asia/Damascus"}
    month = tl.event_by_id("ics-month@example.org")
    assert (month.date_start, month.date_end, month.precision) == ("2019-12-01", "2019-12-31", "month")
    assert month.summary is None  # the VALARM's DESCRIPTION is not the event's


def test_duration_and_a_timed_event_ending_at_midnight(tmp_path, db_path):
    path = calendar(
        tmp_path,
        "UID:a\nDTSTART;VALUE=DATE:20200127\nDURATION:P3D\nSUMMARY:Three days",
        "UID:b\nDTSTART:20200129T220000\nDTEND:20200130T000000\nSUMMARY:Till midnight",
    )
    load_files(db_path, [path])
    tl = Timeline(db_path)
    assert (tl.event_by_id("a").date_start, tl.event_by_id("a").date_end) == ("2020-01-27", "2020-01-29")
    midnight = tl.event_by_id("b")
    assert (midnight.date_start, midnight.date_end) == ("2020-01-29", "2020-01-30")
    assert (midnight.time_start, midnight.time_end) == ("22:00", "00:00")


@pytest.mark.parametrize(
    "props, message",
    [
        ("UID:x\nSUMMARY:No start", "3: DTSTART: missing DTSTART"),
        ("UID:x\nDTSTART:2020XX\nSUMMARY:Bad", "5: DTSTART: expected a date or a date-time, found '2020XX'"),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200230\nSUMMARY:Bad",
            "5: DTSTART: expected a date or a date-time, found '20200230'",
        ),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200129\nDTEND;VALUE=DATE:20200120\nSUMMARY:Back",
            "6: DTEND: ends (2020-01-20) before it starts (2020-01-29)",
        ),
        ("UID:x\nDTSTART;VALUE=DATE:20200129\nGEO:95;36\nSUMMARY:Far", "6: GEO: latitude out of range: 95.0"),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200129\nGEO:north\nSUMMARY:Far",
            "6: GEO: expected latitude;longitude, found 'north'",
        ),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200115\nX-FRONTLINE-PRECISION:month\nSUMMARY:Mid",
            "6: X-FRONTLINE-PRECISION: month precision, but DTSTART (2020-01-15) is not the first of a month",
        ),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200101\nX-FRONTLINE-PRECISION:decade\nSUMMARY:Era",
            "6: X-FRONTLINE-PRECISION: expected day, month or year, found 'decade'",
        ),
        (
            "UID:x\nDTSTART;VALUE=DATE:20200101\nX-FRONTLINE-RECORD:{oops\nSUMMARY:J",
            "6: X-FRONTLINE-RECORD: malformed JSON (Expecting property name enclosed in double quotes)",
        ),
    ],
)
def test_bad_events_name_the_property_and_its_line(tmp_path, db_path, props, message):
    path = calendar(tmp_path, "UID:ok\nDTSTART;VALUE=DATE:20200101\nSUMMARY:Fine", props)
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    line, rest = message.split(": ", 1)
    assert str(caught.value) == f"{path}:{int(line) + 5}: {rest}"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20200129\n",
            "2: BEGIN:VEVENT never ends: the file is truncated",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis is not a property\nEND:VEVENT\nEND:VCALENDAR\n",
            "3: not an iCalendar content line: 'this is not a property'",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR\n",
            "3: END:VTODO does not close BEGIN:VEVENT on line 2",
        ),
        ("Subject: meeting\nBEGIN:VCALENDAR\n", "1: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "no events: the calendar has no VEVENT"),
    ],
)
def test_broken_files(tmp_path, db_path, text, message):
    path = tmp_path / "broken.ics"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == (f"{path}:{message}" if message[0].isdigit() else f"{path}: {message}")
