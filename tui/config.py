"""What the app keeps between launches: for now the theme chosen in the palette.

One TOML file, `config.toml` in the user's config directory (platformdirs: `~/.config/frontline` on
Linux, `~/Library/Application Support/frontline` on macOS; `$XDG_CONFIG_HOME` is honoured). A file
that cannot be read is ignored rather than stopping the app: the settings are a convenience.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path

import platformdirs

CONFIG_NAME = "config.toml"
_BARE = re.compile(r"[A-Za-z0-9_-]+")  # keys written without quotes; others (none of ours) are not kept


def config_path() -> Path:
    """Where the settings live."""
    return Path(platformdirs.user_config_dir("frontline", appauthor=False)) / CONFIG_NAME


def read_config(path: Path | None = None) -> dict[str, object]:
    """The settings in the file (none if it is missing or unreadable)."""
    try:
        with open(path or config_path(), "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def saved_theme(path: Path | None = None) -> str | None:
    """The theme last chosen in the palette, if any."""
    theme = read_config(path).get("theme")
    return theme if isinstance(theme, str) and theme else None


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Keep `theme` for the next launch; other settings in the file stay. Written whole, then moved
    into place, so an interrupted write never leaves half a file."""
    path = path or config_path()
    settings = {
        key: value for key, value in read_config(path).items() if isinstance(value, str) and _BARE.fullmatch(key)
    }
    settings["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    # TOML's basic strings take JSON's escapes, so json.dumps quotes any text safely.
    text = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in sorted(settings.items()))
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(name, path)
    return path


def theme_names() -> list[str]:
    """The themes `--theme` and the palette offer: Textual's own."""
    from textual.theme import BUILTIN_THEMES  # Textual only when a theme is asked for by name

    return sorted(BUILTIN_THEMES)
