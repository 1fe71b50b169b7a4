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
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from frontline.store.actors import ActorBook, actor_keys
from frontline.store.formats import GLOBAL_IDS, detect, reader_for
from frontline.store.gazetteer import PlaceBook
from frontline.store.layer_sync import import_layer, overlay_staging
from frontline.store.live import DatabaseBusy, begin_write
from frontline.store.load_checks import (
    IdFields,
    Lenience,
    check_ids_across_datasets,
    check_paths,
    insert_batch,
    write_rejects,
)
from frontline.store.load_names import categorize, keep_datasets, learn_names
from frontline.store.merge import LoadResult, _apply_staging
from frontline.store.old_ids import OldIds, adopt_old_ids, era_id
from frontline.store.place_decisions import reapply as reapply_place_decisions
from frontline.store.readers import Context, Item, Tally, make_item
from frontline.store.record import ColumnMap
from frontline.store.rejects import Rejects, default_dataset
from frontline.store.safe_text import display_path
from frontline.store.schema import (
    DATA_COLUMNS,
    TITLES_TABLE,
    connect,
    database_error,
    ensure_schema,
    remove_database,
)

BATCH = 5000
ERA_COLUMNS = ["id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset"]


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
    aliases: Iterable[Path] = (),
    phase: Callable[[str], None] | None = None,
) -> LoadResult:
    """Load files into the database in one transaction. Raises `LoadError`; then nothing changed.
    With `skip_bad`, bad rows are set aside instead and written to rejects files (`store.rejects`).
    `progress` hears the bytes read of each file; `phase` hears "merging" and "indexing" after them."""
    files = [Path(p) for p in paths]
    check_paths(files)
    tally = Tally()
    books = [Rejects(path, Path(rejects) if rejects else None) for path in files] if skip_bad else []

    def items() -> Iterator[Item]:
        for index, path in enumerate(files):
            report = (lambda n, p=path: progress(p, n)) if progress else None
            name = dataset or display_path(default_dataset(path))  # a name that is not UTF-8 shows its bytes
            ctx = Context(path, name, published or dt.date.today(), report, tally=tally)
            ctx.rejects = books[index] if skip_bad else None
            if published is not None:
                ctx.options["published"] = published  # given, not assumed: an article may date from it
            name = format or detect(path)
            for item in reader_for(path, name)(ctx):
                item.path = path
                item.global_id = name in GLOBAL_IDS and item.old_id is None  # a made id is its dataset's
                item.names_places = name == "article"
                if skip_bad:
                    item.raw = ctx.current
                yield item

    actors = ActorBook(aliases)  # read before the load begins: a bad alias file changes nothing
    lenient = Lenience(books) if skip_bad else None
    result = load_items(
        db_path,
        items(),
        dry_run=dry_run,
        source=", ".join(map(display_path, files)),
        lenient=lenient,
        actors=actors,
        phase=phase,
    )
    result.tally = tally
    return result


LOAD_CACHE_KIB = -262_144  # 256 MB at most, for the load's one transaction (see `_merge`)


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
    actors: ActorBook | None = None,
    phase: Callable[[str], None] | None = None,
) -> LoadResult:
    """Merge validated items into the database, all or nothing."""
    db_path = Path(db_path)
    existed = db_path.exists()
    try:
        db = connect(db_path)
        if not existed:  # the empty schema first, so that readers of the new file find tables, not a lock
            db.execute("PRAGMA journal_mode = WAL")
            ensure_schema(db)
    except sqlite3.Error as exc:
        raise database_error(db_path, exc) from None
    try:
        result = _merge(db, items, dry_run, source, lenient, actors or ActorBook(), phase)
    except BaseException as exc:
        db.close()
        if not existed and not isinstance(exc, DatabaseBusy):  # busy: the file is the other writer's
            remove_database(db_path)
        if isinstance(exc, sqlite3.Error):
            raise database_error(db_path, exc) from None
        raise
    db.close()
    if dry_run and not existed:
        remove_database(db_path)
    return result


def _merge(
    db: sqlite_utils.Database,
    items: Iterable[Item],
    dry_run: bool,
    source: str,
    lenient: Lenience | None,
    actors: ActorBook,
    phase: Callable[[str], None] | None = None,
) -> LoadResult:
    conn = db.conn
    begin_write(conn)  # another load running: wait for it
    # One transaction writes every page of a big load, and more than once (the staging table, the events
    # in order, their indexes, the full-text index): with SQLite's 2 MB cache it spills pages to the WAL
    # as it goes and reads them back. A bigger cache keeps more of them: at a million events the work after
    # reading took 30.9 s instead of 32.3 s (the full-text index 8.0 s instead of 10.1 s).
    conn.execute(f"PRAGMA cache_size = {LOAD_CACHE_KIB}")
    try:
        # An older database is upgraded inside the load's transaction: a load that fails leaves it as it was.
        ensure_schema(db, in_transaction=True)
        result = _stage_and_merge(db, items, actors, preview=200 if dry_run else 0, lenient=lenient, phase=phase)
        result.dry_run = dry_run
        if lenient is not None:
            result.refused = lenient.count
            if not dry_run:
                result.rejects = write_rejects(lenient)  # before the commit: if it cannot be written, nothing loads
        if not dry_run and (result.new or result.updated or result.eras):
            db.table("loads").insert(
                {
                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "path": source,
                    "dataset": None,
                    "new": result.new,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
    except BaseException:
        # SQLite may have ended the transaction itself (a full disk does): a second ROLLBACK would
        # raise "no transaction is active" in place of the error that says what happened.
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    return result


def _stage_and_merge(
    db: sqlite_utils.Database,
    items: Iterable[Item],
    actors: ActorBook,
    preview: int = 0,
    lenient: Lenience | None = None,
    phase: Callable[[str], None] | None = None,
    *,
    from_source: bool = True,
) -> LoadResult:
    conn = db.conn
    cols = ", ".join(DATA_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS temp.staging")
    conn.execute(
        f"CREATE TEMP TABLE staging ({cols}, line INTEGER, path TEXT, global_id INTEGER, raw TEXT, old_id TEXT, "
        "made_id INTEGER, PRIMARY KEY (id)) WITHOUT ROWID"
    )
    places, old_ids = PlaceBook(db.conn), OldIds(conn) if from_source else None
    values = (
        f"({cols}, line, path, global_id, raw, old_id, made_id) VALUES ({', '.join('?' * (len(DATA_COLUMNS) + 6))})"
    )
    insert, replace = f"INSERT INTO temp.staging {values}", f"INSERT OR REPLACE INTO temp.staging {values}"
    batch: list[tuple] = []
    eras = 0
    id_fields = IdFields()  # by path: what the file calls its id, and what its made ids are made from

    def flush() -> None:
        insert_batch(conn, insert, batch, lenient, id_fields)
        batch.clear()

    for item in items:
        if item.table == "eras":
            db.table("eras").upsert({**item.row, "id": era_id(conn, item.row)}, pk="id")
            eras += 1
            continue
        if item.table == "titles":
            for name in item.row["datasets"]:
                conn.execute(
                    f"INSERT OR REPLACE INTO {TITLES_TABLE} (dataset, slide) VALUES (?, ?)", (name, item.row["slide"])
                )
            continue
        if item.names_places:
            places.name_places(item.row)
        categorize(item.row)
        item.row["actor_keys"] = actor_keys(actors, item.row.get("actors"))
        places.complete(item.row, item.row.get("dataset"))
        raw = json.dumps(item.raw, ensure_ascii=False) if lenient is not None and item.raw is not None else None
        path = display_path(item.path or "")
        id_fields.learn(path, item)
        old = old_ids.of(item.row, item.old_id) if old_ids is not None and not item.global_id else None
        row = (
            *(item.row.get(c) for c in DATA_COLUMNS),
            item.line,
            path,
            int(item.global_id),
            raw,
            old,
            item.made_from is not None,
        )
        if item.supersedes:
            flush()
            conn.execute(replace, row)
            continue
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    # A row read before its place's coordinates turned up later in the same load gets them now, as a
    # second load of the file would: so loading the file again changes nothing.
    conn.execute(
        "UPDATE temp.staging SET (lat, lon) = (SELECT p.lat, p.lon FROM places p WHERE p.name = staging.place_id) "
        "WHERE lat IS NULL AND place_id IN (SELECT name FROM places WHERE lat IS NOT NULL)"
    )
    adopt_old_ids(conn)  # before anything keyed by id: the user's layer, the merge
    learn_names(conn, places.gazetteer, actors)
    keep_datasets(conn)
    if phase is not None:
        phase("merging")
    check_ids_across_datasets(conn, lenient, id_fields)
    if from_source:
        import_layer(conn)
    overlay_staging(conn, from_source=from_source)
    result = _apply_staging(db, preview, phase)
    reapply_place_decisions(conn)
    result.eras = eras
    conn.execute("DROP TABLE temp.staging")
    return result


def merge_items(db: sqlite_utils.Database, items: Iterable[Item]) -> LoadResult:
    """Merge already-validated rows inside the caller's transaction (the user's layer writes this way)."""
    return _stage_and_merge(db, items, ActorBook(), from_source=False)
