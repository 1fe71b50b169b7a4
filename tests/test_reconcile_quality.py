"""Reconcile finds the reports of one happening and not the look-alikes: precision and recall on built test sets.

The sets (tests/data/reconcile/, written by its generate.py) hold the same happenings as ACLED,
UCDP GED and news articles would write them, and distinct happenings that look alike. `tune` and `tune2`
are the sets the weights were chosen on; `held` (another seed) was measured once they were fixed.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from conftest import REPO

from frontline.store.load import load_files
from frontline.store.schema import open_database

SETS = REPO / "tests" / "data" / "reconcile"


def measure(folder: Path, db_path: Path) -> tuple[float, float, int, int]:
    """Load a set as three datasets, then compare the proposed links with the truth: (precision, recall, links, truth)."""
    load_files(db_path, [folder / "acled.csv"], dataset="acled")
    load_files(db_path, [folder / "ucdp.csv"], dataset="ucdp")
    load_files(db_path, [folder / "articles.jsonl"], format="jsonl")
    happening: dict[str, list[str]] = {}
    with open(folder / "truth.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            happening.setdefault(row["happening"], []).append(row["id"])
    truth = {tuple(sorted(p)) for ids in happening.values() for p in itertools.combinations(ids, 2)}
    db = open_database(db_path)
    proposed = {(a, b) for a, b in db.execute("SELECT a, b FROM links WHERE status = 'proposed'")}
    db.close()
    hits = len(proposed & truth)
    return hits / max(len(proposed), 1), hits / max(len(truth), 1), len(proposed), len(truth)


@pytest.mark.parametrize("name", ["tune", "tune2", "held"])
def test_proposed_links_reach_the_precision_and_recall_the_readme_states(name: str, tmp_path: Path):
    precision, recall, links, truth = measure(SETS / name, tmp_path / "r.db")
    assert truth > 150 and links > 100  # the set is not trivially small
    assert precision >= 0.95, f"precision {precision:.3f} ({links} links)"
    assert recall >= 0.90, f"recall {recall:.3f} ({truth} true pairs)"
