"""A query tree (`store.querylang`) as a parameterized SQL condition on the `events` table.

Words become one FTS5 MATCH wherever they can (`store.fts`), so `Idlib -Saraqeb` is one index
lookup; fields, figures, dates and flags are plain conditions. Every condition is NULL-safe, so
`-category:battle` keeps the events that have no category.
"""

from __future__ import annotations

from typing import Any

from frontline.store.fts import Spellings, expression, fts_able
from frontline.store.querylang import All, Compare, Dates, Either, Field, Flag, Node, Not, QueryError, Text

DISPUTE_MARKERS = ("disagree", "disput", "contested", "conflicting")
"""How the notes of the built-in data (and of most curated sets) record a disagreement between sources:
"Sources disagree on the toll...", "...is disputed by the opposition"."""

WIRED: dict[str, str | None] = {
    "tag": None,  # e.g. "id IN (SELECT event_id FROM tags WHERE tag = ? COLLATE NOCASE)" once tags exist
    # An event with a link that stands: confirmed, or proposed by `frontline reconcile` and not yet
    # decided, as the timeline's link marks show (store.links.Links.status_of). A rejected link is none.
    "linked": (
        "id IN (SELECT a FROM links WHERE status IN ('confirmed', 'proposed') "
        "UNION SELECT b FROM links WHERE status IN ('confirmed', 'proposed'))"
    ),
}
"""Terms the language reads before the data exists to answer them: None says so to the person asking."""

NOT_YET = {
    "tag": "no tags yet: tag: will find the events you tag, once tagging arrives",
}

MATCH = "seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"


def _plural_forms(value: str) -> list[str]:
    """A category as typed and its other number: 'battle' also finds 'Battles', 'airstrikes' 'airstrike'."""
    low = value.casefold()
    forms = [low]
    if low.endswith("ies"):
        forms.append(low[:-3] + "y")
    elif low.endswith("s") and not low.endswith("ss"):
        forms.append(low[:-1])
    else:
        forms.append(low[:-1] + "ies" if low.endswith("y") else low + "s")
    return list(dict.fromkeys(forms))


class Compiler:
    """Turns trees into SQL for one database: `place_names` holds every spelling of each known place."""

    def __init__(self, place_names: dict[str, list[str]] | None = None, spellings: Spellings | None = None) -> None:
        self.place_names = place_names or {}
        self.spellings = spellings

    def where(self, node: Node | None) -> tuple[str, list[Any]]:
        if node is None:
            return "1", []
        args: list[Any] = []
        return self._sql(node, args), args

    def _sql(self, node: Node, args: list[Any]) -> str:
        if isinstance(node, All):
            return self._all(node, args)
        if isinstance(node, Either):
            if fts_able(node):
                args.append(expression(node, spellings=self.spellings))
                return MATCH
            return "(" + " OR ".join(self._sql(n, args) for n in node.nodes) + ")"
        if isinstance(node, Not):
            inner = node.node
            if fts_able(inner):
                args.append(expression(inner, spellings=self.spellings))
                return f"seq NOT {MATCH[4:]}"
            return f"NOT coalesce({self._sql(inner, args)}, 0)"
        if isinstance(node, Text):
            args.append(expression(node, spellings=self.spellings))
            return MATCH
        if isinstance(node, Field):
            return self._field(node, args)
        if isinstance(node, Compare):
            args.append(node.number)
            return f"({node.column} IS NOT NULL AND {node.column} {node.op} ?)"
        if isinstance(node, Dates):
            if node.kind == "after":
                args.append(node.start)
                return "date_end >= ?"
            if node.kind == "before":
                args.append(node.end)
                return "date_start <= ?"
            args.extend([node.start, node.end])
            return "(date_end >= ? AND date_start <= ?)"
        if isinstance(node, Flag):
            return self._flag(node, args)
        raise TypeError(f"not a query node: {node!r}")

    def _all(self, node: All, args: list[Any]) -> str:
        """Words, and words excluded, go to FTS5 together; the rest are conditions beside them."""
        words: list[Node] = [n for n in node.nodes if isinstance(n, Text) or (isinstance(n, Either) and fts_able(n))]
        unwanted: list[Node] = [n for n in node.nodes if isinstance(n, Not) and fts_able(n.node)]
        rest = [n for n in node.nodes if n not in words and n not in unwanted]
        clauses = []
        if words:
            together = All(tuple(words + unwanted)) if len(words) + len(unwanted) > 1 else words[0]
            args.append(expression(together, spellings=self.spellings))
            clauses.append(MATCH)
        elif unwanted:
            inner = [n.node for n in unwanted if isinstance(n, Not)]
            either = Either(tuple(inner)) if len(inner) > 1 else inner[0]
            args.append(expression(either, spellings=self.spellings))
            clauses.append(f"seq NOT {MATCH[4:]}")
        clauses.extend(self._sql(n, args) for n in rest)
        return "(" + " AND ".join(clauses) + ")"

    def _field(self, node: Field, args: list[Any]) -> str:
        if node.name == "tag":
            return self._wired("tag", node, args, [node.value])
        if node.name == "actor":
            args.append(node.value)
            return "EXISTS (SELECT 1 FROM json_each(events.actors) WHERE value = ? COLLATE NOCASE)"
        if node.name == "category":
            forms = _plural_forms(node.value)
            args.extend(forms)
            return f"lower(category) IN ({', '.join('?' * len(forms))})"
        if node.name == "place":
            names = list(dict.fromkeys(self.place_names.get(node.value.casefold(), [node.value])))
            args.extend(names)
            return f"place COLLATE NOCASE IN ({', '.join('?' * len(names))})"
        args.append(node.value)
        return f"{node.name} = ? COLLATE NOCASE"  # admin1, precision, dataset: names from a fixed list

    def _flag(self, node: Flag, args: list[Any]) -> str:
        if node.name == "marked":
            return "id IN (SELECT id FROM marks)"
        if node.name == "disputed":
            args.extend(f"%{word}%" for word in DISPUTE_MARKERS)
            return "(" + " OR ".join("notes LIKE ?" for _ in DISPUTE_MARKERS) + ")"
        return self._wired(node.name, node, args, [])

    def _wired(self, name: str, node: Node, args: list[Any], values: list[Any]) -> str:
        sql = WIRED.get(name)
        if sql is None:
            raise QueryError(NOT_YET[name], column=node.at + 1)
        args.extend(values)
        return sql
