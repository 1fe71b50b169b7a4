"""The one-line prompts at the bottom: `/` search as you type, `:` go to a date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, Label

from frontline.tui.text import typed


class PlainInput(Input):
    """An input that never holds a control or bidi character: typed, pasted or prefilled (a category
    chosen in the facets may hold an escape sequence), each is shown as a visible picture instead."""

    def validate_value(self, value: str) -> str:
        return typed(value)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(typed(text), start, end)  # cleaned first, so the cursor lands after what is shown

    def _watch_value(self, value: str) -> None:
        # Textual's sets the virtual width (the text's, for scrolling) as the reactive, which lays out the
        # whole screen on every keystroke (4-5 ms of a search keystroke at a million events). The box is a
        # line of fixed size: its own repaint is enough.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class PromptBar(Horizontal):
    """A prompt character and an input, shown only while it is in use (class `-open`)."""

    DEFAULT_CSS = """
    PromptBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > Label { width: auto; padding: 0 0 0 1; color: $text-accent; text-style: bold; }
        & > Input { width: 1fr; background: $panel; border: none; padding: 0 1 0 0; }
        & > .prompt-hint { width: auto; max-width: 60%; color: $text-muted; text-style: none; padding: 0 1; }
    }
    """

    def __init__(self, prompt: str, placeholder: str, hint: str, *, id: str) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.prompt, markup=False)
        yield PlainInput(placeholder=self.placeholder, compact=True, select_on_focus=False)
        yield Label(self.hint, markup=False, classes="prompt-hint")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def open(self, value: str = "") -> None:
        """Show the bar with `value` in it and put the keyboard there."""
        self.add_class("-open")
        self.input.value = value
        self.input.cursor_position = len(self.input.value)
        # Focus now, not after a refresh: keys typed right after "/" must land in the input.
        self.screen.set_focus(self.input)

    def close(self) -> None:
        self.remove_class("-open")


def search_bar() -> PromptBar:
    return PromptBar("/", "search titles, places, actors, notes", "enter keep · esc clear", id="search-bar")


def date_bar() -> PromptBar:
    return PromptBar(":", "go to a date: 19 Dec 2019, March 2015, 2016", "enter go · esc cancel", id="date-bar")
