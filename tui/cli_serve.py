"""`frontline serve`: the same app in a web browser, one process a visitor (textual-serve, the optional
`frontline[serve]` part; `tui.serve_sessions` ends each process with its tab and all of them with the server)."""

from __future__ import annotations

import importlib.util
import shlex
import sys
from pathlib import Path

import click

from frontline.store.filters import FilterError, parse_filter_options
from frontline.tui.cli import (
    _db,
    db_option,
    fail,
    iso_day,
    main,
    one_line_errors,
    reading_db,
)


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
    if importlib.util.find_spec("textual_serve") is None:
        fail("serve needs the web server, an optional part: pip install 'frontline[serve]'", 1)
    path = reading_db(_db(ctx, db)).resolve()
    from frontline.tui.serve_sessions import SessionServer  # the web stack only when it is asked for

    SessionServer(serve_command(path, at, search, filters), host=host, port=port, title="frontline").serve()


def serve_command(path: Path, at: str | None = None, search: str | None = None, filters: tuple[str, ...] = ()) -> str:
    """The shell command textual-serve runs for each browser: this Python, this app, this database."""
    words = [sys.executable, "-m", "frontline.tui", "--db", str(path)]
    words += ["--at", at] if at else []
    words += ["--search", search] if search else []
    for one in filters:
        words += ["--filter", one]
    return shlex.join(words)
