"""The TimelineJS spreadsheet template saved as CSV: one slide a row, read like the JSON slides.

Headers (by name, any case): Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type (title|era), Group, Background.
A `title` row is the title slide (not an event); an `era` row goes to the eras table. Other columns go
to `extra`. TimelineJS stops at the first blank row: a blank row with data after it is refused, naming
its line, instead of silently publishing half the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from frontline.store.formats.common import norm_header, require_columns, to_item
from frontline.store.formats.timelinejs import (
    NAMES,
    SLIDE_MADE,
    era_item,
    era_record,
    read_slide,
    title_item,
)
from frontline.store.readers import Context, Item, LoadError, csv_records
from frontline.store.record import RecordError

_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?", re.I)
_COLUMNS = {
    "year", "month", "day", "time", "end year", "end month", "end day", "end time", "display date", "headline",
    "text", "media", "media credit", "media caption", "media thumbnail", "type", "group", "background",
}  # fmt: skip
# a slide's field (as `read_slide` names it) -> the sheet column it came from
_FROM = {"start_date": "year", "end_date": "end year", "text.headline": "headline", "text.text": "text", "group": "group",
         "display_date": "display date", "unique_id": "headline"}  # fmt: skip
for _side, _prefix in (("start_date", ""), ("end_date", "end ")):
    for _unit in ("year", "month", "day"):
        _FROM[f"{_side}.{_unit}"] = f"{_prefix}{_unit}"
    for _unit in ("hour", "minute", "second", "millisecond"):
        _FROM[f"{_side}.{_unit}"] = f"{_prefix}time"


def _key(header: str) -> str:
    """'Type (title|era)' and 'type' are the same column."""
    return norm_header(header.split("(")[0])


def _time(value: str, column: str) -> dict[str, int]:
    match = _TIME.fullmatch(value)
    if not match:
        raise RecordError(column, f"expected a time like 14:30, found {value[:40]!r}")
    hour, minute, second, half = match.groups()
    hour = int(hour)
    if half:
        if not 1 <= hour <= 12:
            raise RecordError(column, f"no such hour: {value[:40]!r}")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    parts = {"hour": hour, "minute": int(minute or 0)}
    if second:
        parts["second"] = int(second)
    return parts


def sheet_slide(row: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """A sheet row as `(type, slide)`: keys of `row` are normalized column names."""
    cell = {k: v.strip() for k, v in row.items()}

    def date(prefix: str, time_column: str) -> dict[str, Any]:
        obj: dict[str, Any] = {u: cell.get(f"{prefix}{u}") for u in ("year", "month", "day")}
        if cell.get(time_column):
            obj.update(_time(cell[time_column], time_column))
        return {k: v for k, v in obj.items() if v not in (None, "")}

    slide: dict[str, Any] = {"start_date": date("", "time")}
    if cell.get("end year"):
        slide["end_date"] = date("end ", "end time")
    slide["text"] = {k: cell[k] for k in ("headline", "text") if cell.get(k)}
    media_columns = ("media", "media credit", "media caption", "media thumbnail")
    media = {k[6:] or "url": cell[k] for k in media_columns if cell.get(k)}
    if media:
        slide["media"] = media
    for column, key in (("display date", "display_date"), ("group", "group"), ("background", "background")):
        if cell.get(column):
            slide[key] = cell[column]
    slide.update({k: v for k, v in cell.items() if k not in _COLUMNS and v})
    return (cell.get("type") or "").lower(), slide


def read_sheet(ctx: Context) -> Iterator[Item]:
    """Rows of a TimelineJS sheet; errors name the sheet's own column headers."""
    spelled: dict[str, str] = {}

    def check(headers: list[str]) -> None:
        for header in headers:
            spelled.setdefault(_key(header), header)
        require_columns(ctx, list(spelled), ("year", "headline"), "a TimelineJS sheet")

    def column(field: str) -> str:
        key = _FROM.get(NAMES.get(field, field), _FROM.get(field, field))
        return spelled.get(key, key.title())

    names = {f: column(f) for f in (*NAMES, *_FROM)}
    title: tuple[int, dict[str, Any]] | None = None
    datasets: set[str] = set()
    for line, raw in csv_records(ctx, check, blank_row_ends=True):
        row = {(_key(k) if _key(k) in _COLUMNS else k): v for k, v in raw.items()}
        try:
            kind, slide = sheet_slide(row)
            if kind == "title":
                title = title or (line, {k: v for k, v in slide.items() if v not in ({}, None, "")})
                continue
            if kind not in ("", "era"):
                raise RecordError(spelled.get("type", "Type"), f"expected title, era or nothing, found {kind[:20]!r}")
            if kind == "era":
                yield era_item(ctx, line, era_record(slide), {"title": column("text.headline"), "date": column("year")})
                continue
            record, old = read_slide(slide, ctx.dataset)
        except RecordError as exc:
            raise LoadError(ctx.path, exc.message, line, names.get(exc.field, column(exc.field))) from None
        item = to_item(ctx, line, record, names, SLIDE_MADE if old is not None else None)
        item.old_id = old
        datasets.add(item.row["dataset"] or "")
        yield item
    if title is not None:
        yield title_item(title[1], datasets, title[0])
