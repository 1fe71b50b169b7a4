"""The benchmark keeps working: a run at a small N completes and writes every figure. No timings are asserted."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO

BENCH = REPO / "tests" / "benchmarks"
FIGURES = {
    "load": ["frontline_s", "sqlite_utils_s", "ratio"],
    "first_screen": ["large_ms", "small_ms", "end_cold_ms", "ratio"],
    "search": ["from_top_ms", "from_date_ms", "queries"],
    "memory": ["large_mb", "small_mb", "ratio"],
    "dates": ["per_s", "strings"],
}
GOALS = [
    "load_ratio", "first_screen_ratio", "key_p50_ms", "key_p99_ms", "key_end_vs_top", "search_p95_ms",
    "search_from_date_p95_ms", "memory_ratio", "dates_per_s",
]  # fmt: skip


def number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def test_generator_is_deterministic_and_writes_record_columns(tmp_path: Path):
    sys.path.insert(0, str(BENCH))
    try:
        from generate import COLUMNS, generate
    finally:
        sys.path.remove(str(BENCH))
    a, b = generate(300, tmp_path / "a.csv", seed=3), generate(300, tmp_path / "b.csv", seed=3)
    assert a.read_bytes() == b.read_bytes()
    assert generate(300, tmp_path / "c.csv", seed=4).read_bytes() != a.read_bytes()
    with open(a, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS and len(rows) == 300
    years = {row["date"][:4] for row in rows}
    assert min(years) >= "2011" and max(years) <= "2020" and len(years) > 5
    assert len({row["category"] for row in rows}) > 4 and len({row["place"] for row in rows}) > 30


def test_benchmark_runs_at_a_small_n_and_writes_every_figure(tmp_path: Path):
    out = tmp_path / "results.json"
    command = [
        sys.executable, str(BENCH / "bench.py"), "--n", "2000", "--out", str(out), "--runs", "2",
        "--reps", "4", "3", "2", "--dates", "5000", "--memory-runs", "1", "--workdir", str(tmp_path / "work"), "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["n"] == 2000 and result["machine"]["cores"] and result["command"]
    figures = result["figures"]
    for section, names in FIGURES.items():
        for name in names:
            assert name in figures[section], f"{section}.{name}"
    for key in ("down", "pagedown", "end"):
        for where in ("top", "middle", "end"):
            stats = figures["keys"][key][where]["frame_ms"]
            assert stats["n"] > 0 and all(number(stats[q]) for q in ("p50", "p95", "p99", "max"))
    assert set(result["goals"]) == set(GOALS)
    for name, verdict in result["goals"].items():
        assert number(verdict["value"]) and isinstance(verdict["met"], bool), name
    assert "Load" in done.stdout and "Free-text dates" in done.stdout


def test_the_reconcile_benchmark_runs_and_finds_the_second_reports(tmp_path: Path):
    sys.path.insert(0, str(BENCH))
    try:
        from bench_reconcile import run
    finally:
        sys.path.remove(str(BENCH))
    figures = run(400, tmp_path)
    assert figures["events"] == 800
    for key in ("load_a_s", "load_a_cpu_s", "load_b_s", "load_b_cpu_s", "reconcile_all_s", "reconcile_all_cpu_s"):
        assert number(figures[key]), key
    # about half of the second dataset reports the first's happenings again: most are proposed
    assert 100 <= figures["links"].get("proposed", 0) <= 800
    assert figures["reconcile"].startswith("compared ")


def test_pty_benchmark_drives_the_real_app_in_a_terminal(tmp_path: Path):
    """A tiny run of the pty benchmark, frontline only: every key it times drew a frame, and the figures are
    written. (VisiData is left out: it lives in the benchmark's own environment, not the project's.)"""
    out = tmp_path / "pty.json"
    command = [
        sys.executable, str(BENCH / "pty_bench.py"), "--n", "400", "--reps", "3", "2", "1", "2", "--search", "shel",
        "--workdir", str(tmp_path / "work"), "--out", str(out), "--limit", "120", "--settle", "0.05",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["n"] == 400 and result["size"] == "120x36"
    assert set(result["load"]) >= {"frontline_s", "sqlite_utils_insert_s", "sqlite_utils_fts_s", "ratio"}
    app = result["apps"]["frontline"]
    assert app["peak_mb"] > 10 and app["first_screen_s"] > 0
    for key in ("down", "pagedown", "bracket", "search"):
        for where in ("top", "middle", "end"):
            stats = app["keys"][key][where]["frame_ms"]
            assert stats["n"] > 0 and all(number(stats[q]) for q in ("p50", "p95", "p99", "max")), (key, where)
            each = app["keys"][key][where]["each_frame_ms"]
            assert len(each) == stats["n"] and max(each) == stats["max"], (key, where)
    for key in ("end", "home"):
        assert app["keys"][key]["alternating"]["frame_ms"]["n"] == 2
    assert "| Down, top |" in done.stdout and "peak memory" in done.stdout


def test_the_key_tracer_reads_each_press_phases_in_a_terminal(tmp_path: Path, builtin_db: Path):
    log = tmp_path / "trace.log"
    command = [
        sys.executable, str(BENCH / "pty_trace.py"), "--db", str(builtin_db), "--key", "down", "--where", "top",
        "--n", "3", "--log", str(log),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split() for line in done.stdout.splitlines()[1:4]]
    assert len(rows) == 3
    for frame, first, key, written, composed, size, *dirty in rows:
        assert 0 < float(key) <= float(written) <= float(frame) and float(first) <= float(frame)
        assert float(composed) > 0 and int(size) > 0 and "TimelineView" in dirty
    assert "median frame:" in done.stdout
    stamps = log.read_text().splitlines()
    assert sum(" KEY down " in line for line in stamps) == 3 and any(" compositor " in line for line in stamps)


class _Turns:
    """Stands in for an open app: it notes each chunk it is given, and stops drawing after `rows` presses."""

    def __init__(self, name: str, count: int, rows: int, log: list[tuple[str, int]]) -> None:
        self.name, self.reps, self.rows, self.log = name, {"down": count}, rows, log

    def presses(self, step: int, key: str, where: str) -> bool:
        self.log.append((self.name, step))
        self.rows -= step
        return self.rows > 0


def test_the_pty_benchmark_has_its_apps_take_turns_in_chunks():
    """A machine that slows for a minute must slow every app alike: no app has all its presses in one go."""
    sys.path.insert(0, str(BENCH))
    try:
        from pty_bench import CHUNK, take_turns
    finally:
        sys.path.remove(str(BENCH))
    log: list[tuple[str, int]] = []
    runs = [_Turns("a", 12, 99, log), _Turns("b", 12, 99, log), _Turns("c", 12, CHUNK, log)]
    take_turns(runs, _Turns.presses, "down")  # type: ignore[arg-type]  the stand-ins have what it uses
    assert [name for name, _ in log] == ["a", "b", "c", "b", "a", "a", "b"]  # c's data ran out; who starts rotates
    assert sum(step for name, step in log if name == "a") == 12 == sum(step for name, step in log if name == "b")
    assert max(step for _, step in log) == CHUNK


class _ShortData:
    """Stands in for a terminal on data of `rows` rows: a press past the last draws nothing."""

    def __init__(self, rows: int, slow_at: int | None = None) -> None:
        self.rows, self.at, self.sent, self.slow_at = rows, 0, [], slow_at
        self.output = bytearray()

    def press(self, key: str, limit: float = 30.0) -> dict[str, float]:
        if self.at == self.slow_at:  # a press that draws, but only after the harness gave up on it (once)
            self.slow_at = None
            self.output += b"\x1b[5;1Hdrawn late"
            raise TimeoutError(key)
        if self.at + 1 >= self.rows:
            raise TimeoutError(key)
        self.at += 1
        return {"frame_ms": 1.0, "first_ms": 1.0, "settled_ms": 1.0, "bursts": 1.0}

    def drain(self, quiet: float, limit: float = 60.0) -> float:
        return 0.0

    def send(self, *keys: str, settle: float = 0.3) -> None:
        self.sent.extend(keys)
        self.at -= sum(key == "up" for key in keys)


def test_the_pty_benchmark_times_short_data_as_often_going_back_at_its_end():
    sys.path.insert(0, str(BENCH))
    try:
        from pty_bench import Driven
    finally:
        sys.path.remove(str(BENCH))
    run = Driven.__new__(Driven)  # without opening an app: the terminal is the stand-in's
    run.keys, run._came, run.term = {}, {}, _ShortData(rows=4)  # type: ignore[assignment]
    assert run.presses(5, "down", "top") and run.presses(5, "down", "top")
    assert len(run.keys["down"]["top"]["frame"]) == 10
    assert run.term.sent == ["up"] * 3 * 3  # three presses down to the end, three back, each time it came
    run.term, run._came = _ShortData(rows=1), {}  # type: ignore[assignment]  one row: nowhere to go
    assert not run.presses(5, "down", "end")
    run.term, run._came = _ShortData(rows=100, slow_at=2), {}  # type: ignore[assignment]
    run.app = SimpleNamespace(name="app")  # type: ignore[assignment]
    with pytest.raises(RuntimeError, match="drew after"):  # a slow press is not taken for the end of the data
        run.presses(5, "down", "top")
