"""`s`: events, deaths and displacement of the events in view, by year and by category.

Incident figures are summed; running totals (a UN tally "since December") are tallies to date and
are never added to anything: they get a table of their own, labelled as what they are. The figures
are read in a worker, so a million events never hold up a key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from frontline.store.happenings import Happenings, Spread
from frontline.tui.text import category_mark, clean

if TYPE_CHECKING:
    from frontline.store.query import Event, Stats, Timeline

BAR_WIDTH = 12
BAR = "▇"
HEADING = "bold $text-accent"
MUTED = "$text-muted"


def number(value: int | None) -> str:
    return "–" if not value else f"{value:,}"


def figures_table(title: str, rows: list[tuple], label: str, key_width: int, *, marks: bool = False) -> Content:
    """One grouping as aligned columns: name, events (with a bar), incident deaths and displaced, and a total."""
    most = max((row[1] for row in rows), default=0) or 1
    head = f"{label:<{key_width}} {'Events':>6} {'':<{BAR_WIDTH}} {'Killed':>8} {'Displaced':>10}"
    parts: list[Content] = [Content(title).stylize(HEADING), Content("\n"), Content(head).stylize(MUTED), Content("\n")]
    for key, count, killed, displaced in rows:
        name = clean(key or "(none)", single_line=True)[:key_width]
        glyph = Content.assemble(category_mark(key), " ") if marks else Content("")
        name_part = Content.assemble(glyph, name.ljust(key_width - glyph.cell_length))
        bar = BAR * max(round(BAR_WIDTH * count / most), 1)
        parts.append(
            Content.assemble(
                name_part,
                f" {count:>6,} ",
                (bar.ljust(BAR_WIDTH), "$text-primary"),
                (f" {number(killed):>8}", "$text-warning"),
                f" {number(displaced):>10}",
                "\n",
            )
        )
    events = sum(row[1] for row in rows)
    killed = sum(row[2] or 0 for row in rows)
    displaced = sum(row[3] or 0 for row in rows)
    total = f"{'All':<{key_width}} {events:>6,} {'':<{BAR_WIDTH}} {number(killed):>8} {number(displaced):>10}"
    parts.append(Content(total).stylize("bold"))
    return Content("").join(parts)


def _tally(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def totals_table(events: list[Event]) -> Content:
    """The running totals, one a line: when, the tally, and what it is; never summed."""
    title = "Running totals: tallies to date, as reported; not added to the sums above"
    parts: list[Content] = [Content(title).stylize(HEADING), Content("\n")]
    if not events:
        parts.append(Content("None in view.").stylize(MUTED))
        return Content("").join(parts)
    dates = max(len(event.date_short) for event in events)
    head = f"{'Date':<{dates}} {'Killed':>9} {'Displaced':>10}  Figure"
    parts += [Content(head).stylize(MUTED), Content("\n")]
    for event in events:
        parts.append(
            Content.assemble(
                (event.date_short.ljust(dates), MUTED),
                (f" {_tally(event.fatalities):>9}", "italic $text-secondary"),
                (f" {_tally(event.displaced):>10}", "italic $text-secondary"),
                "  ",
                clean(event.title or "(untitled)", single_line=True),
                "\n",
            )
        )
    return Content("").join(parts).rstrip()


class StatsScreen(ModalScreen[None]):
    """The figures of the events in view; Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="stats.close"),
        Binding("q", "close", "Close", id="stats.close.q", show=False),
        Binding("s", "close", "Close", id="stats.close.s", show=False),
        Binding("h", "happenings", "Happenings/reports", id="stats.happenings",
                tooltip="Count happenings (a confirmed group of reports once) or reports"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    StatsScreen {
        align: center middle;
        & > VerticalScroll {
            width: 100%;
            height: 100%;
        }
        #stats-columns { width: 100%; height: auto; }
        #stats-years { width: auto; padding-right: 4; }
        #stats-categories { width: auto; }
        #stats-totals { width: 100%; padding-top: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        &.-narrow #stats-columns { layout: vertical; }
        &.-narrow #stats-categories { padding-top: 1; }
    }
    """

    class Ready(Message):
        def __init__(self, stats: Stats, count: int, spreads: list[Spread] | None = None) -> None:
            super().__init__()
            self.stats, self.count, self.spreads = stats, count, spreads

    def __init__(self, timeline: Timeline, *, happenings: bool = False) -> None:
        super().__init__()
        self.timeline = timeline
        self.stats: Stats | None = None
        self.happenings = happenings
        """Count happenings (a confirmed group of reports once) rather than reports."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats", classes="panel") as scroll:
            scroll.border_title = "Figures"
            scroll.border_subtitle = "esc to close"
            with Horizontal(id="stats-columns"):
                yield Static(Content("Counting…").stylize(MUTED), id="stats-years", markup=False)
                yield Static("", id="stats-categories", markup=False)
            yield Static("", id="stats-totals", markup=False)

    def on_mount(self) -> None:
        self.query_one("#stats").focus()
        self._count(self.timeline, self.happenings)

    @work(thread=True, exclusive=True, group="stats")
    def _count(self, timeline: Timeline, happenings: bool = False) -> None:
        if not happenings:
            self.post_message(self.Ready(timeline.stats(), timeline.count()))
            return
        counted = Happenings(timeline)
        self.post_message(self.Ready(counted.stats(), counted.count(), counted.spreads()))

    def action_happenings(self) -> None:
        """Switch between counting reports and counting happenings."""
        self.happenings = not self.happenings
        self._count(self.timeline, self.happenings)

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        self.stats = stats = message.stats
        self.query_one("#stats-years", Static).update(figures_table("By year", stats.by_year, "Year", 6))
        categories = figures_table("By category", stats.by_category, "Category", 17, marks=True)
        self.query_one("#stats-categories", Static).update(categories)
        totals = totals_table(stats.running_totals)
        if message.spreads is not None:
            totals = totals + spreads_table(message.spreads)
        self.query_one("#stats-totals", Static).update(totals)
        if message.spreads is None:
            title = f"Figures · counting reports: {message.count:,} events in view · incidents only · h: happenings"
        else:
            title = (
                f"Figures · counting happenings: {message.count:,} in view (a confirmed group once, at its highest "
                "figure) · h: reports"
            )
        self.query_one("#stats").border_title = title

    def action_close(self) -> None:
        self.dismiss(None)


def spreads_table(spreads: list[Spread]) -> Content:
    """The groups in view whose reports disagree on a figure, with the range."""
    parts: list[Content] = [Content("\n\n"), Content("Reports that disagree").stylize(HEADING), Content("\n")]
    if not spreads:
        return Content("").join([*parts, Content("None in view.").stylize(MUTED)])
    for spread in spreads:
        parts += [Content(f"{spread.line():<28} ").stylize("$text-warning"), Content(clean(spread.title, True))]
        parts += [Content(f" ({spread.reports} reports)").stylize(MUTED), Content("\n")]
    return Content("").join(parts)


__all__ = ["StatsScreen", "figures_table", "spreads_table", "totals_table"]
