"""A vertical scrollbar that repaints only when its thumb moves on the screen.

Textual repaints a scrollbar whenever its position changes. Over a million lines, a line of
scrolling moves the thumb by a thousandth of a cell, so most of those repaints draw the same
cells again, at a few milliseconds per key. This one computes the thumb's cells as the renderer
does and repaints only when they change.
"""

from __future__ import annotations

from math import ceil

from textual._styles_cache import StylesCache
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.visual import Visual, visualize

from frontline.tui.kept_styles import KeptStyles

FILL_TRIES = 1024
"""Thumb positions tried, evenly over the bar, for the ends not drawn yet."""


class ThumbScrollBar(ScrollBar):
    """A ScrollBar whose position repaints only when the thumb's eighth-of-a-cell extent changes."""

    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: dict[tuple, list[Strip]] = {}
        self._rows: dict[tuple, dict[tuple, Strip]] = {}  # each kind of row, by the bar's colours and size

    def thumb(self, position: float) -> tuple[int, int] | None:
        """The thumb's start and end in eighths of a cell, as `ScrollBarRender.render_bar` places it."""
        size = self.size.height if self.vertical else self.size.width
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        if not (window and size and virtual and size != virtual) or virtual == window:
            return None
        bars = len(self.renderer.VERTICAL_BARS if self.vertical else self.renderer.HORIZONTAL_BARS)
        thumb_size = max(1, window / (virtual / size))
        start = int((size - thumb_size) * (position / (virtual - window)) * bars)
        return start, start + ceil(thumb_size * bars)

    def _look(self) -> tuple:
        """Everything the bar's cells depend on: its colours (as `ScrollBar.render` picks them), its thumb."""
        assert self.parent is not None
        styles = self.parent.styles
        if self.grabbed:
            colours = (styles.scrollbar_background_active, styles.scrollbar_color_active)
        elif self.mouse_over:
            colours = (styles.scrollbar_background_hover, styles.scrollbar_color_hover)
        else:
            colours = (styles.scrollbar_background, styles.scrollbar_color)
        return (*colours, self.parent.background_colors, self.screen.styles.scrollbar_color.a == 0,
                self.thumb(self.position), self.size, self.window_size, self.window_virtual_size)  # fmt: skip

    def render_lines(self, crop: Region) -> list[Strip]:
        """The bar drawn once for each look and kept (a few: End and Home go back and forth between two).
        Through Rich, every repaint took about a millisecond of the key's frame; a bar whose kinds of row
        were all drawn before (`_rows`) is put together from them."""
        key = self._look()
        if (whole := self._drawn.get(key)) is None:
            if len(self._drawn) >= 8:
                self._drawn.clear()
            whole = self._from_rows(key)
            if whole is None:
                whole = super().render_lines(Region(0, 0, self.size.width, self.size.height))
                if self._keep_rows(key, whole):
                    self.call_after_refresh(self._fill_rows)
            self._drawn[key] = whole
        return [strip.crop(crop.x, crop.right) for strip in whole[crop.y : crop.bottom]]

    def _row_kinds(self, thumb: tuple[int, int] | None, height: int) -> list[tuple]:
        """What each row of a bar is, as `ScrollBarRender.render_bar` draws it: the track above the thumb
        or below it (they scroll either way on a click), the thumb, or one of its ends (an eighth-block);
        with no thumb (all of it in view), the bare track."""
        if thumb is None:
            return [("track",)] * height
        bars = len(self.renderer.VERTICAL_BARS)
        start_index, start_bar = divmod(max(0, thumb[0]), bars)
        end_index, end_bar = divmod(max(0, thumb[1]), bars)
        kinds: list[tuple] = []
        for y in range(height):
            if y == start_index == end_index:
                kinds.append(("ends", start_bar, end_bar))
            elif y == start_index:
                kinds.append(("start", start_bar))
            elif y == end_index:
                kinds.append(("end", end_bar))
            else:
                kinds.append(("above",) if y < start_index else ("thumb",) if y < end_index else ("below",))
        return kinds

    def _keep_rows(self, look: tuple, whole: list[Strip]) -> bool:
        """Keep the kinds of row of a bar drawn by Textual; True if it had any not kept before."""
        *colours, thumb, size, _, _ = look
        if not self.vertical or len(whole) != size.height:
            return False
        rows = self._rows.setdefault((*colours, size), {})
        new = False
        for kind, strip in zip(self._row_kinds(thumb, size.height), whole, strict=True):
            if kind not in rows:
                rows[kind], new = strip, True
        return new

    def _fill_rows(self) -> None:
        """Draw, a bar a step while the app is idle, the thumbs whose ends this bar has not drawn yet (each
        eighth of a cell), so the next keys find every bar made of rows."""
        look = self._look()
        *colours, thumb, size, window, virtual = look
        rows = self._rows.get((*colours, size))
        span = ceil(virtual) - ceil(window)
        if thumb is None or rows is None or span <= 0 or not self.vertical:
            return
        for step in range(FILL_TRIES):
            position = span * step / (FILL_TRIES - 1)
            if (at := self.thumb(position)) is not None and any(
                kind not in rows for kind in self._row_kinds(at, size.height)
            ):
                self._keep_rows((*colours, at, size, window, virtual), self._draw_at(position))
                self.call_later(self._fill_rows)
                return

    def _draw_at(self, position: float) -> list[Strip]:
        """The bar as Textual draws it with its thumb at `position`, leaving what it shows untouched."""
        width, height = self.size
        shown = self.position
        self.set_reactive(ThumbScrollBar.position, position)
        try:
            visual = visualize(self, self.render(), markup=False)
        finally:
            self.set_reactive(ThumbScrollBar.position, shown)
        strips = Visual.to_strips(self, visual, width, height, self.visual_style)
        blank = Strip.blank(width, self.visual_style.rich_style)
        # This one drawing's lines, for this call only (the instance's attribute hides the method until deleted).
        self.render_line = lambda y: strips[y] if 0 <= y < len(strips) else blank  # type: ignore[method-assign]
        try:
            return StylesCache().render_widget(self, Region(0, 0, width, height))
        finally:
            del self.render_line

    def _from_rows(self, look: tuple) -> list[Strip] | None:
        *colours, thumb, size, _, _ = look
        rows = self._rows.get((*colours, size))
        if rows is None or not self.vertical:
            return None
        try:
            return [rows[kind] for kind in self._row_kinds(thumb, size.height)]
        except KeyError:
            return None  # a kind of row not drawn yet

    def watch_position(self, old: float, new: float) -> None:
        """Repaint the rows whose cells the move changed (the thumb's ends, mostly), not the whole bar: each
        row repainted is a piece of the frame, and a bar 30 rows high took 30 for a step of an eighth."""
        was, now = self.thumb(old), self.thumb(new)
        if was == now and now is not None:
            return
        if was is None or now is None or not self.vertical:
            self.refresh()
            return
        height, width = self.size.height, self.size.width
        before, after = self._row_kinds(was, height), self._row_kinds(now, height)
        runs: list[Region] = []
        for y in (y for y in range(height) if before[y] != after[y]):
            if runs and runs[-1].bottom == y:
                runs[-1] = runs[-1].grow((0, 0, 1, 0))
            else:
                runs.append(Region(0, y, width, 1))
        if runs:
            self.refresh(*runs)


class ThumbScrolled(KeptStyles, ScrollView):
    """A ScrollView of many lines whose virtual size it sets itself, with a ThumbScrollBar."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The scrollbar, made as Textual makes it but repainted only when its thumb moves."""
        if self._vertical_scrollbar is None:
            bar = ThumbScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    _bars_for: Size | None = None  # the virtual size the scrollbars were last set for
    _drawing_at: tuple[int, int] | None = None  # (first line in view, content width) while render_lines runs

    def render_lines(self, crop: Region) -> list[Strip]:
        """As Textual's, with the first line in view and the content's width read once for all the lines
        (`line_place`): read for each line, they were 20 µs of it, half a millisecond of a key that scrolls."""
        self._drawing_at = (int(self.scroll_y), self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing_at = None

    def refresh_lines(self, y_start: int, line_count: int = 1) -> None:
        """As Textual's, but only the content's width: Textual's region took in the scrollbar's column too,
        which was then drawn and sent again with every line (a piece of each row, 33 bytes)."""
        self.refresh(Region(0, y_start - int(self.scroll_y), self.scrollable_content_region.width, line_count))

    def refresh_line(self, y: int) -> None:
        self.refresh_lines(y)

    def line_place(self) -> tuple[int, int]:
        """(The first line in view, the content's width) for `render_line`."""
        return self._drawing_at or (int(self.scroll_y), self.scrollable_content_region.width)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """As ScrollView's, but once the scrollbars are set for our own virtual size, judged against it: the
        layout's guess differs from it on every pass, so the scrollbar was repainted after every layout
        anywhere (a header or prompt update), a frame of its own."""
        judged = self.virtual_size if self.virtual_size == self._bars_for else virtual_size
        return super()._size_updated(size, judged, container_size, layout)

    def _scroll_update(self, virtual_size: Size) -> None:
        self._bars_for = self.virtual_size
        super()._scroll_update(virtual_size)
