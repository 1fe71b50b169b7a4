"""`frontline edit`, `add`, `revert`, `tag`, `note`, `hide`, `restore` and `history`: the user's layer
from scripts. The same store calls as the app's keys, the same validation as a load."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.layer import Change, Layer, LayerError
from frontline.tui.cli import _db, counted, db_option, fail, main, one_line_errors, plain, reading_db


def _layer(ctx: click.Context, db: Path | None) -> Layer:
    return Layer(reading_db(_db(ctx, db)))


def _assignments(pairs: tuple[str, ...]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or not field.strip():
            raise click.BadParameter(f"expected FIELD=VALUE, found {pair!r}", param_hint="FIELD=VALUE")
        values[field.strip()] = value if value.strip() else None
    return values


def _said(layer: Layer, n: int | None, what: str) -> None:
    click.echo(f"{what} (change {n}; frontline history shows it)" if n is not None else "nothing changed")


def _run(action, ident: str | None = None):
    try:
        return action()
    except LayerError as error:
        fail(plain(f"{ident}: {error}" if ident and error.field != "id" else str(error)))


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("pairs", nargs=-1, required=True, metavar="FIELD=VALUE...")
@db_option
@click.pass_context
@one_line_errors
def edit(ctx: click.Context, ident: str, pairs: tuple[str, ...], db: Path | None) -> None:
    """Correct fields of an event: `frontline edit ID place=Saraqib "date=28 Jan 2020"`.

    The correction sits on top of what the source said, and stays there through reloads; an
    empty value clears the field. Values are checked as a load checks them.
    """
    layer = _layer(ctx, db)
    values = _assignments(pairs)
    _said(layer, _run(lambda: layer.edit(ident, values), ident), f"corrected {', '.join(values)} of {ident}")


@main.command()
@click.argument("pairs", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--dataset", metavar="NAME", help="Into this dataset (default: “my events”).")
@db_option
@click.pass_context
@one_line_errors
def add(ctx: click.Context, pairs: tuple[str, ...], dataset: str | None, db: Path | None) -> None:
    """Add an event of your own: `frontline add "date=29 Jan 2020" "title=Call with a witness"`."""
    layer = _layer(ctx, db)
    ident = _run(lambda: layer.add(_assignments(pairs), dataset))
    click.echo(f"added {ident}")


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("fields", nargs=-1, required=True, metavar="FIELD...")
@db_option
@click.pass_context
@one_line_errors
def revert(ctx: click.Context, ident: str, fields: tuple[str, ...], db: Path | None) -> None:
    """Put corrected fields back to what the source says."""
    layer = _layer(ctx, db)
    for field in fields:
        _said(layer, _run(lambda f=field: layer.revert(ident, f)), f"{field} of {ident} is the source's again")


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("words", nargs=-1, required=True, metavar="TAG...")
@db_option
@click.pass_context
@one_line_errors
def tag(ctx: click.Context, ident: str, words: tuple[str, ...], db: Path | None) -> None:
    """Tag an event: `frontline tag ID verified story-a`; `-word` takes a tag off."""
    layer = _layer(ctx, db)
    add_, drop = [w for w in words if not w.startswith("-")], [w[1:] for w in words if w.startswith("-")]

    def change() -> int | None:
        tags = [t for t in layer.tags(ident) if t not in {w.lstrip("#").casefold() for w in drop}]
        return layer.set_tags(ident, [*tags, *add_])

    _said(layer, _run(change), f"{ident}: {' '.join('#' + t for t in layer.tags(ident)) or 'no tags'}")


@main.command()
@click.argument("ident", metavar="ID")
@click.argument("text", required=False, default="")
@db_option
@click.pass_context
@one_line_errors
def note(ctx: click.Context, ident: str, text: str, db: Path | None) -> None:
    """Your own note on an event (search finds it); with no text, the note is removed."""
    layer = _layer(ctx, db)
    _said(layer, _run(lambda: layer.set_note(ident, text)), f"note on {ident} {'saved' if text.strip() else 'removed'}")


@main.command()
@click.argument("ident", metavar="ID")
@db_option
@click.pass_context
@one_line_errors
def hide(ctx: click.Context, ident: str, db: Path | None) -> None:
    """Hide an event from the timeline. It is kept: `frontline restore ID` shows it again."""
    layer = _layer(ctx, db)
    _said(layer, _run(lambda: layer.set_hidden(ident, True)), f"{ident} hidden")


@main.command()
@click.argument("ident", metavar="ID")
@db_option
@click.pass_context
@one_line_errors
def restore(ctx: click.Context, ident: str, db: Path | None) -> None:
    """Show a hidden event again."""
    layer = _layer(ctx, db)
    _said(layer, _run(lambda: layer.set_hidden(ident, False)), f"{ident} restored")


def _change_text(change: Change) -> str:
    """A change as a person reads it: a line a field, "place: Aleppo → Saraqib"."""
    before, after = change.before, change.after
    if isinstance(before, dict) or isinstance(after, dict):
        old, new = before or {}, after or {}
        lines = [f"{k}: {_value(old.get(k))} → {_value(new.get(k))}" for k in dict.fromkeys([*old, *new])]
        return "\n".join(plain(line) for line in lines)
    return plain(f"{_value(before)} → {_value(after)}")


def _value(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@main.command()
@click.option("--id", "ident", metavar="ID", help="Only this event's changes.")
@click.option("--limit", type=int, default=50, show_default=True, help="The newest this many changes.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record a line.")
@db_option
@click.pass_context
@one_line_errors
def history(ctx: click.Context, ident: str | None, limit: int, as_json: bool, db: Path | None) -> None:
    """Every change you made (edits, tags, notes, marks, hides), newest first, with its time."""
    changes = _layer(ctx, db).history(limit=limit, ident=ident)
    if as_json:
        for change in changes:
            click.echo(json.dumps(change.__dict__, ensure_ascii=False))
        return
    table = Table(title=counted(len(changes), "change"), header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("When (UTC)", no_wrap=True)
    table.add_column("What", no_wrap=True)
    table.add_column("Event", overflow="fold")  # an id whole, over two lines if need be, never cut
    table.add_column("Change", overflow="fold")
    for change in changes:
        when = change.at[:16].replace("T", " ")  # to the minute: `--json` has the seconds
        table.add_row(str(change.n), when, change.action, Text(plain(change.id)), Text(_change_text(change)))
    Console().print(table)
