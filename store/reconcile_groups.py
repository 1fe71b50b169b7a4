"""Groups of linked reports: one happening each, never chained through a running total or a wide place.

Links join reports into groups, directly or through others. A report that is a running total (a
toll "to date") or placed only in a governorate or a country (`reconcile_names.wide_place`) may be
linked to the reports of several happenings (the strikes on Ariha and on Kafr Lata are both in
the province's toll): it is not a bridge. Reports of towns join through links between them; a
wide report joins them beside, and two groups of towns it is linked to stay two groups.

In the confirmed groups (`link_groups`, one group an event) a wide report goes with the group of
its best link; in the groups proposed for review it stands beside each group it is linked to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from frontline.store.reconcile_names import wide_place

if TYPE_CHECKING:
    from frontline.store.reconcile import Link

_WIDE = "frontline_wide_place"


class _Sets:
    """Union-find over ids: each set is named by its smallest id."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, x: str) -> str:
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def loose(conn: sqlite3.Connection, statuses: Iterable[str]) -> set[str]:
    """The linked reports (by links of these statuses) that are running totals or wide places."""
    conn.create_function(_WIDE, 5, wide_place, deterministic=True)
    wanted = list(statuses)
    marks = ", ".join("?" * len(wanted))
    rows = conn.execute(
        f"""
        SELECT e.id FROM events e LEFT JOIN places p ON p.name = e.place_id
        WHERE e.id IN (SELECT a FROM links WHERE status IN ({marks}) UNION SELECT b FROM links WHERE status IN ({marks}))
          AND (e.running_total OR {_WIDE}(e.place, e.place_id, p.admin1,
               CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.geo_precision') END,
               CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.where_prec') END))
        """,
        (*wanted, *wanted),
    )
    return {r[0] for r in rows}


def _rank(link: Link) -> tuple:
    return (link.status != "confirmed", -link.score, link.a, link.b)


def groups(links: list[Link], wide: set[str], *, beside_each: bool) -> list[tuple[list[str], list[Link]]]:
    """The groups the links make: (member ids in order, the links among them).

    Links between two town reports, or between two wide ones, join groups. A link between a wide
    report and a town's joins the wide report's group to the town's group without joining the
    towns' groups to each other: beside each of them (`beside_each`, for review) or beside the one
    of its best link (confirmed first, then the highest score)."""
    sets = _Sets()
    bridges: list[Link] = []
    for x in links:
        if (x.a in wide) == (x.b in wide):
            sets.join(x.a, x.b)
        else:
            bridges.append(x)
    members: dict[str, set[str]] = {}
    inner: dict[str, list[Link]] = {}
    for x in links:
        for ident in (x.a, x.b):
            members.setdefault(sets.root(ident), set()).add(ident)
        if (x.a in wide) == (x.b in wide):
            inner.setdefault(sets.root(x.a), []).append(x)
    # Each wide group with the town groups it is linked to, the best link first.
    towns_of: dict[str, list[tuple[str, Link]]] = {}
    for x in sorted(bridges, key=_rank):
        wide_end, town_end = (x.a, x.b) if x.a in wide else (x.b, x.a)
        towns_of.setdefault(sets.root(wide_end), []).append((sets.root(town_end), x))
    found: dict[str, tuple[set[str], list[Link]]] = {}
    for root, ids in members.items():
        if root in towns_of:
            continue  # a wide group linked to towns: it goes beside them, below
        found[root] = (set(ids), list(inner.get(root, [])))
    for root, towns in towns_of.items():
        chosen = list(dict.fromkeys(town for town, _ in towns))
        for town in chosen if beside_each else chosen[:1]:
            ids, kept = found[town]
            ids |= members[root]
            kept += inner.get(root, []) + [x for t, x in towns if t == town]
    result = [(sorted(ids), kept) for ids, kept in found.values()]
    return sorted(result, key=lambda g: g[0])


def refresh_groups(conn: sqlite3.Connection) -> None:
    """Events joined by confirmed links, directly or through others (but never through a wide report),
    form a group named by its smallest id."""
    from frontline.store.reconcile import link_of_row

    links = [
        link_of_row(r)
        for r in conn.execute(
            "SELECT a, b, score, reasons, status, decided_at FROM links WHERE status = 'confirmed' ORDER BY a, b"
        )
    ]
    conn.execute("DELETE FROM link_groups")
    rows = [(x, ids[0]) for ids, _ in groups(links, loose(conn, ["confirmed"]), beside_each=False) for x in ids]
    conn.executemany("INSERT INTO link_groups (id, grp) VALUES (?, ?)", rows)
