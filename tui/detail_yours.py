"""The user's layer in the detail pane: each corrected field beside the source's value, the tags, the note."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from textual.content import Content

from frontline.store.times import format_when_long
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.query import Event


LABEL_WIDTH = 10
"""The width of a field's label in the pane: its values hang after it."""


def label(name: str) -> Content:
    """A field's name, padded to the width of every label."""
    return Content(name.ljust(LABEL_WIDTH)).stylize(".detail--label")


def _shown_value(event: Event, column: str, value: Any) -> str:
    """A column's value as the pane shows it (a corrected date in words, a list as names)."""
    if column in ("date_start", "date_end"):
        start = event.corrected.get("date_start", event.date_start)
        end = event.corrected.get("date_end", event.date_end)
        return format_when_long(
            start,
            end,
            event.corrected.get("precision", event.precision),
            event.corrected.get("time_start", event.time_start),
            event.corrected.get("time_end", event.time_end),
        )
    if column in ("actors", "sources") and isinstance(value, str):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        return "; ".join(str(i.get("name") or i.get("url")) if isinstance(i, dict) else str(i) for i in items)
    return "(none)" if value is None else str(value)


def yours(event: Event, data: Any, hang: Any) -> list[Content]:
    """The user's layer: each corrected field beside the source's value, the tags, the note."""
    parts: list[Content] = []
    if not (event.corrected or event.tags or event.user_note):
        return parts
    parts += [Content("\n"), Content("Yours").stylize(".detail--heading"), Content("\n")]
    source = clean(event.dataset or "source", True)
    shown: set[str] = set()
    for column, before in event.corrected.items():
        name = (
            "date" if column in ("date_start", "date_end", "precision", "bucket", "time_start", "time_end") else column
        )
        if name in shown or name == "bucket":
            continue
        shown.add(name)
        now = _shown_value(event, column, getattr(event, column, None)) if name != "date" else event.date_long
        then = _shown_value(event, column, before)
        line = Content.assemble(data(now, True), Content(" (you) · ").stylize(".detail--muted"), data(then, True))
        parts += [label(name), hang(line.append(Content(f" ({source})").stylize(".detail--muted"))), Content("\n")]
    if event.tags:
        parts += [label("Tags"), hang(data(" ".join(f"#{t}" for t in event.tags), True)), Content("\n")]
    if event.user_note:
        parts += [label("Your note"), hang(data(event.user_note)), Content("\n")]
    return parts
