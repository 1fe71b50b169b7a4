"""The header line: what is loaded, the span it covers, how many events, the filters and the search."""

from __future__ import annotations

from calendar import month_abbr
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.filters import Filters
    from frontline.store.query import Search, Summary


def month_label(iso: str) -> str:
    """'2019-12-05' -> 'Dec 2019'; '0602-01-01' -> 'Jan 602' (a year is a number, not four digits)."""
    return f"{month_abbr[int(iso[5:7])]} {int(iso[:4])}" if len(iso) >= 7 else str(int(iso[:4]))


class HeaderBar(Static):
    """One line: what is loaded, the span it covers, how many events, and the active search."""

    def show(
        self, summary: Summary, search: Search | None, count: int | None, rank: int | None,
        filters: Filters | None = None, total: int | None = None, partial: bool = False,
    ) -> None:  # fmt: skip
        """`partial`: `count` is a lower bound while the exact count is being read ("10,000+")."""
        name = clean(", ".join(summary.datasets) or "no dataset", single_line=True)
        noun = "event" if (total if filters and total is not None else summary.count) == 1 else "events"
        events = (
            f"{summary.count:,} of {total:,} {noun}" if filters and total is not None else f"{summary.count:,} {noun}"
        )
        span = ""
        if summary.first and summary.last:
            span = f"{month_label(summary.first)} – {month_label(summary.last)}"
        right = Content("")
        if search is not None:
            if count is None:
                where = "…"
            elif not count:
                where = "no matches"
            else:
                total_text = f"{count:,}+" if partial else f"{count:,}"
                where = f"{rank:,}/{total_text}" if rank else f"–/{total_text}"
            right = Content.assemble(("/", "bold $text-accent"), (clean(search.text, True), "bold"), f" {where} ")
        width = self.size.width or 120
        described = Content(clean(filters.describe(), True) if filters else "")
        # The search and the filters say what is on screen: the span, then the dataset's name give way to them.
        for shown_name, shown_span in ((name, span), (name, ""), ("", "")):
            left = Content.assemble(
                (" frontline ", "bold $text-accent"),
                (" " + shown_name if shown_name else "", "bold"),
                (f"  {shown_span}" if shown_span else "", "$text-muted"),
                (f"  {events}", "$text-muted"),
            )
            if left.cell_length + described.cell_length + right.cell_length + 3 <= width:
                break
        if described:
            room = max(width - left.cell_length - right.cell_length - 3, 12)
            shown = described.truncate(room, ellipsis=True).stylize("bold $text-secondary")
            right = Content.assemble(shown, "  " if search else " ", right)
        gap = max(width - left.cell_length - right.cell_length, 1)
        # One line across the screen whatever it says: no layout pass (it would lay out every widget).
        self.update(Content.assemble(left, " " * gap, right), layout=False)
