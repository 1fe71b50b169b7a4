"""The command line: one-line errors, the database it picks, export round trips, JSON for scripts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from frontline.store.query import Timeline
from frontline.tui.cli import main


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("FRONTLINE_DB", str(tmp_path / "env.db"))

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_version_and_help_on_every_command(run):
    assert run("--version").output.startswith("frontline, version ")
    for command in ([], ["load"], ["export"], ["search"], ["list"], ["stats"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_a_reading_command_creates_the_builtin_database(run, tmp_path):
    result = run("list", "--json")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) >= 120 and (tmp_path / "env.db").exists()
    assert {r["dataset"] for r in records} == {"maarat-al-numan"}


def test_db_option_beats_the_environment(run, tmp_path):
    source = tmp_path / "one.csv"
    source.write_text("date,title\n2020-01-29,Only event\n")
    result = run("load", str(source), "--db", str(tmp_path / "mine.db"))
    assert result.exit_code == 0 and "1 new, 0 updated, 0 unchanged" in result.output
    assert not (tmp_path / "env.db").exists()
    assert Timeline(tmp_path / "mine.db").count() == 1  # a load creates the database with only its files


def test_bad_input_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,title\n2020-01-01,ok\n2020-13-45,bad\n")
    db = tmp_path / "x.db"
    done = subprocess.run(
        [sys.executable, "-m", "frontline.tui", "load", str(bad), "--db", str(db)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"frontline: {bad}:3: date: not a date: '2020-13-45' (there is no month 13)"]
    assert not db.exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_load_export_is_identical(run, tmp_path, builtin_db, fmt):
    first = tmp_path / f"first.{fmt}"
    assert run("export", "--db", str(builtin_db), "--format", fmt, "-o", str(first)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert run("load", str(first), "--db", str(fresh)).exit_code == 0
    second = run("export", "--db", str(fresh), "--format", fmt).output
    assert second == first.read_text(encoding="utf-8")
    assert Timeline(fresh).count() == Timeline(builtin_db).count()


def test_search_json_is_in_timeline_order(run, builtin_db):
    result = run("search", "Saraqeb", "--db", str(builtin_db), "--json")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and [r["date"] for r in records] == sorted(r["date"] for r in records)
    text = " ".join(f"{r['title']} {r['summary']} {r['place']}" for r in records).casefold()
    assert "saraq" in text


def test_list_between_dates_and_by_category(run, builtin_db):
    result = run("list", "--db", str(builtin_db), "--from", "December 2019", "--to", "2019-12-31", "--json")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(r["date"] <= "2019-12-31" for r in records)
    capture = run("list", "--db", str(builtin_db), "--category", "capture", "--json")
    assert {json.loads(line)["category"] for line in capture.output.splitlines()} == {"capture"}


def test_list_refuses_a_bad_date_in_one_line(run, builtin_db):
    result = CliRunner().invoke(main, ["list", "--db", str(builtin_db), "--from", "someday"])
    assert result.exit_code == 2 and "--from" in result.output


def test_stats_show_running_totals_apart(run, builtin_db):
    data = json.loads(run("stats", "--db", str(builtin_db), "--json").output)
    assert sum(v["events"] for v in data["by_year"].values()) == Timeline(builtin_db).count()
    totals = {r["displaced"] for r in data["running_totals"]} | {r["fatalities"] for r in data["running_totals"]}
    assert 388000 in totals or 389000 in totals
    assert all(v["displaced"] is None or v["displaced"] < 388000 for v in data["by_year"].values())


def test_markup_in_data_is_printed_literally(run, tmp_path):
    source = tmp_path / "markup.csv"
    source.write_text('date,title,place\n2020-01-29,"[b]bold[/b] [/ [0]",[red]Idlib\n')
    db = str(tmp_path / "m.db")
    run("load", str(source), "--db", db)
    output = run("list", "--db", db).output
    assert "[b]bold[/b] [/ [0]" in output and "[red]Idlib" in output


def test_escape_sequences_from_files_never_reach_the_terminal(run, tmp_path):
    source = tmp_path / "esc.csv"
    source.write_text("date,title\n2020-01-29,\x1b[31mred\x1b[0m [/x]\n")
    db = str(tmp_path / "e.db")
    run("load", str(source), "--db", db)
    for args in (("list",), ("search", "x"), ("search", "[/x]")):
        output = run(*args, "--db", db).output
        assert "\x1b" not in output and "␛[31mred" in output


def test_usage_errors_are_one_line_too(run):
    for args, expected in [
        (("search", ""), "frontline: Invalid value for QUERY: nothing to search for: give a word"),
        (
            ("list", "--from", "2020", "--to", "2019"),
            "frontline: Invalid value for --to: '2019' is before --from '2020'",
        ),
        (("nosuch",), "frontline: No such command 'nosuch'."),
    ]:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 2 and result.output.strip() == expected


def test_the_default_command_opens_the_app_with_its_options(monkeypatch, tmp_path):
    """What `frontline --at … --search … --filter …` builds is what the app accepts."""
    import frontline.tui.app

    opened = {}

    def run(self, *args, **kwargs):
        opened.update(path=self.db_path, at=self.initial_at, search=self.initial_search, filters=self.initial_filters)

    monkeypatch.setattr(frontline.tui.app.FrontlineApp, "run", run)
    db = tmp_path / "open.db"
    result = CliRunner().invoke(
        main, ["--db", str(db), "--at", "19 Dec 2019", "--search", "Saraqeb", "--filter", "category:airstrike"]
    )
    assert result.exit_code == 0, result.output
    assert (opened["path"], opened["at"], opened["search"]) == (db, "19 Dec 2019", "Saraqeb") and db.exists()
    assert opened["filters"].category == ("airstrike",)
    bad = CliRunner().invoke(main, ["--db", str(db), "--filter", "airstrike"])
    assert bad.exit_code == 2 and bad.output.startswith("frontline: --filter: not a filter")
