"""FrontlineApp: the header, the timeline, the detail pane, the prompts and the footer.

The app owns the search state and the database workers that answer it (`SearchActions`), the
filters (`FilterActions`) and the marks (`MarkKeys`); the widgets post messages up and the app sets
attributes down.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import constants, events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input

from frontline.store.dates import DateError, parse_date
from frontline.store.filters import Filters
from frontline.store.links import Links
from frontline.store.query import Event, Summary, Timeline
from frontline.tui.app_files import AppFiles
from frontline.tui.commands import TimelineCommands
from frontline.tui.density import DensityStrip
from frontline.tui.detail import DetailPane
from frontline.tui.eras import EraBands
from frontline.tui.export_view import ExportActions
from frontline.tui.filtering import FILTER_ACTIONS, FILTER_BINDINGS, FilterActions
from frontline.tui.frames_out import FramesOut
from frontline.tui.header import HeaderBar
from frontline.tui.heap import Heap
from frontline.tui.help import HelpScreen
from frontline.tui.inert import InertText
from frontline.tui.layer_keys import LAYER_ACTIONS, LAYER_BINDINGS, LayerKeys
from frontline.tui.linking import LINK_BINDINGS, LinkKeys
from frontline.tui.live import LIVE_BINDINGS, LiveActions
from frontline.tui.map import MapScreen
from frontline.tui.marks import MARK_BINDINGS, MarkKeys
from frontline.tui.search import PromptBar, date_bar, search_bar
from frontline.tui.search_actions import SearchActions
from frontline.tui.stats import StatsScreen
from frontline.tui.text import clean, term_pattern
from frontline.tui.timeline import TimelineView


class FrontlineApp(
    InertText,
    ExportActions,
    LiveActions,
    LayerKeys,
    SearchActions,
    MarkKeys,
    LinkKeys,
    FilterActions,
    AppFiles,
    FramesOut,
    App[None],
):
    """A terminal timeline explorer."""

    CSS_PATH = "app.tcss"
    TITLE = "frontline"
    COMMANDS = App.COMMANDS | {TimelineCommands}
    # Textual declares it `ClassVar[...] | None`, which mypy reads as an instance variable.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so that keys typed straight after "/" or ":" reach the prompt, not the timeline;
        # check_action lets them through as text while a prompt has the keyboard.
        Binding("slash", "search", "Search", id="app.search", priority=True, tooltip="Search as you type"),
        Binding(
            "colon", "go_to_date", "Date", id="app.go_to_date", priority=True, tooltip="Go to a date typed in words"
        ),
        Binding(
            "n",
            "match(1)",
            "Next match",
            id="app.match_next",
            tooltip="Next match (wraps at the end)",
            group=Binding.Group("Match", compact=True),
        ),
        Binding(
            "N",
            "match(-1)",
            "Previous match",
            id="app.match_previous",
            tooltip="Previous match (wraps)",
            group=Binding.Group("Match", compact=True),
        ),
        Binding(
            "escape",
            "escape",
            "Clear search",
            id="app.clear_search",
            show=False,
            tooltip="Clear the search, or close the date prompt",
        ),
        *MARK_BINDINGS,
        *LIVE_BINDINGS,
        *LINK_BINDINGS,
        *FILTER_BINDINGS,
        *LAYER_BINDINGS,
        Binding("M", "map", "Map", id="app.map", tooltip="Map of the places in view, the M5 highway"),
        Binding("s", "stats", "Stats", id="app.stats", tooltip="Events and figures by year and category"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show every key (this screen)"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit_now", show=False, priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.command_palette",
            show=False,
            priority=True,
            tooltip="Commands: go to a date, search, jump to a year, theme",
        ),
    ]

    class DateFound(Message):
        def __init__(self, pos: int) -> None:
            super().__init__()
            self.pos = pos

    def __init__(
        self, db_path: Path | str, at: str | None = None, search: str | None = None, filters: Filters | None = None,
        theme: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.db_path = Path(db_path)
        self.initial_theme = theme
        self.initial_at = at
        self.initial_search = search
        self.initial_filters = filters
        self.init_filters(Timeline(self.db_path))
        self.summary = Summary(0, None, None, [])
        self.init_search()
        self.heap = Heap()
        self._had_search = False  # n/N presses not yet answered, so fast repeats all count

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux and macOS one that writes each frame at once (`tui.frame_driver`),
        unless TEXTUAL_DRIVER names one (Textual's own Linux driver too)."""
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.linux_driver" and not constants.DRIVER:
            from frontline.tui.frame_driver import FrameDriver  # imports termios: not on Windows

            return FrameDriver
        return driver

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header", markup=False)
        yield DensityStrip(id="density")
        with Horizontal(id="panes"):
            yield TimelineView(self.timeline, id="timeline")
            yield DetailPane(id="detail")
        yield search_bar()
        yield date_bar()
        yield Footer(compact=True)

    @property
    def view(self) -> TimelineView:
        return self.query_one(TimelineView)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self.init_theme(self.initial_theme)
        self.summary = self.timeline.summary()
        self.view.border_title = "Timeline"
        self.detail.border_title = "Event"
        start = 0
        if self.initial_at:
            try:
                start = self.timeline.position_of_date(parse_date(self.initial_at).start)
            except DateError as error:
                self.notify(str(error), title="Go to date", severity="error", markup=False)
        self.view.eras = self.detail.eras = EraBands(self.timeline.eras())
        self.view.cursor_signal.subscribe(self, self._cursor_moved, immediate=True)
        self.view.pages_signal.subscribe(self, self._page_read, immediate=True)
        self.detail.marks = self.view.marks
        self.view.set_datasets(self.summary.datasets)
        self.detail.links = Links.of(self.timeline)
        self.view.load(start)
        self.call_after_refresh(self.heap.painted)  # the page under the cursor is read: this is the first paint
        self.set_interval(0.1, self.heap.tick)
        self.screen.set_focus(self.view)
        self._update_header()
        self.show_months()
        self.start_live()
        if self.initial_search or self.initial_filters:
            self.start_search(self.initial_search or "", keep=self.initial_filters)

    def on_unmount(self) -> None:
        self.heap.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self.heap.touched()  # the collector's full passes wait for a pause (tui/heap.py)
        if isinstance(event, events.Key) and await self._timeline_key(event):
            return
        await super().on_event(event)

    async def _timeline_key(self, event: events.Key) -> bool:
        """A key while the timeline has focus runs its binding here, as it would once Textual had forwarded
        the key to the timeline (`TimelineKeys._on_key`): a hop of the event loop fewer, 0.5-1 ms a key.
        Textual's own steps come first (the tooltip goes, priority bindings); a key with no binding, or
        any key elsewhere, goes Textual's way (False)."""
        if (
            event.is_forwarded
            or not self.app_focus
            or not isinstance(self.focused, TimelineView)
            or self.screen.maximized
        ):
            return False
        self.screen._clear_tooltip()
        return await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "go_to_date") and isinstance(self.focused, Input):
            return False
        if action == "match":
            return self.search is not None  # n/N join the footer once there is a search
        if action in FILTER_ACTIONS or action in LAYER_ACTIONS or action in ("search", "go_to_date"):
            return self.screen is self.screen_stack[0]  # not from under the facets, help, map or stats
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Our provider has "Switch theme…" and "Show keys"; Textual's own would be duplicates.
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def on_resize(self, event: events.Resize) -> None:
        # At 80 columns the footer needs every cell for the keys; ^p stays in the help.
        self.query_one(Footer).show_command_palette = event.size.width >= 100
        self.call_after_refresh(self._update_header)

    def _update_header(self) -> None:
        header = self.query_one(HeaderBar)
        # A count still partial shows as not yet known ("…").
        header.show(
            self.summary, self.search, self.match_count, self.match_rank, self.filters, self.total,
            partial=self.match_count_partial,
        )  # fmt: skip
        # n/N come and go with the search; not while it is typed (the keys go into the box then, and the
        # footer, laid out anew, would cost the first keystroke a frame): its focus leaving the box redraws it.
        if (self.search is not None) != self._had_search and not isinstance(self.focused, Input):
            self._had_search = self.search is not None
            self.refresh_bindings()

    def years(self) -> list[tuple[str, int]]:
        """(year, position of its first event), for the palette."""
        return self.view.lines.years

    # -- cursor and detail -----------------------------------------------------------------

    def _cursor_moved(self, moved: tuple[int, Event | None, int]) -> None:
        """The cursor moved (published by the timeline as it moves, not posted): the detail pane and the
        strip change now, so that the key's one frame shows all of it. An event not yet read (None)
        comes again when its page arrives."""
        pos, event, count = moved
        try:
            detail = self.detail
        except NoMatches:  # a page that lands as the app closes
            return
        pattern = term_pattern(self.search.terms) if self.search else None
        detail.show(event, pattern, of=count)
        if event is not None:
            self._draw_ahead(event)
        self.cursor_on(event)
        if self.search is not None and not self.rank_known(pos):
            self._rank(self.search, pos)

    def _draw_ahead(self, event: Event) -> None:
        """Draw the detail pane and the strip for the events the next key may show, after the frame."""
        ahead = [self.view.event_at(spot) for spot in self.view.next_positions()]
        self.detail.show_ahead(ahead)
        self.strip.draw_ahead({e.date_start[:7] for e in ahead if e is not None} - {event.date_start[:7]})

    def _page_read(self, page: int) -> None:
        """A page was read: the events the next key may show may be in it."""
        if (event := self.view.event_at(self.view.cursor)) is not None:
            self._draw_ahead(event)

    # -- search (the rest is SearchActions) -------------------------------------------------

    def action_search(self) -> None:
        """Open the search prompt (search as you type)."""
        self.query_one("#date-bar", PromptBar).close()
        self._search_origin = None  # read when the first search runs, after keys already queued
        self.query_one("#search-bar", PromptBar).open(self.query_text())

    @on(Input.Changed, "#search-bar Input")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_typed(event.value)

    @on(Input.Submitted, "#search-bar Input")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search_kept(event.value)

    # -- dates, panes, help ------------------------------------------------------------------

    def action_go_to_date(self) -> None:
        """Open the go-to-date prompt."""
        self.query_one("#search-bar", PromptBar).close()
        self.query_one("#date-bar", PromptBar).open()

    @on(Input.Submitted, "#date-bar Input")
    def _date_submitted(self, event: Input.Submitted) -> None:
        if self.go_to_date(event.value):
            self.query_one("#date-bar", PromptBar).close()
            self.screen.set_focus(self.view)
        else:
            event.input.select_all()  # what is typed next replaces the unreadable date

    def go_to_date(self, text: str) -> bool:
        """Move to the first event on or after a date in words; False (and a notice) if unreadable."""
        try:
            span = parse_date(text)
        except DateError as error:
            self.notify(str(error), title="Go to date", severity="error", timeout=4, markup=False)
            return False
        summary, asked = self.summary, clean(text.strip(), single_line=True)
        pos = self.timeline.position_of_date(span.start)
        landed = self.timeline.event(pos)
        said = None
        if summary.first and summary.last and (span.end < summary.first or span.start > summary.last):
            nearest = "first" if span.end < summary.first else "last"
            said = f"Nothing in this view on {asked}: showing the {nearest} event."
        elif landed is not None and not span.start <= landed.date_start <= span.end:
            which = "the next event is on" if landed.date_start > span.end else "the last event starts on"
            said = f"Nothing starts on {asked}: {which} {landed.date_short}."
        if said:
            self.notify(said, title="Go to date", timeout=4, markup=False)
        self.post_message(self.DateFound(pos))
        return True

    @work(thread=True, exclusive=True, group="date")
    def _find_date(self, iso: str) -> None:
        self.post_message(self.DateFound(self.timeline.position_of_date(iso)))

    @on(DateFound)
    def _date_found(self, message: DateFound) -> None:
        self.view.cursor = message.pos

    def jump_to_year(self, year: str) -> None:
        for label, pos in self.years():
            if label == year:
                self.view.cursor = pos
                self.view.focus()

    def action_switch_pane(self) -> None:
        """Tab: move the keyboard between the timeline and the detail pane."""
        self.screen.set_focus(self.detail if self.view.has_focus else self.view)

    def action_map(self) -> None:
        """Show the places of the events in view on a map."""
        self.push_screen(MapScreen(self.view.timeline, self.view.event_at(self.view.cursor)))

    def action_stats(self) -> None:
        """Show the figures of the events in view."""
        self.push_screen(StatsScreen(self.view.timeline, happenings=self.strip.happenings))

    def action_help(self) -> None:
        """Show every key."""
        bindings = [*self.BINDINGS, *TimelineView.BINDINGS, *DetailPane.BINDINGS]
        self.push_screen(HelpScreen(bindings))
