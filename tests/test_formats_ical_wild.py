"""Calendars as Google Calendar, Apple Calendar and Outlook write them: times in their zones, repeating
events and their overrides, Apple's structured locations, addresses over several lines, no SUMMARY."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from frontline.store.export import export
from frontline.store.formats import detect
from frontline.store.formats.ical_recur import ENDLESS_OCCURRENCES
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError

DATA = Path(__file__).parent / "data"
GOOGLE, APPLE, OUTLOOK = (DATA / f"calendar-{n}.ics" for n in ("google", "apple", "outlook"))
SERIES = "5k2v9q0m7c1s8f4a6b3d0e9t1x@google.com"


def events(db: Path) -> list:
    timeline = Timeline(db)
    return timeline.rows(0, timeline.count())


def dump(db: Path, fmt: str) -> str:
    out = io.StringIO()
    export(db, fmt, out)
    return out.getvalue()


def test_the_files_are_shaped_like_the_real_ones():
    for path in (GOOGLE, APPLE, OUTLOOK):
        raw = path.read_bytes()
        assert detect(path) == "ical"
        assert raw.count(b"\r\n") == raw.count(b"\n"), "CRLF line endings"
        assert max(len(line) for line in raw.split(b"\r\n")) <= 75, "folded at 75 octets"
        assert b"\r\n " in raw, "at least one folded line"


def test_google_weekly_series_with_a_moved_and_a_cancelled_occurrence(db_path):
    assert load_files(db_path, [GOOGLE]).new == 7
    calls = [e for e in events(db_path) if e.extra.get("series") == SERIES]
    assert [(e.date_start, e.time_start, e.time_end) for e in calls] == [
        ("2020-06-29", "15:00+01:00", "16:00+01:00"),
        ("2020-07-06", "15:00+01:00", "16:00+01:00"),
        ("2020-07-13", "17:00+01:00", "18:00+01:00"),  # the override, in place of 15:00
        ("2020-07-27", "15:00+01:00", "16:00+01:00"),  # UNTIL 14:00Z is 15:00 in London: included
    ]  # 20 July was cancelled
    moved = calls[2]
    assert moved.id == f"{SERIES}/20200713T140000Z" and moved.title == "Contact group call (moved)"
    assert calls[0].extra["rrule"].startswith("FREQ=WEEKLY;UNTIL=20200727T140000Z")
    assert calls[0].place == "Lancaster House, Stable Yard, London SW1A 1BB, UK"
    assert calls[0].date_long == "Monday 29 June 2020, 15:00–16:00 UTC+01:00"


def test_two_briefings_with_one_title_on_one_day_in_time_order(db_path):
    load_files(db_path, [GOOGLE])
    briefings = [e for e in events(db_path) if e.title == "Press briefing"]
    assert [(e.date_start, e.time_start, e.precision) for e in briefings] == [
        ("2020-07-02", "08:30Z", "time"),
        ("2020-07-02", "16:00Z", "time"),
    ]
    deadline = next(e for e in events(db_path) if e.title.startswith("Deadline"))
    assert (deadline.precision, deadline.time_start, deadline.date_end) == ("day", None, "2020-07-01")


def test_apple_structured_location_address_lines_and_no_summary(db_path):
    assert load_files(db_path, [APPLE]).new == 5
    by_id = {e.id: e for e in events(db_path)}
    hearing = by_id["5E3A2C14-8B6F-4D7E-9A1C-2F0B7D6E4C31"]
    assert hearing.place == "Reichstag, Platz der Republik 1, 11011 Berlin, Germany"
    assert (hearing.lat, hearing.lon) == (52.518589, 13.376665)
    assert (hearing.time_start, hearing.time_end, hearing.extra) == (
        "10:00+02:00",
        "11:30+02:00",
        {"tzid": "Europe/Berlin"},
    )
    debrief = by_id["C1D2E3F4-A5B6-4C7D-8E9F-0A1B2C3D4E5F"]
    assert debrief.title == "Debrief with the country team before the flight home."
    assert debrief.summary == "Debrief with the country team before the flight home.\nBring the visit notes."
    visits = [e for e in events(db_path) if e.title == "Site visit"]
    assert [e.id.rsplit("/", 1)[1] for e in visits] == ["20200916", "20200917", "20200918"]
    assert all(e.precision == "day" and e.place == "Erstaufnahmeeinrichtung, Berlin" for e in visits)


def test_apple_structured_location_names_the_place_when_there_is_no_location(tmp_path, db_path):
    """Apple's X-TITLE is the place's name; an event whose LOCATION was left out keeps it (and its point)."""
    text = APPLE.read_text(encoding="utf-8").replace(
        "LOCATION:Reichstag\\nPlatz der Republik 1\\n11011 Berlin\\nGermany\n", ""
    )
    assert "\nLOCATION:Reichstag" not in text and "X-TITLE=Reichstag" in text
    calendar = tmp_path / "apple-no-location.ics"
    calendar.write_text(text, encoding="utf-8")
    load_files(db_path, [calendar])
    hearing = {e.id: e for e in events(db_path)}["5E3A2C14-8B6F-4D7E-9A1C-2F0B7D6E4C31"]
    assert (hearing.place, hearing.lat, hearing.lon) == ("Reichstag", 52.518589, 13.376665)


def test_outlook_windows_zone_and_monthly_count(db_path):
    assert load_files(db_path, [OUTLOOK]).new == 4
    reports = [e for e in events(db_path) if e.title.startswith("Monthly")]
    assert [e.date_start for e in reports] == ["2020-07-01", "2020-08-01", "2020-09-01"]
    meeting = next(e for e in events(db_path) if e.title == "Access review")
    assert (meeting.time_start, meeting.time_end, meeting.extra) == (
        "15:00+01:00",
        "16:00+01:00",
        {"tzid": "Europe/London"},
    )


@pytest.mark.parametrize("path", [GOOGLE, OUTLOOK])
def test_a_london_meeting_exports_at_its_own_hours(db_path, path):
    load_files(db_path, [path])
    text = dump(db_path, "ical")
    assert "DTSTART;TZID=Europe/London:20200629T150000\r\n" in text
    assert "DTEND;TZID=Europe/London:20200629T160000\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" in text
    assert "DTSTART:20200702T083000Z" in text or path is OUTLOOK


@pytest.mark.parametrize("path", [GOOGLE, APPLE, OUTLOOK])
def test_round_trip_through_our_own_export(tmp_path, db_path, path):
    load_files(db_path, [path])
    first = dump(db_path, "ical")
    again = tmp_path / "again.ics"
    again.write_text(first, encoding="utf-8", newline="")
    copy = tmp_path / "copy.db"
    load_files(copy, [again])
    assert dump(copy, "ical") == first
    assert dump(copy, "jsonl") == dump(db_path, "jsonl")


def calendar(tmp_path: Path, *events: str) -> Path:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip().replace(chr(10), chr(13) + chr(10))}\r\nEND:VEVENT\r\n" for e in events)
    path = tmp_path / "cal.ics"
    path.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode())
    return path


def test_an_endless_rule_is_cut_at_the_stated_number(tmp_path, db_path):
    path = calendar(
        tmp_path, "UID:w\nDTSTAMP:20200101T000000Z\nDTSTART:20200106T090000\nRRULE:FREQ=WEEKLY\nSUMMARY:Standup"
    )
    assert load_files(db_path, [path]).new == ENDLESS_OCCURRENCES
    first = events(db_path)[0]
    assert first.extra["series_cut"] == f"first {ENDLESS_OCCURRENCES} occurrences"
    assert (first.time_start, first.id) == ("09:00", "w/20200106T090000")


def test_exdate_removes_an_occurrence_and_a_date_only_until_is_inclusive(tmp_path, db_path):
    path = calendar(
        tmp_path,
        "UID:d\nDTSTAMP:20200101T000000Z\nDTSTART;TZID=Europe/Paris:20200106T090000\n"
        "RRULE:FREQ=DAILY;UNTIL=20200109\nEXDATE;TZID=Europe/Paris:20200107T090000\nSUMMARY:Daily",
    )
    load_files(db_path, [path])
    assert [e.date_start for e in events(db_path)] == ["2020-01-06", "2020-01-08", "2020-01-09"]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ("UID:x\nDTSTART:20200106T090000\nRRULE:FREQ=SOMETIMES\nSUMMARY:Bad", r"cal\.ics:\d+: RRULE: "),
        (
            "UID:x\nDTSTART:20200106\nX-APPLE-STRUCTURED-LOCATION;VALUE=URI:geo:95.1,13.3\nSUMMARY:Far",
            r"cal\.ics:7: X-APPLE-STRUCTURED-LOCATION: coordinates out of range",
        ),
    ],
)
def test_bad_recurrence_and_locations_are_one_line_errors(tmp_path, db_path, props, message):
    path = calendar(tmp_path, props)
    with pytest.raises(LoadError, match=message) as caught:
        load_files(db_path, [path])
    assert "\n" not in str(caught.value)
    assert not db_path.exists()
