"""Content to Strips the short way, for the Line-API widgets (the timeline and the detail pane).

`Visual.to_strips` runs every line through Textual's general formatter (alignment, links, padding);
these widgets only need a line's segments in its styles, which is several times cheaper. Styles named
in Content (".timeline--date", "$text-muted") are resolved once per widget and kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
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
        strip = Strip(segments, content.cell_length).crop_extend(0, width, style.rich_style)
        return Strip(merged(strip), strip.cell_length)

    def lines(self, content: Content, width: int, style: VisualStyle) -> list[Strip]:
        """Every line of `content`, each wrapped to `width` (only those longer than that are wrapped)."""
        strips: list[Strip] = []
        for line in content.split("\n"):
            pieces = [line] if line.cell_length <= width else line.wrap(width)
            strips.extend(self.strip(piece.rstrip(), width, style) for piece in pieces)
        return strips


def _blank_shows(style: RichStyle | None) -> bool:
    """Whether a run of spaces in `style` looks different from spaces in another style on the same background."""
    return style is not None and bool(
        style.reverse or style.underline or style.strike or style.overline or style.underline2 or style.link
    )


def merged(segments: Iterable[Segment]) -> list[Segment]:
    """The same line in fewer segments: neighbours of one style are joined, and spaces whose colour cannot show
    join the segment before them when the background is the same. Every segment costs the terminal its own
    colour codes; a timeline row drops from about nine to six, a whole-screen scroll by a fifth of its bytes."""
    out: list[Segment] = []
    for segment in segments:
        text, style, control = segment
        if out and not control and not out[-1].control:
            last_text, last_style, _ = out[-1]
            same = style == last_style
            if same or (
                not text.strip(" ")
                and not _blank_shows(style)
                and not _blank_shows(last_style)
                and (style.bgcolor if style else None) == (last_style.bgcolor if last_style else None)
            ):
                out[-1] = Segment(last_text + text, last_style)
                continue
        out.append(segment)
    return out
