"""The user's layer on screen: the form that edits or adds an event, the tag prompt and the note.

Every form validates what was typed exactly as a load would (`Layer.validate`) and saves nothing
until every field is valid; a bad value gets the load's one-line error under its field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, TextArea

from frontline.store.layer import Layer, LayerError
from frontline.tui.text import clean

# The form's fields, with how each is written in it.
FIELDS: list[tuple[str, str]] = [
    ("date", "any written date: 19 Dec 2019, March 2015, 2016"),
    ("end_date", "for a span; empty for one day, month or year"),
    ("title", "a headline of at most 80 characters"),
    ("summary", "one to three sentences"),
    ("place", "the place as you would write it"),
    ("admin1", "its governorate or province"),
    ("lat", "latitude, e.g. 35.65"),
    ("lon", "longitude, e.g. 36.67"),
    ("actors", "names separated by ;"),
    ("category", "battle, airstrike, capture, displacement…"),
    ("fatalities", "killed: a number, or empty"),
    ("displaced", "a number, or empty"),
    ("notes", "where sources disagree"),
]


def form_value(record: dict[str, Any], field: str) -> str:
    """A record's field as it is written in the form."""
    value = record.get(field)
    if value is None:
        return ""
    if field == "actors":
        return "; ".join(value)
    return str(value)


class EditScreen(ModalScreen[dict[str, str] | None]):
    """Edit the event under the cursor (or add one, starting from `record`'s values): one input per
    field. ctrl+s saves, Esc cancels.

    Dismisses with the fields that changed, as typed, once they are all valid."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="edit.cancel", priority=True),
    ]

    def __init__(
        self, layer: Layer, ident: str | None, record: dict[str, Any], sources: dict[str, Any] | None = None
    ) -> None:
        super().__init__(classes="modal-panel")
        self.store_layer, self.ident, self.record = layer, ident, record
        self.sources = sources or {}  # field: the source's value, where the user has corrected it

    def compose(self) -> ComposeResult:
        title = "Add an event (to “my events”)" if self.ident is None else "Edit the event"
        with Vertical(id="edit-form"):
            yield Label(title, markup=False, classes="edit--title")
            with VerticalScroll():
                for field, hint in FIELDS:
                    yield Label(field.replace("_", " "), markup=False, classes="edit--label")
                    yield Input(form_value(self.record, field), placeholder=hint, id=f"edit-{field}", compact=True)
                    source = self.sources.get(field)
                    text = (
                        f"source: {clean(form_value({field: source}, field), single_line=True)}"
                        if field in self.sources
                        else ""
                    )
                    yield Label(text, markup=False, id=f"source-{field}", classes="edit--source")
                    yield Label("", markup=False, id=f"error-{field}", classes="edit--error")
            yield Label("ctrl+s save · esc cancel", markup=False, classes="edit--hint")

    def on_mount(self) -> None:
        self.query_one("#edit-title" if self.ident is None else "#edit-date", Input).focus()

    def changes(self) -> dict[str, str]:
        """The fields whose text differs from what the form opened with; for a new event, every field
        filled in (the date it opens with, the cursor's, is the user's to keep)."""
        typed = {field: self.query_one(f"#edit-{field}", Input).value for field, _ in FIELDS}
        if self.ident is None:
            return {f: v for f, v in typed.items() if v.strip()}
        return {f: v for f, v in typed.items() if v != form_value(self.record, f)}

    def action_save(self) -> None:
        for label in self.query(".edit--error").results(Label):
            label.update("")
        changes = self.changes()
        if self.ident is not None and not changes:
            self.dismiss(None)
            return
        values = {f: (v if v.strip() else None) for f, v in changes.items()}
        try:
            self.store_layer.validate(self.ident, values)
        except LayerError as error:
            field = error.field if error.field in dict(FIELDS) else "date"
            self.query_one(f"#error-{field}", Label).update(f"{field}: {error.message}")
            self.query_one(f"#edit-{field}", Input).focus()
            return
        self.dismiss({f: v for f, v in values.items()})  # type: ignore[misc]  # None clears a field

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagScreen(ModalScreen[list[str] | None]):
    """Tags for the event under the cursor: words, completed from the tags already in use.

    `-word` takes a tag off. Enter saves, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="tags.cancel")]

    def __init__(self, current: list[str], known: list[str]) -> None:
        super().__init__(classes="modal-panel")
        self.current, self.known = current, known

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-form"):
            yield Label("Tags", markup=False, classes="edit--title")
            shown = " ".join(f"#{t}" for t in self.current) or "(none yet)"
            yield Label(clean(shown, single_line=True), markup=False, id="tags-current")
            yield Input(
                placeholder="words to add; -word removes one",
                suggester=SuggestFromList(self.known, case_sensitive=False),
                compact=True,
                id="tags-input",
            )
            yield Label("enter save · → complete · esc cancel", markup=False, classes="edit--hint")

    @on(Input.Submitted, "#tags-input")
    def _save(self, message: Input.Submitted) -> None:
        wanted = list(self.current)
        for word in message.value.split():
            if word.startswith("-"):
                wanted = [t for t in wanted if t != word[1:].lstrip("#").casefold()]
            else:
                wanted.append(word)
        self.dismiss(wanted)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """The user's own note on the event under the cursor. ctrl+s saves (empty removes it), Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
    ]

    def __init__(self, note: str | None) -> None:
        super().__init__(classes="modal-panel")
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-form"):
            yield Label("Your note", markup=False, classes="edit--title")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Label("ctrl+s save · esc cancel", markup=False, classes="edit--hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
