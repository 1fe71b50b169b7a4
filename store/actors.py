"""Actors: one canonical name for each party to the war, whatever a source calls it.

frontline ships an alias table (`store/data/actors.jsonl`): the state forces by their ACLED name
("Military Forces of Syria (2000-)"), their UCDP name ("Government of Syria") and what the news
says ("Syrian Arab Army", "SAA"); HTS and its former names; the FSA and NLF factions; Russia,
Turkey, the SDF, ISIS. A line `{"source": ...}` names a source that sources cite as if it were an
actor (the Syrian Observatory): it is kept in the record but counted as no actor.

A user adds aliases in the same form, one JSON object a line, in `aliases.jsonl` in the user config
directory (`frontline places` prints where) or in a file given with `--aliases FILE`;
theirs win over the shipped ones. Each load writes every actor name it meets, with its canonical
actor, into `actor_names`; `actor:` and the facets read that table, so they count by canonical actor.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from frontline.store.schema import index_untouched

ACTORS_FILE = Path(__file__).with_name("data") / "actors.jsonl"
SCHEMA = "CREATE TABLE IF NOT EXISTS actor_names (name TEXT PRIMARY KEY, actor TEXT NOT NULL) WITHOUT ROWID"
_MARKS = re.compile("['’‘`´ʼʻʿʾ]")
_SEPARATORS = re.compile(r"[^\w]+")


class AliasError(ValueError):
    """An alias file that cannot be read: names the file, the line and the field."""


def fold(name: str) -> str:
    """Hayat Tahrir al-Sham, Hayat Tahrir al Sham and Hay'at Tahrir al-Sham give one key."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_SEPARATORS.sub(" ", _MARKS.sub("", text)).split())


def user_aliases_path() -> Path:
    """Where a user's own alias file is read from when there is one."""
    return Path(platformdirs.user_config_dir("frontline", appauthor=False)) / "aliases.jsonl"


def read_aliases(path: Path) -> dict[str, str]:
    """An alias file as {folded alias: canonical actor ('' for a source)}; a bad line is an `AliasError`."""
    table: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AliasError(f"{path}: cannot read the alias file ({exc})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AliasError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(entry, dict):
            raise AliasError(f'{path}:{number}: expected a JSON object like {{"actor": ..., "aliases": [...]}}')
        name = entry.get("actor", entry.get("source"))
        if not isinstance(name, str) or not name.strip():
            raise AliasError(f"{path}:{number}: actor: expected the canonical name as text")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise AliasError(f"{path}:{number}: aliases: expected a list of names")
        canonical = "" if "actor" not in entry else name.strip()
        for alias in [name, *aliases]:
            table[fold(alias)] = canonical
    return table


class ActorBook:
    """Canonical actors: the shipped table, then the user's file, then any files given (later ones win)."""

    def __init__(self, files: Iterable[Path] = (), *, user_file: bool = True):
        self.keys_cache: dict[str, str | None] = {}  # an events row's actors -> its actor_keys
        self.table = read_aliases(ACTORS_FILE)
        user = user_aliases_path()
        if user_file and user.is_file():
            self.table.update(read_aliases(user))
        for path in files:
            self.table.update(read_aliases(Path(path)))

    def canonical(self, name: str) -> str:
        """The canonical actor of a name; '' when the name is a source rather than an actor."""
        return self.table.get(fold(name), name)


def actor_keys(book: ActorBook, actors: str | list | None) -> str | None:
    """The canonical actors of an event's actors (a JSON list, or the list), once each, sources left out."""
    if isinstance(actors, str):
        if actors not in book.keys_cache:
            book.keys_cache[actors] = actor_keys(book, json.loads(actors))
        return book.keys_cache[actors]
    names = actors
    if not isinstance(names, list):
        return None
    keys = list(dict.fromkeys(k for k in (book.canonical(n) for n in names if isinstance(n, str)) if k))
    return json.dumps(keys, ensure_ascii=False) if keys else None


def _recompute(conn: sqlite3.Connection, book: ActorBook, where: str = "1", args: Iterable[str] = ()) -> None:
    """Write `events.actor_keys` again, in one pass (SQLite calls back for each row's actors)."""

    def keys(actors: str | None) -> str | None:
        return None if actors is None else actor_keys(book, actors)

    conn.create_function("frontline_actor_keys", 1, keys, deterministic=True)
    with index_untouched(conn):
        conn.execute(
            f"UPDATE events SET actor_keys = frontline_actor_keys(actors) WHERE ({where}) "
            "AND actor_keys IS NOT frontline_actor_keys(actors)",
            tuple(args),
        )


def create_tables(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA)
    if "actor_keys" not in {r[1] for r in conn.execute("PRAGMA table_info(events)")}:
        conn.execute("ALTER TABLE events ADD COLUMN actor_keys TEXT")
    book = ActorBook(user_file=False)
    record_names(conn, book, _stored_names(conn))
    _recompute(conn, book)


def _stored_names(conn: sqlite3.Connection) -> list[str]:
    sql = "SELECT DISTINCT a.value FROM events, json_each(events.actors) a WHERE json_valid(events.actors)"
    return [r[0] for r in conn.execute(sql) if isinstance(r[0], str)]


def record_names(conn: sqlite3.Connection, book: ActorBook, names: Iterable[str]) -> None:
    """Write each name's canonical actor, and re-read the names already known (an alias file may have changed):
    the events that name an actor whose canonical one changed get their `actor_keys` again."""
    known = dict(conn.execute("SELECT name, actor FROM actor_names").fetchall())
    rows = {name: book.canonical(name) for name in [*known, *names]}
    conn.executemany("INSERT OR REPLACE INTO actor_names (name, actor) VALUES (?, ?)", rows.items())
    changed = [name for name, actor in known.items() if rows[name] != actor]
    for start in range(0, len(changed), 500):
        part = changed[start : start + 500]
        where = f"EXISTS (SELECT 1 FROM json_each(events.actors) j WHERE j.value IN ({', '.join('?' * len(part))}))"
        _recompute(conn, book, where, part)


def staged_names(conn: sqlite3.Connection, table: str = "temp.staging") -> list[str]:
    sql = f"SELECT DISTINCT a.value FROM {table} s, json_each(s.actors) a WHERE json_valid(s.actors)"
    return [r[0] for r in conn.execute(sql) if isinstance(r[0], str)]


def canonical_of(conn: sqlite3.Connection, name: str, book: ActorBook | None = None) -> str:
    """What a typed actor stands for: as the stored names say, else as the alias table says."""
    row = conn.execute("SELECT actor FROM actor_names WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    if row is not None and row[0]:
        return row[0]
    return (book or _shipped()).canonical(name) or name


_BOOK: ActorBook | None = None


def _shipped() -> ActorBook:
    global _BOOK
    if _BOOK is None:
        _BOOK = ActorBook()
    return _BOOK
