"""A title from a paragraph: its first sentence, else its first clause, cut at a word within 80 characters.

Newsroom timelines often have one text column (`date,event`) holding 300–500 characters an event.
The paragraph is the summary; the row in the timeline needs a line that fits.
"""

from __future__ import annotations

import re

LIMIT = 80
_SPACES = re.compile(r"\s+")
# A sentence ends at . ! ? followed by a space and a capital, digit or quote, unless the word before
# is an abbreviation ("Jan.", "Gen.", "U.S.") or an initial ("J. Smith").
_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"“‘(])")
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr",
    "gen", "col", "lt", "capt", "maj", "sgt", "st", "mt", "no", "vs", "etc", "approx", "est", "govt", "dept",
}  # fmt: skip
_CLAUSE = re.compile(r"[,;:]\s+|\s+[–—-]\s+|\s+\(")


def _sentence_end(text: str) -> int | None:
    """Where the first sentence of `text` ends (the index after its punctuation), or None."""
    for match in _END.finditer(text):
        before = text[: match.start()].rstrip("\"'”’)")
        word = before.rsplit(" ", 1)[-1].rstrip(".!?").lower()
        if before.endswith(".") and (word in _ABBREVIATIONS or len(word.replace(".", "")) <= 1 or "." in word):
            continue
        return match.start()
    return None


def cut_at_word(words: str, limit: int = LIMIT) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    space = cut.rfind(" ")
    if words[limit - 1] != " " and space > limit // 2:  # the cut fell inside a word: drop its start
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(") + "…"


def headline_of(text: str, limit: int = LIMIT) -> str:
    """The first sentence of `text` if it fits in `limit` characters; else its first clauses that fit
    (when they make at least half a line); else the sentence cut at a word, with an ellipsis."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    end = _sentence_end(text)
    if end is not None and end <= limit:
        return text[:end].rstrip(".")
    sentence = text[:end] if end is not None else text
    best = ""
    for match in _CLAUSE.finditer(sentence):
        if match.start() > limit:
            break
        best = sentence[: match.start()]
    if len(best) >= limit // 2:  # a clause that says enough; a short one would be a fragment
        return best.rstrip(" ,;:")
    return cut_at_word(sentence, limit)
