"""Figures for the events a view shows: counts, deaths and displacement by year and by category.

`Timeline.stats()` answers for the whole database; this answers for any view (a filtered one
included) through its `where()`. Running totals are tallies to date: they are never added to the
incident sums, and come back apart, as the events that carry them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.query import EVENT_SELECT, Event, Stats

if TYPE_CHECKING:
    from store.query import Timeline

_INCIDENT_SUMS = (
    "count(*), sum(CASE WHEN running_total THEN NULL ELSE fatalities END), "
    "sum(CASE WHEN running_total THEN NULL ELSE displaced END)"
)


def view_stats(timeline: Timeline) -> Stats:
    """Events and incident figures of this view by year and by category, and its running totals apart."""
    conn = timeline._conn()
    where, args = timeline.where()

    def grouped(key: str) -> list[tuple]:
        sql = f"SELECT {key} AS k, {_INCIDENT_SUMS} FROM events WHERE {where} GROUP BY k ORDER BY k"
        return [tuple(row) for row in conn.execute(sql, args)]

    totals = f"{EVENT_SELECT} WHERE ({where}) AND running_total ORDER BY seq"
    return Stats(
        by_year=grouped("substr(date_start, 1, 4)"),
        by_category=grouped("coalesce(category, '')"),
        running_totals=[Event.from_row(row) for row in conn.execute(totals, args)],
    )


__all__ = ["view_stats"]
