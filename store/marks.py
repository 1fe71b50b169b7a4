"""Going from mark to mark in a view, round the end and back to the top.

Marks themselves are kept by `Timeline.toggle_mark` in the `marks` table, by event id, so they
survive a restart and a reload that reorders the timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.store.query import Timeline


def first_mark(timeline: Timeline) -> int | None:
    """The position of the view's first marked event, if it has any."""
    where, args = timeline.where()
    sql = f"SELECT seq FROM events WHERE {where} AND id IN (SELECT id FROM marks) ORDER BY seq LIMIT 1"
    row = timeline._conn().execute(sql, args).fetchone()
    return None if row is None else timeline.position_of_seq(row[0])


def next_mark_around(timeline: Timeline, pos: int) -> tuple[int | None, bool]:
    """The next marked event after `pos`, else the first one from the top: (position or None, wrapped)."""
    found = timeline.next_mark(pos)
    if found is not None:
        return found, False
    return first_mark(timeline), True


def mark_count(timeline: Timeline) -> int:
    """How many of the view's events are marked."""
    where, args = timeline.where()
    sql = f"SELECT count(*) FROM events WHERE {where} AND id IN (SELECT id FROM marks)"
    return timeline._conn().execute(sql, args).fetchone()[0]


__all__ = ["first_mark", "mark_count", "next_mark_around"]
