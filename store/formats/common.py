"""What the format readers share: a CSV walked row by row with its lines, and a record turned into an item.

The format readers (ACLED, UCDP, TimelineJS, iCalendar, articles) first translate what a file holds into
the record form (`store.record.RECORD_KEYS`), then let `store.record.to_row` validate it like any other
record. An error is reported under the name the file uses (`latitude`, `GEO`, `start_date.year`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from frontline.store.csvshape import is_missing
from frontline.store.readers import Context, Item, LoadError
from frontline.store.record import MADE_FROM, ColumnMap, RecordError, made_id, to_row

_MAPS: dict[tuple[str, ...], ColumnMap] = {}
_SPACES = re.compile(r"\s+")


def to_item(
    ctx: Context, line: int, record: Mapping[str, Any], names: Mapping[str, str] | None = None,
    made_from: str | None = None,
) -> Item:  # fmt: skip
    """Validate a record-form dict into an events item; errors name the file's own field (`names[field]`).
    `made_from`: what the reader made the record's id from, if the file gave none."""
    keys = tuple(record)
    cols = _MAPS.get(keys) or _MAPS.setdefault(keys, ColumnMap.from_headers(list(keys)))
    try:
        row = to_row(record, cols, dataset=ctx.dataset, reference=ctx.reference)
        made = made_from or (MADE_FROM if made_id(record, cols) else None)
        return Item(line, row, id_field=(names or {}).get("id", "id"), made_from=made)
    except RecordError as exc:
        field = (names or {}).get(exc.field, exc.field)
        raise LoadError(ctx.path, exc.message, line, field) from None


def fail(ctx: Context, line: int | None, field: str | None, message: str) -> LoadError:
    return LoadError(ctx.path, message, line, field)


def text(value: Any) -> str | None:
    """A cell as stripped text, None when blank."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def cell(value: Any) -> str | None:
    """A cell of a dataset export (ACLED, UCDP): stripped text, None when blank or R's `NA`, pandas' `nan`."""
    return None if is_missing(value) else str(value).strip()


def short_title(words: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    words = _SPACES.sub(" ", words).strip()
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def norm_header(name: str) -> str:
    return _SPACES.sub(" ", name.strip().lower())


def require_columns(ctx: Context, headers: list[str], needed: tuple[str, ...], what: str) -> dict[str, str]:
    """Map normalized header -> header as spelled; refuse (line 1) when a needed column is missing."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(norm_header(header), header)
    for name in needed:
        if name not in by_norm:
            raise LoadError(ctx.path, f"no {name} column: not {what}", 1, "header")
    return by_norm
