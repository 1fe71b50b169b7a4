"""A query the CLI cannot read: one whole line first ("... at column N"), then the query and a caret
under the character at fault, the query cut to a terminal's width around it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from frontline.store.filters import parse_filters
from frontline.store.querylang import QueryError
from frontline.tui.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_first_line_says_what_and_where(builtin_db: Path):
    result = run("search", "saraqeb AND (kafr", "--db", str(builtin_db))
    assert result.exit_code == 2
    assert (
        result.stderr
        == "frontline: query: this '(' is never closed at column 13\n  saraqeb AND (kafr\n              ^\n"
    )
    assert result.stdout == ""


def test_the_option_that_held_the_query_is_named(builtin_db: Path):
    searched = run("list", "Idlib", "--search", "Idlib foo:x", "--db", str(builtin_db))
    assert searched.exit_code == 2
    lines = searched.stderr.splitlines()
    assert lines[0].startswith("frontline: --search: no field 'foo' (known: ") and lines[0].endswith(" at column 7")
    assert lines[1:] == ["  Idlib foo:x", "        ^"]
    filtered = run("export", "--format", "jsonl", "--filter", "killed>>2", "--db", str(builtin_db))
    assert filtered.exit_code == 2 and filtered.stderr.startswith("frontline: --filter: 'killed>>2': ")
    assert filtered.stderr.count("\n") == 1  # no column, no caret


def test_a_long_query_is_cut_around_the_character_at_fault(builtin_db: Path):
    query = " ".join(f"word{n}" for n in range(40)) + ' "unclosed ' + " ".join(f"more{n}" for n in range(40))
    result = run("search", query, "--db", str(builtin_db))
    first, shown, caret = result.stderr.splitlines()
    column = query.index('"') + 1
    assert first == f"frontline: query: this quote is never closed at column {column}"
    assert len(shown) <= 80 and shown.startswith("  …") and shown.endswith("…")
    assert shown[len(caret) - 1] == '"' and caret.strip() == "^"


def test_a_control_character_before_the_fault_keeps_the_caret_under_it(builtin_db: Path):
    result = run("search", 'Idlib\x1b[31m "red', "--db", str(builtin_db))
    first, shown, caret = result.stderr.splitlines()
    assert first == "frontline: query: this quote is never closed at column 12"
    assert "\x1b" not in result.stderr and "␛" in shown  # shown as a picture, never obeyed
    assert shown[len(caret) - 1] == '"'


def test_the_app_says_it_in_the_same_words():
    try:
        parse_filters('Idlib "[b]')
    except QueryError as error:
        assert str(error) == "this quote is never closed at column 7"
    else:
        raise AssertionError("read")


def test_the_app_refuses_a_search_it_cannot_read_in_the_same_form(builtin_db: Path):
    result = run("--search", "a (b", "--db", str(builtin_db))
    assert result.exit_code == 2
    assert result.stderr == "frontline: --search: this '(' is never closed at column 3\n  a (b\n    ^\n"
