"""Words as the full-text index sees them, and query trees as FTS5 MATCH expressions.

Every word goes into the expression quoted, so nothing a person types (`*`, `NEAR(`, `AND`) is
read by FTS5 as its own syntax: the operators come only from the tree `store.querylang` built.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from frontline.store.schema import TERMS_TABLE
from frontline.store.words import SPELL_OUT_BUDGET

if TYPE_CHECKING:
    from frontline.store.querylang import Node

SPELL_OUT_LIMIT = 256  # words a search prefix may stand for and still be spelled out (`Speller`)
TALLY_OR_LIMIT = 8  # past this many words a prefix counts faster as a prefix

Spellings = Callable[[list[str]], list[list[str]]]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class Speller:
    """Prefixes spelled out as the indexed words that start with them, from the terms table.

    FTS5 reads a list of whole words lazily in rowid order, where a prefix makes it merge every
    doclist first (see `store.schema.refresh_terms`). A prefix more than `SPELL_OUT_LIMIT` words
    start with, or one past the query's budget of `SPELL_OUT_BUDGET` words, stays a prefix.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        known = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        self.conn = conn
        self.available = conn.execute(known, (TERMS_TABLE,)).fetchone() is not None
        self.budget = SPELL_OUT_BUDGET
        self.widest = 0  # the most words one prefix was spelled out as
        self.docs: dict[str, int] = {}  # events holding each word looked up
        self._spelled: dict[str, list[str] | None] = {}

    def spell(self, term: str) -> list[str] | None:
        """The words that start with `term` ([] if none), or None: keep it a prefix."""
        if term not in self._spelled:
            self._spelled[term] = self._look_up(term)
        return self._spelled[term]

    def _look_up(self, term: str) -> list[str] | None:
        if not self.available or not (term.isascii() and term.isalnum()):
            return None
        upper = term[:-1] + chr(ord(term[-1]) + 1)  # every word that starts with `term` sorts below this
        found = self.conn.execute(
            f"SELECT term, docs FROM {TERMS_TABLE} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            (term, upper, SPELL_OUT_LIMIT + 1),
        ).fetchall()
        if len(found) > SPELL_OUT_LIMIT or len(found) > self.budget:
            return None
        self.budget -= len(found)
        self.widest = max(self.widest, len(found))
        self.docs.update(found)
        return [word for word, _docs in found]


def _word(term: str, speller: Speller | None) -> str:
    spelled = speller.spell(term) if speller is not None else None
    if not spelled:
        return f"{_quoted(term)}*"  # a prefix no word starts with matches nothing, at once
    joined = " OR ".join(_quoted(w) for w in spelled)
    return f"({joined})" if len(spelled) > 1 else joined


def fts_able(node: Node) -> bool:
    """Can FTS5 answer this by itself: words, OR of such, AND of such with some excluded?"""
    from frontline.store.querylang import All, Either, Not, Text

    if isinstance(node, Text):
        return True
    if isinstance(node, Either):
        return all(fts_able(n) and not isinstance(n, Not) for n in node.nodes)
    if isinstance(node, All):
        positive = [n for n in node.nodes if not isinstance(n, Not)]
        negative = [n.node for n in node.nodes if isinstance(n, Not)]
        return bool(positive) and all(fts_able(n) for n in positive + negative)
    return False


def expression(node: Node, speller: Speller | None = None, spellings: Spellings | None = None) -> str:
    """An `fts_able` tree as an FTS5 MATCH expression. Words are prefixes (spelled out by `speller`
    when given); a phrase, or words that name a place, also match the place's other spellings."""
    from frontline.store.querylang import All, Either, Not, Text

    if isinstance(node, Text):
        if node.phrase:
            found = _quoted(" ".join(node.words))
        else:
            parts = [_word(w, speller) for w in node.words]
            found = " AND ".join(parts)
            found = f"({found})" if len(parts) > 1 else found
        others = [s for s in (spellings(list(node.words)) if spellings else []) if s and s != list(node.words)]
        if others:
            found = "(" + " OR ".join([found, *(_quoted(" ".join(s)) for s in others)]) + ")"
        return found
    if isinstance(node, Either):
        return "(" + " OR ".join(expression(n, speller, spellings) for n in node.nodes) + ")"
    if isinstance(node, All):
        positive = [expression(n, speller, spellings) for n in node.nodes if not isinstance(n, Not)]
        negative = [expression(n.node, speller, spellings) for n in node.nodes if isinstance(n, Not)]
        found = " AND ".join(positive)
        if len(positive) > 1:
            found = f"({found})"
        plain = [n for n in node.nodes if isinstance(n, Text) and not n.phrase]
        if spellings and len(plain) == len(node.nodes):  # `Maaret al-Numan`: two terms that name one town
            every = [w for n in plain for w in n.words]
            others = [s for s in spellings(every) if s and s != every]
            if others:
                found = "(" + " OR ".join([found, *(_quoted(" ".join(s)) for s in others)]) + ")"
        if negative:
            found = f"{found} NOT ({' OR '.join(negative)})"
        return found
    raise ValueError(f"not a search for words: {node.text()}")
