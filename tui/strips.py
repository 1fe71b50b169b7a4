"""Content to Strips the short way, for the Line-API widgets (the timeline and the detail pane).

`Visual.to_strips` runs every line through Textual's general formatter (alignment, links, padding);
these widgets only need a line's segments in its styles, which is several times cheaper. Styles named
in Content (".timeline--date", "$text-muted") are resolved once per widget and kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.content import Content
    from textual.style import Style as VisualStyle
    from textual.widget import Widget


class StripMaker:
    """Renders Content lines to Strips in one widget's styles; `clear()` when its styles change."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._styles: dict[str, VisualStyle] = {}

    def clear(self) -> None:
        self._styles.clear()

    def style(self, name: str | VisualStyle) -> VisualStyle:
        if not isinstance(name, str):
            return name
        if (style := self._styles.get(name)) is None:
            style = self._styles[name] = self.widget._get_style(name)
        return style

    def strip(self, content: Content, width: int, style: VisualStyle) -> Strip:
        """One line that never wraps, cropped or padded to `width`."""
        segments = [
            Segment(text, part.rich_style) for text, part in content.render(style, end="", parse_style=self.style)
        ]
        return Strip(segments, content.cell_length).crop_extend(0, width, style.rich_style)

    def lines(self, content: Content, width: int, style: VisualStyle) -> list[Strip]:
        """Every line of `content`, each wrapped to `width` (only those longer than that are wrapped)."""
        strips: list[Strip] = []
        for line in content.split("\n"):
            pieces = [line] if line.cell_length <= width else line.wrap(width)
            strips.extend(self.strip(piece.rstrip(), width, style) for piece in pieces)
        return strips
