"""TimelineJS3 JSON, publishable as it is: one slide per event, the eras, a title slide.

Slides use TimelineJS's own slots: dates at the record's precision (a year, a month or a day; years
before 1000 as plain numbers), the headline, and a text that a reader sees whole: the summary, then
the place, the figures, the note (where sources disagree) and the sources as links, all escaped
HTML. The group is the category in one canonical spelling. The title slide is the export's title
(`--title`, else the dataset's own) with its range and query. What the slots cannot give back
exactly rides in a `frontline` object that TimelineJS ignores and `store.formats.timelinejs` reads
back. One slide per line, so a later load names the line of a slide someone broke by hand.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

from frontline.store import times
from frontline.store.dates import format_short, parse_date, record_date
from frontline.store.exporters import ExportInfo, canonical_category, hidden_fields
from frontline.store.exporters.briefing import figures, span_in_words
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


def _escaped(text: Any) -> str:
    return html.escape(str(text), quote=True)


def link(source: Mapping[str, Any]) -> str:
    """A source as HTML: a link when it has a web address, its name otherwise."""
    name, url = source.get("name"), source.get("url")
    label = _escaped(name or url or "source")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_escaped(url)}" target="_blank" rel="noopener">{label}</a>'
    return label


def facts_html(record: Mapping[str, Any]) -> str:
    """What a reader needs besides the summary: place, figures, the note, the sources (escaped HTML)."""
    lines = []
    where = ", ".join(p for p in (record["place"], record["admin1"]) if p)
    if where:
        lines.append(f'<p class="fl-place"><b>Place:</b> {_escaped(where)}</p>')
    told = figures(record, "running total, not to be added to other figures")
    if told:
        lines.append(f'<p class="fl-figures"><b>Figures:</b> {_escaped(told)}</p>')
    if record["notes"]:
        lines.append(f'<p class="fl-note"><b>Note:</b> {text_to_html(record["notes"])}</p>')
    if record["sources"]:
        lines.append('<p class="fl-sources"><b>Sources:</b> ' + "; ".join(link(s) for s in record["sources"]) + "</p>")
    return "".join(lines)


def slide(record: Mapping[str, Any]) -> dict[str, Any]:
    """One event as a slide, with a `frontline` object for whatever the slots cannot carry."""
    bare: dict[str, Any] = {"start_date": date_object(record["date"])}
    if record["end_date"]:
        bare["end_date"] = end_object(record)
    words = {"headline": text_to_html(record["title"])}
    body = (f"<p>{text_to_html(record['summary'])}</p>" if record["summary"] else "") + facts_html(record)
    if body:
        words["text"] = body
    bare["text"] = words
    group = canonical_category(record["category"])
    if group is not None:
        bare["group"] = group
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
    records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = (),
    info: ExportInfo | None = None, titles: Mapping[str, str] | None = None,
) -> int:  # fmt: skip
    """The events as one TimelineJS document; returns the number of events.

    The title slide names `info.title`, else the datasets' own titles, with the count, the span and
    the query. `titles`: the title slides kept from loaded files, by dataset; when every event comes
    from datasets that share one and nothing narrowed or renamed the export, that slide is written
    back as it was."""
    info = info or ExportInfo()
    count, first, last, datasets = 0, None, "", set()
    out.write('{"events": [')
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(slide(record), ensure_ascii=False))
        count += 1
        span = parse_date(times.split(record["date"])[0])
        first = first or format_short(span.start, span.end, times.day_precision(record["precision"]))
        last = max(last, times.split(record["end_date"])[0] if record["end_date"] else span.end)
        if record["dataset"]:
            datasets.add(record["dataset"])
    out.write('\n],\n"eras": [')
    for n, era in enumerate(eras):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(era_slide(era), ensure_ascii=False))
    summary = f"{count:,} events" if count != 1 else "1 event"
    if info.start or info.end:  # the range asked for, as the briefings say it
        summary += f", {span_in_words(info.start, info.end)}"
    elif first and last:
        summary += f", {first} to {format_short(last, last, 'day')}"
    text = f"<p>{_escaped(summary)}</p>"
    if info.query:
        text += f'<p class="fl-query">Selected by: <code>{_escaped(info.query)}</code></p>'
    title: Any = {"text": {"headline": _escaped(info.heading(sorted(datasets))), "text": text}}
    kept = {(titles or {}).get(name) for name in datasets} - {None}
    if len(kept) == 1 and not info.title and not info.query:
        title = json.loads(kept.pop() or "{}")
    out.write(f'\n],\n"title": {json.dumps(title, ensure_ascii=False)},\n"scale": "human"}}\n')
    return count
