"""The `frontline` command: the app by default (`serve` puts it in a browser), and load / export /
search / list / stats for scripts.

Human output is Rich tables on a terminal; `--json` gives machines the record form. Errors are one
line on stderr with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import sqlite3
import sys
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from frontline.store.builtin import default_db_path, ensure_database
from frontline.store.dates import DateError, parse_date
from frontline.store.export import FORMATS as EXPORT_FORMATS
from frontline.store.export import export
from frontline.store.filters import FilterError, parse_filter_options
from frontline.store.formats import READERS
from frontline.store.load import LoadResult, load_files
from frontline.store.query import Event, Timeline
from frontline.store.readers import LoadError
from frontline.store.record import to_record
from frontline.store.schema import SchemaError
from frontline.tui.text import clean

PROGRESS_BYTES = 2_000_000  # files smaller than this load too fast for a progress bar to help
TABLE_LIMIT = 1000  # rows in a table for people; --json has no limit


def _version() -> str:
    try:
        return version("frontline")
    except PackageNotFoundError:
        return "unknown"


def fail(message: str, status: int = 2) -> None:
    """One line on stderr and out, the way every error leaves frontline."""
    click.echo(f"frontline: {message}", err=True)
    sys.exit(status)


def one_line_errors(func: Callable) -> Callable:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (LoadError, SchemaError, DateError) as exc:
            fail(plain(str(exc)))
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
    """The database a reading command uses: created with the built-in dataset if it does not exist."""
    return ensure_database(resolve_db(db))


def iso_day(text: str | None, option: str, *, end: bool = False) -> str | None:
    if text is None:
        return None
    try:
        span = parse_date(text)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None
    return span.end if end else span.start


def _events(n: int) -> str:
    return f"{n:,} event" if n == 1 else f"{n:,} events"


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


def print_events(events: list[Event], as_json: bool, title: str) -> None:
    if as_json:
        for event in events:
            click.echo(json.dumps(to_record(_row_of(event)), ensure_ascii=False))
        return
    console = Console()
    if not events:
        console.print(Text(plain(f"{title}: nothing found")))
        return
    console.print(events_table(events, title))


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
        try:
            status = super().main(*args, **kwargs)
        except click.exceptions.Abort:
            fail("interrupted", 130)
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
@click.pass_context
@one_line_errors
def main(ctx: click.Context, db: Path | None, at: str | None, search: str | None, filters: tuple[str, ...]) -> None:
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
    path = reading_db(db)
    from frontline.tui.app import FrontlineApp  # the screen is only imported when it is shown

    FrontlineApp(path, at=at, search=search, filters=chosen).run()


def _db(ctx: click.Context, db: Path | None) -> Path | None:
    """A command's own --db, else the one given before the command name."""
    return db if db is not None else (ctx.obj or {}).get("db")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(sorted(READERS)), help="The files' format (default: from each file)."
)
@click.option("--published", metavar="DATE", help='The day relative dates count from ("Wednesday", "since December").')
@click.option("--dataset", metavar="NAME", help="Name the events' dataset (default: each file's name).")
@click.option("--dry-run", is_flag=True, help="Check the files and show what would load, changing nothing.")
@click.pass_context
@one_line_errors
def load(
    ctx: click.Context, files: tuple[Path, ...], db: Path | None, fmt: str | None, published: str | None,
    dataset: str | None, dry_run: bool,
) -> None:  # fmt: skip
    """Load events from FILES in one transaction: all or nothing.

    CSV, JSON Lines, a JSON array, ACLED, UCDP GED, TimelineJS (JSON or its sheet), iCalendar, or
    the text of a news article (its dated sentences, counted from --published). The format is told
    from each file's name and first lines; --format overrides.

    Loading the same file again changes nothing; a changed record updates in place.
    """
    path = resolve_db(_db(ctx, db))
    reference = dt.date.fromisoformat(iso_day(published, "--published")) if published else None
    console = Console(stderr=True)
    total = sum(f.stat().st_size for f in files if f.is_file())
    show_progress = console.is_terminal and total >= PROGRESS_BYTES
    progress = Progress(
        TextColumn("loading"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console, transient=True
    )
    done: dict[Path, int] = {}
    task = progress.add_task("load", total=total)

    def report(file: Path, read: int) -> None:
        done[file] = read
        progress.update(task, completed=sum(done.values()))

    with progress if show_progress else nullcontext():
        result = load_files(
            path, files, format=fmt, dataset=dataset, published=reference, dry_run=dry_run,
            progress=report if show_progress else None,
        )  # fmt: skip
    if dry_run:
        _show_preview(result)
    click.echo(f"{result.line()} ({path})")


def _show_preview(result: LoadResult) -> None:
    if not result.preview:
        return
    table = Table(title="What would load", header_style="bold")
    for column in ("", "Date", "Title", "Place", "Id"):
        table.add_column(column)
    from frontline.store.dates import format_short

    for row in result.preview:
        table.add_row(
            Text(row["status"]),
            Text(format_short(row["date_start"], row["date_end"], row["precision"])),
            Text(plain(row["title"])),
            Text(plain(row["place"])),
            Text(plain(row["id"])),
        )
    Console().print(table)
    shown = len(result.preview)
    if shown < result.new + result.updated:
        click.echo(f"(the first {shown} of {result.new + result.updated:,} shown)")


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="The output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.pass_context
@one_line_errors
def export_command(ctx: click.Context, db: Path | None, fmt: str, output: Path | None) -> None:
    """Write every event out, in the record form that `load` reads back."""
    path = reading_db(_db(ctx, db))
    if output is None:
        export(path, fmt, sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        count = export(path, fmt, handle)
    click.echo(f"wrote {count:,} events to {output}", err=True)


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", default=50, show_default=True, help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record a line.")
@click.pass_context
@one_line_errors
def search(ctx: click.Context, query: str, db: Path | None, limit: int, as_json: bool) -> None:
    """Full-text search, results in timeline order. Words are prefixes: "sara" finds Saraqeb."""
    timeline = Timeline(reading_db(_db(ctx, db)))
    found = timeline.search(query)
    if found is None:
        raise click.BadParameter("nothing to search for: give a word", param_hint="QUERY")
    events = found.page(limit=limit)
    title = f"{_events(found.count())} match {query!r}"
    print_events(events, as_json, title)


@main.command("list")
@db_option
@click.option("--from", "start", metavar="DATE", help='From this date (any form: 2019-12, "19 Dec 2019").')
@click.option("--to", "end", metavar="DATE", help="To this date.")
@click.option("--category", metavar="C", help="Only this category.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record a line.")
@click.pass_context
@one_line_errors
def list_command(
    ctx: click.Context, db: Path | None, start: str | None, end: str | None, category: str | None,
    limit: int | None, as_json: bool,
) -> None:  # fmt: skip
    """Events in timeline order, optionally between two dates or of one category."""
    timeline = Timeline(reading_db(_db(ctx, db)))
    first, last = iso_day(start, "--from"), iso_day(end, "--to", end=True)
    if first and last and last < first:
        raise click.BadParameter(f"{end!r} is before --from {start!r}", param_hint="--to")
    if limit is None and not as_json:
        limit = TABLE_LIMIT  # a table of a million rows helps no one; --json streams them all
    events = timeline.between(first, last, category, limit)
    title = _events(len(events))
    if limit == TABLE_LIMIT and len(events) == TABLE_LIMIT:
        title = f"the first {TABLE_LIMIT:,} events (--limit N for more, --json for all)"
    print_events(events, as_json, title)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@click.pass_context
@one_line_errors
def stats(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """Events, deaths and displacement by year and category; running totals shown apart, never summed."""
    timeline = Timeline(reading_db(_db(ctx, db)))
    result = timeline.stats()
    if as_json:
        keys = ("events", "fatalities", "displaced")
        click.echo(
            json.dumps(
                {
                    "by_year": {y: dict(zip(keys, rest, strict=False)) for y, *rest in result.by_year},
                    "by_category": {c: dict(zip(keys, rest, strict=False)) for c, *rest in result.by_category},
                    "running_totals": [to_record(_row_of(e)) for e in result.running_totals],
                },
                ensure_ascii=False,
            )
        )
        return
    console = Console()
    for title, rows, label in (
        ("By year", result.by_year, "Year"),
        ("By category", result.by_category, "Category"),
    ):
        table = Table(title=title, header_style="bold")
        table.add_column(label)
        for column in ("Events", "Killed (incidents)", "Displaced (incidents)"):
            table.add_column(column, justify="right")
        for key, count, killed, displaced in rows:
            table.add_row(Text(plain(key) or "(none)"), f"{count:,}", _figure(killed), _figure(displaced))
        console.print(table)
    if result.running_totals:
        console.print(events_table(result.running_totals, "Running totals (tallies, not added to the sums above)"))


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on: this machine only, unless you name another.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port to listen on.")
@click.option("--at", "at", metavar="DATE", help="Open each visitor's app at this date.")
@click.option("--search", "search", metavar="QUERY", help="Open each visitor's app with this search.")
@click.option("--filter", "filters", metavar="FIELD:VALUE", multiple=True, help="Open filtered (repeatable).")
@click.pass_context
@one_line_errors
def serve(
    ctx: click.Context, db: Path | None, host: str, port: int, at: str | None, search: str | None,
    filters: tuple[str, ...],
) -> None:  # fmt: skip
    """Open the same app in a web browser (textual-serve): each visitor runs it on this database."""
    if at is not None:
        iso_day(at, "--at")
    try:
        parse_filter_options(filters)
    except FilterError as exc:
        fail(f"--filter: {exc}")
    path = reading_db(_db(ctx, db)).resolve()
    from textual_serve.server import Server  # the web server is only imported when it is asked for

    Server(serve_command(path, at, search, filters), host=host, port=port, title="frontline").serve()


def serve_command(path: Path, at: str | None = None, search: str | None = None, filters: tuple[str, ...] = ()) -> str:
    """The shell command textual-serve runs for each browser: this Python, this app, this database."""
    words = [sys.executable, "-m", "tui", "--db", str(path)]
    words += ["--at", at] if at else []
    words += ["--search", search] if search else []
    for one in filters:
        words += ["--filter", one]
    return shlex.join(words)


if __name__ == "__main__":
    main()
