"""The words of a search, as the full-text index sees them, and the safe FTS5 query they make."""

from __future__ import annotations

import sqlite3
import threading

from frontline.store.schema import FTS_TOKENIZE

# Distinct words a search uses (`b b b …` is one word), and words spelled out for all its prefixes together.
MAX_TERMS, SPELL_OUT_BUDGET = 32, 1024

_tokenizers = threading.local()


def words(text: str) -> list[str]:
    """The words of a text exactly as the full-text index sees them.

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
    terms = conn.execute("SELECT term FROM scratch_words ORDER BY offset").fetchall()
    return list(dict.fromkeys(term for (term,) in terms))[:MAX_TERMS]


def fts_query(text: str, spellings: list[list[str]] | None = None) -> tuple[str, list[str]] | None:
    """User text as a safe FTS5 query: every word quoted, prefix-matched, all required.

    Quotes, `*`, `AND`, `(` or `NEAR(` in what a person types are just characters here; they can
    never make the query fail to parse. `spellings` are other names for the same thing (a town's
    other spellings), matched as exact phrases as well.
    """
    terms = words(text)
    if not terms:
        return None
    query = " ".join(f'"{t}"*' for t in terms)
    alternatives = [s for s in spellings or [] if s and s != terms]
    if alternatives:
        query = " OR ".join([f"({query})", *(f'"{" ".join(s)}"' for s in alternatives)])
        terms = list(dict.fromkeys(terms + [w for s in alternatives for w in s]))
    return query, terms
