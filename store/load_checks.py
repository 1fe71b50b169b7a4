"""The checks a load makes across records (ids given twice, ids another dataset owns), strict or lenient.

A strict load stops at the first such record with one line naming it. A lenient load (`--skip-bad`)
sets the record aside in its file's `Rejects`, with the row as the file had it, and goes on.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from frontline.store import times
from frontline.store.readers import Item, LoadError
from frontline.store.record import MADE_FROM, dataset_id
from frontline.store.rejects import Rejects
from frontline.store.safe_text import display_path
from frontline.store.schema import DATA_COLUMNS

# a staging row is the events columns, then: line, path, global_id, raw (the row as its file had it, as JSON),
# old_id (`store.old_ids`), made_id (the reader made the id: the file gave none)
AT_ID = DATA_COLUMNS.index("id")
AT_LINE, AT_PATH, AT_GLOBAL, AT_RAW, AT_OLD, AT_MADE = range(len(DATA_COLUMNS), len(DATA_COLUMNS) + 6)


class IdFields:
    """For the errors about ids, by the path of each file of a load: what the file calls its id
    (`unique_id`, `UID`), and what the ids its reader made for rows without one are made from."""

    def __init__(self) -> None:
        self.given: dict[str, str] = {}
        self.made: dict[str, str] = {}

    def learn(self, path: str, item: Item) -> None:
        if path not in self.given:
            self.given[path] = item.id_field
        if item.made_from is not None and path not in self.made:
            self.made[path] = item.made_from

    def field(self, path: str, made: bool) -> str:
        """The field an error about a row's id names: its id column, or what its made id came from."""
        return self.made.get(path, MADE_FROM) if made else self.given.get(path, "id")


class Lenience:
    """The rejects of a lenient load, by the path of the file each row came from."""

    def __init__(self, books: list[Rejects]):
        self.books = {display_path(book.source): book for book in books}  # as LoadError names them

    def refuse(self, error: LoadError, raw: str | None) -> None:
        book = self.books.get(error.path)
        if book is None:  # not from a file (records handed over directly): nothing to set aside to
            raise error
        book.add(error, json.loads(raw) if raw else None)

    @property
    def count(self) -> int:
        return sum(len(book.refusals) for book in self.books.values())


def check_paths(paths: list[Path]) -> None:
    """Every file exists, and none is named twice (its rows would clash with themselves)."""
    for index, path in enumerate(paths):
        if not path.is_file():
            raise LoadError(path, "no such file" if not path.exists() else "not a file")
        twin = next((p for p in paths[:index] if os.path.samefile(p, path)), None)
        if twin is not None:
            raise LoadError(path, f"named twice (file {index + 1}, and before it {display_path(twin)}); load it once")


def insert_batch(
    conn: sqlite3.Connection, sql: str, batch: list[tuple], lenient: Lenience | None, id_fields: IdFields
) -> None:
    """Stage a batch of rows; an id given twice is refused (strict) or set aside (lenient)."""
    conn.execute("SAVEPOINT batch")  # undone on a duplicate: two records on one line are still told apart
    try:
        conn.executemany(sql, batch)
        return
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO batch")
        if lenient is None:
            raise duplicate_error(conn, batch, id_fields) from None
    finally:
        conn.execute("RELEASE batch")
    for row in batch:  # lenient: one at a time, so that only the repeated ids are set aside
        try:
            conn.execute(sql, row)
        except sqlite3.IntegrityError:
            lenient.refuse(duplicate_error(conn, [row], id_fields), row[AT_RAW])


def duplicate_error(conn: sqlite3.Connection, batch: list[tuple], id_fields: IdFields) -> LoadError:
    """Two records of one load with the same id: the second would silently replace the first. Say where."""
    earlier: dict[str, tuple[int, str]] = {}  # the batch's own rows, which are not staged
    for row in batch:
        seen = (
            earlier.get(row[AT_ID])
            or conn.execute("SELECT line, path FROM temp.staging WHERE id = ?", (row[AT_ID],)).fetchone()
        )
        earlier.setdefault(row[AT_ID], (row[AT_LINE], row[AT_PATH]))
        if seen is not None:
            first = f"line {seen[0]}" if seen[1] == row[AT_PATH] else f"{seen[1]}:{seen[0]}"
            field = dict(zip(DATA_COLUMNS, row, strict=False))
            when = times.when(field["date_start"], field["precision"], field["time_start"])
            name = id_fields.field(row[AT_PATH], bool(row[AT_MADE]))
            if row[AT_ID] == dataset_id(when, field["title"], field["place"], field["dataset"]):
                name = "date and time, title and place" if field["time_start"] else MADE_FROM
                message = f"the same as {first}; give the rows an id column to keep both"
            elif row[AT_MADE]:
                message = f"the same as {first} (both made the id {row[AT_ID]!r}); give the rows ids to keep both"
            else:
                message = f"{row[AT_ID]!r} is already used on {first}"
            return LoadError(row[AT_PATH], message, row[AT_LINE], name)
    return LoadError(batch[0][AT_PATH], "two records share an id")


def check_ids_across_datasets(conn: sqlite3.Connection, lenient: Lenience | None, id_fields: IdFields) -> None:
    """An id that is already another dataset's is not this file's to overwrite (unless its ids are global).
    The error names the file's id column, or, for an id made for a row without one, what it was made from."""
    clashes: list[Any] = conn.execute(
        "SELECT s.id, e.dataset, s.line, s.path, s.raw, s.made_id FROM temp.staging s JOIN events e ON e.id = s.id "
        "WHERE NOT s.global_id AND s.dataset IS NOT e.dataset ORDER BY s.path, s.line"
    ).fetchall()
    for ident, owner, line, path, raw, made in clashes:
        if made:  # a made id names its dataset, so the owner's file gave it as an id: a copy of these rows
            # (an export loaded without its dataset column); --dataset would make other ids and add a copy
            message = (
                f"the id made from them ({ident!r}) already belongs to dataset {owner!r}, whose file gave it "
                "as its id (a copy of these rows?); give these rows ids of their own to keep both"
            )
        else:
            message = (
                f"{ident!r} already belongs to dataset {owner!r} (load with --dataset {owner} to update it, "
                "or give these rows other ids)"
            )
        error = LoadError(path, message, line, id_fields.field(path, bool(made)))
        if lenient is None:
            raise error
        lenient.refuse(error, raw)
        conn.execute("DELETE FROM temp.staging WHERE id = ?", (ident,))


def write_rejects(lenient: Lenience) -> list[Path]:
    """Write each input's refused rows; inputs sent to one `--rejects` path must have the same columns."""
    by_path: dict[Path, list[Rejects]] = {}
    for book in lenient.books.values():
        if book.refusals:
            by_path.setdefault(book.path, []).append(book)
    for target, books in by_path.items():
        if any(not books[0].same_shape(other) for other in books[1:]):
            raise LoadError(target, "--rejects: the files' rows have different columns; leave --rejects out "
                            "to write a rejects file beside each")  # fmt: skip
        if any(target.resolve() == book.source.resolve() for book in lenient.books.values()):
            raise LoadError(target, "--rejects names one of the files being loaded")
        books[0].write(books[1:])
    return list(by_path)
