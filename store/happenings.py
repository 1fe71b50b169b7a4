"""Counting happenings rather than reports: a confirmed group (`store.reconcile`) counts once.

A happening's figure is the highest its reports give (so a sum never counts one death twice), and
the groups whose reports disagree are listed with the range ("10–11 killed"). Every answer is for a
view: the same condition a `Timeline` (or a filtered one) puts on events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontline.store.match_months import MonthCount, spread_months
from frontline.store.models import Stats

if TYPE_CHECKING:
    from frontline.store.query import Search, Timeline


FINENESS = "CASE e.precision WHEN 'time' THEN 0 WHEN 'day' THEN 1 WHEN 'month' THEN 2 ELSE 3 END"
BEST_DATE = f"substr(min({FINENESS} || e.date_start), 2)"
"""A happening's date: the start of its most precisely dated report (the earliest of those as fine)."""


@dataclass(frozen=True)
class Spread:
    """A group of reports in view whose figures differ: the range of each figure."""

    group: str
    title: str
    reports: int
    killed: tuple[int, int] | None
    displaced: tuple[int, int] | None

    def line(self) -> str:
        parts = [f"{low:,}–{high:,} {noun}" if low != high else f"{low:,} {noun}"
                 for pair, noun in ((self.killed, "killed"), (self.displaced, "displaced")) if pair
                 for low, high in [pair]]  # fmt: skip
        return ", ".join(parts)


class Happenings:
    """The view's events grouped into happenings."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline

    def _grouped(self, search: Search | None = None) -> tuple[str, list]:
        """SQL for one row a happening in view: (h, date_start, category, fatalities, displaced, reports,
        yearly: every report knows only the year). Its date is its best-dated report's (`BEST_DATE`): a
        year-only report's date is its year's 1 January, which is no date for the happening."""
        where, args = self.timeline.where()
        if search is not None:
            where += " AND seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
            args = [*args, search.every]
        sql = f"""
            SELECT coalesce(g.grp, e.id) AS h, {BEST_DATE} AS date_start, min(e.category) AS category,
                max(CASE WHEN e.running_total THEN NULL ELSE e.fatalities END) AS fatalities,
                max(CASE WHEN e.running_total THEN NULL ELSE e.displaced END) AS displaced, count(*) AS reports,
                min(length(e.bucket) = 4) AS yearly
            FROM (SELECT * FROM events WHERE {where}) e LEFT JOIN link_groups g ON g.id = e.id
            GROUP BY h
        """
        return sql, list(args)

    def count(self) -> int:
        sql, args = self._grouped()
        return self.timeline._conn().execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0]

    def stats(self) -> Stats:
        """Like `Timeline.stats`, a happening counted once (at its highest figure); running totals as ever."""
        sql, args = self._grouped()
        conn = self.timeline._conn()

        def grouped(key: str) -> list[tuple]:
            query = f"SELECT {key} AS k, count(*), sum(fatalities), sum(displaced) FROM ({sql}) GROUP BY k ORDER BY k"
            return [tuple(r) for r in conn.execute(query, args)]

        base = self.timeline.stats()
        return Stats(grouped("substr(date_start, 1, 4)"), grouped("coalesce(category, '')"), base.running_totals)

    def month_parts(self, search: Search | None = None) -> list[MonthCount]:
        """`Timeline.month_parts` with a happening once, in the month its best-dated report starts; one whose
        reports all know only its year is a year's own event, spread over the year's months."""
        sql, args = self._grouped(search)
        per_bucket = (
            "SELECT CASE WHEN yearly THEN substr(date_start, 1, 4) ELSE substr(date_start, 1, 7) END AS bucket, "
            f"count(*) AS events, coalesce(sum(fatalities), 0) AS killed FROM ({sql}) GROUP BY bucket"
        )
        return [MonthCount(*row) for row in self.timeline._conn().execute(spread_months(per_bucket), args)]

    def spreads(self, limit: int = 50) -> list[Spread]:
        """The groups in view whose reports give different figures, with their ranges."""
        where, args = self.timeline.where()
        sql = f"""
            SELECT g.grp, min(e.title), count(*), min(e.fatalities), max(e.fatalities), min(e.displaced),
                max(e.displaced)
            FROM (SELECT * FROM events WHERE {where}) e JOIN link_groups g ON g.id = e.id
            GROUP BY g.grp HAVING count(*) > 1 ORDER BY min(e.date_start), g.grp LIMIT ?
        """
        found = []
        for group, title, reports, f0, f1, d0, d1 in self.timeline._conn().execute(sql, (*args, limit)):
            killed = (f0, f1) if f0 is not None else None
            displaced = (d0, d1) if d0 is not None else None
            if killed or displaced:
                found.append(Spread(group, title, reports, killed, displaced))
        return found
