"""What a typed place or actor stands for: the canonical places and actors a filter or a search means.

`place:Saraqeb` means the canonical place Saraqib, whichever spelling its events were loaded under;
`actor:HTS` means Hayat Tahrir al-Sham, Jabhat al-Nusra included. Read from the gazetteer's tables
and `actor_names` once per view (they are small).
"""

from __future__ import annotations

import sqlite3

from frontline.store.actors import canonical_of
from frontline.store.placenames import plain, skeleton

PLACE_KEY = "coalesce(place_id, place)"
"""SQL: the place an event counts under (its canonical place; the spelling itself for an event loaded before any)."""


def facet_sql(name: str, where: str) -> str:
    """SQL counting a view's events by one field, most first; places and actors by their canonical one."""
    if name == "tag":  # the user's own tags (store.layer)
        return (
            f"SELECT t.tag AS k, count(*) FROM events JOIN user_tags t ON t.id = events.id "
            f"WHERE {where} GROUP BY k ORDER BY count(*) DESC, k LIMIT ?"
        )
    if name == "actor":  # HTS and Jabhat al-Nusra are one; a source (the Observatory) is no actor
        return (
            f"SELECT a.value AS k, count(*) FROM events, json_each(events.actor_keys) a "
            f"WHERE {where} GROUP BY k ORDER BY count(*) DESC, k LIMIT ?"
        )
    column = PLACE_KEY if name == "place" else name  # Saraqab and Saraqib are one
    return (
        f"SELECT {column} AS k, count(*) FROM events WHERE {where} AND k IS NOT NULL "
        "GROUP BY k ORDER BY count(*) DESC, k LIMIT ?"
    )


class Names:
    """The places and actors of one database, for turning what a person typed into canonical ones."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.by_spelling: dict[str, set[str]] = {}
        self.by_key: dict[str, set[str]] = {}
        self.by_letters: dict[str, set[str]] = {}  # a spelling's letters, run together (`_letters`)
        self.spellings_of: dict[str, list[str]] = {}
        known = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'place_spellings'"
        if conn.execute(known).fetchone() is None:
            return
        for spelling, place in conn.execute("SELECT spelling, place FROM place_spellings ORDER BY place, spelling"):
            self.by_spelling.setdefault(plain(spelling), set()).add(place)
            self.by_letters.setdefault(_letters(spelling), set()).add(place)
            self.by_key.setdefault(skeleton(spelling), set()).add(place)
            self.spellings_of.setdefault(place, []).append(spelling)
        for (name,) in conn.execute("SELECT name FROM places"):
            self.by_spelling.setdefault(plain(name), set()).add(name)
            self.by_letters.setdefault(_letters(name), set()).add(name)
            self.spellings_of.setdefault(name, [])
            if name not in self.spellings_of[name]:
                self.spellings_of[name].insert(0, name)

    def place_ids(self, text: str) -> list[str]:
        """The canonical places a typed name is: by its spelling, else by its skeleton (Saraqibb is Saraqib)."""
        folded = plain(text)
        found = self.by_spelling.get(folded)
        if not found:
            key = skeleton(text)
            found = self.by_key.get(key) if len(key) >= 4 else None
        return sorted(found or ())

    def spellings(self, text: str) -> list[str]:
        """Every spelling of the places a text names (none when it names no place)."""
        return [s for place in self.place_ids(text) for s in self.spellings_of.get(place, [place])]

    def spellings_of_words(self, found: list[str]) -> list[str]:
        """Every spelling of the places that indexed words name. The index splits a name at its
        apostrophes (Ma'arrat al-Nu'man is `ma arrat al nu man`), so the words are matched by their
        letters run together first, then as a typed name."""
        places = self.by_letters.get("".join(found))
        if not places:
            return self.spellings(" ".join(found))
        return [s for place in sorted(places) for s in self.spellings_of.get(place, [place])]

    def actor(self, text: str) -> str:
        return canonical_of(self.conn, text)


def _letters(name: str) -> str:
    """A name's plain letters with nothing between them: Ma'arrat al-Nu'man is `maarratalnuman`."""
    return plain(name).replace(" ", "")
