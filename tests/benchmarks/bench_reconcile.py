"""Reconcile at 100,000 + 100,000 events: how long a load's reconcile and a whole `frontline reconcile` take.

Dataset A is the benchmark generator's output. Dataset B holds, for half of A's events, another
report of the same happening (the day moved by up to one, the coordinates by a few hundred metres,
the toll by one, the title kept), and for the other half events of its own (the generator with
another seed). Both are loaded with `frontline load` (each load reconciles its new events); then
`frontline reconcile` compares everything.

    python tests/benchmarks/bench_reconcile.py --n 100000 --out results-reconcile.json
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from generate import COLUMNS, generate

TOOL = [sys.executable, "-m", "frontline.tui"]


def second_dataset(a_csv: Path, other_csv: Path, out: Path, seed: int = 13) -> Path:
    """B: other reports of half of A's happenings, and happenings of its own."""
    rng = random.Random(seed)
    at = {name: i for i, name in enumerate(COLUMNS)}
    with (
        open(a_csv, encoding="utf-8", newline="") as a,
        open(other_csv, encoding="utf-8", newline="") as other,
        open(out, "w", encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        reader_a, reader_other = csv.reader(a), csv.reader(other)
        next(reader_a), next(reader_other)
        for n, (row, own) in enumerate(zip(reader_a, reader_other, strict=True)):
            if rng.random() < 0.5:
                row = list(row)
                if row[at["precision"]] == "day" and not row[at["end_date"]]:
                    day = dt.date.fromisoformat(row[at["date"]]) + dt.timedelta(days=rng.choice((-1, 0, 0, 1)))
                    row[at["date"]] = day.isoformat()
                for key in ("lat", "lon"):
                    if row[at[key]]:
                        row[at[key]] = f"{float(row[at[key]]) + rng.uniform(-0.003, 0.003):.4f}"
                if row[at["fatalities"]]:
                    row[at["fatalities"]] = str(max(0, int(row[at["fatalities"]]) + rng.choice((-1, 0, 1))))
            else:
                row = list(own)
            row[at["id"]] = f"B{n:07d}"
            row[at["dataset"]] = "synthetic-b"
            writer.writerow(row)
    return out


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip()


def run(n: int, work: Path) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    a_csv, other_csv = generate(n, work / "a.csv", seed=6), generate(n, work / "other.csv", seed=7)
    b_csv = second_dataset(a_csv, other_csv, work / "b.csv")
    db = work / "reconcile.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    load_a, said_a = timed([*TOOL, "load", "--db", str(db), str(a_csv)])
    load_b, said_b = timed([*TOOL, "load", "--db", str(db), str(b_csv)])
    whole, said = timed([*TOOL, "reconcile", "--db", str(db)])
    conn = sqlite3.connect(db)
    counts = dict(conn.execute("SELECT status, count(*) FROM links GROUP BY status").fetchall())
    conn.close()
    return {
        "events": 2 * n,
        "load_a_s": round(load_a, 2),
        "load_b_s": round(load_b, 2),
        "reconcile_all_s": round(whole, 2),
        "load_a": said_a,
        "load_b": said_b,
        "reconcile": said,
        "links": counts,
        "goal_s": 60,
        "met": whole < 60 and load_b < 60,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events in each of the two datasets")
    parser.add_argument("--work", type=Path, default=Path("/tmp/frontline-bench-reconcile"), help="scratch folder")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    figures = run(args.n, args.work)
    text = json.dumps(figures, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
