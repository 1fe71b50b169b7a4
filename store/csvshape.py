"""How a CSV file is laid out, told from its first lines: the delimiter, a pandas index, a trailing comma.

Spreadsheets in many locales save with `;`, and `.tsv` files use tabs; pandas writes its row index
as a first column with an empty header; some tools end every row with a comma. These are the same
table as a plain CSV, so they are read as one, and what was dropped is said in the load line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

DELIMITERS = ",;\t|"
REJECT_COLUMNS = ("rejected_line", "rejected_field", "rejected_reason")  # what a rejects file adds; ignored on reload
MISSING = frozenset({"na", "nan", "n/a", "#n/a", "null"})  # R, pandas, Excel and SQL for "no value"


def is_missing(value: object) -> bool:
    """A cell that means "no value": empty, or R's `NA`, pandas' `nan`, Excel's `#N/A`, `NULL`."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or text.lower() in MISSING


def sniff_delimiter(header_line: str, suffix: str = "") -> str:
    """The delimiter of a file, from its header line: tab for `.tsv`; else the one of `, ; tab |`
    that splits the header into the most fields (a comma when none splits it), which is what
    csv.Sniffer settles on for a header line but without its guesses on a single column."""
    if suffix.lower() in (".tsv", ".tab"):
        return "\t"
    best, fields = ",", 1
    for delimiter in DELIMITERS:
        try:
            row = next(csv.reader(io.StringIO(header_line), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(row) > fields:
            best, fields = delimiter, len(row)
    return best


def first_line(text: str) -> str:
    """The header line of a CSV held as text (a quoted header may hold a line break: rare, not split)."""
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


class LineSource:
    """The file's physical lines handed to csv.reader, remembering the text of the record being read,
    so that a last record whose quoted field never closes (a file cut short) can be told from a
    whole one: Python's csv reader silently ends such a field at the end of the file."""

    def __init__(self, handle: io.TextIOBase):
        self._handle = handle
        self.record: list[str] = []
        self.at_end = False

    def __iter__(self) -> Iterator[str]:
        for text in self._handle:
            self.record.append(text)
            yield text
        self.at_end = True

    def start_record(self) -> None:
        self.record.clear()

    def cut_short(self) -> bool:
        """Whether the record just read ran to the end of the file inside quotes."""
        text = "".join(self.record)
        return bool(text) and text.count('"') % 2 == 1 and not text.endswith(("\n", "\r"))


def index_column(headers: list[str]) -> bool:
    """Whether the first column looks like a pandas index: an empty header (or the `Unnamed: 0` that
    pandas gives it when the file is read and saved again) before named ones."""
    first = headers[0].strip().lstrip("\ufeff") if headers else ""
    return len(headers) > 1 and first in ("", "Unnamed: 0") and any(h.strip() for h in headers[1:])


def index_value(value: str) -> bool:
    """A pandas index cell: a whole number (0, 1, 2, … or what a filter left of them)."""
    text = value.strip()
    return text.isascii() and text.isdigit()


def chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def row_problem(
    values: list[str], width: int, unnamed: list[int], cut: bool, pandas_index: bool
) -> tuple[str | None, str] | None:
    """What is wrong with the shape of one row, as (field, message), or None."""
    if any("\x00" in v for v in values):
        return None, "contains a NUL byte: this is not a text file"
    if cut:
        return None, "the last row is cut short: a quoted field never closes before the end of the file"
    if len(values) != width:
        return None, f"{len(values)} fields where the header has {width}"
    for index in unnamed:
        if values[index].strip():
            return f"column {index + 1}", "a value under a column with no name"
    if pandas_index and not index_value(values[0]):
        return (
            "column 1",
            f"expected a pandas index (a whole number) under the unnamed first column, found {values[0][:20]!r}",
        )
    return None
