"""Textual's styling of a widget's lines, kept for each line the widget draws, and done ahead.

Textual puts every line a widget draws through its styles (the border's sides, padding, the focus
tint): about 45 µs a line, 1.5 ms of a key that brings a new screen of the timeline or a new event
into the detail pane, however well those lines were drawn ahead. A content line's styled form
depends only on the line and on the widget's look, so this cache keeps it for each Strip the widget
draws (the widgets keep their Strips), and can style a Strip ahead of the key that shows it. The
border's top row depends only on the look and the border's title, and the bottom on its subtitle: kept
for those (a third of the time a pane took to draw afresh, as when the timeline scrolls). A new era's
name in the timeline's subtitle repaints the bottom row alone (`show_subtitle`), and the names the next
keys may show are styled there ahead (`subtitle_ahead`). A change of
style (focus, theme) forgets everything (`forget`, from the widget's `notify_style_update`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.color import Color
    from textual.content import Content
    from textual.css.styles import StylesBase
    from textual.filter import LineFilter
    from textual.geometry import Size, Spacing
    from textual.strip import Strip

KEEP = 512
"""Styled lines kept: several screens of both panes."""
EDGES = 64
"""Border rows kept: a top and a bottom for each title and subtitle (the timeline's names the era)."""


class KeptStylesCache(StylesCache):
    """A StylesCache that remembers the styled line made from each content Strip (by identity)."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: dict[int, tuple[Strip, Strip]] = {}
        self._edges: dict[tuple[Any, ...], Strip] = {}  # (y, the label it shows): a border row, styled
        self._look: tuple[Any, ...] | None = None
        self._last: tuple[Any, ...] | None = None  # the arguments of the last content line, to style ahead
        self._bottom: tuple[Any, ...] | None = None  # and of the last bottom border row
        self._filters: Sequence[LineFilter] = ()  # the app's, applied to every line after the styles

    def forget(self) -> None:
        """The widget's style changed: no line is styled as it was."""
        self._kept.clear()
        self._edges.clear()
        self._look = self._last = self._bottom = None

    def styled(self, content: Strip) -> Strip | None:
        """A content line as the widget will show it, styled now (None: the widget has not drawn yet)."""
        if self._last is None:
            return None
        if (kept := self._kept.pop(id(content), None)) is not None and kept[0] is content:
            self._kept[id(content)] = kept  # styled ahead again: kept as if new
            return kept[1]
        styles, y, *rest = self._last
        line = self._style(content, styles, y, rest)
        background = rest[4]
        for line_filter in self._filters:  # the filtered line is kept by the Strip
            line = line.apply_filter(line_filter, background)
        return line

    def _style(self, content: Strip, styles: StylesBase, y: int, rest: list[Any]) -> Strip:
        size, content_size, padding, base_background, background, _, *after = rest
        line = super().render_line(
            styles, y, size, content_size, padding, base_background, background, lambda _y: content, *after
        )
        if len(self._kept) >= KEEP:
            del self._kept[next(iter(self._kept))]
        self._kept[id(content)] = (content, line)
        return line

    def render_widget(self, widget: Widget, crop: Region) -> list[Strip]:
        styles = widget.styles
        look = (widget.region.size, widget.content_region.size, widget.background_colors, styles.border,
                styles.outline, styles.padding, styles.tint, styles.text_opacity, widget.opacity,
                widget.app.ansi_theme)  # fmt: skip
        if look != self._look:  # anything a content line's styling depends on
            self.forget()
            self._look = look
        self._filters = widget.get_line_filters()
        return super().render_widget(widget, crop)

    def render_line(
        self, styles: StylesBase, y: int, size: Size, content_size: Size, padding: Spacing, base_background: Color,
        background: Color, render_content_line: Callable[[int], Strip], *rest: Any,
    ) -> Strip:  # fmt: skip
        gutter = styles.gutter
        row = y - gutter.top
        args = (size, content_size, padding, base_background, background, render_content_line, *rest)
        if not (0 <= row < content_size.height and gutter.top <= y < size.height - gutter.bottom):
            if y:
                self._bottom = (styles, y, args)
            return self._edge(styles, y, args)
        self._last = (styles, y, *args)
        content = render_content_line(row)
        if (kept := self._kept.get(id(content))) is not None and kept[0] is content:
            return kept[1]
        return self._style(content, styles, y, list(args))

    def _edge(self, styles: StylesBase, y: int, args: tuple[Any, ...]) -> Strip:
        """A border row, styled once for each label it shows: the top row shows the title, the bottom the
        subtitle (a label is its text, its spans and its colours: Content alone compares only its text)."""
        label = args[6] if y == 0 else args[7]
        edge = (y, None if label is None else (label[0].plain, tuple(label[0].spans), *label[1:]))
        if (line := self._edges.get(edge)) is None:
            if len(self._edges) >= EDGES:
                self._edges.clear()
            line = self._edges[edge] = super().render_line(styles, y, *args)
        return line

    def bottom_ahead(self, subtitle: tuple[Any, ...]) -> None:
        """Style the bottom border row as it will be with this subtitle (the label, its colours and style)."""
        if self._bottom is None:
            return  # not drawn yet
        styles, y, args = self._bottom
        args = (*args[:7], subtitle, *args[8:])
        line = self._edge(styles, y, args)
        for line_filter in self._filters:  # the filtered line is kept by the Strip
            line = line.apply_filter(line_filter, args[4])


class KeptStyles(Widget):
    """A widget whose content lines are styled once each (`KeptStylesCache`), and can be styled ahead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_styles = KeptStylesCache()
        self._styles_cache = self._kept_styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kept_styles.forget()

    def show_subtitle(self, label: Content) -> None:
        """Put a label in the border's bottom row, repainting that row alone. Textual's `border_subtitle`
        repaints the whole widget, its borders and its top row too: a wider piece of the frame on every
        row (the timeline names a new era on most pages of the built-in data)."""
        self._border_subtitle = self._as_subtitle(label)
        offset, (width, height) = self.content_offset, self.outer_size
        self.refresh(Region(-offset.x, height - 1 - offset.y, width, 1))

    def subtitle_ahead(self, label: Content) -> None:
        """Style the bottom border row for a subtitle the next key may show."""
        colours = self._get_subtitle_style_information(self.background_colors[0])  # as Textual draws it
        self._kept_styles.bottom_ahead((self._as_subtitle(label), *colours))

    @staticmethod
    def _as_subtitle(label: Content) -> Content:
        return label.expand_tabs(4).split()[0]  # as Textual's `border_subtitle` keeps it

    def style_ahead(self, line: Strip) -> None:
        """Style a line the next key may show, so that key finds it styled."""
        self._kept_styles.styled(line)
