"""How alike two reports are: the parts of a reconcile score, each a small function of two events.

Every part gives a number from 0 to 1 and a short reason a person can check ("1 day apart",
"4 km apart", "10 vs 11 killed"). The place, category and actor comparisons go through `place_key`,
`category_family` and `actor_key`: folded names and a small table of the families the common
datasets use, until the canonical places, actors and categories of the gazetteer replace them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from frontline.store.reconcile_names import (
    actor_key,
    category_family,
    content_words,
    fold,
    name_likeness,
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

    @classmethod
    def of(cls, row: dict[str, Any], actors: Iterable[str]) -> Report:
        return cls(
            row["id"], row["dataset"], row["date_start"], row["date_end"], row["precision"], row["place"],
            row["lat"], row["lon"], row["category"], tuple(actors), row["fatalities"], row["displaced"],
            content_words(row["title"], row["summary"]),
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


def place_part(a: Report, b: Report) -> tuple[float, str]:
    """How near the coordinates are, and whether the names agree: two named towns a few kilometres
    apart (Kafr Lata and Ariha) are two places, two spellings of one town are one."""
    names = name_likeness(a.place, b.place)
    km = distance_km(a, b)
    by_km = None
    if km is not None:
        by_km = next((value for most, value in KM_STEPS if km <= most), 0.0)
    said = f"{km:.0f} km apart" if km is not None else "no coordinates"
    if names is None:
        return (by_km, said) if by_km is not None else (NEUTRAL * 0.6, "no place to compare")
    if names == 0:
        return (min(by_km, 0.3) if by_km is not None else 0.0), f"other names, {said}"
    why = "same place" if names == 1 else "one name holds the other" if names == 0.9 else "close spellings"
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
    if reasons["place"]["why"].startswith("other names"):  # two towns, however near
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
