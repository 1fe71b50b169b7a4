"""`frontline export`, `search`, `list` and `stats`: the database's answers for scripts and people."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.export import FORMATS as EXPORT_FORMATS
from frontline.store.export import SUFFIXES, export, format_for, iter_records
from frontline.store.export_links import export_reconciled
from frontline.store.filters import parse_filter_options
from frontline.store.query import Timeline
from frontline.store.querylang import QueryError, parse
from frontline.store.record import to_record
from frontline.store.safe_text import json_text
from frontline.store.selection import Selection, select
from frontline.tui.cli import (
    TABLE_LIMIT,
    RecordWriter,
    _db,
    _events,
    _figure,
    _row_of,
    counted,
    db_option,
    events_table,
    fail,
    iso_day,
    main,
    one_line_errors,
    plain,
    print_events,
    reading_db,
    shown_stdout,
)


def query_options(func: Callable) -> Callable:
    """The options that choose events, shared by `list`, `search` and `export` (all must hold)."""
    options = [
        click.option("--from", "start", metavar="DATE", help='From this date (any form: 2019-12, "19 Dec 2019").'),
        click.option("--to", "end", metavar="DATE", help="To this date."),
        click.option("--filter", "filters", metavar="TERM", multiple=True,
                     help="A filter term, e.g. category:airstrike, place:Kafr Lata, killed>=10 (repeatable)."),
        click.option("--search", "search_text", metavar="QUERY", help="A query in the search language (see README)."),
        click.option("--marked", is_flag=True, help="Only marked events."),
        click.option("--dataset", "datasets", metavar="NAME", multiple=True, help="Only this dataset (repeatable)."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def selection_of(
    query: str, start: str | None, end: str | None, filters: tuple[str, ...], search_text: str | None,
    marked: bool, datasets: tuple[str, ...],
) -> Selection:  # fmt: skip
    first, last = iso_day(start, "--from"), iso_day(end, "--to", end=True)
    if first and last and last < first:
        raise click.BadParameter(f"{end!r} is before --from {start!r}", param_hint="--to")
    for where, read in (
        ("--search", lambda: parse(search_text or "")),
        ("--filter", lambda: parse_filter_options(filters)),
    ):
        try:  # read apart first, so that an error names the option that held it
            read()
        except QueryError as exc:
            exc.where = where
            raise
    return select(query, start=first, end=last, filters=filters, search=search_text, marked=marked, datasets=datasets)


@main.command("export")
@click.argument("query", required=False, default="")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), help="The output format (default: told from -o's extension)."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option(
    "--reconciled",
    is_flag=True,
    help="One row per happening (a confirmed group once), with every source's figure (jsonl or csv).",
)
@click.option("--title", metavar="TEXT", help="The title of a TimelineJS, Markdown or HTML export.")
@query_options
@click.pass_context
@one_line_errors
def export_command(
    ctx: click.Context, query: str, db: Path | None, fmt: str, output: Path | None, reconciled: bool,
    title: str | None, start: str | None, end: str | None, filters: tuple[str, ...], search_text: str | None,
    marked: bool, datasets: tuple[str, ...],
) -> int:  # fmt: skip
    """Write the events a query chooses (every event without one), in the record form that `load` reads
    back (with its link decisions), or as TimelineJS, iCalendar, a Markdown briefing or a standalone
    HTML page."""
    fmt = fmt or export_format(ctx, output, query)
    if reconciled and fmt not in ("jsonl", "csv"):
        fail("--reconciled writes jsonl or csv")
    chosen = selection_of(query, start, end, filters, search_text, marked, datasets)
    path = reading_db(_db(ctx, db))
    noun = "happening" if reconciled else "event"
    if output is None:
        count = export_to(path, fmt, shown_stdout(), chosen, title, reconciled)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = export_to(path, fmt, handle, chosen, title, reconciled)
        click.echo(plain(f"wrote {counted(count, noun)} to {output}"), err=True)
    if not count:  # as list and search: a script can tell that nothing matched
        click.echo(plain(f"nothing matches {chosen.query!r}" if chosen.query else f"no {noun}s to export"), err=True)
    return 0 if count else 1


def export_format(ctx: click.Context, output: Path | None, query: str) -> str:
    """The format -o's extension names; without -o, or with an extension that names none, one line says what to give."""
    known = ", ".join(f"{fmt} ({suffix})" for fmt, suffix in SUFFIXES.items())
    if output is None:
        hint = f"; to write a file, -o {query}" if format_for(query) and not any(c.isspace() for c in query) else ""
        raise click.UsageError(f"--format: give a format ({', '.join(EXPORT_FORMATS)}), or -o FILE{hint}", ctx)
    fmt = format_for(output)
    if fmt is None:
        told = f"'{output.suffix}'" if output.suffix else "a name without an extension"
        fail(plain(f"{output}: no export format for {told}; give --format, or a file ending in one of: {known}"))
    return str(fmt)


def export_to(
    path: Path, fmt: str, out: IO[str], chosen: Selection, title: str | None, reconciled: bool
) -> int:  # fmt: skip
    """`export`, or one row per happening of the chosen reports (hidden ones left out) with `reconciled`."""
    if not reconciled:
        return export(path, fmt, out, chosen, title)
    timeline = Timeline(path)
    try:
        where = chosen.where(timeline, hidden=False)
    finally:
        timeline.close()
    return export_reconciled(path, fmt, out, where)


def output_options(func: Callable) -> Callable:
    for option in reversed([
        click.option("--json", "as_json", is_flag=True, help="One JSON record a line."),
        click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row (the record form's columns)."),
        click.option("--tsv", "as_tsv", is_flag=True, help="Tab-separated, a header row; tabs and newlines as \\t, \\n."),
    ]):  # fmt: skip
        func = option(func)
    return func


def _form(as_json: bool, as_csv: bool, as_tsv: bool) -> str | None:
    chosen = [name for name, on in (("json", as_json), ("csv", as_csv), ("tsv", as_tsv)) if on]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of --{' or --'.join(chosen)}")
    return chosen[0] if chosen else None


SEARCH_TABLE = 50  # rows a `search` table shows unless --limit says otherwise


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=int, default=None, help="At most this many results (a table shows 50 unless told).")
@output_options
@query_options
@click.pass_context
@one_line_errors
def search(
    ctx: click.Context, query: str, db: Path | None, limit: int, as_json: bool, as_csv: bool, as_tsv: bool,
    start: str | None, end: str | None, filters: tuple[str, ...], search_text: str | None, marked: bool,
    datasets: tuple[str, ...],
) -> int:  # fmt: skip
    """Events that match a query, in timeline order; exit status 1 when none do. Words are prefixes
    ("sara" finds Saraqeb); see the README for phrases, -excluded, OR, fields, figures and dates."""
    form = _form(as_json, as_csv, as_tsv)
    chosen = selection_of(query, start, end, filters, search_text, marked, datasets)
    if not chosen.words and not chosen.filters:
        raise click.BadParameter("nothing to search for: give a word", param_hint="QUERY")
    timeline = Timeline(reading_db(_db(ctx, db)))
    if form is not None and limit is None:
        return stream_events(timeline, chosen, form)  # --json, --csv and --tsv give every match
    events, count = chosen.first(timeline, SEARCH_TABLE if limit is None else limit)
    title = f"{_events(count)} {'matches' if count == 1 else 'match'} {query!r}"
    if len(events) < count:
        title = f"the first {len(events):,} of {title} (--limit N for more, --json for all)"
    return print_events(events, form, title)


@main.command("list")
@click.argument("query", required=False, default="")
@db_option
@click.option("--category", metavar="C", help="Only this category.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@output_options
@query_options
@click.pass_context
@one_line_errors
def list_command(
    ctx: click.Context, query: str, db: Path | None, category: str | None, limit: int | None, as_json: bool,
    as_csv: bool, as_tsv: bool, start: str | None, end: str | None, filters: tuple[str, ...],
    search_text: str | None, marked: bool, datasets: tuple[str, ...],
) -> int:  # fmt: skip
    """Events in timeline order, all of them or those a query chooses; exit status 1 when there are none."""
    form = _form(as_json, as_csv, as_tsv)
    if category:
        filters = (*filters, f"category:{category}")
    chosen = selection_of(query, start, end, filters, search_text, marked, datasets)
    if limit is None and form is None:
        limit = TABLE_LIMIT  # a table of a million rows helps no one; --json, --csv and --tsv stream them all
    timeline = Timeline(reading_db(_db(ctx, db)))
    if form is not None and limit is None:
        return stream_events(timeline, chosen, form)
    events, count = chosen.first(timeline, limit)
    title = _events(count)
    if limit == TABLE_LIMIT and count > TABLE_LIMIT:
        title = f"the first {TABLE_LIMIT:,} of {_events(count)} (--limit N for more, --json for all)"
    return print_events(events, form, title)


def stream_events(timeline: Timeline, chosen: Selection, form: str) -> int:
    """Every chosen event, a row at a time, in a machine form; 1 when there were none."""
    writer = RecordWriter(form, shown_stdout())
    for record in iter_records(timeline, chosen, hidden=False):
        writer.write(record)
    writer.finish()
    return 0 if writer.count else 1


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
            json_text(
                {
                    "by_year": {y: dict(zip(keys, rest, strict=False)) for y, *rest in result.by_year},
                    "by_category": {c: dict(zip(keys, rest, strict=False)) for c, *rest in result.by_category},
                    "running_totals": [to_record(_row_of(e)) for e in result.running_totals],
                },
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
