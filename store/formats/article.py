"""The text of a news article (.txt, .md): every sentence that carries a date becomes an event.

Dates count from the publication day: `--published DATE`, else a date line near the top ("Published
29 January 2020", "Wed, 29 Jan 2020 14:32", "2020-01-29"). With neither, the article is refused
rather than dated from today. The expressions are found here and resolved by `store.dates.parse_date`:
"Wednesday"/"on Monday" (the last one on or before publication), "since December" (a span to the
publication day), "In 2011", "a 2016 rapprochement", "in October" (the last October), "January 24",
"29 January 2020", "this year", "yesterday", plus two forms handled here: "the following year" /
"the previous month" (next to the date before it in the article) and "in the last two days" (a span
ending on the publication day). Vague ones ("in recent weeks", "the past few days") date nothing,
and neither does anything that would fall after publication. A sentence's first date dates it.

Each event: the sentence as summary, a short form of it as title (at most 80 characters), the
article (dataset name, else the file's name, with the publication date) as source, the date phrase
in `extra`. Ids (`art-…`) hash the publication day, the sentence and the dataset, so a re-import
changes nothing and another dataset's copy of the article is its own (older versions made them
without the dataset: the reader hands that id over, `Item.old_id`, so a database that holds it keeps
it, `store.old_ids`). Repeated sentences and paragraphs make one event; a picture caption printed
twice in a row (the second time with its credit, "AFP / STAFF") is read once, without the credit.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from frontline.store.dates import MONTH_NAMES, DateError, DateSpan, parse_date, record_date
from frontline.store.formats.common import short_title, to_item
from frontline.store.readers import Context, Item, LoadError, read_text

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON = rf"(?:{_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_DAYN = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_SINCE = r"(?:(?P<since>[Ss]ince)\s+)?"
_LEADING = re.compile(r"(?:(?:[Oo]n|[Ii]n|[Bb]y|[Dd]uring|[Ss]ince|[Ll]ate|[Ee]arly)\s+)?")
_QUALIFIER = re.compile(r"\b(?:early|late|mid-?)\s*")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# (kind, pattern): all are searched, and the leftmost (then longest) non-overlapping matches win.
PATTERNS = [
    (k, re.compile(p))
    for k, p in (
        ("date", rf"\b{_SINCE}(?:{_WD},?\s+)?(?:the\s+)?{_DAYN}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),
        ("date", rf"\b{_SINCE}(?:{_WD},?\s+)?{_MON}\s+{_DAYN},?\s+{_YEAR}\b"),
        ("date", rf"\b{_SINCE}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}\b"),
        ("date", rf"\b{_SINCE}(?:{_WD},?\s+)?(?:the\s+)?{_DAYN}\s+(?:of\s+)?{_MON}\b(?!,?\s*[0-9])"),
        ("date", rf"\b{_SINCE}(?:{_WD},?\s+)?{_MON}\s+{_DAYN}\b(?!,?\s*[0-9])"),
        ("date", rf"\b{_SINCE}(?:(?:early|late|mid-?)\s*)?{_MONTH},?\s+{_YEAR}\b"),
        ("date", rf"\b{_SINCE}(?:[Ll]ast\s+)?{_WD}\b"),
        ("date", rf"\b{_SINCE}(?:[Tt]oday|[Yy]esterday|(?:[Tt]his|[Ll]ast)\s+(?:year|month)|[Ll]ast\s+week)\b"),
        ("month", rf"\b(?P<prep>[Ii]n|[Ss]ince|[Ll]ast|[Dd]uring|[Uu]ntil|[Bb]y|[Ff]rom|[Oo]f)\s+"
                  rf"(?:(?:early|late|mid-?)\s*)?(?P<month>{_MONTH})\b(?!\s+[0-9])"),
        ("year", rf"\b(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ff]rom|[Oo]f|[Bb]efore|[Aa]fter|[Aa]round|"
                 rf"[Bb]etween|and|to|[Aa]|[Tt]he|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<year>{_YEAR})\b(?![-–/][0-9]|')"),
        ("next", r"\b(?:[Tt]he\s+(?P<which>following|next|previous|preceding)\s+(?P<unit>year|month)"
                 r"|[Aa]\s+(?P<unit2>year|month)\s+(?P<dir>later|earlier))\b"),
        ("last", rf"\b(?:[Ii]n|[Oo]ver|[Dd]uring|[Ff]or)?\s*the\s+(?:last|past)\s+"
                 rf"(?P<n>[0-9]{{1,2}}|{'|'.join(_NUMBERS)})\s+(?P<lunit>days|weeks)\b"),
    )
]  # fmt: skip
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "prof", "rev", "no", "vs", "etc", "jr",
    "sr", "inc", "ltd", "co", "corp", "sen", "rep", "gov", "pres", "mt", "ft", "approx", "fig", "u.s", "u.n", "u.k",
    "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_CREDIT = re.compile(r"\s+[A-Z][A-Za-z]*(?:\s[A-Z][A-Za-z]*)?\s*/\s*[^/]*$")
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last\s+updated|date|dated)\b\s*(?:on|at)?\s*[:\-–—]?\s*", re.I
)
_TIME_TAIL = re.compile(
    r"\s*(?:at\s+)?[0-9]{1,2}[:.][0-9]{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}|[+-][0-9]{2}:?[0-9]{2}))?$",
    re.I,
)
_PIECES = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*")
_URL = re.compile(r"^(?:(?:source|url|link)\s*:\s*)?(https?://\S+)$", re.I)
# Bounded repeats: an unclosed `[` or `**` must not scan to the end of a long line from every position.
_MARKUP = [(re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)"), ""),
           (re.compile(r"\[([^\[\]]{1,1000})\]\([^()\s]{0,2000}\)"), r"\1"), (re.compile(r"(\*\*|__)(.{1,1000}?)\1"), r"\2")]  # fmt: skip


@dataclass
class Sentence:
    line: int
    text: str
    starts: tuple[tuple[int, int], ...] = ()  # (offset in text, line) of each joined line

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, (offset, math.inf))  # a paragraph may join a million lines
        return self.starts[index - 1][1] if index else self.line


@dataclass
class Found:
    phrase: str
    span: DateSpan


def _clean(line: str) -> str:
    for pattern, repl in _MARKUP:
        line = pattern.sub(repl, line)
    return " ".join(line.split())


def _date_line(line: str) -> dt.date | None:
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


def _same_caption(a: str, b: str) -> str | None:
    """The caption once, when two lines are one caption printed twice (the second with its credit)."""
    short, long = sorted((a, b), key=len)
    if len(short) < 20 or not long.startswith(short):
        return None
    bare = _CREDIT.sub("", long)
    return bare if bare.startswith(short) else long


HEADLINE_MAX = 140
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ":", ";", ")")


def paragraphs(lines: list[tuple[int, str]]) -> Iterator[Sentence]:
    """Blocks of non-blank lines, captions read once, joined into paragraphs (line = where each starts)."""
    block: list[tuple[int, str]] = []
    first = True
    for number, line in [*lines, (0, "")]:
        if line and first:
            first = False
            if len(line) <= HEADLINE_MAX and not line.rstrip().endswith(_SENTENCE_ENDS):
                # The article's first line with no full stop is its headline, not the start of a sentence.
                yield Sentence(number, line, ((0, number),))
                continue
        if line:
            if block and (once := _same_caption(block[-1][1], line)) is not None:
                block[-1] = (block[-1][0], once)
            else:
                block.append((number, line))
            continue
        if block:
            starts, at = [], 0
            for number, text in block:
                starts.append((at, number))
                at += len(text) + 1
            yield Sentence(block[0][0], " ".join(text for _, text in block), tuple(starts))
        block = []


def sentences(paragraph: Sentence) -> Iterator[Sentence]:
    start = 0
    for match in _END.finditer(paragraph.text):
        # The word before the stop, from a short window: the text since `start` grows with every
        # abbreviation skipped, and splitting all of it each time made a long line quadratic.
        before = paragraph.text[max(start, match.start() - 40) : match.start()].split()
        word = before[-1].lower().strip('("“') if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        cut = match.end()
        yield Sentence(paragraph.line_at(start), paragraph.text[start:cut].strip())
        start = cut
    if paragraph.text[start:].strip():
        yield Sentence(paragraph.line_at(start), paragraph.text[start:].strip())


def _matches(text: str) -> list[tuple[str, re.Match]]:
    found = sorted(
        ((m.start(), m.start() - m.end(), order, kind, m) for order, (kind, rx) in enumerate(PATTERNS)
         for m in rx.finditer(text)),
        key=lambda t: t[:3],
    )  # fmt: skip
    chosen, end = [], -1
    for start, _, _, kind, match in found:
        if start >= end:
            chosen.append((kind, match))
            end = match.end()
    return chosen


def _resolve(kind: str, m: re.Match, published: dt.date, anchor: DateSpan | None) -> DateSpan | None:
    """A matched expression as a span, or None when it dates nothing for sure."""
    try:
        return _span(kind, m, published, anchor)
    except (DateError, OverflowError):
        return None


def _span(kind: str, m: re.Match, published: dt.date, anchor: DateSpan | None) -> DateSpan | None:
    if kind == "date":
        return parse_date(_QUALIFIER.sub("", m[0]), published)
    if kind == "month":
        prep = m["prep"].lower()
        prefix = "since " if prep == "since" else "last " if prep == "last" else ""
        return parse_date(prefix + m["month"], published)
    if kind == "year":
        year, prep = int(m["year"]), m["prep"].lower()
        if prep in ("a", "the") and year < 1900:
            return None
        return parse_date(("since " if prep == "since" else "") + m["year"], published)
    if kind == "next":
        if anchor is None:
            return None
        step = 1 if (m["which"] or m["dir"]) in ("following", "next", "later") else -1
        start = dt.date.fromisoformat(anchor.start)
        if (m["unit"] or m["unit2"]) == "year":
            return parse_date(f"{start.year + step:04d}")
        months = start.year * 12 + start.month - 1 + step
        return parse_date(f"{months // 12:04d}-{months % 12 + 1:02d}")
    count = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    days = count * (7 if m["lunit"] == "weeks" else 1)
    if not 1 <= days <= 366:
        return None
    first = published - dt.timedelta(days=days - 1)
    return DateSpan(first.isoformat(), published.isoformat(), "day")


def _title(sentence: str, phrase_at: int, phrase_end: int) -> str:
    """A short form of the sentence: without a leading 'On Wednesday,' and cut to 80 characters."""
    text = sentence
    lead = text[phrase_end:]
    if _LEADING.fullmatch(text[:phrase_at]) and lead.startswith(","):
        rest = lead[1:].strip()
        if rest:
            text = rest[0].upper() + rest[1:]
    return short_title(text.rstrip(".").strip())


def _published(ctx: Context, found: dt.date | None) -> dt.date:
    """--published wins; then the article's date line. The CLI's default reference is today, which
    says nothing about an article, so it is not used (unless `ctx.options['published']` says so)."""
    if "published" in ctx.options:
        given = ctx.options["published"]
    else:
        given = ctx.reference if ctx.reference not in (None, dt.date.today()) else None
    if given is not None:
        return given
    if found is not None:
        return found
    raise LoadError(
        ctx.path,
        'no publication date: relative dates ("Wednesday", "since December") count from it; '
        "give --published DATE or start the article with a date line",
    )


def sentence_ids(published: dt.date, key: str, dataset: str | None) -> tuple[str, str]:
    """The id of a sentence (`key`: its words, casefolded) of an article published that day, loaded into
    `dataset`; and the id older versions made for it, without the dataset (`store.old_ids`)."""
    old = hashlib.sha1(f"{published.isoformat()}\x1f{key}".encode("utf-8", "surrogatepass"))
    made = old.copy()
    made.update(f"\x1f{dataset or ''}".encode("utf-8", "surrogatepass"))
    return f"art-{made.hexdigest()[:16]}", f"art-{old.hexdigest()[:16]}"


def read_article(ctx: Context) -> Iterator[Item]:
    """Dated sentences of an article as events."""
    raw_lines = read_text(ctx).split("\n")
    lines: list[tuple[int, str]] = []
    day_line, url, header = None, None, 0
    for number, line in enumerate(raw_lines, start=1):
        line = _clean(line.rstrip("\r"))
        if line and header < 6:
            header += 1
            if day_line is None and (day := _date_line(line)) is not None:
                day_line = day
                continue
            if url is None and (link := _URL.match(line)):
                url = link[1]
                continue
        lines.append((number, line))
    published = _published(ctx, day_line)
    name = ctx.dataset or ctx.path.stem
    source = {"name": f"{name}, {published.day} {MONTH_NAMES[published.month - 1]} {published.year}", "url": url}
    seen: set[str] = set()
    anchor: DateSpan | None = None
    count = 0
    for paragraph in paragraphs(lines):
        for sentence in sentences(paragraph):
            key = " ".join(sentence.text.split()).casefold()
            if key in seen:
                continue
            seen.add(key)
            dated: tuple[Found, re.Match] | None = None
            for kind, match in _matches(sentence.text):
                span = _resolve(kind, match, published, anchor)
                if span is None or span.start > published.isoformat():
                    continue
                anchor = span
                dated = dated or (Found(match[0].strip(), span), match)
            if dated is None:
                continue
            found, match = dated
            count += 1
            made, old = sentence_ids(published, key, ctx.dataset)
            record = {
                "id": made,
                "date": record_date(found.span.start, found.span.precision),
                "end_date": found.span.end,
                "precision": found.span.precision,
                "title": _title(sentence.text, match.start(), match.end()),
                "summary": sentence.text,
                "sources": [source],
                "extra": {"date_phrase": found.phrase, "published": published.isoformat()},
            }
            item = to_item(ctx, sentence.line, record, made_from="the sentence and the day published")
            item.old_id = old
            yield item
    if not count:
        raise LoadError(ctx.path, "no events: no sentence of the article carries a date")
