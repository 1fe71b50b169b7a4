"""What a command asks for: the query language plus the options that say the same (`--from`, `--to`,
`--filter`, `--search`, `--marked`, `--dataset`), as one `Selection` that `list`, `search`, `export`
and the TUI's "Export this view" all read the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from frontline.store.filters import Filters, fold, parse_filter_options
from frontline.store.models import EVENT_SELECT, Event
from frontline.store.query import Search, Timeline
from frontline.store.querylang import All, Dates, Either, Field, Flag, Node, conjuncts, parse
from frontline.store.querysql import Compiler


@dataclass(frozen=True)
class Selection:
    """Filters that narrow the timeline and the words searched for in what is left."""

    filters: Filters = field(default_factory=Filters)
    words: str = ""
    start: str | None = None  # ISO day the range asked for begins (from --from or after:)
    end: str | None = None  # ISO day it ends (from --to or before:)

    @property
    def query(self) -> str:
        """The whole selection as it would be typed in the search box."""
        return " ".join(p for p in (self.filters.describe(), self.words) if p)

    def nodes(self) -> list[Node]:
        words = parse(self.words)
        return self.filters.nodes() + list(conjuncts(words))

    def view(self, timeline: Timeline) -> tuple[Timeline, Search | None]:
        """The view the filters make of `timeline`, and the search of its words (None without words)."""
        view = timeline.filtered(self.filters)
        return view, view.search(self.words) if self.words else None

    def first(self, timeline: Timeline, limit: int | None) -> tuple[list[Event], int]:
        """The first `limit` events selected (all if None), and how many there are in all."""
        view, found = self.view(timeline)
        if found is None:
            count = view.count()
            return view.rows(0, count if limit is None else limit), count
        count = found.count()
        return found.page(limit=count if limit is None else limit), count

    def where(self, timeline: Timeline, *, hidden: bool = True) -> tuple[str, list[object]]:
        """The whole selection as one SQL condition on `events`; without `hidden`, the events the
        user hid (store.layer) stay out, as they do in the app's view."""
        nodes = self.nodes()
        where, args = "1", list[object]()
        if nodes:
            compiler = Compiler(timeline.names(), timeline.spellings_of)
            where, args = compiler.where(nodes[0] if len(nodes) == 1 else All(tuple(nodes)))
        if not hidden:
            where = f"({where}) AND events.id NOT IN (SELECT id FROM user_hidden)"
        return where, args

    def rows(self, timeline: Timeline, *, hidden: bool = True) -> Iterator[tuple]:
        """Every selected event as a row of `EVENT_SELECT`, in timeline order, read a row at a time."""
        where, args = self.where(timeline, hidden=hidden)
        yield from timeline._conn().execute(f"{EVENT_SELECT} WHERE {where} ORDER BY seq", args)


def select(
    query: str = "", *, start: str | None = None, end: str | None = None, filters: tuple[str, ...] = (),
    search: str | None = None, marked: bool = False, datasets: tuple[str, ...] = (),
    reference: dt.date | None = None,
) -> Selection:  # fmt: skip
    """A selection from a query string and the options that add to it (all must hold).

    `start`/`end` are ISO days (already read from whatever the person wrote). Raises QueryError."""
    terms: list[Node] = [*conjuncts(parse(query, reference)), *conjuncts(parse(search or "", reference))]
    if start:
        terms.append(Dates("after", start, start, start))
    if end:
        terms.append(Dates("before", end, end, end))
    if datasets:
        names = tuple(Field("dataset", d) for d in dict.fromkeys(datasets))
        terms.append(names[0] if len(names) == 1 else Either(names))
    if marked:
        terms.append(Flag("marked"))
    chosen, searches = fold(terms, parse_filter_options(filters, reference))
    words = " ".join(f"({n.text()})" if isinstance(n, All) else n.text() for n in searches)
    first = [t.start for t in terms if isinstance(t, Dates) and t.kind in ("after", "on")]
    last = [t.end for t in terms if isinstance(t, Dates) and t.kind in ("before", "on")]
    if chosen.after:
        first.append(chosen.after)
    if chosen.before:
        last.append(chosen.before)
    return Selection(chosen, words, max(first, default=None), min(last, default=None))
