"""`frontline reconcile`: run, list (a table for people, JSON for scripts), confirm and reject."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from frontline.tui.cli import main

SET = REPO / "tests" / "data" / "reconcile" / "tune"


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("FRONTLINE_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def loaded(run, tmp_path: Path) -> Path:
    db = tmp_path / "r.db"
    assert "possible duplicates" in run("load", "--db", str(db), "--dataset", "acled", str(SET / "acled.csv")).output
    out = run("load", "--db", str(db), "--dataset", "ucdp", str(SET / "ucdp.csv")).output
    assert "links proposed" in out
    return db


def groups(run, db: Path) -> list[dict]:
    result = run("reconcile", "--db", str(db), "--list", "--json", "--limit", "1000")
    assert result.exit_code == 0
    return [json.loads(line) for line in result.output.splitlines()]


def test_list_shows_proposed_groups_best_first_with_reasons(run, loaded: Path):
    found = groups(run, loaded)
    assert found and [g["score"] for g in found] == sorted((g["score"] for g in found), reverse=True)
    link = found[0]["links"][0]
    assert set(link["reasons"]) == {"date", "place", "category", "actors", "figures", "words"}
    table = run("reconcile", "--db", str(loaded), "--list", "--limit", "3").output
    assert "Proposed groups" in table and found[0]["ids"][0] in table and "date: " in table


def test_confirm_and_reject_are_kept_and_leave_the_list(run, loaded: Path):
    first = groups(run, loaded)[0]
    a, b = first["links"][0]["a"], first["links"][0]["b"]
    assert run("reconcile", "--db", str(loaded), "confirm", a, b).output.startswith(f"confirmed {a} ↔ {b}")
    second = next(g for g in groups(run, loaded) if a not in g["ids"])
    c, d = second["links"][0]["a"], second["links"][0]["b"]
    assert run("reconcile", "--db", str(loaded), "reject", c, d).exit_code == 0
    assert run("reconcile", "--db", str(loaded)).output.startswith("compared ")  # everything again
    statuses = {(x["a"], x["b"]): x["status"] for g in groups(run, loaded) for x in g["links"]}
    assert (c, d) not in statuses  # a rejected link is in no group
    assert statuses.get((a, b)) in (None, "confirmed")  # shown only beside a proposal that joins the group


def test_a_decision_on_an_unknown_id_is_one_line_and_changes_nothing(run, loaded: Path):
    before = groups(run, loaded)
    result = run("reconcile", "--db", str(loaded), "confirm", before[0]["ids"][0], "no-such-id")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["frontline: 'no-such-id': no such event"]
    assert run("reconcile", "--db", str(loaded), "confirm", "one-id").exit_code == 2
    assert groups(run, loaded) == before


def test_markup_in_ids_and_titles_is_printed_as_text(run, tmp_path: Path):
    db = tmp_path / "m.db"
    rows = [
        {"id": f"[bold]x{i}[/bold]", "date": "2020-01-29", "title": "[red]Air strike[/red] on Kafr Lata",
         "place": "Kafr Lata", "lat": 35.79, "lon": 36.63, "category": "airstrike", "fatalities": 10,
         "dataset": f"d{i}"}
        for i in (1, 2)
    ]  # fmt: skip
    for i, row in enumerate(rows):
        path = tmp_path / f"{i}.jsonl"
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        run("load", "--db", str(db), "--dataset", row["dataset"], str(path))
    table = run("reconcile", "--db", str(db), "--list").output
    assert "[bold]x1[/bold]" in table and "[red]Air strike[/red]" in table
