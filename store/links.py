"""The door to reconcile for the command line and the screen: run it, decide, and read what is linked.

`Links` wraps one database (through a connection factory, so a `Timeline` can share its per-thread
connections) and holds every write in a transaction of its own.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.store import reconcile as rc
from frontline.store.models import EVENT_SELECT, Event
from frontline.store.reconcile import Link, ReconcileError, ReconcileResult
from frontline.store.reconcile_groups import groups, loose
from frontline.store.schema import open_database

if TYPE_CHECKING:
    from frontline.store.query import Timeline


@dataclass(frozen=True)
class Linked:
    """One event's links: the group it is in (confirmed), and every report linked to it."""

    event: Event
    group: str | None
    links: list[Link]
    others: list[Event]  # in the order of `links`

    def link_to(self, other: Event) -> Link:
        return next(x for x in self.links if other.id in (x.a, x.b))


@dataclass(frozen=True)
class Proposal:
    """Events joined by links, at least one of them only proposed: what a person has to review."""

    ids: list[str]
    links: list[Link]

    @property
    def score(self) -> float:
        return max(x.score for x in self.links if x.status == "proposed")


def proposals(conn: sqlite3.Connection, limit: int | None = None) -> list[Proposal]:
    """The proposed groups, best first: linked by proposed and confirmed links, rejected ones left out.

    A running total or a report placed only in its governorate stands beside each group it is
    linked to, and never joins two of them (`reconcile_groups`)."""
    rows = [rc.link_of_row(r) for r in conn.execute(
        "SELECT a, b, score, reasons, status, decided_at FROM links WHERE status IN ('proposed', 'confirmed') "
        "ORDER BY a, b"
    )]  # fmt: skip
    wide = loose(conn, ("proposed", "confirmed"))
    found = [
        Proposal(ids, links)
        for ids, links in groups(rows, wide, beside_each=True)
        if any(x.status == "proposed" for x in links)
    ]
    found.sort(key=lambda p: (-p.score, p.ids))
    return found[:limit] if limit is not None else found


class Links:
    def __init__(self, connect: Callable[[], sqlite3.Connection]):
        self._connect = connect

    @classmethod
    def of(cls, timeline: Timeline) -> Links:
        """The links of a timeline's database, through its connection for the calling thread."""
        return cls(timeline._conn)

    @classmethod
    def open(cls, path: Path | str) -> Links:
        conn = open_database(path).conn
        return cls(lambda: conn)

    def close(self) -> None:
        self._connect().close()

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> object:
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    def run(self) -> ReconcileResult:
        """Compare every event (`frontline reconcile`); decisions already taken stay."""
        return self._write(rc.reconcile)  # type: ignore[return-value]  # reconcile returns a ReconcileResult

    def decide(self, ids: list[str], status: str) -> list[Link]:
        """Confirm (or reject) the links of a chain of events: a–b, b–c … All or none are written."""
        if len(ids) < 2:
            raise ReconcileError("give two event ids (or more) to link")
        return self._write(  # type: ignore[return-value]  # the lambda returns the list of links
            lambda conn: [rc.decide(conn, a, b, status) for a, b in itertools.pairwise(ids)]
        )

    def proposals(self, limit: int | None = None) -> list[Proposal]:
        return proposals(self._connect(), limit)

    def events(self, ids: Iterable[str]) -> dict[str, Event]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Event] = {}
        conn = self._connect()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            sql = f"{EVENT_SELECT} WHERE id IN ({', '.join('?' * len(chunk))})"
            for row in conn.execute(sql, chunk):
                event = Event.from_row(row)
                found[event.id] = event
        return found

    def linked(self, event: Event) -> Linked:
        """The confirmed and proposed links of an event, with the events at their other ends."""
        conn = self._connect()
        group = rc.group_of(conn, event.id)
        links = rc.links_of(conn, event.id)
        others = self.events(x.other(event.id) for x in links)
        kept = [x for x in links if x.other(event.id) in others]
        return Linked(event, group[0] if group else None, kept, [others[x.other(event.id)] for x in kept])

    def best_proposal(self, ident: str) -> Link | None:
        """The proposed link of an event with the highest score: what a key in the timeline decides on."""
        links = rc.links_of(self._connect(), ident, ("proposed",))
        return links[0] if links else None


__all__ = ["Link", "Linked", "Links", "Proposal", "ReconcileError", "ReconcileResult"]
