"""The cells of one record, each read and checked by its kind: text, a count or a number, a coordinate,
a yes/no flag, a list of names, a list of sources, a JSON object of extra fields.

Each raises ValueError saying what it expected; `record.to_row` names the field.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from frontline.store.csvshape import is_missing

_DECIMAL_COMMA = re.compile(r"-?\d{1,3},\d+")
_SPLIT_LIST = re.compile(r"\s*[;|]\s*")
_URL = re.compile(r"^https?://\S+$", re.I)
MAX_COUNT = 2**63 - 1  # what SQLite's INTEGER holds
TRUE_WORDS = {"1", "true", "yes", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "n", "f", ""}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ValueError("expected text, found a JSON structure")
    text = str(value).strip()
    if "\x00" in text:
        raise ValueError("contains a NUL byte")
    return text or None


def _number(value: Any, *, integer: bool) -> int | float | None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(f"expected a number, found {value!r}")
        return None
    if isinstance(value, (int, float)):
        number = value
    else:
        text = str(value).strip().replace(",", "").replace("\u202f", "").replace(" ", "")
        if not text:
            return None
        try:
            number = int(text) if integer and text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise ValueError(f"not a number: {str(value)[:40]!r}") from None
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    if integer:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError(f"not a whole number: {value!r}")
        number = int(number)
        if number < 0:
            raise ValueError(f"negative count: {number}")
        if number > MAX_COUNT:
            raise ValueError(f"too large to be a count: {str(value)[:40]}")
    return number


def _coordinate(value: Any) -> float | None:
    """A latitude or longitude; `35,8624` is a decimal comma (spreadsheets in many locales), not thousands."""
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        value = value.strip().replace(",", ".")
    return _number(value, integer=False)


def _flag(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected true or false, found {str(value)[:40]!r}")


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"malformed JSON ({exc.msg})") from None
    return value


def _actors(value: Any) -> list[str]:
    value = _maybe_json(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [a for a in _SPLIT_LIST.split(value.strip()) if not is_missing(a)]
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return [a.strip() for a in value if not is_missing(a)]
    raise ValueError("expected a list of names")


def _sources(value: Any) -> list[dict[str, str | None]]:
    value = _maybe_json(value)
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = [s for s in _SPLIT_LIST.split(value.strip()) if s]
    elif isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        items = [value]
    else:
        raise ValueError("expected a list of sources")
    sources: list[dict[str, str | None]] = []
    for item in items:
        if isinstance(item, str):
            item = item.strip()
            sources.append({"name": item, "url": item} if _URL.match(item) else {"name": item, "url": None})
        elif isinstance(item, dict) and (item.get("name") or item.get("url")):
            name, url = _text(item.get("name")), _text(item.get("url"))
            source: dict[str, str | None] = {"name": name or url, "url": url}
            for key in ("date", "headline"):  # an article's (UCDP's source_article gives both)
                if given := _text(item.get(key)):
                    source[key] = given
            sources.append(source)
        else:
            raise ValueError("each source needs a name or a url")
    return sources


def _extra(value: Any) -> dict[str, Any]:
    value = _maybe_json(value)
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def _with_url(sources: list[dict[str, str | None]], url: str | None) -> list[dict[str, str | None]]:
    """A file with a source column and a url column means one source with its link."""
    if url is None:
        return sources
    if len(sources) == 1 and sources[0]["url"] in (None, url):
        return [{"name": sources[0]["name"], "url": url}]
    if any(s["url"] == url for s in sources):
        return sources
    return [*sources, {"name": url, "url": url}]
