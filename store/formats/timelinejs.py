"""TimelineJS (Knight Lab, TimelineJS3) JSON, and (in `timelinejs_sheet`) its spreadsheet's CSV flavour.

- Ids: `unique_id`. A slide without one gets an id (`tl-…`) hashed from everything it shows: all its
  keys but `unique_id` and `frontline` (its `start_date` and `end_date` objects with their times and
  `display_date`s, `text.headline` and `text.text` as written, `media`, `group`, `display_date`,
  `background` and any key of its own), and the dataset it goes to (the load's, or the one its
  `frontline` object names): another dataset's copy of the slide is that dataset's own. Older versions
  made it without the dataset; the reader hands that id over (`Item.old_id`) so a database that holds
  it keeps it (`store.old_ids`).
- Dates: a date object's numbers may be strings. Year-only and month-only dates keep year and month
  precision; an `end_date` gives the span. Years 1-999 (602, 1066) are fine and sort correctly;
  BCE (negative years, or 0) is refused, and so is a `cosmological` scale. Times of day and the
  date objects' own `display_date`s go to `extra` (`start_time`, `start_display_date`, ...).
- Text: `text.headline` and `text.text` are HTML, reduced to plain text with the stdlib `html.parser`
  (`<br>` and block ends become line breaks) as title and summary. `group` is the category;
  `display_date`, `media`, `background` and any unknown slide keys are kept in `extra`.
- `eras` go to the eras table. The title slide is not an event.
- Our exporter adds a `frontline` object to a slide holding whatever its visible slots cannot carry
  exactly (place, sources, figures, a summary's exact spacing...); it overrides the slots on import.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from frontline.store.formats.common import to_item
from frontline.store.formats.html_text import html_links, html_to_text
from frontline.store.readers import Context, Item, LoadError, read_text
from frontline.store.record import RECORD_KEYS, RecordError, to_era_row

SLIDE_KEYS = {
    "start_date", "end_date", "text", "media", "group", "display_date", "background", "unique_id", "frontline",
}  # fmt: skip
ERA_KEYS = ("id", "title", "date", "end_date", "summary", "sources", "dataset")
NAMES = {"id": "unique_id", "date": "start_date", "end_date": "end_date", "precision": "start_date",
         "title": "text.headline", "summary": "text.text", "category": "group"}  # fmt: skip
_UNITS = (("hour", 0, 23), ("minute", 0, 59), ("second", 0, 59), ("millisecond", 0, 999))
UNTITLED = "(untitled)"


def number(value: Any, field: str) -> int | None:
    """A date part, which TimelineJS lets arrive as a number or as a string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RecordError(field, f"expected a number, found {value!r}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit() and value.strip().isascii():
        return int(value.strip())
    raise RecordError(field, f"expected a number, found {str(value)[:40]!r}")


def date_object(obj: Any, name: str) -> tuple[str, dict[str, str]]:
    """A TimelineJS date object as a record-form date ('1066', '2019-12', '2020-01-29') and its extras."""
    if not isinstance(obj, dict):
        raise RecordError(name, 'expected a date object like {"year": 2020, "month": 1}')
    year = number(obj.get("year"), f"{name}.year")
    if year is None:
        raise RecordError(f"{name}.year", "missing year")
    if year <= 0:
        raise RecordError(f"{name}.year", f"year {year} is BCE: dates before year 1 are not supported")
    if year > 9999:
        raise RecordError(f"{name}.year", f"year {year} is out of range")
    month = number(obj.get("month"), f"{name}.month")
    day = number(obj.get("day"), f"{name}.day")
    form = f"{year:04d}"
    if month is not None:
        if not 1 <= month <= 12:
            raise RecordError(f"{name}.month", f"there is no month {month}")
        form += f"-{month:02d}"
    if day is not None:
        if month is None:
            raise RecordError(f"{name}.day", "a day needs a month")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise RecordError(f"{name}.day", f"{calendar.month_name[month]} {year} has {last} days, not {day}")
        form += f"-{day:02d}"
    prefix = name.split("_")[0]
    extra: dict[str, str] = {}
    parts = []
    for unit, low, high in _UNITS:
        value = number(obj.get(unit), f"{name}.{unit}")
        if value is not None and not low <= value <= high:
            raise RecordError(f"{name}.{unit}", f"no such {unit}: {value}")
        parts.append(value)
    if parts[0] is not None:
        # The time as given: seconds when the object has them, milliseconds too.
        hour, minute, second, milli = parts
        clock = f"{hour:02d}:{minute or 0:02d}"
        if second is not None or milli is not None:
            clock += f":{second or 0:02d}" + (f".{milli:03d}" if milli is not None else "")
        if day is not None:
            form += f"T{clock}"
        else:
            extra[f"{prefix}_time"] = clock  # a time without a day places nothing: kept, not used
    shown = obj.get("display_date")
    if shown not in (None, ""):
        extra[f"{prefix}_display_date"] = str(shown)
    return form, extra


def precision_of(form: str) -> str:
    return "time" if "T" in form else {4: "year", 7: "month"}.get(len(form), "day")


def slide_ids(slide: dict[str, Any], dataset: str | None) -> tuple[str, str]:
    """The id of a slide without `unique_id`, and the one older versions made for it: hashes of everything
    it shows (dates and times, text, media, group...), so slides that share a headline are told apart and
    a re-import finds the same ids; the first hashes its dataset too, the old one did not."""
    shown = {k: v for k, v in slide.items() if k not in ("unique_id", "frontline")}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
    old = hashlib.sha1(text.encode("utf-8", "surrogatepass"))  # a lone surrogate is refused later
    made = old.copy()
    made.update(f"\x1f{dataset or ''}".encode("utf-8", "surrogatepass"))
    return f"tl-{made.hexdigest()[:16]}", f"tl-{old.hexdigest()[:16]}"


SLIDE_MADE = "the slide's dates, text and media"
"""What a slide's id is made from when it has no `unique_id` (`slide_ids`), for errors."""


def _title(words: dict[str, Any], media: Any, summary: str | None) -> str | None:
    """The headline; a slide with media and no headline is titled by its caption or credit, else '(untitled)'."""
    title = html_to_text(words.get("headline"), "text.headline")
    if title is not None or not isinstance(media, dict) or not media:
        return title
    for key in ("caption", "credit"):
        found = html_to_text(media.get(key), f"media.{key}")
        if found:
            return " ".join(found.split())
    return None if summary else UNTITLED


def _overrides(slide: dict, allowed: tuple[str, ...] | list[str]) -> dict[str, Any]:
    extra = slide.get("frontline")
    if extra is None:
        return {}
    if not isinstance(extra, dict):
        raise RecordError("frontline", "expected an object")
    unknown = [k for k in extra if k not in allowed]
    if unknown:
        raise RecordError("frontline", f"unknown field {unknown[0][:40]!r}")
    return extra


def slide_record(slide: Any, dataset: str | None = None) -> dict[str, Any]:
    """One slide as a record (raises `RecordError` naming the slide's field), to load into `dataset`."""
    return read_slide(slide, dataset)[0]


def read_slide(slide: Any, dataset: str | None) -> tuple[dict[str, Any], str | None]:
    """One slide as a record to load into `dataset` (raises `RecordError` naming the slide's field) and,
    if its id was made (it has no `unique_id`), the id older versions made for it (`store.old_ids`)."""
    if not isinstance(slide, dict):
        raise RecordError("events", f"expected a slide object, found {type(slide).__name__}")
    if slide.get("start_date") in (None, "", {}):
        raise RecordError("start_date", "missing start_date")
    start, extra = date_object(slide["start_date"], "start_date")
    end = None
    if slide.get("end_date") not in (None, "", {}):
        end, end_extra = date_object(slide["end_date"], "end_date")
        extra.update(end_extra)
    words = slide.get("text") or {}
    if not isinstance(words, dict):
        raise RecordError("text", 'expected an object like {"headline": ..., "text": ...}')
    for key in ("display_date", "media", "background"):
        if slide.get(key) not in (None, "", {}):
            extra[key] = slide[key]
    extra.update({k: v for k, v in slide.items() if k not in SLIDE_KEYS})
    ident = slide.get("unique_id")
    summary = html_to_text(words.get("text"), "text.text")
    sources = html_links(words.get("headline"), "text.headline") + html_links(words.get("text"), "text.text")
    overrides = _overrides(slide, RECORD_KEYS)
    made, old = None, None
    if ident in (None, ""):
        made, old = slide_ids(slide, str(overrides.get("dataset") or "").strip() or dataset)  # the row's dataset
    record = {
        "id": made or str(ident),
        "date": start,
        "end_date": end,
        "precision": precision_of(start),
        "title": _title(words, slide.get("media"), summary),
        "summary": summary,
        "category": None if slide.get("group") in (None, "") else slide["group"],
        "sources": [s for n, s in enumerate(sources) if s["url"] not in (t["url"] for t in sources[:n])],
        "extra": extra,
    }
    record.update(overrides)
    if record["id"] != made:
        return record, None  # the file's own id, or the `frontline` object's
    return record, old


def era_record(slide: Any) -> dict[str, Any]:
    """An era slide in the era record form of `store.record.to_era_row`."""
    if not isinstance(slide, dict):
        raise RecordError("eras", f"expected an era object, found {type(slide).__name__}")
    for key in ("start_date", "end_date"):
        if slide.get(key) in (None, "", {}):
            raise RecordError(key, f"an era needs {'a start' if key == 'start_date' else 'an end'} date")
    start, _ = date_object(slide["start_date"], "start_date")
    end, _ = date_object(slide["end_date"], "end_date")
    words = slide.get("text") or {}
    if not isinstance(words, dict):
        raise RecordError("text", 'expected an object like {"headline": ...}')
    ident = slide.get("unique_id")
    record = {
        "id": None if ident in (None, "") else str(ident),
        "title": html_to_text(words.get("headline"), "text.headline"),
        "date": start,
        "end_date": end,
        "summary": html_to_text(words.get("text"), "text.text"),
    }
    record.update(_overrides(slide, ERA_KEYS))
    return record


def title_item(slide: dict[str, Any], datasets: set[str], line: int) -> Item:
    """The file's title slide, to keep with the datasets its events went to (`store.load`)."""
    row = {"slide": json.dumps(slide, ensure_ascii=False, sort_keys=True), "datasets": sorted(datasets)}
    return Item(line, row, table="titles")


def era_item(ctx: Context, line: int, record: dict[str, Any], names: dict[str, str] | None = None) -> Item:
    names = names or {"title": "text.headline", "date": "start_date"}
    try:
        return Item(line, to_era_row(record, ctx.dataset), table="eras")
    except RecordError as exc:
        raise LoadError(ctx.path, exc.message, line, names.get(exc.field, exc.field)) from None


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _arrays(text: str) -> dict[str, list[int]]:
    """The line each element of the top-level arrays starts on (the document is already known to be valid JSON)."""
    decoder = json.JSONDecoder()
    lines: dict[str, list[int]] = {}
    pos, line, counted = _skip_space(text, 0) + 1, 1, 0
    while True:
        pos = _skip_space(text, pos)
        if text[pos] == "}":
            return lines
        key, pos = decoder.raw_decode(text, pos)
        pos = _skip_space(text, _skip_space(text, pos) + 1)  # past the colon
        if text[pos] == "[":
            found = lines[key] = []
            pos = _skip_space(text, pos + 1)
            while text[pos] != "]":
                line += text.count("\n", counted, pos)
                counted = pos
                found.append(line)
                _, pos = decoder.raw_decode(text, pos)
                pos = _skip_space(text, pos)
                if text[pos] == ",":
                    pos = _skip_space(text, pos + 1)
            pos += 1
        else:
            _, pos = decoder.raw_decode(text, pos)
        pos = _skip_space(text, pos)
        if text[pos] == ",":
            pos += 1


def _document(ctx: Context, text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise LoadError(ctx.path, f"truncated JSON: the document ends too soon ({exc.msg})", exc.lineno) from None
        raise LoadError(ctx.path, f"invalid JSON ({exc.msg}, column {exc.colno})", exc.lineno) from None
    except ValueError:
        raise LoadError(ctx.path, "invalid JSON (a number of more than 4,300 digits)") from None
    except RecursionError:
        raise LoadError(ctx.path, "invalid JSON (nested too deeply)") from None
    if not isinstance(doc, dict):
        found = type(doc).__name__
        raise LoadError(ctx.path, f'expected a TimelineJS object with an "events" list, found a JSON {found}', 1)
    if not isinstance(doc.get("events", []), list) or not isinstance(doc.get("eras", []), list):
        key = "events" if not isinstance(doc.get("events", []), list) else "eras"
        raise LoadError(ctx.path, "expected a list", text.count("\n", 0, text.find(f'"{key}"')) + 1, key)
    if str(doc.get("scale") or "human").lower() != "human":
        message = "only the human scale is supported (cosmological timelines have no calendar days)"
        raise LoadError(ctx.path, message, None, "scale")
    return doc


def read_timelinejs(ctx: Context) -> Iterator[Item]:
    """A TimelineJS JSON document, or (when the file is not a JSON object) the spreadsheet's CSV flavour."""
    text = read_text(ctx)
    if text.lstrip()[:1] == "[":
        line = text.count("\n", 0, len(text) - len(text.lstrip())) + 1
        raise LoadError(ctx.path, 'expected a TimelineJS object with an "events" list, found a JSON array', line)
    if text.lstrip()[:1] != "{":
        from frontline.store.formats.timelinejs_sheet import read_sheet  # here: that module imports this one

        yield from read_sheet(ctx)
        return
    doc = _document(ctx, text)
    lines = _arrays(text)
    events = doc.get("events") or []
    if not events:
        raise LoadError(ctx.path, "no events: the events list is empty or missing")
    datasets: set[str] = set()
    for line, slide in zip(lines.get("events", []), events, strict=False):
        try:
            record, old = read_slide(slide, ctx.dataset)
        except RecordError as exc:
            raise LoadError(ctx.path, exc.message, line, exc.field) from None
        item = to_item(ctx, line, record, NAMES, SLIDE_MADE if old is not None else None)
        item.old_id = old
        datasets.add(item.row["dataset"] or "")
        yield item
    if isinstance(doc.get("title"), dict) and doc["title"]:
        yield title_item(doc["title"], datasets, text.count("\n", 0, text.find('"title"')) + 1)
    for line, slide in zip(lines.get("eras", []), doc.get("eras") or [], strict=False):
        try:
            record = era_record(slide)
        except RecordError as exc:
            raise LoadError(ctx.path, exc.message, line, exc.field) from None
        yield era_item(ctx, line, record)
