"""`frontline places`: the canonical places with their spellings and counts; `merge` and `split` correct them.

The gazetteer joins the spellings it can confirm (Saraqab, Idleb is Saraqib, Idlib). Where it is
wrong, the user says so: `places merge A B` makes B a part of A, `places split A SPELLING` makes
the events spelt SPELLING a place of their own. Decisions are kept and re-applied after every load.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.actors import user_aliases_path
from frontline.store.place_decisions import PlaceError, list_places, merge, split
from frontline.tui.cli import TABLE_LIMIT, _db, db_option, fail, main, one_line_errors, plain, reading_db


@main.group(invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--find", "text", metavar="NAME", help="Only places with a spelling like NAME.")
@click.pass_context
@one_line_errors
def places(ctx: click.Context, db: Path | None, as_json: bool, text: str | None) -> None:
    """Canonical places, with the spellings the sources used and their events.

    Actor aliases of your own go one JSON object a line, {"actor": NAME, "aliases": [...]}, in the
    file named by `frontline load --aliases FILE` or in the user alias file (`frontline places`
    prints its path under the table).
    """
    if ctx.invoked_subcommand is not None:
        ctx.ensure_object(dict)
        if db is not None:  # `frontline places --db X merge A B`: the subcommand uses it
            ctx.obj["db"] = db
        return
    rows = list_places(reading_db(_db(ctx, db)), text)
    if as_json:
        for row in rows:
            record = {"name": row.name, "admin1": row.admin1, "lat": row.lat, "lon": row.lon,
                      "events": row.events, "spellings": row.spellings}  # fmt: skip
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(
        title=f"{len(rows):,} place{'s' if len(rows) != 1 else ''}",
        header_style="bold",
        caption=f"Actor aliases: {user_aliases_path()}",
    )
    for column, justify in (("Place", "left"), ("Governorate", "left"), ("Events", "right"), ("Spellings", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in rows[:TABLE_LIMIT]:
        table.add_row(
            Text(plain(row.name)),
            Text(plain(row.admin1 or "")),
            f"{row.events:,}",
            Text(plain(", ".join(row.spellings))),
        )
    Console().print(table)


@places.command("merge")
@db_option
@click.argument("keep")
@click.argument("other")
@click.pass_context
@one_line_errors
def merge_command(ctx: click.Context, db: Path | None, keep: str, other: str) -> None:
    """Make OTHER a part of KEEP: its spellings and events move over, and stay there after reloads."""
    try:
        kept, merged, moved = merge(reading_db(_db(ctx, db)), keep, other)
    except PlaceError as exc:
        fail(plain(str(exc)))
    click.echo(plain(f"merged {merged} into {kept}: {moved:,} event{'s' if moved != 1 else ''} moved"))


@places.command("split")
@db_option
@click.argument("place")
@click.argument("spelling")
@click.option("--as", "name", metavar="NAME", help="The new place's name (default: the spelling).")
@click.pass_context
@one_line_errors
def split_command(ctx: click.Context, db: Path | None, place: str, spelling: str, name: str | None) -> None:
    """Make the events a source spelt SPELLING a place apart from PLACE; it stays apart after reloads."""
    try:
        kept, new, moved = split(reading_db(_db(ctx, db)), place, spelling, name)
    except PlaceError as exc:
        fail(plain(str(exc)))
    click.echo(plain(f"split {new} from {kept}: {moved:,} event{'s' if moved != 1 else ''} moved"))
