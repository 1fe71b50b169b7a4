"""TimelineJS3 JSON, publishable as it is: one slide per event, the eras, a title slide.

Slides use TimelineJS's own slots (dates at the record's precision, headline and text as HTML, group,
unique_id, media/display_date/background from `extra`); the rest rides in a `frontline` object that
TimelineJS ignores and `store.formats.timelinejs` reads back. One slide per line, so a later load
names the line of a slide someone broke by hand.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

from frontline.store import times
from frontline.store.dates import format_short, parse_date, record_date
from frontline.store.exporters import hidden_fields
from frontline.store.formats.timelinejs import era_record, slide_record
from frontline.store.record import RecordError, to_era_row

ERA_FIELDS = ("id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset")
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{3}))?")


def text_to_html(text: str | None) -> str | None:
    """Plain text as HTML that reads back to the same words: escaped, line breaks as `<br>`."""
    if text is None:
        return None
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def date_object(form: str) -> dict[str, int]:
    """A record-form date ('1066', '2019-12', '2020-01-29', '2020-01-29T14:30:05.250') as a TimelineJS
    date object. TimelineJS has no time zone: an offset is left out here (and kept by `frontline`)."""
    day, _, clock = form.partition("T")
    parts = [int(p) for p in day.split("-")]
    obj = dict(zip(("year", "month", "day"), parts, strict=False))
    match = _TIME.match(clock)
    if match:
        for unit, value in zip(("hour", "minute", "second", "millisecond"), match.groups(), strict=False):
            if value is not None:
                obj[unit] = int(value)
    return obj


def end_object(record: Mapping[str, Any]) -> dict[str, int]:
    """The end as coarse as the start allows and the end fits: a year-precision span ending on
    31 December goes out as its year ({"year": 629}), not as a day TimelineJS would show."""
    end = record["end_date"]
    if record["precision"] in ("year", "month") and "T" not in end:
        last = parse_date(end[:7]).end
        if end[5:] == "12-31" and record["precision"] == "year":
            return date_object(end[:4])
        if end == last:
            return date_object(end[:7])
    return date_object(end)


def _with_extras(slide: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Put what `extra` holds for TimelineJS's own slots back into them (only well-formed values)."""
    for key, kinds in (("display_date", str), ("media", dict), ("background", (dict, str))):
        if isinstance(extra.get(key), kinds):
            slide[key] = extra[key]
    for side in ("start", "end"):
        date = slide.get(f"{side}_date")
        if date is None:
            continue
        if isinstance(extra.get(f"{side}_display_date"), str):
            date["display_date"] = extra[f"{side}_display_date"]
        match = _TIME.fullmatch(str(extra.get(f"{side}_time", "")))
        if match and "day" in date and "hour" not in date:
            for unit, value in zip(("hour", "minute", "second", "millisecond"), match.groups(), strict=False):
                if value is not None:
                    date[unit] = int(value)


def slide(record: Mapping[str, Any]) -> dict[str, Any]:
    """One event as a slide, with a `frontline` object for whatever the slots cannot carry."""
    bare: dict[str, Any] = {"start_date": date_object(record["date"])}
    if record["end_date"]:
        bare["end_date"] = end_object(record)
    words = {"headline": text_to_html(record["title"])}
    if record["summary"] is not None:
        words["text"] = text_to_html(record["summary"])
    bare["text"] = words
    if record["category"] is not None:
        bare["group"] = record["category"]
    bare["unique_id"] = record["id"]
    full = json.loads(json.dumps(bare))
    _with_extras(full, record["extra"] or {})
    try:
        visible = slide_record(full)
    except RecordError:
        full, visible = bare, slide_record(bare)
    hidden = hidden_fields(record, visible)
    if hidden:
        full["frontline"] = hidden
    return full


def era_slide(row: Mapping[str, Any]) -> dict[str, Any]:
    """An era row as a TimelineJS era; sources, dataset and anything inexact go in `frontline`."""
    record = {
        "id": row["id"],
        "title": row["title"],
        "date": record_date(row["date_start"], row["precision"]),
        "end_date": row["date_end"],
        "summary": row["summary"],
        "sources": json.loads(row["sources"] or "[]"),
        "dataset": row["dataset"],
    }
    era: dict[str, Any] = {
        "start_date": date_object(record["date"]),
        "end_date": end_object({"precision": row["precision"], "end_date": row["date_end"]}),
        "text": {"headline": text_to_html(row["title"])},
        "unique_id": row["id"],
    }
    if row["summary"] is not None:
        era["text"]["text"] = text_to_html(row["summary"])
    try:
        back = to_era_row(era_record(era))
    except RecordError:
        back = {}
    columns = {"date": ("date_start", "precision"), "end_date": ("date_end",)}
    hidden = {
        key: value for key, value in record.items() if any(back.get(c) != row[c] for c in columns.get(key, (key,)))
    }
    if hidden:
        era["frontline"] = hidden
    return era


def write(
    records: Iterable[Mapping[str, Any]],
    out: IO[str],
    eras: Iterable[Mapping[str, Any]] = (),
    titles: Mapping[str, str] | None = None,
) -> int:
    """The whole timeline as one TimelineJS document; returns the number of events.

    `titles`: the title slides kept from loaded files, by dataset. When the exported datasets have
    one between them, it is the title slide again; else one is made from the datasets and the span."""
    count, first, last, datasets = 0, None, None, set()
    out.write('{"events": [')
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(slide(record), ensure_ascii=False))
        count += 1
        span = parse_date(times.split(record["date"])[0])
        first = first or format_short(span.start, span.end, times.day_precision(record["precision"]))
        last = times.split(record["end_date"])[0] if record["end_date"] else span.end
        if record["dataset"]:
            datasets.add(record["dataset"])
    out.write('\n],\n"eras": [')
    for n, era in enumerate(eras):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(era_slide(era), ensure_ascii=False))
    summary = f"{count:,} events"
    if first and last:
        summary += f", {first} to {format_short(last, last, 'day')}"
    title: Any = {"text": {"headline": text_to_html(", ".join(sorted(datasets)) or "Timeline"), "text": summary}}
    kept = {(titles or {}).get(name) for name in datasets} - {None}
    if len(kept) == 1:
        title = json.loads(kept.pop() or "{}")
    out.write(f'\n],\n"title": {json.dumps(title, ensure_ascii=False)},\n"scale": "human"}}\n')
    return count
