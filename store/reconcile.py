"""Reconcile: the reports of one happening, found across datasets (and twice within one), linked.

Candidates come from SQL over indexes, never from a loop over all pairs. `link_keys` holds, for each
event, a row for each day of a day-precise span of a week or less and a row for each month its span
touches (widened by a day each side), with the grid cell of its coordinates (an eighth of a degree)
and the skeleton of its place name. Day-precise events meet on the same or the next day in a near
cell or at the same place; an event dated to a month meets the events of its month. SQL rules out
what could never be one happening (`reconcile_score.RULED_OUT`); only the pairs left are scored
(`store.reconcile_score`). A high score proposes a link; only a person confirms one.

Links are kept by event id (`a` < `b`), so a reload that renumbers the timeline keeps every
decision. Confirmed links join events into groups: one happening, many reports.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from frontline.store.reconcile_names import category_family, place_skeleton
from frontline.store.reconcile_score import RULED_OUT, proposes, reports, score, scored
from frontline.store.schema import DATA_COLUMNS

CELL = 8  # grid cells per degree
STATUSES = ("proposed", "confirmed", "rejected")
BULK_LOAD = 20_000  # new events past which a load does not look for duplicates within their dataset
CROWD = 64  # reports of one place on one day past which they are not compared (see `_candidates`)
LONGEST_DAYS = 400  # an event spanning more than this (a war, an era) is linked by hand only
_FOLD = "frontline_place_skeleton"
_FAMILY = "frontline_category_family"


class ReconcileError(Exception):
    """A decision that cannot be taken: an unknown event, a link of an event with itself."""


@dataclass
class ReconcileResult:
    candidates: int = 0
    proposed: int = 0
    duplicates: int = 0
    unchecked: int = 0  # new events of a bulk load not compared within their own dataset

    def suffix(self) -> str:
        """What a load adds to its line, when it proposed anything."""
        text = ""
        if self.proposed or self.duplicates:
            text = f"; {self.proposed:,} links proposed, {self.duplicates:,} possible duplicates"
        if self.unchecked:
            text += (
                f"; duplicates within the dataset not looked for ({self.unchecked:,} events: frontline reconcile does)"
            )
        return text

    def line(self) -> str:
        return (
            f"compared {self.candidates:,} candidate pairs: {self.proposed:,} links proposed, "
            f"{self.duplicates:,} possible duplicates"
        )


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


def _prepare(conn: sqlite3.Connection) -> None:
    conn.create_function(_FOLD, 1, place_skeleton, deterministic=True)
    conn.create_function(_FAMILY, 1, category_family, deterministic=True)


def create_tables(conn: sqlite3.Connection) -> None:
    """The schema step: links, the keys they are found by (filled for the events already there), groups."""
    _prepare(conn)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS links (a TEXT NOT NULL, b TEXT NOT NULL, score REAL NOT NULL, reasons TEXT, "
        "status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')), "
        "decided_at TEXT, PRIMARY KEY (a, b), CHECK (a < b)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS idx_links_b ON links(b)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_links_status ON links(status)")
    # An event's keys: a row for each day of a short day-precise span (`day`), a row for each month its
    # span touches (`month`); besides them, what rules a pair out before it is scored.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS link_keys (id TEXT NOT NULL, day INTEGER, month TEXT, cx INTEGER, cy INTEGER, "
        "pk TEXT, d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, fam TEXT, fat INTEGER, dis INTEGER, ds TEXT, "
        "coarse INTEGER NOT NULL)"
    )
    _index_keys(conn)
    conn.execute("CREATE TABLE IF NOT EXISTS link_groups (id TEXT PRIMARY KEY, grp TEXT NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_groups_grp ON link_groups(grp)")
    if conn.execute("SELECT 1 FROM link_keys LIMIT 1").fetchone() is None:
        _write_keys(conn, None)


KEY_INDEXES = {
    "idx_link_keys_day_cell": "(day, cx, cy) WHERE day IS NOT NULL",
    "idx_link_keys_day_place": "(day, pk) WHERE day IS NOT NULL",
    "idx_link_keys_month_cell": "(month, coarse, cx, cy) WHERE month IS NOT NULL",
    "idx_link_keys_month_place": "(month, coarse, pk) WHERE month IS NOT NULL",
    "idx_link_keys_id": "(id)",
}


def _index_keys(conn: sqlite3.Connection) -> None:
    for name, columns in KEY_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON link_keys{columns}")


def _write_keys(conn: sqlite3.Connection, ids_table: str | None) -> None:
    """The day, month, cell and place keys of every event (or of the events whose ids are in `ids_table`).

    A day-precise event of a week or less gets a row for each of its days; every event gets a row for
    each month its span touches, widened by a day each side (so 31 January meets 1 February).
    """
    where = f"WHERE id IN (SELECT id FROM {ids_table})" if ids_table else ""
    conn.execute(f"DELETE FROM link_keys {where}")
    for name in KEY_INDEXES if not ids_table else ():  # every key anew: the indexes build faster after
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS temp.link_base")
    conn.execute(
        f"""
        CREATE TEMP TABLE link_base AS
        SELECT id, CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lat + 90) * {CELL} AS INTEGER) END AS cx,
            CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lon + 180) * {CELL} AS INTEGER) END AS cy,
            nullif({_FOLD}(place), '') AS pk, CAST(julianday(date_start) AS INTEGER) AS d0,
            CAST(julianday(date_end) AS INTEGER) AS d1, {_FAMILY}(category) AS fam, fatalities AS fat,
            displaced AS dis, dataset AS ds,
            precision <> 'day' OR julianday(date_end) - julianday(date_start) > 7 AS coarse,
            substr(date(date_start, '-1 day'), 1, 7) AS first_month, substr(date(date_end, '+1 day'), 1, 7) AS last_month
        FROM events {where} {"AND" if where else "WHERE"} julianday(date_end) - julianday(date_start) <= {LONGEST_DAYS}
        """
    )
    conn.execute("CREATE INDEX temp.idx_link_base ON link_base(id)")
    columns = "id, cx, cy, pk, d0, d1, fam, fat, dis, ds, coarse"
    conn.execute(
        f"""
        INSERT INTO link_keys (day, {columns})
        WITH RECURSIVE days(day, id, last) AS (
            SELECT d0, id, d1 FROM temp.link_base WHERE NOT coarse
            UNION ALL SELECT day + 1, id, last FROM days WHERE day < last)
        SELECT days.day, {", ".join("b." + c.strip() for c in columns.split(","))}
        FROM days JOIN temp.link_base b ON b.id = days.id
        """
    )
    conn.execute(
        f"""
        INSERT INTO link_keys (month, {columns})
        WITH RECURSIVE months(month, id, last) AS (
            SELECT first_month, id, last_month FROM temp.link_base
            UNION ALL SELECT substr(date(month || '-01', '+1 month'), 1, 7), id, last FROM months WHERE month < last)
        SELECT months.month, {", ".join("b." + c.strip() for c in columns.split(","))}
        FROM months JOIN temp.link_base b ON b.id = months.id
        """
    )
    conn.execute("DROP TABLE temp.link_base")
    _index_keys(conn)


_NEAR_CELL = "k2.cx BETWEEN k1.cx - 1 AND k1.cx + 1 AND k2.cy BETWEEN k1.cy - 1 AND k1.cy + 1"


def _candidates(conn: sqlite3.Connection, only: str | None, within: bool = True) -> str:
    """Fill temp.link_pairs with the candidate pairs (a < b) of every event, or of the events in table `only`.

    Day-precise events meet on a day key (the same day or the next, `o.d`) and a near cell or the same
    place; an event dated to a month (or a long span) meets every event of its months, near or at the
    same place. Each join is an index lookup from the probing row, never a walk over every pair.
    """
    conn.execute("DROP TABLE IF EXISTS temp.link_pairs")
    conn.execute("CREATE TEMP TABLE link_pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID")
    probe = f"(SELECT * FROM link_keys WHERE id IN (SELECT id FROM {only}))" if only else "link_keys"
    offsets = (-1, 0, 1) if only else (0, 1)  # every event: each pair once, found from its earlier day
    days = "(" + " UNION ALL ".join(f"SELECT {d} AS d" for d in offsets) + ") o"
    # A town with more than CROWD reports on one day (4,000 copies of one row, a city under siege) is left
    # to people: comparing each of them with all the others would take as long as the square of their number.
    days_of = f"AND day IN (SELECT day FROM {probe})" if only else ""
    for name, key in (("cells", "cx, cy"), ("places", "pk")):
        conn.execute(f"DROP TABLE IF EXISTS temp.crowded_{name}")
        conn.execute(f"CREATE TEMP TABLE crowded_{name} (day, {key}, PRIMARY KEY (day, {key})) WITHOUT ROWID")
        conn.execute(
            f"INSERT INTO temp.crowded_{name} SELECT day, {key} FROM link_keys WHERE day IS NOT NULL "
            f"AND {key.split(',')[0]} IS NOT NULL {days_of} GROUP BY day, {key} HAVING count(*) > {CROWD}"
        )
    spare = "WHERE k1.day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM temp.crowded_{} c WHERE c.day = k1.day AND {})"
    joins = [
        f"{days} JOIN link_keys k2 ON k2.day = k1.day + o.d AND {_NEAR_CELL} "
        + spare.format("cells", "c.cx = k1.cx AND c.cy = k1.cy"),
        f"{days} JOIN link_keys k2 ON k2.day = k1.day + o.d AND k2.pk = k1.pk "
        + spare.format("places", "c.pk = k1.pk"),
    ]
    for place in (_NEAR_CELL, "k2.pk = k1.pk"):
        # a coarse event finds everything in its months; in a load, a new event also finds the coarse ones
        joins.append(f"link_keys k2 ON k2.month = k1.month AND k2.coarse IN (0, 1) AND {place} WHERE k1.coarse")
        if only:
            joins.append(
                f"link_keys k2 ON k2.month = k1.month AND k2.coarse = 1 AND {place} WHERE k1.month IS NOT NULL"
            )
    for join in joins:
        conn.execute(
            f"""
            INSERT OR IGNORE INTO link_pairs (a, b)
            SELECT min(k1.id, k2.id), max(k1.id, k2.id) FROM {probe} k1 JOIN {join}
                AND k1.id <> k2.id {"" if within else "AND k1.ds IS NOT k2.ds"} AND NOT ({RULED_OUT})
            """
        )
    return "temp.link_pairs"


def reconcile(conn: sqlite3.Connection, only: str | None = None, *, within: bool = True) -> ReconcileResult:
    """Propose links for every event (or for those whose ids are in temp table `only`), in the caller's transaction.

    Proposals made before for these events are replaced; confirmed and rejected links keep their
    status (their score and reasons are brought up to date).
    """
    _prepare(conn)
    if "day" not in {row[1] for row in conn.execute("PRAGMA table_info(link_keys)")}:
        conn.execute("DROP TABLE link_keys")  # the keys of an earlier build: derived data, made anew
        create_tables(conn)
    _write_keys(conn, only)
    pairs = _candidates(conn, only, within)
    if only:
        conn.execute(
            f"DELETE FROM links WHERE status = 'proposed' AND (a IN (SELECT id FROM {only}) "
            f"OR b IN (SELECT id FROM {only}))"
        )
    else:
        conn.execute("DELETE FROM links WHERE status = 'proposed'")
    result = ReconcileResult(conn.execute(f"SELECT count(*) FROM {pairs}").fetchone()[0])
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


def reconcile_changed(conn: sqlite3.Connection) -> ReconcileResult:
    """After a load, inside its transaction: propose links for the events it added or changed."""
    apply_decisions(conn, "temp.reconcile_ids")
    # A bulk load (a feed of hundreds of reports a town a day) is compared with the other datasets
    # at once; comparing it with itself is left to `frontline reconcile`.
    count = conn.execute("SELECT count(*) FROM temp.reconcile_ids").fetchone()[0]
    result = reconcile(conn, "temp.reconcile_ids", within=count <= BULK_LOAD)
    result.unchecked = 0 if count <= BULK_LOAD else count
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


def refresh_groups(conn: sqlite3.Connection) -> None:
    """Events joined by confirmed links, directly or through others, form a group named by its smallest id."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in conn.execute("SELECT a, b FROM links WHERE status = 'confirmed'"):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    conn.execute("DELETE FROM link_groups")
    conn.executemany("INSERT INTO link_groups (id, grp) VALUES (?, ?)", ((x, root(x)) for x in list(parent)))


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
