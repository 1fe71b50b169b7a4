"""Reconcile: the reports of one happening, found across datasets (and twice within one), linked.

Candidates come from SQL over indexes, never from a loop over all pairs (`store.reconcile_keys`):
events meet on their days (or months), near cells and canonical places. SQL rules out what could
never be one happening (`reconcile_score.RULED_OUT`); only the pairs left are scored
(`store.reconcile_score`). A high score proposes a link; only a person confirms one.

Links are kept by event id (`a` < `b`), so a reload that renumbers the timeline keeps every
decision. Confirmed links join events into groups (`store.reconcile_groups`): one happening, many
reports.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from frontline.store import reconcile_keys as keys
from frontline.store.reconcile_groups import refresh_groups
from frontline.store.reconcile_keys import CROWD, NEAREST
from frontline.store.reconcile_score import proposes, reports, score, scored
from frontline.store.schema import DATA_COLUMNS

STATUSES = ("proposed", "confirmed", "rejected")


class ReconcileError(Exception):
    """A decision that cannot be taken: an unknown event, a link of an event with itself."""


@dataclass
class ReconcileResult:
    candidates: int = 0
    proposed: int = 0
    duplicates: int = 0
    crowded: int = 0  # reports of a town-day of more than CROWD, compared with the nearest by figure only
    deferred: int = 0  # a load's events left for `frontline reconcile`: more than IN_LOAD of them

    def crowd_note(self) -> str:
        if not self.crowded:
            return ""
        return (
            f"; {self.crowded:,} reports were in a town-day of more than {CROWD} reports: each was compared with "
            f"the {NEAREST} of each dataset there whose figures are nearest its own, above and below, not with all"
        )

    def suffix(self) -> str:
        """What a load adds to its line, when it proposed anything."""
        text = ""
        if self.proposed or self.duplicates:
            text = f"; {_many(self.proposed, 'link')} proposed, {_many(self.duplicates, 'possible duplicate')}"
        if self.deferred:
            text += (
                f"; its {self.deferred:,} events are not compared yet: `frontline reconcile` proposes their links "
                "(minutes at this size)"
            )
        return text + self.crowd_note()

    def line(self) -> str:
        return (
            f"compared {_many(self.candidates, 'candidate pair')}: {_many(self.proposed, 'link')} proposed, "
            f"{_many(self.duplicates, 'possible duplicate')}"
        ) + self.crowd_note()


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float
    reasons: dict[str, Any]
    status: str
    decided_at: str | None

    def other(self, ident: str) -> str:
        return self.b if ident == self.a else self.a


def create_tables(conn: sqlite3.Connection) -> None:
    """The schema step: links, the keys they are found by (filled for the events already there), groups."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS links (a TEXT NOT NULL, b TEXT NOT NULL, score REAL NOT NULL, reasons TEXT, "
        "status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')), "
        "decided_at TEXT, PRIMARY KEY (a, b), CHECK (a < b)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS idx_links_b ON links(b)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_links_status ON links(status)")
    conn.execute("CREATE TABLE IF NOT EXISTS link_groups (id TEXT PRIMARY KEY, grp TEXT NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_groups_grp ON link_groups(grp)")
    if "place_id" not in {row[1] for row in conn.execute("PRAGMA table_info(events)")}:
        return  # an upgrade before the gazetteer's step: the keys are made by the first reconcile after it
    keys.create_keys_table(conn)
    if conn.execute("SELECT 1 FROM link_keys LIMIT 1").fetchone() is None:
        keys.write_keys(conn, None)


def reconcile(conn: sqlite3.Connection, only: str | None = None) -> ReconcileResult:
    """Propose links for every event (or for those whose ids are in temp table `only`), in the caller's transaction.

    Proposals made before for these events are replaced; confirmed and rejected links keep their
    status (their score and reasons are brought up to date).
    """
    if not keys.current(conn):
        conn.execute("DROP TABLE IF EXISTS link_keys")  # the keys of an earlier build: derived data, made anew
        create_tables(conn)
    keys.write_keys(conn, only)
    pairs, crowded = keys.candidates(conn, only)
    if only:
        conn.execute(
            f"DELETE FROM links WHERE status = 'proposed' AND (a IN (SELECT id FROM {only}) "
            f"OR b IN (SELECT id FROM {only}))"
        )
    else:
        conn.execute("DELETE FROM links WHERE status = 'proposed'")
    result = ReconcileResult(conn.execute(f"SELECT count(*) FROM {pairs}").fetchone()[0], crowded=crowded)
    rows = []
    for a, b, value, reasons in scored(conn, pairs):
        if proposes(a, b, value, reasons):
            rows.append((a.id, b.id, value, json.dumps(reasons, ensure_ascii=False)))
            if a.dataset == b.dataset:
                result.duplicates += 1
            else:
                result.proposed += 1
        if len(rows) >= 5000:
            _write_links(conn, rows)
    _write_links(conn, rows)
    conn.execute(f"DROP TABLE {pairs}")
    return result


def _write_links(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO links (a, b, score, reasons) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons",
        rows,
    )
    rows.clear()


def note_changed(conn: sqlite3.Connection, *, skip: bool = False) -> None:
    """Keep the ids of a load's new and changed events (before they are merged) for `reconcile_changed`."""
    if skip:
        return
    same = " AND ".join(f"s.{c} IS e.{c}" for c in DATA_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS temp.reconcile_ids")
    conn.execute(
        "CREATE TEMP TABLE reconcile_ids AS SELECT s.id AS id FROM temp.staging s "
        f"LEFT JOIN events e ON e.id = s.id WHERE e.id IS NULL OR NOT ({same})"
    )


def apply_decisions(conn: sqlite3.Connection, ids_table: str) -> int:
    """Take up the decisions an exported file carries (`link_decisions`, kept in `extra` by the load) for
    the events in `ids_table`, where the other event is here and no decision on the link is taken yet."""
    rows = conn.execute(
        f"""
        SELECT e.id, json_extract(d.value, '$.id'), json_extract(d.value, '$.status'),
               json_extract(d.value, '$.decided_at')
        FROM events e, json_each(json_extract(e.extra, '$.link_decisions')) d
        WHERE e.id IN (SELECT id FROM {ids_table}) AND json_valid(e.extra)
          AND json_valid(json_extract(e.extra, '$.link_decisions'))
          AND json_type(json_extract(e.extra, '$.link_decisions')) = 'array'
        """  # an array in JSON Lines, the same array as text in a CSV cell
    ).fetchall()
    taken = 0
    for ident, other, status, at in rows:
        if not isinstance(other, str) or status not in ("confirmed", "rejected") or other == ident:
            continue
        a, b = sorted((ident, other))
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (other,)).fetchone() is None:
            continue
        current = link(conn, a, b)
        if current is not None and current.status != "proposed":
            continue
        decide(conn, a, b, status, regroup=False)
        if at:
            conn.execute("UPDATE links SET decided_at = ? WHERE a = ? AND b = ?", (at, a, b))
        taken += 1
    if taken:
        refresh_groups(conn)
    return taken


IN_LOAD = 100_000
"""The most new or changed events a load compares itself, inside its transaction. A bulk import (a
million rows take minutes to compare) commits at the speed of the load and leaves the comparing to
`frontline reconcile`, and says so."""


def reconcile_changed(conn: sqlite3.Connection) -> ReconcileResult:
    """After a load, inside its transaction: propose links for the events it added or changed."""
    apply_decisions(conn, "temp.reconcile_ids")
    changed = conn.execute("SELECT count(*) FROM temp.reconcile_ids").fetchone()[0]
    if changed > IN_LOAD:
        conn.execute("DROP TABLE temp.reconcile_ids")
        return ReconcileResult(deferred=changed)
    result = reconcile(conn, "temp.reconcile_ids")
    conn.execute("DROP TABLE temp.reconcile_ids")
    return result


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def decide(conn: sqlite3.Connection, first: str, second: str, status: str, *, regroup: bool = True) -> Link:
    """Confirm or reject the link of two events (made if it was not proposed), and regroup."""
    if status not in ("confirmed", "rejected", "proposed"):
        raise ReconcileError(f"unknown decision {status!r}")
    if first == second:
        raise ReconcileError(f"{first!r}: an event is not linked to itself")
    a, b = sorted((first, second))
    found = reports(conn, [a, b])
    for ident in (a, b):
        if ident not in found:
            raise ReconcileError(f"{ident!r}: no such event")
    value, reasons = score(found[a], found[b])
    decided = None if status == "proposed" else _now()
    conn.execute(
        "INSERT INTO links (a, b, score, reasons, status, decided_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (a, b) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at",
        (a, b, value, json.dumps(reasons, ensure_ascii=False), status, decided),
    )
    if regroup:
        refresh_groups(conn)
    return link(conn, a, b)  # type: ignore[return-value]  # written just above


def link(conn: sqlite3.Connection, first: str, second: str) -> Link | None:
    a, b = sorted((first, second))
    row = conn.execute(
        "SELECT a, b, score, reasons, status, decided_at FROM links WHERE a = ? AND b = ?", (a, b)
    ).fetchone()
    return link_of_row(row) if row else None


def link_of_row(row: tuple) -> Link:
    a, b, value, reasons, status, decided = row
    return Link(a, b, value, json.loads(reasons or "{}"), status, decided)


def links_of(conn: sqlite3.Connection, ident: str, statuses: Iterable[str] = ("proposed", "confirmed")) -> list[Link]:
    """The links of one event with the given statuses, best first."""
    wanted = list(statuses)
    marks = ", ".join("?" * len(wanted))
    sql = (
        "SELECT a, b, score, reasons, status, decided_at FROM links "
        f"WHERE (a = ? OR b = ?) AND status IN ({marks}) ORDER BY status = 'confirmed' DESC, score DESC, a, b"
    )
    return [link_of_row(r) for r in conn.execute(sql, (ident, ident, *wanted))]


def group_of(conn: sqlite3.Connection, ident: str) -> tuple[str, list[str]] | None:
    """The group an event is in and its members (ids in order), if it is in one."""
    row = conn.execute("SELECT grp FROM link_groups WHERE id = ?", (ident,)).fetchone()
    if row is None:
        return None
    members = [r[0] for r in conn.execute("SELECT id FROM link_groups WHERE grp = ? ORDER BY id", (row[0],))]
    return row[0], members
