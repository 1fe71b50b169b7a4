"""One FTS5 prefix merge at a time in a process.

FTS5 answers a prefix it has to read as a prefix ("s"*, a letter that thousands of words start
with) by merging the doclist of every such word in memory first: 20-55 MB at a million events. The
app asks several questions of one search at once, each in a thread with a connection of its own
(the match, its count, the density strip, the rank), and each made that merge beside the others:
210 MB at its peak. Every connection frontline opens is a `GatedConnection`; a statement whose
full-text query still holds a prefix waits for the one running, so the merges take turns.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontline.store.query import Search

_MERGES = threading.Lock()
STEPS = 20_000  # virtual-machine steps between two questions to `stop` (`count_unless`)
_PREFIX = re.compile(r'"\*')  # a quoted word read as a prefix: `"s"*` (a spelled-out word has no star)


def has_prefix(expression: str) -> bool:
    """Does a MATCH expression hold a word FTS5 reads as a prefix (and so merges)?"""
    return _PREFIX.search(expression) is not None


def merges(sql: str, parameters: Any) -> bool:
    """Will this statement make FTS5 merge a prefix's doclists?"""
    if "MATCH" not in sql or not isinstance(parameters, (list, tuple)):
        return False
    return any(isinstance(p, str) and has_prefix(p) for p in parameters)


class GatedConnection(sqlite3.Connection):
    """A connection whose statements that merge a prefix run one at a time across the process."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if merges(sql, parameters):
            with _MERGES:  # the merge happens in the first step, which `execute` takes
                return super().execute(sql, parameters)
        return super().execute(sql, parameters)


def count_unless(search: Search, stop: Callable[[], bool]) -> int | None:
    """The search's exact count, or None once `stop()` says it is no longer wanted (a newer search).

    An OR of hundreds of words takes seconds to count at a million events, and a thread cannot be
    stopped: SQLite asks `stop` every few thousand steps of the count instead, and gives up.
    """
    conn = search.timeline._conn()
    conn.set_progress_handler(lambda: 1 if stop() else 0, STEPS)
    try:
        return search.count()
    except sqlite3.OperationalError:
        if stop():  # "interrupted", or a table that was being opened when it was ("vtable constructor failed")
            return None
        raise
    finally:
        conn.set_progress_handler(None, 0)
