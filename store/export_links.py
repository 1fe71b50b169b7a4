"""Link decisions in exports, and the reconciled export: one row per happening, every source's figure.

JSON Lines and CSV carry two columns beside the record form: `link_group` (the group an event is in)
and `link_decisions` (the links a person confirmed or rejected: the other event's id, the decision,
when). A load keeps them in `extra` and `reconcile.apply_decisions` takes the decisions up again, so
export, load, export gives the same file and the decisions travel with the data.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from typing import IO, Any

from frontline.store.layer_sync import export_layer, has_layer
from frontline.store.models import EVENT_FIELDS, EVENT_SELECT
from frontline.store.record import to_record
from frontline.store.safe_text import json_text
from frontline.store.schema import open_database

LINK_KEYS = ("link_group", "link_decisions")
RECONCILED_COLUMNS = [
    "happening", "reports", "date_start", "date_end", "title", "place", "category", "datasets", "ids",
    "fatalities", "fatalities_by_source", "displaced", "displaced_by_source", "running_total",
]  # fmt: skip


def decisions_of(conn: sqlite3.Connection, ident: str) -> tuple[str | None, list[dict[str, Any]]]:
    """An event's group and the decided links (confirmed or rejected) it is in."""
    row = conn.execute("SELECT grp FROM link_groups WHERE id = ?", (ident,)).fetchone()
    decided = [
        {"id": b if a == ident else a, "status": status, "decided_at": at}
        for a, b, status, at in conn.execute(
            "SELECT a, b, status, decided_at FROM links WHERE (a = ? OR b = ?) AND status <> 'proposed' ORDER BY a, b",
            (ident, ident),
        )
    ]
    return (row[0] if row else None), decided


def with_links(conn: sqlite3.Connection, record: dict[str, Any]) -> dict[str, Any]:
    """A record with its link columns, written fresh from the links table (never from a stale copy in extra)."""
    extra = {k: v for k, v in record["extra"].items() if k not in LINK_KEYS}
    group, decided = decisions_of(conn, record["id"])
    return {**record, "extra": extra, "link_group": group, "link_decisions": decided}


def iter_linked_records(db_path, *, layer: str | None = None) -> Iterator[dict[str, Any]]:
    """Every event in timeline order, as records with their link columns (and the user's layer:
    `layer` as in `store.export.iter_records`)."""
    db = open_database(db_path)
    try:
        with_layer = layer is not None and has_layer(db.conn)
        reader = db.conn.cursor()
        for values in reader.execute(f"{EVENT_SELECT} ORDER BY seq"):
            record = with_links(db.conn, to_record(dict(zip(EVENT_FIELDS, values, strict=False))))
            yield export_layer(db.conn, record, apart=layer == "apart") if with_layer else record
    finally:
        db.close()


def _range(values: list[int]) -> int | str | None:
    if not values:
        return None
    low, high = min(values), max(values)
    return low if low == high else f"{low}–{high}"


def _by_source(records: list[dict[str, Any]], key: str) -> str:
    return "; ".join(f"{r['dataset'] or '?'} {r['id']}: {r[key]}" for r in records if r[key] is not None)


def happening(records: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """One happening from its reports: the widest dates, the first report's words, every source's figures."""
    first = records[0]

    def figures(key: str) -> list[int]:
        return [r[key] for r in records if r[key] is not None]

    return {
        "happening": name,
        "reports": len(records),
        "date_start": min(r["date"] for r in records),
        "date_end": max(r["end_date"] or r["date"] for r in records),
        "title": first["title"],
        "place": first["place"],
        "category": first["category"],
        "datasets": sorted({r["dataset"] or "" for r in records}),
        "ids": [r["id"] for r in records],
        "fatalities": _range(figures("fatalities")),
        "fatalities_by_source": _by_source(records, "fatalities"),
        "displaced": _range(figures("displaced")),
        "displaced_by_source": _by_source(records, "displaced"),
        "running_total": any(r["running_total"] for r in records),  # the figures are tallies to date
    }


def iter_happenings(db_path, where: tuple[str, list[Any]] = ("1", [])) -> Iterator[dict[str, Any]]:
    """One row per happening in timeline order: a confirmed group once (where its first report is), else
    the event. `where` (a condition on `events` and its arguments) chooses the reports; a group chosen
    by one of its reports comes whole."""
    db = open_database(db_path)
    conn = db.conn
    done: set[str] = set()
    try:
        rows = conn.cursor().execute(
            f"SELECT e.*, g.grp FROM ({EVENT_SELECT} WHERE {where[0]}) e "
            "LEFT JOIN link_groups g ON g.id = e.id ORDER BY e.seq",
            where[1],
        )
        for values in rows:
            record = to_record(dict(zip(EVENT_FIELDS, values[:-1], strict=False)))
            group = values[-1]
            if group is None:
                yield happening([record], record["id"])
            elif group not in done:
                done.add(group)
                members = conn.execute(
                    f"{EVENT_SELECT} WHERE id IN (SELECT id FROM link_groups WHERE grp = ?) ORDER BY seq", (group,)
                )
                yield happening([to_record(dict(zip(EVENT_FIELDS, m, strict=False))) for m in members], group)
    finally:
        db.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else ""
    return str(value)


def export_reconciled(db_path, fmt: str, out: IO[str], where: tuple[str, list[Any]] = ("1", [])) -> int:
    """Write one row per happening (JSON Lines or CSV), of the reports `where` chooses; returns how many."""
    count = 0
    writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writerow(RECONCILED_COLUMNS)
    for row in iter_happenings(db_path, where):
        if writer is not None:
            writer.writerow([_cell(row[c]) for c in RECONCILED_COLUMNS])
        else:
            out.write(json_text(row) + "\n")
        count += 1
    return count
