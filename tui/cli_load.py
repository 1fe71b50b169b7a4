"""`frontline load`: files into the database in one transaction, with a progress bar on a terminal."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from frontline.store.formats import READERS
from frontline.store.load import LoadResult, load_files
from frontline.tui.cli import (
    PROGRESS_BYTES,
    _db,
    db_option,
    iso_day,
    main,
    one_line_errors,
    plain,
    resolve_db,
)


class ReadColumn(DownloadColumn):
    """Bytes read, while reading; nothing in the phases after it, which have no amount to count."""

    def render(self, task: Task) -> Text:
        return Text("") if task.total is None else super().render(task)


REFUSED_SOME = 3  # --skip-bad: the good rows loaded, some were refused (0: all loaded)
REFUSED_ALL = 2  # --skip-bad: every row was refused, nothing loaded (as for bad input)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(sorted(READERS)), help="The files' format (default: from each file)."
)
@click.option("--published", metavar="DATE", help='The day relative dates count from ("Wednesday", "since December").')
@click.option("--dataset", metavar="NAME", help="Name the events' dataset (default: each file's name).")
@click.option("--dry-run", is_flag=True, help="Check the files and show what would load, changing nothing.")
@click.option(
    "--skip-bad", is_flag=True,
    help="Load the good rows and write the refused ones to a rejects file beside each input (exit status 3).",
)  # fmt: skip
@click.option(
    "--rejects", "rejects", type=click.Path(path_type=Path), metavar="PATH",
    help="With --skip-bad: write the refused rows here instead of beside the input.",
)  # fmt: skip
@click.pass_context
@one_line_errors
def load(
    ctx: click.Context, files: tuple[Path, ...], db: Path | None, fmt: str | None, published: str | None,
    dataset: str | None, dry_run: bool, skip_bad: bool, rejects: Path | None,
) -> None:  # fmt: skip
    """Load events from FILES in one transaction: all or nothing.

    With --skip-bad, every good row loads (still in one transaction) and every refused row goes to
    a rejects file beside its input (NAME.rejects.csv, .jsonl, ...), in the input's own format with
    its line, field and reason, to be fixed and loaded again. Exit status: 0 all loaded, 3 some rows
    refused, 2 nothing loaded (bad input), 1 a database or disk error.

    CSV, JSON Lines, a JSON array, ACLED, UCDP GED, TimelineJS (JSON or its sheet), iCalendar, or
    the text of a news article (its dated sentences, counted from --published). The format is told
    from each file's name and first lines; --format overrides.

    Loading the same file again changes nothing; a changed record updates in place.
    """
    if rejects is not None and not skip_bad:
        raise click.UsageError("--rejects needs --skip-bad")
    path = resolve_db(_db(ctx, db))
    day = iso_day(published, "--published")
    reference = dt.date.fromisoformat(day) if day else None
    console = Console(stderr=True)
    total = sum(f.stat().st_size for f in files if f.is_file())
    show_progress = console.is_terminal and total >= PROGRESS_BYTES
    progress = Progress(
        TextColumn("{task.description:<8}"), BarColumn(), ReadColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    )  # fmt: skip
    done: dict[Path, int] = {}
    task = progress.add_task("reading", total=total)

    def report(file: Path, read: int) -> None:
        done[file] = read
        progress.update(task, completed=sum(done.values()))

    def phase(name: str) -> None:
        """After reading: the merge and the indexes, which take seconds on a big file. Its bar pulses."""
        for shown in progress.task_ids:
            progress.update(shown, visible=False)
        progress.add_task(name, total=None)

    with progress if show_progress else nullcontext():
        result = load_files(
            path, files, format=fmt, dataset=dataset, published=reference, dry_run=dry_run,
            progress=report if show_progress else None, skip_bad=skip_bad, rejects=rejects,
            phase=phase if show_progress else None,
        )  # fmt: skip
    if dry_run:
        _show_preview(result)
    click.echo(plain(f"{result.line()} ({path})"))
    if result.refused:
        sys.exit(REFUSED_SOME if result.total or result.eras else REFUSED_ALL)


def _show_preview(result: LoadResult) -> None:
    if not result.preview:
        return
    table = Table(title="What would load", header_style="bold")
    for column in ("", "Date", "Title", "Place", "Id"):
        table.add_column(column)
    from frontline.store.times import format_when_short

    for row in result.preview:
        table.add_row(
            Text(row["status"]),
            Text(format_when_short(row["date_start"], row["date_end"], row["precision"], row.get("time_start"))),
            Text(plain(row["title"])),
            Text(plain(row["place"])),
            Text(plain(row["id"])),
        )
    Console().print(table)
    shown = len(result.preview)
    if shown < result.new + result.updated:
        click.echo(f"(the first {shown} of {result.new + result.updated:,} shown)")
