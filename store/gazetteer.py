"""The gazetteer: one canonical place for every real place, and every spelling the sources used for it.

`places` holds the canonical list (the name is the place's id, `events.place_id` points at it);
`place_spellings` every spelling met, with its skeleton key (`store.placenames`) and where it came
from. A load resolves each distinct (spelling, governorate, point) it meets once, not each row:
a known spelling or skeleton that the point and governorate confirm joins its place; anything else
becomes a new place with its spelling. The user's merges and splits (`place_decisions`) pin spellings
to places, so the next load of the same file lands where the user said.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from frontline.store.placenames import CLOSE_KM, distance_km, governorate, plain, same_place, skeleton
from frontline.store.schema import index_untouched

SCHEMA = """
CREATE TABLE IF NOT EXISTS place_spellings (
    spelling TEXT NOT NULL, key TEXT NOT NULL, place TEXT NOT NULL, source TEXT,
    pinned INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (spelling, place)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_place_spellings_key ON place_spellings(key);
CREATE INDEX IF NOT EXISTS idx_place_spellings_place ON place_spellings(place);
CREATE TABLE IF NOT EXISTS place_decisions (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, place TEXT NOT NULL, other TEXT NOT NULL,
    name TEXT);
"""


@dataclass
class Place:
    name: str
    admin1: str | None
    lat: float | None
    lon: float | None
    spellings: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # the skeletons of its spellings

    @property
    def admin_key(self) -> str | None:
        return governorate(self.admin1)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat * 10 // 1), int(lon * 10 // 1)


class Gazetteer:
    """The places of one database in memory (they are few), resolving sightings and writing what it learns."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.places: dict[str, Place] = {}
        self.by_spelling: dict[str, set[str]] = {}  # plain(spelling) -> place names
        self.by_key: dict[str, set[str]] = {}  # skeleton -> place names
        self.pinned: dict[str, str] = {}  # plain(spelling) -> the place a user decision put it in
        self.grid: dict[tuple[int, int], set[str]] = {}
        self.changed: set[str] = set()  # places that gained a spelling or a point since they were read
        self._cache: dict[tuple[Any, ...], str | None] = {}
        self._aliases: dict[tuple[str, str | None], str | None] = {}
        for name, admin1, lat, lon in conn.execute("SELECT name, admin1, lat, lon FROM places"):
            self._remember(Place(name, admin1, lat, lon))
        for spelling, place, pinned in conn.execute("SELECT spelling, place, pinned FROM place_spellings"):
            if place in self.places:
                self._index_spelling(place, spelling)
                if pinned:
                    self.pinned[plain(spelling)] = place

    def _remember(self, place: Place) -> None:
        self.places[place.name] = place
        self._index_spelling(place.name, place.name)
        if place.lat is not None and place.lon is not None:
            self.grid.setdefault(_cell(place.lat, place.lon), set()).add(place.name)

    def _index_spelling(self, name: str, spelling: str) -> None:
        place = self.places[name]
        if spelling not in place.spellings:
            place.spellings.append(spelling)
        place.keys.add(skeleton(spelling))
        self._aliases.clear()
        self.by_spelling.setdefault(plain(spelling), set()).add(name)
        self.by_key.setdefault(skeleton(spelling), set()).add(name)

    def _near(self, lat: float, lon: float) -> set[str]:
        row, col = _cell(lat, lon)
        found: set[str] = set()
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                found |= self.grid.get((row + dr, col + dc), set())
        return found

    def match(
        self, spelling: str, admin1: str | None = None, lat: float | None = None, lon: float | None = None
    ) -> str | None:
        """The known place a sighting is, or None: the spelling (or its skeleton) confirmed by point and governorate."""
        folded = plain(spelling)
        if folded in self.pinned:
            return self.pinned[folded]
        key, admin = skeleton(spelling), governorate(admin1)
        candidates = self.by_spelling.get(folded, set()) | self.by_key.get(key, set())
        if lat is not None and lon is not None:
            candidates |= self._near(lat, lon)
        best: tuple[float, str] | None = None
        for name in sorted(candidates):  # ties go the same way in every run (a set has no fixed order)
            place = self.places[name]
            if not any(same_place(key, admin, lat, lon, k, place.admin_key, place.lat, place.lon) for k in place.keys):
                continue
            rank = self._rank(place, folded, key, lat, lon)
            if best is None or rank < best[0]:
                best = (rank, name)
        return best[1] if best else None

    @staticmethod
    def _rank(place: Place, folded: str, key: str, lat: float | None, lon: float | None) -> float:
        """Lower is better: the exact spelling first, then the skeleton, then the nearest point."""
        exact = any(plain(s) == folded for s in place.spellings)
        same_key = key in place.keys
        near = 0.0
        if lat is not None and lon is not None and place.lat is not None and place.lon is not None:
            near = distance_km(lat, lon, place.lat, place.lon) / 1000
        return (0 if exact else 1 if same_key else 2) + near

    def resolve(
        self, spelling: str | None, admin1: str | None = None, lat: float | None = None, lon: float | None = None,
        source: str | None = None,
    ) -> str | None:  # fmt: skip
        """The canonical place of a sighting, learning the spelling or adding the place when it is new."""
        if not spelling:
            return None
        memo = (spelling, admin1, lat, lon)
        if memo in self._cache:
            return self._cache[memo]
        name = self.match(spelling, admin1, lat, lon)
        if name is None:
            name = self._add_place(spelling, admin1, lat, lon, source)
        else:
            self._learn(name, spelling, source, lat, lon)
        self._cache[memo] = name
        return name

    def _add_place(
        self, spelling: str, admin1: str | None, lat: float | None, lon: float | None, source: str | None
    ) -> str:
        name = spelling
        if name in self.places:  # the same name elsewhere: another place, told apart by where it is
            where = admin1 or (f"{lat:.2f}, {lon:.2f}" if lat is not None and lon is not None else "elsewhere")
            name = f"{spelling} ({where})"
            n = 2
            while name in self.places:
                name, n = f"{spelling} ({where} {n})", n + 1
        self.conn.execute(
            "INSERT INTO places (name, admin1, lat, lon, aliases) VALUES (?, ?, ?, ?, '[]')", (name, admin1, lat, lon)
        )
        self._remember(Place(name, admin1, lat, lon))
        self._learn(name, spelling, source, lat, lon)
        return name

    def _learn(self, name: str, spelling: str, source: str | None, lat: float | None, lon: float | None) -> None:
        place = self.places[name]
        if place.lat is None and lat is not None and lon is not None:
            place.lat, place.lon = lat, lon
            self.conn.execute("UPDATE places SET lat = ?, lon = ? WHERE name = ?", (lat, lon, name))
            self.grid.setdefault(_cell(lat, lon), set()).add(name)
        if spelling in place.spellings and spelling != name:
            return
        known = self.conn.execute(
            "SELECT 1 FROM place_spellings WHERE spelling = ? AND place = ?", (spelling, name)
        ).fetchone()
        if known:
            return
        self.conn.execute(
            "INSERT INTO place_spellings (spelling, key, place, source) VALUES (?, ?, ?, ?)",
            (spelling, skeleton(spelling), name, source),
        )
        if spelling not in place.spellings:
            self._index_spelling(name, spelling)
            self.changed.add(name)

    def aliases(self, name: str | None, spelling: str | None) -> str | None:
        """The other spellings of a place, for the search index: searching any of them finds the event."""
        if name is None or name not in self.places:
            return None
        key = (name, spelling)
        if key not in self._aliases:
            own = (spelling or "").casefold()
            self._aliases[key] = " ".join(s for s in self.places[name].spellings if s.casefold() != own) or None
        return self._aliases[key]

    def save_aliases(self) -> None:
        """Keep the places table's `aliases` (every spelling but the name) in step with what was learnt."""
        for name in self.changed:
            place = self.places[name]
            others = [s for s in place.spellings if s != name]
            self.conn.execute(
                "UPDATE places SET aliases = ? WHERE name = ?", (json.dumps(others, ensure_ascii=False), name)
            )

    def mentioned(self, text: str) -> list[Place]:
        """The known places (with a point) a text names, in the order it names them: what an article is about."""
        if not text:
            return []
        pattern = self._mention_pattern()
        if pattern is None:
            return []
        found: list[Place] = []
        text = re.sub(r"(?<=\w)['’]s\b", "", text)  # Maaret al-Numan's capture names Maaret al-Numan
        for match in pattern.finditer(f" {plain(text)} "):
            for name in sorted(self.by_spelling.get(match.group(1), ())):
                place = self.places[name]
                if place.lat is not None and place not in found:
                    found.append(place)
        return found

    def _mention_pattern(self) -> re.Pattern[str] | None:
        spellings = sorted((s for s in self.by_spelling if len(s) >= 4), key=len, reverse=True)
        if not spellings:
            return None
        return re.compile(r"(?<= )(" + "|".join(re.escape(s) for s in spellings) + r")(?= )")


class PlaceBook:
    """Resolves each row's place to its canonical place (see `store.gazetteer`) and fills what the place knows."""

    def __init__(self, conn: sqlite3.Connection):
        self.gazetteer = Gazetteer(conn)

    def complete(self, row: dict[str, Any], source: str | None = None) -> None:
        place = row.get("place")
        book = self.gazetteer
        row["place_id"] = name = book.resolve(place, row.get("admin1"), row.get("lat"), row.get("lon"), source)
        known = book.places.get(name) if name else None
        row["aliases"] = book.aliases(name, place)
        if known is None:
            return
        if row["lat"] is None and known.lat is not None:
            row["lat"], row["lon"] = known.lat, known.lon
        if row["admin1"] is None:
            row["admin1"] = known.admin1

    def name_places(self, row: dict[str, Any]) -> None:
        """An event read from an article: the places its text names that the gazetteer knows, with their points."""
        if row.get("place") or row.get("lat") is not None:
            return
        found = self.gazetteer.mentioned(" ".join(t for t in (row.get("title"), row.get("summary")) if t))
        if not found:
            return
        specific = [p for p in found if (p.admin1 or "").casefold() != "national"] or found
        first = specific[0]
        row["place"], row["admin1"], row["lat"], row["lon"] = first.name, first.admin1, first.lat, first.lon
        extra = json.loads(row["extra"]) if row.get("extra") else {}
        extra["places"] = [{"name": p.name, "lat": p.lat, "lon": p.lon} for p in found]
        row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)


def seed_places(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]], source: str = "built-in") -> None:
    """Put places (name, admin1, lat, lon, aliases) and all their spellings into the gazetteer."""
    for row in rows:
        aliases = list(row.get("aliases") or [])
        conn.execute(
            "INSERT INTO places (name, admin1, lat, lon, aliases) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE "
            "SET admin1 = excluded.admin1, lat = excluded.lat, lon = excluded.lon, aliases = excluded.aliases",
            (row["name"], row.get("admin1"), row.get("lat"), row.get("lon"), json.dumps(aliases, ensure_ascii=False)),
        )
        for spelling in [row["name"], *aliases]:
            conn.execute(
                "INSERT OR IGNORE INTO place_spellings (spelling, key, place, source) VALUES (?, ?, ?, ?)",
                (spelling, skeleton(spelling), row["name"], source),
            )


def create_tables(conn: sqlite3.Connection) -> None:
    """The gazetteer's tables and `events.place_id` (a schema upgrade step calls this)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    if "place_id" not in columns:
        conn.execute("ALTER TABLE events ADD COLUMN place_id TEXT")
    conn.execute("CREATE INDEX IF NOT EXISTS idx_events_place ON events(place_id)")
    for name, aliases in conn.execute("SELECT name, aliases FROM places").fetchall():
        for spelling in [name, *json.loads(aliases or "[]")]:
            conn.execute(
                "INSERT OR IGNORE INTO place_spellings (spelling, key, place, source) VALUES (?, ?, ?, 'places')",
                (spelling, skeleton(spelling), name),
            )
    resolve_events(conn)


def resolve_events(conn: sqlite3.Connection) -> None:
    """Give every stored event its canonical place, one question per distinct sighting, in one pass."""
    book = Gazetteer(conn)
    sightings = conn.execute("SELECT DISTINCT place, admin1, lat, lon, dataset FROM events WHERE place IS NOT NULL")
    found = {(p, a, la, lo): book.resolve(p, a, la, lo, d) for p, a, la, lo, d in sightings.fetchall()}
    conn.create_function(
        "frontline_place_id", 4, lambda *sighting: found.get(sighting), deterministic=True
    )  # SQLite calls back for each row: one scan, not one per place
    with index_untouched(conn):
        conn.execute("UPDATE events SET place_id = frontline_place_id(place, admin1, lat, lon) WHERE place IS NOT NULL")
    conn.create_function("frontline_aliases", 2, book.aliases, deterministic=True)
    conn.execute(
        "UPDATE events SET aliases = frontline_aliases(place_id, place) "
        "WHERE place_id IS NOT NULL AND aliases IS NOT frontline_aliases(place_id, place)"
    )
    book.save_aliases()


def refresh_event_aliases(
    conn: sqlite3.Connection, book: Gazetteer, names: Iterable[str], table: str = "events"
) -> None:
    """Re-write the search index's other spellings for the events of places that gained a spelling."""
    for name in names:
        spellings = [r[0] for r in conn.execute(f"SELECT DISTINCT place FROM {table} WHERE place_id = ?", (name,))]
        for spelling in spellings:
            conn.execute(
                f"UPDATE {table} SET aliases = ? WHERE place_id = ? AND place = ? AND aliases IS NOT ?",
                (book.aliases(name, spelling), name, spelling, book.aliases(name, spelling)),
            )


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


__all__ = [
    "CLOSE_KM",
    "Gazetteer",
    "Place",
    "PlaceBook",
    "create_tables",
    "refresh_event_aliases",
    "resolve_events",
    "seed_places",
]
