"""Hostile files (issue 17): what crashed with a traceback or loaded silently wrong is refused in one
line naming the file, the line and the field, with exit status 2 and the database byte-identical."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.store.words import MAX_TERMS, words
from frontline.tui.cli import main

SLIDE = '{"start_date": {"year": 2020}, "text": {"headline": "fine"}}'
ICAL_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
LONG = "1" * 4301

# (name, file name, content, the stderr line after "frontline: ", {p} for the path)
CASES = [
    ("surrogate-json", "s.json", '[\n{"date": "2020-01-01", "title": "A\\ud800"}\n]', "{p}:2: title: holds a lone surrogate (\\ud800), not text"),
    ("surrogate-json-extra", "se.json", '[{"date": "2020-01-01", "title": "A", "\\udfff": "x"}]', "{p}:1: extra: holds a lone surrogate (\\udfff), not text"),
    ("surrogate-jsonl", "s.jsonl", '{"date": "2020-01-01", "title": "A"}\n{"date": "2020-01-02", "place": "\\udc80", "title": "B"}\n', "{p}:2: place: holds a lone surrogate (\\udc80), not text"),
    ("surrogate-timelinejs", "t.json", '{"events": [\n' + SLIDE + ',\n{"start_date": {"year": 2021}, "text": {"headline": "\\ud800"}}]}', "{p}:3: text.headline: holds a lone surrogate (\\ud800), not text"),
    ("surrogate-csv-json-cell", "c.csv", 'date,title,actors\r\n2020-01-01,A,"[""\\ud800""]"\r\n', "{p}:2: actors: holds a lone surrogate (\\ud800), not text"),
    ("surrogate-ical-record", "r.ics", ICAL_HEAD + 'BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20200101\r\nSUMMARY:A\r\nX-FRONTLINE-RECORD:{"notes": "\\ud800"}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', "{p}:8: X-FRONTLINE-RECORD: holds a lone surrogate (\\ud800), not text"),
    ("date-object", "d.json", '[{"date": {"y": 2020}, "title": "A"}]', "{p}:1: date: expected text, found a JSON structure"),
    ("paragraph-then-extra-values", "pe.csv", 'date,title,notes,place\n2020-01-01,A,"two\nlines",Idlib\n2020-01-02,B,"two\nlines",Idlib,x,y\n', "{p}:4: column 5: 6 fields where the header has 4: a value past the last column"),
    ("paragraph-then-short", "ps.csv", 'date,title,notes,place\n2020-01-01,A,"two\nlines"\n2020-01-03,C,ok,Idlib\n', "{p}:2: place: 3 fields where the header has 4: the row ends before this column"),
    ("timelinejs-title-only", "t.json", '{"title": {"text": {"headline": "Idlib"}}}\n', "{p}: no events: the events list is empty or missing"),
    ("sheet-era-without-end", "era.csv", "Year,Month,Day,End Year,Headline,Type\n2019,12,1,,The offensive,era\n2019,12,19,,Strike,\n", "{p}:2: End Year: an era needs an end date"),
    ("end-date-list", "e.jsonl", '{"date": "2020-01-01", "end_date": ["2020-02-01"], "title": "A"}\n', "{p}:1: end_date: expected text, found a JSON structure"),
    ("precision-object", "p.json", '[{"date": "2020-01-01", "precision": {"is": "day"}, "title": "A"}]', "{p}:1: precision: expected text, found a JSON structure"),
    ("long-integer-json", "n.json", '[{"date": "2020-01-01", "title": "A", "fatalities": ' + LONG + "}]", "{p}:1: invalid JSON (a number of more than 4,300 digits)"),
    ("long-integer-jsonl", "n.jsonl", '{"date": "2020-01-01", "title": "A", "fatalities": ' + LONG + "}\n", "{p}:1: invalid JSON (a number of more than 4,300 digits)"),
    ("long-integer-timelinejs", "n2.json", '{"events": [{"start_date": {"year": ' + LONG + "}}]}", "{p}: invalid JSON (a number of more than 4,300 digits)"),
    ("long-integer-csv", "n.csv", "date,title,fatalities\n2020-01-01,A," + LONG + "\n", "{p}:2: fatalities: not a number: '" + "1" * 40 + "'"),
    ("two-arrays", "two.json", '[{"date": "2020-01-01", "title": "A"}]\n[{"date": "2020-01-02", "title": "B"}]\n', "{p}:2: the JSON array has ended, but another array follows it; a file holds one array"),
    ("array-then-object", "ao.json", '[\n{"date": "2020-01-01", "title": "A"}\n]\n\n{"date": "2020-01-02", "title": "B"}', "{p}:5: the JSON array has ended, but an object follows it; a file holds one array"),
    ("trailing-garbage", "tg.json", '[{"date": "2020-01-01", "title": "A"}] oops', "{p}:1: the JSON array has ended, but more text follows it; a file holds one array"),
    ("unterminated-last-column", "u.csv", 'date,title,summary\r\n2020-01-01,A,"it starts\r\n2020-01-02,B,and swallows this row\r\n', "{p}:2: summary: unterminated quote: a quoted field opened in this row never closes, so the file ends in it"),
    ("cut-in-quoted-last-field", "cut.csv", 'date,title,summary\n2020-01-01,A,fine\n2020-01-02,B,"cut in the midd', "{p}:3: summary: the last row is cut short: a quoted field never closes before the end of the file"),
    ("unterminated-mid-row", "m.csv", 'date,title,summary\n2020-01-01,"A,fine\n2020-01-02,B,"closed",x\n2020-01-03,C,d\n', '{p}:3: title: a quote closes a field but text follows it (unterminated quote?; the quoted field began in the row on line 2)'),
    ("quote-joins-rows", "j.csv", 'date,title,summary\n2020-01-01,"A,fine\n2020-01-02,B"\n2020-01-03,C,d\n', '{p}:2: title: 2 fields where the header has 3: a quoted field runs from line 2 to line 3, so a quote is probably unterminated'),
    ("cut-at-a-comma", "cc.csv", 'date,title,summary\r\n2020-01-01,A,fine\r\n2020-01-02,B', "{p}:3: summary: 2 fields where the header has 3: the row ends before this column"),
    ("cut-in-quoted-middle-field", "cm.csv", '\ufeffdate,title,summary\r\n2020-01-01,A,fine\r\n2020-01-02,"B, cut', "{p}:3: title: the last row is cut short: a quoted field never closes before the end of the file"),
    ("unterminated-first-column", "uf.csv", 'date,title,summary\n"2020-01-01,A,fine\n2020-01-02,B,c\n', "{p}:2: date: unterminated quote: a quoted field opened in this row never closes, so the file ends in it"),
    ("unterminated-after-doubled-quotes", "dq.csv", 'date,title,summary\n2020-01-01,"He said ""no"" and,x\n2020-01-02,B,c\n', "{p}:2: title: unterminated quote: a quoted field opened in this row never closes, so the file ends in it"),
    ("one-field-too-many", "tm.csv", 'date,title\r\n2020-01-01,A,B\r\n', "{p}:2: column 3: 3 fields where the header has 2: a value past the last column"),
    ("nested-vevent", "nest.ics", ICAL_HEAD + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20200101\r\nSUMMARY:Outer\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20200102\r\nSUMMARY:Inner\r\nEND:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "{p}:8: BEGIN:VEVENT: a VEVENT inside the VEVENT of line 4: events do not nest; end one before the next"),
    ("duplicate-unique-id", "dup.json", '{"events": [\n{"unique_id": "u1", "start_date": {"year": 2020}, "text": {"headline": "A"}},\n{"unique_id": "u1", "start_date": {"year": 2021}, "text": {"headline": "B"}}]}', "{p}:3: unique_id: 'u1' is already used on line 2"),
    ("duplicate-uid", "dup.ics", ICAL_HEAD + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20200101\r\nSUMMARY:A\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20200102\r\nSUMMARY:B\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "{p}:9: UID: 'a' is already used on line 4"),
]  # fmt: skip


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "before.db"
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Already here"}], dataset="seed")
    return db


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name, filename, content, expected", CASES, ids=[c[0] for c in CASES])
def test_refused_in_one_line(tmp_path, loaded_db, name, filename, content, expected):
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8", newline="")
    before = loaded_db.read_bytes()
    result = run("load", str(path), "--db", str(loaded_db))
    assert (result.exit_code, result.stderr) == (2, f"frontline: {expected.format(p=path)}\n"), result.output
    assert loaded_db.read_bytes() == before


def test_the_same_file_twice_is_named(tmp_path, loaded_db):
    path = tmp_path / "a.csv"
    path.write_text("date,title\n2020-01-01,A\n", encoding="utf-8")
    before = loaded_db.read_bytes()
    result = run("load", str(path), str(tmp_path / "." / "a.csv"), "--db", str(loaded_db))
    expected = f"frontline: {tmp_path / '.' / 'a.csv'}: named twice (file 2, and before it {path}); load it once\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert loaded_db.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_a_file_name_that_is_not_utf8_loads_and_is_shown_escaped(tmp_path, loaded_db):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv"))
    path.write_text("date,title\n2020-01-01,A\n", encoding="utf-8")
    result = run("load", str(path), "--db", str(loaded_db))
    assert result.exit_code == 0, result.output
    assert [e.dataset for e in Timeline(loaded_db).rows(0, 5)] == ["caf\\xe9", "seed"]
    bad = path.with_name(path.name.replace(".csv", "2.csv"))
    bad.write_text("date,title\nnot a date,A\n", encoding="utf-8")
    result = run("load", str(bad), "--db", str(loaded_db))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"frontline: {tmp_path}/caf\\xe92.csv:2: date: not a date")


def test_words_are_counted_once_and_bounded():
    assert words("b b B b") == ["b"]
    assert words("[b]" * 33_333) == ["b"]
    assert words(" ".join(f"w{i}" for i in range(100))) == [f"w{i}" for i in range(MAX_TERMS)]
    assert words("caf\udce9 bar") == ["caf", "bar"]


def test_search_with_bytes_that_are_not_utf8(loaded_db):
    result = run("search", os.fsdecode(b"\xff"), "--db", str(loaded_db))
    assert (result.exit_code, result.stderr) == (  # the byte shown as a picture, never written raw
        2,
        "frontline: query: no words in '\\udcff' (quote it to look for it as written) at column 1\n  <U+DCFF>\n  ^\n",
    )
    result = run("search", os.fsdecode(b"Already\xff"), "--db", str(loaded_db))
    assert result.exit_code == 0 and "Already here" in result.output


def test_three_thousand_words_search_like_one(loaded_db):
    timeline = Timeline(loaded_db)
    many = timeline.search(" ".join(["alread"] * 3000))
    one = timeline.search("alread")
    assert many is not None and one is not None
    assert (many.match, many.walk, many.count()) == (one.match, one.walk, one.count()) == ('"alread"*', '"already"', 1)


class _CountingText(str):
    """A str that adds up the length of every slice taken of it: the work `sentences` does."""

    sliced = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = str.__getitem__(self, key)
        _CountingText.sliced += len(piece)
        return piece


@pytest.mark.parametrize("unit", ["Shelling hit the town number x. ", "Mr. Smith met Dr. Jones and Gen. Lee. "])
def test_splitting_a_long_line_into_sentences_reads_it_a_bounded_number_of_times(unit):
    from frontline.store.formats.article import Sentence, sentences

    for copies in (1_000, 4_000):
        text = _CountingText(unit * copies)
        _CountingText.sliced = 0
        found = list(sentences(Sentence(1, text, ((0, 1),))))
        assert " ".join(s.text for s in found) == text.strip()
        assert _CountingText.sliced <= 4 * len(text)  # it was len(text) ** 2 / 60: every skipped "x." re-read the lot


def test_a_paragraph_of_many_lines_finds_each_line_by_halving():
    from frontline.store.formats.article import Sentence

    starts = tuple((at * 10, at + 3) for at in range(100_000))
    paragraph = Sentence(3, "x" * 1_000_000, starts)
    assert [paragraph.line_at(o) for o in (0, 9, 10, 999_999, 555_555)] == [3, 3, 4, 100_002, 55_558]


def test_a_repeated_ucdp_id_is_refused_in_one_file_and_updates_from_another(tmp_path):
    """What the README says a repeated UCDP id does, and what the reader does."""
    rows = (Path(__file__).parent / "data" / "ucdp-synthetic.csv").read_text(encoding="utf-8").splitlines()
    moved = rows[1].replace("Alpha Town,Alpha Town", "Beta Town,Beta Town")
    assert moved != rows[1]
    db = tmp_path / "ged.db"
    twice = tmp_path / "ged-twice.csv"
    twice.write_text("\n".join([rows[0], rows[1], moved]) + "\n", encoding="utf-8")
    result = run("load", str(twice), "--db", str(db))
    ident = rows[1].split(",")[0]
    assert (result.exit_code, result.stderr) == (
        2,
        f"frontline: {twice}:3: id: 'ucdp-{ident}' is already used on line 2\n",
    )
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "An `id` given twice in one file is\n  refused" in readme
    first, newer = tmp_path / "ged-24.csv", tmp_path / "ged-25.csv"
    first.write_text("\n".join(rows) + "\n", encoding="utf-8")
    newer.write_text("\n".join([rows[0], moved]) + "\n", encoding="utf-8")
    assert run("load", str(first), "--db", str(db)).exit_code == 0
    result = run("load", str(newer), "--db", str(db))
    assert result.exit_code == 0 and "0 new, 1 updated" in result.output
    assert Timeline(db).event_by_id(f"ucdp-{ident}").place == "Beta Town"


@pytest.mark.parametrize("name, content", [
    ("s.jsonl", '{"date": "2020-01-01", "title": "A\\ud800"}\n{"date": "2020-01-02", "title": "B"}\n'),
    ("s.json", '[{"date": "2020-01-01", "title": "A\\ud800"}, {"date": "2020-01-02", "title": "B"}]'),
])  # fmt: skip
def test_a_lenient_load_sets_a_lone_surrogate_aside_as_the_file_wrote_it(tmp_path, loaded_db, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("load", str(path), "--skip-bad", "--db", str(loaded_db))
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "1 new" in result.output and "1 row refused" in result.output
    rejects = path.with_name(path.stem + ".rejects.jsonl").read_text(encoding="utf-8")
    assert '"title": "A\\ud800"' in rejects and '"rejected_field": "title"' in rejects
