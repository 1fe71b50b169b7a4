"""One database, several processes: an open app, a load, a `list` or `search` at the same time.

The database is in WAL mode, so readers never wait for a writer and a writer never waits for
readers; only two writers wait for each other. A load holds the write lock for as long as it runs
(every load is one transaction), so:

* a load that finds another writing waits for it (`begin_write`, up to `LOAD_WAIT_S`), and says so
  first (`writer_active` lets the command tell the person before it waits);
* a small write from the app (a mark) that finds a load running retries until it goes through
  (`retry_busy`), telling the app once that it is waiting;
* an open app notices another process's commit with `PRAGMA data_version`, a read of a counter in
  shared memory that costs nothing, and asks what changed (`Watcher`).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from frontline.store.query import Timeline

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
"""How long any statement waits for a lock before SQLite says it is busy (every connection)."""
LOAD_WAIT_S = 3600
"""How long a load waits for another process's write (a load of millions of rows takes minutes)."""
WRITE_WAIT_S = 3600
"""How long the app's own small writes keep retrying while a load runs."""


class DatabaseBusy(Exception):
    """Another process held the write lock for longer than we would wait."""


def is_busy(exc: BaseException) -> bool:
    """Is this SQLite's "database is locked" (or busy): another connection holds the lock?"""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _path_of(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"


def writer_active(path: Path | str) -> bool:
    """Is another connection writing to this database right now (holding its write lock)?"""
    if not Path(path).exists():
        return False
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return is_busy(exc)
    finally:
        conn.close()


def begin_write(conn: sqlite3.Connection, wait_s: float = LOAD_WAIT_S) -> None:
    """BEGIN IMMEDIATE, waiting up to `wait_s` for another process's write to finish first."""
    conn.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise DatabaseBusy(
                f"{_path_of(conn)}: another process has been writing to this database for over "
                f"{wait_s / 60:.0f} minutes; nothing was loaded. Try again when it has finished."
            ) from None
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def retry_busy(call: Callable[[], T], on_wait: Callable[[], object] | None = None, wait_s: float = WRITE_WAIT_S) -> T:
    """`call()`, again and again while the database is locked by another writer (each try already waits
    `BUSY_TIMEOUT_MS`); `on_wait` is told once, on the first refusal. Raises DatabaseBusy after `wait_s`."""
    start, told = time.monotonic(), False
    while True:
        try:
            return call()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() - start >= wait_s:
                raise DatabaseBusy("another process is still writing to the database") from None
            if not told and on_wait is not None:
                told = True
                on_wait()
            time.sleep(0.2)


@dataclasses.dataclass(frozen=True)
class Generation:
    """What a commit may have changed: the events (their number and the last load) and the marks."""

    events: int
    last_load: int
    marks: int


@dataclasses.dataclass(frozen=True)
class Change:
    """Another process committed: how the database differs from what the app last saw."""

    before: Generation
    after: Generation
    new: int
    """Events the loads since added."""
    updated: int
    """Events the loads since changed."""

    @property
    def events_changed(self) -> bool:
        return (self.before.events, self.before.last_load) != (self.after.events, self.after.last_load)

    @property
    def marks_changed(self) -> bool:
        return self.before.marks != self.after.marks

    def describe(self) -> str:
        """'12 new events', '3 events updated', '12 new events, 3 updated', or 'The database changed'."""
        if self.new and self.updated:
            return f"{self.new:,} new event{'s' if self.new != 1 else ''}, {self.updated:,} updated"
        if self.new:
            return f"{self.new:,} new event{'s' if self.new != 1 else ''}"
        if self.updated:
            return f"{self.updated:,} event{'s' if self.updated != 1 else ''} updated"
        return "The database changed"


class Watcher:
    """Tells when another connection has committed to a timeline's database, and what changed.

    `poll()` reads `PRAGMA data_version` on the caller's connection (one per thread): that number
    moves only when another connection commits, so polling it once a second costs nothing while
    nothing happens. Commits from this process's other threads (the app's worker that writes a mark)
    count as another connection's too.
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._version = self._data_version()
        self.generation = self.read()

    def _data_version(self) -> int:
        return int(self.timeline._conn().execute("PRAGMA data_version").fetchone()[0])

    def read(self) -> Generation:
        sql = (
            "SELECT (SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(id), 0) FROM loads), "
            "(SELECT count(*) FROM marks)"
        )
        return Generation(*self.timeline._conn().execute(sql).fetchone())

    def seen(self) -> None:
        """Take the database as it is now as seen: the app's own write (an edit, an added event) is no
        news from another process."""
        self._version = self._data_version()
        self.generation = self.read()

    def poll(self, force: bool = False) -> Change | None:
        """What changed since the last poll (None: nothing committed since); `force` compares even so."""
        version = self._data_version()
        if version == self._version and not force:
            return None
        self._version = version
        before, after = self.generation, self.read()
        self.generation = after
        if after == before:
            return None
        sql = "SELECT coalesce(sum(new), 0), coalesce(sum(updated), 0) FROM loads WHERE id > ?"
        new, updated = self.timeline._conn().execute(sql, (before.last_load,)).fetchone()
        return Change(before, after, new, updated)
