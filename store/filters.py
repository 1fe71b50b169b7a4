"""Filters: which events a view shows. Typed in the search box as `field:value` words.

`place:Saraqeb category:airstrike after:2019-12 before:"February 2020" Kafr` filters by place,
category and dates (read by `store.dates`), and leaves `Kafr` as the words to search for.
Values of one field are alternatives (any of them); different fields must all hold.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from frontline.store.canon import Names
from frontline.store.categories import canonical
from frontline.store.dates import DateError, parse_date

LIST_FIELDS = ("category", "place", "actor", "admin1", "precision", "dataset", "tag")
DATE_FIELDS = ("after", "before")
FIELD_ALIASES = {"type": "category", "cat": "category", "in": "place", "governorate": "admin1", "from": "after",
                 "since": "after", "until": "before", "to": "before", "who": "actor"}  # fmt: skip
_TOKEN = re.compile(r'(\w+):("([^"]*)"?|\S*)')


class FilterError(ValueError):
    """A filter that cannot be applied: an unknown field or a date that is not one."""


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

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def with_value(self, name: str, value: Any) -> Filters:
        """These filters and one more value (a list field gains an alternative; a date or flag is replaced)."""
        if name in LIST_FIELDS:
            current = getattr(self, name)
            grown: dict[str, Any] = {name: (*current, value)}  # a field named at run time: typed by hand
            return self if value in current else replace(self, **grown)
        changed: dict[str, Any] = {name: value}
        return replace(self, **changed)

    def without(self, name: str) -> Filters:
        empty: dict[str, Any] = {name: () if name in LIST_FIELDS else None if name in DATE_FIELDS else False}
        return replace(self, **empty)

    def describe(self) -> str:
        """The filters as they would be typed."""
        parts: list[str] = []
        for name in LIST_FIELDS:
            parts.extend(f"{name}:{_quote(v)}" for v in getattr(self, name))
        parts.extend(f"{name}:{getattr(self, name)}" for name in DATE_FIELDS if getattr(self, name))
        if self.marked:
            parts.append("marked:yes")
        return " ".join(parts)

    def where(self, names: Names | None = None) -> tuple[str, list[Any]]:
        """A parameterized SQL condition on `events`, "1" when there is nothing to filter.

        With `names`, a place or an actor means its canonical one: `place:Saraqeb` is every event at
        Saraqib whatever it was spelt, `actor:HTS` every event of Hayat Tahrir al-Sham."""
        clauses: list[str] = []
        args: list[Any] = []

        def any_of(column: str, values: tuple[str, ...]) -> None:
            clauses.append(f"{column} COLLATE NOCASE IN ({', '.join('?' * len(values))})")
            args.extend(values)

        if self.category:  # category:Battles is battle, as the loads make it
            any_of("category", tuple(dict.fromkeys([*self.category, *(c for c in map(canonical, self.category) if c)])))
        for name in ("admin1", "precision", "dataset"):
            if getattr(self, name):
                any_of(name, getattr(self, name))
        if self.place:
            ids = list(dict.fromkeys(i for value in self.place for i in (names.place_ids(value) if names else [])))
            spelled = " OR ".join([f"place_id IN ({', '.join('?' * len(ids))})"] if ids else [])
            clauses.append(
                f"({spelled + ' OR ' if spelled else ''}place COLLATE NOCASE IN ({', '.join('?' * len(self.place))}))"
            )
            args.extend([*ids, *self.place])
        if self.actor:
            actors = list(dict.fromkeys([*self.actor, *(names.actor(a) for a in self.actor if names)]))
            marks = ", ".join("?" * len(actors))
            clauses.append(
                f"EXISTS (SELECT 1 FROM json_each(events.actor_keys) WHERE value COLLATE NOCASE IN ({marks}))"
            )
            args.extend(actors)
        if self.tag:
            marks = ", ".join("?" * len(self.tag))
            clauses.append(f"events.id IN (SELECT id FROM user_tags WHERE tag IN ({marks}))")
            args.extend(t.lstrip("#").casefold() for t in self.tag)
        if self.after:
            clauses.append("date_end >= ?")
            args.append(self.after)
        if self.before:
            clauses.append("date_start <= ?")
            args.append(self.before)
        if self.marked:
            clauses.append("events.id IN (SELECT id FROM marks)")
        return (" AND ".join(clauses) or "1"), args


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r"\s", value) else value


def parse_filters(text: str, reference: dt.date | None = None) -> tuple[Filters, str]:
    """Split what was typed into filters and the words left to search for."""
    filters = Filters()
    rest: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        rest.append(text[last : match.start()])
        last = match.end()
        name = FIELD_ALIASES.get(match.group(1).lower(), match.group(1).lower())
        value = match.group(3) if match.group(3) is not None else match.group(2)
        if name not in LIST_FIELDS + DATE_FIELDS + ("marked",):
            rest.append(match.group(0))  # "10:30" or "http://..." are words, not filters
            continue
        if not value:
            continue  # still being typed
        filters = filters.with_value(name, _value(name, value, reference))
    rest.append(text[last:])
    return filters, " ".join("".join(rest).split())


def _value(name: str, value: str, reference: dt.date | None) -> Any:
    if name == "marked":
        return value.lower() not in ("no", "false", "0")
    if name in DATE_FIELDS:
        try:
            span = parse_date(value, reference)
        except DateError as exc:
            raise FilterError(f"{name}: {exc}") from None
        return span.start if name == "after" else span.end
    if name == "precision" and value.lower() not in ("time", "day", "month", "year"):
        raise FilterError(f"precision: expected time, day, month or year, found {value!r}")
    return value


def parse_filter_options(values: list[str] | tuple[str, ...], reference: dt.date | None = None) -> Filters:
    """`--filter category:airstrike --filter "place:Kafr Lata"` from the command line."""
    filters = Filters()
    for option in values:
        raw_name, sep, value = option.partition(":")
        name = FIELD_ALIASES.get(raw_name.strip().lower(), raw_name.strip().lower())
        if not sep or not value.strip() or name not in LIST_FIELDS + DATE_FIELDS + ("marked",):
            raise FilterError(f"not a filter: {option!r} (expected FIELD:VALUE, e.g. category:airstrike)")
        filters = filters.with_value(name, _value(name, value.strip(), reference))
    return filters
