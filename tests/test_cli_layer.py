"""The user's layer from the command line: edit, revert, tag, note, hide, restore, add, and the history
that reads at 80 columns."""

from __future__ import annotations

import json

from click.testing import CliRunner

from frontline.store.layer import Layer
from frontline.store.query import Timeline
from frontline.tui.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "80"})
    return result.exit_code, result.stdout, result.stderr


def test_each_command_changes_the_layer_and_history_reads_whole(builtin_db):
    db = ["--db", str(builtin_db)]
    first, second = (e.id for e in Timeline(builtin_db).rows(0, 2))
    source = Timeline(builtin_db).event_by_id(first)
    assert source is not None
    code, out, _ = run("edit", first, "category=airstrike", "title=A title of my own", *db)
    assert code == 0 and f"corrected category, title of {first}" in out
    assert Timeline(builtin_db).event_by_id(first).title == "A title of my own"
    code, _, _ = run("revert", first, "title", *db)
    assert code == 0 and Timeline(builtin_db).event_by_id(first).title == source.title
    assert run("tag", second, "verified", "#Story", *db)[0] == 0
    assert run("note", second, "Called the [b]hospital[/b]", *db)[0] == 0
    assert run("hide", second, *db)[0] == 0
    layer = Layer(builtin_db)
    assert layer.tags(second) == ["story", "verified"] and layer.note(second) == "Called the [b]hospital[/b]"
    assert layer.is_hidden(second)
    assert run("restore", second, *db)[0] == 0 and not Layer(builtin_db).is_hidden(second)
    code, out, _ = run("history", *db)
    assert code == 0 and "6 changes" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    folded = "".join(line.split("│")[4].strip() for line in out.splitlines() if line.count("│") == 6)
    assert first in folded and second in folded  # ids whole, folded over lines rather than cut with …
    assert f"category: {source.category} →" in out and "airstrike" in out
    assert "[b]hospital[/b]" in out  # typed text, never markup
    code, out, _ = run("history", "--json", "--id", first, *db)
    changes = [json.loads(line) for line in out.splitlines()]
    assert [c["action"] for c in changes] == ["revert", "edit"] and {c["id"] for c in changes} == {first}


def test_a_bad_value_is_one_line_and_changes_nothing(builtin_db):
    first = Timeline(builtin_db).rows(0, 1)[0].id
    code, _, err = run("edit", first, "date=30 Febuary 2020", "--db", str(builtin_db))
    assert code == 2 and err.startswith(f"frontline: {first}: date: ") and "Febuary" in err and err.count("\n") == 1
    assert Layer(builtin_db).history() == []
