"""The formats frontline reads, by name, and how a file's format is told from its name and first bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from store.readers import Context, Item, LoadError, read_csv, read_json, read_jsonl

Reader = Callable[[Context], Iterator[Item]]

READERS: dict[str, Reader] = {
    "csv": read_csv,
    "jsonl": read_jsonl,
    "json": read_json,
}

EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}


def detect(path: Path) -> str:
    """The format of a file: by its extension, else by its first bytes."""
    by_name = EXTENSIONS.get(path.suffix.lower())
    if by_name:
        return by_name
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        return "jsonl"
    if b"," in head.split(b"\n", 1)[0]:
        return "csv"
    raise LoadError(path, f"cannot tell the format; name it with --format ({', '.join(sorted(READERS))})")


def reader_for(path: Path, name: str | None) -> Reader:
    if name is None:
        name = detect(path)
    try:
        return READERS[name]
    except KeyError:
        raise LoadError(path, f"unknown format {name!r} (known: {', '.join(sorted(READERS))})") from None
