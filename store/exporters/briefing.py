"""What a briefing says, before it is written as Markdown (`markdown`) or as a web page (`html_page`):
a title, the range and query, a summary with running totals kept apart, and the events by month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from frontline.store import times
from frontline.store.dates import MONTH_NAMES, parse_date
from frontline.store.exporters import ExportInfo
from frontline.store.times import format_when_short


def heading(record: Mapping[str, Any]) -> str:
    """The group an event is listed under: '2012' for year precision, else 'January 2020'."""
    date = record["date"]
    if record["precision"] == "year":
        return date[:4].lstrip("0") or "0"
    return f"{MONTH_NAMES[int(date[5:7]) - 1]} {int(date[:4])}"


def when(record: Mapping[str, Any]) -> str:
    """The event's date at its precision: '29 Jan 2020', 'Dec 2019', '2012', '8 Oct → 13 Oct 2012', with
    its time of day when it has one."""
    day, time = times.split(record["date"])
    end_day, end_time = times.split(record["end_date"]) if record["end_date"] else (None, None)
    span = parse_date(day)
    return format_when_short(span.start, end_day or span.end, record["precision"], time, end_time)


def figures(record: Mapping[str, Any], total: str = "running total") -> str:
    """ "12 killed, 3,000 displaced", and what a running total is called after it."""
    parts = []
    if record["fatalities"] is not None:
        parts.append(f"{record['fatalities']:,} killed")
    if record["displaced"] is not None:
        parts.append(f"{record['displaced']:,} displaced")
    text = ", ".join(parts)
    return f"{text} ({total})" if text and record["running_total"] else text


def place(record: Mapping[str, Any]) -> str:
    return ", ".join(p for p in (record["place"], record["admin1"]) if p)


def facts(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of what an event's entry says besides its summary, in the order read."""
    found = [
        ("Place", place(record)),
        ("Figures", figures(record)),
        ("Category", record["category"] or ""),
        ("Actors", "; ".join(record["actors"] or [])),
        ("Tags", ", ".join(record.get("tags") or [])),  # the analyst's own (store.layer)
    ]
    return [(label, text) for label, text in found if text]


def web_address(url: Any) -> str | None:
    """A source's address when it is one a reader can follow (http or https), else None."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def _day(iso: str) -> str:
    year, month, day = (int(p) for p in iso[:10].split("-"))
    return f"{day} {MONTH_NAMES[month - 1]} {year}"


def span_in_words(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{_day(start)} to {_day(end)}"
    if start:
        return f"from {_day(start)}"
    return f"until {_day(end)}" if end else "all dates"


@dataclass
class Briefing:
    """Every event of an export, grouped, and the sums a reader asks first."""

    title: str
    range: str
    query: str
    sections: list[tuple[str, list[Mapping[str, Any]]]] = field(default_factory=list)
    events: int = 0
    killed: int = 0
    displaced: int = 0
    running_totals: list[Mapping[str, Any]] = field(default_factory=list)
    eras: list[tuple[str, str]] = field(default_factory=list)  # (title, its span in words)

    @property
    def summary(self) -> str:
        events = "1 event" if self.events == 1 else f"{self.events:,} events"
        return f"{events}; {self.killed:,} killed and {self.displaced:,} displaced in the events' own figures."


def gather(
    records: Iterable[Mapping[str, Any]], info: ExportInfo | None = None, eras: Iterable[Mapping[str, Any]] = ()
) -> Briefing:
    info = info or ExportInfo()
    datasets: set[str] = set()
    sections: list[tuple[str, list[Mapping[str, Any]]]] = []
    brief = Briefing("", "", info.query or "every event")
    for record in records:
        group = heading(record)
        if not sections or sections[-1][0] != group:
            sections.append((group, []))
        sections[-1][1].append(record)
        brief.events += 1
        if record["dataset"]:
            datasets.add(record["dataset"])
        if record["running_total"]:
            if record["fatalities"] is not None or record["displaced"] is not None:
                brief.running_totals.append(record)
            continue
        brief.killed += record["fatalities"] or 0
        brief.displaced += record["displaced"] or 0
    brief.sections = sections
    brief.title = info.heading(sorted(datasets)) if info.title or datasets or info.datasets else "Briefing"
    brief.range = span_in_words(info.start, info.end)
    brief.eras = [(era["title"], span_in_words(era["date_start"], era["date_end"])) for era in eras]
    return brief
