"""`frontline export -o FILE`: the format told from the file's extension when --format is not given; counts in the singular."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.tui.cli import main

SUFFIXES = [("jsonl", ".jsonl"), ("csv", ".csv"), ("timelinejs", ".json"), ("ical", ".ics"), ("markdown", ".md"),
            ("html", ".html")]  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(("fmt", "suffix"), SUFFIXES, ids=[s for _, s in SUFFIXES])
def test_the_extension_chooses_the_format(tmp_path: Path, builtin_db: Path, fmt: str, suffix: str):
    guessed, given = tmp_path / f"out{suffix}", tmp_path / f"given{suffix}"
    told = run("export", "category:airstrike", "--db", str(builtin_db), "-o", str(guessed))
    assert told.exit_code == 0, told.output
    explicit = run("export", "category:airstrike", "--db", str(builtin_db), "--format", fmt, "-o", str(given))
    assert explicit.exit_code == 0
    assert guessed.read_bytes() == given.read_bytes() and guessed.stat().st_size > 0
    assert told.stderr == explicit.stderr.replace(str(given), str(guessed))
    assert told.stderr.startswith("wrote 14 events to ")  # the airstrikes of the built-in data


def test_an_upper_case_extension_and_a_format_given_over_it(tmp_path: Path, builtin_db: Path):
    shouting = tmp_path / "OUT.JSONL"
    assert run("export", "--db", str(builtin_db), "-o", str(shouting)).exit_code == 0
    assert shouting.read_text(encoding="utf-8").startswith('{"id": ')
    named = tmp_path / "briefing.txt"  # --format wins: any extension will do
    assert run("export", "--db", str(builtin_db), "--format", "markdown", "-o", str(named)).exit_code == 0
    assert named.read_text(encoding="utf-8").startswith("# ")


def test_an_unknown_extension_without_a_format_is_one_line(tmp_path: Path, builtin_db: Path):
    before = builtin_db.read_bytes()
    for name in ("out.txt", "out"):
        result = run("export", "--db", str(builtin_db), "-o", str(tmp_path / name))
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"frontline: {tmp_path / name}: no export format for ")
        assert (
            "jsonl (.jsonl), csv (.csv), timelinejs (.json), ical (.ics), markdown (.md), html (.html)" in result.stderr
        )
        assert not (tmp_path / name).exists()
    assert builtin_db.read_bytes() == before


def test_no_file_and_no_format_is_one_line(builtin_db: Path):
    result = run("export", "--db", str(builtin_db))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "frontline: --format: give a format (jsonl, csv, timelinejs, ical, markdown, html), or -o FILE",
        "Try 'frontline export -h' for help.",
    ]


def test_a_file_name_where_the_query_goes_is_pointed_at_o(builtin_db: Path, tmp_path: Path):
    result = run("export", "out.jsonl", "--db", str(builtin_db))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "frontline: --format: give a format (jsonl, csv, timelinejs, ical, markdown, html), or -o FILE; "
        "to write a file, -o out.jsonl"
    )


def test_a_count_of_one_takes_the_singular(tmp_path: Path):
    db, source = tmp_path / "one.db", tmp_path / "one.csv"
    source.write_bytes(b"date,title,place\r\n2020-01-29,Shelling of Ariha,Ariha\r\n")
    loaded = run("load", str(source), "--db", str(db))
    assert loaded.exit_code == 0 and "loaded 1 event: 1 new" in loaded.output
    told = run("export", "--db", str(db), "-o", str(tmp_path / "out.jsonl"))
    assert told.exit_code == 0 and told.stderr == f"wrote 1 event to {tmp_path / 'out.jsonl'}\n"
    ident = (tmp_path / "out.jsonl").read_text(encoding="utf-8").split('"', 4)[3]
    assert run("tag", ident, "verified", "--db", str(db)).exit_code == 0
    assert run("history", "--db", str(db)).output.splitlines()[0].strip() == "1 change"
