"""A Markdown briefing: a title, the range and the query, a short summary (running totals apart),
then a section per month, each event with its date at its precision, place, figures, the note on
where sources disagree, and its sources as a list of links. For reading, not for loading back.

Text from the files is escaped, so a `*` or `[1]` in a title stays a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

from frontline.store.exporters import ExportInfo
from frontline.store.exporters.briefing import Briefing, facts, figures, gather, web_address, when

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
_UNSAFE_URL = re.compile(r"[\s<>()\\]")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _url(url: str) -> str:
    """An address safe inside `(<...>)`: spaces, brackets and backslashes percent-encoded."""
    return _UNSAFE_URL.sub(lambda m: f"%{ord(m.group()):02X}", url)


def source_line(source: Mapping[str, Any]) -> str:
    name, url = source.get("name"), web_address(source.get("url"))
    label = escape(" ".join(str(name or url or "source").split()))
    return f"- [{label}](<{_url(url)}>)" if url else f"- {label}"


def entry(record: Mapping[str, Any]) -> list[str]:
    """The lines of one event."""
    lines = [f"### {escape(when(record))}: {escape(' '.join(record['title'].split()))}", ""]
    told = [f"**{label}:** {escape(text)}" for label, text in facts(record)]
    if told:
        lines += ["  \n".join(told), ""]
    if record["summary"]:
        lines += [escape(p) for p in record["summary"].splitlines()] + [""]
    if record["notes"]:
        lines += ["> **Note:** " + escape(" ".join(record["notes"].split())), ""]
    if record.get("user_note"):
        lines += ["> **Analyst's note:** " + escape(" ".join(record["user_note"].split())), ""]
    if record["sources"]:
        lines += ["Sources:", "", *(source_line(s) for s in record["sources"]), ""]
    return lines


def render(brief: Briefing) -> list[str]:
    lines = [
        f"# {escape(brief.title)}",
        "",
        f"**Range:** {escape(brief.range)}  ",
        f"**Query:** `{_code(brief.query)}`",
    ]
    lines += ["", "## Summary", "", escape(brief.summary), ""]
    if brief.running_totals:
        lines += ["Running totals (tallies reported at the time; not added to the sums above):", ""]
        lines += [f"- {escape(when(r))}: {escape(r['title'])}: {escape(figures(r))}" for r in brief.running_totals]
        lines.append("")
    if brief.eras:
        lines += ["Eras in this range:", "", *(f"- {escape(t)}: {escape(span)}" for t, span in brief.eras), ""]
    for group, records in brief.sections:
        lines += [f"## {escape(group)}", ""]
        for record in records:
            lines += entry(record)
    return lines


def _code(text: str) -> str:
    return " ".join(text.replace("`", "'").split())


def write(
    records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = (),
    info: ExportInfo | None = None,
) -> int:  # fmt: skip
    """The briefing; returns the number of events."""
    brief = gather(records, info, eras)
    out.write("\n".join(render(brief)).rstrip("\n") + "\n")
    return brief.events
