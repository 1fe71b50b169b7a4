"""Text that is not text: lone surrogates (JSON's `"\\ud800"`, a file name that is not UTF-8).

Python lets them into a `str`, but they cannot be encoded, stored in SQLite or written to a terminal,
so loads refuse them by field and paths are shown with the bad bytes escaped.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def lone_surrogate(value: str) -> str | None:
    """`\\udXXX` for the first lone surrogate in `value`, else None (fast for ASCII)."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"\\u{ord(value[exc.start]):04x}"
    return None


def surrogate_field(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first (column, `\\udXXX`) of a row whose text holds a lone surrogate."""
    for name, value in row.items():
        if isinstance(value, str):
            bad = lone_surrogate(value)
            if bad:
                return name, bad
    return None


def display_path(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 shown as `\\xff`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
