"""The merge: rows staged by a load go into the events table. A newer copy of a record is never replaced
by an older one, unchanged rows are counted and left alone, new rows that sort after the last event
are appended, and anything else rebuilds the table in timeline order. Then the summaries beside the
events (year and month buckets, datasets, the search's terms) are refreshed.

`LoadResult` counts what a load did; `store.load` re-exports it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from frontline.store.readers import Tally
from frontline.store.reconcile import ReconcileResult, note_changed, reconcile_changed
from frontline.store.schema import (
    DATA_COLUMNS,
    TIMELINE_ORDER,
    create_event_indexes,
    create_events_table,
    index_events,
    refresh_terms,
)


@dataclass
class LoadResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    placed: int = 0  # the same as stored but for coordinates the gazetteer has learned since: put on the map
    stale: int = 0  # older than the copy already stored (ACLED's `timestamp`): left as it was
    eras: int = 0
    dry_run: bool = False
    preview: list[dict[str, Any]] = field(default_factory=list)  # with a dry run: what would be new or changed
    tally: Tally = field(default_factory=Tally)
    refused: int = 0  # rows a lenient load set aside
    rejects: list[Path] = field(default_factory=list)  # where they were written
    reconciled: ReconcileResult = field(default_factory=ReconcileResult)  # links proposed for what is new

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.placed + self.stale

    def line(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        text = f"{verb} {_count(self.total, 'event')}: {self.new:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged"
        if self.placed:
            text += f", {self.placed:,} placed on the map (the gazetteer knows their place now)"
        if self.stale:
            text += f", {self.stale:,} stale"
        text += f"; {_count(self.eras, 'era')}" if self.eras else ""
        if self.tally.merged:
            events = self.tally.rows - self.tally.merged - self.tally.replaced
            merged = self.tally.merged
            were = "row was the same event's" if merged == 1 else "rows were the same events'"
            text += f"; {self.tally.rows:,} rows → {_count(events, 'event')}; {merged:,} {were} other actors"
        for note in self.tally.notes:
            text += f"; {note}"
        if self.refused:
            where = ", ".join(p.name for p in self.rejects) if self.rejects else "not written: dry run"
            text += f"; {self.refused:,} {'row' if self.refused == 1 else 'rows'} refused → {where}"
        return text + self.reconciled.suffix()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _keep_newer_versions(conn: sqlite3.Connection) -> int:
    """A record that says when it last changed (ACLED's `timestamp`) never replaces a newer copy of itself."""
    stale = conn.execute(
        "SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id "
        "WHERE CAST(json_extract(e.extra, '$.timestamp') AS INTEGER) > CAST(json_extract(s.extra, '$.timestamp') AS INTEGER)"
    ).fetchone()[0]
    if stale:
        conn.execute(
            "DELETE FROM temp.staging WHERE id IN (SELECT s.id FROM temp.staging s JOIN events e ON e.id = s.id "
            "WHERE CAST(json_extract(e.extra, '$.timestamp') AS INTEGER) > "
            "CAST(json_extract(s.extra, '$.timestamp') AS INTEGER))"
        )
    return stale


WORKED_OUT = ("aliases", "place_id", "actor_keys")


def _same(a: str, b: str, columns: Iterable[str]) -> str:
    return " AND ".join(f"{a}.{c} IS {b}.{c}" for c in columns)


def _apply_staging(
    db: sqlite_utils.Database, preview: int = 0, phase: Callable[[str], None] | None = None
) -> LoadResult:
    """Staged rows into events; `phase` hears "indexing" when the rows are in and the indexes follow."""
    conn = db.conn
    stale = _keep_newer_versions(conn)
    staged = conn.execute("SELECT count(*) FROM temp.staging").fetchone()[0]
    existing = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    new = conn.execute(
        "SELECT count(*) FROM temp.staging s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id)"
    ).fetchone()[0]
    # What the source says decides "updated"; what frontline works out (the place's other spellings,
    # the canonical place and actors) may change as the gazetteer learns, and is rewritten quietly.
    said = [c for c in DATA_COLUMNS if c not in WORKED_OUT]
    unchanged = conn.execute(
        f"SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id WHERE {_same('s', 'e', said)}"
    ).fetchone()[0]
    # A row that had no coordinates and gets them from a place learned since (this load's other rows,
    # or a later file) says nothing new: it is placed on the map, not updated.
    placed = conn.execute(
        f"SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id WHERE e.lat IS NULL "
        f"AND s.lat IS NOT NULL AND {_same('s', 'e', [c for c in said if c not in ('lat', 'lon')])}"
    ).fetchone()[0]
    identical = conn.execute(
        f"SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id WHERE {_same('s', 'e', DATA_COLUMNS)}"
    ).fetchone()[0]
    result = LoadResult(
        new=new, updated=staged - new - unchanged - placed, unchanged=unchanged, placed=placed, stale=stale
    )
    if preview:
        result.preview = [
            dict(
                zip(
                    ("status", "id", "date_start", "date_end", "precision", "title", "place", "time_start"),
                    row,
                    strict=False,
                )
            )
            for row in conn.execute(
                f"""SELECT CASE WHEN e.id IS NULL THEN 'new' ELSE 'updated' END, s.id, s.date_start, s.date_end,
                    s.precision, s.title, s.place, s.time_start
                FROM temp.staging s LEFT JOIN events e ON e.id = s.id
                WHERE e.id IS NULL OR NOT ({_same("s", "e", DATA_COLUMNS)})
                ORDER BY {", ".join("s." + c.strip() for c in TIMELINE_ORDER.split(","))} LIMIT ?""",
                (preview,),
            )
        ]
    if not (result.new or result.updated or result.placed or identical < unchanged):
        return result
    note_changed(conn, skip=bool(preview))  # the new and changed events: reconciled once in, in this transaction
    key = ("bucket", "date_start", "time_start", "date_end", "time_end", "title")
    moved = conn.execute(
        f"SELECT 1 FROM temp.staging s JOIN events e ON e.id = s.id WHERE NOT ({_same('s', 'e', key)}) LIMIT 1"
    ).fetchone()
    if phase is not None:
        phase("indexing")
    if existing == 0 or moved or (new and not _new_rows_follow(conn)):
        _rebuild_in_order(db)
    else:
        assignments = ", ".join(f"{c} = s.{c}" for c in DATA_COLUMNS if c != "id")
        conn.execute(
            f"UPDATE events SET {assignments} FROM temp.staging s "
            f"WHERE s.id = events.id AND NOT ({_same('s', 'events', DATA_COLUMNS)})"
        )
        conn.execute(
            f"INSERT INTO events ({', '.join(DATA_COLUMNS)}) SELECT {', '.join(DATA_COLUMNS)} FROM temp.staging s "
            f"WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id) ORDER BY {TIMELINE_ORDER}"
        )
    refresh_buckets(db)
    refresh_terms(db)
    result.reconciled = ReconcileResult() if preview else reconcile_changed(conn)
    return result


def _new_rows_follow(conn) -> bool:
    """Do all new rows sort after the current last event, so that appending keeps the order?

    The first new row and the last event, put in timeline order: the new rows follow when the last
    event comes first (two rows never tie: their ids differ)."""
    keys = ", ".join(c.split()[0] for c in TIMELINE_ORDER.split(","))
    row = conn.execute(
        f"""
        WITH first_new AS (
            SELECT {keys}, 1 AS is_new FROM temp.staging s
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id) ORDER BY {TIMELINE_ORDER} LIMIT 1),
        last AS (SELECT {keys}, 0 AS is_new FROM events ORDER BY seq DESC LIMIT 1)
        SELECT is_new FROM (SELECT * FROM first_new UNION ALL SELECT * FROM last) ORDER BY {TIMELINE_ORDER} LIMIT 1
        """
    ).fetchone()
    return bool(row and row[0] == 0)


def _rebuild_in_order(db: sqlite_utils.Database) -> None:
    """Write events (old ones the load did not touch, plus every staged one) into a new table in timeline order."""
    conn = db.conn
    cols = ", ".join(DATA_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS events_next")
    create_events_table(db, "events_next")
    conn.execute(
        f"""
        INSERT INTO events_next (seq, {cols})
        SELECT row_number() OVER (ORDER BY {TIMELINE_ORDER}), {cols} FROM (
            SELECT {cols} FROM events WHERE id NOT IN (SELECT id FROM temp.staging)
            UNION ALL SELECT {cols} FROM temp.staging)
        """
    )
    db.table("events").disable_fts()
    conn.execute("DROP TABLE events")
    conn.execute("ALTER TABLE events_next RENAME TO events")
    create_event_indexes(db)
    index_events(db)  # merged into one segment, too


def refresh_buckets(db: sqlite_utils.Database) -> None:
    """Summaries kept beside the events so that opening a million of them reads a few rows:
    the timeline's year and month groups (what separator rows are drawn from) and the datasets."""
    db.execute("DELETE FROM buckets")
    db.execute(
        "INSERT INTO buckets (bucket, first_seq, count, last_end) "
        "SELECT bucket, min(seq), count(*), max(date_end) FROM events GROUP BY bucket"
    )
    db.execute("DELETE FROM datasets")
    db.execute(
        "INSERT INTO datasets (name, count) SELECT dataset, count(*) FROM events "
        "WHERE dataset IS NOT NULL GROUP BY dataset"
    )
