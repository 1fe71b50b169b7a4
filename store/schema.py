"""The database: its tables, its version, and the upgrades that bring an older file up to date.

The events table's rowid (`seq`) is the timeline itself: row N of the timeline is `seq = N + 1`,
one primary-key lookup. Loads keep it dense and chronological (see `store.load`), and FTS5 returns
matches in rowid order, so search results come out in timeline order without sorting.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from frontline.store.live import BUSY_TIMEOUT_MS
from frontline.store.merges import GatedConnection

SCHEMA_VERSION = 8
APPLICATION_ID = 0x466C6E65  # "Flne": marks the file as frontline's (PRAGMA application_id)

# The order of the timeline. `bucket` is 'YYYY' for year-precision events and 'YYYY-MM' otherwise,
# so a year's undated-within-the-year events come before its months and every bucket is contiguous.
# Within a day, events known only to the day come first (a NULL `time_start` sorts first), then by time.
TIMELINE_ORDER = "bucket, date_start, time_start, date_end DESC, time_end DESC, title, id"

EVENT_COLUMNS: dict[str, type] = {
    "seq": int,
    "id": str,
    "date_start": str,
    "date_end": str,
    "precision": str,
    "bucket": str,
    "title": str,
    "summary": str,
    "place": str,
    "admin1": str,
    "lat": float,
    "lon": float,
    "actors": str,  # JSON list of names
    "category": str,
    "fatalities": int,
    "displaced": int,
    "running_total": int,  # 1 when the figures are cumulative tallies, never to be summed
    "sources": str,  # JSON list of {"name", "url"}
    "notes": str,
    "dataset": str,
    "extra": str,  # JSON object: the columns we do not model
    "aliases": str,  # other spellings of the place, so search finds it by any of them
    "time_start": str,  # 'HH:MM[:SS[.fff]][offset]' when precision is 'time' (see store.times)
    "time_end": str,  # the end's time of day, when the source gives one
    "place_id": str,  # the canonical place (`places.name`, see store.gazetteer); `place` keeps the source's spelling
    "actor_keys": str,  # JSON list: the canonical actors of `actors` (store.actors), what `actor:` and facets count
    "tags": str,  # the user's tags, space-separated (copied from user_tags by store.layer)
    "user_note": str,  # the user's own note (copied from user_notes by store.layer)
}
# Every column but the ordinal: what a load writes and compares.
DATA_COLUMNS = [c for c in EVENT_COLUMNS if c != "seq"]
FTS_COLUMNS = ["title", "summary", "place", "actors", "notes", "aliases", "tags", "user_note"]
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


class SchemaError(Exception):
    """The file is not a frontline database this version can use."""


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (or create) a database file with the settings every frontline connection uses."""
    read_only = _read_only_uri(path)
    conn = sqlite3.connect(
        read_only or str(path), isolation_level=None, check_same_thread=True, uri=bool(read_only),
        factory=GatedConnection,
    )  # fmt: skip
    db = sqlite_utils.Database(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return db


def remove_database(path: Path | str) -> None:
    """Delete a database file and its WAL and shared-memory files (a new file whose load failed)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open a database and bring its schema up to the current version."""
    try:
        db = connect(path)
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        raise database_error(path, exc) from None
    return db


def _read_only_uri(path: Path | str) -> str | None:
    """A URI that opens an existing database read-only where it cannot be written (read-only media, a
    folder or file of someone else's): every read still works. With the folder read-only SQLite cannot
    make its -shm file either, so the file is opened as immutable (nobody can be changing it there)."""
    path = Path(path)
    if str(path) == ":memory:" or not path.is_file():
        return None
    folder = os.access(path.parent, os.W_OK)
    if folder and os.access(path, os.W_OK):
        return None
    return f"file:{urllib.request.pathname2url(str(path.resolve()))}?mode=ro" + ("" if folder else "&immutable=1")


def database_error(path: Path | str, exc: sqlite3.Error) -> SchemaError:
    """What went wrong with a database file, said the way a person can act on it."""
    message = str(exc)
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in message:
        return SchemaError(f"{path}: disk full: nothing was written, the database is as it was; free some space")
    if "readonly database" in message:
        return SchemaError(
            f"{path}: read-only here (read-only media, or no permission to write): it can be read, not changed"
        )
    if isinstance(exc, sqlite3.OperationalError):
        if "unable to open" in message:
            return SchemaError(f"{path}: cannot open the database (does its folder exist, and may you write there?)")
        return SchemaError(f"{path}: {message}")
    return SchemaError(f"{path}: not a frontline database ({message})")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _path_of(db: sqlite_utils.Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"


_OURS_SINCE_V1 = ("events", "events_fts", "buckets", "datasets", "places", "eras", "loads")
_CORE_COLUMNS = ("seq", "id", "date_start", "date_end", "precision", "bucket", "title", "summary", "dataset")


def _check_ours(db: sqlite_utils.Database) -> None:
    """A file that says it is ours (a user_version we know) has our tables and our events columns.

    Another program's file may carry user_version 2 or 3 by chance: refused here as foreign, rather
    than failing later with "no such column: seq" or "no such fts5 table"."""
    app = db.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _OURS_SINCE_V1 if t not in tables]
    if app not in (0, APPLICATION_ID) or "events" not in tables:
        raise SchemaError(f"{_path_of(db)}: not a frontline database")
    columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
    missing += [f"events.{c}" for c in _CORE_COLUMNS if c not in columns]
    if missing:
        raise SchemaError(f"{_path_of(db)}: not a frontline database (it has no {', '.join(missing[:4])})")


def _refuse_foreign(db: sqlite_utils.Database, version: int) -> None:
    if version == 0:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:
            raise SchemaError(
                f"{_path_of(db)}: not a frontline database (it has tables of its own: {', '.join(tables[:5])})"
            )
    elif version < SCHEMA_VERSION:
        _check_ours(db)


def ensure_schema(db: sqlite_utils.Database, *, in_transaction: bool = False) -> None:
    """Create or upgrade the schema. Writes nothing when the file is already current.

    `in_transaction`: the caller holds a write transaction (a load), so that an upgrade is undone
    with everything else when the load fails.
    """
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{_path_of(db)}: made by a newer frontline (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    if version == SCHEMA_VERSION:
        _check_ours(db)
        return
    if not in_transaction:
        _refuse_foreign(db, version)  # before anything is written, WAL mode included
        if version == 0 and db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(db)  # again, under the write lock: another process may have upgraded it
        _refuse_foreign(db, version)
        for step in range(version, SCHEMA_VERSION):
            UPGRADES[step](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        if not in_transaction:
            db.execute("ROLLBACK")
        raise
    if not in_transaction:
        db.execute("COMMIT")


def create_events_table(db: sqlite_utils.Database, name: str = "events") -> None:
    """The events table; its indexes come from `create_event_indexes` (after a bulk insert, they build faster)."""
    db.table(name).create(
        EVENT_COLUMNS, pk="seq", not_null={"id", "date_start", "date_end", "precision", "bucket", "title"}
    )


def create_event_indexes(db: sqlite_utils.Database) -> None:
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_events_id ON events(id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_bucket ON events(bucket)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_date ON events(date_start)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_category ON events(category)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_place ON events(place_id)")


@contextlib.contextmanager
def index_untouched(conn: sqlite3.Connection) -> Iterator[None]:
    """Update columns the search index does not hold (`place_id`, `actor_keys`) without its update trigger,
    which would rewrite every updated row's index entry for nothing. Inside the caller's transaction."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_au'").fetchone()
    if row:
        conn.execute('DROP TRIGGER "events_au"')
    try:
        yield
    finally:
        if row:
            conn.execute(row[0])


def index_events(db: sqlite_utils.Database) -> None:
    """(Re)build the full-text index over the events table, with triggers that keep it current."""
    db.table("events").enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    merge_index(db)


def merge_index(db: sqlite_utils.Database) -> None:
    """Merge the full-text index into one segment. A bulk insert leaves it in dozens, and FTS5 reads every
    word from each of them: merged, a search's lookups read a tenth of the pages (at a million events the
    first match of a letter came in 2 ms instead of 20, holding 2.5 MB instead of 12). About 3 s at a million."""
    if db["events_fts"].exists():
        db.execute("INSERT INTO events_fts (events_fts) VALUES ('optimize')")


def _v0_to_v1(db: sqlite_utils.Database) -> None:
    create_events_table(db)
    create_event_indexes(db)
    index_events(db)
    db.table("buckets").create({"bucket": str, "first_seq": int, "count": int, "last_end": str}, pk="bucket")
    db.table("datasets").create({"name": str, "count": int}, pk="name")
    db.table("places").create({"name": str, "admin1": str, "lat": float, "lon": float, "aliases": str}, pk="name")
    db.table("eras").create(
        {
            "id": str,
            "title": str,
            "date_start": str,
            "date_end": str,
            "precision": str,
            "summary": str,
            "sources": str,
            "dataset": str,
        },
        pk="id",
    )
    db.table("loads").create(
        {"id": int, "at": str, "path": str, "dataset": str, "new": int, "updated": int, "unchanged": int},
        pk="id",
    )


def _v1_to_v2(db: sqlite_utils.Database) -> None:
    # Marks are kept by event id, so they survive the reordering of a load.
    db.table("marks").create({"id": str, "marked_at": str}, pk="id")


TERMS_TABLE = "events_fts_terms"


def refresh_terms(db: sqlite_utils.Database) -> None:
    """The words of the full-text index, each with the number of events that hold it.

    FTS5 answers a prefix query ("forc"*) by merging the whole doclist of every word with that
    prefix before it returns a single row: 30-100 ms for a common word in a million events, for
    every next match and every page. `store.query` looks the prefix up here and asks for the words
    themselves ("forces" OR "forced"), which FTS5 walks in rowid order and stops at the limit.
    Rebuilt after every load that changes events (about a second for a million events).
    """
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.events_fts_vocab")
    conn.execute("CREATE VIRTUAL TABLE temp.events_fts_vocab USING fts5vocab(main, events_fts, row)")
    conn.execute(f"DELETE FROM {TERMS_TABLE}")
    conn.execute(f"INSERT INTO {TERMS_TABLE} (term, docs) SELECT term, doc FROM temp.events_fts_vocab")
    conn.execute("DROP TABLE temp.events_fts_vocab")


def _v2_to_v3(db: sqlite_utils.Database) -> None:
    # IF NOT EXISTS: databases loaded by a development build between versions 2 and 3 have it already
    db.execute(f"CREATE TABLE IF NOT EXISTS {TERMS_TABLE} (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")
    refresh_terms(db)


TITLES_TABLE = "dataset_titles"


def create_titles_table(db: sqlite_utils.Database) -> None:
    """A loaded file's own title slide (TimelineJS), kept with its dataset and written back on export."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {TITLES_TABLE} (dataset TEXT PRIMARY KEY, slide TEXT NOT NULL)")


def _v3_to_v4(db: sqlite_utils.Database) -> None:
    # Times of day (store.times) beside the days, and the title slides of loaded timelines.
    have = {row[1] for row in db.execute("PRAGMA table_info(events)")}
    for column in ("time_start", "time_end"):
        if column not in have:
            db.execute(f"ALTER TABLE events ADD COLUMN {column} TEXT")
    create_titles_table(db)


def _v4_to_v5(db: sqlite_utils.Database) -> None:
    # Reconcile: links between reports of one happening, kept by event id, and the keys that find them.
    from frontline.store.reconcile import create_tables

    create_tables(db.conn)


def _v5_to_v6(db: sqlite_utils.Database) -> None:
    # One picture across datasets: canonical places with every spelling met, actor names with their
    # canonical actor, and each event's canonical place (resolved here for events loaded before).
    from frontline.store import actors, gazetteer

    gazetteer.create_tables(db.conn)
    actors.create_tables(db.conn)


def _user_layer(db: sqlite_utils.Database) -> None:
    """The analyst's own layer (store.layer): corrections, tags, notes, hidden events, history."""
    from frontline.store.layer_sync import create_tables

    create_tables(db.conn)
    have = {c.name for c in db.table("events").columns}
    for column in ("tags", "user_note"):
        if column not in have:
            db.execute(f"ALTER TABLE events ADD COLUMN {column} TEXT")
    index_events(db)  # the index now covers the user's tags and notes
    refresh_terms(db)


def _merged_index(db: sqlite_utils.Database) -> None:
    """Databases indexed before a load merged its index afterwards: merged once, on upgrade."""
    merge_index(db)


# UPGRADES[n] brings a version-n database to version n + 1.
UPGRADES = [_v0_to_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5, _v5_to_v6, _user_layer, _merged_index]
