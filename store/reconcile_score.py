"""How alike two reports are: the parts of a reconcile score, each a small function of two events.

Every part gives a number from 0 to 1 and a short reason a person can check ("1 day apart",
"4 km apart", "10 vs 11 killed"). Places compare by the gazetteer's canonical place first
(`reconcile_names.place_likeness`); categories and actors through the families of `reconcile_names`.

A running total (a toll "to date") is never one happening with a single event, and a report placed
only in a governorate or a country is never one with a town's event because they are near: only
a wide report whose text names the town can be (`place_part`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from frontline.store.reconcile_names import (
    actor_key,
    category_family,
    content_words,
    fold,
    name_likeness,
    names_town,
    place_likeness,
    wide_place,
)

# What each part weighs in the score (they add up to 1).
WEIGHTS = {"date": 0.22, "place": 0.22, "category": 0.12, "actors": 0.1, "figures": 0.1, "words": 0.24}
PROPOSE = 0.6  # a link between two datasets is proposed from this score up
DUPLICATE = 0.85  # within one dataset the bar is higher: many distinct events share a town and a day
NEUTRAL = 0.5  # what a part gives when one side does not say (no figure, no category)
NEAR_KM = 40.0  # places farther apart than this are not the same happening
KM_STEPS = ((1, 1.0), (5, 0.9), (15, 0.65), (25, 0.35), (NEAR_KM, 0.1))  # (at most km, score)
FIGURE_STEPS = ((0.85, 1, 0.9), (0.7, 2, 0.6), (0.6, 3, 0.3))  # (at least this ratio or at most this apart, score)

# Families that often describe one happening from two sides (an air strike on a village is one-sided violence in UCDP).
RELATED = {
    frozenset(("strike", "civilians")): 0.8,
    frozenset(("strike", "fighting")): 0.3,
    frozenset(("fighting", "civilians")): 0.3,
}


@dataclass(frozen=True)
class Report:
    """What the score reads of an event."""

    id: str
    dataset: str | None
    date_start: str
    date_end: str
    precision: str
    place: str | None
    lat: float | None
    lon: float | None
    category: str | None
    actors: tuple[str, ...]
    fatalities: int | None
    displaced: int | None
    words: frozenset[str] = field(default_factory=frozenset)
    place_id: str | None = None  # the gazetteer's canonical place
    pinned: bool = False  # a user decision (`places merge` / `split`) put the spelling at that place
    wide: bool = False  # placed only in a governorate, a country or wider (`reconcile_names.wide_place`)
    tally: bool = False  # the figures are a running total, not one event's

    @classmethod
    def of(cls, row: dict[str, Any], actors: Iterable[str]) -> Report:
        wide = wide_place(row["place"], row["place_id"], row["place_admin1"], row["geo_precision"], row["where_prec"])
        return cls(
            row["id"], row["dataset"], row["date_start"], row["date_end"], row["precision"], row["place"],
            row["lat"], row["lon"], row["category"], tuple(actors), row["fatalities"], row["displaced"],
            content_words(row["title"], row["summary"]), row["place_id"], bool(row["pinned"]), wide,
            bool(row["running_total"]),
        )  # fmt: skip


@lru_cache(maxsize=65536)
def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def date_part(a: Report, b: Report) -> tuple[float, str]:
    """Overlap at each report's precision: the same day is best, a day apart good, a month holding the day less."""
    a0, a1, b0, b1 = _day(a.date_start), _day(a.date_end), _day(b.date_start), _day(b.date_end)
    gap = max((b0 - a1).days, (a0 - b1).days, 0)
    coarse = {a.precision, b.precision} - {"day"}
    if "year" in coarse:
        return (0.3, "the year holds it") if gap == 0 else (0.0, "different years")
    if "month" in coarse:
        return (0.45, "the month holds it") if gap == 0 else (0.1, f"{gap} day{'s' * (gap != 1)} outside the month")
    if a0 == b0 and a1 == b1:
        return 1.0, "same day" if a0 == a1 else "same days"
    if gap == 0:
        wide = max((a1 - a0).days, (b1 - b0).days)
        if wide > 7:
            return 0.5, "a long span holds it"
        if a0 == a1 or b0 == b1:  # a day within the other's few days (ACLED's "within a week")
            return 0.6, "the other's days hold it"
        return 0.85, "overlapping days"
    if gap == 1:
        return 0.7, "1 day apart"
    if gap <= 3:
        return 0.15 if gap == 2 else 0.05, f"{gap} days apart"
    return 0.0, f"{gap} days apart"


def distance_km(a: Report, b: Report) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]  # None ruled out above
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


WIDE_AGAINST_TOWN = "a governorate or country against a town: not compared by distance"
OTHER_PLACES = ("other names", "other places")  # reasons of a place part that caps the score: two towns


def place_part(a: Report, b: Report) -> tuple[float, str]:
    """How near the coordinates are, and whether the places agree: two named towns a few kilometres
    apart (Kafr Lata and Ariha) are two places, two spellings of one town are one. A governorate or
    a country holds every town in it: its distance to one says nothing, only its words naming it do."""
    if a.wide != b.wide:
        wide, town = (a, b) if a.wide else (b, a)
        if town.place and names_town(wide.words, town.place):
            return 0.9, f"names {town.place.split(',')[0].strip()}: a report of {wide.place or 'a wider place'}"
        return 0.0, WIDE_AGAINST_TOWN
    names, why = place_likeness((a.place, a.place_id, a.pinned), (b.place, b.place_id, b.pinned))
    km = None if a.wide or b.wide else distance_km(a, b)  # the point of a governorate says nothing
    by_km = None
    if km is not None:
        by_km = next((value for most, value in KM_STEPS if km <= most), 0.0)
    said = f"{km:.0f} km apart" if km is not None else "wide places" if a.wide else "no coordinates"
    if names is None:
        return (by_km, said) if by_km is not None else (NEUTRAL * 0.6, "no place to compare")
    if names == 0:
        return (min(by_km, 0.3) if by_km is not None else 0.0), f"{why}, {said}"
    value = names if by_km is None else max(names, by_km) if by_km >= 0.35 else by_km
    return value, f"{why}, {said}"


def category_part(a: Report, b: Report) -> tuple[float, str]:
    fa, fb = category_family(a.category), category_family(b.category)
    if a.category and fold(a.category) == fold(b.category):
        return 1.0, "same category"
    if fa is None or fb is None:
        return NEUTRAL, "no category" if not (a.category and b.category) else "categories not compared"
    if fa == fb:
        return 1.0, "same kind"
    if frozenset((fa, fb)) in RELATED:
        return RELATED[frozenset((fa, fb))], f"related kinds ({fa}, {fb})"
    return 0.0, f"different kinds ({fa}, {fb})"


def actors_part(a: Report, b: Report) -> tuple[float, str]:
    ka, kb = {actor_key(x) for x in a.actors}, {actor_key(x) for x in b.actors}
    if not ka or not kb:
        return NEUTRAL, "no actors"
    shared = len(ka & kb)
    if not shared:
        return 0.15, "no shared actor"
    return shared / min(len(ka), len(kb)), f"{shared} shared actor{'s' * (shared != 1)}"


def _figure(x: int | None, y: int | None, noun: str) -> tuple[float, str] | None:
    if x is None or y is None:
        return None
    if x == y:
        return 1.0, f"{x:,} {noun} in both"
    top, low = max(x, y), min(x, y)
    ratio = low / top
    diff = top - low
    close = next((value for least, most, value in FIGURE_STEPS if ratio >= least or diff <= most), 0.0)
    return close, f"{x:,} vs {y:,} {noun}"


def figures_part(a: Report, b: Report) -> tuple[float, str]:
    if a.tally != b.tally:  # a toll to date holds many events: never one event's toll
        return 0.0, "a running total against one event's figures"
    parts = [
        p
        for p in (_figure(a.fatalities, b.fatalities, "killed"), _figure(a.displaced, b.displaced, "displaced"))
        if p is not None
    ]
    if not parts:
        return NEUTRAL, "no figures to compare"
    return min(p[0] for p in parts), "; ".join(p[1] for p in parts)


def words_part(a: Report, b: Report) -> tuple[float, str]:
    if not a.words or not b.words:
        return NEUTRAL * 0.6, "no words"
    shared = a.words & b.words
    # Overlap of the shorter text: a title of five words against a paragraph is still a match.
    share = len(shared) / min(len(a.words), len(b.words))
    value = min(1.0, share * 1.6)
    return value, f"{len(shared)} shared word{'s' * (len(shared) != 1)}" + (
        f" ({', '.join(sorted(shared)[:4])})" if shared else ""
    )


PARTS = {
    "date": date_part,
    "place": place_part,
    "category": category_part,
    "actors": actors_part,
    "figures": figures_part,
    "words": words_part,
}


def score(a: Report, b: Report) -> tuple[float, dict[str, Any]]:
    """The weighted score of two reports and, part by part, its value and reason."""
    reasons: dict[str, Any] = {}
    total = 0.0
    for name, compare in PARTS.items():
        value, why = compare(a, b)
        reasons[name] = {"score": round(value, 2), "why": why}
        total += WEIGHTS[name] * value
    # A report of another day or another place is another happening, however alike its words;
    # figures far apart (5 against 16 killed) speak against one happening more than close ones speak for it.
    part = {name: reasons[name]["score"] for name in PARTS}
    if part["date"] <= 0.15 or part["place"] == 0:
        total = min(total, 0.3)
    if reasons["place"]["why"].startswith(OTHER_PLACES):  # two towns, however near
        total = min(total, 0.5)
    if part["figures"] == 0:
        total = min(total, 0.55)
    elif part["figures"] <= 0.3:
        total *= 0.85
    if part["category"] == 0:  # an air strike and a protest in one town on one day are two happenings
        total = min(total, 0.5)
    elif part["category"] <= 0.3:
        total *= 0.85
    # A report dated only to its month holds every happening of the month: it takes the same figures and kind.
    held = part["date"] <= 0.6  # a week, a month or a year holds the other's day
    exact = 1 if part["date"] <= 0.45 else 0.9  # the wider the span, the closer the figures must be
    if held and not (part["figures"] >= exact and part["category"] >= 0.8 and part["place"] >= 0.9):
        total = min(total, 0.55)
    return round(total, 3), reasons


def proposes(a: Report, b: Report, value: float, reasons: dict[str, Any]) -> bool:
    """Is this score high enough to propose the link? Within one dataset (a possible duplicate) the
    bar is higher, and the two must give the same day and the same place."""
    if a.dataset != b.dataset:
        return value >= PROPOSE
    part = {name: reasons[name]["score"] for name in PARTS}
    return value >= DUPLICATE and part["date"] == 1 and part["place"] >= 0.9 and part["figures"] >= 0.9


_REPORT_COLUMNS = [
    "id",
    "dataset",
    "date_start",
    "date_end",
    "precision",
    "place",
    "lat",
    "lon",
    "category",
    "actors",
    "fatalities",
    "displaced",
    "title",
    "summary",
    "place_id",
    "running_total",
]
# What the score reads of an event; beside its columns, its place's admin1, whether a user decision
# pinned its spelling, and the source's precision of place (`reconcile_names.wide_place`).
REPORT_SELECT = (
    f"SELECT {', '.join('e.' + c for c in _REPORT_COLUMNS)}, p.admin1, coalesce(ps.pinned, 0), "
    "CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.geo_precision') END, "
    "CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.where_prec') END "
    "FROM events e LEFT JOIN places p ON p.name = e.place_id "
    "LEFT JOIN place_spellings ps ON ps.spelling = e.place AND ps.place = e.place_id"
)
_REPORT_NAMES = [*_REPORT_COLUMNS, "place_admin1", "pinned", "geo_precision", "where_prec"]


def reports(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Report]:
    found: dict[str, Report] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"{REPORT_SELECT} WHERE e.id IN ({', '.join('?' * len(chunk))})"
        for values in conn.execute(sql, chunk):
            row = dict(zip(_REPORT_NAMES, values, strict=True))
            found[row["id"]] = Report.of(row, json.loads(row["actors"] or "[]"))
    return found


def scored(conn: sqlite3.Connection, pairs: str) -> Iterator[tuple[Report, Report, float, dict[str, Any]]]:
    """Score the candidate pairs a batch at a time (ordered by `a`, so each report is read once a batch;
    a report the batch before read too is not read again)."""
    cursor = conn.execute(f"SELECT a, b FROM {pairs} ORDER BY a")
    found: dict[str, Report] = {}
    while batch := cursor.fetchmany(20_000):
        needed = {i for pair in batch for i in pair}
        read = reports(conn, [i for i in needed if i not in found])
        found = {i: read[i] if i in read else found[i] for i in needed}
        for a, b in batch:
            value, reasons = score(found[a], found[b])
            yield found[a], found[b], value, reasons


# The same caps in SQL, over two rows k1 and k2 of `link_keys`: `store.reconcile` rules candidate pairs out
# with them before any is scored. Kept here, beside `score` and `proposes`, so that the two agree.
def _far(x: str, y: str) -> str:
    """SQL: two figures too far apart for one happening (see `reconcile_score.FIGURE_STEPS`)."""
    return f"({x} IS NOT NULL AND {y} IS NOT NULL AND abs({x} - {y}) > 3 AND min({x}, {y}) < 0.6 * max({x}, {y}))"


def _close(x: str, y: str) -> str:
    """SQL: two figures close enough for a month-dated report to be the same happening."""
    return f"({x} IS NOT NULL AND {y} IS NOT NULL AND (abs({x} - {y}) <= 1 OR min({x}, {y}) >= 0.85 * max({x}, {y})))"


def other_towns(a: str | None, b: str | None) -> bool:
    """Two places of two canonical places (or of none) whose names say they are two towns: `place_part`
    gives them "other names" and `score` caps the pair below a proposal, so SQL rules it out at once."""
    return name_likeness(a, b) == 0


def _alike(f1: str, f2: str, d1: str, d2: str) -> str:
    """SQL: the figures of two reports of one dataset agree as `proposes` wants of a duplicate: a figure
    both give, and every figure both give close (`figures_part` at least 0.9)."""
    both_f, both_d = f"({f1} IS NOT NULL AND {f2} IS NOT NULL)", f"({d1} IS NOT NULL AND {d2} IS NOT NULL)"
    return f"(({both_f} OR {both_d}) AND (NOT {both_f} OR {_close(f1, f2)}) AND (NOT {both_d} OR {_close(d1, d2)}))"


_RELATED_SQL = ", ".join(f"'{a}+{b}', '{b}+{a}'" for a, b in (sorted(pair) for pair in RELATED))
# What rules a candidate pair out at once, each a rule that caps the score below a proposal
# (`reconcile_score.score` and `proposes`): more than a day between the spans; figures far apart;
# kinds that are never one happening; a month (or a long span) without figures that agree; two
# reports of one dataset on different days, or whose figures do not agree; a running total against one event;
# two towns (`other_towns`).
RULED_OUT = (
    "k1.tally <> k2.tally OR "
    f"k2.d0 > k1.d1 + 1 OR k1.d0 > k2.d1 + 1 OR {_far('k1.fat', 'k2.fat')} OR {_far('k1.dis', 'k2.dis')} "
    f"OR (k1.fam <> k2.fam AND k1.fam || '+' || k2.fam NOT IN ({_RELATED_SQL})) "
    f"OR ((k1.coarse OR k2.coarse) AND NOT ({_close('k1.fat', 'k2.fat')} OR {_close('k1.dis', 'k2.dis')})) "
    "OR (k1.ds IS k2.ds AND (k1.d0 <> k2.d0 OR k1.d1 <> k2.d1)) "
    "OR (NOT k1.wide AND NOT k2.wide AND (k1.pid IS NULL OR k1.pid IS NOT k2.pid) "
    "AND frontline_other_towns(k1.place, k2.place)) "
    f"OR (k1.ds IS k2.ds AND NOT {_alike('k1.fat', 'k2.fat', 'k1.dis', 'k2.dis')})"
)
