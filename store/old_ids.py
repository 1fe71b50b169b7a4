"""Ids made before they named their dataset: a reload into an older database finds its rows by them.

A row that comes without an id gets one made from its date, title, place and dataset
(`record.dataset_id`, `g…`). Before, the dataset was not part of it (`record.stable_id`, `h…`), so the
same row in two datasets was one id, and the second load was refused. Rows stored then keep their ids:
the user's edits, tags, notes, marks and links are keyed by them. So a load gives each of its made ids
the old one as well, where the dataset holds ids of that shape, and a row whose old id is already in
its dataset keeps that id: it updates the stored row rather than adding a second copy.

Eras without an id, and ACLED's rows without `event_id_cnty` (whose made id also holds the notes), were
made the same way, and keep their old ids the same way: an era by `era_id`, an ACLED row by the old id
its reader made beside the new one (`Item.old_id`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from frontline.store import times
from frontline.store.record import dataset_id, stable_id

_OLD_SHAPE = "SELECT 1 FROM events WHERE id >= 'h' AND id < 'i' AND length(id) = 17 AND dataset IS ? LIMIT 1"


class OldIds:
    """For one load: the old id of each row whose id was made, in a dataset that may hold old ids."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._holds: dict[str | None, bool] = {}  # dataset: has ids of the old shape (a range of the id index)

    def of(self, row: dict[str, Any], old: str | None = None) -> str | None:
        """The row's old id, if its dataset may hold it; `old` is the one its reader made, if it made one."""
        ident, dataset = row["id"], row.get("dataset")
        if not (isinstance(ident, str) and ident.startswith("g") and len(ident) == 17):
            return None  # a file's own id, or ACLED's and UCDP's: kept as given
        if dataset not in self._holds:
            self._holds[dataset] = self.conn.execute(_OLD_SHAPE, (dataset,)).fetchone() is not None
        if not self._holds[dataset]:
            return None  # a new database, or a dataset loaded since: nothing to find
        if old is not None:
            return old
        when = times.when(row["date_start"], row["precision"], row.get("time_start"))
        if ident != dataset_id(when, row["title"], row.get("place"), dataset):
            return None  # a file's own id that happens to look made
        return stable_id(when, row["title"], row.get("place"))


def adopt_old_ids(conn: sqlite3.Connection) -> None:
    """Staged rows whose old id is stored in their own dataset take it (unless the new one is stored too)."""
    conn.execute(
        "UPDATE OR IGNORE temp.staging SET id = old_id WHERE old_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM events e WHERE e.id = staging.old_id AND e.dataset IS staging.dataset) "
        "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = staging.id)"
    )


def era_id(conn: sqlite3.Connection, row: dict[str, Any]) -> str:
    """The id an era is stored under: its made id, or the old one if its dataset holds the era by that."""
    ident, dataset = row["id"], row.get("dataset")
    if ident != dataset_id(row["date_start"], row["title"], None, dataset):
        return str(ident)  # the file's own id
    old = stable_id(row["date_start"], row["title"], None)
    stored = conn.execute("SELECT dataset IS ? FROM eras WHERE id = ?", (dataset, old)).fetchone()
    if stored is None or not stored[0] or conn.execute("SELECT 1 FROM eras WHERE id = ?", (ident,)).fetchone():
        return str(ident)
    return old
