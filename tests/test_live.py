"""One database, several processes: loads while the app is open, loads during loads, readers during a load.

Another process holds the write lock (as a load does for its whole run) or loads for real; nothing
here is timed: the tests wait for what must happen and check that nothing crashed or was lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from tui_helpers import settle

from frontline.store.live import DatabaseBusy, Watcher, begin_write, retry_busy, writer_active
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp

sys.path.insert(0, str(REPO / "tests" / "benchmarks"))
from generate import generate

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def frontline(*args: str) -> list[str]:
    return [sys.executable, "-m", "frontline.tui", *args]


class WriteLock:
    """Another process holding the database's write lock, as a load does, until released."""

    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "holding"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            self.process.wait(30)


@pytest.fixture
def csvs(tmp_path: Path) -> tuple[Path, Path]:
    """The same 3,000 synthetic events as a CSV, and a CSV of their first 2,000."""
    full = generate(3000, tmp_path / "full.csv", seed=5)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "part.csv"
    part.write_text("".join(lines[:2001]), encoding="utf-8")
    return part, full


def wait_for(condition, limit: float = 60.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < limit, "never happened"
        time.sleep(0.05)


# -- the store ----------------------------------------------------------------------------------


def test_watcher_says_nothing_while_idle_and_what_another_load_brought(tmp_path: Path, csvs):
    part, full = csvs
    db = tmp_path / "w.db"
    load_files(db, [part])
    watcher = Watcher(Timeline(db))
    assert watcher.poll() is None and watcher.poll() is None
    load_files(db, [full])  # another connection: counts as another process
    change = watcher.poll()
    assert change is not None and change.events_changed and change.new == 1000
    assert change.describe() == "1,000 new events"  # the rows loaded before are unchanged, coordinates too
    assert watcher.poll() is None
    Timeline(db).toggle_mark(Timeline(db).event(0).id)
    marks = watcher.poll()
    assert marks is not None and marks.marks_changed and not marks.events_changed


def test_a_write_waits_for_the_lock_and_says_so_once(tmp_path: Path, csvs):
    db = tmp_path / "m.db"
    load_files(db, [csvs[0]])
    timeline = Timeline(db)
    ident = timeline.event(0).id
    lock = WriteLock(db)
    told = []

    def on_wait() -> None:
        told.append(True)
        lock.release()  # the load finishes while the mark waits

    assert retry_busy(lambda: timeline.toggle_mark(ident), on_wait) is True
    assert told == [True] and timeline.marked([ident]) == {ident}


def test_a_writer_that_never_lets_go_is_reported_not_crashed(tmp_path: Path, csvs):
    db = tmp_path / "b.db"
    load_files(db, [csvs[0]])
    lock = WriteLock(db)
    try:
        assert writer_active(db)
        conn = sqlite3.connect(str(db), isolation_level=None)
        with pytest.raises(DatabaseBusy, match="another process"):
            begin_write(conn, wait_s=0.2)
        timeline = Timeline(db)
        with pytest.raises(DatabaseBusy):
            retry_busy(lambda: timeline.toggle_mark("x"), wait_s=0.0)
        assert timeline.count() == 2000  # reading never waits
    finally:
        lock.release()
    assert not writer_active(db)


# -- the command line -------------------------------------------------------------------------


def test_a_second_load_waits_for_the_first_and_says_so(tmp_path: Path, csvs):
    part, full = csvs
    db = tmp_path / "two.db"
    load_files(db, [part])
    lock = WriteLock(db)
    second = subprocess.Popen(frontline("load", "--db", str(db), str(full)), stderr=subprocess.PIPE, text=True)
    assert second.stderr is not None
    assert "Waiting for another process to finish writing" in second.stderr.readline()
    lock.release()
    assert second.wait(120) == 0
    assert Timeline(db).count() == 3000


def test_readers_never_wait_for_a_load_into_a_new_file(tmp_path: Path, csvs):
    db = tmp_path / "new.db"
    big = generate(20_000, tmp_path / "big.csv", seed=8)
    loader = subprocess.Popen(frontline("load", "--db", str(db), str(big)), stderr=subprocess.PIPE, text=True)
    wait_for(db.exists)
    readers = 0
    while loader.poll() is None or readers < 2:
        for command in (("list", "--db", str(db), "--limit", "3"), ("search", "--db", str(db), "shelling")):
            done = subprocess.run(frontline(*command), capture_output=True, text=True, timeout=60)
            assert done.returncode in (0, 1), done.stderr  # 1: nothing there yet, as grep says it
            assert done.returncode == 0 or "nothing found" in done.stderr
            assert "locked" not in done.stderr + done.stdout
        readers += 1
    assert loader.wait() == 0, loader.stderr.read() if loader.stderr else ""
    assert Timeline(db).count() == 20_000


# -- the app ----------------------------------------------------------------------------------


async def test_the_open_app_follows_a_load_while_it_scrolls_marks_and_searches(tmp_path: Path, csvs):
    part, full = csvs
    db = tmp_path / "live.db"
    load_files(db, [part])
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lock = WriteLock(db)  # a load holds the write lock for its whole run
        loader = subprocess.Popen(frontline("load", "--db", str(db), str(full)), stderr=subprocess.PIPE, text=True)
        try:
            await pilot.press("down", "down", "pagedown")
            await pilot.pause()
            marked = app.view.event_at(app.view.cursor)
            assert marked is not None
            await pilot.press("m")  # the mark waits for the load
            await pilot.pause(0.2)
            await pilot.press("slash", *"shel")
            await pilot.pause(0.2)
            await pilot.press("escape", "down")
            await pilot.pause()
        finally:
            lock.release()  # the load goes on while the app scrolls
        for _ in range(5):
            await pilot.press("pagedown", "up")
            await pilot.pause(0.05)
        assert loader.wait(120) == 0
        on = app.view.event_at(app.view.cursor)
        assert on is not None
        for _ in range(400):  # the poll comes within a second or so
            await pilot.pause(0.05)
            if app.summary.count == 3000:
                break
        await settle(pilot)
        assert app.summary.count == 3000 and app.view.lines.count == 3000
        assert app.view.event_at(app.view.cursor).id == on.id  # the cursor stayed on its event
        assert Timeline(db).marked([marked.id]) == {marked.id}  # the mark waited, and was saved
        await pilot.press("G")
        await settle(pilot)
        last = Timeline(db).event(2999)
        assert app.view.event_at(app.view.cursor).id == last.id
        assert ("month", last.date_start[:7]) in {header[:2] for header in app.view.lines.headers.values()}
        app.start_search(last.title)
        await settle(pilot, rounds=2)
        assert app.match_count and app.view.event_at(app.view.cursor).title == last.title
        assert app.is_running


async def test_a_load_seen_under_another_screen_shows_once_it_closes(tmp_path: Path, csvs):
    part, full = csvs
    db = tmp_path / "help.db"
    load_files(db, [part])
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        load_files(db, [full])  # another connection, as another process
        for _ in range(60):  # polls come and go while the help is up
            await pilot.pause(0.05)
        assert app.is_running and app.summary.count == 2000
        await pilot.press("escape")
        for _ in range(400):
            await pilot.pause(0.05)
            if app.summary.count == 3000:
                break
        await settle(pilot)
        assert app.summary.count == 3000 and app.view.lines.count == 3000
        await pilot.press("r")  # by hand, with nothing new: says so
        await settle(pilot)
        assert app.summary.count == 3000 and app.is_running
