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


def column_name(headers: list[str], index: int) -> str:
    """How an error names the column at `index`: its header, or `column N` where it has none."""
    name = headers[index].strip() if index < len(headers) else ""
    return name or f"column {index + 1}"


def open_quote_column(text: str, delimiter: str) -> int | None:
    """The field (0-based) of a record, as the file holds it, whose quoted value never closes or is
    followed by text after its closing quote; None if every quoted value closes as it should."""
    field, i, at_start = 0, 0, True
    while i < len(text):
        char = text[i]
        if at_start and char == '"':
            close = text.find('"', i + 1)
            while close >= 0 and text.startswith('"', close + 1):  # "" is a quote inside the value
                close = text.find('"', close + 2)
            if close < 0 or text[close + 1 : close + 2] not in ("", delimiter, "\r", "\n"):
                return field
            i, at_start = close + 1, False
            continue
        if char == delimiter:
            field, at_start = field + 1, True
        elif char in "\r\n":
            field, at_start = 0, True  # the next record
        else:
            at_start = False
        i += 1
    return None


def row_problem(
    values: list[str],
    headers: list[str],
    unnamed: list[int],
    cut: bool,
    pandas_index: bool,
    lines: tuple[int, int],
    delimiter: str = ",",
) -> tuple[str | None, str] | None:
    """What is wrong with the shape of one row (read from `lines`, the first and the one after its
    last), as (field, message), or None. A field is named by its header: where the row ends early,
    the first column it lacks; where it runs over, the first surplus one."""
    width = len(headers)
    if spread := joined(values, headers, *lines, delimiter=delimiter):
        return spread
    if any("\x00" in v for v in values):
        return None, "contains a NUL byte: this is not a text file"
    if cut:  # the reader ends the open value at the end of the file: it is the row's last
        return (
            column_name(headers, len(values) - 1),
            "the last row is cut short: a quoted field never closes before the end of the file",
        )
    if len(values) < width:
        return column_name(headers, len(values)), (
            f"{len(values)} fields where the header has {width}: the row ends before this column"
        )
    if len(values) > width:
        return column_name(
            headers, width
        ), f"{len(values)} fields where the header has {width}: a value past the last column"
    for index in unnamed:
        if values[index].strip():
            return f"column {index + 1}", "a value under a column with no name"
    if pandas_index and not index_value(values[0]):
        return (
            "column 1",
            f"expected a pandas index (a whole number) under the unnamed first column, found {values[0][:20]!r}",
        )
    return None


def csv_error(
    exc: Exception, lines: tuple[int, int], source: LineSource, delimiter: str, headers: list[str]
) -> tuple[str, int, str | None]:
    """The strict reader's complaint about the record read from `source` (`lines`: the one it began on,
    the one the reader is on), as (message, line, field): the field is the column whose quoted value
    is at fault."""
    start, at = lines
    cut = source.cut_short()
    column = open_quote_column("".join(source.record), delimiter)
    field = None if column is None else column_name(headers, column)
    if "unexpected end of data" in str(exc):
        if cut:
            return "the last row is cut short: a quoted field never closes before the end of the file", start, field
        message = "unterminated quote: a quoted field opened in this row never closes, so the file ends in it"
        return message, start, field
    if "expected after" in str(exc):
        where = f"; the quoted field began in the row on line {start}" if at > start else ""
        return f"a quote closes a field but text follows it (unterminated quote?{where})", at, field
    return f"malformed CSV ({exc})", at or start, None


def joined(values: list[str], headers: list[str], start: int, end: int, delimiter: str = ",") -> tuple[str, str] | None:
    """A row with the wrong number of fields that runs over several lines: a quote opened in the middle
    of it and closed only rows later (Python's reader joins them), rather than a column too few. The
    field named is the first that holds a line break: where the quote opened. A line break in a value
    whose next lines hold no delimiter is a quoted paragraph (ACLED's notes), not rows swallowed: the row's
    count is then wrong by itself, and said so."""
    width = len(headers)
    broken = next((i for i, v in enumerate(values) if "\n" in v), None)
    swallowed = broken is not None and any(delimiter in line for line in values[broken].split("\n")[1:])
    if len(values) != width and end - start > 1 and broken is not None and swallowed:
        return column_name(headers, broken), (
            f"{len(values)} fields where the header has {width}: a quoted field runs from line {start} to "
            f"line {end - 1}, so a quote is probably unterminated"
        )
    return None
