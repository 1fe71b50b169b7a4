"""The tree a query is read into (`store.querylang`): frozen dataclasses, hashable so that filters
holding them can key a cache; `node.text()` writes a node back as it would be typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """Words, every one a prefix, all required; or a phrase (`phrase`), its words in a row, the last one whole."""

    words: tuple[str, ...]
    raw: str
    phrase: bool = False
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return '"' + self.raw.replace('"', "") + '"' if self.phrase else self.raw


@dataclass(frozen=True)
class Field:
    """`name:value` on a field that holds a name (a category, an actor, a place...)."""

    name: str
    value: str
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return f"{self.name}:{quote(self.value)}"


@dataclass(frozen=True)
class Compare:
    """A figure compared with a number: `killed>=10` (column `fatalities`), `displaced>0`."""

    column: str
    op: str
    number: int
    raw: str = field(default="", compare=False)
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        name = self.raw or ("killed" if self.column == "fatalities" else self.column)
        return f"{name}{self.op}{self.number}"


@dataclass(frozen=True)
class Dates:
    """`after:` (ends on or after `start`), `before:` (starts on or before `end`), `on:` (overlaps the span)."""

    kind: str
    start: str
    end: str
    raw: str = field(default="", compare=False)
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return f"{self.kind}:{quote(self.raw or self.start)}"


@dataclass(frozen=True)
class Flag:
    """`marked`, `disputed` or `linked`; `is:total` (a running total)."""

    name: str
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return self.name if self.name in ("marked", "disputed", "linked") else f"is:{self.name}"


@dataclass(frozen=True)
class Not:
    node: Node
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        inner = self.node.text()
        if isinstance(self.node, Not):  # `NOT -x`: '--x' is an error, not a double negation
            return f"NOT {inner}"
        return f"-({inner})" if isinstance(self.node, (All, Either)) else f"-{inner}"


@dataclass(frozen=True)
class All:
    nodes: tuple[Node, ...]
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return " ".join(n.text() for n in self.nodes)


@dataclass(frozen=True)
class Either:
    """Any of its terms: `HTS OR Nusra`."""

    nodes: tuple[Node, ...]
    at: int = field(default=0, compare=False)

    def text(self) -> str:
        return " OR ".join(f"({n.text()})" if isinstance(n, All) else n.text() for n in self.nodes)


Node = Text | Field | Compare | Dates | Flag | Not | All | Either


def quote(value: str) -> str:
    """A value as it must be typed: in quotes when it holds a space, a bracket or a quote."""
    return f'"{value}"' if re.search(r'[\s()"]', value) or not value else value


def conjuncts(node: Node | None) -> tuple[Node, ...]:
    """The terms that must all hold."""
    if node is None:
        return ()
    return node.nodes if isinstance(node, All) else (node,)


def is_words(node: Node) -> bool:
    """Is this a search for words (with OR and groups of words), with nothing excluded?"""
    if isinstance(node, Text):
        return True
    return isinstance(node, (All, Either)) and all(is_words(n) for n in node.nodes)


def is_text(node: Node) -> bool:
    """Is this about words only (excluded words included)?"""
    if isinstance(node, Not):
        return is_text(node.node)
    return isinstance(node, Text) or (isinstance(node, (All, Either)) and all(is_text(n) for n in node.nodes))


def positive_words(node: Node | None) -> list[str]:
    """The words a query looks for (not those it excludes): what a view highlights."""
    if isinstance(node, Text):
        return list(node.words)
    if isinstance(node, (All, Either)):
        return [w for n in node.nodes for w in positive_words(n)]
    return []
