"""The query language of the search box, `--search`, `search`, `list` and `export`, parsed to a tree.

    Idlib -Saraqeb "Kafr Nabl" HTS OR Nusra category:airstrike -dataset:acled
    killed>=10 displaced>0 after:2019-12 before:"February 2020" on:2020-01-29 marked disputed

Words are prefixes ("sara" finds Saraqeb), a quoted phrase is matched as written, `-` excludes
what follows it, `OR` joins the terms either side of it (it binds tighter than the plain space
between terms, which means AND), and parentheses group. `field:value` names a category, actor,
place, governorate, dataset, precision or tag; `killed`, `displaced` compare figures; `after:`,
`before:` and `on:` take any date `store.dates.parse_date` reads. `marked`, `disputed` and `linked`
are flags. Anything else is a `QueryError` that says at which character it went wrong: nothing a
person types is quietly read as words.

The tree (`store.querytree`) is frozen dataclasses; `store.querysql` turns a tree into SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontline.store.dates import DateError, DateSpan, parse_date, yearless
from frontline.store.querytree import (
    All,
    Compare,
    Dates,
    Either,
    Field,
    Flag,
    Node,
    Not,
    Text,
    conjuncts,
    is_text,
    is_words,
    positive_words,
    quote,
)
from frontline.store.words import tokens, words

LIST_FIELDS = ("category", "place", "actor", "admin1", "precision", "dataset", "tag")
FIGURES = {"killed": "fatalities", "fatalities": "fatalities", "deaths": "fatalities", "dead": "fatalities",
           "displaced": "displaced"}  # fmt: skip
DATE_FIELDS = ("after", "before", "on")
FLAGS = ("marked", "disputed", "linked")
IS_FLAGS = ("total",)
"""Flags read only after `is:` (`is:total`, a running total): a bare `total` is a word of the news."""
FIELD_ALIASES = {"type": "category", "cat": "category", "in": "place", "governorate": "admin1", "from": "after",
                 "since": "after", "until": "before", "to": "before", "who": "actor", "tags": "tag",
                 "date": "on", "during": "on"}  # fmt: skip
PRECISIONS = ("time", "day", "month", "year")
MAX_TERMS = 64
MAX_DEPTH = 32
"""Brackets and NOTs one inside another: deeper than any question, and a bound on the parser's recursion."""
"""Words and field terms a query may hold: enough for any question, and a bound on the work one can ask for."""
DATE_WORDS = 3
"""An unquoted date may run over this many more words (`after:19 Dec 2019`), as long as it still reads as a date."""

_OPERATOR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(>=|<=|!=|>|<|=|:)")
_NUMBER = re.compile(r"\d[\d,_]*")


class QueryError(ValueError):
    """A query that cannot be read: "what is wrong at column N" (from 1: the character it went wrong
    at, when known), the same words in the CLI's first line and under the app's search box.
    `where` names what held the query, for the CLI (`query`, `--search`, `--filter`)."""

    where = "query"

    def __init__(self, message: str, text: str = "", column: int | None = None) -> None:
        self.message, self.text, self.column = message, text, column
        super().__init__(f"{message} at column {column}" if column else message)

    def caret(self, width: int = 76) -> str:
        """The query and a caret under the character that went wrong (two lines), or '' without a column.
        A query longer than `width` is cut around that character, `…` where it is cut."""
        if not self.column or not self.text:
            return ""
        line, at = self.text.replace("\t", " ").replace("\n", " "), self.column - 1
        if len(line) > width:
            start = max(0, min(at - width // 2, len(line) - width))
            shown = line[start : start + width]
            shown = ("…" + shown[1:] if start else shown)[: width - 1] + (
                "…" if start + width < len(line) else shown[-1]
            )
            line, at = shown, at - start
        return f"{line}\n{' ' * at}^"


# -- reading ------------------------------------------------------------------------------------


@dataclass
class _Token:
    kind: str  # "(", ")", "phrase", "bare"
    text: str
    at: int  # 0-based index into the query
    negated: bool = False
    value: str | None = None  # a quoted value glued to a bare `name:`


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start, negated = i, False
        if ch == "-":
            if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError("'-' excludes what follows it, and nothing does", text, i + 1)
            if text[i + 1] == "-":  # neither a double negation nor one (which it was, quietly)
                typed = text[i:].split(maxsplit=1)[0].replace('"', "")
                message = (
                    f"a second '-': one leaves out what follows (quote it, \"{typed}\", to look for it as written)"
                )
                raise QueryError(message, text, i + 2)
            negated, i = True, i + 1
            ch = text[i]
        if ch in "()":
            found.append(_Token(ch, ch, start, negated))
            i += 1
        elif ch == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError("this quote is never closed", text, i + 1)
            found.append(_Token("phrase", text[i + 1 : close], start, negated))
            i = close + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            token = _Token("bare", text[i:j], start, negated)
            if j < n and text[j] == '"' and _OPERATOR.fullmatch(text[i:j]):
                close = text.find('"', j + 1)
                if close < 0:
                    raise QueryError("this quote is never closed", text, j + 1)
                token.value, j = text[j + 1 : close], close + 1
            found.append(token)
            i = j
    return found


class _Parser:
    def __init__(self, text: str, reference: dt.date | None) -> None:
        self.text, self.reference = text, reference
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0
        self.seen: set[tuple] = set()  # the distinct terms read so far: a term said twice counts once

    def error(self, message: str, at: int) -> QueryError:
        return QueryError(message, self.text, at + 1)

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _ends(self) -> bool:
        """Is there no term next (the end, or a closing bracket)?"""
        token = self.peek()
        return token is None or token.kind == ")"

    def _is_or(self, token: _Token | None) -> bool:
        return token is not None and token.kind == "bare" and token.text == "OR" and not token.negated

    def parse(self) -> Node | None:
        node = self.all(top=True)
        token = self.peek()
        if token is not None:
            raise self.error("')' closes no '('", token.at)
        return node

    def all(self, top: bool) -> Node | None:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "bare" and token.text == "AND" and not token.negated:
                self.i += 1
                if not nodes or self._ends():
                    raise self.error("AND needs a term on both sides", token.at)
                continue
            nodes.append(self.either())
        unique = tuple(dict.fromkeys(nodes))  # a term said twice is asked once
        if not unique:
            return None
        return unique[0] if len(unique) == 1 else All(unique, at=unique[0].at)

    def either(self) -> Node:
        first = self.unary()
        nodes = [first]
        while self._is_or(self.peek()):
            token = self.tokens[self.i]
            self.i += 1
            following = self.peek()
            if following is None or following.kind == ")" or self._is_or(following):
                raise self.error("OR needs a term after it", token.at)
            nodes.append(self.unary())
        unique = tuple(dict.fromkeys(nodes))
        return unique[0] if len(unique) == 1 else Either(unique, at=first.at)

    def unary(self) -> Node:
        token = self.tokens[self.i]
        if self._is_or(token):
            raise self.error("OR needs a term before it", token.at)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"more than {MAX_DEPTH} brackets or NOTs one inside another", token.at)
        try:
            if token.kind == "bare" and token.text == "NOT" and not token.negated:
                self.i += 1
                if self._ends():
                    raise self.error("NOT needs a term after it", token.at)
                return Not(self.unary(), at=token.at)
            node = self.atom(token)
            return Not(node, at=token.at) if token.negated else node
        finally:
            self.depth -= 1

    def atom(self, token: _Token) -> Node:
        self.i += 1
        if token.kind == "(":
            inner = self.all(top=False)
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.error("this '(' is never closed", token.at)
            self.i += 1
            if inner is None:
                raise self.error("nothing between these brackets", token.at)
            return inner
        if token.kind == ")":
            raise self.error("')' closes no '('", token.at)
        self.count(token)
        if token.kind == "phrase":
            found = tuple(tokens(token.text))
            if not found:
                raise self.error("no words in this phrase", token.at)
            return Text(found, token.text, phrase=True, at=token.at)
        body = token.text
        start = token.at + (1 if token.negated else 0)
        match = _OPERATOR.match(body)
        if match:
            return self.term(match, body[match.end() :] if token.value is None else token.value, start)
        if body.lower() in FLAGS:
            return Flag(body.lower(), at=start)
        found = tuple(dict.fromkeys(words(body)))
        if not found:
            raise self.error(f"no words in {body!r} (quote it to look for it as written)", start)
        return Text(found, body, at=start)

    def count(self, token: _Token) -> None:
        self.seen.add((token.kind, token.negated, token.text, token.value))
        if len(self.seen) > MAX_TERMS:
            raise self.error(f"more than {MAX_TERMS} terms in one query", token.at)

    def term(self, match: re.Match[str], value: str, at: int) -> Node:
        raw_name, op = match.group(1), match.group(2)
        name = FIELD_ALIASES.get(raw_name.lower(), raw_name.lower())
        value_at = at + match.end()
        if name in FIGURES:
            if op == "!=":
                raise self.error("compare a figure with =, <, <=, > or >=", at + match.start(2))
            number = _NUMBER.fullmatch(value)
            if not number:
                raise self.error(f"{raw_name}{op} needs a whole number, e.g. {raw_name}>=10", value_at)
            return Compare(FIGURES[name], "=" if op == ":" else op, int(re.sub("[,_]", "", value)), raw_name, at)
        if op != ":":
            known = ", ".join(FIGURES)
            raise self.error(f"{raw_name!r} is not a figure ({known} compare with {op})", at)
        if name in ("is", "has") and value.lower() in (*FLAGS, *IS_FLAGS):
            return Flag(value.lower(), at=at)
        if name in FLAGS:
            if value.lower() in ("yes", "true", "1"):
                return Flag(name, at=at)
            if value.lower() in ("no", "false", "0"):
                return Not(Flag(name, at=at), at=at)
            raise self.error(f"{name}: is yes or no", value_at)
        if name not in LIST_FIELDS and name not in DATE_FIELDS:
            known = ", ".join([*LIST_FIELDS, *DATE_FIELDS, *FIGURES])
            raise self.error(f"no field {raw_name!r} (known: {known}; quote it to look for it as words)", at)
        if not value.strip():
            raise self.error(f"{raw_name}: needs a value", value_at)
        if name in DATE_FIELDS:
            return self.dates(name, value, value_at, at)
        if name == "precision" and value.lower() not in PRECISIONS:
            raise self.error(f"precision: is time, day, month or year, not {value!r}", value_at)
        return Field(name, value.lower() if name == "precision" else value, at=at)

    def dates(self, kind: str, value: str, value_at: int, at: int) -> Dates:
        """A date; unquoted, it takes in the next words for as long as they still make a date."""
        span: DateSpan | None = None
        why: DateError | None = None
        try:
            span = parse_date(value, self.reference)
        except DateError as exc:
            why = exc
        longest, taken = value, 0
        for extra in range(1, DATE_WORDS + 1):
            following = self.tokens[self.i : self.i + extra]
            if len(following) < extra or any(t.kind != "bare" or t.negated or ":" in t.text for t in following):
                break
            if any(t.text in ("OR", "AND", "NOT") for t in following):
                break
            candidate = " ".join([value, *(t.text for t in following)])
            try:
                span = parse_date(candidate, self.reference)
            except DateError:
                continue
            longest, taken = candidate, extra
        if span is None:
            raise self.error(f"{kind}: {self._widest_error(value) or why}", value_at)
        if yearless(longest) is not None:  # not this year's March, quietly: every kind of date says so alike
            raise self.error(f'{kind}: {longest!r} needs a year, e.g. {kind}:"{longest} 2020"', value_at)
        self.i += taken
        return Dates(kind, span.start, span.end, longest, at=at)

    def _widest_error(self, value: str) -> DateError | None:
        """What is wrong with the date as a person meant it: up to the last following word with a digit
        in it (`after:30 Febuary 2020` is about '30 Febuary 2020', not '30')."""
        words: list[str] = []
        for token in self.tokens[self.i : self.i + DATE_WORDS]:
            if token.kind != "bare" or token.negated or ":" in token.text or token.text in ("OR", "AND", "NOT"):
                break
            words.append(token.text)
        last = max((n for n, word in enumerate(words) if any(c.isdigit() for c in word)), default=None)
        if last is None:
            return None
        try:
            parse_date(" ".join([value, *words[: last + 1]]), self.reference)
        except DateError as exc:
            return exc
        return None


def parse(text: str, reference: dt.date | None = None) -> Node | None:
    """The tree of a query; None when it holds nothing. Raises QueryError at the first thing it cannot read."""
    return _Parser(text, reference).parse()


__all__ = [
    "All", "Compare", "Dates", "Either", "Field", "Flag", "Node", "Not", "QueryError", "Text",
    "conjuncts", "is_text", "is_words", "parse", "positive_words", "quote",
]  # fmt: skip
