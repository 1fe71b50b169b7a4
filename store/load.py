"""Loading events: every load is one transaction, all or nothing, and loading twice changes nothing.

Records stream into a temporary staging table, then merge into `events` by id: new ones are added,
changed ones updated in place, identical ones left alone. The timeline ordinal (`seq`) stays dense
and chronological: rows that all sort after the current last event are appended; anything else
rebuilds the table in order in the same transaction (and then the full-text index in one pass).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from frontline.store.formats import GLOBAL_IDS, detect, reader_for
from frontline.store.load_checks import Lenience, check_ids_across_datasets, insert_batch, write_rejects
from frontline.store.readers import Context, Item, LoadError, Tally, make_item
from frontline.store.record import ColumnMap
from frontline.store.rejects import Rejects, default_dataset
from frontline.store.schema import (
    DATA_COLUMNS,
    TIMELINE_ORDER,
    TITLES_TABLE,
    connect,
    create_event_indexes,
    create_events_table,
    database_error,
    ensure_schema,
    index_events,
    refresh_terms,
)

BATCH = 5000
ERA_COLUMNS = ["id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset"]


@dataclass
class LoadResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0  # older than the copy already stored (ACLED's `timestamp`): left as it was
    eras: int = 0
    dry_run: bool = False
    preview: list[dict[str, Any]] = field(default_factory=list)  # with a dry run: what would be new or changed
    tally: Tally = field(default_factory=Tally)
    refused: int = 0  # rows a lenient load set aside
    rejects: list[Path] = field(default_factory=list)  # where they were written

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.stale

    def line(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        text = f"{verb} {self.total:,} events: {self.new:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged"
        if self.stale:
            text += f", {self.stale:,} stale"
        text += f"; {self.eras:,} eras" if self.eras else ""
        if self.tally.merged:
            events = self.tally.rows - self.tally.merged - self.tally.replaced
            merged = self.tally.merged
            were = "row was the same event's" if merged == 1 else "rows were the same events'"
            text += f"; {self.tally.rows:,} rows → {events:,} events; {merged:,} {were} other actors"
        for note in self.tally.notes:
            text += f"; {note}"
        if self.refused:
            where = ", ".join(p.name for p in self.rejects) if self.rejects else "not written: dry run"
            text += f"; {self.refused:,} {'row' if self.refused == 1 else 'rows'} refused → {where}"
        return text


class PlaceBook:
    """The places table in memory (it is small): fills coordinates and other spellings by name."""

    def __init__(self, db: sqlite_utils.Database):
        self.by_name: dict[str, dict[str, Any]] = {}
        for row in db.query("SELECT name, admin1, lat, lon, aliases FROM places"):
            names = [row["name"], *json.loads(row["aliases"] or "[]")]
            row["names"] = names
            for name in names:
                self.by_name.setdefault(name.casefold(), row)

    def complete(self, row: dict[str, Any]) -> None:
        place = row.get("place")
        known = self.by_name.get(place.casefold()) if place else None
        if known is None:
            row["aliases"] = None
            return
        row["aliases"] = " ".join(n for n in known["names"] if n != place) or None
        if row["lat"] is None:
            row["lat"], row["lon"] = known["lat"], known["lon"]
        if row["admin1"] is None:
            row["admin1"] = known["admin1"]


def load_files(
    db_path: Path | str,
    paths: Iterable[Path | str],
    *,
    format: str | None = None,
    dataset: str | None = None,
    published: dt.date | None = None,
    dry_run: bool = False,
    progress: Callable[[Path, int], None] | None = None,
    skip_bad: bool = False,
    rejects: Path | str | None = None,
) -> LoadResult:
    """Load files into the database in one transaction. Raises `LoadError`; then nothing changed.
    With `skip_bad`, bad rows are set aside instead and written to rejects files (`store.rejects`)."""
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            raise LoadError(path, "no such file" if not path.exists() else "not a file")
    tally = Tally()
    books = [Rejects(path, Path(rejects) if rejects else None) for path in files] if skip_bad else []

    def items() -> Iterator[Item]:
        for index, path in enumerate(files):
            report = (lambda n, p=path: progress(p, n)) if progress else None
            ctx = Context(path, dataset or default_dataset(path), published or dt.date.today(), report, tally=tally)
            ctx.rejects = books[index] if skip_bad else None
            if published is not None:
                ctx.options["published"] = published  # given, not assumed: an article may date from it
            name = format or detect(path)
            for item in reader_for(path, name)(ctx):
                item.path = path
                item.global_id = name in GLOBAL_IDS
                if skip_bad:
                    item.raw = ctx.current
                yield item

    lenient = Lenience(books) if skip_bad else None
    result = load_items(db_path, items(), dry_run=dry_run, source=", ".join(map(str, files)), lenient=lenient)
    result.tally = tally
    return result


def load_records(
    db_path: Path | str, records: Iterable[dict[str, Any]], dataset: str = "test", *, dry_run: bool = False
) -> LoadResult:
    """Load record-form dicts (what `export --format jsonl` writes) directly, as the tests and the built-in data do."""
    ctx = Context(Path("<records>"), dataset, dt.date.today())
    cache: dict[tuple[str, ...], ColumnMap] = {}

    def items() -> Iterator[Item]:
        for n, record in enumerate(records, start=1):
            cols = cache.get(tuple(record)) or cache.setdefault(tuple(record), ColumnMap.from_headers(list(record)))
            yield make_item(ctx, n, record, cols)

    return load_items(db_path, items(), dry_run=dry_run, source=f"<{dataset}>")


def load_items(
    db_path: Path | str,
    items: Iterable[Item],
    *,
    dry_run: bool = False,
    source: str = "",
    lenient: Lenience | None = None,
) -> LoadResult:
    """Merge validated items into the database, all or nothing."""
    db_path = Path(db_path)
    existed = db_path.exists()
    try:
        db = connect(db_path)
        if not existed:
            db.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        raise database_error(db_path, exc) from None
    try:
        result = _merge(db, items, dry_run, source, lenient)
    except BaseException as exc:
        db.close()
        if not existed:
            _remove_database(db_path)
        if isinstance(exc, sqlite3.Error):
            raise database_error(db_path, exc) from None
        raise
    db.close()
    if dry_run and not existed:
        _remove_database(db_path)
    return result


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def _merge(
    db: sqlite_utils.Database, items: Iterable[Item], dry_run: bool, source: str, lenient: Lenience | None
) -> LoadResult:
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        # An older database is upgraded inside the load's transaction: a load that fails leaves it as it was.
        ensure_schema(db, in_transaction=True)
        result = _stage_and_merge(db, items, preview=200 if dry_run else 0, lenient=lenient)
        result.dry_run = dry_run
        if lenient is not None:
            result.refused = lenient.count
            if not dry_run:
                result.rejects = write_rejects(lenient)  # before the commit: if it cannot be written, nothing loads
        if not dry_run and (result.new or result.updated or result.eras):
            db["loads"].insert(
                {
                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "path": source,
                    "dataset": None,
                    "new": result.new,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("ROLLBACK" if dry_run else "COMMIT")
    return result


def _stage_and_merge(
    db: sqlite_utils.Database, items: Iterable[Item], preview: int = 0, lenient: Lenience | None = None
) -> LoadResult:
    conn = db.conn
    cols = ", ".join(DATA_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS temp.staging")
    conn.execute(
        f"CREATE TEMP TABLE staging ({cols}, line INTEGER, path TEXT, global_id INTEGER, raw TEXT, "
        "PRIMARY KEY (id)) WITHOUT ROWID"
    )
    places = PlaceBook(db)
    values = f"({cols}, line, path, global_id, raw) VALUES ({', '.join('?' * (len(DATA_COLUMNS) + 4))})"
    insert, replace = f"INSERT INTO temp.staging {values}", f"INSERT OR REPLACE INTO temp.staging {values}"
    batch: list[tuple] = []
    eras = 0

    def flush() -> None:
        insert_batch(conn, insert, batch, lenient)
        batch.clear()

    for item in items:
        if item.table == "eras":
            db["eras"].upsert(item.row, pk="id")
            eras += 1
            continue
        if item.table == "titles":
            for name in item.row["datasets"]:
                conn.execute(
                    f"INSERT OR REPLACE INTO {TITLES_TABLE} (dataset, slide) VALUES (?, ?)", (name, item.row["slide"])
                )
            continue
        places.complete(item.row)
        raw = json.dumps(item.raw, ensure_ascii=False) if lenient is not None and item.raw is not None else None
        row = (*(item.row.get(c) for c in DATA_COLUMNS), item.line, str(item.path or ""), int(item.global_id), raw)
        if item.supersedes:
            flush()
            conn.execute(replace, row)
            continue
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    check_ids_across_datasets(conn, lenient)
    result = _apply_staging(db, preview)
    result.eras = eras
    conn.execute("DROP TABLE temp.staging")
    return result


def _keep_newer_versions(conn: sqlite3.Connection) -> int:
    """A record that says when it last changed (ACLED's `timestamp`) never replaces a newer copy of itself."""
    stale = conn.execute(
        "SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id "
        "WHERE CAST(json_extract(e.extra, '$.timestamp') AS INTEGER) > CAST(json_extract(s.extra, '$.timestamp') AS INTEGER)"
    ).fetchone()[0]
    if stale:
        conn.execute(
            "DELETE FROM temp.staging WHERE id IN (SELECT s.id FROM temp.staging s JOIN events e ON e.id = s.id "
            "WHERE CAST(json_extract(e.extra, '$.timestamp') AS INTEGER) > "
            "CAST(json_extract(s.extra, '$.timestamp') AS INTEGER))"
        )
    return stale


def _same(a: str, b: str, columns: Iterable[str]) -> str:
    return " AND ".join(f"{a}.{c} IS {b}.{c}" for c in columns)


def _apply_staging(db: sqlite_utils.Database, preview: int = 0) -> LoadResult:
    conn = db.conn
    stale = _keep_newer_versions(conn)
    staged = conn.execute("SELECT count(*) FROM temp.staging").fetchone()[0]
    existing = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    new = conn.execute(
        "SELECT count(*) FROM temp.staging s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id)"
    ).fetchone()[0]
    unchanged = conn.execute(
        f"SELECT count(*) FROM temp.staging s JOIN events e ON e.id = s.id WHERE {_same('s', 'e', DATA_COLUMNS)}"
    ).fetchone()[0]
    result = LoadResult(new=new, updated=staged - new - unchanged, unchanged=unchanged, stale=stale)
    if preview:
        result.preview = [
            dict(
                zip(
                    ("status", "id", "date_start", "date_end", "precision", "title", "place", "time_start"),
                    row,
                    strict=False,
                )
            )
            for row in conn.execute(
                f"""SELECT CASE WHEN e.id IS NULL THEN 'new' ELSE 'updated' END, s.id, s.date_start, s.date_end,
                    s.precision, s.title, s.place, s.time_start
                FROM temp.staging s LEFT JOIN events e ON e.id = s.id
                WHERE e.id IS NULL OR NOT ({_same("s", "e", DATA_COLUMNS)})
                ORDER BY {", ".join("s." + c.strip() for c in TIMELINE_ORDER.split(","))} LIMIT ?""",
                (preview,),
            )
        ]
    if not (result.new or result.updated):
        return result
    key = ("bucket", "date_start", "time_start", "date_end", "time_end", "title")
    moved = conn.execute(
        f"SELECT 1 FROM temp.staging s JOIN events e ON e.id = s.id WHERE NOT ({_same('s', 'e', key)}) LIMIT 1"
    ).fetchone()
    if existing == 0 or moved or (new and not _new_rows_follow(conn)):
        _rebuild_in_order(db)
    else:
        assignments = ", ".join(f"{c} = s.{c}" for c in DATA_COLUMNS if c != "id")
        conn.execute(
            f"UPDATE events SET {assignments} FROM temp.staging s "
            f"WHERE s.id = events.id AND NOT ({_same('s', 'events', DATA_COLUMNS)})"
        )
        conn.execute(
            f"INSERT INTO events ({', '.join(DATA_COLUMNS)}) SELECT {', '.join(DATA_COLUMNS)} FROM temp.staging s "
            f"WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id) ORDER BY {TIMELINE_ORDER}"
        )
    refresh_buckets(db)
    refresh_terms(db)
    return result


def _new_rows_follow(conn) -> bool:
    """Do all new rows sort after the current last event, so that appending keeps the order?

    The first new row and the last event, put in timeline order: the new rows follow when the last
    event comes first (two rows never tie: their ids differ)."""
    keys = ", ".join(c.split()[0] for c in TIMELINE_ORDER.split(","))
    row = conn.execute(
        f"""
        WITH first_new AS (
            SELECT {keys}, 1 AS is_new FROM temp.staging s
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id) ORDER BY {TIMELINE_ORDER} LIMIT 1),
        last AS (SELECT {keys}, 0 AS is_new FROM events ORDER BY seq DESC LIMIT 1)
        SELECT is_new FROM (SELECT * FROM first_new UNION ALL SELECT * FROM last) ORDER BY {TIMELINE_ORDER} LIMIT 1
        """
    ).fetchone()
    return bool(row and row[0] == 0)


def _rebuild_in_order(db: sqlite_utils.Database) -> None:
    """Write events (old ones the load did not touch, plus every staged one) into a new table in timeline order."""
    conn = db.conn
    cols = ", ".join(DATA_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS events_next")
    create_events_table(db, "events_next")
    conn.execute(
        f"""
        INSERT INTO events_next (seq, {cols})
        SELECT row_number() OVER (ORDER BY {TIMELINE_ORDER}), {cols} FROM (
            SELECT {cols} FROM events WHERE id NOT IN (SELECT id FROM temp.staging)
            UNION ALL SELECT {cols} FROM temp.staging)
        """
    )
    db["events"].disable_fts()
    conn.execute("DROP TABLE events")
    conn.execute("ALTER TABLE events_next RENAME TO events")
    create_event_indexes(db)
    index_events(db)


def refresh_buckets(db: sqlite_utils.Database) -> None:
    """Summaries kept beside the events so that opening a million of them reads a few rows:
    the timeline's year and month groups (what separator rows are drawn from) and the datasets."""
    db.execute("DELETE FROM buckets")
    db.execute(
        "INSERT INTO buckets (bucket, first_seq, count, last_end) "
        "SELECT bucket, min(seq), count(*), max(date_end) FROM events GROUP BY bucket"
    )
    db.execute("DELETE FROM datasets")
    db.execute(
        "INSERT INTO datasets (name, count) SELECT dataset, count(*) FROM events "
        "WHERE dataset IS NOT NULL GROUP BY dataset"
    )
