"""What one row of the timeline says: an event (date, category, title, place, toll) or a year or month
separator. Plain functions from data to Content, so the view's drawing only caches and paints them.
"""

from __future__ import annotations

import re
from calendar import month_name
from typing import TYPE_CHECKING

from textual.content import Content

from frontline.tui.marks import MARK
from frontline.tui.text import DISAGREEMENT, category_mark, clean, format_toll

if TYPE_CHECKING:
    from frontline.store.query import Event

HIDDEN = "⊘"
"""Before the title of an event the user hid, in a view that shows hidden events (V); the row is dimmed."""

DATE_WIDTH = 11
"""Cells for '29 Jan 2020'; ranges are wider and push the title right rather than lose an end."""


def header_content(kind: str, key: str, count: int, width: int) -> Content:
    """A year or month separator row: its label, a rule for a year, and how many events it holds."""
    events_text = f"{count:,} event{'s' if count != 1 else ''} "
    if kind == "year":
        label = f" {int(key)} "  # year 602, not '0602'
        rule = "─" * max(width - len(label) - len(events_text) - 2, 1)
        return Content.assemble(label, (rule, "dim"), " ", events_text)
    label = f"   {month_name[int(key[5:7])]} {int(key[:4])}"
    return Content.assemble(label, (f"  {events_text}", "dim"))


def lit_spans(event: Event, pattern: re.Pattern[str] | None) -> tuple[tuple[int, int], ...]:
    """Where the search lights the row's title: the part of a row's look that a new search changes (a row
    whose spans stay the same as the search is typed on keeps its drawing)."""
    if pattern is None:
        return ()
    return tuple(found.span() for found in pattern.finditer(row_title(event)))


def row_title(event: Event) -> str:
    return clean(event.title or "(untitled)", single_line=True)


def event_content(
    event: Event, width: int, is_match: bool, is_marked: bool = False, pattern: re.Pattern[str] | None = None,
    tags: dict[str, tuple[str, str]] | None = None,
) -> Content:  # fmt: skip
    """One event's row: match bar, date, category glyph, dataset tag (with several datasets), mark, a ≠
    where its sources disagree, a ⊘ if the user hid it, title (its search terms lit), place and toll."""
    glyph, glyph_style = category_mark(event.category)
    tag, tag_style = (tags or {}).get(event.dataset or "", ("", ""))
    width_of_tags = max((len(t) for t, _ in (tags or {}).values()), default=0)
    date = event.date_short
    toll = format_toll(event)
    place = clean(event.place or "", single_line=True)
    title = Content(row_title(event))
    place_part = toll_part = None
    if place and width >= 60 and place.casefold() not in title.plain.casefold():
        place_part = Content(place).truncate(16, ellipsis=True).stylize(".timeline--place")
    if toll:
        toll_part = Content(toll).stylize(".timeline--total" if event.running_total else ".timeline--toll")
    left = Content.assemble(
        ("▍" if is_match else " ", ".timeline--match-mark"),
        (date.ljust(DATE_WIDTH), ".timeline--date"),
        " ",
        (glyph, glyph_style),
        " ",
        (f"{tag.ljust(width_of_tags)} " if width_of_tags else "", tag_style),
        (f"{MARK} " if is_marked else "", ".timeline--marked"),
        (f"{DISAGREEMENT} " if event.disagreement else "", ".timeline--disagreement"),
        (f"{HIDDEN} " if event.hidden else "", ".timeline--loading"),
    )
    parts = [part for part in (place_part, toll_part) if part is not None]

    def room() -> int:
        used = sum(part.cell_length + 2 for part in parts)
        return width - left.cell_length - used - 1

    # The place gives way to a readable title; the toll goes only when nothing else is left.
    if place_part is not None and room() < min(title.cell_length, 40):
        parts.remove(place_part)
    if toll_part is not None and room() < 8:
        parts.remove(toll_part)
    right = Content("  ").join(parts)
    room_left = room()
    if pattern is not None:
        title = title.highlight_regex(pattern, style=".timeline--match")
    title = title.truncate(max(room_left, 1), ellipsis=True)
    if event.hidden:
        title = title.stylize(".timeline--loading")  # greyed, as the loading rows are
    gap = max(width - left.cell_length - title.cell_length - right.cell_length - 1, 1)
    return Content.assemble(left, title, " " * gap, right, " ")
