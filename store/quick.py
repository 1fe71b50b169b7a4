"""A search's quick form: each broad prefix read as its most common words, for the first answer only.

A one-letter prefix at a million events stands for hundreds of words (`a`: 656 in the benchmark's
data). Spelled out in full (`store.fts.Speller`) FTS5 reads them lazily, but opens every word's
doclist to do it: 35-110 ms a question for `a`, and the first answer asks four or five. Its most
common `QUICK_WORDS` words hold nearly every match, and open in about a millisecond: the app shows
the first match and the matches on screen from them at once, then the exact ones (and the count)
in a second answer a moment later. The quick form is never the search the app keeps.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from frontline.store.fts import Speller, expression
from frontline.store.merges import has_prefix
from frontline.store.schema import TERMS_TABLE

if TYPE_CHECKING:
    from frontline.store.query import Search

QUICK_WORDS = 48
"""Words a prefix is read as in the quick form: the most common ones."""


class _TopSpeller(Speller):
    """Spells a prefix as its `QUICK_WORDS` most common words, and notes whether that left any out."""

    cut = False

    def _look_up(self, term: str) -> list[str] | None:
        if not self.available or not (term.isascii() and term.isalnum()):
            return None
        upper = term[:-1] + chr(ord(term[-1]) + 1)
        found = self.conn.execute(
            f"SELECT term FROM {TERMS_TABLE} WHERE term >= ? AND term < ? ORDER BY docs DESC, term LIMIT ?",
            (term, upper, QUICK_WORDS + 1),
        ).fetchall()
        self.cut = self.cut or len(found) > QUICK_WORDS
        return [word for (word,) in found[:QUICK_WORDS]]


def quick_form(search: Search) -> Search | None:
    """The search with each prefix read as its most common words; None when no prefix has more words than
    that (the search is quick already) or the words cannot be read from the terms table."""
    from frontline.store.query import _words_only

    if search.walk.count(" OR ") <= QUICK_WORDS and not has_prefix(search.walk):
        return None
    node = _words_only(search.text)
    speller = _TopSpeller(search.timeline._conn())
    if node is None or not speller.available:
        return None
    walk = expression(node, speller, search.timeline.spellings_of)
    if not speller.cut or has_prefix(walk):
        return None
    quick = copy.copy(search)
    quick.walk = quick.tally = walk
    quick._count = None  # a count of the quick form is a lower bound, never the search's count
    return quick
