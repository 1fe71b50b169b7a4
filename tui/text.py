"""Small text helpers shared by the timeline rows and the detail pane.

Event text is data: these functions return plain strings that go into `Content(...)`, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.store.query import Event

# Control characters are drawn as their Unicode "control pictures" (ESC shows as ␛), so an escape
# sequence in a title is visible text and never reaches the terminal. C1 controls (U+0080-U+009F,
# U+009B is a CSI), bidirectional controls (U+202E turns text around) and lone surrogates (bytes that
# were not UTF-8) are shown as `<U+202E>`: what they are, without their effect.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else f"<U+{code:04X}>"


def clean(text: str, single_line: bool = False) -> str:
    """Text safe to draw: controls made visible, tabs as spaces, newlines folded if asked."""
    if single_line:
        text = _NEWLINES.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return _CONTROL.sub(_picture, text)


def typed(text: str) -> str:
    """What a person typed or pasted into a one-line prompt, safe to draw: one line, controls visible."""
    return _CONTROL.sub(_picture, text.replace("\t", " ").replace("\r", " ").replace("\n", " "))


# Category -> (glyph, style). One letter so it reads without colour too; colours are theme variables.
CATEGORIES: dict[str, tuple[str, str]] = {
    "uprising": ("U", "bold $text-accent"),
    "protest": ("G", "bold $text-accent"),  # a gathering
    "battle": ("B", "bold $text-error"),
    "capture": ("C", "bold $text-warning"),
    "airstrike": ("A", "bold $text-error"),
    "shelling": ("S", "bold $text-warning"),
    "bombing": ("E", "bold $text-warning"),  # an explosion
    "massacre": ("M", "bold underline $text-error"),
    "attack on civilians": ("V", "bold underline $text-warning"),  # violence against civilians
    "chemical attack": ("X", "bold $text-success"),
    "diplomacy": ("D", "bold $text-primary"),
    "displacement": ("R", "bold $text-secondary"),
    "political": ("P", "bold $text-primary"),
    "heritage": ("H", "bold $text-success"),
    "toll": ("T", "bold $text-error"),
    "other": ("·", "$text-muted"),
}


def category_mark(category: str | None) -> tuple[str, str]:
    """The glyph and style for a category (unknown categories look like 'other')."""
    key = (category or "other").strip().lower().replace("_", " ")
    if key == "chemical":
        key = "chemical attack"
    return CATEGORIES.get(key, CATEGORIES["other"])


# Datasets, when more than one is loaded: a short tag in a colour of its own on every row.
DATASET_STYLES = ("bold $text-primary", "bold $text-warning", "bold $text-success", "bold $text-secondary",
                  "bold $text-accent", "bold $text-error")  # fmt: skip
DISAGREEMENT = "≠"
"""Drawn on a row whose event records that its sources disagree."""


def dataset_tags(names: list[str]) -> dict[str, tuple[str, str]]:
    """A tag of up to three letters and a style for each dataset (none when there is only one)."""
    if len(names) < 2:
        return {}
    tags: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for index, name in enumerate(sorted(names)):
        words = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
        tag = ("".join(w[0] for w in words)[:3] if len(words) > 1 else (words[0][:3] if words else "?")).upper()
        base, n = tag, 2
        while tag in used:
            tag, n = f"{base[:2]}{n}", n + 1
        used.add(tag)
        tags[name] = (tag, DATASET_STYLES[index % len(DATASET_STYLES)])
    return tags


def whole(value: float) -> float:
    """A count as it is said: an int when it is one (4.0 -> 4), else to a tenth (3.0833 -> 3.1)."""
    tenths = round(value, 1)
    return int(tenths) if tenths == int(tenths) else tenths


def count_text(value: float) -> str:
    """A count with its thousands marked: '1,234', or '3.1' for one with twelfths of a year's own events."""
    return f"{whole(value):,}"


def category_name(category: str | None) -> str:
    return clean(category or "other", single_line=True)


def short_number(value: float) -> str:
    """388000 -> '388k', 1250000 -> '1.2M', 950 -> '950'; a count with twelfths of a year's own
    events (the density strip's) to a tenth: 3.0833 -> '3.1', 4.0 -> '4'."""
    value = whole(value)
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    if value >= 10_000:
        return f"{round(value / 1000)}k"
    if value >= 1_000:
        return f"{value / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return str(value)


def month_words(
    dated: int, own: int, year: str, noun: str, plural: str = "", *, short: bool | str = False,
    number: Callable[[float], str] = short_number,
) -> str:  # fmt: skip
    """A month's count said as it is: its dated events a whole number and the events known only by its
    year named apart, '2 events, and 3 known only as 2012' (`short`: '2 events + 2012's own'), never
    '2.3 events'; just '2 events' when the year has none of its own, '3 events known only as 2012' when
    the month has no dated one. Without a `year` (a span of whole years), 'known only by their year'.
    `plural`: the noun's when it is not the noun and an s ('killed').
    `short="tiny"`: '2+3 of 2012', for a strip with little room left (its row's label names the noun)."""

    def said(n: int) -> str:
        return f"{number(n)} {noun if n == 1 else plural or noun + 's'}"

    words = said(dated)
    if not own:
        return words
    if not dated:  # only the year's own: '1 event known only as 2011', not '0 events, and 1 ...'
        alone = said(own)
        if short == "tiny":
            return f"{number(own)} of {year}" if year else f"{number(own)} of years"
        if short:
            return f"{alone}, {year}'s own" if year else f"{alone}, years' own"
        return f"{alone} known only {f'as {year}' if year else 'by their year'}"
    if short == "tiny":
        return f"{number(dated)}+{number(own)} of {year}" if year else f"{number(dated)}+{number(own)}"
    if short:
        return f"{words} + {year}'s own" if year else f"{words} + years' own"
    return f"{words}, and {number(own)} known only {f'as {year}' if year else 'by their year'}"


def fitting(width: int, choices: list[str]) -> str:
    """The first of `choices` (longest first) that fits in `width` columns, else the last."""
    return next((words for words in choices if len(words) <= width), choices[-1])


def format_toll(event: Event) -> str:
    """The row's toll: '12 killed', 'Σ388k displaced' for running totals, '' when none."""
    total = "Σ" if event.running_total else ""
    parts = []
    if event.fatalities:
        parts.append(f"{total}{short_number(event.fatalities)} killed")
    if event.displaced:
        parts.append(f"{total}{short_number(event.displaced)} displaced")
    return " · ".join(parts)


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A regex that finds words starting with any search term (FTS prefix matches)."""
    words = sorted({term for term in terms if term}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.IGNORECASE)
