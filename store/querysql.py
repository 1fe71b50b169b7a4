"""A query tree (`store.querylang`) as a parameterized SQL condition on the `events` table.

Words become one FTS5 MATCH wherever they can (`store.fts`), so `Idlib -Saraqeb` is one index
lookup; fields, figures, dates and flags are plain conditions. Every condition is NULL-safe, so
`-category:battle` keeps the events that have no category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frontline.store.categories import canonical
from frontline.store.fts import Spellings, expression, fts_able
from frontline.store.querylang import All, Compare, Dates, Either, Field, Flag, Node, Not, Text

if TYPE_CHECKING:
    from frontline.store.canon import Names

DISPUTE_MARKERS = ("disagree", "disput", "contested", "conflicting")
"""How the notes of the built-in data (and of most curated sets) record a disagreement between sources:
"Sources disagree on the toll...", "...is disputed by the opposition"."""

LINKED = (
    "events.id IN (SELECT a FROM links WHERE status IN ('confirmed', 'proposed') "
    "UNION SELECT b FROM links WHERE status IN ('confirmed', 'proposed'))"
)
"""An event with a link that stands: confirmed, or proposed by `frontline reconcile` and not yet
decided, as the timeline's link marks show (store.links.Links.status_of). A rejected link is none."""

TOTAL = Flag("total")
"""`is:total`: beside it, `killed>=N` compares the running totals' figures; elsewhere only events' own."""

MATCH = "seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"


def own_figures(node: Node, totals: bool = False) -> bool:
    """Does this tree compare a figure where only events' own count (no `is:total` beside it)? Negated,
    such a tree still leaves running totals out: they match neither `killed>=10` nor `-killed>=10`."""
    if isinstance(node, Compare):
        return not totals
    if isinstance(node, Not):
        return own_figures(node.node, totals)
    if isinstance(node, (All, Either)):
        totals = totals or (isinstance(node, All) and TOTAL in node.nodes)
        return any(own_figures(n, totals) for n in node.nodes)
    return False


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
    """Turns trees into SQL for one database. With `names` (store.canon), a place or an actor means its
    canonical one: `place:Saraqeb` is every event at Saraqib whatever it was spelt, `actor:HTS` every
    event of Hayat Tahrir al-Sham. `spellings` gives the other names of a place that words name."""

    def __init__(self, names: Names | None = None, spellings: Spellings | None = None) -> None:
        self.names = names
        self.spellings = spellings

    def where(self, node: Node | None) -> tuple[str, list[Any]]:
        if node is None:
            return "1", []
        args: list[Any] = []
        return self._sql(node, args), args

    def _sql(self, node: Node, args: list[Any], totals: bool = False) -> str:
        """`totals`: `is:total` must hold beside this node, so a figure compares the running totals too."""
        if isinstance(node, All):
            return self._all(node, args, totals)
        if isinstance(node, Either):
            if fts_able(node):
                args.append(expression(node, spellings=self.spellings))
                return MATCH
            return "(" + " OR ".join(self._sql(n, args, totals) for n in node.nodes) + ")"
        if isinstance(node, Not):
            inner = node.node
            if fts_able(inner):
                args.append(expression(inner, spellings=self.spellings))
                return f"seq NOT {MATCH[4:]}"
            negated = f"NOT coalesce({self._sql(inner, args, totals)}, 0)"
            # `-killed>=10` is among events' own figures too: not a running total's, unless is:total is beside
            return f"(NOT coalesce(running_total, 0) AND {negated})" if own_figures(inner, totals) else negated
        if isinstance(node, Text):
            args.append(expression(node, spellings=self.spellings))
            return MATCH
        if isinstance(node, Field):
            return self._field(node, args)
        if isinstance(node, Compare):  # an event's own figure: a running total's only beside is:total
            args.append(node.number)
            own = "" if totals else " AND NOT coalesce(running_total, 0)"
            return f"({node.column} IS NOT NULL AND {node.column} {node.op} ?{own})"
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

    def _all(self, node: All, args: list[Any], totals: bool = False) -> str:
        """Words, and words excluded, go to FTS5 together; the rest are conditions beside them."""
        totals = totals or TOTAL in node.nodes
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
        clauses.extend(self._sql(n, args, totals) for n in rest)
        return "(" + " AND ".join(clauses) + ")"

    def _field(self, node: Field, args: list[Any]) -> str:
        if node.name == "tag":  # the user's own tags (store.layer), kept folded and without their '#'
            args.append(node.value.lstrip("#").casefold())
            return "events.id IN (SELECT id FROM user_tags WHERE tag = ?)"
        if node.name == "actor":
            actors = list(dict.fromkeys([node.value, *([self.names.actor(node.value)] if self.names else [])]))
            args.extend(actors)
            marks = ", ".join("?" * len(actors))
            return f"EXISTS (SELECT 1 FROM json_each(events.actor_keys) WHERE value COLLATE NOCASE IN ({marks}))"
        if node.name == "category":  # category:Battles is battle, as the loads make it
            forms = _plural_forms(node.value)
            forms = list(dict.fromkeys([*forms, *(c.casefold() for c in map(canonical, forms) if c)]))
            args.extend(forms)
            return f"lower(category) IN ({', '.join('?' * len(forms))})"
        if node.name == "place":
            ids = self.names.place_ids(node.value) if self.names else []
            args.extend([*ids, node.value])
            spelled = f"place_id IN ({', '.join('?' * len(ids))}) OR " if ids else ""
            return f"({spelled}place = ? COLLATE NOCASE)"
        args.append(node.value)
        return f"{node.name} = ? COLLATE NOCASE"  # admin1, precision, dataset: names from a fixed list

    def _flag(self, node: Flag, args: list[Any]) -> str:
        if node.name == "marked":
            return "events.id IN (SELECT id FROM marks)"
        if node.name == "total":  # a running total: a tally to date, not one event's own figure
            return "coalesce(running_total, 0)"
        if node.name == "disputed":  # as Event.disagreement reads it: a recorded disagreement, or a note
            args.extend(f"%{word}%" for word in DISPUTE_MARKERS)
            notes = " OR ".join("notes LIKE ?" for _ in DISPUTE_MARKERS)
            return f"(json_extract(extra, '$.disagreement') OR {notes})"
        return LINKED
