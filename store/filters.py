"""Filters: which events a view shows. Typed in the search box in the query language (`store.querylang`).

`place:Saraqeb category:airstrike after:2019-12 before:"February 2020" -dataset:acled killed>=10 Kafr`
filters by place, category, dates, dataset and figures, and leaves `Kafr` as the words to search
for (with any words left out, `-Saraqeb`, beside them: one full-text query). The simple terms (a field's values, the two dates, `marked`) are kept as fields, so the facets
panel can add and take out a value; every other term is kept as it was read, in `clauses`.
Values of one field given together (`category:airstrike OR category:capture`, or chosen in the
facets) are alternatives; different fields, and every clause, must all hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from frontline.store.canon import Names
from frontline.store.fts import Spellings
from frontline.store.querylang import (
    All,
    Dates,
    Either,
    Field,
    Flag,
    Node,
    QueryError,
    conjuncts,
    is_text,
    is_words,
    parse,
    quote,
)
from frontline.store.querysql import Compiler

LIST_FIELDS = ("category", "place", "actor", "admin1", "precision", "dataset", "tag")
DATE_FIELDS = ("after", "before")
FilterError = QueryError
"""A filter that cannot be applied: an unknown field, a date that is not one, a term it cannot read."""


@dataclass(frozen=True)
class Filters:
    category: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    precision: tuple[str, ...] = ()
    dataset: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()  # the user's own tags (store.layer)
    after: str | None = None  # ISO day: events that end on or after it
    before: str | None = None  # ISO day: events that start on or before it
    marked: bool = False
    clauses: tuple[Node, ...] = ()  # every other term of the query language, all required

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def with_value(self, name: str, value: Any) -> Filters:
        """These filters and one more value (a list field gains an alternative; a date or flag is replaced)."""
        if name in LIST_FIELDS:
            current = getattr(self, name)
            changes: dict[str, Any] = {name: (*current, value)}
            return self if value in current else replace(self, **changes)
        changes = {name: value}
        return replace(self, **changes)

    def with_clause(self, node: Node) -> Filters:
        return self if node in self.clauses else replace(self, clauses=(*self.clauses, node))

    def without(self, name: str) -> Filters:
        changes: dict[str, Any] = {name: () if name in LIST_FIELDS else None if name in DATE_FIELDS else False}
        return replace(self, **changes)

    def nodes(self) -> list[Node]:
        """The filters as terms of the query language, all required."""
        found: list[Node] = []
        for name in LIST_FIELDS:
            values = [Field(name, v) for v in getattr(self, name)]
            if values:
                found.append(values[0] if len(values) == 1 else Either(tuple(values)))
        if self.after:
            found.append(Dates("after", self.after, self.after))
        if self.before:
            found.append(Dates("before", self.before, self.before))
        if self.marked:
            found.append(Flag("marked"))
        return found + list(self.clauses)

    def describe(self) -> str:
        """The filters as they would be typed."""
        return " ".join(n.text() for n in self.nodes())

    def where(self, names: Names | None = None, spellings: Spellings | None = None) -> tuple[str, list[Any]]:
        """A parameterized SQL condition on `events`, "1" when there is nothing to filter. With `names`
        a place or actor means its canonical one; `spellings` gives the other names of a place that
        words name (`-Saraqeb` leaves out Saraqib too)."""
        nodes = self.nodes()
        if not nodes:
            return "1", []
        return Compiler(names, spellings).where(nodes[0] if len(nodes) == 1 else All(tuple(nodes)))


def fold(terms: tuple[Node, ...] | list[Node], filters: Filters | None = None) -> tuple[Filters, list[Node]]:
    """Terms that must all hold, sorted into filters and the searches for words (returned apart)."""
    filters = filters or Filters()
    searches: list[Node] = []
    # Words left out go with the words looked for, one FTS5 query (`Idlib NOT Saraqeb`); with none
    # looked for they filter the view instead.
    looking = any(is_words(node) for node in terms)
    for node in terms:
        if is_words(node) or (looking and is_text(node)):
            searches.append(node)
        elif isinstance(node, Field) and node.name in LIST_FIELDS and not getattr(filters, node.name):
            filters = filters.with_value(node.name, node.value)
        elif (
            isinstance(node, Either)
            and all(isinstance(n, Field) for n in node.nodes)
            and len({n.name for n in node.nodes if isinstance(n, Field)}) == 1
            and isinstance(node.nodes[0], Field)
            and node.nodes[0].name in LIST_FIELDS
            and not getattr(filters, node.nodes[0].name)
        ):
            for n in node.nodes:
                if isinstance(n, Field):
                    filters = filters.with_value(n.name, n.value)
        elif isinstance(node, Dates) and node.kind in DATE_FIELDS and getattr(filters, node.kind) is None:
            filters = filters.with_value(node.kind, node.start if node.kind == "after" else node.end)
        elif isinstance(node, Flag) and node.name == "marked":
            filters = filters.with_value("marked", True)
        else:
            filters = filters.with_clause(node)
    return filters, searches


def parse_filters(text: str, reference: dt.date | None = None) -> tuple[Filters, str]:
    """Split what was typed into filters and the words left to search for (as they would be typed).

    Raises QueryError (FilterError) for anything it cannot read, pointing at the character."""
    filters, searches = fold(conjuncts(parse(text, reference)))
    return filters, " ".join(_grouped(n) for n in searches)


def _grouped(node: Node) -> str:
    return f"({node.text()})" if isinstance(node, All) else node.text()


def parse_filter_options(values: list[str] | tuple[str, ...], reference: dt.date | None = None) -> Filters:
    """`--filter category:airstrike --filter "place:Kafr Lata" --filter killed>=10` from the command line.

    A value may hold spaces without quotes: one option is one term."""
    filters = Filters()
    for option in values:
        name, sep, value = option.partition(":")
        text = option
        if sep and name.strip().isalpha() and '"' not in value and value.strip():
            text = f"{name.strip()}:{quote(value.strip())}"
        try:
            node = parse(text, reference)
        except QueryError as exc:
            raise QueryError(f"{option!r}: {exc.message}") from None
        if node is None or is_words(node) or isinstance(node, All):
            raise QueryError(f"not a filter: {option!r} (expected FIELD:VALUE, e.g. category:airstrike)")
        filters, _ = fold([node], filters)
    return filters
