"""Load what is good, report the rest (`--skip-bad`): rejects files in the input's format, exit statuses,
and the load line's counts (stale rows apart from unchanged ones)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError
from frontline.tui.cli import main

DATA = Path(__file__).parent / "data"


def snapshot(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()


@pytest.fixture
def acled_bad(tmp_path: Path) -> Path:
    return Path(shutil.copy(DATA / "acled-some-bad.csv", tmp_path / "acled.csv"))


def test_the_default_load_stays_all_or_nothing(acled_bad, db_path):
    with pytest.raises(LoadError, match=r"acled.csv:3: event_date: not a date: '2020-02-31'"):
        load_files(db_path, [acled_bad])
    assert not db_path.exists() and not (acled_bad.parent / "acled.rejects.csv").exists()


def test_good_rows_load_and_refused_ones_go_to_a_csv_beside_the_input(acled_bad, db_path):
    result = load_files(db_path, [acled_bad], skip_bad=True)
    assert (result.new, result.refused) == (2, 5)
    rejects = acled_bad.parent / "acled.rejects.csv"
    assert result.rejects == [rejects]
    assert result.line().endswith("; 5 rows refused → acled.rejects.csv")
    assert {e.id for e in Timeline(db_path).rows(0, 10)} == {"SYR92001", "SYR92005"}

    data = rejects.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # as the input was saved
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    header = (DATA / "acled-some-bad.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert list(rows[0]) == [*header, "rejected_line", "rejected_field", "rejected_reason"]
    assert [(r["rejected_line"], r["rejected_field"]) for r in rows] == [
        ("3", "event_date"), ("4", "latitude"), ("5", "fatalities"), ("7", "year"), ("8", "event_type"),
    ]  # fmt: skip
    assert rows[0]["rejected_reason"] == "not a date: '2020-02-31' (February 2020 has 29 days)"
    assert rows[2]["notes"] == "Fatalities, in words." and rows[2]["fatalities"] == "two"  # the row as it was
    assert rows[4]["rejected_reason"] == "5 fields where the header has 31: the row ends before this column"


def test_a_fixed_rejects_file_loads_into_the_same_dataset(acled_bad, db_path):
    load_files(db_path, [acled_bad], skip_bad=True)
    rejects = acled_bad.parent / "acled.rejects.csv"
    text = rejects.read_text(encoding="utf-8-sig")
    fixed = (
        text.replace("2020-02-31", "2020-02-28").replace(",95.8128,", ",35.8128,").replace(",two,", ",2,")
        .replace("4-Feb-20,2019,", "4-Feb-20,2020,")
    )  # fmt: skip
    lines = fixed.splitlines()
    rejects.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8-sig")  # the cut row is dropped by hand
    result = load_files(db_path, [rejects], skip_bad=True)
    assert (result.new, result.refused) == (4, 0)
    tl = Timeline(db_path)
    assert tl.count() == 6 and {e.dataset for e in tl.rows(0, 10)} == {"acled"}
    assert "rejected_reason" not in tl.event_by_id("SYR92002").extra


def test_json_lines_rejects_are_json_lines(tmp_path, db_path):
    source = Path(shutil.copy(DATA / "events-some-bad.jsonl", tmp_path / "events.jsonl"))
    result = load_files(db_path, [source], skip_bad=True)
    assert (result.new, result.refused) == (2, 3)
    lines = [json.loads(line) for line in (tmp_path / "events.rejects.jsonl").read_text().splitlines()]
    assert [(r["rejected_line"], r["rejected_field"]) for r in lines] == [(2, "date"), (3, None), (5, "lon")]
    assert lines[0]["title"] == "A day that is not" and lines[2]["lon"] == 236.5
    assert lines[1]["rejected_text"].startswith('{"id": "j9"')


def test_rejects_path_ids_given_twice_and_ids_of_another_dataset(tmp_path, db_path):
    load_files(db_path, [_write(tmp_path / "theirs.csv", "id,date,title\nx1,2020-01-01,Theirs\n")])
    mine = _write(tmp_path / "mine.csv", "id,date,title\nm1,2020-01-02,A\nm1,2020-01-03,B\nx1,2020-01-04,C\n")
    target = tmp_path / "out" / "refused.csv"
    target.parent.mkdir()
    result = load_files(db_path, [mine], skip_bad=True, rejects=target)
    assert (result.new, result.refused) == (1, 2)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert [(r["id"], r["rejected_line"], r["rejected_field"]) for r in rows] == [("m1", "3", "id"), ("x1", "4", "id")]
    assert rows[0]["rejected_reason"] == "'m1' is already used on line 2"
    assert rows[1]["rejected_reason"].startswith("'x1' already belongs to dataset 'theirs'")
    assert Timeline(db_path).event_by_id("x1").title == "Theirs"


def test_a_dry_run_writes_no_rejects(acled_bad, db_path):
    result = load_files(db_path, [acled_bad], skip_bad=True, dry_run=True)
    assert result.refused == 5 and result.line().endswith("5 rows refused → not written: dry run")
    assert not (acled_bad.parent / "acled.rejects.csv").exists() and not db_path.exists()


def test_a_rejects_file_that_cannot_be_written_loads_nothing(acled_bad, db_path):
    load_files(db_path, [DATA / "events-tab.tsv"])
    before = snapshot(db_path)
    with pytest.raises(OSError):
        load_files(db_path, [acled_bad], skip_bad=True, rejects=acled_bad.parent / "missing" / "r.csv")
    assert snapshot(db_path) == before


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("FRONTLINE_DB", str(tmp_path / "env.db"))
    return lambda *args: CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_exit_status_tells_the_three_outcomes_apart(run, tmp_path, acled_bad):
    db = str(tmp_path / "cli.db")
    good = run("load", "--db", db, "--skip-bad", str(DATA / "events-tab.tsv"))
    assert good.exit_code == 0 and "refused" not in good.output
    some = run("load", "--db", db, "--skip-bad", str(acled_bad))
    assert some.exit_code == 3 and "2 new" in some.output and "5 rows refused → acled.rejects.csv" in some.output
    before = snapshot(Path(db))
    bad = _write(tmp_path / "bad.csv", "date,title\n2020-02-31,A\nnever,B\n")
    none = run("load", "--db", db, "--skip-bad", str(bad))
    assert none.exit_code == 2 and "2 rows refused → bad.rejects.csv" in none.output
    assert snapshot(Path(db)) == before
    strict = run("load", "--db", db, str(bad))
    assert strict.exit_code == 2 and strict.output.count("\n") == 1
    assert run("load", "--db", db, "--rejects", "x.csv", str(bad)).exit_code == 2  # --rejects needs --skip-bad


def test_stale_rows_are_counted_apart_from_unchanged_ones(db_path):
    load_files(db_path, [DATA / "acled-synthetic-edited.csv"])  # TST1001, newer than in the original export
    result = load_files(db_path, [DATA / "acled-synthetic.csv"])
    assert (result.new, result.unchanged, result.stale) == (2, 0, 1)
    assert "2 new, 0 updated, 0 unchanged, 1 stale" in result.line()
    assert Timeline(db_path).event_by_id("TST1001").fatalities == 4  # the newer copy stays
    again = load_files(db_path, [DATA / "acled-synthetic.csv"])
    assert (again.unchanged, again.stale) == (2, 1) and "1 stale" in again.line()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
