"""`frontline reconcile`: link the reports of one happening, list what waits for a decision, decide."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from frontline.store.links import Link, Links, Proposal, ReconcileError
from frontline.store.models import Event
from frontline.tui.cli import _db, _figure, db_option, fail, main, one_line_errors, plain, reading_db

PARTS = ("date", "place", "category", "actors", "figures", "words")


def reasons_line(link: Link) -> str:
    """The reasons of a link, part by part, in one line: "date: same day; place: 2 km apart; …"."""
    return "; ".join(f"{name}: {link.reasons[name]['why']}" for name in PARTS if name in link.reasons)


def figures(event: Event) -> str:
    parts = []
    if event.fatalities is not None:
        parts.append(f"{_figure(event.fatalities)} killed")
    if event.displaced is not None:
        parts.append(f"{_figure(event.displaced)} displaced")
    return ", ".join(parts)


def _link_json(link: Link) -> dict:
    return {"a": link.a, "b": link.b, "score": link.score, "status": link.status, "reasons": link.reasons}


def proposals_table(proposals: list[Proposal], events: dict[str, Event]) -> Table:
    """Each proposed group: its reports, then each link's score and reasons. Every cell is a Text."""
    table = Table(title=Text("Proposed groups: reports that may be one happening"), header_style="bold")
    for name, justify in (("Group", "right"), ("Score", "right"), ("Dataset", "left"), ("Id", "left"),
                          ("Date", "left"), ("Place", "left"), ("Figures", "right"), ("Title", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]  # the literals are Rich's justify values
    for number, proposal in enumerate(proposals, start=1):
        for i, ident in enumerate(proposal.ids):
            event = events.get(ident)
            if event is None:
                continue
            table.add_row(
                Text(str(number) if i == 0 else ""), Text(f"{proposal.score:.2f}" if i == 0 else ""),
                Text(plain(event.dataset)), Text(plain(event.id)), Text(event.date_short), Text(plain(event.place)),
                Text(figures(event)), Text(plain(event.title)),
            )  # fmt: skip
        for link in proposal.links:
            table.add_row(
                Text(""), Text(f"{link.score:.2f}", style="dim"), Text(link.status, style="dim"),
                Text(f"{plain(link.a)} ↔ {plain(link.b)}", style="dim"), Text(""), Text(""), Text(""),
                Text(plain(reasons_line(link)), style="dim"),
            )  # fmt: skip
        table.add_section()
    return table


@main.group("reconcile", invoke_without_command=True)
@db_option
@click.option("--list", "show", is_flag=True, help="Show the proposed groups with their scores and reasons.")
@click.option("--json", "as_json", is_flag=True, help="With --list: one JSON object a group.")
@click.option("--limit", default=50, show_default=True, help="With --list: at most this many groups.")
@click.pass_context
@one_line_errors
def reconcile_command(ctx: click.Context, db: Path | None, show: bool, as_json: bool, limit: int) -> None:
    """Propose links between reports of one happening (in other datasets, or twice in one).

    Loading does this for the new events; this compares them all. Only you confirm a link:
    `frontline reconcile confirm ID ID`, or `reject`.
    """
    ctx.ensure_object(dict)
    ctx.obj["reconcile_db"] = db
    if ctx.invoked_subcommand is not None:
        return
    links = Links.open(reading_db(_db(ctx, db)))
    try:
        if not show:
            click.echo(links.run().line())
            return
        proposals = links.proposals(limit)
        events = links.events(i for p in proposals for i in p.ids)
    finally:
        links.close()
    if as_json:
        for proposal in proposals:
            record = {"ids": proposal.ids, "score": proposal.score, "links": [_link_json(x) for x in proposal.links]}
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    console = Console()
    if not proposals:
        console.print(Text("No proposed links wait for a decision."))
        return
    console.print(proposals_table(proposals, events))


def _decide(ctx: click.Context, ids: tuple[str, ...], db: Path | None, status: str) -> None:
    path = reading_db(db if db is not None else ctx.obj.get("reconcile_db") or _db(ctx, None))
    links = Links.open(path)
    try:
        decided = links.decide(list(ids), status)
    except ReconcileError as exc:
        fail(plain(str(exc)))
    finally:
        links.close()
    for link in decided:
        click.echo(f"{status} {plain(link.a)} ↔ {plain(link.b)} (score {link.score:.2f})")


@reconcile_command.command("confirm")
@click.argument("ids", nargs=-1, required=True)
@db_option
@click.pass_context
@one_line_errors
def confirm_command(ctx: click.Context, ids: tuple[str, ...], db: Path | None) -> None:
    """Confirm that these events report one happening (two ids, or more for a chain)."""
    _decide(ctx, ids, db, "confirmed")


@reconcile_command.command("reject")
@click.argument("ids", nargs=-1, required=True)
@db_option
@click.pass_context
@one_line_errors
def reject_command(ctx: click.Context, ids: tuple[str, ...], db: Path | None) -> None:
    """Say that these events are different happenings: the link is never proposed again."""
    _decide(ctx, ids, db, "rejected")
