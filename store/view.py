"""A filtered view of the timeline that still answers by position, without a list of every row.

Row N of a view is found from an anchor: one pass over the matching rows keeps the `seq` of every
`STRIDE`-th of them (a million matches keep 4,000 numbers), and row N is then a short index walk
from anchor N // STRIDE. The reverse, the view position of an event, is the anchor before it plus
a count over at most `STRIDE` rows. Nothing lives in a temporary table, so any thread's connection
can answer.
"""

from __future__ import annotations

import bisect
import dataclasses
import threading
from typing import Any

from frontline.store.filters import Filters
from frontline.store.query import EVENT_SELECT, Bucket, Event, Search, Summary, Timeline

STRIDE = 256


class FilteredTimeline(Timeline):
    """The events that pass `filters`, in timeline order, asked for by their position in the view."""

    def __init__(self, base: Timeline, filters: Filters, *, hide: bool = False):
        # Share the base's connections and place book: a view is a lens, not another database.
        self.path, self._local, self.base = base.path, base._local, base
        self._names = base.names()
        self.filters = filters
        self._lock = threading.Lock()
        self._anchors: list[int] | None = None
        self._grouped: list[tuple[str, str | None, int, str, str]] | None = None
        self._count = 0
        self._where, self._args = filters.where(self._names, base.spellings_of)
        self.hides = hide
        if hide:  # the events the user hid (store.layer) stay out of the view
            self._where = f"({self._where}) AND events.id NOT IN (SELECT id FROM user_hidden)"

    def spellings_of(self, found: list[str]) -> list[list[str]]:
        return self.base.spellings_of(found)

    def _ensure(self) -> list[int]:
        with self._lock:
            if self._anchors is None:
                sql = (
                    f"SELECT seq, rn FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM events "
                    f"WHERE {self._where}) WHERE rn % {STRIDE} = 1 OR rn = 1"
                )
                self._anchors = [seq for seq, _ in self._conn().execute(sql, self._args)]
                count = f"SELECT count(*) FROM events WHERE {self._where}"
                self._count = self._conn().execute(count, self._args).fetchone()[0]
            return self._anchors

    def count(self) -> int:
        self._ensure()
        return self._count

    def _at(self, pos: int, limit: int) -> list[tuple]:
        anchors = self._ensure()
        if pos < 0 or pos >= self._count or limit <= 0:
            return []
        anchor = anchors[pos // STRIDE]
        sql = f"{EVENT_SELECT} WHERE {self._where} AND seq >= ? ORDER BY seq LIMIT ? OFFSET ?"
        return self._conn().execute(sql, (*self._args, anchor, limit, pos % STRIDE)).fetchall()

    def rows(self, start: int, limit: int) -> list[Event]:
        start = max(start, 0)
        return [dataclasses.replace(Event.from_row(r), pos=start + i) for i, r in enumerate(self._at(start, limit))]

    def seq_at(self, pos: int) -> int | None:
        rows = self._at(pos, 1)
        return rows[0][0] if rows else None

    def position_of_seq(self, seq: int) -> int:
        """The view position of the first matching event at or after timeline row `seq`."""
        anchors = self._ensure()
        index = bisect.bisect_right(anchors, seq) - 1
        if index < 0:
            return 0
        sql = f"SELECT count(*) FROM events WHERE {self._where} AND seq >= ? AND seq < ?"
        before = self._conn().execute(sql, (*self._args, anchors[index], seq)).fetchone()[0]
        return min(index * STRIDE + before, max(self._count - 1, 0))

    def event(self, pos: int) -> Event | None:
        rows = self.rows(pos, 1)
        return rows[0] if rows else None

    def position_of_date(self, iso: str) -> int:
        sql = "SELECT seq FROM events WHERE date_start >= ? ORDER BY date_start, seq LIMIT 1"
        row = self._conn().execute(sql, (iso,)).fetchone()
        if row is None:
            return max(self.count() - 1, 0)
        return self.position_of_seq(row[0])

    def _groups(self) -> list[tuple[str, str | None, int, str, str]]:
        """One pass over the view: (bucket, dataset, events, first start, last end), in timeline order.
        The buckets and the summary both come from it, so opening a view scans it once for them."""
        with self._lock:
            if self._grouped is None:
                sql = (
                    "SELECT bucket, dataset, count(*), min(date_start), max(date_end) FROM events "
                    f"WHERE {self._where} GROUP BY bucket, dataset ORDER BY min(seq)"
                )
                self._grouped = [tuple(r) for r in self._conn().execute(sql, self._args)]
            return self._grouped

    def buckets(self) -> list[Bucket]:
        counts: dict[str, int] = {}
        for key, _, count, _, _ in self._groups():
            counts[key] = counts.get(key, 0) + count
        buckets, first = [], 0
        for key, count in counts.items():
            buckets.append(Bucket(key, first, count))
            first += count
        return buckets

    def summary(self) -> Summary:
        groups = self._groups()
        first = min((g[3] for g in groups), default=None)
        last = max((g[4] for g in groups), default=None)
        names = sorted({g[1] for g in groups if g[1] is not None})
        return Summary(sum(g[2] for g in groups), first, last, names)

    def search(self, text: str) -> Search | None:
        found = self.base.search(text)
        return None if found is None else FilteredSearch(self, found)

    def where(self) -> tuple[str, list[Any]]:
        return self._where, list(self._args)


class FilteredSearch(Search):
    """Matches of a search among the events a view shows, by view position."""

    def __init__(self, view: FilteredTimeline, found: Search):
        # The base's walk and tally say the same as its match, faster (see `Search`); its count is of
        # every event, not this view's, so it is not taken.
        super().__init__(view, found.text, found.match, found.terms, walk=found.walk, tally=found.tally)
        self.view = view

    def _matching(self, condition: str, order: str, *args: Any) -> int | None:
        sql = (
            f"SELECT seq FROM events WHERE {self.view._where} AND seq IN "
            f"(SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND {condition}) ORDER BY seq {order} LIMIT 1"
        )
        row = self.view._conn().execute(sql, (*self.view._args, self.walk, *args)).fetchone()
        return None if row is None else self.view.position_of_seq(row[0])

    def count(self) -> int:
        if self._count is None:
            sql = (
                f"SELECT count(*) FROM events WHERE {self.view._where} AND seq IN "
                "(SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
            )
            self._count = self.view._conn().execute(sql, (*self.view._args, self.tally)).fetchone()[0]
        return self._count

    def count_at_most(self, limit: int) -> int:
        """The count in this view, read no further than `limit` matches (the base's would count every event)."""
        if self._count is not None:
            return min(self._count, limit)
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM events WHERE {self.view._where} AND seq IN "
            "(SELECT rowid FROM events_fts WHERE events_fts MATCH ?) LIMIT ?)"
        )
        found = self.view._conn().execute(sql, (*self.view._args, self.walk, limit)).fetchone()[0]
        if found < limit:
            self._count = found
        return found

    def first_at_or_after(self, pos: int) -> int | None:
        seq = self.view.seq_at(pos)
        return None if seq is None else self._matching("rowid >= ?", "ASC", seq)

    def prev(self, pos: int) -> int | None:
        seq = self.view.seq_at(pos)
        return None if seq is None else self._matching("rowid < ?", "DESC", seq)

    def matches_in(self, start: int, stop: int) -> set[int]:
        events = self.view.rows(start, stop - start)
        if not events:
            return set()
        seqs = self._seqs_matching([e.id for e in events])
        return {e.pos for e in events if e.id in seqs}

    def _seqs_matching(self, ids: list[str]) -> set[str]:
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT id FROM events WHERE id IN ({marks}) AND seq IN "
            "(SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
        )
        return {r[0] for r in self.view._conn().execute(sql, (*ids, self.walk))}

    def rank(self, pos: int) -> int:
        seq = self.view.seq_at(pos)
        if seq is None:
            return self.count()
        sql = (
            f"SELECT count(*) FROM events WHERE {self.view._where} AND seq <= ? AND seq IN "
            "(SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
        )
        return self.view._conn().execute(sql, (*self.view._args, seq, self.walk)).fetchone()[0]

    def page(self, after: int = -1, limit: int = 50) -> list[Event]:
        found: list[Event] = []
        pos = self.first_at_or_after(after + 1) if after + 1 < self.view.count() else None
        while pos is not None and len(found) < limit:
            event = self.view.event(pos)
            if event is None:
                break
            found.append(event)
            pos = self.next(pos)
        return found
