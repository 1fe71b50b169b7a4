"""The analyst's own layer: corrections, tags, notes and hidden events, kept apart from what the sources said.

What a load brought and what the user decided live in separate tables. `events` holds what the
timeline shows: the source's values with the user's corrections on top. `user_edits` keeps, for
every corrected column, the user's value and the source's value underneath it. A later load of
the same source writes its new values under the user's (`overlay_staging`, called inside the
load's transaction), so no reload loses a correction and a correction can always be reverted to
what the source now says.

Tags and the user's note are copied onto the event's own row (`events.tags`, `events.user_note`)
so that the full-text index finds them and the timeline reads them with the row; the tables here
are what they are copied from, and a load puts them back on the rows it rewrites.

Every change is written to `history` with its time, before and after, so `frontline history`
can show it and the app can undo and redo it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.store.canon import Names
from frontline.store.layer_sync import (
    EDIT_COLUMNS,
    EDITABLE,
    MY_DATASET,
    ROW_COLUMNS,
    LayerError,
    clean_tag,
    note_words,
    now_utc,
)
from frontline.store.old_ids import OldIds
from frontline.store.readers import Item, LoadError
from frontline.store.record import ColumnMap, RecordError, to_record, to_row
from frontline.store.schema import connect, database_error, ensure_schema


@dataclass(frozen=True)
class Change:
    """One entry of the history: what was done to which event, and the state before and after."""

    n: int
    at: str
    action: str
    id: str
    before: Any
    after: Any


class Layer:
    """The user's layer of one database: every change in its own transaction, written to history."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.db = connect(self.path)
            ensure_schema(self.db)
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        self.conn = self.db.conn

    def close(self) -> None:
        self.conn.close()

    # -- reading -------------------------------------------------------------------------------

    def _row(self, ident: str) -> dict[str, Any]:
        cursor = self.conn.execute(f"SELECT {', '.join(ROW_COLUMNS)} FROM events WHERE id = ?", (ident,))
        row = cursor.fetchone()
        if row is None:
            raise LayerError(f"no event with id {ident!r}", "id")
        return dict(zip(ROW_COLUMNS, row, strict=True))

    def record(self, ident: str) -> dict[str, Any]:
        """The event as the timeline shows it (corrections applied), in record form."""
        return to_record(self._row(ident))

    def corrections(self, ident: str) -> dict[str, tuple[Any, Any]]:
        """Each corrected field: (the user's value, the source's value), in record form."""
        rows = self.conn.execute("SELECT col, value, source_value FROM user_edits WHERE id = ?", (ident,)).fetchall()
        if not rows:
            return {}
        current = self._row(ident)
        source = dict(current)
        for col, _value, source_value in rows:
            source[col] = source_value
        mine, theirs = to_record(current), to_record(source)
        cols = {col for col, _, _ in rows}
        return {
            field: (mine[field], theirs[field])
            for field, columns in EDITABLE.items()
            if cols.intersection(columns) and mine[field] != theirs[field]
        }

    def tags(self, ident: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT tag FROM user_tags WHERE id = ? ORDER BY tag", (ident,))]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of events, most used first (what completion offers)."""
        sql = "SELECT tag, count(*) FROM user_tags GROUP BY tag ORDER BY count(*) DESC, tag"
        return [(r[0], r[1]) for r in self.conn.execute(sql)]

    def note(self, ident: str) -> str | None:
        row = self.conn.execute("SELECT note FROM user_notes WHERE id = ?", (ident,)).fetchone()
        return row[0] if row else None

    def is_hidden(self, ident: str) -> bool:
        return self.conn.execute("SELECT 1 FROM user_hidden WHERE id = ?", (ident,)).fetchone() is not None

    def history(self, limit: int | None = None, ident: str | None = None) -> list[Change]:
        """The changes, newest first."""
        sql = "SELECT n, at, action, id, before, after FROM history"
        args: list[Any] = []
        if ident is not None:
            sql += " WHERE id = ?"
            args.append(ident)
        sql += " ORDER BY n DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [
            Change(n, at, action, i, json.loads(b) if b else None, json.loads(a) if a else None)
            for n, at, action, i, b, a in self.conn.execute(sql, args)
        ]

    # -- writing -------------------------------------------------------------------------------

    def _write(self, action: str, ident: str, before: Any, after: Any) -> int:
        cursor = self.conn.execute(
            "INSERT INTO history (at, action, id, before, after) VALUES (?, ?, ?, ?, ?)",
            (now_utc(), action, ident, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)),
        )
        return int(cursor.lastrowid or 0)

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.path)

    def validate(self, ident: str | None, values: Mapping[str, Any], dataset: str | None = None) -> dict[str, Any]:
        """The events row these form values make, validated exactly as a load validates a record.

        `values` are record-form fields as a person typed them ("19 Dec 2019", "HTS; SAA", "12").
        For an existing event they change only the fields given; a new date without a precision
        takes the precision of what was written.
        """
        unknown = [f for f in values if f not in EDITABLE]
        if unknown:
            raise LayerError(f"not a field that can be edited (fields: {', '.join(EDITABLE)})", unknown[0])
        record: dict[str, Any] = {} if ident is None else self.record(ident)
        if ident is None:
            record["dataset"] = dataset or MY_DATASET
        record.update(values)
        if (
            ident is not None
            and "place" in values
            and not {"lat", "lon"} & set(values)
            and self._has_point(values["place"])
        ):
            record["lat"] = record["lon"] = None  # the old point was the old place's: the gazetteer gives the new one's
        if "date" in values or "end_date" in values:
            record.pop("precision", None)  # the written date says how precise it is
        if ident is not None:
            record["id"] = ident
        record = {k: v for k, v in record.items() if k != "extra" or v}
        try:
            row = to_row(record, ColumnMap.from_headers(list(record)), dataset=record.get("dataset"))
        except RecordError as exc:
            raise LayerError(exc.message, exc.field) from None
        if ident is None:
            row["extra"] = json.dumps({"added_by": "you"})
        return row

    def _has_point(self, place: Any) -> bool:
        """Does the gazetteer know where a typed place is? If not, a corrected spelling keeps the point
        the event had: a spelling fix never costs the source's coordinates."""
        if not isinstance(place, str) or not place.strip():
            return False
        ids = Names(self.conn).place_ids(place)
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT 1 FROM places WHERE name IN ({marks}) AND lat IS NOT NULL LIMIT 1"
        return bool(ids) and self.conn.execute(sql, ids).fetchone() is not None

    def edit(self, ident: str, values: Mapping[str, Any]) -> int | None:
        """Correct fields of an event; returns the history entry, or None when nothing changed."""
        row = self.validate(ident, values)
        with self._transaction():
            current = self._row(ident)
            changed = {c: row[c] for c in EDIT_COLUMNS if row[c] != current[c]}
            if not changed:
                return None
            before = {c: current[c] for c in changed}
            self._set_columns(ident, changed)
            return self._write("edit", ident, before, changed)

    def revert(self, ident: str, field: str) -> int | None:
        """Put a corrected field back to what the source says."""
        columns = EDITABLE.get(field)
        if columns is None:
            raise LayerError(f"not a field that can be edited (fields: {', '.join(EDITABLE)})", field)
        with self._transaction():
            current = self._row(ident)
            rows = self.conn.execute(
                f"SELECT col, source_value FROM user_edits WHERE id = ? AND col IN ({', '.join('?' * len(columns))})",
                (ident, *columns),
            ).fetchall()
            if not rows:
                return None
            after = {col: source for col, source in rows}
            before = {col: current[col] for col in after}
            self._set_columns(ident, after)
            return self._write("revert", ident, before, after)

    def add(self, values: Mapping[str, Any], dataset: str | None = None) -> str:
        """A new event of the user's own (in "my events" unless another dataset is named); returns its id."""
        row = self.validate(None, values, dataset)
        with self._transaction():
            for ident in (row["id"], OldIds(self.conn).of(row)):  # the id it had before ids named the dataset
                if ident and self.conn.execute("SELECT 1 FROM events WHERE id = ?", (ident,)).fetchone():
                    raise LayerError(f"an event with id {ident!r} is already there", "id")
            _merge_rows(self.db, [row])
            self._write("add", row["id"], None, to_record(row))
        return str(row["id"])

    def _set_columns(self, ident: str, values: Mapping[str, Any]) -> None:
        """Inside a transaction: record each column's value in the layer and rewrite the event."""
        current = self._row(ident)
        for col, value in values.items():
            edit = self.conn.execute(
                "SELECT source_value FROM user_edits WHERE id = ? AND col = ?", (ident, col)
            ).fetchone()
            if edit is None:
                if value != current[col]:
                    self.conn.execute(
                        "INSERT INTO user_edits (id, col, value, source_value, at) VALUES (?, ?, ?, ?, ?)",
                        (ident, col, value, current[col], now_utc()),
                    )
            elif value == edit[0]:
                self.conn.execute("DELETE FROM user_edits WHERE id = ? AND col = ?", (ident, col))
            else:
                self.conn.execute(
                    "UPDATE user_edits SET value = ?, at = ? WHERE id = ? AND col = ?", (value, now_utc(), ident, col)
                )
        _merge_rows(self.db, [{**current, **values}])

    def set_tags(self, ident: str, tags: Iterable[str], action: str = "tag") -> int | None:
        """Make an event's tags exactly these; returns the history entry, or None when nothing changed."""
        wanted = sorted({clean_tag(t) for t in tags} - {""})
        with self._transaction():
            self._row(ident)
            before = self.tags(ident)
            if before == wanted:
                return None
            self.conn.execute("DELETE FROM user_tags WHERE id = ?", (ident,))
            self.conn.executemany(
                "INSERT INTO user_tags (id, tag, at) VALUES (?, ?, ?)", [(ident, t, now_utc()) for t in wanted]
            )
            self.conn.execute("UPDATE events SET tags = ? WHERE id = ?", (" ".join(wanted) or None, ident))
            note_words(self.conn, " ".join(wanted))
            return self._write(action, ident, before, wanted)

    def add_tags(self, ident: str, tags: Iterable[str]) -> int | None:
        return self.set_tags(ident, [*self.tags(ident), *tags])

    def remove_tags(self, ident: str, tags: Iterable[str]) -> int | None:
        gone = {clean_tag(t) for t in tags}
        return self.set_tags(ident, [t for t in self.tags(ident) if t not in gone], action="untag")

    def set_note(self, ident: str, text: str | None) -> int | None:
        """The user's own note on an event (None or blank removes it)."""
        note = (text or "").strip() or None
        with self._transaction():
            self._row(ident)
            before = self.note(ident)
            if before == note:
                return None
            if note is None:
                self.conn.execute("DELETE FROM user_notes WHERE id = ?", (ident,))
            else:
                self.conn.execute(
                    "INSERT INTO user_notes (id, note, at) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET note = excluded.note, at = excluded.at",
                    (ident, note, now_utc()),
                )
            self.conn.execute("UPDATE events SET user_note = ? WHERE id = ?", (note, ident))
            note_words(self.conn, note)
            return self._write("note", ident, before, note)

    def set_hidden(self, ident: str, hidden: bool) -> int | None:
        """Hide an event from the timeline (it is kept, and can be shown again), or restore it."""
        with self._transaction():
            self._row(ident)
            before = self.is_hidden(ident)
            if before == hidden:
                return None
            if hidden:
                self.conn.execute("INSERT INTO user_hidden (id, at) VALUES (?, ?)", (ident, now_utc()))
            else:
                self.conn.execute("DELETE FROM user_hidden WHERE id = ?", (ident,))
            return self._write("hide" if hidden else "restore", ident, before, hidden)

    def set_marked(self, ident: str, marked: bool) -> int | None:
        with self._transaction():
            self._row(ident)
            before = self.conn.execute("SELECT 1 FROM marks WHERE id = ?", (ident,)).fetchone() is not None
            if before == marked:
                return None
            if marked:
                self.conn.execute("INSERT INTO marks (id, marked_at) VALUES (?, datetime('now'))", (ident,))
            else:
                self.conn.execute("DELETE FROM marks WHERE id = ?", (ident,))
            return self._write("mark" if marked else "unmark", ident, before, marked)

    # -- undo ----------------------------------------------------------------------------------

    def undo(self, n: int) -> Change:
        """Put back the state before history entry `n` (itself written to history as an undo)."""
        return self._replay(n, back=True)

    def redo(self, n: int) -> Change:
        """Do history entry `n` again."""
        return self._replay(n, back=False)

    def _replay(self, n: int, *, back: bool) -> Change:
        row = self.conn.execute("SELECT n, at, action, id, before, after FROM history WHERE n = ?", (n,)).fetchone()
        if row is None:
            raise LayerError(f"no change number {n}")
        change = Change(row[0], row[1], row[2], row[3], json.loads(row[4] or "null"), json.loads(row[5] or "null"))
        state = change.before if back else change.after
        ident = change.id
        if change.action in ("edit", "revert"):
            with self._transaction():
                self._set_columns(ident, state)
                self._write(f"{'undo' if back else 'redo'} {change.action}", ident, None, state)
        elif change.action in ("tag", "untag"):
            self.set_tags(ident, state, action="undo tag" if back else "redo tag")
        elif change.action == "note":
            self.set_note(ident, state)
        elif change.action in ("hide", "restore"):
            self.set_hidden(ident, bool(state))
        elif change.action in ("mark", "unmark"):
            self.set_marked(ident, bool(state))
        elif change.action == "add":
            self.set_hidden(ident, back)  # an added event is hidden on undo, never destroyed
        else:
            raise LayerError(f"change {n} ({change.action}) cannot be undone")
        return change


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error, with SQLite errors said as a database's."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn, self.path, self.depth = conn, path, 0

    def __enter__(self) -> _Transaction:
        if self.conn.in_transaction:
            return self  # a nested step of a change already under way
        self.depth = 1
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise database_error(self.path, exc) from None
        return self

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if not self.depth:
            return
        if exc is None:
            self.conn.execute("COMMIT")
            return
        self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, LoadError):
            raise database_error(self.path, exc) from None


def _merge_rows(db: Any, rows: list[dict[str, Any]]) -> None:
    """Write whole events rows through the load's merge (order, full-text index, groups), in the caller's transaction."""
    from frontline.store.load import merge_items  # the load imports this module for its overlay

    merge_items(db, [Item(0, {c: r.get(c) for c in ROW_COLUMNS}) for r in rows])
