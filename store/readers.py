"""Reading files people bring: bytes to text, and text to records that remember their line.

Every reader yields `Item`s: the line a record starts on, and either an events row (validated by
`store.record`) or an era. Anything wrong raises `LoadError` naming the file, the line and the field.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from frontline.store.csvshape import (
    REJECT_COLUMNS,
    LineSource,
    chain,
    csv_error,
    first_line,
    index_column,
    row_problem,
    sniff_delimiter,
)
from frontline.store.record import MADE_FROM, ColumnMap, RecordError, made_id, normalize_header, to_row
from frontline.store.safe_text import TOO_DEEP, TOO_LONG, after_json, display_path

csv.field_size_limit(1 << 30)


class LoadError(Exception):
    """Bad input: `PATH:LINE: FIELD: what is wrong`, or `PATH: what is wrong` where there is no line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str | None = None):
        self.path, self.line, self.field, self.message = display_path(path), line, field, message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class RejectSink(Protocol):
    """Where a lenient load sets a refused row aside (`store.rejects.Rejects`)."""

    refusals: list[Any]

    def add(self, error: LoadError, raw: Any) -> None: ...
    def shape_csv(self, headers: list[str], delimiter: str) -> None: ...
    def shape_jsonl(self) -> None: ...


@dataclass
class Tally:
    """What the readers of one load have to say beyond the events: rows that became part of another
    event (ACLED's monadic rows), and notes for the load line ("dropped a pandas index column")."""

    rows: int = 0  # data rows read by readers that merge rows into events
    merged: int = 0  # rows that were another row's event (its other actors)
    replaced: int = 0  # rows that were an older version of another row's event
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclass
class Context:
    """What a reader needs besides the file: the dataset name and the day relative dates count from.

    With `rejects` set (a lenient load, `--skip-bad`), a row that is wrong is handed to it, with the
    raw row (`current`) so that it can be written back in the file's own format, and reading goes on.
    """

    path: Path
    dataset: str | None = None
    reference: Any = None  # datetime.date for "Wednesday", "since December"
    progress: Callable[[int], None] | None = None  # called with bytes read so far
    options: dict[str, Any] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    rejects: RejectSink | None = None
    current: Any = None  # the row being read, as the file has it (CSV values, a JSON Lines line)

    def refuse(self, error: LoadError) -> None:
        """A row is wrong: stop the load (the default), or set the row aside and go on (lenient)."""
        if self.rejects is None or error.line is None:
            raise error
        self.rejects.add(error, self.current)

    def row(self, line: int) -> RowGuard:
        """`with ctx.row(line):` around the reading of one row: its errors name the line, and in a
        lenient load set the row aside instead of stopping."""
        return RowGuard(self, line)


class RowGuard:
    def __init__(self, ctx: Context, line: int):
        self.ctx, self.line = ctx, line

    def __enter__(self) -> RowGuard:
        return self

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, RecordError):
            error = LoadError(self.ctx.path, exc.message, self.line, exc.field)
        elif isinstance(exc, LoadError) and exc.line is not None:
            error = exc
        else:
            return False
        self.ctx.refuse(error)  # raises unless the load is lenient
        return True


@dataclass
class Item:
    line: int
    row: dict[str, Any]
    table: str = "events"
    path: Path | None = None  # set by the load, for errors that are found after reading
    supersedes: bool = False  # a newer version of a record the same file gave before (ACLED's edits)
    global_id: bool = False  # the id names the same event whichever file or dataset it comes from
    raw: Any = None  # in a lenient load: the row as its file had it, to write back if it is refused later
    names_places: bool = False  # read from prose (an article): its places are found in its text
    id_field: str = "id"  # what the file calls its id (`unique_id`, `UID`), for errors
    old_id: str | None = None  # an id its reader made (ACLED, TimelineJS, articles) before ids named the dataset
    made_from: str | None = None  # for an id the reader made (no id given): what from, for errors


class _CountingReader(io.RawIOBase):
    """A binary file that reports how far it has been read, for the progress bar."""

    def __init__(self, raw: io.BufferedReader, report: Callable[[int], None] | None):
        self._raw, self._report, self.count = raw, report, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        self.count += n or 0
        if self._report:
            self._report(self.count)
        return n


def open_text(ctx: Context) -> io.TextIOWrapper:
    """The file as UTF-8 text (a byte-order mark is dropped), reading lazily so big files stream."""
    raw = open(ctx.path, "rb")  # noqa: SIM115 - closed with the wrapper
    counted = io.BufferedReader(_CountingReader(raw, ctx.progress), buffer_size=1 << 20)
    return io.TextIOWrapper(counted, encoding="utf-8-sig", errors="strict", newline="")


def read_text(ctx: Context) -> str:
    """The whole file as text, for formats that must be parsed whole (a JSON document)."""
    data = ctx.path.read_bytes()
    if ctx.progress:
        ctx.progress(len(data))
    return decode(ctx.path, data)


def decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise LoadError(path, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line) from None
    if not text.strip():
        raise LoadError(path, "empty file")  # only a byte-order mark and blanks
    nul = text.find("\x00")
    if nul >= 0:
        raise LoadError(path, "contains a NUL byte: this is not a text file", text.count("\n", 0, nul) + 1)
    return text


def _decode_error(path: Path, line: int, exc: UnicodeDecodeError) -> LoadError:
    """Text is decoded a chunk at a time, so the line the reader was on is not where the bad byte is:
    find the first byte that is not UTF-8 and name its own line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as bad:
                # the decoder may hold back up to 3 bytes of an unfinished character from the last chunk
                held = len(bad.object) - len(chunk)
                start = max(bad.start - held, 0)
                lines += chunk.count(b"\n", 0, start)
                return LoadError(
                    path, f"not UTF-8 text (byte 0x{bad.object[bad.start]:02x}); save the file as UTF-8", lines
                )
            lines += chunk.count(b"\n")
    return LoadError(path, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8", line)


def make_item(ctx: Context, line: int, raw: Mapping[str, Any], cols: ColumnMap) -> Item:
    """Validate one record, turning a field error into a `LoadError` that names the line."""
    try:
        row = to_row(raw, cols, dataset=ctx.dataset, reference=ctx.reference)
        return Item(line, row, id_field=cols.header("id"), made_from=MADE_FROM if made_id(raw, cols) else None)
    except RecordError as exc:
        raise LoadError(ctx.path, exc.message, line, exc.field) from None


def _check_header_names(ctx: Context, headers: list[str]) -> None:
    """Two columns with one name would leave one of them unread: refuse, naming both."""
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, start=1):
        if (name := normalize_header(header)) and name in seen:
            raise LoadError(
                ctx.path, f"column {header.strip()!r} appears twice (columns {seen[name]} and {index})", 1, "header"
            )
        if name:
            seen[name] = index


def csv_records(
    ctx: Context,
    check_headers: Callable[[list[str]], object] | None = None,
    *,
    blank_row_ends: bool = False,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row of a CSV with a header as `(line, {header: value})`, the header being line 1.

    The delimiter (`,` `;` tab `|`) is told from the header (`store.csvshape`). A first column
    with an empty header holding whole numbers is a pandas index: dropped, and said so. A trailing
    comma on a row (one more field than the header, empty) is accepted. Rows are checked for NUL
    bytes, the number of fields, a value under a column with no name, and a last row cut short
    inside quotes. With `blank_row_ends`, a blank row followed by more data is refused (TimelineJS stops
    reading at a blank row: the rows after it would vanish from the published timeline)."""
    with open_text(ctx) as handle:
        source = LineSource(handle)
        lines = iter(source)
        line, count, blank = 1, 0, None
        headers: list[str] = []  # named by an error in the rows
        try:
            header_text = next(lines, None)
            if header_text is None:
                raise LoadError(ctx.path, "empty file")
            delimiter = sniff_delimiter(first_line(header_text), ctx.path.suffix)
            reader = csv.reader(chain(header_text, lines), delimiter=delimiter, strict=True)  # open quotes: errors
            headers = next(reader, [])
            if not any(h.strip() for h in headers):
                raise LoadError(ctx.path, "no header row", 1)
            if any("\x00" in h for h in headers):
                raise LoadError(ctx.path, "contains a NUL byte: this is not a text file", 1)
            _check_header_names(ctx, headers)
            if ctx.rejects is not None:
                ctx.rejects.shape_csv(headers, delimiter)
            pandas_index = index_column(headers)
            if check_headers:
                check_headers(headers[1:] if pandas_index else headers)
            width = len(headers)
            skip = {*REJECT_COLUMNS, headers[0]} if pandas_index else set(REJECT_COLUMNS)
            unnamed = [i for i, h in enumerate(headers) if not h.strip() and not (pandas_index and i == 0)]
            line = reader.line_num + 1
            source.start_record()
            for values in reader:
                start, line = line, reader.line_num + 1
                cut = source.at_end and source.cut_short()
                source.start_record()
                if len(values) == width + 1 and not values[-1].strip():
                    values.pop()  # a trailing comma
                ctx.current = values
                if not any(v.strip() for v in values):
                    blank = start if blank is None else blank
                    continue
                if blank is not None and blank_row_ends:
                    raise LoadError(
                        ctx.path,
                        "a blank row ends the data in TimelineJS, so the rows after it would not show; "
                        "delete the blank row",
                        blank,
                    )
                problem = row_problem(values, headers, unnamed, cut, pandas_index, (start, line), delimiter)
                if problem:
                    ctx.refuse(LoadError(ctx.path, problem[1], start, problem[0]))
                    continue
                count += 1
                if pandas_index:
                    ctx.tally.note(f"{ctx.path.name}: dropped the first column, a pandas index (0, 1, 2, …)")
                yield start, {h: v for h, v in zip(headers, values, strict=False) if h not in skip}
        except UnicodeDecodeError as exc:
            raise _decode_error(ctx.path, line, exc) from None
        except csv.Error as exc:
            message, at, field = csv_error(exc, (line, reader.line_num), source, delimiter, headers)
            raise LoadError(ctx.path, message, at, field) from None
    if not count and not (ctx.rejects and ctx.rejects.refusals):
        raise LoadError(ctx.path, "no events: the file has a header and nothing else")


def read_csv(ctx: Context) -> Iterator[Item]:
    """A CSV with a header row; columns are matched by name (`store.record.ALIASES`)."""
    columns: list[ColumnMap] = []

    def check(headers: list[str]) -> None:
        cols = ColumnMap.from_headers(headers)
        if "date" not in cols.fields:
            raise LoadError(ctx.path, "no date column (expected one of: date, start_date, event_date)", 1, "header")
        columns.append(cols)

    for line, raw in csv_records(ctx, check):
        with ctx.row(line):
            yield make_item(ctx, line, raw, columns[0])


def read_jsonl(ctx: Context) -> Iterator[Item]:
    """One JSON object a line (JSON Lines)."""
    maps: dict[tuple[str, ...], ColumnMap] = {}
    seen = False
    if ctx.rejects is not None:
        ctx.rejects.shape_jsonl()
    with open_text(ctx) as handle:
        line = 0
        try:
            for line, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                ctx.current = text
                with ctx.row(line):
                    obj = _json_line(ctx, line, text)
                    seen = True
                    yield make_item(ctx, line, obj, _columns_for(obj, maps))
        except UnicodeDecodeError as exc:
            raise _decode_error(ctx.path, line + 1, exc) from None
    if not seen and not (ctx.rejects and ctx.rejects.refusals):
        raise LoadError(ctx.path, "empty file")


def _json_line(ctx: Context, line: int, text: str) -> dict[str, Any]:
    if "\x00" in text:
        raise LoadError(ctx.path, "contains a NUL byte: this is not a text file", line)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(ctx.path, f"invalid JSON ({exc.msg}, column {exc.colno})", line) from None
    except (ValueError, RecursionError) as exc:  # ValueError: an integer of more than 4,300 digits
        raise LoadError(ctx.path, TOO_LONG if isinstance(exc, ValueError) else TOO_DEEP, line) from None
    if not isinstance(obj, dict):
        raise LoadError(ctx.path, f"expected a JSON object, found {type(obj).__name__}", line)
    return {k: v for k, v in obj.items() if k not in REJECT_COLUMNS}


def _columns_for(obj: Mapping[str, Any], maps: dict[tuple[str, ...], ColumnMap]) -> ColumnMap:
    keys = tuple(obj)
    cols = maps.get(keys)
    if cols is None:
        cols = maps[keys] = ColumnMap.from_headers(list(keys))
    return cols


def iter_json_array(ctx: Context, text: str, start: int) -> Iterator[tuple[int, Any]]:
    """The elements of the JSON array that opens at `text[start]`, each with the line it starts on."""
    decoder = json.JSONDecoder()
    pos, line, counted = start + 1, 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise LoadError(ctx.path, "truncated JSON: the array never closes", line + text.count("\n", counted, pos))
        line += text.count("\n", counted, pos)
        counted = pos
        if text[pos] == "]":
            if after := after_json(text, pos + 1):
                raise LoadError(ctx.path, after[0], line + text.count("\n", pos, after[1]))
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise LoadError(ctx.path, f"invalid JSON ({exc.msg})", exc.lineno) from None
        except (ValueError, RecursionError) as exc:  # ValueError: an integer of more than 4,300 digits
            raise LoadError(ctx.path, TOO_LONG if isinstance(exc, ValueError) else TOO_DEEP, line) from None
        yield line, value
        pos = end


def read_json(ctx: Context) -> Iterator[Item]:
    """A JSON array of flat records (a lenient load writes its refused ones as JSON Lines)."""
    text = read_text(ctx)
    start = len(text) - len(text.lstrip())
    if text[start] != "[":
        raise LoadError(ctx.path, "expected a JSON array of events", text.count("\n", 0, start) + 1)
    if ctx.rejects is not None:
        ctx.rejects.shape_jsonl()
    maps: dict[tuple[str, ...], ColumnMap] = {}
    count = 0
    for line, obj in iter_json_array(ctx, text, start):
        ctx.current = obj
        with ctx.row(line):
            if not isinstance(obj, dict):
                raise LoadError(ctx.path, f"expected a JSON object, found {type(obj).__name__}", line)
            count += 1
            obj = {k: v for k, v in obj.items() if k not in REJECT_COLUMNS}
            yield make_item(ctx, line, obj, _columns_for(obj, maps))
    if not count and not (ctx.rejects and ctx.rejects.refusals):
        raise LoadError(ctx.path, "no events: the array is empty")
