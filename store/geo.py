"""Where the events of a view happened: distinct places with their counts, and the M5 highway's towns.

A map asks for one row per place, never for every event: a million events in a few thousand places
cost a few thousand rows here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.store.query import Timeline

PLACE_LIMIT = 5000
"""At most this many places, the busiest first: more dots than a terminal has braille cells anyway."""

# The M5, Damascus to Aleppo, through the towns the offensive was fought along. The coordinates are
# a fallback: the places table's own are used for a town it knows by any of its spellings.
M5_TOWNS: list[tuple[str, float, float]] = [
    ("Damascus", 33.5138, 36.2765),
    ("Homs", 34.7324, 36.7137),
    ("Hama", 35.1318, 36.7578),
    ("Morek", 35.3753, 36.6872),
    ("Khan Shaykhun", 35.4389, 36.6511),
    ("Maarat al-Numan", 35.6447, 36.6739),
    ("Saraqeb", 35.8636, 36.8006),
    ("Aleppo", 36.2021, 37.1343),
]


@dataclass(frozen=True)
class PlaceCount:
    """A place events happened at, and how many of the view's events did."""

    name: str
    lat: float
    lon: float
    count: int


def places_in_view(timeline: Timeline, limit: int = PLACE_LIMIT) -> list[PlaceCount]:
    """The canonical places (name and point) of the view's events that have coordinates, busiest first."""
    where, args = timeline.where()
    # One dot per canonical place, at the gazetteer's point: Saraqab and Saraqib are one dot. Events are
    # grouped first, in one pass over the view (`+place_id`: a scan beats walking the place index and
    # fetching every row), and only the groups meet the places table.
    located = f"{where} AND lat IS NOT NULL AND lon IS NOT NULL"
    sql = (
        "SELECT coalesce(p.name, g.place, ''), coalesce(p.lat, g.lat), coalesce(p.lon, g.lon), g.n FROM ("
        f"SELECT place_id, min(place) AS place, min(lat) AS lat, min(lon) AS lon, count(*) AS n FROM events "
        f"WHERE {located} AND place_id IS NOT NULL GROUP BY +place_id UNION ALL "
        f"SELECT NULL, place, lat, lon, count(*) FROM events WHERE {located} AND place_id IS NULL "
        "GROUP BY place, lat, lon) g LEFT JOIN places p ON p.name = g.place_id AND p.lat IS NOT NULL "
        "AND p.lon IS NOT NULL ORDER BY g.n DESC, 1 LIMIT ?"
    )
    args = [*args, *args]
    rows = timeline._conn().execute(sql, (*args, limit))
    return [PlaceCount(name, float(lat), float(lon), count) for name, lat, lon, count in rows]


def events_without_coordinates(timeline: Timeline) -> int:
    """How many of the view's events cannot be put on a map."""
    where, args = timeline.where()
    sql = f"SELECT count(*) FROM events WHERE {where} AND (lat IS NULL OR lon IS NULL)"
    return timeline._conn().execute(sql, args).fetchone()[0]


def highway(timeline: Timeline, towns: list[tuple[str, float, float]] = M5_TOWNS) -> list[tuple[str, float, float]]:
    """The towns of a road in order, named and placed as the places table has them when it has them."""
    known: dict[str, tuple[str, float, float]] = {}
    sql = "SELECT name, lat, lon, aliases FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL"
    for name, lat, lon, aliases in timeline._conn().execute(sql):
        for spelling in [name, *json.loads(aliases or "[]")]:
            known.setdefault(spelling.casefold(), (name, float(lat), float(lon)))
    return [known.get(name.casefold(), (name, lat, lon)) for name, lat, lon in towns]


__all__ = ["M5_TOWNS", "PlaceCount", "events_without_coordinates", "highway", "places_in_view"]
