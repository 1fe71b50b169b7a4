"""What a load makes canonical while it stages rows: categories, place spellings, actor names, datasets.

Kept apart from `store.load` (the transaction and the merge) so each stays a room of its own.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from frontline.store.actors import ActorBook, record_names, staged_names
from frontline.store.categories import canonical as canonical_category
from frontline.store.gazetteer import Gazetteer, refresh_event_aliases


def categorize(row: dict[str, Any]) -> None:
    """The row's category as one of frontline's ("Battles" is battle); the term the source used stays in `extra`."""
    term = row.get("category")
    kind = canonical_category(term)
    if kind == term:
        return
    row["category"] = kind
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    if "source_category" not in extra and term and kind and term.casefold() != kind:
        extra["source_category"] = term
        row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)


def learn_names(conn: sqlite3.Connection, gazetteer: Gazetteer, actors: ActorBook) -> None:
    """What this load taught: new spellings go into the search index of every event of their place; actor names
    are written with their canonical actor."""
    gazetteer.save_aliases()
    if gazetteer.changed:
        conn.execute("CREATE INDEX IF NOT EXISTS temp.staging_place ON staging(place_id)")
        refresh_event_aliases(conn, gazetteer, gazetteer.changed, "temp.staging")
        refresh_event_aliases(conn, gazetteer, gazetteer.changed, "events")
    record_names(conn, actors, staged_names(conn))


def keep_datasets(conn: sqlite3.Connection) -> None:
    """A global id (ACLED's, UCDP's) names one event wherever it comes from: a reload under another file name
    keeps the event in the dataset it already belongs to."""
    conn.execute(
        "UPDATE temp.staging SET dataset = (SELECT e.dataset FROM events e WHERE e.id = staging.id) "
        "WHERE global_id AND EXISTS (SELECT 1 FROM events e WHERE e.id = staging.id AND e.dataset IS NOT staging.dataset)"
    )
