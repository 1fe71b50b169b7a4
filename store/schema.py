"""The database: its tables, its version, and the upgrades that bring an older file up to date.

The events table's rowid (`seq`) is the timeline itself: row N of the timeline is `seq = N + 1`,
one primary-key lookup. Loads keep it dense and chronological (see `store.load`), and FTS5 returns
matches in rowid order, so search results come out in timeline order without sorting.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 5
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
}
# Every column but the ordinal: what a load writes and compares.
DATA_COLUMNS = [c for c in EVENT_COLUMNS if c != "seq"]
FTS_COLUMNS = ["title", "summary", "place", "actors", "notes", "aliases"]
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


class SchemaError(Exception):
    """The file is not a frontline database this version can use."""


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (or create) a database file with the settings every frontline connection uses."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    return db


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open a database and bring its schema up to the current version."""
    try:
        db = connect(path)
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        raise database_error(path, exc) from None
    return db


def database_error(path: Path | str, exc: sqlite3.Error) -> SchemaError:
    """What went wrong with a database file, said the way a person can act on it."""
    message = str(exc)
    if isinstance(exc, sqlite3.OperationalError):
        if "unable to open" in message:
            return SchemaError(f"{path}: cannot open the database (does its folder exist, and may you write there?)")
        return SchemaError(f"{path}: {message}")
    return SchemaError(f"{path}: not a frontline database ({message})")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _path_of(db: sqlite_utils.Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"


def _check_ours(db: sqlite_utils.Database) -> None:
    app = db.execute("PRAGMA application_id").fetchone()[0]
    has_events = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    if app not in (0, APPLICATION_ID) or not has_events:
        raise SchemaError(f"{_path_of(db)}: not a frontline database")


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


def index_events(db: sqlite_utils.Database) -> None:
    """(Re)build the full-text index over the events table, with triggers that keep it current."""
    db.table("events").enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)


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


# UPGRADES[n] brings a version-n database to version n + 1.
UPGRADES = [_v0_to_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5]
