"""`frontline places`: list, merge and split from the command line, and `load --aliases`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from frontline.store.query import Timeline
from frontline.tui.cli import main

ACLED = Path(__file__).parent / "data" / "acled-idlib-offensive.csv"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_places_lists_spellings_and_counts(builtin_db):
    assert invoke("load", "--db", str(builtin_db), str(ACLED)).exit_code == 0
    result = invoke("places", "--db", str(builtin_db), "--json", "--find", "saraqeb")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["name"] for r in rows] == ["Saraqib"]
    assert "Saraqab" in rows[0]["spellings"] and rows[0]["events"] == 13
    table = invoke("places", "--db", str(builtin_db), "--find", "Maarat")
    assert table.output.split("\n")[0].strip() == "1 place" and "Maarat al-Numan" in table.output


def test_merge_and_split_from_the_command_line(builtin_db):
    invoke("load", "--db", str(builtin_db), str(ACLED))
    merged = invoke("places", "merge", "Saraqib", "Tal Mardikh", "--db", str(builtin_db))
    assert merged.output.strip() == "merged Tal Mardikh into Saraqib: 1 event moved"
    split = invoke("places", "--db", str(builtin_db), "split", "Saraqib", "Tal Mardikh")
    assert split.output.strip() == "split Tal Mardikh from Saraqib: 1 event moved"
    assert Timeline(builtin_db).event_by_id("SYR79130").place_id == "Tal Mardikh"
    missing = CliRunner().invoke(main, ["places", "merge", "Saraqib", "Atlantis", "--db", str(builtin_db)])
    assert missing.exit_code == 2
    assert missing.output.strip() == "frontline: no place 'Atlantis' (frontline places lists them)"


def test_load_with_an_alias_file(builtin_db, tmp_path):
    good = tmp_path / "actors.jsonl"
    good.write_text('{"actor": "Hayat Tahrir al-Sham", "aliases": ["Turkistan Islamic Party"]}\n', encoding="utf-8")
    assert invoke("load", "--db", str(builtin_db), "--aliases", str(good), str(ACLED)).exit_code == 0
    assert "Turkistan Islamic Party" not in dict(Timeline(builtin_db).facets("actor", limit=500))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["load", "--db", str(builtin_db), "--aliases", str(bad), str(ACLED)])
    assert result.exit_code == 2
    assert result.output.startswith(f"frontline: {bad}:1: not a JSON object")
