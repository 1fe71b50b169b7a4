"""The command line: one-line errors, the database it picks, export round trips, JSON for scripts."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.query import Timeline
from frontline.tui.cli import main

FRONTLINE = str(Path(sys.executable).parent / "frontline")  # the installed command


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


def test_a_date_option_without_its_year_is_refused_as_the_query_refuses_it(builtin_db):
    for option in ("--from", "--to"):
        result = CliRunner().invoke(main, ["list", "--db", str(builtin_db), option, "29 March"])
        assert result.exit_code == 2, option
        assert f"Invalid value for {option}: '29 March' needs a year" in result.stderr
    found = CliRunner().invoke(main, ["list", "--db", str(builtin_db), "--from", "1 December 2019", "--json"])
    assert found.exit_code == 0 and found.stdout.strip()


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


def test_usage_errors_are_one_line_and_the_pointer_to_the_help(run):
    for args, expected, hint in [
        (("search", ""), "frontline: Invalid value for QUERY: nothing to search for: give a word", "search"),
        (
            ("list", "--from", "2020", "--to", "2019"),
            "frontline: Invalid value for --to: '2019' is before --from '2020'",
            "list",
        ),
        (("list", "--bogus"), "frontline: No such option '--bogus'.", "list"),
        (("nosuch",), "frontline: No such command 'nosuch'.", None),
    ]:
        result = CliRunner().invoke(main, list(args))
        help_line = f"Try 'frontline {hint} -h' for help." if hint else "Try 'frontline -h' for help."
        assert result.exit_code == 2 and result.output.splitlines() == [expected, help_line]


def test_the_default_command_opens_the_app_with_its_options(monkeypatch, tmp_path):
    """What `frontline --at … --search … --filter …` builds is what the app accepts."""
    import frontline.tui.app

    opened = {}

    def run(self, *args, **kwargs):
        opened.update(path=self.db_path, at=self.initial_at, search=self.initial_search, filters=self.initial_filters)

    monkeypatch.setattr(frontline.tui.app.FrontlineApp, "run", run)
    monkeypatch.setattr(frontline.tui.cli, "has_terminal", lambda: True)
    db = tmp_path / "open.db"
    monkeypatch.setenv("FRONTLINE_DB", str(db))  # the default database: created on first use
    result = CliRunner().invoke(main, ["--at", "19 Dec 2019", "--search", "Saraqeb", "--filter", "category:airstrike"])
    assert result.exit_code == 0, result.output
    assert (opened["path"], opened["at"], opened["search"]) == (db, "19 Dec 2019", "Saraqeb") and db.exists()
    assert opened["filters"].category == ("airstrike",)
    bad = CliRunner().invoke(main, ["--filter", "airstrike"])
    assert bad.exit_code == 2 and bad.output.startswith("frontline: --filter: not a filter")
    bad = CliRunner().invoke(main, ["--search", "Idlib foo:bar"])  # refused as --filter is, not opened
    assert (
        bad.exit_code == 2
        and bad.output.startswith("frontline: --search: no field 'foo'")
        and "at column 7" in bad.output
    )


@pytest.mark.parametrize(
    "command", [["list"], ["search", "Saraqeb"], ["stats"], ["export", "--format", "jsonl"], []], ids=" ".join
)
def test_a_db_that_is_not_there_is_refused_not_created(run, tmp_path, monkeypatch, command):
    """A typo in --db never reads the built-in data as if it were the user's: every read command and the app."""
    import frontline.tui.cli

    monkeypatch.setattr(frontline.tui.cli, "has_terminal", lambda: True)
    typo = tmp_path / "no such folder" / "evnets.db"
    for args in ([*command, "--db", str(typo)], ["--db", str(typo), *command]):
        result = CliRunner().invoke(main, args)
        assert (result.exit_code, result.output) == (2, f"frontline: no database at {typo}\n")
    assert not typo.parent.exists() and not (tmp_path / "env.db").exists()


def test_the_app_without_a_terminal_says_so_and_exits_2(tmp_path):
    """`frontline </dev/null >out`: one line on stderr, nothing on stdout, and no database made."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    env["FRONTLINE_DB"] = str(tmp_path / "never.db")
    done = subprocess.run(
        [sys.executable, "-m", "frontline.tui"], stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "frontline: the app needs a terminal to draw in; for scripts, use frontline list, search, stats or export"
    ]
    assert not (tmp_path / "never.db").exists()


def test_an_unknown_theme_is_refused_with_the_names(run):
    result = CliRunner().invoke(main, ["--theme", "solarised"])
    assert result.exit_code == 2
    assert result.output.startswith("frontline: --theme: no theme 'solarised'; the themes are ")
    assert "solarized-dark" in result.output and "nord" in result.output


def test_shell_completion_as_the_readme_gives_it(tmp_path):
    """click's completion works through frontline's own group, and the README shows how to turn it on."""
    env = {**os.environ, "_FRONTLINE_COMPLETE": "bash_source"}
    script = subprocess.run([FRONTLINE], capture_output=True, text=True, env=env, timeout=60)
    assert script.returncode == 0 and "_FRONTLINE_COMPLETE=bash_complete" in script.stdout
    words = subprocess.run(
        [FRONTLINE], capture_output=True, text=True, timeout=60,
        env={**env, "_FRONTLINE_COMPLETE": "bash_complete", "COMP_WORDS": "frontline ex", "COMP_CWORD": "1"},
    )  # fmt: skip
    assert "plain,export" in words.stdout.splitlines()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_FRONTLINE_COMPLETE={shell}_source frontline" in readme


def test_serve_without_its_optional_part_says_how_to_get_it(run, builtin_db, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "textual_serve" else real(name, *a)
    )
    result = CliRunner().invoke(main, ["serve", "--db", str(builtin_db)])
    assert (result.exit_code, result.output) == (
        1,
        "frontline: serve needs the web server, an optional part: pip install 'frontline[serve]'\n",
    )


def test_the_app_with_stderr_sent_to_a_file_says_so_on_the_terminal(tmp_path):
    """`frontline 2>log`: Textual draws on stderr, so the screen would go into the file. It refuses,
    on the terminal (stdout), and the file stays empty."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    env["FRONTLINE_DB"] = str(tmp_path / "never.db")
    log = tmp_path / "log"
    master, slave = pty.openpty()
    with open(log, "wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "frontline.tui"], stdin=slave, stdout=slave, stderr=err, env=env
        )
    os.close(slave)
    try:
        code = child.wait(timeout=60)  # without the check, the app opens and draws into the file
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    said = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        said += chunk
    os.close(master)
    assert code == 2 and log.read_bytes() == b""
    assert said.decode().splitlines() == [
        "frontline: the app draws on standard error, which is not a terminal here; for scripts, use frontline list, "
        "search, stats or export"
    ]
    assert not (tmp_path / "never.db").exists()


@pytest.mark.parametrize(
    ("streams", "where"),
    [((True, True, False), "stdout"), ((True, False, True), "stderr"), ((False, True, True), "stderr")],
)
def test_the_app_opens_only_with_all_three_streams_on_a_terminal(monkeypatch, builtin_db, streams, where):
    import frontline.tui.app
    import frontline.tui.cli

    opened = []
    monkeypatch.setattr(frontline.tui.app.FrontlineApp, "run", lambda self, *a, **k: opened.append(self))
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(frontline.tui.cli, "terminals", lambda: streams)
    result = CliRunner().invoke(main, ["--db", str(builtin_db)])
    assert result.exit_code == 2 and opened == []
    said = result.stdout if where == "stdout" else result.stderr
    assert len(said.splitlines()) == 1 and said.startswith("frontline: the app ")
    assert (result.stderr if where == "stdout" else result.stdout) == ""
    monkeypatch.setattr(frontline.tui.cli, "terminals", lambda: (True, True, True))
    assert CliRunner().invoke(main, ["--db", str(builtin_db)]).exit_code == 0 and len(opened) == 1
