"""The command palette's frontline commands: go to a date, search, jump to a year, switch theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from frontline.store.dates import DateError, format_long, parse_date
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.tui.app import FrontlineApp


class TimelineCommands(Provider):
    """Commands that act on the timeline. A date typed in the palette offers to go there."""

    @property
    def frontline(self) -> FrontlineApp:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.frontline
        yield "Go to date…", app.action_go_to_date, "Type a date in words: 19 Dec 2019, March 2015, 2016"
        yield "Search…", app.action_search, "Search as you type; n/N step through the matches"
        if app.search is not None:
            yield "Clear search", app.action_clear_search, "Forget the current search"
        yield "Filter…", app.action_facets, "Counts by category, actor, place, governorate, precision, dataset"
        if app.filters:
            yield "Clear filters", app.action_clear_filters, f"Show every event again (now: {app.filters.describe()})"
        deaths = "Hide" if app.strip.show_killed else "Show"
        yield f"{deaths} deaths in the strip", app.action_toggle_fatalities, "Incident deaths per month (D)"
        yield "Go to the busiest month", app.go_to_busiest, "The month with the most events (or matches)"
        yield "Map", app.action_map, "The places of the events in view, and the M5 highway (M)"
        yield "Figures by year and category", app.action_stats, "Running totals kept apart (s)"
        yield "Export this view…", app.action_export_view, "TimelineJS, a briefing (Markdown, HTML), JSON lines, CSV…"
        yield "Mark or unmark this event", app.action_toggle_mark, "Kept in the database (m)"
        yield "Next mark", app.action_next_mark, "The next marked event, round to the top (')"
        yield "Reload the database", app.action_reload, "Show what other processes have loaded since (r)"
        yield "Switch theme…", app.action_change_theme, "Choose a colour theme"
        yield "Show keys", app.action_help, "Every key frontline knows"
        for year, _pos in app.years():
            yield f"Jump to {year}", partial(app.jump_to_year, year), f"The first event of {year}"

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.frontline
        text = query.strip()
        if text:
            try:
                span = parse_date(text)
            except DateError:
                span = None
            if span is not None:
                label = format_long(span.start, span.end, span.precision)
                yield Hit(
                    1.0,
                    Content(f"Go to {label}"),
                    partial(app.go_to_date, text),
                    text=f"Go to {label}",
                    help="Move the cursor to this date",
                )
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
        if text:
            yield Hit(
                0.05,
                Content(f"Search for “{clean(text, True)}”"),
                partial(app.start_search, text),
                text=f"Search for {text}",
                help="Find events mentioning these words",
            )
