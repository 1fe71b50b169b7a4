"""Ids made before they named their dataset: a reload into an older database finds its rows by them.

A row that comes without an id gets one made from its date, title, place and dataset
(`record.dataset_id`, `g…`). Before, the dataset was not part of it (`record.stable_id`, `h…`), so the
same row in two datasets was one id, and the second load was refused. Rows stored then keep their ids:
the user's edits, tags, notes, marks and links are keyed by them. So a load gives each of its made ids
the old one as well, where the dataset holds ids of that shape, and a row whose old id is already in
its dataset keeps that id: it updates the stored row rather than adding a second copy.

Eras without an id, and ACLED's rows without `event_id_cnty` (whose made id also holds the notes), were
made the same way, and keep their old ids the same way: an era by `era_id`, an ACLED row by the old id
its reader made beside the new one (`Item.old_id`). So do TimelineJS slides without `unique_id`
(`tl-…`) and an article's sentences (`art-…`), whose ids are their readers' own: their new ids have
the shape of their old ones, so a dataset that holds any id of that shape may hold old ones.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from frontline.store import times
from frontline.store.record import dataset_id, stable_id

# an id of the shape (prefix and length) of a given one in the dataset: a range of the id index
_SHAPE = "SELECT 1 FROM events WHERE id >= ? AND id < ? AND length(id) = ? AND dataset IS ? LIMIT 1"


class OldIds:
    """For one load: the old id of each row whose id was made, in a dataset that may hold old ids."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._holds: dict[tuple[str | None, str, int], bool] = {}  # (dataset, prefix, length): has such ids

    def _may_hold(self, dataset: str | None, old: str) -> bool:
        """Whether the dataset has ids of the old id's shape: `h` and 17 long, `tl-` or `art-` and 16 more."""
        prefix = old[: len(old) - 16]
        shape = (dataset, prefix, len(old))
        if shape not in self._holds:
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first id past those that start with `prefix`
            found = self.conn.execute(_SHAPE, (prefix, after, len(old), dataset)).fetchone()
            self._holds[shape] = found is not None
        return self._holds[shape]

    def of(self, row: dict[str, Any], old: str | None = None) -> str | None:
        """The row's old id, if its dataset may hold it; `old` is the one its reader made, if it made one."""
        ident, dataset = row["id"], row.get("dataset")
        if old is not None:  # its reader made both ids (ACLED's, a slide's, a sentence's)
            return old if self._may_hold(dataset, old) else None
        if not (isinstance(ident, str) and ident.startswith("g") and len(ident) == 17):
            return None  # a file's own id, or ACLED's and UCDP's: kept as given
        if not self._may_hold(dataset, "h" + "0" * 16):
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
