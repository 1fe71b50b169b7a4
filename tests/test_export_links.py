"""Exports carry the link decisions and travel with them; the reconciled export writes one row a happening."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from frontline.store.export import export
from frontline.store.export_links import export_reconciled
from frontline.store.links import Links
from frontline.store.load import load_files

RECAPTURE = ("2020-01-28-troops-enter-maarat", "2020-01-29-maarat-declared-recaptured")


def written(db: Path, fmt: str, write=export) -> str:
    out = io.StringIO()
    write(db, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_decisions_survive_export_and_load_into_another_database(builtin_db: Path, tmp_path: Path, fmt: str):
    links = Links.open(builtin_db)
    links.decide(["2020-01-29-kafr-lata-strikes", "2020-01-30-ariha-strikes"], "rejected")
    links.close()
    first = written(builtin_db, fmt)
    path = tmp_path / f"out.{fmt}"
    path.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    load_files(other, [path])
    assert written(other, fmt) == first  # export, load, export: the same file
    links = Links.open(other)
    statuses = {(x.a, x.b): x.status for p in links.proposals() for x in p.links}
    recapture = links.linked(links.events([RECAPTURE[0]])[RECAPTURE[0]])
    rejected = links.linked(links.events(["2020-01-29-kafr-lata-strikes"])["2020-01-29-kafr-lata-strikes"])
    links.close()
    assert recapture.group == RECAPTURE[0] and [e.id for e in recapture.others] == [RECAPTURE[1]]
    assert rejected.links == [] and not statuses  # rejected: kept, and neither shown nor proposed again


def test_the_jsonl_record_names_the_group_and_the_decision(builtin_db: Path):
    records = {r["id"]: r for r in map(json.loads, written(builtin_db, "jsonl").splitlines())}
    record = records[RECAPTURE[1]]
    assert record["link_group"] == RECAPTURE[0]
    assert [(d["id"], d["status"]) for d in record["link_decisions"]] == [(RECAPTURE[0], "confirmed")]
    assert records["2011-maarat-rises-against-assad"]["link_group"] is None


def test_the_reconciled_export_writes_a_group_once_with_every_source_figure(builtin_db: Path):
    rows = list(csv.DictReader(io.StringIO(written(builtin_db, "csv", export_reconciled))))
    events = written(builtin_db, "jsonl").count("\n")
    assert len(rows) == events - 2  # two groups of two reports
    displaced = next(r for r in rows if r["happening"] == "2019-12-388000-displaced-since-december")
    assert displaced["reports"] == "2" and displaced["displaced"] == "388000–389000"
    assert "389000" in displaced["displaced_by_source"] and "388000" in displaced["displaced_by_source"]
    recapture = next(r for r in rows if r["happening"] == RECAPTURE[0])
    assert (recapture["date_start"], recapture["date_end"]) == ("2020-01-28", "2020-01-29")
    assert not any(r["happening"] == RECAPTURE[1] for r in rows)
