"""The facets panel (`f`): how many events of the current view have each category, actor, place,
governorate, date precision and dataset, and a filter for any of them in one key.

Counts come from `Timeline.facets` in a worker, the field on screen first. A field's own filter is
left out of its counts (choosing `airstrike` still shows `battle` with its count, and choosing it
adds the alternative), the other filters and the search words are kept. Values already filtered on
carry a ✓; choosing one again takes it out. The screen returns (field, value) or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from frontline.tui.text import category_mark, clean, dataset_tags

if TYPE_CHECKING:
    from frontline.store.filters import Filters
    from frontline.store.query import Search, Timeline

FIELDS: list[tuple[str, str]] = [
    ("category", "Category"),
    ("actor", "Actor"),
    ("place", "Place"),
    ("admin1", "Governorate"),
    ("precision", "Precision"),
    ("dataset", "Dataset"),
    ("tag", "Tag"),
]
LIMIT = 100
"""Values per field: the most frequent first. A facet list is for choosing, not for reading them all."""
EIGHTHS = " ▏▎▍▌▋▊▉█"


def facet_key(filters: Filters, name: str, search: Search | None) -> tuple[Any, ...]:
    return (filters.without(name), name, search.match if search is not None else None)


def count_facet(base: Timeline, filters: Filters, name: str, search: Search | None) -> list[tuple[str, int]]:
    """A field's values and counts in the view, leaving out that field's own filter."""
    return base.filtered(filters.without(name)).facets(name, search, limit=LIMIT)


def bar(value: int, top: int, width: int) -> str:
    """A horizontal bar in eighths of a cell."""
    eighths = value * width * 8 // top if top else 0
    if value and not eighths:
        eighths = 1
    return ("█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")).ljust(width)


def value_prompt(
    value: str, count: int, top: int, chosen: bool, width: int, glyph: tuple[str, str] | None = None
) -> Content:
    """One row: a ✓ if filtered on, a category's letter in its colour, the value (data: never markup), a bar
    and the count."""
    bar_width = 12 if width >= 50 else 6
    count_text = f"{count:,}".rjust(10)  # room for 1,000,000 and a space
    room = max(width - 2 - bar_width - len(count_text) - 2 - (2 if glyph else 0), 4)
    name = Content(clean(value or "(none)", single_line=True)).truncate(room, ellipsis=True)
    name = name.pad_right(room - name.cell_length)
    return Content.assemble(
        ("✓ " if chosen else "  ", ".facets--chosen"),
        (f"{glyph[0]} " if glyph else "", glyph[1] if glyph else ""),
        name.stylize(".facets--chosen") if chosen else name,
        " ",
        (bar(count, top, bar_width), ".facets--bar"),
        (count_text, ".facets--count"),
        " ",
    )


class FacetsScreen(ModalScreen[tuple[str, str] | None]):
    """Counts per value of six fields in the current view; Enter filters by the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="facets.close"),
        Binding("f", "close", "Close", id="facets.close.f", show=False),
        Binding("q", "close", "Close", id="facets.close.q", show=False),
        Binding("left", "field(-1)", "Previous field", id="facets.previous", key_display="←"),
        Binding("right", "field(1)", "Next field", id="facets.next", key_display="→"),
        Binding("shift+tab", "field(-1)", "Previous field", id="facets.previous.tab", show=False),
        Binding("tab", "field(1)", "Next field", id="facets.next.tab", show=False),
        Binding("h", "hide", "Hide dataset", id="facets.hide_dataset", show=False),
    ]
    DEFAULT_CSS = """
    FacetsScreen {
        align: center middle;
        & > #facets {
            width: 76;
            max-width: 100%;
            height: 30;
            max-height: 100%;
        }
        #facets-view { height: 1; color: $text-muted; }
        #facets-values {
            height: 1fr;
            border: none;
            padding: 0;
            background: $surface;
            scrollbar-size-vertical: 1;
            &:focus { border: none; background-tint: $foreground 0%; }
        }
        & > .facets--bar { color: $accent; }
        & > .facets--count { color: $text-muted; }
        & > .facets--chosen { color: $text-success; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"facets--bar", "facets--count", "facets--chosen"}

    class Counted(Message):
        def __init__(self, name: str, key: tuple[Any, ...], values: list[tuple[str, int]]) -> None:
            super().__init__()
            self.name, self.key, self.values = name, key, values

    def __init__(
        self, base: Timeline, filters: Filters, search: Search | None, view: Timeline,
        cache: dict[tuple[Any, ...], list[tuple[str, int]]], field: str = "category",
    ) -> None:  # fmt: skip
        super().__init__()
        self.base, self.filters, self.search, self.view, self.cache = base, filters, search, view, cache
        self.field = field
        self.values: dict[str, list[tuple[str, int]]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="facets", classes="panel") as box:
            box.border_title = "Filter"
            box.border_subtitle = "enter filter · ←→ field · h hide dataset · esc close"
            yield Static(self._view_line(), id="facets-view", markup=False)
            yield Tabs(*(Tab(label, id=f"facet-{name}") for name, label in FIELDS), active=f"facet-{self.field}",
                       id="facets-tabs")  # fmt: skip
            yield OptionList(Option("counting…", disabled=True), id="facets-values", markup=False)

    def _view_line(self) -> Content:
        parts = [f"{self.view.count():,} events in view"]
        if self.filters:
            parts.append(clean(self.filters.describe(), True))
        if self.search is not None:
            parts.append("/" + clean(self.search.text, True))
        return Content(" · ".join(parts))

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.query_one(OptionList).focus()
        names = [self.field] + [name for name, _ in FIELDS if name != self.field]
        cached = {name: self.cache.get(facet_key(self.filters, name, self.search)) for name in names}
        for name, values in cached.items():
            if values is not None:
                self._counted(name, values)
        missing = [name for name in names if cached[name] is None]
        if missing:
            self._count(missing)

    @work(thread=True, exclusive=True)
    def _count(self, names: list[str]) -> None:
        worker = get_current_worker()
        for name in names:
            if worker.is_cancelled:
                return
            values = count_facet(self.base, self.filters, name, self.search)
            self.post_message(self.Counted(name, facet_key(self.filters, name, self.search), values))

    @on(Counted)
    def _on_counted(self, message: Counted) -> None:
        if not self.filters.marked:  # marks change under a marked filter; the rest only with a new load
            self.cache[message.key] = message.values
        self._counted(message.name, message.values)

    def _counted(self, name: str, values: list[tuple[str, int]]) -> None:
        chosen = getattr(self.filters, name)
        listed = {value for value, _ in values}
        self.values[name] = values + [(value, 0) for value in chosen if value not in listed]
        label = dict(FIELDS)[name]
        many = f"{LIMIT}+" if len(values) >= LIMIT else str(len(self.values[name]))
        self.query_one(f"#facet-{name}", Tab).label = Content(f"{label} {many}")
        if name == self.field:
            self._fill()

    def _fill(self) -> None:
        values = self.values.get(self.field)
        options = self.query_one(OptionList)
        if values is None:
            options.set_options([Option("counting…", disabled=True)])
            return
        if not values:
            options.set_options([Option("no values in this view", disabled=True)])
            return
        width = options.scrollable_content_region.width or 70
        top = max(count for _, count in values)
        chosen = set(getattr(self.filters, self.field))
        tags = dataset_tags(self.base.summary().datasets) if self.field == "dataset" else {}

        def mark(value: str) -> tuple[str, str] | None:
            return category_mark(value) if self.field == "category" else tags.get(value)

        options.set_options(
            Option(value_prompt(value, count, top, value in chosen, width - 1, mark(value))) for value, count in values
        )
        options.highlighted = 0

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is not None and event.tab.id:
            self.field = event.tab.id.removeprefix("facet-")
            self._fill()
            self.refresh_bindings()

    def action_field(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        values = self.values.get(self.field) or []
        if 0 <= event.option_index < len(values):
            self.dismiss((self.field, values[event.option_index][0]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide":
            return self.field == "dataset"  # shown, and working, on the Dataset tab only
        return True

    def action_hide(self) -> None:
        """Hide the highlighted dataset: the view keeps every other one."""
        values = self.values.get("dataset") or []
        index = self.query_one(OptionList).highlighted
        if self.field == "dataset" and index is not None and 0 <= index < len(values):
            self.dismiss(("hide-dataset", values[index][0]))

    def action_close(self) -> None:
        self.dismiss(None)
