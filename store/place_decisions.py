"""The user's word on places: two places are one (merge), or a spelling is a place of its own (split).

Each decision is kept in `place_decisions` and pins the spellings it moves (`place_spellings.pinned`),
so a later load of the same file lands where the user said; `reapply` runs every decision again
after each load, so nothing a load brings can undo one. This is the user's layer over the
gazetteer's guesses: a reload never overwrites it. Reconcile compares places by the canonical
place, so the events a decision moves get their keys and proposed links anew (`_relink`).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from frontline.store.gazetteer import Gazetteer, now, refresh_event_aliases
from frontline.store.placenames import plain, skeleton
from frontline.store.reconcile import reconcile
from frontline.store.schema import open_database


class PlaceError(ValueError):
    """A place that is not known, or a decision that cannot be made."""


@dataclass(frozen=True)
class PlaceRow:
    name: str
    admin1: str | None
    lat: float | None
    lon: float | None
    events: int
    spellings: list[str]


def list_places(db_path, text: str | None = None) -> list[PlaceRow]:
    """Every canonical place with its spellings and how many events are at it, busiest first."""
    db = open_database(db_path)
    try:
        conn = db.conn
        counts = dict(conn.execute("SELECT place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1"))
        spellings: dict[str, list[str]] = {}
        for spelling, place in conn.execute("SELECT spelling, place FROM place_spellings ORDER BY spelling"):
            spellings.setdefault(place, []).append(spelling)
        rows = [
            PlaceRow(name, admin1, lat, lon, counts.get(name, 0), [s for s in spellings.get(name, []) if s != name])
            for name, admin1, lat, lon in conn.execute("SELECT name, admin1, lat, lon FROM places")
        ]
    finally:
        db.close()
    if text:
        folded, key = plain(text), skeleton(text)
        rows = [
            r
            for r in rows
            if any(folded in plain(s) or (len(key) >= 4 and skeleton(s) == key) for s in [r.name, *r.spellings])
        ]
    return sorted(rows, key=lambda r: (-r.events, r.name))


def _place(conn: sqlite3.Connection, text: str) -> str:
    """The one canonical place a name or spelling stands for."""
    if conn.execute("SELECT 1 FROM places WHERE name = ?", (text,)).fetchone():
        return text
    found = sorted(
        {r[0] for r in conn.execute("SELECT place FROM place_spellings WHERE spelling = ? COLLATE NOCASE", (text,))}
    )
    if not found:
        raise PlaceError(f"no place {text!r} (frontline places lists them)")
    if len(found) > 1:
        raise PlaceError(f"{text!r} is a spelling of several places ({', '.join(found)}): name one of them")
    return found[0]


def merge(db_path, keep: str, other: str) -> tuple[str, str, int]:
    """Make `other` a part of `keep`: its spellings and events move over. Returns (kept, merged, events moved)."""
    return _decide(db_path, "merge", keep, other, None)


def split(db_path, place: str, spelling: str, name: str | None = None) -> tuple[str, str, int]:
    """Make the events a source spelt `spelling` a place of their own (`name`, else the spelling)."""
    return _decide(db_path, "split", place, spelling, name or spelling)


def _decide(db_path, action: str, place: str, other: str, name: str | None) -> tuple[str, str, int]:
    db = open_database(db_path)
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            place = _place(conn, place)
            if action == "merge":
                other = _place(conn, other)
                if other == place:
                    raise PlaceError(f"{place!r} and {other!r} are one place already")
                moved = _merge(conn, place, other)
            else:
                moved, other = _split(conn, place, other, name or other)
            conn.execute(
                "INSERT INTO place_decisions (at, action, place, other, name) VALUES (?, ?, ?, ?, ?)",
                (now(), action, place, other, name),
            )
            _relink(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        db.close()
    return place, (name if action == "split" and name else other), moved


def _merge(conn: sqlite3.Connection, keep: str, other: str) -> int:
    conn.execute(
        "INSERT OR IGNORE INTO place_spellings (spelling, key, place, source, pinned) "
        "SELECT spelling, key, ?, coalesce(source, 'user'), 1 FROM place_spellings WHERE place = ?",
        (keep, other),
    )
    conn.execute(
        "INSERT OR IGNORE INTO place_spellings (spelling, key, place, source, pinned) VALUES (?, ?, ?, 'user', 1)",
        (other, skeleton(other), keep),
    )
    conn.execute("UPDATE place_spellings SET pinned = 1 WHERE place = ? AND spelling = ?", (keep, other))
    conn.execute("DELETE FROM place_spellings WHERE place = ?", (other,))
    _moving(conn, "place_id = ?", (other,))
    moved = conn.execute("UPDATE events SET place_id = ? WHERE place_id = ?", (keep, other)).rowcount
    conn.execute("DELETE FROM places WHERE name = ?", (other,))
    _refresh(conn, [keep])
    return moved


def _split(conn: sqlite3.Connection, place: str, spelling: str, name: str) -> tuple[int, str]:
    own = conn.execute(
        "SELECT spelling FROM place_spellings WHERE place = ? AND spelling = ? COLLATE NOCASE", (place, spelling)
    ).fetchone()
    if own is None:
        raise PlaceError(f"{spelling!r} is not a spelling of {place!r} (frontline places {place!r} lists them)")
    spelling = own[0]
    if spelling == place:
        raise PlaceError(f"{spelling!r} is the place's own name: split its other spellings off instead")
    where = (
        conn.execute(
            "SELECT admin1, avg(lat), avg(lon) FROM events WHERE place_id = ? AND place = ? GROUP BY admin1 "
            "ORDER BY count(*) DESC LIMIT 1",
            (place, spelling),
        ).fetchone()
        or conn.execute("SELECT admin1, lat, lon FROM places WHERE name = ?", (place,)).fetchone()
    )
    conn.execute(
        "INSERT OR IGNORE INTO places (name, admin1, lat, lon, aliases) VALUES (?, ?, ?, ?, '[]')", (name, *where)
    )
    conn.execute("DELETE FROM place_spellings WHERE place = ? AND spelling = ?", (place, spelling))
    conn.execute(
        "INSERT OR REPLACE INTO place_spellings (spelling, key, place, source, pinned) VALUES (?, ?, ?, 'user', 1)",
        (spelling, skeleton(spelling), name),
    )
    _moving(conn, "place_id = ? AND place = ?", (place, spelling))
    moved = conn.execute(
        "UPDATE events SET place_id = ? WHERE place_id = ? AND place = ?", (name, place, spelling)
    ).rowcount
    _refresh(conn, [place, name])
    return moved, spelling


def _refresh(conn: sqlite3.Connection, names: list[str]) -> None:
    """The places' `aliases` and their events' search spellings, after spellings moved."""
    book = Gazetteer(conn)
    for name in names:
        place = book.places.get(name)
        if place is not None:
            others = [s for s in place.spellings if s != name]
            conn.execute("UPDATE places SET aliases = ? WHERE name = ?", (json.dumps(others, ensure_ascii=False), name))
    refresh_event_aliases(conn, book, names)


def reapply(conn: sqlite3.Connection) -> None:
    """Every decision again, in the order it was made (inside the caller's transaction): after a load."""
    latest: dict[tuple[str, str], tuple[str, str, str, str | None]] = {}
    for action, place, other, name in conn.execute(
        "SELECT action, place, other, name FROM place_decisions ORDER BY id"
    ):
        key = (place, other)
        latest.pop(key, None)  # a later word on the same two places replaces the earlier one
        latest[key] = (action, place, other, name)
    for action, place, other, name in latest.values():
        exists = conn.execute("SELECT 1 FROM places WHERE name = ?", (place,)).fetchone()
        if not exists:
            continue
        if action == "merge":
            if other != place and conn.execute("SELECT 1 FROM places WHERE name = ?", (other,)).fetchone():
                _merge(conn, place, other)
        elif conn.execute("SELECT 1 FROM place_spellings WHERE place = ? AND spelling = ?", (place, other)).fetchone():
            if other != place:
                _split(conn, place, other, name or other)
        elif conn.execute("SELECT 1 FROM places WHERE name = ?", (name or other,)).fetchone():
            _moving(conn, "place_id = ? AND place = ?", (place, other))
            conn.execute(
                "UPDATE events SET place_id = ? WHERE place_id = ? AND place = ?", (name or other, place, other)
            )
    _relink(conn)


def _moving(conn: sqlite3.Connection, where: str, args: tuple) -> None:
    """Note the events a decision is about to move to another canonical place (`_relink` takes them up)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS places_moved (id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute(f"INSERT OR IGNORE INTO temp.places_moved SELECT id FROM events WHERE {where}", args)


def _relink(conn: sqlite3.Connection) -> None:
    """Reconcile the events whose canonical place moved: their keys, and their proposed links, follow
    the user's decision (two spellings merged are one place to reconcile; a spelling split off is another)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS places_moved (id TEXT PRIMARY KEY) WITHOUT ROWID")
    if conn.execute("SELECT 1 FROM temp.places_moved LIMIT 1").fetchone():
        reconcile(conn, "temp.places_moved")
    conn.execute("DROP TABLE temp.places_moved")
