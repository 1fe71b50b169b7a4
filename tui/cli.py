"""The `frontline` command: the app by default (`serve` puts it in a browser), and load / export /
search / list / stats for scripts.

Human output is Rich tables on a terminal; `--json` gives machines the record form. Errors are one
line on stderr with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any, TextIO, cast

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.actors import AliasError
from frontline.store.builtin import default_db_path, ensure_database
from frontline.store.dates import DateError, parse_date, yearless
from frontline.store.export import RecordWriter
from frontline.store.filters import FilterError, parse_filter_options, parse_filters
from frontline.store.live import DatabaseBusy
from frontline.store.query import Event
from frontline.store.querylang import QueryError
from frontline.store.readers import LoadError
from frontline.store.record import to_record
from frontline.store.schema import SchemaError, open_database
from frontline.tui.text import clean

PROGRESS_BYTES = 2_000_000  # files smaller than this load too fast for a progress bar to help
TABLE_LIMIT = 1000  # rows in a table for people; --json has no limit


def _version() -> str:
    try:
        return version("frontline")
    except PackageNotFoundError:
        return "unknown"


BUSY = 4
"""Exit status when another process kept the database locked for longer than a command waits."""


def fail(message: str, status: int = 2) -> None:
    """One line on stderr and out, the way every error leaves frontline."""
    click.echo(f"frontline: {message}", err=True)
    sys.exit(status)


def one_line_errors(func: Callable) -> Callable:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QueryError as exc:
            # the one line says what and at which column; the query and a caret under it follow
            click.echo(f"frontline: {exc.where}: {plain(str(exc))}", err=True)
            if pointer := exc.caret():
                shown, caret = pointer.split("\n")
                at = len(plain(shown[: len(caret) - 1]))  # a control shown as a picture is wider
                click.echo(f"  {plain(shown)}\n  {' ' * at}^", err=True)
            sys.exit(2)
        except (LoadError, SchemaError, DateError, AliasError) as exc:
            fail(plain(str(exc)))
        except DatabaseBusy as exc:
            fail(plain(str(exc)), BUSY)
        except BrokenPipeError:
            # `frontline export | head`: the reader has gone; say nothing and stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except sqlite3.Error as exc:
            fail(f"database: {exc}", 1)
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror}" if exc.strerror else str(exc), 1)

    return wrapper


def db_option(func: Callable) -> Callable:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="The database file (default: $FRONTLINE_DB, else frontline.db in your data directory).",
    )(func)


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def reading_db(db: Path | None) -> Path:
    """The database a reading command uses. The default one is created with the built-in dataset on
    first use; a --db that names no database is refused, so that a typo never reads the wrong data.
    Opened once here, so that a foreign or damaged file is refused in one line before the app starts."""
    if db is not None and (not db.is_file() or db.stat().st_size == 0):
        fail(f"no database at {plain(str(db))}")
    path = ensure_database(default_db_path()) if db is None else db
    open_database(path).close()
    return path


def terminals() -> tuple[bool, bool, bool]:
    """Whether stdin, stdout and stderr are each a terminal."""
    return sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty()


def has_terminal() -> bool:
    """Whether the app can draw: a terminal on stdin, stdout and stderr (Textual draws on stderr, so
    `frontline 2>log` would send the screen into the file), or textual-serve's driver (a browser)."""
    return bool(os.environ.get("TEXTUAL_DRIVER")) or all(terminals())


def no_terminal() -> None:
    """Refuse to open the app, in one line where a person sees it: on stderr, but on stdout when only
    stderr goes to a file (`frontline 2>log`)."""
    _, out, err = terminals()
    if out and not err:
        message = "the app draws on standard error, which is not a terminal here"
    else:
        message = "the app needs a terminal to draw in"
    click.echo(f"frontline: {message}; for scripts, use frontline list, search, stats or export", err=not out or err)
    sys.exit(2)


def iso_day(text: str | None, option: str, *, end: bool = False) -> str | None:
    if text is None:
        return None
    try:
        span = parse_date(text)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None
    if yearless(text) is not None:  # as the query language's after:, before: and on: say it
        raise click.BadParameter(f'{text!r} needs a year, e.g. "{text} 2020"', param_hint=option)
    return span.end if end else span.start


def counted(n: int, noun: str) -> str:
    """`1 event`, `2 events`: a count whose noun agrees with it (the noun given in the singular)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _events(n: int) -> str:
    return counted(n, "event")


def _figure(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def plain(text: str | None) -> str:
    """Text from a file, safe for the terminal: control characters shown, never obeyed."""
    return clean(text or "", single_line=True)


def _toll(event: Event) -> Text:
    parts = []
    if event.fatalities is not None:
        parts.append(f"{event.fatalities:,} killed")
    if event.displaced is not None:
        parts.append(f"{event.displaced:,} displaced")
    text = ", ".join(parts)
    if text and event.running_total:
        text = f"total: {text}"
    return Text(text)


def events_table(events: list[Event], title: str | None = None) -> Table:
    """Events as a Rich table. Every cell is a `Text`, so text from files is never read as markup."""
    table = Table(title=Text(plain(title)) if title else None, expand=False, show_lines=False, header_style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Title")
    table.add_column("Place")
    table.add_column("Category")
    table.add_column("Figures", justify="right")
    for event in events:
        table.add_row(
            Text(event.date_short),
            Text(plain(event.title)),
            Text(plain(event.place)),
            Text(plain(event.category)),
            _toll(event),
        )
    return table


class _ShownText(io.TextIOBase):
    """stdout when it is a terminal: an export read by a person shows what a terminal would obey
    (ESC, C1 and bidi controls) as pictures. Sent to a file or a pipe, the text is written as it is."""

    def __init__(self, out: TextIO):
        self._out = out

    def write(self, text: str) -> int:
        self._out.write("\n".join(clean(line) for line in text.split("\n")))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


def shown_stdout() -> IO[str]:
    """Standard output; on a terminal, shown through `_ShownText`."""
    if not sys.stdout.isatty():
        return sys.stdout
    return cast("IO[str]", _ShownText(sys.stdout))  # a TextIOBase: the writers only write to it


def print_events(events: list[Event], form: str | None, title: str) -> int:
    """Events as a table for people, or as JSON lines, CSV or TSV; the exit status: 1 when there are none."""
    if form is not None:
        writer = RecordWriter(form, shown_stdout())
        for event in events:
            writer.write(to_record(_row_of(event)))
        writer.finish()
    elif not events:
        click.echo(plain(f"{title}: nothing found"), err=True)
    else:
        Console().print(events_table(events, title))
    return 0 if events else 1


def _row_of(event: Event) -> dict[str, Any]:
    """An `Event` back in the shape of an events row, for the record form."""
    return {
        "id": event.id, "date_start": event.date_start, "date_end": event.date_end, "precision": event.precision,
        "title": event.title, "summary": event.summary, "place": event.place, "admin1": event.admin1,
        "lat": event.lat, "lon": event.lon, "actors": json.dumps(event.actors), "category": event.category,
        "fatalities": event.fatalities, "displaced": event.displaced, "running_total": event.running_total,
        "sources": json.dumps(event.sources), "notes": event.notes, "dataset": event.dataset,
        "extra": json.dumps(event.extra) if event.extra else None,
    }  # fmt: skip


class OneLineGroup(click.Group):
    """Click's usage errors in the same one-line form as every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        kwargs["prog_name"] = "frontline"  # also under `python -m frontline.tui`: the help and completion say so
        try:
            status = super().main(*args, **kwargs)
        except click.exceptions.Abort:
            fail("interrupted", 130)
        except click.UsageError as exc:
            context = exc.ctx
            if context is not None and context.command.get_help_option(context) is not None:
                # click's pointer to the help stays, under the one line that says what is wrong
                hint = f"Try '{context.command_path} {context.help_option_names[0]}' for help."
                if isinstance(exc, click.NoSuchOption) and not exc.option_name.startswith("--"):
                    # `frontline list -dataset:x`: a query that leaves something out begins with '-'
                    hint = f"A query that begins with '-' goes after '--': {context.command_path} -- -word. {hint}"
                click.echo(f"frontline: {plain(exc.format_message())}\n{plain(hint)}", err=True)
                sys.exit(exc.exit_code)
            fail(plain(exc.format_message()), exc.exit_code)
        except click.ClickException as exc:
            fail(plain(exc.format_message()), exc.exit_code)
        sys.exit(status if isinstance(status, int) else 0)


@click.group(cls=OneLineGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="frontline")
@db_option
@click.option("--at", "at", metavar="DATE", help='Open with the cursor on a date: "19 Dec 2019", "March 2015", "2016".')
@click.option("--search", "search", metavar="QUERY", help="Open with this search applied.")
@click.option(
    "--filter",
    "filters",
    metavar="FIELD:VALUE",
    multiple=True,
    help="Open filtered, e.g. category:airstrike, place:Saraqeb, after:2019-12 (repeatable).",
)
@click.option(
    "--theme", "theme", metavar="NAME", help="A colour theme for this run (the palette's choice is kept for the next)."
)
@click.pass_context
@one_line_errors
def main(
    ctx: click.Context, db: Path | None, at: str | None, search: str | None, filters: tuple[str, ...],
    theme: str | None,
) -> None:  # fmt: skip
    """frontline: explore dated events in the terminal.

    With no command, opens the timeline on the database (the built-in dataset, the offensive on
    Maarat al-Numan and Idlib 2011-2020, the first time).
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    if at is not None:
        iso_day(at, "--at")
    try:
        chosen = parse_filter_options(filters)
    except FilterError as exc:
        fail(f"--filter: {exc}")
    if search is not None:
        try:  # read now, as --filter is: a query the app could not read is refused before it opens
            parse_filters(search)
        except FilterError as exc:
            exc.where = "--search"  # said as every query error is, the caret under the character included
            raise
    if theme is not None:
        from frontline.tui.config import theme_names

        if theme not in theme_names():
            fail(f"--theme: no theme {plain(theme)!r}; the themes are {', '.join(theme_names())}")
    given = reading_db(db) if db is not None else None  # a --db that is no frontline database is said first
    if not has_terminal():
        no_terminal()
    path = given or reading_db(None)
    from frontline.tui.app import FrontlineApp  # the screen is only imported when it is shown
    from frontline.tui.arenas import fewer_arenas

    fewer_arenas()
    FrontlineApp(path, at=at, search=search, filters=chosen, theme=theme).run()


def _db(ctx: click.Context, db: Path | None) -> Path | None:
    """A command's own --db, else the one given before the command name."""
    return db if db is not None else (ctx.obj or {}).get("db")


# The commands register themselves on `main` when their modules are imported.
from frontline.tui import (  # noqa: E402, F401  (after `main` exists)
    cli_layer,
    cli_load,
    cli_places,
    cli_query,
    cli_reconcile,
    cli_serve,
)
from frontline.tui.cli_serve import serve_command  # noqa: E402  (kept importable from here)

__all__ = ["main", "serve_command"]
