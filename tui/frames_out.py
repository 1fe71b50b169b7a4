"""What waits for a frame to be out: counted where Textual hands each frame to the driver.

Textual's `call_after_refresh` runs its callback when the screen is next idle with nothing dirty. A
widget's repaint reaches the screen as a message of its own, so the callback can come before the
frame that draws what was changed just before it was asked for (seen on a busy machine).
`after_frame` runs its callback only once a frame composed after the call has gone to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType
from textual.screen import Screen

from frontline.tui.app_base import AppMixin


class FramesOut(AppMixin):
    """Counts the frames handed to the driver, and runs what waits for the next one after it (mixed into
    the app ahead of Textual's `App`)."""

    frames_out = 0
    """Frames composed and handed to the driver since the app started."""

    _waiting_for_frame: list[Callable[[], object]] | None = None

    def _display(self, screen: Screen, renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if renderable is None:
            return  # nothing was composed: no frame
        self.frames_out += 1
        waiting, self._waiting_for_frame = self._waiting_for_frame, None
        for callback in waiting or ():
            callback()

    def after_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once a frame composed after this call is out (what this turn changed, drawn)."""
        self.call_after_refresh(self._after_frame, self.frames_out, callback)

    def _after_frame(self, frames: int, callback: Callable[[], object]) -> None:
        if self.frames_out > frames:
            callback()  # the screen was drawn since: the usual case
        else:  # the repaint had not reached the screen when it fell idle: the next frame draws it
            self._waiting_for_frame = [*(self._waiting_for_frame or ()), callback]
