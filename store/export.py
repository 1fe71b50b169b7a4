"""Writing events back out, in the record form that `load` reads: export, load, export gives the same file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from frontline.store.exporters import ical, markdown, timelinejs
from frontline.store.models import EVENT_FIELDS, EVENT_SELECT
from frontline.store.record import RECORD_KEYS, to_record
from frontline.store.schema import TITLES_TABLE, open_database

WRITERS = {"timelinejs": timelinejs.write, "ical": ical.write, "markdown": markdown.write}
FORMATS = ("jsonl", "csv", *WRITERS)
ERA_COLUMNS = ("id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset")


def iter_records(db_path) -> Iterator[dict[str, Any]]:
    """Every event in timeline order, as records, read a row at a time."""
    db = open_database(db_path)
    try:
        cursor = db.conn.execute(f"{EVENT_SELECT} ORDER BY seq")
        for values in cursor:
            yield to_record(dict(zip(EVENT_FIELDS, values, strict=False)))
    finally:
        db.close()


def iter_eras(db_path) -> list[dict[str, Any]]:
    """Every era, in date order, as rows of the eras table."""
    db = open_database(db_path)
    try:
        sql = f"SELECT {', '.join(ERA_COLUMNS)} FROM eras ORDER BY date_start, date_end, id"
        return [dict(zip(ERA_COLUMNS, row, strict=False)) for row in db.conn.execute(sql)]
    finally:
        db.close()


def iter_titles(db_path) -> dict[str, str]:
    """The title slides kept from loaded TimelineJS files, by dataset (JSON text)."""
    db = open_database(db_path)
    try:
        return dict(db.conn.execute(f"SELECT dataset, slide FROM {TITLES_TABLE}").fetchall())
    finally:
        db.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def export(db_path, fmt: str, out: IO[str]) -> int:
    """Write every event to `out`; returns how many."""
    count = 0
    if fmt == "jsonl":
        for record in iter_records(db_path):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(RECORD_KEYS)
        for record in iter_records(db_path):
            writer.writerow([_cell(record[k]) for k in RECORD_KEYS])
            count += 1
    elif fmt in WRITERS:
        titles = iter_titles(db_path) if fmt == "timelinejs" else None
        count = WRITERS[fmt](iter_records(db_path), out, iter_eras(db_path), **({"titles": titles} if titles else {}))
    else:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return count
