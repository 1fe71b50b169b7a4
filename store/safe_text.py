"""Text that is not text: lone surrogates (JSON's `"\\ud800"`, a file name that is not UTF-8).

Python lets them into a `str`, but they cannot be encoded, stored in SQLite or written to a terminal,
so loads refuse them by field and paths are shown with the bad bytes escaped.
"""

from __future__ import annotations

import json
import os
import re
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


# Characters JSON may carry raw but a terminal would obey: DEL and C1 controls (U+009B is a CSI), bidi
# controls, and the line and paragraph separators. Written as \uXXXX they read back the same.
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(value: Any) -> str:
    """JSON as `json.dumps(ensure_ascii=False)` writes it, with what a terminal would obey escaped."""
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


TOO_LONG = "invalid JSON (a number of more than 4,300 digits)"  # Python's int() limit, raised as ValueError
TOO_DEEP = "invalid JSON (nested too deeply)"


def after_json(text: str, pos: int) -> tuple[str, int] | None:
    """(message, offset) when anything but blanks follows the document that ended at `pos`."""
    rest = len(text) - len(text[pos:].lstrip())
    if rest >= len(text):
        return None
    found = "another array" if text[rest] == "[" else "an object" if text[rest] == "{" else "more text"
    return f"the JSON array has ended, but {found} follows it; a file holds one array", rest
