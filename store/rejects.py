"""The rows a lenient load (`--skip-bad`) refused, written back in the input's own format to fix and load again.

A CSV's rejects are a CSV with the original header (and delimiter, and byte-order mark) followed by
`rejected_line`, `rejected_field` and `rejected_reason`; JSON Lines and JSON arrays give JSON Lines
objects with the same three keys added. Every reader ignores those columns, so the fixed file loads
as it is. Formats that are not one record a row (TimelineJS, iCalendar, articles) get one error a line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.store.csvshape import REJECT_COLUMNS
from frontline.store.readers import LoadError


def default_dataset(path: Path) -> str:
    """A file's dataset is its name; a rejects file, fixed and loaded again, joins the dataset of its input."""
    name = path.stem
    while name.endswith(".rejects"):
        name = name[: -len(".rejects")]
    return name or path.stem


@dataclass
class Refusal:
    line: int
    field: str | None
    reason: str
    raw: Any  # CSV: the row's values; JSON Lines: the line's text; JSON: the element


class Rejects:
    """What one input file had refused, and where it goes (beside the input unless a path is given)."""

    def __init__(self, source: Path, target: Path | None = None):
        self.source, self.target = source, target
        self.kind = "text"
        self.headers: list[str] = []
        self.delimiter = ","
        self.refusals: list[Refusal] = []

    def shape_csv(self, headers: list[str], delimiter: str) -> None:
        self.kind, self.headers, self.delimiter = "csv", list(headers), delimiter

    def shape_jsonl(self) -> None:
        self.kind = "jsonl"

    def add(self, error: LoadError, raw: Any) -> None:
        self.refusals.append(Refusal(error.line or 0, error.field, error.message, raw))

    @property
    def path(self) -> Path:
        if self.target is not None:
            return self.target
        suffix = {"csv": self.source.suffix or ".csv", "jsonl": ".jsonl"}.get(self.kind, ".txt")
        return self.source.with_name(f"{self.source.stem}.rejects{suffix}")

    def same_shape(self, other: Rejects) -> bool:
        return (self.kind, self.headers, self.delimiter) == (other.kind, other.headers, other.delimiter)

    def write(self, more: list[Rejects] | None = None) -> Path:
        """Write these refusals (and those of `more`, files going to the same path) in line order."""
        groups = [self, *(more or [])]
        path = self.path
        if self.kind == "csv":
            bom = self.source.read_bytes()[:3] == b"\xef\xbb\xbf"
            with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=self.delimiter)
                writer.writerow([*self.headers, *REJECT_COLUMNS])
                for group in groups:
                    for refusal in sorted(group.refusals, key=lambda r: r.line):
                        writer.writerow(group._csv_row(refusal))
        elif self.kind == "jsonl":
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                for group in groups:
                    for refusal in sorted(group.refusals, key=lambda r: r.line):
                        handle.write(json.dumps(_json_row(refusal), ensure_ascii=False) + "\n")
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                for group in groups:
                    for refusal in sorted(group.refusals, key=lambda r: r.line):
                        where = f"{group.source}:{refusal.line}"
                        handle.write(f"{where}: {refusal.field}: {refusal.reason}\n" if refusal.field else
                                     f"{where}: {refusal.reason}\n")  # fmt: skip
        return path

    def _csv_row(self, refusal: Refusal) -> list[str]:
        width = len(self.headers)
        values = [str(v) for v in refusal.raw] if isinstance(refusal.raw, list) else []
        values += [""] * (width - len(values))
        # the reasons stay under their own headers; fields beyond the header (a ragged row) follow them
        return [*values[:width], str(refusal.line), refusal.field or "", refusal.reason, *values[width:]]


def _json_row(refusal: Refusal) -> dict[str, Any]:
    why = {"rejected_line": refusal.line, "rejected_field": refusal.field, "rejected_reason": refusal.reason}
    raw = refusal.raw
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            return {**why, "rejected_text": raw.rstrip("\r\n")}
    if isinstance(raw, dict):
        return {**{k: v for k, v in raw.items() if k not in REJECT_COLUMNS}, **why}
    return {**why, "rejected_value": raw}
