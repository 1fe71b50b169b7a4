"""The timeline: a Line-API view over the store that holds a few pages of events, never all of them.

Display lines (events with year and month separator rows, see `tui.lines`) are drawn by
`render_line`. Rows are fetched a page at a time around the viewport by a thread worker and
rendered into an LRU cache of strips keyed by what changes their look. What a row says is
`tui.timeline_rows`; the keys that move the cursor are `tui.timeline_keys`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.signal import Signal
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.worker import get_current_worker

from frontline.tui.lines import LineMap
from frontline.tui.marks import MarkBook
from frontline.tui.strips import StripMaker
from frontline.tui.text import dataset_tags, term_pattern
from frontline.tui.thumb_scrollbar import ThumbScrolled
from frontline.tui.timeline_eras import TimelineEras
from frontline.tui.timeline_keys import TIMELINE_BINDINGS, TimelineKeys
from frontline.tui.timeline_rows import DATE_WIDTH, event_content, header_content, lit_spans
from frontline.tui.timeline_warm import StripWarmer

if TYPE_CHECKING:
    from frontline.store.query import Bucket, Event, Search, Timeline

PAGE = 128
"""Events fetched per query: a few screens, so scrolling a screen rarely waits for one."""


class TimelineView(TimelineKeys, TimelineEras, ThumbScrolled, can_focus=True):
    """Every event in timeline order, with year and month separators and a cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--year",
        "timeline--month",
        "timeline--date",
        "timeline--place",
        "timeline--toll",
        "timeline--total",
        "timeline--match",
        "timeline--match-mark",
        "timeline--loading",
        "timeline--marked",
        "timeline--disagreement",
    }
    BINDINGS: ClassVar[list[BindingType]] = TIMELINE_BINDINGS

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Position of the event under the cursor."""

    class CursorMoved(Message):
        """The cursor is on another event; `event` is None until its page has arrived."""

        def __init__(self, pos: int, event: Event | None) -> None:
            super().__init__()
            self.pos = pos
            self.event = event

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TimelineView.CursorMoved)

    class PageLoaded(Message):
        """Rows (and the search matches among them) fetched by a worker."""

        def __init__(
            self, page: int, rows: list[Event] | None, search: Search | None, matches: set[int] | None,
            marked: set[str] | None = None, timeline: Timeline | None = None,
        ) -> None:  # fmt: skip
            super().__init__()
            self.page, self.rows, self.search, self.matches = page, rows, search, matches
            self.marked = marked
            self.timeline = timeline  # rows of a view since replaced (filters changed) are dropped

    def __init__(self, timeline: Timeline, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timeline = timeline
        self.search: Search | None = None
        self.lines = LineMap([])
        self.month_starts: list[int] = []
        self._pages: LRUCache[int, list[Event]] = LRUCache(16)  # 2,048 events; a window is 3-4 pages
        self._matches: dict[int, set[int]] = {}
        self._inflight: set[int] = set()
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._maker = StripMaker(self)
        self._warmer = StripWarmer(
            self._warm_line, lambda step: self.set_timer(0.02, step), self.call_later, self._warm_edge
        )
        self._pattern: re.Pattern[str] | None = None
        self._announced: int | None = None
        self._window_wanted = False
        self.marks = MarkBook()
        """Which fetched rows are marked: asked with every page, never per row."""
        self.dataset_tags: dict[str, tuple[str, str]] = {}
        """Each dataset's tag and style, when more than one is loaded (set by the app)."""
        self.cursor_signal: Signal[tuple[int, Event | None, int]] = Signal(self, "cursor")
        """(position, event or None, events in the view) published the moment the cursor moves, before this frame is drawn:
        a subscriber with `immediate=True` updates its widgets in the same frame as the cursor."""
        self.pages_signal: Signal[int] = Signal(self, "pages")
        """A page of events was read (the events the next key may show can be drawn ahead now)."""

    # -- loading ---------------------------------------------------------------------------

    def load(self, at: int = 0, buckets: list[Bucket] | None = None) -> None:
        """Read the shape of the timeline and the page under `at`: two small queries (the buckets may
        come read already, from a worker that opened a filtered view)."""
        buckets = self.timeline.buckets() if buckets is None else buckets
        self._pages.clear()
        self._matches.clear()
        self._inflight.clear()
        self.lines = LineMap(buckets)
        self.month_starts = [bucket.first for bucket in buckets]
        self.virtual_size = Size(self.size.width, self.lines.total)
        if self.lines.count:
            at = min(max(at, 0), self.lines.count - 1)
            self._fetch_page_now(at // PAGE)
        self._strips.clear()
        self.refresh()
        self.set_reactive(TimelineView.cursor, -1)
        self.cursor = max(at, 0) if self.lines.count else 0
        self.call_after_refresh(self._show_first_era)  # after whoever loaded us has set the border

    def _fetch_page_now(self, page: int) -> None:
        """Read one page on the UI thread (1.4-2.2 ms anywhere in a million events), so that a long jump
        draws its rows in its own frame rather than placeholders until a worker's page arrives."""
        rows = self._pages[page] = self.timeline.rows(page * PAGE, PAGE)
        self.marks.page([e.id for e in rows], self.timeline.marked([e.id for e in rows]))

    def _matches_now(self) -> None:
        """During a search, read on the UI thread the matches of the pages on screen whose rows are held
        (0.1-2 ms a page): a jump to rows read ahead, before the worker had their matches, drew them
        unmarked, then a second frame."""
        if self.search is not None and self.lines.count:
            for page in self._screen_pages():
                if page in self._pages and page not in self._matches:
                    self._matches[page] = self.search.matches_in(page * PAGE, (page + 1) * PAGE)

    def reload_marks(self) -> None:
        """Marks changed in the database (another process, or our own worker): read them for the pages held."""
        self.marks.clear()
        for page in list(self._pages.keys()):
            if (rows := self._pages.get(page)) is not None:
                self.marks.page([e.id for e in rows], self.timeline.marked([e.id for e in rows]))
        self._strips.clear()
        self.refresh()

    def event_at(self, pos: int) -> Event | None:
        """The event at a position, if its page is in memory."""
        rows = self._pages.get(pos // PAGE)
        if rows is not None and 0 <= pos % PAGE < len(rows):
            return rows[pos % PAGE]
        return None

    def set_search(self, search: Search | None, matches: dict[int, set[int]] | None = None) -> None:
        """Show a new search (or none): highlight its terms and mark the matching rows (`matches`: those of
        some pages, read already with the search, so they show in its first frame)."""
        self.search = search
        self._pattern = term_pattern(search.terms) if search else None
        self._matches.clear()
        if search is not None and matches:
            self._matches.update(matches)
        self._inflight.clear()
        self.refresh()  # a row is drawn again only if what it lights or marks changed (its strip's key)
        self._window_after_frame()  # the answer's frame has the matches around it already
        self._warm()  # the screens drawn ahead lit the terms of the search before

    def add_matches(self, search: Search, matches: dict[int, set[int]]) -> None:
        """Matches of the search shown, read again (exactly, after a quick first answer): redrawn where they differ."""
        if search is not self.search:
            return
        changed: set[int] = set()
        for page, found in matches.items():
            changed |= found ^ self._matches.get(page, set())
        self._matches.update(matches)
        top, height = int(self.scroll_y), self.size.height
        for pos in changed:  # only the rows on screen whose mark changed: a whole repaint is a frame of 11 KB
            if top <= (line := self.lines.line_of(pos)) < top + height:
                self.refresh_line(line)

    def _window_pages(self) -> list[int]:
        if not self.lines.count:
            return []
        top = self.lines.pos_near(int(self.scroll_y), forward=True)
        bottom = self.lines.pos_near(int(self.scroll_y) + self.size.height, forward=False)
        first = max(min(top, bottom, self.cursor) - PAGE, 0) // PAGE
        last = min(max(top, bottom, self.cursor) + PAGE, self.lines.count - 1) // PAGE
        around = range(first, last + 1)
        return [*around, *sorted(self.jump_pages(self.size.height, PAGE).difference(around))]

    def _window_after_frame(self) -> None:
        """Fetch the pages around the viewport once this frame is out: the worker's Python would share the
        interpreter with the frame's drawing (a PageDown that started a read took 22-31 ms, not 11)."""
        if not self._window_wanted:
            self._window_wanted = True
            self.call_after_refresh(self._request_window)

    def _request_window(self) -> None:
        """Fetch the pages around the viewport that are missing, in one worker."""
        wanted = [
            page
            for page in self._window_pages()
            if page not in self._pages or (self.search is not None and page not in self._matches)
        ]
        self._window_wanted = False
        if wanted and not set(wanted) <= self._inflight:
            self._inflight = set(wanted)
            wanted.sort(key=lambda page: abs(page - self.cursor // PAGE))  # the cursor's page first
            self._fetch([(page, page not in self._pages) for page in wanted], self.search)

    @work(thread=True, exclusive=True, group="timeline-pages")
    def _fetch(self, pages: list[tuple[int, bool]], search: Search | None) -> None:
        """Read pages (rows if missing, matches if searching); a newer window cancels the rest."""
        worker = get_current_worker()
        timeline = self.timeline
        for page, need_rows in pages:
            if worker.is_cancelled:
                return
            start = page * PAGE
            rows = timeline.rows(start, PAGE) if need_rows else None
            matches = search.matches_in(start, start + PAGE) if search is not None else None
            marked = self.timeline.marked([e.id for e in rows]) if rows else None
            self.post_message(self.PageLoaded(page, rows, search, matches, marked, timeline))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.timeline is not None and message.timeline is not self.timeline:
            return
        self._inflight.discard(message.page)
        if message.rows is not None:
            self._pages[message.page] = message.rows
            self.marks.page([e.id for e in message.rows], message.marked or set())
            self._warm()
            self.pages_signal.publish(message.page)
        if message.matches is not None and message.search is self.search:
            self._matches[message.page] = message.matches
        if self._page_on_screen(message.page):  # a page fetched ahead is drawn when scrolled to, not now
            self.refresh()
            self.show_era()
        if self._announced != self.cursor and self.cursor // PAGE == message.page:
            self._announce()

    def _page_on_screen(self, page: int) -> bool:
        return not self.lines.count or page in self._screen_pages()

    def _screen_pages(self) -> range:
        top = self.lines.pos_near(int(self.scroll_y), forward=True)
        bottom = self.lines.pos_near(int(self.scroll_y) + self.size.height, forward=False)
        return range(min(top, bottom) // PAGE, max(top, bottom) // PAGE + 1)

    def _announce(self) -> None:
        event = self.event_at(self.cursor)
        if event is not None:
            self._announced = self.cursor
        self.cursor_signal.publish((self.cursor, event, self.lines.count))
        self.post_message(self.CursorMoved(self.cursor, event))

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, pos: int) -> int:
        return min(max(pos, 0), max(self.lines.count - 1, 0))

    def watch_cursor(self, old: int, new: int) -> None:
        if self.lines.count and new // PAGE not in self._pages:
            self._fetch_page_now(new // PAGE)  # only the cursor's own page: its neighbours come from the worker
        if old >= 0:
            self.refresh_line(self.lines.line_of(old))
        self.refresh_line(self.lines.line_of(new))
        self.scroll_to_cursor()
        self._matches_now()
        self._window_after_frame()
        self._announce()
        self._warm()

    def _warm(self) -> None:
        """Draw the screens the next key may show, once this frame is out (see `StripWarmer`)."""
        region = self.scrollable_content_region
        top, step = int(self.scroll_y), max(region.height - 1, 1)  # where PageDown and PageUp go
        jumps = [max(self.lines.line_of(spot) - region.height // 3, 0) for spot in self.year_targets()]
        cursors = [self.lines.line_of(spot) for spot in self.next_positions()]
        edges = [top + step, top - step, 0, self.lines.total, *jumps]
        self._warmer.start(top, region.height, self.lines.total, region.width, jumps, cursors, edges)

    def _show_first_era(self) -> None:
        self.show_era()
        self._warm()  # the next screens' names are styled in the colours of this one (`subtitle_ahead`)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._window_after_frame()
        self.show_era()
        self._warm()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.lines.total)
        self._request_window()
        self.call_after_refresh(self.scroll_to_cursor)
        self._warm()  # screens of another height (the search's prompt came or went)

    def on_focus(self) -> None:
        self.refresh_line(self.lines.line_of(self.cursor))

    on_blur = on_focus

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and self.lines.count:
            self.cursor = self.lines.pos_near(int(self.scroll_y) + offset.y)

    # -- marks -----------------------------------------------------------------------------

    def show_mark(self, event: Event, marked: bool) -> None:
        """An event was marked or unmarked: redraw its row if it is one of this view's."""
        self.marks.set(event.id, marked)
        if (shown := self.event_at(event.pos)) is not None and shown.id == event.id:
            self.refresh_line(self.lines.line_of(event.pos))

    # -- drawing ---------------------------------------------------------------------------

    def set_datasets(self, names: list[str]) -> None:
        """Tag every row with its dataset when there is more than one."""
        self.dataset_tags = dataset_tags(names)
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._maker.clear()

    def render_line(self, y: int) -> Strip:
        top, width = self.line_place()
        line = top + y
        if (strip := self._line_strip(line, width)) is not None:
            return strip
        if self.lines.pos_at(line) is None:
            return Strip.blank(width, self.rich_style)
        if not self._window_wanted:
            self._window_wanted = True
            self.call_later(self._request_window)
        return self._strip(Content(" " * (DATE_WIDTH + 2) + "…"), width, self.get_visual_style("timeline--loading"))

    def _line_strip(self, line: int, width: int, as_cursor: bool = False) -> Strip | None:
        """A display line drawn (from the cache when it can be), `as_cursor`: as the cursor's row wherever the
        cursor is; None when its event is not read yet."""
        header = self.lines.headers.get(line)
        pos = None if header else self.lines.pos_at(line)
        event = self.event_at(pos) if pos is not None else None
        if header is None and event is None:
            return None
        is_cursor = pos is not None and (as_cursor or pos == self.cursor)
        matched = self._matches.get(pos // PAGE) if pos is not None and self.search else None
        is_match = matched is not None and pos in matched
        is_marked = event is not None and event.id in self.marks
        lit = lit_spans(event, self._pattern) if event is not None else ()
        key = (line, is_cursor, is_cursor and self.has_focus, lit, width, is_match, is_marked)
        if (strip := self._strips.get(key)) is None:
            if header is not None:
                content = header_content(*header, width - 1)
                content = Content.assemble(self.eras.band(self.day_of_line(line) or ""), content)
                style = self.get_visual_style(f"timeline--{header[0]}")
            else:
                assert event is not None
                content = event_content(event, width - 1, is_match, is_marked, self._pattern, self.dataset_tags)
                content = Content.assemble(self.eras.band(event.date_start), content)
                style = self.get_visual_style("timeline--cursor") if is_cursor else self.visual_style
            strip = self._strips[key] = self._strip(content, width, style)
        return strip

    def _warm_line(self, line: int, width: int, as_cursor: bool) -> None:
        """Draw and style a line the next key may show (see `StripWarmer`)."""
        if (strip := self._line_strip(line, width, as_cursor)) is not None:
            self.style_ahead(strip)

    def _strip(self, content: Content, width: int, style: VisualStyle) -> Strip:
        return self._maker.strip(content, width, style)
