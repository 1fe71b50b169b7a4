"""A deterministic generator of synthetic events, for the benchmark: the same seed and N give the same file.

It writes a CSV in frontline's record columns (what `export --format csv` writes and `load` reads):
dates from 2011 to 2020 (mostly exact days, some months and years, some spans), titles and
summaries from a vocabulary of a few thousand words drawn Zipf-like (so a few words are very common,
as in real reporting, and most are rare), a few hundred places in fourteen governorates with
coordinates, actors, the categories the timeline draws, figures, sources and the odd note.

    python tests/benchmarks/generate.py --n 1000000 --out events-1m.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import sys
from pathlib import Path

COLUMNS = [
    "id", "date", "end_date", "precision", "title", "summary", "place", "admin1", "lat", "lon", "actors",
    "category", "fatalities", "displaced", "running_total", "sources", "notes", "dataset", "extra",
]  # fmt: skip
DATASET = "synthetic"
FIRST_DAY = dt.date(2011, 1, 1)
LAST_DAY = dt.date(2020, 12, 31)

GOVERNORATES = [
    ("Idlib", 35.93, 36.63), ("Aleppo", 36.20, 37.16), ("Hama", 35.13, 36.75), ("Homs", 34.73, 36.71),
    ("Damascus", 33.51, 36.29), ("Rif Dimashq", 33.57, 36.40), ("Daraa", 32.62, 36.10),
    ("Deir ez-Zor", 35.34, 40.14), ("Raqqa", 35.95, 39.01), ("Hasakah", 36.50, 40.75),
    ("Latakia", 35.52, 35.79), ("Tartus", 34.89, 35.89), ("Quneitra", 33.13, 35.82), ("As-Suwayda", 32.71, 36.57),
]  # fmt: skip
REAL_PLACES = [
    "Maarat al-Numan", "Saraqib", "Ariha", "Khan Shaykhun", "Kafr Nabl", "Jisr al-Shughur", "Binnish",
    "Sarmin", "Taftanaz", "Atarib", "Anadan", "Azaz", "Manbij", "al-Bab", "Tal Rifaat", "Douma", "Harasta",
    "Zamalka", "Ghouta", "Daraya", "Muadamiyat", "Yarmouk", "Palmyra", "Qusayr", "Rastan", "Talbiseh",
    "Kafr Zita", "Latamneh", "Morek", "Suran", "Halfaya", "Tadef", "Busra al-Harir", "Nawa", "Inkhil",
]  # fmt: skip
CATEGORIES = [
    ("battle", 30), ("airstrike", 28), ("capture", 6), ("massacre", 2), ("chemical attack", 0.3),
    ("displacement", 8), ("diplomacy", 4), ("political", 6), ("uprising", 5), ("other", 10),
]  # fmt: skip
ACTORS = [
    "Syrian Arab Army", "Russian Air Force", "Hayat Tahrir al-Sham", "Free Syrian Army", "Syrian National Army",
    "Turkish Armed Forces", "Syrian Democratic Forces", "Islamic State", "Hezbollah", "Jaysh al-Islam",
    "Ahrar al-Sham", "Faylaq al-Sham", "National Defence Forces", "Tiger Forces", "White Helmets",
    "Civilians", "Protesters", "Local council", "UN OCHA", "SOHR", "US-led coalition", "Iranian militias",
    "Jabhat al-Nusra", "Liwa al-Quds", "Fifth Corps", "Kurdish YPG", "Turkmen brigades", "Jaysh al-Izza",
]  # fmt: skip
SOURCES = [
    ("ACLED", "https://acleddata.com/"), ("SOHR", "https://www.syriahr.com/"), ("Reuters", "https://www.reuters.com/"),
    ("AFP", "https://www.afp.com/"), ("OCHA", "https://www.unocha.org/syria"), ("SANA", "https://sana.sy/"),
    ("Enab Baladi", "https://english.enabbaladi.net/"), ("Al Jazeera", "https://www.aljazeera.com/"),
    ("BBC", "https://www.bbc.co.uk/news"), ("Syria Direct", "https://syriadirect.org/"),
    ("SNHR", "https://snhr.org/"), ("Airwars", "https://airwars.org/"),
]  # fmt: skip
# Common English reporting words first: with Zipf weights they are the frequent ones.
COMMON = [
    "the",
    "of",
    "in",
    "and",
    "to",
    "a",
    "on",
    "by",
    "were",
    "killed",
    "near",
    "village",
    "town",
    "forces",
    "strikes",
    "shelling",
    "city",
    "people",
    "attack",
    "after",
    "civilians",
    "reported",
    "government",
    "opposition",
    "fighters",
    "army",
    "area",
    "clashes",
    "road",
    "province",
    "rebels",
    "market",
    "school",
    "hospital",
    "families",
    "wounded",
    "displaced",
    "militants",
    "countryside",
    "northern",
    "southern",
    "eastern",
    "western",
    "positions",
    "bombardment",
    "airstrikes",
    "offensive",
    "advance",
    "ceasefire",
    "checkpoint",
    "convoy",
    "aid",
    "camp",
    "barrel",
    "bombs",
    "missiles",
    "artillery",
    "drone",
    "mortar",
    "rockets",
    "tanks",
    "frontline",
    "control",
    "captured",
    "withdrew",
    "negotiations",
    "talks",
    "agreement",
    "protest",
    "demonstration",
    "arrested",
    "detained",
    "funeral",
    "mosque",
    "bakery",
    "bridge",
    "highway",
    "residential",
    "neighbourhood",
    "houses",
    "buildings",
    "destroyed",
    "damaged",
    "fled",
    "returned",
    "evacuated",
    "humanitarian",
    "medical",
    "workers",
    "children",
    "women",
    "men",
    "elderly",
    "fighters",
    "commander",
    "soldiers",
    "regime",
    "regional",
    "sources",
    "witnesses",
    "activists",
    "monitors",
    "according",
    "said",
    "including",
    "at",
    "least",
    "several",
    "dozens",
]
SYLLABLES = [
    "al",
    "ba",
    "da",
    "ka",
    "ma",
    "na",
    "ra",
    "sa",
    "ta",
    "za",
    "ha",
    "qa",
    "ya",
    "fa",
    "sha",
    "kha",
    "ri",
    "mi",
    "ni",
    "li",
    "si",
    "ti",
    "bi",
    "di",
    "zi",
    "hi",
    "qi",
    "ku",
    "mu",
    "nu",
    "ru",
    "su",
    "tu",
    "bu",
    "du",
    "zu",
    "hu",
    "el",
    "an",
    "ar",
    "as",
    "at",
    "ab",
    "ad",
    "ak",
    "am",
    "in",
    "ir",
    "is",
    "it",
    "ib",
    "id",
    "ik",
    "im",
    "un",
    "ur",
    "us",
    "ut",
    "ub",
    "ud",
    "uk",
    "um",
]


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class Vocabulary:
    """Everything the rows are drawn from, made from the seed alone."""

    def __init__(self, seed: int):
        rng = random.Random(seed * 7919 + 1)
        taken = set(COMMON)
        self.words = COMMON + _pseudo_words(rng, 4000, taken)
        self.word_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(self.words))))
        names = [w.capitalize() for w in _pseudo_words(rng, 360, taken)]
        places = REAL_PLACES + [
            f"{'Kafr ' if i % 7 == 0 else 'Tal ' if i % 11 == 0 else ''}{n}" for i, n in enumerate(names)
        ]
        self.places = []
        for i, name in enumerate(places):
            admin1, lat, lon = GOVERNORATES[rng.randrange(len(GOVERNORATES))] if i >= 3 else GOVERNORATES[0]
            self.places.append(
                (name, admin1, round(lat + rng.uniform(-0.4, 0.4), 4), round(lon + rng.uniform(-0.4, 0.4), 4))
            )
        self.place_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.places))))
        self.categories = [c for c, _ in CATEGORIES]
        self.category_weights = list(itertools.accumulate(w for _, w in CATEGORIES))
        self.days = (LAST_DAY - FIRST_DAY).days + 1


TITLES = {
    "battle": ["Clashes in {place}", "Fighting near {place}", "{actor} attack on {place}", "Battle for {place}"],
    "airstrike": [
        "Airstrikes on {place}",
        "Air raid on {place} {thing}",
        "Barrel bombs on {place}",
        "Shelling of {place}",
    ],
    "capture": ["{actor} take {place}", "{place} captured", "{actor} enter {place}"],
    "massacre": ["Massacre in {place}", "Civilians killed in {place}"],
    "chemical attack": ["Chemical attack reported in {place}"],
    "displacement": ["Families flee {place}", "Displacement from {place}", "Camp near {place} overwhelmed"],
    "diplomacy": ["Talks on {place}", "Ceasefire announced for {place}", "Aid convoy reaches {place}"],
    "political": ["Local council formed in {place}", "Arrests in {place}", "{actor} statement on {place}"],
    "uprising": ["Protest in {place}", "Demonstration in {place}", "Funeral procession in {place}"],
    "other": ["Incident in {place}", "Report from {place}", "{place}: {thing} damaged"],
}
THINGS = ["market", "hospital", "school", "bakery", "mosque", "bridge", "camp", "checkpoint", "road"]


def _date_fields(rng: random.Random, vocab: Vocabulary) -> tuple[str, str, str]:
    """(date, end_date, precision) in the record form: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(vocab.days))
    roll = rng.random()
    if roll < 0.01:
        return str(day.year), "", "year"
    if roll < 0.06:
        return day.isoformat()[:7], "", "month"
    if roll < 0.14:  # a span of a few days
        end = min(day + dt.timedelta(days=rng.randint(1, 20)), LAST_DAY)
        return day.isoformat(), end.isoformat(), "day"
    return day.isoformat(), "", "day"


def rows(n: int, seed: int = 6):
    """The N records, as lists in `COLUMNS` order."""
    vocab = Vocabulary(seed)
    rng = random.Random(seed)
    choices, words, weights = rng.choices, vocab.words, vocab.word_weights
    for i in range(n):
        date, end_date, precision = _date_fields(rng, vocab)
        category = choices(vocab.categories, cum_weights=vocab.category_weights)[0]
        place, admin1, lat, lon = choices(vocab.places, cum_weights=vocab.place_weights)[0]
        actors = rng.sample(ACTORS, rng.choice((1, 1, 2, 2, 3)))
        title = rng.choice(TITLES[category]).format(place=place, actor=actors[0], thing=rng.choice(THINGS))
        summary = " ".join(choices(words, cum_weights=weights, k=rng.randint(8, 40)))
        summary = f"{summary[0].upper()}{summary[1:]} in {place}, {admin1}."
        fatalities = ""
        if category in ("battle", "airstrike", "massacre", "chemical attack") or rng.random() < 0.1:
            fatalities = str(int(rng.paretovariate(1.3)) - 1)
        displaced = str(rng.randrange(50, 50_000)) if category == "displacement" else ""
        running_total = "true" if rng.random() < 0.001 else ""
        sources = "; ".join(
            url if rng.random() < 0.7 else name for name, url in rng.sample(SOURCES, rng.choice((1, 1, 2)))
        )
        notes = " ".join(choices(words, cum_weights=weights, k=rng.randint(4, 12))) if rng.random() < 0.05 else ""
        if rng.random() < 0.5:
            lat_s, lon_s = str(lat), str(lon)
        else:
            lat_s, lon_s = "", ""  # left for the places table (or nobody) to fill
        yield [
            f"SYN{i:07d}", date, end_date, precision, title, summary, place, admin1, lat_s, lon_s,
            "; ".join(actors), category, fatalities, displaced, running_total, sources, notes, DATASET, "",
        ]  # fmt: skip


def generate(n: int, out: Path | str, seed: int = 6) -> Path:
    """Write N synthetic events to a CSV; the same (n, seed) always writes the same bytes."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(n, seed))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="how many events")
    parser.add_argument("--seed", type=int, default=6, help="the random seed")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to write")
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n:,} events to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
