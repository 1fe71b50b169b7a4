"""Ids made before they named their dataset: a reload into an older database finds its rows by them.

A row that comes without an id gets one made from its date, title, place and dataset
(`record.dataset_id`, `g…`). Before, the dataset was not part of it (`record.stable_id`, `h…`), so the
same row in two datasets was one id, and the second load was refused. Rows stored then keep their ids:
the user's edits, tags, notes, marks and links are keyed by them. So a load gives each of its made ids
the old one as well, where the dataset holds ids of that shape, and a row whose old id is already in
its dataset keeps that id: it updates the stored row rather than adding a second copy.
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

    def of(self, row: dict[str, Any]) -> str | None:
        ident, dataset = row["id"], row.get("dataset")
        if not (isinstance(ident, str) and ident.startswith("g") and len(ident) == 17):
            return None  # a file's own id, or ACLED's and UCDP's: kept as given
        if dataset not in self._holds:
            self._holds[dataset] = self.conn.execute(_OLD_SHAPE, (dataset,)).fetchone() is not None
        if not self._holds[dataset]:
            return None  # a new database, or a dataset loaded since: nothing to find
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
