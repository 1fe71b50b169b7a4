"""The text of a news article (.txt, .md): every sentence that carries a date becomes an event.

Dates count from the publication day: `--published DATE`, else a date line near the top ("Published
29 January 2020", "Wed, 29 Jan 2020 14:32", "2020-01-29") or a wire story's dateline ("BEIRUT, Feb 5,
2020 (AFP) -", taken off the sentence it starts), else a live blog's latest stamp. With none, the
article is refused rather than dated from today. A live blog's entries, each ending with its date
(`store.formats.article_stamps`), are an event each. The expressions are found here and resolved by
`store.dates.parse_date`: "Wednesday"/"on Monday" (the last one on or before publication; the coming
one when a future tense comes shortly before it, "will be made Thursday", or for "next Friday"), "two
weeks ago", "since December" (a span to the publication day), "In 2011", "a 2016 rapprochement", "in
October" (the last October), "January 24", "29 January 2020", "this year", "yesterday", plus two forms
handled here: "the following year" / "the previous month" (next to the date before it in the
article) and "in the last two days" (a span ending on the publication day). Vague ones ("in recent weeks", "the past few days") date nothing,
and neither does anything else that would fall after publication. A sentence's first date dates it.

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
from frontline.store.formats.article_stamps import DAYN as _DAYN
from frontline.store.formats.article_stamps import MON as _MON
from frontline.store.formats.article_stamps import MONTH as _MONTH
from frontline.store.formats.article_stamps import WD as _WD
from frontline.store.formats.article_stamps import YEAR as _YEAR
from frontline.store.formats.article_stamps import Stamp, date_line, entry_stamps, follows_a_sentence, stamp_of
from frontline.store.formats.common import short_title, to_item
from frontline.store.readers import Context, Item, LoadError, read_text

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
        ("weekday", rf"\b{_SINCE}(?:(?P<rel>[Ll]ast|[Nn]ext)\s+)?(?P<wd>{_WD})\b"),
        ("date", rf"\b(?:[0-9]{{1,2}}|an?|{'|'.join(_NUMBERS)}|one)\s+(?:days?|weeks?|months?|years?)\s+ago\b"),
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
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# What makes a bare weekday the coming one ("will be made Thursday", "is scheduled for Friday"), when it
# comes shortly before it in the sentence.
_FUTURE = re.compile(
    r"(?:\b(?:will|shall|won't)\b|'ll\b|\b(?:is|are)\s+(?:due|set|expected|scheduled|planned|slated)\b"
    r"|\b(?:scheduled|planned|slated|set)\s+(?:for|to)\b)",
    re.I,
)
# A wire story's dateline: 'BEIRUT, Feb 5, 2020 (AFP) -', 'IDLIB, Syria, 5 February 2020 -', 'BEIRUT (Reuters) -'.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,40})?)"
    rf"(?:,\s*(?P<date>(?:{_WD},?\s+)?(?:{_MON}\s+{_DAYN}|{_DAYN}\s+{_MON})(?:,?\s+(?P<year>{_YEAR}))?))?"
    r"\s*(?:\((?P<agency>[^()]{1,30})\))?\s*[-–—]+\s*"
)
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "prof", "rev", "no", "vs", "etc", "jr",
    "sr", "inc", "ltd", "co", "corp", "sen", "rep", "gov", "pres", "mt", "ft", "approx", "fig", "u.s", "u.n", "u.k",
    "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_CREDIT = re.compile(r"\s+[A-Z][A-Za-z]*(?:\s[A-Z][A-Za-z]*)?\s*/\s*[^/]*$")
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
    if kind in ("date", "weekday"):
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


def _coming(m: re.Match, sentence: str) -> bool:
    """Is this weekday the coming one: 'next Friday', or a future tense shortly before it ('will be made
    Thursday', 'is scheduled for Friday')?"""
    if m["rel"]:
        return m["rel"].lower() == "next"
    return not m["since"] and bool(_FUTURE.search(sentence[max(0, m.start() - 60) : m.start()]))


def _weekday_ahead(m: re.Match, published: dt.date) -> DateSpan:
    """The coming weekday: the publication day itself if it is that day ('will be made Thursday' in
    Thursday's paper), a week on for 'next' said on that day."""
    days = (_WEEKDAYS.index(m["wd"].lower()) - published.weekday()) % 7
    if days == 0 and m["rel"]:
        days = 7
    day = (published + dt.timedelta(days=days)).isoformat()
    return DateSpan(day, day, "day")


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


def _first_date(
    text: str, published: dt.date, anchor: DateSpan | None
) -> tuple[tuple[Found, re.Match] | None, DateSpan | None]:
    """The first date the text names (and its match), counted from `published`; and the last date named,
    the anchor of 'the following year' in what comes next."""
    dated: tuple[Found, re.Match] | None = None
    for kind, match in _matches(text):
        ahead = kind == "weekday" and _coming(match, text)
        span = _weekday_ahead(match, published) if ahead else _resolve(kind, match, published, anchor)
        if span is None or (span.start > published.isoformat() and not ahead):
            continue  # after publication: only a weekday said to come is dated so
        anchor = span
        dated = dated or (Found(match[0].strip(), span), match)
    return dated, anchor


def _source(name: str, day: dt.date, url: str | None) -> dict[str, str | None]:
    return {"name": f"{name}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}", "url": url}


def read_article(ctx: Context) -> Iterator[Item]:
    """Dated sentences of an article as events; a live blog's entries, each as one."""
    raw_lines = read_text(ctx).split("\n")
    lines: list[tuple[int, str]] = []
    day_line, url, header = None, None, 0
    for number, line in enumerate(raw_lines, start=1):
        line = _clean(line.rstrip("\r"))
        if line and header < 6:
            header += 1
            if (dateline := _DATELINE.match(line)) and (dateline["date"] or dateline["agency"]):
                day = date_line(dateline["date"]) if dateline["year"] else None
                day_line, line = day_line or day, line[dateline.end() :]  # the story goes on after it
                if not line:
                    continue
            if day_line is None and not follows_a_sentence(lines) and (day := date_line(line)) is not None:
                day_line = day
                continue
            if url is None and (link := _URL.match(line)):
                url = link[1]
                continue
        lines.append((number, line))
    lines, stamps = entry_stamps(lines)
    published = _published(ctx, day_line or max((stamp.day for stamp in stamps.values()), default=None))
    name = ctx.dataset or ctx.path.stem
    source = _source(name, published, url)
    seen: set[str] = set()
    anchor: DateSpan | None = None
    count = 0
    for paragraph in paragraphs(lines):
        stamp = next((stamps[number] for _, number in paragraph.starts if number in stamps), None)
        if stamp is not None:  # a live blog's entry: one event
            key = " ".join(paragraph.text.split()).casefold()
            if key not in seen:
                seen.add(key)
                count += 1
                item, anchor = _entry(ctx, paragraph, key, stamp, anchor, _source(name, stamp.day, url))
                yield item
            continue
        for sentence in sentences(paragraph):
            key = " ".join(sentence.text.split()).casefold()
            if key in seen or stamp_of(sentence.text) is not None:
                continue  # said before, or a bare date: no event of its own
            seen.add(key)
            dated, anchor = _first_date(sentence.text, published, anchor)
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


def _entry(
    ctx: Context, paragraph: Sentence, key: str, stamp: Stamp, anchor: DateSpan | None, source: dict[str, str | None]
) -> tuple[Item, DateSpan | None]:
    """A live blog's entry as one event: dated by the first date it names (counted from its stamp), else by
    its stamp, to the minute when the stamp gives a time."""
    dated, anchor = _first_date(paragraph.text, stamp.day, anchor)
    first = next(sentences(paragraph)).text
    made, old = sentence_ids(stamp.day, key, ctx.dataset)
    record: dict[str, object] = {
        "id": made,
        "title": short_title(first.rstrip(".").strip()),
        "summary": paragraph.text,
        "sources": [source],
        "extra": {"posted": stamp.record_date, "published": stamp.day.isoformat()},
    }
    if dated is not None:
        span = dated[0].span
        record.update(date=record_date(span.start, span.precision), end_date=span.end, precision=span.precision)
        record["extra"] = {**record["extra"], "date_phrase": dated[0].phrase}  # type: ignore[dict-item]
    else:
        record.update(date=stamp.record_date, precision="time" if stamp.time else "day")
    item = to_item(ctx, paragraph.line, record, made_from="the entry and the day it was posted")
    item.old_id = old
    return item, anchor
