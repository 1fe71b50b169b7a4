"""Text from people and files, inert on screen: a date typed at `:` may be `[/]` or `[@click=app.quit]`, a
filter may name a category holding an escape sequence, a paste may carry a C1 CSI. None of it is read
as markup, and no control or bidi character reaches the terminal: they are shown as pictures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.command import CommandInput, CommandPalette
from textual.widgets import Input

from frontline.tui.text import clean, typed

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel


def make_inert(field: Input) -> None:
    """Make an input that is not ours (the command palette's) show controls as pictures, as `PlainInput` does."""
    original = field.replace
    field.validate_value = typed  # type: ignore[attr-defined]  # the reactive looks it up on the instance
    field.replace = lambda text, start, end: original(typed(text), start, end)  # type: ignore[method-assign]  # same


class InertText:
    """Mixed into the app before `App`: every `notify`, from any screen or widget, goes through here,
    and the command palette's input is made inert when it opens."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """As `App.notify`, but never markup, and controls and bidi characters shown, not obeyed."""
        parent: Any = super()
        text, heading = clean(str(message)), clean(str(title), True)
        parent.notify(text, title=heading, severity=severity, timeout=timeout, markup=False)

    def on_command_palette_opened(self, message: CommandPalette.Opened) -> None:
        screens: Any = getattr(self, "screen_stack", [])
        for screen in screens:
            if isinstance(screen, CommandPalette):
                make_inert(screen.query_one(CommandInput))
