"""Disks and foreign files (issue 17): a full disk says so and changes nothing; a database on read-only
media is read; a foreign file that claims a frontline schema version is refused as foreign; a first run
killed half way leaves nothing behind after the next run."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_helpers import settle

from frontline.store import load as load_module
from frontline.store.load import load_records
from frontline.store.schema import connect
from frontline.tui.app import FrontlineApp
from frontline.tui.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def big_csv(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("id,date,title,place,summary\n")
        handle.writelines(
            f"b{i},2021-{i % 12 + 1:02d}-{i % 28 + 1:02d},Event {i},Place {i % 500},A summary that takes room {i}\n"
            for i in range(rows)
        )
    return path


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "before.db"
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Already here"}], dataset="seed")
    return db


def test_a_full_database_says_disk_full_and_keeps_what_it_had(tmp_path, loaded_db, monkeypatch):
    """SQLite's own limit on pages gives the same SQLITE_FULL as a full disk, without a disk to fill."""

    def small_connect(path):
        db = connect(path)
        db.execute("PRAGMA max_page_count = 40")
        return db

    monkeypatch.setattr(load_module, "connect", small_connect)
    before = loaded_db.read_bytes()
    result = run("load", str(big_csv(tmp_path / "big.csv", 20_000)), "--db", str(loaded_db))
    expected = f"frontline: {loaded_db}: disk full: nothing was written, the database is as it was; free some space\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert loaded_db.read_bytes() == before


@contextlib.contextmanager
def small_disk(where: Path, size: str = "3m"):
    """A tmpfs of a few megabytes (root only; the test is skipped where mounting is not allowed)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root, or not allowed)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_says_disk_full_and_keeps_the_database(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "f.db"
        load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Already here"}], dataset="seed")
        before = db.read_bytes()
        result = run("load", str(big_csv(tmp_path / "big.csv", 60_000)), "--db", str(db))
        expected = f"frontline: {db}: disk full: nothing was written, the database is as it was; free some space\n"
        assert (result.exit_code, result.stderr) == (2, expected)
        assert db.read_bytes() == before
        with contextlib.closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_read_command_works_on_read_only_media(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "ro.db"
        load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Already here", "place": "Saraqeb"}], "seed")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for args in (["list"], ["search", "already"], ["stats"], ["export", "--format", "jsonl"]):
            result = run(*args, "--db", str(db))
            assert result.exit_code == 0, (args, result.stderr)
            assert "Already here" in result.output or args == ["stats"]
        new = tmp_path / "new.csv"
        new.write_text("date,title\n2020-01-01,New\n", encoding="utf-8")
        result = run("load", str(new), "--db", str(db))
        assert result.exit_code == 2
        assert "read-only here" in result.stderr and result.stderr.count("\n") == 1
        assert asyncio.run(_mark_in_the_app(db)) == "Not marked: the database is read-only here"


async def _mark_in_the_app(db: Path) -> str:
    """The app reads a read-only database, and `m` (a write) says why it cannot mark, without a crash."""
    app = FrontlineApp(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app.view.event_at(0) is not None and app.view.event_at(0).title == "Already here"
        await pilot.press("m")
        await settle(pilot, 0.1)
        assert app.is_running
        return [n.message for n in app._notifications][-1]


@pytest.mark.parametrize("version", [2, 3, 4])
def test_a_foreign_file_with_our_version_number_is_refused_as_foreign(tmp_path, version):
    db = tmp_path / "foreign.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT, happened TEXT)")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
    before = db.read_bytes()
    new = tmp_path / "new.csv"
    new.write_text("date,title\n2020-01-01,New\n", encoding="utf-8")
    for args in (["list"], ["search", "x"], ["load", str(new)], []):
        result = run(*args, "--db", str(db))
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"frontline: {db}: not a frontline database (it has no events_fts, buckets")
    assert db.read_bytes() == before


def test_a_first_run_killed_while_it_builds_leaves_nothing_after_the_next(tmp_path):
    db = tmp_path / "first.db"
    partials: list[Path] = []
    for _attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "frontline.tui", "list"], env={**os.environ, "FRONTLINE_DB": str(db)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=Path(__file__).parents[1],
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            partials = list(tmp_path.glob(".first.db.*.partial*"))
            if any(p.name.endswith("-wal") for p in partials):
                break  # the built-in events are going in: the .partial, its -wal and -shm are there
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if partials and not db.exists():
            break
        db.unlink(missing_ok=True)
    names = [p.name for p in partials]
    assert any(n.endswith(".partial") for n in names) and any(n.endswith("-wal") for n in names), names
    result = CliRunner().invoke(main, ["list"], env={"FRONTLINE_DB": str(db)})  # the first run is the default one
    assert result.exit_code == 0 and "Maarat" in result.output
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "first.db" in left and not [n for n in left if "partial" in n], left
