"""Reconcile: the reports of one happening, found across datasets (and twice within one), linked.

Candidates come from SQL over an index, never from a loop over all pairs. Each event has a row in
`link_keys` for every month its span touches (widened by a day each side, so 31 January meets
1 February), with the grid cell of its coordinates (an eighth of a degree) and its folded place
name. Two events are candidates when they share a month and sit in the same or a neighbouring cell,
or share a month and a place name, and their spans come within three days. Only those few pairs are
scored (`store.reconcile_score`); a high score proposes a link, and only a person confirms one.

Links are kept by event id (`a` < `b`), so a reload that renumbers the timeline keeps every
decision. Confirmed links join events into groups: one happening, many reports.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from frontline.store.reconcile_names import category_family, place_skeleton
from frontline.store.reconcile_score import RELATED, Report, proposes, score
from frontline.store.schema import DATA_COLUMNS

CELL = 8  # grid cells per degree
STATUSES = ("proposed", "confirmed", "rejected")
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
    # One row an event and month; besides the blocking keys, what rules a pair out before it is scored.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS link_keys (id TEXT NOT NULL, month TEXT NOT NULL, cx INTEGER, cy INTEGER, "
        "pk TEXT, d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, fam TEXT, fat INTEGER, dis INTEGER, ds TEXT, "
        "coarse INTEGER NOT NULL)"
    )
    conn.execute("DROP INDEX IF EXISTS idx_link_keys_cell")
    conn.execute("DROP INDEX IF EXISTS idx_link_keys_place")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_keys_day_cell ON link_keys(month, cx, cy, coarse, d0)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_keys_day_place ON link_keys(month, pk, coarse, d0)")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_keys_id ON link_keys(id)")
    conn.execute("CREATE TABLE IF NOT EXISTS link_groups (id TEXT PRIMARY KEY, grp TEXT NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_link_groups_grp ON link_groups(grp)")
    if conn.execute("SELECT 1 FROM link_keys LIMIT 1").fetchone() is None:
        _write_keys(conn, None)


def _write_keys(conn: sqlite3.Connection, ids_table: str | None) -> None:
    """The month, cell and place keys of every event (or of the events whose ids are in `ids_table`)."""
    where = f"WHERE id IN (SELECT id FROM {ids_table})" if ids_table else ""
    conn.execute(f"DELETE FROM link_keys {where}")
    conn.execute(
        f"""
        INSERT INTO link_keys (id, month, cx, cy, pk, d0, d1, fam, fat, dis, ds, coarse)
        WITH RECURSIVE span(id, month, last, cx, cy, pk, d0, d1, fam, fat, dis, ds, coarse) AS (
            SELECT id, substr(date(date_start, '-1 day'), 1, 7), substr(date(date_end, '+1 day'), 1, 7),
                CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lat + 90) * {CELL} AS INTEGER) END,
                CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lon + 180) * {CELL} AS INTEGER) END,
                nullif({_FOLD}(place), ''), CAST(julianday(date_start) AS INTEGER),
                CAST(julianday(date_end) AS INTEGER), {_FAMILY}(category), fatalities, displaced, dataset,
                precision <> 'day' OR julianday(date_end) - julianday(date_start) > 7
            FROM events {where} {"AND" if where else "WHERE"}
                julianday(date_end) - julianday(date_start) <= {LONGEST_DAYS}
            UNION ALL
            SELECT id, substr(date(month || '-01', '+1 month'), 1, 7), last, cx, cy, pk, d0, d1, fam, fat, dis, ds,
                coarse
            FROM span WHERE month < last)
        SELECT id, month, cx, cy, pk, d0, d1, fam, fat, dis, ds, coarse FROM span
        """
    )


def _far(x: str, y: str) -> str:
    """SQL: two figures too far apart for one happening (see `reconcile_score.FIGURE_STEPS`)."""
    return f"({x} IS NOT NULL AND {y} IS NOT NULL AND abs({x} - {y}) > 3 AND min({x}, {y}) < 0.6 * max({x}, {y}))"


def _close(x: str, y: str) -> str:
    """SQL: two figures close enough for a month-dated report to be the same happening."""
    return f"({x} IS NOT NULL AND {y} IS NOT NULL AND (abs({x} - {y}) <= 1 OR min({x}, {y}) >= 0.85 * max({x}, {y})))"


_RELATED_SQL = ", ".join(f"'{a}+{b}', '{b}+{a}'" for a, b in (sorted(pair) for pair in RELATED))
# What rules a candidate pair out at once, each a rule that caps the score below a proposal
# (`reconcile_score.score` and `proposes`): more than a day between the spans; figures far apart;
# kinds that are never one happening; a month (or a long span) without figures that agree; two
# reports of one dataset on different days.
RULED_OUT = (
    f"k2.d0 > k1.d1 + 1 OR k1.d0 > k2.d1 + 1 OR {_far('k1.fat', 'k2.fat')} OR {_far('k1.dis', 'k2.dis')} "
    f"OR (k1.fam <> k2.fam AND k1.fam || '+' || k2.fam NOT IN ({_RELATED_SQL})) "
    f"OR ((k1.coarse OR k2.coarse) AND NOT ({_close('k1.fat', 'k2.fat')} OR {_close('k1.dis', 'k2.dis')})) "
    "OR (k1.ds IS k2.ds AND (k1.d0 <> k2.d0 OR k1.d1 <> k2.d1))"
)


def _candidates(conn: sqlite3.Connection, only: str | None, within: bool = True) -> str:
    """Fill temp.link_pairs with the candidate pairs (a < b) of every event, or of the events in table `only`."""
    conn.execute("DROP TABLE IF EXISTS temp.link_pairs")
    conn.execute("CREATE TEMP TABLE link_pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID")
    probe = f"(SELECT * FROM link_keys WHERE id IN (SELECT id FROM {only}))" if only else "link_keys"
    order = "" if only else "AND k1.id < k2.id"
    # Day-dated reports meet those within a day of their span, in the same or a neighbouring grid
    # cell or with the same place name: exact keys and a range on the day, so a crowded month of
    # one town costs its days, not its month squared. A coarse report (a month, a long span) meets
    # every report of its month in its cell or town.
    near = "k1.coarse = 0 AND k2.coarse = 0 AND k2.d0 BETWEEN k1.d0 - 8 AND k1.d1 + 1"
    joins = [
        f"k2.month = k1.month AND k2.cx = k1.cx + {dx} AND k2.cy = k1.cy + {dy} AND {near}"
        for dx in (-1, 0, 1)
        for dy in (-1, 0, 1)
    ]
    joins.append(f"k2.month = k1.month AND k2.pk = k1.pk AND {near}")
    cell = "k2.cx BETWEEN k1.cx - 1 AND k1.cx + 1 AND k2.cy BETWEEN k1.cy - 1 AND k1.cy + 1"
    for first, second in (("k1.coarse = 1", "1"), ("k1.coarse = 0", "k2.coarse = 1")):
        joins.append(f"k2.month = k1.month AND {cell} AND {first} AND {second}")
        joins.append(f"k2.month = k1.month AND k2.pk = k1.pk AND {first} AND {second}")
    for join in joins:
        conn.execute(
            f"""
            INSERT OR IGNORE INTO link_pairs (a, b)
            SELECT min(k1.id, k2.id), max(k1.id, k2.id) FROM {probe} k1 JOIN link_keys k2 ON {join}
            WHERE k1.id <> k2.id {order} {"" if within else "AND k1.ds IS NOT k2.ds"} AND NOT ({RULED_OUT})
            """
        )
    return "temp.link_pairs"


REPORT_SELECT = (
    "SELECT id, dataset, date_start, date_end, precision, place, lat, lon, category, actors, fatalities, "
    "displaced, title, summary FROM events"
)
_REPORT_COLUMNS = [c.strip() for c in REPORT_SELECT[7:-12].split(",")]


def _reports(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Report]:
    found: dict[str, Report] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"{REPORT_SELECT} WHERE id IN ({', '.join('?' * len(chunk))})"
        for values in conn.execute(sql, chunk):
            row = dict(zip(_REPORT_COLUMNS, values, strict=True))
            found[row["id"]] = Report.of(row, json.loads(row["actors"] or "[]"))
    return found


def _scored(conn: sqlite3.Connection, pairs: str) -> Iterator[tuple[Report, Report, float, dict[str, Any]]]:
    """Score the candidate pairs a batch at a time (ordered by `a`, so each report is read once a batch)."""
    cursor = conn.execute(f"SELECT a, b FROM {pairs} ORDER BY a")
    while batch := cursor.fetchmany(20_000):
        reports = _reports(conn, list({i for pair in batch for i in pair}))
        for a, b in batch:
            value, reasons = score(reports[a], reports[b])
            yield reports[a], reports[b], value, reasons


def reconcile(conn: sqlite3.Connection, only: str | None = None, *, within: bool = True) -> ReconcileResult:
    """Propose links for every event (or for those whose ids are in temp table `only`), in the caller's transaction.

    Proposals made before for these events are replaced; confirmed and rejected links keep their
    status (their score and reasons are brought up to date).
    """
    _prepare(conn)
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
    reconciled = conn.execute(f"SELECT count(*) FROM {only}").fetchone()[0] if only else None
    if result.candidates > PAIRS_PER_EVENT * (reconciled or _count_events(conn)) + PAIRS_FLOOR:
        # Crowded blocks (a feed with hundreds of reports of one town a day) would make the scoring
        # quadratic. There, two reports of one dataset are duplicates only if their titles agree.
        conn.execute(
            f"DELETE FROM {pairs} WHERE (a, b) IN (SELECT p.a, p.b FROM {pairs} p JOIN events x ON x.id = p.a "
            "JOIN events y ON y.id = p.b WHERE x.dataset IS y.dataset AND x.title <> y.title COLLATE NOCASE)"
        )
        result.candidates = conn.execute(f"SELECT count(*) FROM {pairs}").fetchone()[0]
    rows = []
    for a, b, value, reasons in _scored(conn, pairs):
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


BULK_LOAD = 20_000  # new events past which a load does not look for duplicates within their dataset
PAIRS_PER_EVENT = 20  # candidate pairs an event may bring before crowded blocks are thinned
PAIRS_FLOOR = 10_000


def _count_events(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


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


def reconcile_changed(conn: sqlite3.Connection) -> ReconcileResult:
    """After a load, inside its transaction: propose links for the events it added or changed."""
    # A bulk load (a feed of hundreds of reports a town a day) is compared with the other datasets
    # at once; comparing it with itself is quadratic in its crowded days, and left to `frontline reconcile`.
    count = conn.execute("SELECT count(*) FROM temp.reconcile_ids").fetchone()[0]
    result = reconcile(conn, "temp.reconcile_ids", within=count <= BULK_LOAD)
    result.unchecked = 0 if count <= BULK_LOAD else count
    conn.execute("DROP TABLE temp.reconcile_ids")
    return result


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def decide(conn: sqlite3.Connection, first: str, second: str, status: str) -> Link:
    """Confirm or reject the link of two events (made if it was not proposed), and regroup."""
    if status not in ("confirmed", "rejected", "proposed"):
        raise ReconcileError(f"unknown decision {status!r}")
    if first == second:
        raise ReconcileError(f"{first!r}: an event is not linked to itself")
    a, b = sorted((first, second))
    reports = _reports(conn, [a, b])
    for ident in (a, b):
        if ident not in reports:
            raise ReconcileError(f"{ident!r}: no such event")
    value, reasons = score(reports[a], reports[b])
    decided = None if status == "proposed" else _now()
    conn.execute(
        "INSERT INTO links (a, b, score, reasons, status, decided_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (a, b) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at",
        (a, b, value, json.dumps(reasons, ensure_ascii=False), status, decided),
    )
    refresh_groups(conn)
    return link(conn, a, b)  # type: ignore[return-value]  # written just above


def link(conn: sqlite3.Connection, first: str, second: str) -> Link | None:
    a, b = sorted((first, second))
    row = conn.execute(
        "SELECT a, b, score, reasons, status, decided_at FROM links WHERE a = ? AND b = ?", (a, b)
    ).fetchone()
    return _link(row) if row else None


def _link(row: tuple) -> Link:
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
    return [_link(r) for r in conn.execute(sql, (ident, ident, *wanted))]


def group_of(conn: sqlite3.Connection, ident: str) -> tuple[str, list[str]] | None:
    """The group an event is in and its members (ids in order), if it is in one."""
    row = conn.execute("SELECT grp FROM link_groups WHERE id = ?", (ident,)).fetchone()
    if row is None:
        return None
    members = [r[0] for r in conn.execute("SELECT id FROM link_groups WHERE grp = ? ORDER BY id", (row[0],))]
    return row[0], members


@dataclass(frozen=True)
class Proposal:
    """Events joined by links, at least one of them only proposed: what a person has to review."""

    ids: list[str]
    links: list[Link]

    @property
    def score(self) -> float:
        return max(x.score for x in self.links if x.status == "proposed")


def proposals(conn: sqlite3.Connection, limit: int | None = None) -> list[Proposal]:
    """The proposed groups, best first: linked by proposed and confirmed links, rejected ones left out."""
    rows = [_link(r) for r in conn.execute(
        "SELECT a, b, score, reasons, status, decided_at FROM links WHERE status IN ('proposed', 'confirmed') "
        "ORDER BY a, b"
    )]  # fmt: skip
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x in rows:
        ra, rb = root(x.a), root(x.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[Link]] = {}
    for x in rows:
        groups.setdefault(root(x.a), []).append(x)
    found = [
        Proposal(sorted({i for x in links for i in (x.a, x.b)}), links)
        for links in groups.values()
        if any(x.status == "proposed" for x in links)
    ]
    found.sort(key=lambda p: (-p.score, p.ids))
    return found[:limit] if limit is not None else found
