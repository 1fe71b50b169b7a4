"""One happening as each source reported it: the detail pane's "Also reported by", and the comparison.

Every value of another report that differs from the event shown is highlighted: 28 against 29
January, 10 against 11 killed, "Kafr Lata" against "Kafr Lata, Ariha". Text from files is data,
never markup: everything here is built as `Content`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.links import Link, Linked
    from frontline.store.query import Event

DIFFERS = "bold $text-warning"
SAME = ""
MUTED = "$text-muted"


def when(event: Event) -> str:
    return clean(event.date_short, True)


def where(event: Event) -> str:
    return ", ".join(clean(p, True) for p in (event.place, event.admin1) if p)


def toll(event: Event) -> str:
    """The figures; a running total says so, as the detail pane does (a tally is never one event's toll)."""
    parts = []
    if event.fatalities is not None:
        parts.append(f"{event.fatalities:,} killed")
    if event.displaced is not None:
        parts.append(f"{event.displaced:,} displaced")
    if parts and event.running_total:
        return "running total: " + ", ".join(parts)
    return ", ".join(parts) or "no figures"


def sources(event: Event) -> str:
    names = [clean(str(s.get("name") or s.get("url") or ""), True) for s in event.sources]
    return "; ".join(n for n in names if n) or "no source named"


FIELDS: list[tuple[str, Callable[[Event], str]]] = [
    ("Dataset", lambda e: clean(e.dataset or "?", True)),
    ("Id", lambda e: clean(str(e.id), True)),
    ("Date", when),
    ("Place", where),
    ("Figures", toll),
    ("Category", lambda e: clean(e.category or "", True)),
    ("Actors", lambda e: "; ".join(clean(a, True) for a in e.actors)),
    ("Title", lambda e: clean(e.title or "", True)),
    ("Source", sources),
]
COMPARED = ("Date", "Place", "Figures", "Category", "Actors")  # the fields whose differences are highlighted


def _value(text: str, differs: bool) -> Content:
    content = Content(text)
    return content.stylize(DIFFERS) if differs else content


def status_line(link: Link) -> str:
    if link.status == "confirmed":
        return "confirmed: the same happening"
    return f"proposed, score {link.score:.2f} (l confirms, x rejects)"


def also_reported(linked: Linked) -> Content:
    """The section of the detail pane: each linked report, its differences from the event shown highlighted."""
    if not linked.others:
        return Content("")
    event = linked.event
    parts: list[Content] = [Content("\n"), Content("Also reported by").stylize("bold"), Content("\n")]
    if linked.group:
        parts += [Content(f"one happening, {len(linked.others) + 1} reports (c compares them)").stylize(MUTED)]
        parts.append(Content("\n"))
    for other in linked.others:
        link = linked.link_to(other)
        head = f"{clean(other.dataset or '?', True)} · {clean(str(other.id), True)}"
        parts += [Content("• "), Content(head).stylize("bold"), Content(" "), Content(status_line(link)).stylize(MUTED)]
        parts.append(Content("\n"))
        for name, read in FIELDS[2:6]:
            mine, theirs = read(event), read(other)
            parts += [Content(f"  {name:<9}"), _value(theirs, name in COMPARED and theirs != mine)]
            if name in COMPARED and theirs != mine:
                parts += [Content(" (here: ").stylize(MUTED), Content(mine).stylize(MUTED), Content(")").stylize(MUTED)]
            parts.append(Content("\n"))
        parts += [Content(f"  {'Source':<9}"), Content(sources(other)), Content("\n")]
    return Content("").join(parts)


def link_cell(link: Link | None) -> str:
    """The comparison's first row: what joins each report to the first, a person's word or a proposal."""
    if link is None:
        return "this report"
    if link.status == "confirmed":
        return "confirmed"
    return f"proposed ({link.score:.2f})"


def compare_title(linked: Linked) -> str:
    """Confirmed links make one happening; proposed ones only may: the title never says more than is decided."""
    count = len(linked.others) + 1
    proposed = sum(1 for x in linked.links if x.status == "proposed")
    if not proposed:
        return f"One happening, {count} reports (confirmed)"
    if proposed == len(linked.links):
        return f"Proposed: perhaps one happening, {count} reports (l confirms, x rejects)"
    return f"{count} reports: {len(linked.links) - proposed} confirmed, {proposed} proposed (l confirms, x rejects)"


def comparison(events: list[Event], width: int, links: list[Link | None] | None = None) -> Content:
    """The reports as columns, the fields as rows; a value unlike the first report's is highlighted.
    With `links` (None for the first report), a first row says how each is linked: confirmed or proposed."""
    if not events:
        return Content("Not linked to any other report.").stylize(MUTED)
    label = 10
    column = max(12, (max(width, 40) - label) // len(events) - 2)
    lines: list[Content] = []
    rows = [(name, [read(e) for e in events]) for name, read in FIELDS]
    if links is not None:
        rows.insert(0, ("Link", [link_cell(x) for x in links]))
    for name, values in rows:
        cells = [Content(f"{name:<{label}}").stylize("bold")]
        for index, value in enumerate(values):
            shown = value if len(value) <= column else value[: column - 1] + "…"
            differs = index > 0 and name in COMPARED and value != values[0]
            cells.append(_value(shown.ljust(column), differs))
        lines.append(Content("  ").join(cells))
    return Content("\n").join(lines)


class CompareScreen(ModalScreen[None]):
    """`c`: the reports of one happening side by side. Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="compare.close"),
        Binding("q", "close", "Close", id="compare.close.q", show=False),
        Binding("c", "close", "Close", id="compare.close.c", show=False),
    ]
    DEFAULT_CSS = """
    CompareScreen {
        align: center middle;
        & > VerticalScroll { width: 100%; height: 100%; }
        #compare-table { width: auto; text-wrap: nowrap; }
    }
    """

    def __init__(self, linked: Linked) -> None:
        super().__init__()
        self.linked = linked
        self.events = [linked.event, *linked.others]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare", classes="panel") as scroll:
            scroll.border_title = compare_title(self.linked) if self.linked.others else "Reports"
            scroll.border_subtitle = "highlighted: unlike the first · esc to close"
            links: list[Link | None] = [None, *(self.linked.link_to(e) for e in self.linked.others)]
            table = comparison(self.events, self.app.size.width - 4, links)
            yield Static(table, id="compare-table", markup=False)

    def action_close(self) -> None:
        self.dismiss()
