"""The timeline's eras: the day each line stands for, and the era of the first row in view named in the border.

`TimelineEras` is mixed into `TimelineView`, which has the map of its lines and the events read. The name
goes in the border's bottom row alone (`KeptStyles.show_subtitle`), and the names the next keys may show
are styled there ahead (`_warm_edge`, from the timeline's `StripWarmer`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontline.tui.eras import EraBands

if TYPE_CHECKING:
    from textual.content import Content

    from frontline.store.query import Event
    from frontline.tui.kept_styles import KeptStyles
    from frontline.tui.lines import LineMap

    ErasBase = KeptStyles  # for the type checker: the border is the widget's it is mixed into
else:
    ErasBase = object


class TimelineEras(ErasBase):
    """The eras of a timeline's lines (mixed into `TimelineView`)."""

    if TYPE_CHECKING:
        lines: LineMap

        def event_at(self, pos: int) -> Event | None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.eras = EraBands([])
        """The dataset's eras, drawn as a coloured band at the left of every row (set by the app)."""
        self._era_shown: Content | None = None  # the era label last put in the border

    def day_of_line(self, line: int) -> str | None:
        """The day a display line stands for: its event's start, or a separator's first day."""
        if (header := self.lines.headers.get(line)) is not None:
            return f"{header[1]}-01-01" if header[0] == "year" else f"{header[1]}-01"
        pos = self.lines.pos_at(line)
        event = self.event_at(pos) if pos is not None else None
        return event.date_start if event is not None else None

    def show_era(self) -> None:
        """Name the era of the first row in view in the border's subtitle."""
        if (label := self._era_at(int(self.scroll_y))) is not None and label is not self._era_shown:
            self._era_shown = label  # shown, the bottom row is repainted even when the same
            self.show_subtitle(label)

    def _warm_edge(self, top: int) -> None:
        """Style the border for a screen from line `top` the next key may show (see `StripWarmer`)."""
        if (label := self._era_at(top)) is not None:
            self.subtitle_ahead(label)

    def _era_at(self, line: int) -> Content | None:
        day = self.day_of_line(line) if self.eras else None
        return None if day is None else self.eras.label(day)
