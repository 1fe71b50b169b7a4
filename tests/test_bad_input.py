"""The bad-input contract, through the CLI: one line on stderr naming PATH:LINE: FIELD, exit status 2,
and the database byte-identical to before. Plus a load killed with SIGKILL half way."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.load import load_records
from frontline.tui.cli import main

DATA = Path(__file__).parent / "data"
ACLED = (DATA / "acled-synthetic.csv").read_text(encoding="utf-8").splitlines()
ACLED_HEADER, ACLED_ROW = ACLED[0], ACLED[1]
UCDP = (DATA / "ucdp-synthetic.csv").read_text(encoding="utf-8").splitlines()
SHEET_HEADER = "Year,Month,Day,Headline,Text,Type"
SLIDE = '{"start_date": {"year": 2020}, "text": {"headline": "fine"}}'
ICAL_EVENT = "BEGIN:VEVENT\nUID:ok\nDTSTART;VALUE=DATE:20200101\nSUMMARY:Fine\nEND:VEVENT\n"


def acled_row(**changes: str) -> str:
    values = dict(zip(ACLED_HEADER.split(","), next(csv.reader([ACLED_ROW])), strict=False))
    values.update(changes)
    return ",".join(f'"{v}"' if "," in v else v for v in values.values())


def ical(*lines: str) -> str:
    return "BEGIN:VCALENDAR\nVERSION:2.0\n" + ICAL_EVENT + "\n".join(lines) + "\nEND:VCALENDAR\n"


# (name, file name, content, extra CLI arguments, the stderr line after "frontline: " with {p} for the path)
CASES = [
    ("truncated-timelinejs", "t.json", '{"events": [\n' + SLIDE + ',\n{"start_date": {"year": 20', [],
     "{p}:3: truncated JSON: the document ends too soon (Expecting ',' delimiter)"),
    ("truncated-json-array", "a.json", '[\n{"date": "2020-01-01", "title": "A"},\n{"date": "2020-', [],
     "{p}:3: invalid JSON (Unterminated string starting at)"),
    ("binary-csv", "b.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], "{p}:1: not UTF-8 text (byte 0x89); save the file as UTF-8"),
    ("binary-ics", "b.ics", b"\xff\xd8\xff\xe0\x00\x10JFIF", [], "{p}:1: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    ("latin1-acled", "l.csv", "\n".join([ACLED_HEADER, ACLED_ROW, acled_row(event_id_cnty="T2", notes="Café")]).encode("latin-1"), [],
     "{p}:3: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ("bom-crlf-acled", "bom.csv", ("\ufeff" + "\r\n".join([ACLED_HEADER, ACLED_ROW, acled_row(event_id_cnty="T2", event_date="2020-13-45")])).encode(), [],
     "{p}:3: event_date: not a date: '2020-13-45' (there is no month 13)"),
    ("crlf-ical", "c.ics", ical("BEGIN:VEVENT", "UID:x", "DTSTART:nope", "SUMMARY:x", "END:VEVENT").replace("\n", "\r\n"), [],
     "{p}:10: DTSTART: expected a date or a date-time, found 'nope'"),
    ("missing-date-column-acled", "m.csv", ACLED_HEADER.replace("event_date", "date_of_event") + "\n" + ACLED_ROW, [],
     "{p}:1: header: no event_date column: not an ACLED export"),
    ("missing-date-column-csv", "m2.csv", "title,place\nA,B\n", [], "{p}:1: header: no date column (expected one of: date, start_date, event_date)"),
    ("unparseable-date", "u.csv", "date,title\n2020-01-01,A\nthe day after the war,B\n", [], "{p}:3: date: not a date: 'the day after the war'"),
    ("acled-year-0025", "y.csv", "\n".join([ACLED_HEADER, acled_row(event_date="0025-01-29")]), [],
     "{p}:2: event_date: year 25 is impossible for ACLED (its data begins in 1997)"),
    ("ucdp-year-1975", "g.csv", "\n".join([UCDP[0], UCDP[2].replace("2019-12-01,2019-12-31", "1975-12-01,1975-12-31")]), [],
     "{p}:2: date_start: year 1975 is impossible for UCDP GED (it begins in 1989)"),
    ("nul-csv", "n.csv", "date,title\n2020-01-01,A\x00B\n", [], "{p}:2: contains a NUL byte: this is not a text file"),
    ("nul-article", "n.txt", "Shelling on Monday.\n\nMore\x00here.\n", ["--published", "2020-01-29"], "{p}:3: contains a NUL byte: this is not a text file"),
    ("empty-csv", "e.csv", "", [], "{p}: empty file"),
    ("empty-ics", "e.ics", "\n\n", [], "{p}: empty file"),
    ("empty-json", "e.json", "", [], "{p}: empty file"),
    ("ragged-acled", "r.csv", "\n".join([ACLED_HEADER, ACLED_ROW, ACLED_ROW.rsplit(",", 1)[0]]), [], "{p}:3: timestamp: 30 fields where the header has 31: the row ends before this column"),
    ("acled-time-precision", "tp.csv", "\n".join([ACLED_HEADER, acled_row(time_precision="weekly")]), [],
     "{p}:2: time_precision: expected 1, 2 or 3, found 'weekly'"),
    ("acled-coordinates", "co.csv", "\n".join([ACLED_HEADER, acled_row(longitude="")]), [],
     "{p}:2: longitude: coordinates need both latitude and longitude"),
    ("ucdp-ends-early", "ge.csv", "\n".join([UCDP[0], UCDP[3].replace("2020-01-20,2020-01-24", "2020-01-20,2020-01-02")]), [],
     "{p}:2: date_end: ends (2020-01-02) before it starts (2020-01-20)"),
    ("timelinejs-bce", "bce.json", '{"events": [\n' + SLIDE + ',\n{"start_date": {"year": "-490"}, "text": {"headline": "Marathon"}}\n]}', [],
     "{p}:3: start_date.year: year -490 is BCE: dates before year 1 are not supported"),
    ("timelinejs-array", "arr.json", "[" + SLIDE + "]", ["--format", "timelinejs"],
     '{p}:1: expected a TimelineJS object with an "events" list, found a JSON array'),
    ("timelinejs-events-not-list", "nl.json", '{\n"title": {},\n"events": {"a": 1}\n}', [], "{p}:3: events: expected a list"),
    ("timelinejs-deep", "deep.json", '{"events": ' + "[" * 100000 + "]" * 100000 + "}", [], "{p}: invalid JSON (nested too deeply)"),
    ("timelinejs-missing-headline", "nh.json", '{"events": [\n{"start_date": {"year": 2020, "month": "Jan"}}]}', [],
     "{p}:2: start_date.month: expected a number, found 'Jan'"),
    ("sheet-blank-row", "s.csv", f"{SHEET_HEADER}\n2019,12,,Push,,\n,,,,,\n2020,1,29,Recapture,,\n", [],
     "{p}:3: a blank row ends the data in TimelineJS, so the rows after it would not show; delete the blank row"),
    ("sheet-type", "st.csv", f"{SHEET_HEADER}\n2019,12,,Push,,chapter\n", [], "{p}:2: Type: expected title, era or nothing, found 'chapter'"),
    ("sheet-bce", "sb.csv", f"{SHEET_HEADER}\n-50,,,Caesar,,\n", [], "{p}:2: Year: year -50 is BCE: dates before year 1 are not supported"),
    ("ical-truncated", "tr.ics", "BEGIN:VCALENDAR\nVERSION:2.0\n" + ICAL_EVENT + "BEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:2020", [],
     "{p}:8: BEGIN:VEVENT never ends: the file is truncated"),
    ("ical-not-a-calendar", "nc.ics", "From: someone\nSubject: a meeting\n", [], "{p}:1: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
    ("ical-missing-dtstart", "md.ics", ical("BEGIN:VEVENT", "UID:x", "SUMMARY:When?", "END:VEVENT"), [], "{p}:8: DTSTART: missing DTSTART"),
    ("article-no-dates", "nd.txt", "The clinic has no fuel.\n\nNobody knows more.\n", ["--published", "2020-01-29"],
     "{p}: no events: no sentence of the article carries a date"),
    ("article-no-publication-date", "np.md", "# Shelling\n\nShelling resumed on Monday.\n", [],
     '{p}: no publication date: relative dates ("Wednesday", "since December") count from it; '
     "give --published DATE or start the article with a date line"),
    ("format-override-mismatch", "plain.csv", "date,title\n2020-01-01,A\n", ["--format", "acled"], "{p}:1: header: no event_id_cnty column: not an ACLED export"),
    ("jsonl-broken-line", "j.jsonl", '{"date": "2020-01-01", "title": "A"}\n{"date": \n', [], "{p}:2: invalid JSON (Expecting value, column 1)"),
    ("jsonl-deep", "d.jsonl", "[" * 100000 + "]" * 100000 + "\n", [], "{p}:1: invalid JSON (nested too deeply)"),
]  # fmt: skip


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "before.db"
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Already here"}], dataset="seed")
    return db


def run_load(db: Path, *args: str):
    return CliRunner().invoke(main, ["load", *args, "--db", str(db)])


@pytest.mark.parametrize("name, filename, content, extra, expected", CASES, ids=[c[0] for c in CASES])
def test_one_line_exit_2_database_untouched(tmp_path, loaded_db, name, filename, content, extra, expected):
    path = tmp_path / filename
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    before = loaded_db.read_bytes()
    result = run_load(loaded_db, str(path), *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"frontline: {expected.format(p=path)}\n"
    assert loaded_db.read_bytes() == before


def test_at_least_thirty_kinds():
    assert len(CASES) >= 30


def test_missing_file_and_directory(tmp_path, loaded_db):
    before = loaded_db.read_bytes()
    for path, message in ((tmp_path / "nope.csv", "no such file"), (tmp_path, "not a file")):
        result = run_load(loaded_db, str(path))
        assert (result.exit_code, result.stderr) == (2, f"frontline: {path}: {message}\n")
    assert loaded_db.read_bytes() == before


def test_a_five_megabyte_field_is_handled_within_seconds(tmp_path, loaded_db):
    path = tmp_path / "huge.csv"
    huge = "x" * (5 << 20)
    path.write_text(
        "\n".join([ACLED_HEADER, acled_row(notes=huge), acled_row(event_id_cnty="T2", notes=huge, fatalities="many")]),
        encoding="utf-8",
    )
    before = loaded_db.read_bytes()
    started = time.perf_counter()
    result = run_load(loaded_db, str(path))
    assert time.perf_counter() - started < 5
    assert (result.exit_code, result.stderr) == (2, f"frontline: {path}:3: fatalities: not a number: 'many'\n")
    assert loaded_db.read_bytes() == before


def _write_lock_held(db: Path) -> bool:
    """Is another process inside a write transaction on `db`?"""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _wait(condition, proc: subprocess.Popen, deadline: float) -> None:
    while not condition():
        assert proc.poll() is None, "the load finished before it could be interrupted"
        assert time.monotonic() < deadline, "the load never reached the point to interrupt"
        time.sleep(0.005)


@pytest.mark.parametrize("phase", ["staging", "writing"])
def test_a_load_killed_half_way_leaves_the_previous_database(tmp_path, loaded_db, phase):
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write("id,date,title,place\n")
        handle.writelines(
            f"b{i},2021-{i % 12 + 1:02d}-{i % 28 + 1:02d},Event {i},Place {i % 500}\n" for i in range(200_000)
        )
    wal = Path(f"{loaded_db}-wal")
    proc = subprocess.Popen(
        [sys.executable, "-m", "frontline.tui", "load", str(big), "--db", str(loaded_db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=Path(__file__).parents[1],
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        _wait(lambda: _write_lock_held(loaded_db), proc, deadline)  # inside BEGIN IMMEDIATE, staging rows
        if phase == "writing":  # the staged rows are going into events: pages in the WAL, no commit yet
            _wait(lambda: wal.exists() and wal.stat().st_size > 1 << 20, proc, deadline)
        else:
            time.sleep(0.3)
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    conn = sqlite3.connect(loaded_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1
        assert conn.execute("SELECT title FROM events").fetchone()[0] == "Already here"
    finally:
        conn.close()
    small = tmp_path / "after.jsonl"
    small.write_text(
        json.dumps({"id": "e2", "date": "2020-01-30", "title": "After the crash"}) + "\n", encoding="utf-8"
    )
    result = run_load(loaded_db, str(small))
    assert result.exit_code == 0 and "1 new" in result.output
