"""The summaries kept beside the events (moved out of `store.load`, which had outgrown its room)."""

from __future__ import annotations

import sqlite_utils


def refresh_buckets(db: sqlite_utils.Database) -> None:
    """Summaries kept beside the events so that opening a million of them reads a few rows:
    the timeline's year and month groups (what separator rows are drawn from) and the datasets."""
    db.execute("DELETE FROM buckets")
    db.execute(
        "INSERT INTO buckets (bucket, first_seq, count, last_end) "
        "SELECT bucket, min(seq), count(*), max(date_end) FROM events GROUP BY bucket"
    )
    db.execute("DELETE FROM datasets")
    db.execute(
        "INSERT INTO datasets (name, count) SELECT dataset, count(*) FROM events "
        "WHERE dataset IS NOT NULL GROUP BY dataset"
    )
