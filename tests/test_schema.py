"""The schema: versioned, WAL, upgraded in place, and refused when it is from a newer frontline."""

from __future__ import annotations

import sqlite3

import pytest

from frontline.store.query import Timeline
from frontline.store.schema import SCHEMA_VERSION, UPGRADES, SchemaError, open_database


def test_a_new_database_is_current_and_in_wal_mode(db_path):
    db = open_database(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(UPGRADES)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"events", "events_fts", "places", "eras", "buckets", "datasets", "loads"} <= set(db.table_names())
    assert {t.name for t in db["events"].triggers} >= {"events_ai", "events_ad", "events_au"}


def test_opening_a_current_database_writes_nothing(builtin_db):
    before = builtin_db.read_bytes()
    Timeline(builtin_db).count()
    open_database(builtin_db).close()
    assert builtin_db.read_bytes() == before


def test_a_database_from_a_newer_frontline_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="made by a newer frontline"):
        open_database(db_path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(SchemaError, match="not a frontline database"):
        open_database(path)


def test_a_sqlite_file_of_someone_elses_is_refused_not_taken_over(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE customers (name)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaError, match=r"not a frontline database \(it has tables of its own: customers\)"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_current_version_without_our_tables_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.close()
    with pytest.raises(SchemaError, match="not a frontline database"):
        open_database(db_path)


def test_a_missing_folder_is_said_plainly(tmp_path):
    with pytest.raises(SchemaError, match="cannot open the database"):
        open_database(tmp_path / "no" / "such" / "dir" / "f.db")


def _segments(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(DISTINCT segid) FROM events_fts_idx").fetchone()[0]
    finally:
        conn.close()


def test_an_index_left_in_segments_is_merged_once_on_upgrade(builtin_db, tmp_path):
    """A database whose loads left its full-text index in several segments (before loads merged it) is
    merged into one by the upgrade to version 8; its searches find what they found before."""
    path = tmp_path / "segments.db"
    path.write_bytes(builtin_db.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 0)")  # as a long life of loads
    for seq in (1, 2, 3, 4, 5):  # each commit writes a segment of its own
        conn.execute("UPDATE events SET title = title || ' x' WHERE seq = ?", (seq,))
        conn.commit()
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    assert _segments(path) > 1
    found = Timeline(path).search("saraqib")
    assert found is not None
    before = found.count()
    open_database(path).close()
    assert _segments(path) == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    again = Timeline(path).search("saraqib")
    assert again is not None and again.count() == before > 0
