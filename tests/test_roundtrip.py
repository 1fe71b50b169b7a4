"""Export, load into a new database, export again: every event and field survives, for each format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.export import export, iter_eras
from frontline.store.load import load_files, load_records
from frontline.tui.cli import main

DATA = Path(__file__).parent / "data"

RECORDS = [
    {
        "id": "full", "date": "2020-01-29", "title": "Town *declared* [1] recaptured", "place": "Maarat al-Numan",
        "admin1": "Idlib", "lat": 35.6433, "lon": 36.6736123, "actors": ["Syrian Arab Army", "هيئة تحرير الشام"],
        "category": "Territory, changes", "fatalities": 11, "displaced": 388000, "running_total": True,
        "summary": "Line one  with two spaces\n\nA <b>tag</b> &amp; an entity; a comma, a \\ backslash",
        "sources": [{"name": "AFP", "url": "https://example.org/a?x=1,2"}, {"name": "SOHR", "url": None}],
        "notes": "Checked against two sources.", "dataset": "mixed",
        "extra": {"nested": [1, {"b": None}], "display_date": "29 Jan", "media": {"url": "https://example.org/m.jpg"}},
    },
    {"id": "span", "date": "2019-12", "end_date": "2020-01-29", "title": "Exodus", "dataset": "mixed", "displaced": 0},
    {"id": "y602", "date": "602", "title": "War of 602", "category": "History", "dataset": "history"},
    {"id": "y1066", "date": "1066", "end_date": "1071", "title": "Norman years", "dataset": "history"},
    {"id": "leap", "date": "2016-02-29", "title": "Leap day\nsecond line", "dataset": "mixed", "fatalities": 0},
    {"id": "semi", "date": "2011-03-15", "title": "Protests; begin, here", "category": "Air strike; big",
     "summary": "  trimmed  ", "place": "Dar'a", "dataset": "mixed", "extra": {"start_time": "14:30", "media": "not a dict"}},
    {"id": "tzero", "date": "2020-01-29", "title": "Zero coordinates", "lat": 0.0, "lon": 0.0, "dataset": "mixed"},
]  # fmt: skip
FORMATS = {"jsonl": "jsonl", "csv": "csv", "timelinejs": "json", "ical": "ics"}


def dump(db: Path, fmt: str) -> str:
    out = io.StringIO()
    export(db, fmt, out)
    return out.getvalue()


@pytest.fixture
def source_db(tmp_path: Path) -> Path:
    db = tmp_path / "source.db"
    load_records(db, RECORDS, dataset="mixed")
    load_files(db, [DATA / "timelinejs-history.json", DATA / "acled-synthetic.csv", DATA / "calendar-synthetic.ics"])
    return db


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_load_export_keeps_everything(tmp_path, source_db, fmt):
    first = dump(source_db, fmt)
    path = tmp_path / f"export.{FORMATS[fmt]}"
    path.write_text(first, encoding="utf-8", newline="")
    copy = tmp_path / "copy.db"
    result = load_files(copy, [path])
    assert result.new == len(RECORDS) + 4 + 3 + 4
    assert dump(copy, fmt) == first
    assert dump(copy, "jsonl") == dump(source_db, "jsonl")


def test_timelinejs_keeps_the_eras(tmp_path, source_db):
    path = tmp_path / "timeline.json"
    path.write_text(dump(source_db, "timelinejs"), encoding="utf-8")
    copy = tmp_path / "copy.db"
    assert load_files(copy, [path]).eras == 2
    assert iter_eras(copy) == iter_eras(source_db)


def test_timelinejs_export_is_publishable(source_db):
    doc = json.loads(dump(source_db, "timelinejs"))
    assert set(doc) == {"events", "eras", "title", "scale"} and doc["scale"] == "human"
    ids = [s["unique_id"] for s in doc["events"]]
    assert len(ids) == len(set(ids)) == 18
    for slide in doc["events"]:
        assert isinstance(slide["start_date"]["year"], int) and slide["text"]["headline"]
    war = next(s for s in doc["events"] if s["unique_id"] == "y602")
    assert war["start_date"] == {"year": 602} and war["group"] == "History"
    full = next(s for s in doc["events"] if s["unique_id"] == "full")
    assert full["text"]["headline"] == "Town *declared* [1] recaptured"
    assert full["text"]["text"].startswith("<p>Line one  with two spaces<br><br>A &lt;b&gt;tag&lt;/b&gt; &amp;amp;")
    assert "<b>Place:</b> Maarat al-Numan, Idlib" in full["text"]["text"]
    assert '<a href="https://example.org/a?x=1,2" target="_blank" rel="noopener">AFP</a>; SOHR' in full["text"]["text"]
    assert full["group"] == "Territory, change"  # one spelling a category, however it was written
    assert full["display_date"] == "29 Jan" and full["media"] == {"url": "https://example.org/m.jpg"}
    assert {e["text"]["headline"] for e in doc["eras"]} == {"Civil war", "Last Roman–Persian war"}


def test_ical_export_has_precision_and_exclusive_ends(source_db):
    text = dump(source_db, "ical")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 18
    block = next(b for b in text.split("BEGIN:VEVENT") if "UID:y1066" in b)
    assert "DTSTART;VALUE=DATE:10660101" in block and "DTEND;VALUE=DATE:10720101" in block
    assert "X-FRONTLINE-PRECISION:year" in block


def test_markdown_briefing(source_db):
    text = dump(source_db, "markdown")
    assert text.startswith(
        "# acled-synthetic; calendar-synthetic; history; mixed; A synthetic history\n"
    )  # its own title
    assert "**Range:** 1 January 602 to 1 February 2020" in text and "**Query:** `every event`" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## Summary", "## 602", "## 1066", "## October 1066"]
    assert headings.index("## December 2019") < headings.index("## January 2020")
    entry = text.split("### 29 Jan 2020: Town \\*declared\\* \\[1\\] recaptured")[1].split("### ")[0]
    assert "**Place:** Maarat al-Numan, Idlib" in entry
    assert "**Figures:** 11 killed, 388,000 displaced (running total)" in entry
    assert "- [AFP](<https://example.org/a?x=1,2>)\n- SOHR\n" in entry
    assert "Dec 2019 → 29 Jan 2020: Exodus" in text


@pytest.mark.parametrize("fmt", ["timelinejs", "ical", "markdown"])
def test_cli_exports_to_a_file(tmp_path, source_db, fmt):
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["export", "--db", str(source_db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 18 events" in result.stderr
    assert out.read_bytes().decode("utf-8") == dump(source_db, fmt)
