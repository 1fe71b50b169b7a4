"""The app's keys for the user's layer: edit, add, hide, tag, note, undo and redo.

A plain mixin of `FrontlineApp`, like `MarkKeys`: its handlers go by name, its bindings are listed
in the app's `BINDINGS`. Every change goes through the store's `Layer` (through the timeline, the
query door) in a worker, and the app re-opens its view on the same event when it is written.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from frontline.store.layer import Change, Layer, LayerError
from frontline.store.schema import SchemaError
from frontline.store.times import format_when_short
from frontline.tui.app_base import AppMixin
from frontline.tui.edit_form import FIELDS, EditScreen, NoteScreen, TagScreen, form_value
from frontline.tui.filtering import ViewShape, open_view
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.filters import Filters
    from frontline.store.query import Event, Timeline
    from frontline.tui.timeline import TimelineView

LAYER_BINDINGS: list[BindingType] = [
    Binding("e", "edit", "Edit", id="app.edit", show=False, tooltip="Edit the event under the cursor (your layer)"),
    Binding("a", "add", "Add", id="app.add", show=False, tooltip="Add an event of your own"),
    Binding(
        "d", "hide", "Hide", id="app.hide", show=False, tooltip="Hide the event (V shows hidden ones; d again restores)"
    ),
    Binding(
        "V", "show_hidden", "View hidden", id="app.show_hidden", show=False, tooltip="Show or leave out hidden events"
    ),
    Binding("t", "tag", "Tag", id="app.tag", show=False, tooltip="Tag the event under the cursor"),
    Binding("A", "note", "Annotate", id="app.note", show=False, tooltip="Your own note on the event under the cursor"),
    Binding("u", "undo", "Undo", id="app.undo", show=False, tooltip="Undo the last edit, tag, note, mark or hide"),
    Binding("ctrl+r", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone"),
]
LAYER_ACTIONS = {"edit", "add", "hide", "show_hidden", "tag", "note", "undo", "redo"}


class LayerChanged(Message):
    """The layer was written (history entry `n`, None when nothing changed): show the view again on `event_id`."""

    def __init__(self, n: int | None, event_id: str | None, shape: ViewShape | None, said: str, undo: bool = False):
        super().__init__()
        self.n, self.event_id, self.shape, self.said, self.undo = n, event_id, shape, said, undo


class LayerFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class LayerKeys(AppMixin):
    """Edit, add, hide, tag, annotate, undo and redo, from the keyboard."""

    if TYPE_CHECKING:
        base_timeline: Timeline
        filters: Filters
        show_hidden: bool
        _total: int | None

        @property
        def view(self) -> TimelineView: ...
        def swap_view(self, shape: ViewShape) -> None: ...
        def _update_header(self) -> None: ...

    _undo: list[int]
    _redo: list[int]

    def _stacks(self) -> tuple[list[int], list[int]]:
        if not hasattr(self, "_undo"):
            self._undo, self._redo = [], []
        return self._undo, self._redo

    def _current(self) -> Event | None:
        return self.view.event_at(self.view.cursor)

    def action_edit(self) -> None:
        event = self._current()
        if event is None:
            return
        layer = self.base_timeline.layer()
        record = layer.record(event.id)
        sources = {f: theirs for f, (_mine, theirs) in layer.corrections(event.id).items()}

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._write(lambda store: (store.edit(event.id, values), event.id), "Saved; u undoes")

        self.push_screen(EditScreen(layer, event.id, record, sources), done)

    def action_add(self) -> None:
        layer = self.base_timeline.layer()
        event = self._current()
        start = {"date": form_value(layer.record(event.id), "date")} if event is not None else {}

        def done(values: dict[str, Any] | None) -> None:
            if values:

                def add(store: Layer) -> tuple[int | None, str]:
                    ident = store.add(values)
                    return store.history(limit=1)[0].n, ident

                self._write(add, "Added to “my events”; u undoes", added=True)

        self.push_screen(EditScreen(layer, None, dict(start)), done)

    def action_hide(self) -> None:
        event = self._current()
        if event is None:
            return
        layer = self.base_timeline.layer()
        hidden = not layer.is_hidden(event.id)
        said = "Hidden; V shows hidden events, u undoes" if hidden else "Restored"
        self._write(lambda store: (store.set_hidden(event.id, hidden), event.id), said)

    def action_show_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        event = self._current()
        said = "Showing hidden events" if self.show_hidden else "Hidden events left out"
        self._write(lambda store: (None, event.id if event else None), said)

    def action_tag(self) -> None:
        event = self._current()
        if event is None:
            return
        layer = self.base_timeline.layer()

        def done(tags: list[str] | None) -> None:
            if tags is not None:
                self._write(lambda store: (store.set_tags(event.id, tags), event.id), "Tagged; u undoes")

        self.push_screen(TagScreen(layer.tags(event.id), [t for t, _ in layer.all_tags()]), done)

    def action_note(self) -> None:
        event = self._current()
        if event is None:
            return
        layer = self.base_timeline.layer()

        def done(text: str | None) -> None:
            if text is not None:
                self._write(lambda store: (store.set_note(event.id, text), event.id), "Note saved; u undoes")

        self.push_screen(NoteScreen(layer.note(event.id)), done)

    def action_undo(self) -> None:
        undo, _redo = self._stacks()
        if not undo:
            self.notify("Nothing to undo", timeout=2, markup=False)
            return
        n = undo.pop()
        self._write(lambda store: _said(store.undo(n), "Undone", "ctrl+r redoes"), "", undo=True)

    def action_redo(self) -> None:
        _undo, redo = self._stacks()
        if not redo:
            self.notify("Nothing to redo", timeout=2, markup=False)
            return
        n = redo.pop()
        self._write(lambda store: _said(store.redo(n), "Redone", "u undoes"), "")

    def record_mark(self, n: int | None) -> None:
        """A mark or unmark (history entry `n`) joins what u undoes."""
        if n is not None:
            undo, redo = self._stacks()
            undo.append(n)
            redo.clear()

    layer_writing = False
    """A write of the layer is under way: the live view waits for it, so that its own commit is not
    read as another process's load (which would move the cursor off the event written)."""

    def _write(self, change: Any, said: str, undo: bool = False, added: bool = False) -> None:
        self.layer_writing = True
        self._write_now(change, said, undo, added)

    @work(thread=True, exclusive=True, group="layer")
    def _write_now(self, change: Any, said: str, undo: bool, added: bool) -> None:
        try:
            n, ident, *told = change(self.base_timeline.layer())  # this thread's connection
        except (LayerError, SchemaError, sqlite3.Error) as error:  # a bad value, read-only media, a long lock
            self.post_message(LayerFailed(str(error)))
            return
        event = self.base_timeline.event_by_id(ident) if ident else None
        if told:  # an undo or redo says what it did, and to which event
            title = clean(event.title, single_line=True) if event is not None else ident
            said = f"{told[0]} on “{title if len(title) <= 60 else title[:59] + '…'}”; {told[1]}"
        shape = open_view(self.base_timeline, self.filters, event, self.show_hidden)
        if added and event is not None and not _shows(shape.timeline, event.id):
            said = _outside(event)
        self.post_message(LayerChanged(n, ident, shape, said, undo))

    def on_layer_changed(self, message: LayerChanged) -> None:
        self.layer_writing = False
        undo, redo = self._stacks()
        if message.n is not None:
            if message.undo:
                redo.append(message.n)
            elif message.said.startswith("Redone"):
                undo.append(message.n)
            else:
                undo.append(message.n)
                redo.clear()
        watcher = getattr(self, "_watcher", None)  # tui.live: our own write is no other process's load
        if watcher is not None:
            watcher.seen()
        if message.shape is not None:
            self._total = None  # "14 of 137 events": an added event counts in the whole
            self.swap_view(message.shape)
            self._update_header()  # a hidden event leaves the count, a shown one comes back
        done = message.n is not None or message.said.startswith(("Showing", "Hidden events"))
        self.notify(message.said if done else "Nothing changed", timeout=2, markup=False)

    def on_layer_failed(self, message: LayerFailed) -> None:
        self.layer_writing = False
        self.notify(message.error, title="Not saved", severity="error", timeout=5, markup=False)


WHAT = {"edit": "the correction", "revert": "the revert", "tag": "the tags", "untag": "the tags", "note": "the note",
        "hide": "hiding", "restore": "the restore", "mark": "the mark", "unmark": "the unmark", "add": "adding"}  # fmt: skip


def _shows(view: Timeline, ident: str) -> bool:
    """Is the event in this view (the filters let it through)?"""
    found = view.position_of_id(ident)
    return found is not None and (hit := view.event(found)) is not None and hit.id == ident


def _outside(event: Event) -> str:
    """What adding says when the filters hide the new event: saved, and where it went."""
    title = clean(event.title, single_line=True)
    title = title if len(title) <= 60 else title[:59] + "…"
    when = format_when_short(event.date_start, event.date_end, event.precision, event.time_start, event.time_end)
    return f"Added “{title}” on {when}: outside the current filters (F clears them); u undoes"


def _said(change: Change, done: str, then: str) -> tuple[int, str, str, str]:
    """What an undo or redo says: "Undone: the correction of place, category", and the key that reverses it."""
    what = WHAT.get(change.action, change.action)
    if change.action in ("edit", "revert"):
        fields = sorted({*(change.before or {}), *(change.after or {})})
        what = f"{what} of {', '.join(fields)}" if fields else what
    return change.n, change.id, f"{done}: {what}", then


__all__ = ["FIELDS", "LAYER_ACTIONS", "LAYER_BINDINGS", "LayerKeys"]
