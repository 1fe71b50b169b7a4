""" "Export this view…": a small modal (a format and a path) and the worker that writes the view there.

The view is the filters on the timeline, and the search words when "only the matches" is ticked:
the same `Selection` the `export` command reads from its query. The file is written beside its
final name and moved into place once complete, and an existing file is never overwritten.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from frontline.store.export import SUFFIXES, write
from frontline.store.selection import Selection
from frontline.tui.app_base import AppMixin
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.filters import Filters
    from frontline.store.query import Search, Timeline

CHOICES = [
    ("timelinejs", "TimelineJS (publish on the web)"),
    ("markdown", "Markdown briefing"),
    ("html", "HTML briefing (one page, ready to print)"),
    ("jsonl", "JSON lines (loads back)"),
    ("csv", "CSV (loads back)"),
    ("ical", "iCalendar"),
]


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix`, `stem-3.suffix`… whichever does not exist yet."""
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


class FormatChoice(RadioSet):
    """The formats: moving to one chooses it (the path follows at once), as radio buttons do elsewhere."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self.action_toggle_button()


class ExportScreen(ModalScreen[tuple[str, Path, bool] | None]):
    """Choose a format and a path; dismissed with (format, path, only the matches) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        # Enter exports from anywhere in the dialog, as its border says; on the formats it takes the
        # highlighted one first (a RadioSet would only select it), on Cancel it cancels.
        Binding("enter", "enter", "Export", id="export.enter", priority=True, show=False),
    ]
    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & > #export { width: 64; max-width: 100%; height: auto; max-height: 100%; }
        #export-view { color: $text-muted; margin-bottom: 1; }
        #export-format { width: 100%; border: none; padding: 0; }
        #export-path { margin-top: 1; }
        #export-error { color: $text-error; height: auto; }
        #export-buttons { height: auto; margin-top: 1; align-horizontal: right; }
        #export-buttons > Button { margin-left: 1; }
    }
    """

    def __init__(self, query: str, count: int, has_search: bool, folder: Path) -> None:
        super().__init__()
        self.described, self.count, self.has_search, self.folder = query, count, has_search, folder
        self.format = CHOICES[0][0]
        self._suggested = free_path(folder, "frontline-view", SUFFIXES[self.format])

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="panel") as box:
            box.border_title = "Export this view"
            box.border_subtitle = "enter export · esc cancel"
            shown = clean(self.described, single_line=True) or "every event"
            yield Static(f"{shown} · {self.count:,} events in view", id="export-view", markup=False)
            with FormatChoice(id="export-format"):
                for n, (_, label) in enumerate(CHOICES):
                    yield RadioButton(label, value=n == 0)
            if self.has_search:
                yield Checkbox("Only the matches of the search", value=True, id="export-matches")
            yield Input(str(self._suggested), id="export-path", select_on_focus=False)
            yield Label("", id="export-error", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self._choose(event.index)

    def _choose(self, index: int) -> None:
        self.format = CHOICES[index][0]
        path = self.query_one("#export-path", Input)
        if path.value == str(self._suggested):  # not edited by hand: follow the format
            self._suggested = free_path(self.folder, "frontline-view", SUFFIXES[self.format])
            path.value = str(self._suggested)

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        path = Path(text).expanduser()
        error = None
        if not text:
            error = "Give a file to write to."
        elif path.is_dir():
            error = f"{path} is a folder: add a file name."
        elif path.exists():
            error = f"{path} exists already: choose another name (nothing is overwritten)."
        elif not path.parent.is_dir():
            error = f"There is no folder {path.parent}."
        if error is not None:
            self.query_one("#export-error", Label).update(error)
            return
        matches = self.query_one("#export-matches", Checkbox).value if self.has_search else False
        self.dismiss((self.format, path, matches))

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "export-cancel":
            self.dismiss(None)
        elif isinstance(focused, RadioSet):
            # The highlighted format is the one meant. RadioSet keeps it in `_selected` (it has no public
            # name); pressing it would only post a Changed message that arrives after this export.
            highlighted = getattr(focused, "_selected", None)
            if highlighted is not None:
                focused.action_toggle_button()
                self._choose(highlighted)
            self._go()
        else:
            self._go()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def write_view(timeline: Timeline, fmt: str, path: Path, selection: Selection) -> int:
    """Write a selection to a new file at `path`, whole or not at all; returns the number of events."""
    handle, scratch = tempfile.mkstemp(prefix=".frontline-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = write(timeline, fmt, out, selection)
        os.link(scratch, path)  # fails, rather than overwrites, if the name was taken meanwhile
    finally:
        os.unlink(scratch)
    return count


class ExportActions(AppMixin):
    """The palette's "Export this view…" (mixed into the app)."""

    if TYPE_CHECKING:
        base_timeline: Timeline
        timeline: Timeline
        filters: Filters
        search: Search | None

    class Exported(Message):
        def __init__(self, path: Path, count: int | None, error: str | None = None) -> None:
            super().__init__()
            self.path, self.count, self.error = path, count, error

    def action_export_view(self) -> None:
        """Write the events in view to a file, in a chosen format."""
        words = self.search.text if self.search is not None else ""
        query = " ".join(p for p in (self.filters.describe(), words) if p)
        screen = ExportScreen(query, self.timeline.count(), bool(words), Path.cwd())
        self.push_screen(screen, lambda choice: self._export_chosen(choice, words))

    def _export_chosen(self, choice: tuple[str, Path, bool] | None, words: str) -> None:
        if choice is not None:
            fmt, path, matches = choice
            self._write_export(fmt, path, Selection(self.filters, words if matches else ""))

    @work(thread=True, exclusive=True, group="export")
    def _write_export(self, fmt: str, path: Path, selection: Selection) -> None:
        try:
            count = write_view(self.base_timeline, fmt, path, selection)
        except OSError as exc:
            self.post_message(self.Exported(path, None, exc.strerror or str(exc)))
            return
        self.post_message(self.Exported(path, count))

    def on_export_actions_exported(self, message: Exported) -> None:
        if message.error is not None:
            said = f"Could not write {message.path}: {message.error}"
            self.notify(said, title="Export", severity="error", markup=False)
        else:
            events = "1 event" if message.count == 1 else f"{message.count:,} events"
            self.notify(f"Wrote {events} to {message.path}", title="Export", markup=False)
