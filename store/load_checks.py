"""What a load refuses beyond a single record: a file named twice, and an id given twice or owned by
another dataset. Each says where, in the file's own words (`unique_id`, `UID`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from frontline.store import times
from frontline.store.readers import LoadError
from frontline.store.record import stable_id
from frontline.store.safe_text import display_path
from frontline.store.schema import DATA_COLUMNS


def check_paths(paths: list[Path]) -> None:
    """Every file exists, and none is named twice (its rows would clash with themselves)."""
    for index, path in enumerate(paths):
        if not path.is_file():
            raise LoadError(path, "no such file" if not path.exists() else "not a file")
        twin = next((p for p in paths[:index] if os.path.samefile(p, path)), None)
        if twin is not None:
            raise LoadError(path, f"named twice (file {index + 1}, and before it {display_path(twin)}); load it once")


def raise_duplicate(conn: sqlite3.Connection, batch: list[tuple], id_fields: dict[str, str]) -> None:
    """Two records of one load with the same id: the second would silently replace the first. Say where."""
    at_id, at_line, at_path = DATA_COLUMNS.index("id"), len(DATA_COLUMNS), len(DATA_COLUMNS) + 1
    earlier: dict[str, tuple[int, str]] = {}  # the batch's own rows, which are no longer staged
    for row in batch:
        seen = (
            earlier.get(row[at_id])
            or conn.execute("SELECT line, path FROM temp.staging WHERE id = ?", (row[at_id],)).fetchone()
        )
        earlier.setdefault(row[at_id], (row[at_line], row[at_path]))
        if seen is not None:
            first = f"line {seen[0]}" if seen[1] == row[at_path] else f"{seen[1]}:{seen[0]}"
            field = dict(zip(DATA_COLUMNS, row, strict=False))
            when = times.when(field["date_start"], field["precision"], field["time_start"])
            if row[at_id] == stable_id(when, field["title"], field["place"]):
                same = "date and time" if field["time_start"] else "date"
                message = f"same {same}, title and place as {first}; give the rows an id column to keep both"
            else:
                message = f"{row[at_id]!r} is already used on {first}"
            raise LoadError(row[at_path], message, row[at_line], id_fields.get(row[at_path], "id"))
    raise LoadError(batch[0][at_path], "two records share an id")


def check_ids_across_datasets(conn: sqlite3.Connection) -> None:
    """An id that is already another dataset's is not this file's to overwrite (unless its ids are global)."""
    clash = conn.execute(
        "SELECT s.id, e.dataset, s.line, s.path FROM temp.staging s JOIN events e ON e.id = s.id "
        "WHERE NOT s.global_id AND s.dataset IS NOT e.dataset LIMIT 1"
    ).fetchone()
    if clash:
        ident, owner, line, path = clash
        raise LoadError(
            path,
            f"{ident!r} already belongs to dataset {owner!r} (load with --dataset {owner} to update it, "
            "or give these rows other ids)",
            line,
            "id",
        )
