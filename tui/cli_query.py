"""`frontline export`, `search`, `list` and `stats`: the database's answers for scripts and people."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import IO, TextIO, cast

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.export import FORMATS as EXPORT_FORMATS
from frontline.store.export import export
from frontline.store.export_links import export_reconciled
from frontline.store.query import Timeline
from frontline.store.record import to_record
from frontline.store.safe_text import json_text
from frontline.tui.cli import (
    TABLE_LIMIT,
    _db,
    _events,
    _figure,
    _row_of,
    db_option,
    events_table,
    fail,
    iso_day,
    main,
    one_line_errors,
    plain,
    print_events,
    reading_db,
)
from frontline.tui.text import clean


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


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="The output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option(
    "--reconciled",
    is_flag=True,
    help="One row per happening (a confirmed group once), with every source's figure (jsonl or csv).",
)
@click.pass_context
@one_line_errors
def export_command(ctx: click.Context, db: Path | None, fmt: str, output: Path | None, reconciled: bool) -> None:
    """Write every event out, in the record form that `load` reads back (with its link decisions)."""
    if reconciled and fmt not in ("jsonl", "csv"):
        fail("--reconciled writes jsonl or csv")
    path = reading_db(_db(ctx, db))
    write = export_reconciled if reconciled else export
    noun = "happenings" if reconciled else "events"
    if output is None:
        shown = cast("IO[str]", _ShownText(sys.stdout))  # a TextIOBase: the exporters only write to it
        write(path, fmt, shown if sys.stdout.isatty() else sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        count = write(path, fmt, handle)
    click.echo(plain(f"wrote {count:,} {noun} to {output}"), err=True)


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
