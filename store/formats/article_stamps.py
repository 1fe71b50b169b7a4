"""The dates an article's own lines give: its date line, and the stamps that end a live blog's entries.

A date line ('Published Wednesday 29 January 2020 14:32 GMT') near the top says when the article was
published. A live blog is a run of entries, each ending with a full date, often with a time, on a line
of its own or after the entry's last sentence ('… overnight. 5 February 2020 14:32 GMT'): each entry is
then an event of its own, dated by its stamp (or by a date it names, counted from its stamp).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontline.store.dates import DateError, parse_date

WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MON = rf"(?:{MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
DAYN = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"

_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last\s+updated|update|date|dated)\b\s*(?:on|at)?\s*[:\-–—]?\s*",
    re.I,
)
_ZONE = r"(?:GMT|UTC|Z|[A-Z]{2,4}|[+-][0-9]{2}:?[0-9]{2})"
_CLOCK = rf"(?:at\s+)?(?P<h>[0-9]{{1,2}})[:.](?P<m>[0-9]{{2}})(?:\s*(?P<ap>[ap])\.?m\.?)?(?:\s*(?P<zone>{_ZONE}))?"
_TIME_TAIL = re.compile(rf"\s*,?\s*{_CLOCK}$", re.I)
_TIME_HEAD = re.compile(rf"^{_CLOCK}\s*,?\s*", re.I)
_PIECES = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*")
_FULL_DATE = re.compile(
    rf"^(?:{WD},?\s+)?(?:(?:the\s+)?{DAYN}\s+(?:of\s+)?{MON},?\s+{YEAR}|{MON}\s+{DAYN},?\s+{YEAR}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})$"
)
_STAMP_AFTER = re.compile(r"^(?P<text>.*[.!?][\"”’')\]]*)\s+(?P<stamp>[^.!?]{6,70}\.?)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")


def date_line(line: str) -> dt.date | None:
    """The day a short header line like 'Published Wednesday 29 January 2020 14:32 GMT' names, if any."""
    if len(line) > 100:
        return None
    for piece in [line, *_PIECES.split(line)]:
        piece = _TIME_TAIL.sub("", _LABEL.sub("", piece.strip())).strip(" ,.")
        if not re.search(r"\b[0-9]{4}\b", piece):
            continue
        try:
            span = parse_date(piece, dt.date(2000, 1, 1))
        except DateError:
            continue
        if span.precision == "day" and span.start == span.end:
            return dt.date.fromisoformat(span.start)
    return None


@dataclass(frozen=True)
class Stamp:
    """When a live blog's entry was posted: its day, and its time ('14:32', with 'Z' or an offset) if given."""

    day: dt.date
    time: str | None = None

    @property
    def record_date(self) -> str:
        return f"{self.day.isoformat()}T{self.time}" if self.time else self.day.isoformat()


def stamp_of(text: str) -> Stamp | None:
    """A stamp, if `text` is nothing but a full date, with a time before or after it perhaps."""
    text = _LABEL.sub("", text.strip()).strip(" ,.")
    if len(text) > 70:
        return None
    clock = _TIME_TAIL.search(text) or _TIME_HEAD.match(text)
    rest = (text[: clock.start()] + text[clock.end() :] if clock else text).strip(" ,.")
    if not _FULL_DATE.match(rest):
        return None
    try:
        span = parse_date(rest, dt.date(2000, 1, 1))
    except DateError:
        return None
    if span.precision != "day" or span.start != span.end:
        return None
    return Stamp(dt.date.fromisoformat(span.start), _time(clock) if clock else None)


def _time(clock: re.Match) -> str | None:
    hour, minute = int(clock["h"]), int(clock["m"])
    if clock["ap"]:
        hour = hour % 12 + (12 if clock["ap"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    zone = (clock["zone"] or "").upper()
    offset = "Z" if zone in ("GMT", "UTC", "Z") else zone if zone[:1] in "+-" and zone else ""
    if len(offset) == 5:  # +0100
        offset = f"{offset[:3]}:{offset[3:]}"
    return f"{hour:02d}:{minute:02d}{offset}"


def entry_stamps(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], dict[int, Stamp]]:
    """A live blog's entries: the lines with each entry's stamp taken out, and the stamp of each entry, by
    the number of its last line. Two stamps on lines of their own make a live blog, or one after an entry's
    last sentence; otherwise the lines are as given."""
    out: list[tuple[int, str]] = []
    stamps: dict[int, Stamp] = {}
    after_text = False  # a stamp after an entry's last sentence on its line: a live blog's, even alone
    for number, line in lines:
        previous = out[-1] if out else None
        if line and previous and previous[1] and _SENTENCE_END.search(previous[1]) and (stamp := stamp_of(line)):
            stamps[previous[0]] = stamp
            out.append((number, ""))  # the stamp ends the entry
            continue
        if line and (after := _STAMP_AFTER.match(line)) and (stamp := stamp_of(after["stamp"])):
            stamps[number], after_text = stamp, True
            out.append((number, after["text"]))
            continue
        out.append((number, line))
    return (out, stamps) if len(stamps) >= 2 or after_text else (lines, {})


def follows_a_sentence(lines: list[tuple[int, str]]) -> bool:
    """Does the last line read end a sentence (so that a date line after it stamps an entry, not the article)?"""
    return bool(lines and lines[-1][1] and _SENTENCE_END.search(lines[-1][1]))
