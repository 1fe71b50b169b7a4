"""The words of a search as the full-text index sees them, bounded: a pasted page is not a million terms."""

from __future__ import annotations

import sqlite3
import threading

from frontline.store.schema import FTS_TOKENIZE

# Distinct words a search uses (`b b b …` is one word), and words spelled out for all its prefixes together.
MAX_TERMS, SPELL_OUT_BUDGET = 32, 1024
MAX_PHRASE = 256  # words a quoted phrase may hold

_tokenizers = threading.local()


def words(text: str) -> list[str]:
    """The distinct words of a text, in order, at most `MAX_TERMS` of them."""
    return list(dict.fromkeys(tokens(text)))[:MAX_TERMS]


def tokens(text: str) -> list[str]:
    """The words of a text exactly as the full-text index sees them, repeats kept (a phrase's words).

    SQLite's own tokenizer does the work (in a scratch in-memory table), so case folding and
    diacritics follow the index to the letter: 'ß' stays, Greek keeps its accents, 'Σ' is 'σ'.
    """
    conn = getattr(_tokenizers, "conn", None)
    if conn is None:
        conn = _tokenizers.conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE scratch USING fts5(t, tokenize='{FTS_TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE scratch_words USING fts5vocab(scratch, instance)")
    conn.execute("DELETE FROM scratch")
    text = text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")  # lone surrogates: no letters
    conn.execute("INSERT INTO scratch (t) VALUES (?)", (text,))
    terms = conn.execute("SELECT term FROM scratch_words ORDER BY offset LIMIT ?", (MAX_PHRASE,)).fetchall()
    return [term for (term,) in terms]
