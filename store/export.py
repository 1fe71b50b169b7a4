"""Writing events back out, in the record form that `load` reads: export, load, export gives the same file.

An export writes what a `Selection` picks (every event without one), the eras that fall in its
range, and for the formats meant for readers a title and the query that made it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from frontline.store import builtin
from frontline.store.export_links import LINK_KEYS, with_links
from frontline.store.exporters import ExportInfo, html_page, ical, markdown, timelinejs
from frontline.store.formats.timelinejs import html_to_text
from frontline.store.layer_sync import export_layer, has_layer
from frontline.store.models import EVENT_FIELDS
from frontline.store.query import Timeline
from frontline.store.record import RECORD_KEYS, to_record
from frontline.store.safe_text import json_text
from frontline.store.schema import TITLES_TABLE
from frontline.store.selection import Selection

WRITERS: dict[str, Callable[..., int]] = {
    "timelinejs": timelinejs.write,
    "ical": ical.write,
    "markdown": markdown.write,
    "html": html_page.write,
}
FORMATS = ("jsonl", "csv", *WRITERS)
ERA_COLUMNS = ("id", "title", "date_start", "date_end", "precision", "summary", "sources", "dataset")
SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "timelinejs": ".json", "ical": ".ics", "markdown": ".md", "html": ".html"}


def format_for(path: Path | str) -> str | None:
    """The export format a file's extension names (`briefing.md`: markdown), or None."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt, known in SUFFIXES.items() if known == suffix), None)


def _open(timeline: Timeline | Path | str) -> Timeline:
    return timeline if isinstance(timeline, Timeline) else Timeline(timeline)


def iter_records(
    timeline: Timeline | Path | str, selection: Selection | None = None, *, layer: str | None = None,
    links: bool = False, hidden: bool = True,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """The selected events (every one without a selection) in timeline order, as records, a row at a time.

    `layer`: "apart" gives the source's values with the user's layer beside them (JSON Lines);
    "merged" the corrected values with the user's tags and note; None the events as shown. Either
    only when the user has a layer at all, so that plain files round-trip unchanged. `links` adds
    the link columns (`store.export_links`); without `hidden`, the events the user hid stay out.
    """
    timeline = _open(timeline)
    conn = timeline._conn()
    with_layer = layer is not None and has_layer(conn)
    for values in (selection or Selection()).rows(timeline, hidden=hidden):
        record = to_record(dict(zip(EVENT_FIELDS, values, strict=False)))
        if links:
            record = with_links(conn, record)
        yield export_layer(conn, record, apart=layer == "apart") if with_layer else record


def iter_eras(
    timeline: Timeline | Path | str, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """The eras that overlap [start, end] (every era without bounds), in date order, as rows of the eras table."""
    sql = (
        f"SELECT {', '.join(ERA_COLUMNS)} FROM eras WHERE (? IS NULL OR date_end >= ?) AND (? IS NULL OR date_start <= ?) "
        "ORDER BY date_start, date_end, id"
    )
    rows = _open(timeline)._conn().execute(sql, (start, start, end, end))
    return [dict(zip(ERA_COLUMNS, row, strict=False)) for row in rows]


def iter_titles(timeline: Timeline | Path | str) -> dict[str, str]:
    """The title slides kept from loaded TimelineJS files, by dataset (JSON text)."""
    return dict(_open(timeline)._conn().execute(f"SELECT dataset, slide FROM {TITLES_TABLE}").fetchall())


def dataset_titles(timeline: Timeline) -> dict[str, str]:
    """Each dataset's own title, where it has one: the built-in dataset's, and the headline of the
    title slide a loaded TimelineJS file came with."""
    found = {builtin.DATASET: builtin.TITLE}
    for dataset, slide in iter_titles(timeline).items():
        try:
            headline = json.loads(slide).get("text", {}).get("headline")
        except (ValueError, AttributeError):
            continue
        text = html_to_text(headline) if isinstance(headline, str) else None
        if text and text.strip():
            found[dataset] = " ".join(text.split())
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class RecordWriter:
    """Records written one at a time as JSON lines, CSV or TSV (a header row first for the two tables).

    The tables' columns are `keys`, and the user's tags and note where the records carry them. TSV
    has no quoting: a backslash, tab, newline or carriage return in a value is written `\\`, `\t`,
    `\n`, `\r`, so every line is one event and every tab a column break. JSON escapes a terminal's
    control characters (`store.safe_text`), the text the same."""

    def __init__(self, form: str, out: IO[str], keys: list[str] | None = None) -> None:
        if form not in ("json", "jsonl", "csv", "tsv"):
            raise ValueError(f"unknown record form {form!r}")
        self.form, self.out, self.count = form, out, 0
        self.keys = keys or list(RECORD_KEYS)
        self._csv = csv.writer(out, lineterminator="\n") if form == "csv" else None

    def write(self, record: dict[str, Any]) -> None:
        if self.count == 0 and self.form in ("csv", "tsv"):
            if "tags" in record:
                self.keys = [*self.keys, "tags", "user_note"]
            self._row(self.keys)
        self.count += 1
        if self.form in ("json", "jsonl"):
            self.out.write(json_text(record) + "\n")
        else:
            self._row([_cell(record.get(k)) for k in self.keys])

    def finish(self) -> None:
        """A table with no rows still has its header."""
        if self.count == 0 and self.form in ("csv", "tsv"):
            self._row(self.keys)

    def _row(self, cells: list[str]) -> None:
        if self._csv is not None:
            self._csv.writerow(cells)
        else:
            self.out.write("\t".join(c.translate(_TSV_ESCAPES) for c in cells) + "\n")


def _range(timeline: Timeline, selection: Selection) -> tuple[str | None, str | None]:
    """The range an export covers: the one asked for (by options or by the view's after:/before:), else
    from its first event to its last."""
    start = selection.start or selection.filters.after
    end = selection.end or selection.filters.before
    if start and end:
        return start, end
    where, args = selection.where(timeline, hidden=False)
    first, last = (
        timeline._conn().execute(f"SELECT min(date_start), max(date_end) FROM events WHERE {where}", args).fetchone()
    )
    return start or first, end or last


def export(db_path, fmt: str, out: IO[str], selection: Selection | None = None, title: str | None = None) -> int:
    """Write the selected events (every one without a selection) to `out`; returns how many."""
    timeline = Timeline(db_path)
    try:
        return write(timeline, fmt, out, selection or Selection(), title)
    finally:
        timeline.close()


def write(timeline: Timeline, fmt: str, out: IO[str], selection: Selection, title: str | None = None) -> int:
    """`export` on an open timeline (the TUI's own, from a worker thread)."""
    count = 0
    if fmt in ("jsonl", "csv"):
        # JSON Lines keeps the source's values and the user's layer apart (hidden events included, so
        # that a load reproduces the layer); CSV writes the corrected values with tags and note.
        layer = "apart" if fmt == "jsonl" else "merged"
        writer = RecordWriter(fmt, out, [*RECORD_KEYS, *LINK_KEYS])
        for record in iter_records(timeline, selection, layer=layer, links=True, hidden=fmt == "jsonl"):
            writer.write(record)
        writer.finish()
        count = writer.count
    elif fmt in WRITERS:
        start, end = _range(timeline, selection)
        named = list(timeline.summary().datasets)  # for the title of an export that chose nothing
        info = ExportInfo(title, selection.query, start, end, dataset_titles(timeline), named)
        eras = iter_eras(timeline, start, end) if selection.nodes() else iter_eras(timeline)  # all: every era
        extra = {"titles": iter_titles(timeline)} if fmt == "timelinejs" else {}
        records = iter_records(timeline, selection, layer="merged", hidden=False)
        count = WRITERS[fmt](records, out, eras, info, **extra)
    else:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return count
