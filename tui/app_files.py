"""What the app writes outside the database: the theme kept for the next launch, and screenshots.

`AppFiles` is mixed into `FrontlineApp`. The theme given with `--theme` holds for the run; one chosen
in the palette is also written to the config file (`tui.config`). The palette's screenshot goes to
the Downloads folder, or to the current directory where there is none, and the notice says where.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from textual import events

from frontline.tui.app_base import AppMixin
from frontline.tui.config import save_theme, saved_theme


class AppFiles(AppMixin):
    """The theme setting and screenshots (mixed into the app; handlers go by name, as in `MarkKeys`)."""

    _keep_theme = False  # off while the theme of the launch is set: only a later choice is written

    def init_theme(self, theme: str | None) -> None:
        """Start on `theme` (from --theme), else the one kept from the palette, else Textual's default."""
        chosen = theme or saved_theme()
        if chosen is not None and chosen in self.available_themes:
            self.theme = chosen
        self._keep_theme = True

    def watch_theme(self, theme: str) -> None:
        if not self._keep_theme:
            return
        try:
            save_theme(theme)
        except OSError as error:
            self.notify(f"The theme is used but not kept: {error}", title="Theme", severity="warning", markup=False)

    def screenshot_folder(self) -> Path:
        """Downloads, where the user has one; else the current directory."""
        downloads = platformdirs.user_downloads_path()
        return downloads if downloads.is_dir() else Path.cwd()

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        if path is None and not self.is_web:  # in a browser, the browser downloads it
            path = str(self.screenshot_folder())
        return super().deliver_screenshot(filename, path, time_format)

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # Textual's notice reads the path as markup
            where = f"Screenshot saved to {event.path}" if event.path is not None else "Screenshot saved"
            self.notify(where, title="Screenshot", markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(f"Screenshot not saved: {event.exception}", title="Screenshot", severity="error", markup=False)
