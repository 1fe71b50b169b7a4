"""Where the user's layer meets loads and exports: its tables, the overlay a load applies, and the
layer an export carries and a load brings back.

See `store.layer` for the layer itself. A load calls `import_layer` and then `overlay_staging`
inside its transaction, on the staged rows, before they are merged into `events`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from frontline.store.record import ColumnMap, RecordError, to_record, to_row
from frontline.store.schema import EVENT_COLUMNS, TERMS_TABLE


class LayerError(ValueError):
    """A change that cannot be made: no such event, or a value a load would refuse (`field` names it)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# The fields a person can correct, in the order a form shows them, and the columns each one sets.
EDITABLE: dict[str, tuple[str, ...]] = {
    "date": ("date_start", "date_end", "precision", "bucket", "time_start", "time_end"),
    "end_date": ("date_start", "date_end", "precision", "bucket", "time_start", "time_end"),
    "title": ("title",),
    "summary": ("summary",),
    "place": ("place",),
    "admin1": ("admin1",),
    "lat": ("lat",),
    "lon": ("lon",),
    "actors": ("actors",),
    "category": ("category",),
    "fatalities": ("fatalities",),
    "displaced": ("displaced",),
    "running_total": ("running_total",),
    "sources": ("sources",),
    "notes": ("notes",),
}
LAYER_COLUMNS = ("tags", "user_note")  # on the events row, copied from the user's tables
MY_DATASET = "my events"
ROW_COLUMNS = [c for c in EVENT_COLUMNS if c not in ("seq", "aliases", *LAYER_COLUMNS)]
# What a load works out from the rest (the canonical place and actors): never a correction of its own.
DERIVED = ("place_id", "actor_keys")
EDIT_COLUMNS = [c for c in ROW_COLUMNS if c not in ("id", "dataset", "extra", *DERIVED)]


def clean_tag(text: str) -> str:
    """A tag is one word: lower case, spaces become hyphens, a leading '#' is dropped."""
    return "-".join(text.strip().lstrip("#").casefold().split())


def create_tables(conn: sqlite3.Connection) -> None:
    """The layer's tables (a schema upgrade step calls this)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS user_edits (id TEXT NOT NULL, col TEXT NOT NULL, value ANY, "
        "source_value ANY, at TEXT NOT NULL, PRIMARY KEY (id, col)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS user_tags (id TEXT NOT NULL, tag TEXT NOT NULL, at TEXT NOT NULL, "
        "PRIMARY KEY (id, tag)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS idx_user_tags_tag ON user_tags(tag)")
    conn.execute("CREATE TABLE IF NOT EXISTS user_notes (id TEXT PRIMARY KEY, note TEXT NOT NULL, at TEXT NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS user_hidden (id TEXT PRIMARY KEY, at TEXT NOT NULL)")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS history (n INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, "
        "id TEXT NOT NULL, before TEXT, after TEXT)"
    )


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def overlay_staging(conn: sqlite3.Connection, *, from_source: bool = True) -> None:
    """Inside a load: keep each staged source value under the user's correction, and put the
    user's corrections, tags and note back on the staged rows. A write of the layer itself
    (`from_source` False) stages the user's values already: only the tags and note are put back."""
    if not from_source:
        edited: list[tuple[str]] = []
    else:
        edited = conn.execute(
            "SELECT DISTINCT col FROM user_edits WHERE id IN (SELECT id FROM temp.staging)"
        ).fetchall()
    for (col,) in edited:
        if col not in ROW_COLUMNS:
            continue  # a column this version no longer has: the edit is kept, not applied
        conn.execute(
            f"UPDATE user_edits SET source_value = (SELECT s.{col} FROM temp.staging s WHERE s.id = user_edits.id) "
            "WHERE col = ? AND id IN (SELECT id FROM temp.staging)",
            (col,),
        )
        conn.execute(
            f"UPDATE temp.staging SET {col} = (SELECT u.value FROM user_edits u WHERE u.id = staging.id "
            "AND u.col = ?) WHERE id IN (SELECT id FROM user_edits WHERE col = ?)",
            (col, col),
        )
    conn.execute(
        "UPDATE temp.staging SET tags = (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM user_tags t "
        "WHERE t.id = staging.id ORDER BY tag)), user_note = (SELECT note FROM user_notes n WHERE n.id = staging.id) "
        "WHERE id IN (SELECT id FROM user_tags UNION SELECT id FROM user_notes)"
    )


def note_words(conn: sqlite3.Connection, text: str | None) -> None:
    """New words of a tag or note join the search's term table (see `schema.refresh_terms`), so a
    prefix finds them at once; the next load recounts the table exactly."""
    from frontline.store.query import words  # the index's own tokenizer

    for term in dict.fromkeys(words(text or "")):
        conn.execute(
            f"INSERT INTO {TERMS_TABLE} (term, docs) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET docs = docs + 1",
            (term,),
        )


def import_layer(conn: sqlite3.Connection) -> None:
    """Inside a load: the layer that an export carried (`layer` in JSON Lines; `tags` and `user_note`
    columns in CSV) goes back into the user's tables, and out of the staged rows' `extra`."""
    staged = conn.execute(
        f"SELECT {', '.join(ROW_COLUMNS)} FROM temp.staging WHERE extra IS NOT NULL AND "
        "(json_extract(extra, '$.layer') IS NOT NULL OR json_extract(extra, '$.tags') IS NOT NULL "
        "OR json_extract(extra, '$.user_note') IS NOT NULL)"
    ).fetchall()
    now = now_utc()
    for values in staged:
        row = dict(zip(ROW_COLUMNS, values, strict=True))
        extra = json.loads(row["extra"])
        layer = extra.pop("layer", None) or {}
        if not isinstance(layer, dict):
            raise LayerError("expected an object with edits, tags, note, hidden, marked", "layer")
        tags = layer.get("tags", extra.pop("tags", None))
        note = layer.get("note", extra.pop("user_note", None))
        ident = row["id"]
        edits = layer.get("edits") or {}
        if edits:
            if not isinstance(edits, dict) or any(f not in EDITABLE for f in edits):
                raise LayerError(f"edits: expected fields of {', '.join(EDITABLE)}", "layer")
            source = to_record(row)
            mine = {k: v for k, v in {**source, **edits}.items() if k != "extra"}
            if "date" in edits or "end_date" in edits:
                mine.pop("precision", None)
            try:
                edited = to_row(mine, ColumnMap.from_headers(list(mine)), dataset=row["dataset"])
            except RecordError as exc:
                raise LayerError(exc.message, f"layer.edits.{exc.field}") from None
            for col in EDIT_COLUMNS:
                if edited[col] != row[col]:
                    conn.execute(
                        "INSERT OR REPLACE INTO user_edits (id, col, value, source_value, at) VALUES (?, ?, ?, ?, ?)",
                        (ident, col, edited[col], row[col], now),
                    )
        if isinstance(tags, str):  # a CSV cell: a JSON list as exported, or words
            try:
                tags = json.loads(tags) if tags.lstrip().startswith("[") else tags.replace(";", " ").split()
            except ValueError:
                tags = tags.replace(";", " ").split()
        if tags:
            conn.execute("DELETE FROM user_tags WHERE id = ?", (ident,))
            conn.executemany(
                "INSERT OR IGNORE INTO user_tags (id, tag, at) VALUES (?, ?, ?)",
                [(ident, clean_tag(str(t)), now) for t in tags if clean_tag(str(t))],
            )
        if isinstance(note, str) and note.strip():
            conn.execute(
                "INSERT OR REPLACE INTO user_notes (id, note, at) VALUES (?, ?, ?)", (ident, note.strip(), now)
            )
        if layer.get("hidden"):
            conn.execute("INSERT OR IGNORE INTO user_hidden (id, at) VALUES (?, ?)", (ident, now))
        if layer.get("marked"):
            conn.execute("INSERT OR IGNORE INTO marks (id, marked_at) VALUES (?, datetime('now'))", (ident,))
        conn.execute(
            "UPDATE temp.staging SET extra = ? WHERE id = ?",
            (json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None, ident),
        )


def export_layer(conn: sqlite3.Connection, record: dict[str, Any], *, apart: bool) -> dict[str, Any]:
    """A record with the user's layer: with `apart`, the source's values and a `layer` object beside
    them (JSON Lines); else the corrected values with `tags` and `user_note` (CSV and the rest)."""
    ident = record["id"]
    tags = [r[0] for r in conn.execute("SELECT tag FROM user_tags WHERE id = ? ORDER BY tag", (ident,))]
    note_row = conn.execute("SELECT note FROM user_notes WHERE id = ?", (ident,)).fetchone()
    note = note_row[0] if note_row else None
    if not apart:
        return {**record, "tags": tags, "user_note": note}
    layer: dict[str, Any] = {}
    edits = conn.execute("SELECT col, source_value FROM user_edits WHERE id = ?", (ident,)).fetchall()
    if edits:
        cols = f"{', '.join(ROW_COLUMNS)}"
        current = dict(
            zip(ROW_COLUMNS, conn.execute(f"SELECT {cols} FROM events WHERE id = ?", (ident,)).fetchone(), strict=True)
        )
        source_row = {**current, **{col: value for col, value in edits}}
        source = to_record(source_row)
        changed = {col for col, _ in edits}
        layer["edits"] = {
            f: record[f] for f, columns in EDITABLE.items() if changed.intersection(columns) and record[f] != source[f]
        }
        record = {**record, **source, "extra": record["extra"]}  # link columns kept, values the source's
    if tags:
        layer["tags"] = tags
    if note:
        layer["note"] = note
    if conn.execute("SELECT 1 FROM user_hidden WHERE id = ?", (ident,)).fetchone():
        layer["hidden"] = True
    if conn.execute("SELECT 1 FROM marks WHERE id = ?", (ident,)).fetchone():
        layer["marked"] = True
    return {**record, "layer": layer} if layer else record


def has_layer(conn: sqlite3.Connection) -> bool:
    """Has the user corrected, tagged, annotated, hidden or marked anything at all?"""
    sql = (
        "SELECT EXISTS (SELECT 1 FROM user_edits) OR EXISTS (SELECT 1 FROM user_tags) "
        "OR EXISTS (SELECT 1 FROM user_notes) OR EXISTS (SELECT 1 FROM user_hidden) OR EXISTS (SELECT 1 FROM marks)"
    )
    return bool(conn.execute(sql).fetchone()[0])
