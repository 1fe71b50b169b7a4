"""The door between the data and everything that shows it: the TUI, the CLI and the tests ask here.

A `Timeline` answers by position (row N of the timeline is `seq = N + 1`, one index lookup), so a
view never needs every event in memory. It keeps one SQLite connection per thread, so the same
object can be used from the UI thread and from worker threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline.store.canon import Names, facet_sql
from frontline.store.categories import canonical as canonical_category
from frontline.store.filters import Filters
from frontline.store.fts import TALLY_OR_LIMIT, Speller, expression, fts_able
from frontline.store.match_months import MonthCount, month_parts
from frontline.store.merges import has_prefix
from frontline.store.models import EVENT_SELECT, Bucket, Era, Event, Stats, Summary
from frontline.store.querylang import Node, QueryError, Text, conjuncts, is_text, parse, positive_words
from frontline.store.schema import FTS_COLUMNS, SchemaError, open_database
from frontline.store.words import words

if TYPE_CHECKING:
    from frontline.store.layer import Layer

READ_CACHE_KIB = -512  # a reading connection's page cache: one a thread, and the OS caches the file anyway
FACETS = ("category", "actor", "place", "admin1", "precision", "dataset", "tag")


def fts_query(text: str, spellings: list[list[str]] | None = None) -> tuple[str, list[str]] | None:
    """Words typed in the query language as an FTS5 query (every word quoted and a prefix) and the
    words it looks for; None when there are none. `spellings` are other names for the whole text
    (a town's other spellings), matched as exact phrases as well. Raises QueryError for anything
    that is not a search for words.
    """
    node = _words_only(text)
    if node is None:
        return None
    every = positive_words(node)
    others = [s for s in spellings or [] if s and s != every]
    query = expression(node, spellings=(lambda found: others if found == every else []) if others else None)
    return query, list(dict.fromkeys(every + [w for s in others for w in s]))


def _words_only(text: str) -> Node | None:
    """The tree of a search for words; a QueryError, pointing at it, for a term that is not one."""
    node = parse(text)
    for term in conjuncts(node):
        if not is_text(term):
            raise QueryError("only words here: filters narrow the view, not the search", text, term.at + 1)
    if node is not None and not fts_able(node):
        raise QueryError("a search needs a word to look for, not only words to leave out", text, node.at + 1)
    return node


class Search:
    """The matches of one query, asked for by position so that a million matches cost nothing up front.

    `match` is the query as typed (every word a prefix). `walk` says the same with each prefix
    spelled out as the indexed words it stands for (see `store.fts.Speller`): FTS5 reads those
    lazily in timeline order, so the questions that stop early (the next match, a page, the matches
    on screen) cost the same at the end of a million events as at the start. A count reads every
    match: `tally` is whichever form of the query FTS5 counts faster.
    """

    def __init__(
        self, timeline: Timeline, text: str, match: str, terms: list[str], *, walk: str | None = None,
        tally: str | None = None, count: int | None = None,
    ) -> None:  # fmt: skip
        self.timeline, self.text, self.match, self.terms = timeline, text, match, terms
        self.walk = walk or match
        self.tally = tally or match
        self._count: int | None = count

    @property
    def every(self) -> str:
        """The form to read every match as a set in (the strip, the facets): the walk when it has no prefix
        left, which FTS5 reads lazily (the months of "s"* at 1M: 1.9 s and 7 MB; as a prefix 2.4 s, 25 MB)."""
        return self.tally if has_prefix(self.walk) else self.walk

    def _one(self, sql: str, *args: Any) -> int | None:
        row = self.timeline._conn().execute(sql, (self.walk, *args)).fetchone()
        return None if row is None or row[0] is None else row[0] - 1

    def count(self) -> int:
        if self._count is None:
            sql = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?"
            self._count = self.timeline._conn().execute(sql, (self.tally,)).fetchone()[0]
        return self._count

    @property
    def counted(self) -> bool:
        """Is the exact count known (from the terms table, or read already)?"""
        return self._count is not None

    def count_at_most(self, limit: int) -> int:
        """The count, but reading no further than `limit` matches: a header can say "10,000+" at once
        and the exact count follow (a word in most of a million events takes 50-200 ms to count)."""
        if self._count is not None:
            return min(self._count, limit)
        sql = "SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ?)"
        found = self.timeline._conn().execute(sql, (self.walk, limit)).fetchone()[0]
        if found < limit:
            self._count = found
        return found

    def first_at_or_after(self, pos: int) -> int | None:
        sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid >= ? ORDER BY rowid LIMIT 1"
        return self._one(sql, pos + 1)

    def next(self, pos: int) -> int | None:
        return self.first_at_or_after(pos + 1)

    def prev(self, pos: int) -> int | None:
        sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT 1"
        return self._one(sql, pos + 1)

    def matches_in(self, start: int, stop: int) -> set[int]:
        sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid > ? AND rowid <= ?"
        return {r[0] - 1 for r in self.timeline._conn().execute(sql, (self.walk, start, stop))}

    def rank(self, pos: int) -> int:
        sql = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ? AND rowid <= ?"
        return self.timeline._conn().execute(sql, (self.walk, pos + 1)).fetchone()[0]

    def page(self, after: int = -1, limit: int = 50) -> list[Event]:
        """Matching events after position `after`, in timeline order."""
        sql = (
            f"{EVENT_SELECT} WHERE seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid > ? "
            "ORDER BY rowid LIMIT ?) ORDER BY seq"
        )
        rows = self.timeline._conn().execute(sql, (self.walk, after + 1, limit))
        return [Event.from_row(r) for r in rows]


class Timeline:
    """The events of one database in timeline order, asked for by position."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        self._names: Names | None = None
        self._spelled: dict[tuple[str, ...], list[list[str]]] = {}
        self._conn()  # open (and upgrade) now, so a bad file fails here rather than in a worker

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = open_database(self.path).conn
            conn.execute(f"PRAGMA cache_size = {READ_CACHE_KIB}")
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def forget(self) -> None:
        """Drop what was read once and kept (the places, their spellings, the actors): another process has loaded."""
        self._names = None
        self._spelled = {}

    def count(self) -> int:
        row = self._conn().execute("SELECT max(seq) FROM events").fetchone()
        return row[0] or 0

    def rows(self, start: int, limit: int) -> list[Event]:
        start = max(start, 0)
        sql = f"{EVENT_SELECT} WHERE seq > ? AND seq <= ? ORDER BY seq"
        return [Event.from_row(r) for r in self._conn().execute(sql, (start, start + max(limit, 0)))]

    def event(self, pos: int) -> Event | None:
        rows = self.rows(pos, 1)
        return rows[0] if rows else None

    def event_by_id(self, ident: str) -> Event | None:
        row = self._conn().execute(f"{EVENT_SELECT} WHERE id = ?", (ident,)).fetchone()
        return Event.from_row(row) if row else None

    def position_of_date(self, iso: str) -> int:
        """The first event that starts on or after a day, else the last event.

        Along the timeline `date_start` never decreases, so the date index answers this directly.
        """
        sql = "SELECT seq FROM events WHERE date_start >= ? ORDER BY date_start, seq LIMIT 1"
        row = self._conn().execute(sql, (iso,)).fetchone()
        return row[0] - 1 if row else max(self.count() - 1, 0)

    def buckets(self) -> list[Bucket]:
        sql = "SELECT bucket, first_seq, count FROM buckets ORDER BY first_seq"
        return [Bucket(key, first - 1, count) for key, first, count in self._conn().execute(sql)]

    def summary(self) -> Summary:
        conn = self._conn()
        first = conn.execute("SELECT date_start FROM events WHERE seq = 1").fetchone()
        last = conn.execute("SELECT max(last_end) FROM buckets").fetchone()
        datasets = [r[0] for r in conn.execute("SELECT name FROM datasets ORDER BY count DESC, name")]
        return Summary(self.count(), first[0] if first else None, last[0], datasets)

    def names(self) -> Names:
        """The canonical places and actors of this database (read once per timeline)."""
        if self._names is None:
            self._names = Names(self._conn())
        return self._names

    def spellings(self, text: str) -> list[list[str]]:
        """Every spelling of the place a query names, when it names one (Saraqeb is Saraqib and Saraqab)."""
        return self.spellings_of(words(text))

    def spellings_of(self, found: list[str]) -> list[list[str]]:
        """Every spelling of the place these indexed words name, if they name one (as words, each once)."""
        key = tuple(found)
        if key not in self._spelled:
            every = [words(s) for s in self.names().spellings_of_words(found)] if found else []
            self._spelled[key] = [w for i, w in enumerate(every) if w and w not in every[:i]]
        return self._spelled[key]

    def search(self, text: str) -> Search | None:
        """The matches of words typed in the query language (prefixes, "phrases", OR, -excluded), None
        for no words. Raises QueryError, pointing at the character, for what it cannot read."""
        node = _words_only(text)
        if node is None:
            return None
        named: list[list[str]] = []

        def spellings(found: list[str]) -> list[list[str]]:
            others = [s for s in self.spellings_of(found) if s and s != found]
            named.extend(others)
            return others

        match = expression(node, spellings=spellings)
        speller = Speller(self._conn())
        walk = expression(node, speller, self.spellings_of) if speller.available else match
        count = None
        if isinstance(node, Text) and not node.phrase and len(node.words) == 1 and not named and speller.available:
            spelled = speller.spell(node.words[0])
            if spelled == []:
                count = 0  # no indexed word starts with it
            elif spelled is not None and len(spelled) == 1:
                count = speller.docs[spelled[0]]
        # A prefix counts faster than an OR of many words but is merged in memory (20-50 MB at 1M): see merges.
        tally = walk if speller.widest <= TALLY_OR_LIMIT or not has_prefix(walk) else match
        terms = list(dict.fromkeys(positive_words(node) + [w for s in named for w in s]))
        return Search(self, text, match, terms, walk=walk, tally=tally, count=count)

    def between(
        self, start: str | None = None, end: str | None = None, category: str | None = None, limit: int | None = None
    ) -> list[Event]:
        """Events that overlap [start, end] (ISO days), optionally of one category, in timeline order."""
        clauses, args = [], []
        if start:
            clauses.append("date_end >= ?")
            args.append(start)
        if end:
            clauses.append("date_start <= ?")
            args.append(end)
        if category:
            clauses.append("category IN (? COLLATE NOCASE, ? COLLATE NOCASE)")
            args += [category, canonical_category(category) or category]
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{EVENT_SELECT}{where} ORDER BY seq LIMIT ?"
        rows = self._conn().execute(sql, (*args, -1 if limit is None else limit))
        return [Event.from_row(r) for r in rows]

    def stats(self) -> Stats:
        """Events and figures of this view by year and by category. Running totals are never summed
        with incident figures: they are listed apart, as the tallies they are."""
        conn = self._conn()
        where, args = self.where()

        def grouped(key: str) -> list[tuple]:
            sql = (
                f"SELECT {key} AS k, count(*), sum(CASE WHEN running_total THEN NULL ELSE fatalities END), "
                f"sum(CASE WHEN running_total THEN NULL ELSE displaced END) FROM events WHERE {where} "
                "GROUP BY k ORDER BY k"
            )
            return [tuple(r) for r in conn.execute(sql, args)]

        totals_sql = f"{EVENT_SELECT} WHERE ({where}) AND running_total ORDER BY seq"
        return Stats(
            # in date order ('0602' before '2019'), named as years are written ('602')
            by_year=[(str(int(k)), *rest) for k, *rest in grouped("substr(date_start, 1, 4)")],
            by_category=grouped("coalesce(category, '')"),
            running_totals=[Event.from_row(r) for r in conn.execute(totals_sql, args)],
        )

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition this view puts on `events` (none: the whole timeline)."""
        return "1", []

    def filtered(self, filters: Filters, *, show_hidden: bool = False) -> Timeline:
        """The same timeline through filters: positions count only the events that pass. Events the
        user hid (store.layer) are left out unless `show_hidden`."""
        from frontline.store.view import FilteredTimeline

        hide = not show_hidden and self.has_hidden()
        # mypy reads this file as `store.query` (the folder) and view.py's base as `frontline.store.query`
        # (the installed name): one class under two names, which only the type checker sees.
        return FilteredTimeline(self, filters, hide=hide) if filters or hide else self  # type: ignore[arg-type,return-value]

    def has_hidden(self) -> bool:
        return bool(self._conn().execute("SELECT EXISTS (SELECT 1 FROM user_hidden)").fetchone()[0])

    def layer(self) -> Layer:
        """The user's layer of this database: corrections, tags, notes, hidden events, history."""
        from frontline.store.layer import Layer

        layer = getattr(self._local, "layer", None)
        if layer is None:
            layer = self._local.layer = Layer(self.path)
        return layer

    def month_parts(self, search: Search | None = None) -> list[MonthCount]:
        """A `MonthCount` (dated events apart from the year's own) for every month with events in this view
        (and of a search, when given), in order (`store.match_months`, which counts a search's months too)."""
        return month_parts(self._conn(), self.where(), search.every if search is not None else None)

    def facets(self, name: str, search: Search | None = None, limit: int = 100) -> list[tuple[str, int]]:
        """How many events of this view (and of a search, when given) have each value of a field, most first."""
        if name not in FACETS:
            raise ValueError(f"no facet {name!r} (known: {', '.join(FACETS)})")
        where, args = self.where()
        if search is not None:
            where += " AND seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
            args = [*args, search.every]
        sql = facet_sql(name, where)
        return [tuple(r) for r in self._conn().execute(sql, (*args, limit))]

    def toggle_mark(self, event_id: str) -> bool:
        """Mark or unmark an event (kept in the database); True when it is now marked."""
        conn = self._conn()
        if conn.execute("DELETE FROM marks WHERE id = ?", (event_id,)).rowcount:
            return False
        conn.execute("INSERT INTO marks (id, marked_at) VALUES (?, datetime('now'))", (event_id,))
        return True

    def marked(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        sql = f"SELECT id FROM marks WHERE id IN ({', '.join('?' * len(ids))})"
        return {r[0] for r in self._conn().execute(sql, ids)}

    def next_mark(self, pos: int) -> int | None:
        """The position of the first marked event after `pos` in this view, if any."""
        here = self.seq_at(pos)
        if here is None:
            return None
        where, args = self.where()
        sql = f"SELECT seq FROM events WHERE {where} AND seq > ? AND id IN (SELECT id FROM marks) ORDER BY seq LIMIT 1"
        row = self._conn().execute(sql, (*args, here)).fetchone()
        return None if row is None else self.position_of_seq(row[0])

    def seq_at(self, pos: int) -> int | None:
        """The timeline row (`seq`) of the event at a position of this view."""
        return pos + 1 if 0 <= pos < self.count() else None

    def position_of_id(self, event_id: str) -> int | None:
        row = self._conn().execute("SELECT seq FROM events WHERE id = ?", (event_id,)).fetchone()
        return None if row is None else self.position_of_seq(row[0])

    def position_of_seq(self, seq: int) -> int:
        return seq - 1

    def eras(self) -> list[Era]:
        sql = "SELECT id, title, date_start, date_end, precision, summary, sources FROM eras ORDER BY date_start, date_end"
        return [
            Era(i, t, s, e, p, summ, json.loads(src or "[]")) for i, t, s, e, p, summ, src in self._conn().execute(sql)
        ]

    def eras_at(self, start: str, end: str | None = None) -> list[Era]:
        """The eras a date (or span) falls in."""
        end = end or start
        return [e for e in self.eras() if e.date_start <= end and e.date_end >= start]


__all__ = [
    "FTS_COLUMNS",
    "Bucket",
    "Era",
    "Event",
    "SchemaError",
    "Search",
    "Stats",
    "Summary",
    "Timeline",
    "fts_query",
    "words",
]
