"""A Markdown briefing: events grouped under their month (or year), each with its date, place,
figures and citation lines. For reading and pasting into a report, not for loading back.

Text from the files is escaped, so a `*` or `[1]` in a title stays a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

from frontline.store import times
from frontline.store.dates import MONTH_NAMES, parse_date
from frontline.store.times import format_when_short

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def heading(record: Mapping[str, Any]) -> str:
    """The group an event is listed under: '2012' for year precision, else 'January 2020'."""
    date = record["date"]
    if record["precision"] == "year":
        return date[:4].lstrip("0") or "0"
    return f"{MONTH_NAMES[int(date[5:7]) - 1]} {int(date[:4])}"


def figures(record: Mapping[str, Any]) -> str:
    parts = []
    if record["fatalities"] is not None:
        parts.append(f"{record['fatalities']:,} killed")
    if record["displaced"] is not None:
        parts.append(f"{record['displaced']:,} displaced")
    text = ", ".join(parts)
    return f"{text} (running total)" if text and record["running_total"] else text


def entry(record: Mapping[str, Any]) -> list[str]:
    """The lines of one event."""
    day, time = times.split(record["date"])
    end_day, end_time = times.split(record["end_date"]) if record["end_date"] else (None, None)
    span = parse_date(day)
    when = format_when_short(span.start, end_day or span.end, record["precision"], time, end_time)
    lines = [f"### {when}: {escape(record['title'])}", ""]
    where = ", ".join(escape(p) for p in (record["place"], record["admin1"]) if p)
    facts = [f for f in (where, figures(record), escape(record["category"] or "")) if f]
    if record["actors"]:
        facts.append("Actors: " + "; ".join(escape(a) for a in record["actors"]))
    if facts:
        lines += [" · ".join(facts), ""]
    if record["summary"]:
        lines += [escape(p) for p in record["summary"].splitlines()] + [""]
    if record["notes"]:
        lines += [f"*Note:* {escape(record['notes'])}", ""]
    for source in record["sources"]:
        name, url = source.get("name"), source.get("url")
        cite = escape(name) if name and name != url else ""
        if url:
            cite = f"{cite}, <{url}>" if cite else f"<{url}>"
        lines.append(f"> Source: {cite}")
    if record["sources"]:
        lines.append("")
    return lines


def write(records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = ()) -> int:
    """The briefing; returns the number of events."""
    body: list[str] = []
    group, count, first, last = None, 0, None, None
    for record in records:
        if heading(record) != group:
            group = heading(record)
            body += [f"## {group}", ""]
        body += entry(record)
        count += 1
        first = first or heading(record)
        last = heading(record)
    title = ["# Briefing", "", f"{count:,} events" + (f", {first} to {last}." if first else "."), ""]
    out.write("\n".join(title + body).rstrip("\n") + "\n")
    return count
