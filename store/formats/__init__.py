"""The formats frontline reads, by name, and how a file's format is told from its name and first bytes.

A `.csv` (or `.tsv`) is told apart by its header: ACLED has `event_id_cnty`; UCDP GED has `date_prec`,
`where_description` and `side_a`; a TimelineJS sheet has `Year`, `Month` and `Headline`; anything
else is a generic CSV. A `.json` holding an array is a generic JSON, one object a line is JSON Lines,
and any other object is TimelineJS. `.ics` is iCalendar and `.txt`/`.md` an article. `--format`
overrides all of this.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from frontline.store.csvshape import first_line, sniff_delimiter
from frontline.store.formats.acled import read_acled
from frontline.store.formats.article import read_article
from frontline.store.formats.ical import read_ical
from frontline.store.formats.timelinejs import read_timelinejs
from frontline.store.formats.ucdp import read_ucdp
from frontline.store.readers import Context, Item, LoadError, read_csv, read_json, read_jsonl

Reader = Callable[[Context], Iterator[Item]]

READERS: dict[str, Reader] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "json": read_json,
    "acled": read_acled,
    "ucdp": read_ucdp,
    "timelinejs": read_timelinejs,
    "ical": read_ical,
    "article": read_article,
}

EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".ics": "ical", ".ical": "ical",
    ".ifb": "ical", ".txt": "article", ".md": "article", ".markdown": "article",
}  # fmt: skip
_SKIP = b"\xef\xbb\xbf \t\r\n"


def csv_flavour(head: bytes, suffix: str = "") -> str:
    """Which CSV this is, from its header row (split by its own delimiter: `,` `;` tab or `|`)."""
    first = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    try:
        headers = next(csv.reader(io.StringIO(first), delimiter=sniff_delimiter(first_line(first), suffix)), [])
    except csv.Error:
        return "csv"
    names = {" ".join(h.split("(")[0].split()).lower() for h in headers}
    if "event_id_cnty" in names:
        return "acled"
    if {"date_prec", "where_description", "side_a"} <= names:
        return "ucdp"
    if {"year", "month", "headline"} <= names:
        return "timelinejs"
    return "csv"


def object_flavour(head: bytes) -> str:
    """A file that opens with `{`: one JSON object a line (JSON Lines), or one TimelineJS document."""
    first = head.lstrip(_SKIP).split(b"\n", 1)[0]
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return "timelinejs"
    # A TimelineJS document on one line, even one with a title slide and no events (which its reader refuses
    # as such): its keys are the document's own, none a record's.
    document = (
        isinstance(obj, dict) and bool(obj) and set(obj) <= {"events", "title", "eras", "scale"}
        and isinstance(obj.get("title", {}), dict)
    )  # fmt: skip
    return "timelinejs" if isinstance(obj, dict) and ("events" in obj or document) else "jsonl"


def detect(path: Path) -> str:
    """The format of a file: by its extension and first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    by_name = EXTENSIONS.get(path.suffix.lower())
    if by_name == "csv":
        return csv_flavour(head, path.suffix)
    if by_name == "json":
        return object_flavour(head) if head.lstrip(_SKIP).startswith(b"{") else "json"
    if by_name:
        return by_name
    start = head.lstrip(_SKIP)
    if start[:15].upper() == b"BEGIN:VCALENDAR":
        return "ical"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        return object_flavour(start)
    if any(d in start.split(b"\n", 1)[0] for d in (b",", b";", b"\t")):
        return csv_flavour(start)
    raise LoadError(path, f"cannot tell the format; name it with --format ({', '.join(sorted(READERS))})")


# Formats whose ids are the same event wherever the file came from (ACLED's event_id_cnty, UCDP's id):
# a later file may update them whatever its dataset is called.
GLOBAL_IDS = {"acled", "ucdp"}


def reader_for(path: Path, name: str | None) -> Reader:
    if name is None:
        name = detect(path)
    try:
        return READERS[name]
    except KeyError:
        raise LoadError(path, f"unknown format {name!r} (known: {', '.join(sorted(READERS))})") from None
