"""The `?` screen: every key, read from the live bindings so it cannot drift from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from frontline.tui.text import CATEGORIES

if TYPE_CHECKING:
    from textual.app import App

# Sections and the actions in them, in reading order. Keys come from the bindings themselves.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Moving",
        ["move(1)", "move(-1)", "page(1)", "page(-1)", "first", "last", "year(-1)", "year(1)", "month(-1)", "month(1)"],
    ),
    ("Search", ["search", "match(1)", "match(-1)", "escape"]),
    ("Filters and the strip", ["facets", "clear_filters", "toggle_fatalities", "strip_step(-1)", "strip_step(1)"]),
    ("Marks, map and figures", ["toggle_mark", "next_mark", "map", "stats"]),
    ("Your layer", ["edit", "add", "tag", "note", "hide", "show_hidden", "undo", "redo"]),
    (
        "Reports of one happening",
        ["decide_link('confirmed')", "decide_link('rejected')", "compare", "count_happenings"],
    ),
    ("Dates and panes", ["go_to_date", "app.switch_pane", "reload", "help", "command_palette", "quit"]),
]
EXTRA: dict[str, list[tuple[str, str]]] = {
    "Search": [("enter", "Keep the search and go back to the timeline")],
    "Filters and the strip": [
        ("/", "Filters in the search: place:Saraqeb after:2019-12 (below)"),
        ("mouse", "Click the strip to go to that month"),
    ],
    "Marks, map and figures": [("+ -", "On the map: closer to the selected event's place, and back")],
    "Your layer": [("ctrl+s", "In a form: save (nothing is saved until every field is valid); esc cancels")],
    "Dates and panes": [("mouse", "Click a row to select it; the wheel scrolls")],
}


def collect(bindings: list[BindingType]) -> dict[str, tuple[list[Binding], str]]:
    """Group bindings by action: all their keys, and the first description."""
    grouped: dict[str, tuple[list[Binding], str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        keys, description = grouped.get(binding.action, ([], binding.tooltip or binding.description))
        keys.append(binding)
        grouped[binding.action] = (keys, description)
    return grouped


def keys_content(app: App[object], bindings: list[BindingType]) -> Content:
    """One line per action with every key that does it, by section."""
    grouped = collect(bindings)
    parts: list[Content] = []
    for section, actions in SECTIONS:
        parts += [Content(section).stylize(".help--heading"), Content("\n")]
        rows = []
        for action in actions:
            if action in grouped:
                keys, description = grouped.pop(action)
                rows.append((" ".join(dict.fromkeys(app.get_key_display(key) for key in keys)), description))
        for key, description in rows + EXTRA.get(section, []):
            parts += [Content(f" {key:<11}").stylize(".help--key"), Content(description), Content("\n")]
        parts.append(Content("\n"))
    return Content("").join(parts).rstrip()


def legend_content() -> Content:
    """What the category letters and the Σ mean."""
    parts: list[Content] = [Content("Category marks").stylize(".help--heading"), Content("\n")]
    for name, (glyph, style) in CATEGORIES.items():
        parts += [Content(" "), Content(glyph).stylize(style), Content(f"  {name}\n")]
    parts += [
        Content("\n"),
        Content("Tolls").stylize(".help--heading"),
        Content("\n"),
        Content(" 12 killed  in one event\n"),
        Content(" Σ388k      a running total,\n            a tally to date\n"),
        Content("\n"),
        Content("Rows").stylize(".help--heading"),
        Content("\n"),
        Content(" ▌  the era, a colour each;\n    its name under the timeline\n ★  a marked event\n"),
        Content(
            " ≠  its sources disagree\n MAN the dataset (when several\n    are loaded); h hides one\n    in the filter panel\n"
        ),
        Content("\n"),
        Content("Dates").stylize(".help--heading"),
        Content("\n"),
        Content(" 29 Jan 2020  a day\n Dec 2019     a month\n 2012         a year\n a → b        a span"),
    ]
    return Content("").join(parts)


QUERY_LANGUAGE: list[tuple[str, str]] = [
    ("sara kafr", "words, each a prefix; all must be there"),
    ('"Kafr Nabl"', "a phrase, as written"),
    ("-Saraqeb", "leave out (also -category:battle)"),
    ("HTS OR Nusra", "either (also category:a OR category:b)"),
    ("( )", "group: (HTS OR Nusra) -Saraqeb"),
    ("category:x", "a field; also actor: place: dataset: precision: tag:"),
    ('place:"Kafr Nabl"', "a value with spaces, in quotes"),
    ("killed>=10", "a figure: killed, displaced, with = < <= > >="),
    ("-is:total", "leave out running totals (is:total: only them)"),
    ("after:2019-12", "dates: after: before: on:, any date: on:19 Dec 2019"),
    ("marked", "marked events; disputed: where sources disagree"),
    ("linked", "events with a confirmed or proposed link (reconcile)"),
]
"""The query language of the search box, `--search`, `search`, `list` and `export`, in brief."""


def query_content() -> Content:
    """The query language, a line a term."""
    parts: list[Content] = [Content("Searching and filtering (/)").stylize(".help--heading"), Content("\n")]
    for example, meaning in QUERY_LANGUAGE:
        parts += [Content(f" {example:<18}").stylize(".help--key"), Content(meaning), Content("\n")]
    parts.append(Content(' Quote a word to search for it as written: "marked", "OR".').stylize(".help--muted"))
    return Content("").join(parts)


class HelpScreen(ModalScreen[None]):
    """A modal listing every key; any of Esc, q, ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", id="help.close.q", show=False),
        Binding("question_mark", "close", "Close", id="help.close.question", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: auto;
            max-width: 100%;
            height: auto;
            max-height: 100%;
        }
        #help-columns { width: auto; height: auto; }
        #help-keys { width: auto; padding-right: 4; }
        #help-main { width: auto; height: auto; }
        #help-query { width: auto; padding: 1 4 0 0; }
        #help-legend { width: auto; }
        &.-narrow #help-columns { layout: vertical; }
        &.-narrow #help-legend { padding-top: 1; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--heading", "help--key", "help--muted"}
    # The keys, the query language and the legend side by side need about 136 columns; narrower,
    # the legend goes below them rather than being cut at the right edge.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (136, "-wide")]  # type: ignore[misc]

    def __init__(self, bindings: list[BindingType]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="panel") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc to close"
            with Horizontal(id="help-columns"):
                with Vertical(id="help-main"):
                    yield Static(keys_content(self.app, self.bindings), id="help-keys", markup=False)
                    yield Static(query_content(), id="help-query", markup=False)
                yield Static(legend_content(), id="help-legend", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
