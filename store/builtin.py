"""The built-in dataset, and where a user's database lives when they name none.

The data ships inside the package (`store/data/`): the events of the offensive on Maarat al-Numan
and Idlib, the places they name with coordinates and other spellings, and the named eras.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path

import platformdirs

from frontline.store.gazetteer import seed_places
from frontline.store.load import LoadResult, load_files
from frontline.store.reconcile import decide
from frontline.store.record import to_era_row
from frontline.store.schema import open_database

DATA = Path(__file__).with_name("data")
DATASET = "maarat-al-numan"
TITLE = "Maarat al-Numan and Idlib, 2011–2020"
"""The built-in dataset's own title: what a TimelineJS export or a briefing of it is called by default."""
EVENTS_FILE = DATA / "events.jsonl"
PLACES_FILE = DATA / "places.jsonl"
ERAS_FILE = DATA / "eras.jsonl"
LINKS_FILE = DATA / "links.jsonl"  # its own reports of one happening, confirmed as groups


def default_db_path() -> Path:
    """`$FRONTLINE_DB`, else `frontline.db` in the user's data directory."""
    env = os.environ.get("FRONTLINE_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("frontline", appauthor=False)) / "frontline.db"


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def seed(path: Path | str) -> LoadResult:
    """Put the built-in places, eras and events into a database (one transaction each; idempotent)."""
    db = open_database(path)
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        seed_places(db.conn, _jsonl(PLACES_FILE))
        db.table("eras").upsert_all((to_era_row(e, DATASET) for e in _jsonl(ERAS_FILE)), pk="id")
    db.close()
    result = load_files(path, [EVENTS_FILE], format="jsonl", dataset=DATASET)
    db = open_database(path)
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        for link in _jsonl(LINKS_FILE):
            decide(db.conn, link["a"], link["b"], link["status"])
    db.close()
    return result


def _remove_stale_partials(path: Path) -> None:
    """A first run killed while it built the database (kill -9, a power cut) leaves its `.partial` file and
    SQLite's -wal and -shm beside it. Its name holds its process id: once that process is gone, they go."""
    for partial in path.parent.glob(f".{glob.escape(path.name)}.*.partial*"):
        pid = partial.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            partial.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def ensure_database(path: Path | str) -> Path:
    """The database at `path`, created and filled with the built-in dataset if there is none yet.

    It is built under a name of its own and linked into place only when complete, so an
    interrupted first run never leaves a half-filled database behind, and two first runs at once
    end with one whole database (the second's copy is thrown away).
    """
    path = Path(path)
    _remove_stale_partials(path)
    if path.exists() and path.stat().st_size > 0:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    partial.unlink()  # SQLite makes it anew
    try:
        seed(partial)
        db = open_database(partial)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to move
        db.close()
        try:
            os.link(partial, path)  # fails if another process got there first: theirs is as good
        except FileExistsError:
            if path.stat().st_size == 0:  # an empty file (a crash, or a bare `sqlite3 f.db`) holds nothing
                os.replace(partial, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    return path
