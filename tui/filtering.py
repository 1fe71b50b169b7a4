"""Filters on the timeline, the facets panel and the density strip, as the app sees them.

The timeline on screen is always `base_timeline.filtered(filters)`. A new view is opened off the UI
thread (its shape, `ViewShape`, is read there too: a filter over a million events takes a few
hundred milliseconds to count) and swapped in by the search's message handler, so that the filters
and the search words typed in one box land together. Month counts for the density strip are
counted in a worker as well and kept per view.

`FilterActions` is mixed into `FrontlineApp`: it holds the filter state and its actions so the app
file stays about the search, the cursor and the panes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Label

from frontline.store.filters import DATE_FIELDS, LIST_FIELDS, FilterError, Filters, parse_filters
from frontline.store.happenings import Happenings
from frontline.store.match_months import MonthCount, match_months, matches_only
from frontline.tui.app_base import AppMixin
from frontline.tui.density import DensityStrip
from frontline.tui.facets import FacetsScreen
from frontline.tui.search import PromptBar
from frontline.tui.text import clean, typed

if TYPE_CHECKING:
    from frontline.store.query import Bucket, Event, Search, Summary, Timeline
    from frontline.tui.timeline import TimelineView

MONTH_CACHE = 16
"""Views whose month counts are kept: going back to a recent filter redraws the strip at once."""

FILTER_BINDINGS: list[BindingType] = [
    Binding("f", "facets", "Filter", id="app.facets",
            tooltip="Filter by category, actor, place…"),
    Binding("F", "clear_filters", "Clear filters", id="app.clear_filters", show=False,
            tooltip="Clear every filter (the search stays)"),
    Binding("D", "toggle_fatalities", "Deaths row", id="app.toggle_fatalities", show=False,
            tooltip="Deaths row of the density strip, on or off"),
    Binding("less_than_sign", "strip_step(-1)", "Previous busy month", id="app.strip_previous", show=False,
            key_display="<", tooltip="Previous month with events (strip)"),
    Binding("greater_than_sign", "strip_step(1)", "Next busy month", id="app.strip_next", show=False,
            key_display=">", tooltip="Next month with events (strip)"),
]  # fmt: skip
FILTER_ACTIONS = {"facets", "clear_filters", "toggle_fatalities", "strip_step"}


@dataclasses.dataclass(frozen=True)
class ViewShape:
    """A view and what the timeline needs to show it, read in a worker."""

    timeline: Timeline
    filters: Filters
    buckets: list[Bucket]
    summary: Summary
    origin: int
    """Where the cursor goes: the event it was on if the view still has it, else the nearest in time."""


def merge(first: Filters, second: Filters) -> Filters:
    """Both sets of filters: values add up, a date in `second` replaces the one in `first`."""
    merged = first
    for name in LIST_FIELDS:
        for value in getattr(second, name):
            merged = merged.with_value(name, value)
    for name in DATE_FIELDS:
        if getattr(second, name):
            merged = merged.with_value(name, getattr(second, name))
    for clause in second.clauses:
        merged = merged.with_clause(clause)
    return merged.with_value("marked", True) if second.marked else merged


def toggle(filters: Filters, name: str, value: str) -> Filters:
    """Add a value to a field's filter, or take it out if it is there already."""
    current = getattr(filters, name)
    if value in current:
        fewer: dict[str, Any] = {name: tuple(v for v in current if v != value)}  # a field named at run time
        return dataclasses.replace(filters, **fewer)
    return filters.with_value(name, value)


def _day(iso: str) -> int:
    try:
        return dt.date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0


def nearest(view: Timeline, iso: str) -> int:
    """The position of the event that starts nearest to a day: the first on or after it, or the one
    before when that one is closer."""
    after = view.position_of_date(iso)
    later, earlier = view.event(after), view.event(after - 1) if after > 0 else None
    if later is None or earlier is None or later.date_start < iso:
        return after
    gap_before, gap_after = _day(iso) - _day(earlier.date_start), _day(later.date_start) - _day(iso)
    return after - 1 if gap_before < gap_after else after


def carry(event: Event | None, new: Timeline) -> int:
    """Where an event is in `new`; if `new` lacks it, the event nearest in time."""
    if event is None:
        return 0
    found = new.position_of_id(event.id)
    if found is not None and (hit := new.event(found)) is not None and hit.id == event.id:
        return found
    return nearest(new, event.date_start)


def open_view(base: Timeline, filters: Filters, cursor: Event | None, show_hidden: bool = False) -> ViewShape:
    """The base through `filters`, its shape, and where the event under the cursor lands in it."""
    view = base.filtered(filters, show_hidden=show_hidden)
    view.count()  # the view's index of positions, built here rather than on the UI thread
    return ViewShape(view, filters, view.buckets(), view.summary(), carry(cursor, view))


def as_set(typed_filters: Filters, current: Filters) -> Filters:
    """The search box shows a value holding controls as pictures (`␛]52…`): read back, it is the value set."""
    for name in LIST_FIELDS:
        shown = {typed(value): value for value in getattr(current, name) if typed(value) != value}
        values = getattr(typed_filters, name)
        if shown and any(v in shown for v in values):
            changes: dict[str, Any] = {name: tuple(shown.get(v, v) for v in values)}
            typed_filters = dataclasses.replace(typed_filters, **changes)
    return typed_filters


class FilterActions(AppMixin):
    """The app's filters and the strip: actions, workers and their messages (mixed into the app)."""

    base_timeline: Timeline
    timeline: Timeline
    show_hidden: bool = False
    filters: Filters
    current_view: tuple[Timeline, Filters]

    if TYPE_CHECKING:
        search: Search | None
        summary: Summary

        @property
        def view(self) -> TimelineView: ...
        def start_search(self, text: str, keep: Filters | None = None) -> None: ...
        def _find_date(self, iso: str) -> object: ...

    class MonthsCounted(Message):
        def __init__(self, timeline: Timeline, filters: Filters, months: list[MonthCount]) -> None:
            super().__init__()
            self.timeline, self.filters, self.months = timeline, filters, months

    class MatchesCounted(Message):
        def __init__(self, search: Search, months: list[MonthCount]) -> None:
            super().__init__()
            self.search, self.months = search, months

    def init_filters(self, base: Timeline) -> None:
        """Start on the whole of `base`; filters given on the command line come in through the search."""
        self.base_timeline = base
        self.timeline = base.filtered(Filters(), show_hidden=self.show_hidden)
        self.filters = Filters()
        self.current_view = (self.timeline, self.filters)
        self.facet_cache: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
        self.facet_field = "category"
        self.last_event: Event | None = None
        self._month_cache: dict[Filters, list[MonthCount]] = {}
        self._total: int | None = None

    @property
    def strip(self) -> DensityStrip:
        return self.query_one(DensityStrip)

    def _strip_if_shown(self) -> DensityStrip | None:
        """The strip, or None while the app is closing (a worker's answer may land after the screen went)."""
        found = list(self.query(DensityStrip))
        return found[0] if found else None

    @property
    def total(self) -> int:
        """Events in the whole database, for 'N of M events'."""
        if self._total is None:
            self._total = self.base_timeline.count()
        return self._total

    def query_text(self) -> str:
        """What the search box holds: the filters as typed, then the search words."""
        words = self.search.text if self.search is not None else ""
        described = self.filters.describe()
        return f"{described} {words}" if described else words  # a space after filters: type on a new word

    # -- views -----------------------------------------------------------------------------------

    def view_for(self, text: str, origin: int, keep: Filters | None) -> tuple[ViewShape | None, str]:
        """In a worker: the view the typed text asks for (None if it is the current one) and its words.

        `keep` are filters to add to those typed (the palette and --search add to what is set);
        without it the text says every filter. Raises FilterError for a filter that cannot apply.
        """
        timeline, current = self.current_view  # one read: the pair never comes from two different views
        filters, words = parse_filters(text)
        filters = as_set(filters, current)
        if keep is not None:
            filters = merge(keep, filters)
        if filters == current:
            return None, words
        # From a view with no events (a filter half typed), the cursor goes back to where it last was.
        cursor = (timeline.event(origin) if origin >= 0 else None) or self.last_event
        return open_view(self.base_timeline, filters, cursor, self.show_hidden), words

    def cursor_on(self, event: Event | None) -> None:
        """The timeline's cursor is on `event` (None: still loading, or no events): the strip marks its month."""
        if event is not None:
            self.last_event = event
            self.strip.cursor_month = event.date_start[:7]

    def swap_view(self, shape: ViewShape) -> None:
        """Show another view: the timeline, the header and the strip follow it."""
        self.timeline, self.filters = shape.timeline, shape.filters
        self.current_view = (shape.timeline, shape.filters)
        self.summary = shape.summary
        view = self.view
        view.timeline = shape.timeline
        view.load(shape.origin, buckets=shape.buckets)
        self.show_months()

    def apply_filters(self, filters: Filters) -> None:
        """Filter the timeline (the search words stay, and search the new view)."""
        self.query_one("#search-bar", PromptBar).close()
        if filters != self.filters:
            self.strip.busy = True  # a view over a million events takes a second to open
        self.start_search(self.search.text if self.search is not None else "", keep=filters)

    def filter_error(self, error: str | None, submitted: bool = False) -> None:
        """A filter in the search box that cannot apply: said in the prompt (and a notice on Enter)."""
        bar = self.query_one("#search-bar", PromptBar)
        bar.set_class(error is not None, "-error")
        hint, shown = bar.query_one(".prompt-hint", Label), clean(error or bar.hint, True)
        if str(hint.content) != shown:  # a label sized to its text: updating it lays out the whole screen
            hint.update(Content(shown))
        if error and submitted:
            self.notify(error, title="Filter", severity="error", timeout=4, markup=False)

    def filters_readable(self, text: str) -> bool:
        """Whether the filters typed in `text` can apply; if not, says why."""
        try:
            parse_filters(text)
        except FilterError as error:
            self.filter_error(str(error), submitted=True)
            if error.column:  # the cursor goes to the character at fault
                self.query_one("#search-bar", PromptBar).input.cursor_position = min(error.column - 1, len(text))
            return False
        return True

    # -- facets ----------------------------------------------------------------------------------

    def action_facets(self) -> None:
        """Open the facets: counts per category, actor, place… in this view; choose one to filter."""
        screen = FacetsScreen(
            self.base_timeline, self.filters, self.search, self.timeline, self.facet_cache, self.facet_field
        )
        self.push_screen(screen, partial(self._facet_chosen, screen))

    def _facet_chosen(self, screen: FacetsScreen, choice: tuple[str, str] | None) -> None:
        self.facet_field = screen.field  # the panel opens where it was left
        if choice is not None and choice[0] == "hide-dataset":
            self.hide_dataset(choice[1])
        elif choice is not None:
            self.apply_filters(toggle(self.filters, *choice))

    def hide_dataset(self, name: str) -> None:
        """Show every dataset but one (the filter panel's `h` on the Dataset tab)."""
        shown = self.filters.dataset or tuple(self.base_timeline.summary().datasets)
        rest = tuple(d for d in shown if d != name)
        if not rest:
            self.notify("That is the only dataset shown", title="Filter", timeout=3, markup=False)
            return
        self.apply_filters(dataclasses.replace(self.filters, dataset=rest))

    def action_clear_filters(self) -> None:
        """Remove every filter (the search stays)."""
        if not self.filters:
            self.notify("No filters to clear", timeout=2, markup=False)
            return
        self.apply_filters(Filters())

    # -- the density strip -------------------------------------------------------------------

    def action_toggle_fatalities(self) -> None:
        """Show or hide the strip's row of incident fatalities."""
        self.strip.show_killed = not self.strip.show_killed

    def action_strip_step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) cell of the density strip that has events."""
        month = self.strip.step(self.strip.cursor_month, direction)
        if month is not None:
            self._find_date(f"{month}-01")

    def go_to_busiest(self) -> None:
        """Go to the month with the most events (the most matches while searching)."""
        month = self.strip.busiest()
        if month is not None:
            self._find_date(f"{month}-01")

    def on_density_strip_month_chosen(self, message: DensityStrip.MonthChosen) -> None:
        self._find_date(f"{message.month}-01")

    def show_months(self) -> None:
        """Give the strip the current view's months: from the cache, else counted in a worker."""
        months = self._month_cache.get(self.filters)
        if months is not None and not self.filters.marked:
            self.strip.set_months(months, self._empty_note())
        else:
            self._count_months(self.timeline, self.filters)

    @work(thread=True, exclusive=True, group="density")
    def _count_months(self, timeline: Timeline, filters: Filters) -> None:
        counts = Happenings(timeline).month_parts() if self.strip.happenings else timeline.month_parts()
        self.post_message(self.MonthsCounted(timeline, filters, counts))

    def on_filter_actions_months_counted(self, message: MonthsCounted) -> None:
        self._month_cache[message.filters] = message.months
        while len(self._month_cache) > MONTH_CACHE:
            self._month_cache.pop(next(iter(self._month_cache)))
        strip = self._strip_if_shown()
        if message.timeline is self.timeline and strip is not None:
            strip.set_months(message.months, self._empty_note())

    def _empty_note(self) -> str:
        return f"No events match {self.filters.describe()} · F clears the filters" if self.filters else "No events"

    def show_matches(self, search: Search | None, months: list[MonthCount] | None = None) -> None:
        """Highlight the strip's months that hold matches of a search (None: no search); `months`: counted
        already (with the search's answer, so that they are drawn in its frame)."""
        self.strip.busy = False
        if search is None or months is not None:
            self.strip.set_matches(months if search is not None else None)
        else:  # counted in a thread after the screen's refresh: beside the frame, its Python held it up
            self.call_after_refresh(self._count_matches_for, search)

    def _count_matches_for(self, search: Search) -> None:
        if search is self.search:  # not typed on since
            self._count_matches(search, self.strip.happenings)

    @staticmethod
    def months_of(search: Search, happenings: bool) -> list[MonthCount]:
        """The search's matches per month, as the strip counts them (reports, or `happenings`); any thread."""
        if happenings:
            return matches_only(Happenings(search.timeline).month_parts(search))
        return match_months(search.timeline, search)

    @work(thread=True, exclusive=True, group="density-search")
    def _count_matches(self, search: Search, happenings: bool) -> None:
        self.post_message(self.MatchesCounted(search, self.months_of(search, happenings)))

    def on_filter_actions_matches_counted(self, message: MatchesCounted) -> None:
        strip = self._strip_if_shown()
        if message.search is self.search and strip is not None:
            strip.set_matches(message.months)
