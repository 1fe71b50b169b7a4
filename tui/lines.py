"""Display lines of the timeline: events interleaved with year and month separator rows.

Built from `Timeline.buckets()` (one entry per month, not per event), so a million events cost a
few hundred integers here, and line <-> position is a bisect.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.store.query import Bucket


class LineMap:
    """Display line <-> event position, built from the month buckets."""

    def __init__(self, buckets: list[Bucket]) -> None:
        self.firsts: list[int] = []
        self.first_lines: list[int] = []
        self.headers: dict[int, tuple[str, str, int]] = {}
        year_counts: dict[str, int] = {}
        for bucket in buckets:
            year_counts[bucket.key[:4]] = year_counts.get(bucket.key[:4], 0) + bucket.count
        line = 0
        year = None
        for bucket in buckets:
            if bucket.key[:4] != year:
                year = bucket.key[:4]
                self.headers[line] = ("year", year, year_counts[year])
                line += 1
            if len(bucket.key) > 4:
                self.headers[line] = ("month", bucket.key, bucket.count)
                line += 1
            self.firsts.append(bucket.first)
            self.first_lines.append(line)
            line += bucket.count
        self.total = line
        self.count = sum(bucket.count for bucket in buckets)
        self.years = [
            (b.key[:4], b.first) for i, b in enumerate(buckets) if i == 0 or b.key[:4] != buckets[i - 1].key[:4]
        ]
        self.year_starts = [first for _year, first in self.years]

    def line_of(self, pos: int) -> int:
        index = max(bisect_right(self.firsts, pos) - 1, 0)
        return self.first_lines[index] + pos - self.firsts[index] if self.firsts else 0

    def pos_at(self, line: int) -> int | None:
        """The event on a display line, or None for a separator or past the end."""
        if line in self.headers or not self.firsts or not 0 <= line < self.total:
            return None
        index = bisect_right(self.first_lines, line) - 1
        return self.firsts[index] + line - self.first_lines[index]

    def pos_near(self, line: int, forward: bool = True) -> int:
        """The event on `line`, or the nearest one in the given direction (clamped to the ends)."""
        line = min(max(line, 0), self.total - 1)
        step = 1 if forward else -1
        while (pos := self.pos_at(line)) is None:
            line += step
            if not 0 <= line < self.total:
                return self.count - 1 if forward else 0
        return pos

    def bucket_step(self, pos: int, starts: list[int], forward: bool) -> int:
        """The first event of the next (or this/previous) group in `starts`, a sorted list."""
        index = bisect_right(starts, pos) - 1
        if forward:
            return starts[index + 1] if index + 1 < len(starts) else pos
        if index >= 0 and starts[index] < pos:
            return starts[index]
        return starts[index - 1] if index > 0 else 0
