"""Writing events back out, in the record form that `load` reads: export, load, export gives the same file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from frontline.store.export_links import LINK_KEYS, iter_linked_records
from frontline.store.exporters import ical, markdown, timelinejs
from frontline.store.layer_sync import export_layer, has_layer
from frontline.store.models import EVENT_FIELDS, EVENT_SELECT
from frontline.store.record import RECORD_KEYS, to_record
from frontline.store.safe_text import json_text
from frontline.store.schema import TITLES_TABLE, open_database

WRITERS = {"timelinejs": timelinejs.write, "ical": ical.write, "markdown": markdown.write}
FORMATS = ("jsonl", "csv", *WRITERS)
ERA_COLUMNS = ("id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset")


def iter_records(db_path, *, layer: str | None = None) -> Iterator[dict[str, Any]]:
    """Every event in timeline order, as records, read a row at a time.

    `layer`: "apart" gives the source's values with the user's layer beside them (JSON Lines);
    "merged" the corrected values with the user's tags and note (CSV); None the events as shown.
    Either only when the user has a layer at all, so that plain files round-trip unchanged.
    """
    db = open_database(db_path)
    try:
        with_layer = layer is not None and has_layer(db.conn)
        cursor = db.conn.execute(f"{EVENT_SELECT} ORDER BY seq")
        for values in cursor:
            record = to_record(dict(zip(EVENT_FIELDS, values, strict=False)))
            yield export_layer(db.conn, record, apart=layer == "apart") if with_layer else record
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
        for record in iter_linked_records(db_path, layer="apart"):
            out.write(json_text(record) + "\n")  # a terminal's controls escaped, the text the same
            count += 1
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        keys = [*RECORD_KEYS, *LINK_KEYS]
        for record in iter_linked_records(db_path, layer="merged"):
            if count == 0:
                keys = [*keys, "tags", "user_note"] if "tags" in record else keys
                writer.writerow(keys)
            writer.writerow([_cell(record[k]) for k in keys])
            count += 1
        if count == 0:
            writer.writerow(keys)
    elif fmt in WRITERS:
        titles = iter_titles(db_path) if fmt == "timelinejs" else None
        count = WRITERS[fmt](iter_records(db_path), out, iter_eras(db_path), **({"titles": titles} if titles else {}))
    else:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return count
