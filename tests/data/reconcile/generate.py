"""The reconcile test sets: one set of happenings, written as ACLED, UCDP GED and news articles would write them.

Each happening is reported by two or three of the three datasets, each in its own way: ACLED's
columns, sub-event types and notes; UCDP's sides, type of violence, best/low/high and the sentence of
its `where_description`; an article's headline and prose. Dates move within their precision, places
are spelled differently (Kafr Lata, Kfar Lata, Kafrlata), coordinates differ by a few kilometres,
figures differ, words are paraphrased. Beside them stand distinct happenings that look alike: the
same town on the same day, another kind of event; the same kind of event in the town a few days on;
and, within ACLED, the odd row entered twice under another id (a duplicate to flag).

`truth.csv` says which reports are one happening. The same seed writes the same files:

    python tests/data/reconcile/generate.py    # writes tune/ and tune2/ (seeds 1, 2) and held/ (seed 4)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "number_of_sources",
    "source_article", "source_headline", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "country", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
]  # fmt: skip
# Towns: the spellings each kind of source uses, the district, the governorate, coordinates.
TOWNS = [
    (("Kafr Lata", "Kfar Lata", "Kafrlata"), "Ariha", "Idlib", 35.7947, 36.6275),
    (("Ariha", "Areeha", "Ariha"), "Ariha", "Idlib", 35.8117, 36.6090),
    (("Saraqab", "Saraqeb", "Saraqib"), "Idlib", "Idlib", 35.8624, 36.8006),
    (("Maarrat al Nu'man", "Maarat al-Numan", "Ma'arrat al-Nu'man"), "Maarrat An Nu'man", "Idlib", 35.6447, 36.6739),
    (("Kafr Nobol", "Kafranbel", "Kafr Nabl"), "Maarrat An Nu'man", "Idlib", 35.6136, 36.5614),
    (("Khan Shaykun", "Khan Sheikhoun", "Khan Shaykhun"), "Maarrat An Nu'man", "Idlib", 35.4389, 36.6511),
    (("Jisr Ash-Shugur", "Jisr al-Shughur", "Jisr al-Shughour"), "Jisr-Ash-Shugur", "Idlib", 35.8126, 36.3176),
    (("Binnish", "Binnish", "Binnesh"), "Idlib", "Idlib", 35.9569, 36.7131),
    (("Sarmin", "Sarmeen", "Sarmin"), "Idlib", "Idlib", 35.9050, 36.7238),
    (("Atareb", "al-Atarib", "Al Atarib"), "Jebel Saman", "Aleppo", 36.1378, 36.8297),
    (("Darat Izza", "Daret Azza", "Darat Izza"), "Jebel Saman", "Aleppo", 36.2836, 36.8503),
    (("Kafr Zeita", "Kafr Zita", "Kafrzita"), "Muhradah", "Hama", 35.3740, 36.6022),
    (("Latmana", "Latamneh", "al-Lataminah"), "Muhradah", "Hama", 35.3178, 36.6239),
    (("Maar Dibsah", "Maar Dibseh", "Ma'ar Dibsa"), "Idlib", "Idlib", 35.7567, 36.7431),
    (("Tal Mardikh", "Tell Mardikh", "Tal Mardikh"), "Idlib", "Idlib", 35.8375, 36.8047),
    (("Maar Shurin", "Maarshourin", "Ma'ar Shurin"), "Maarrat An Nu'man", "Idlib", 35.6742, 36.7217),
    (("Hish", "Heish", "Hish"), "Maarrat An Nu'man", "Idlib", 35.5489, 36.6439),
    (("Taftanaz", "Taftanaz", "Taftanaz"), "Idlib", "Idlib", 35.9950, 36.7839),
    (("Anadan", "Anadan", "Andan"), "Jebel Saman", "Aleppo", 36.2933, 37.0450),
    (("Kafr Hamra", "Kafr Hamrah", "Kafrhamra"), "Jebel Saman", "Aleppo", 36.2700, 37.0700),
]  # fmt: skip
NUMBER = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine", 10: "Ten",
          11: "Eleven", 12: "Twelve", 13: "Thirteen", 14: "Fourteen", 15: "Fifteen"}  # fmt: skip

# Kinds of happening: ACLED's type and sub-type, UCDP's type of violence (None: UCDP would not record it),
# and how an article would say it.
KINDS = {
    "airstrike": ("Explosions/Remote violence", "Air/drone strike", "3", "airstrike",
                  ["{N} civilians killed in air raids on {town}", "Air strikes on {town} kill {n}",
                   "Warplanes hit {town}, {n} dead"],
                  "Russian and government warplanes struck {place} on {day}, killing {n} civilians, among them "
                  "children, according to the Observatory and rescuers."),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "3", "shelling",
                 ["Regime artillery pounds {town}, {n} killed", "{N} die as shells hit {town}"],
                 "Government artillery shelled residential quarters of {place} on {day}; {n} people died, local "
                 "medics said."),
    "clash": ("Battles", "Armed clash", "1", "battle",
              ["Fierce fighting on the {town} front leaves {n} dead", "{N} fighters killed in clashes near {town}"],
              "Government troops and HTS-led rebels fought around {place} on {day}; {n} combatants were killed, "
              "a war monitor reported."),
    "capture": ("Battles", "Government regains territory", "1", "capture",
                ["Army retakes {town}", "Government forces seize {town} from rebels"],
                "Syrian troops took control of {place} on {day} after rebels withdrew; {n} fighters died in the "
                "final assault."),
    "protest": ("Protests", "Peaceful protest", None, "protest",
                ["Hundreds rally in {town} against the offensive", "Residents of {town} march against the bombing"],
                "Hundreds of residents marched through {place} on {day}, denouncing the bombardment and demanding "
                "protection."),
}  # fmt: skip
ACTORS = {
    "airstrike": (["Military Forces of Russia (1991-)", "Military Forces of Syria (2000-)"], ["Civilians (Syria)"]),
    "shelling": (["Military Forces of Syria (2000-)"], ["Civilians (Syria)"]),
    "clash": (["Military Forces of Syria (2000-)"], ["Hayat Tahrir al-Sham"]),
    "capture": (["Military Forces of Syria (2000-)"], ["Hayat Tahrir al-Sham"]),
    "protest": (["Protesters (Syria)"], []),
}
ARTICLE_ACTORS = {
    "airstrike": ["Russia", "Syrian government", "Civilians"],
    "shelling": ["Syrian Arab Army", "Civilians"],
    "clash": ["Syrian Arab Army", "HTS"],
    "capture": ["Syrian Arab Army", "HTS"],
    "protest": ["Protesters"],
}
UCDP_SIDES = {
    "1": ("Government of Syria", "HTS"),
    "3": ("Government of Syria", "Civilians"),
}


def _long(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.acled: list[dict] = []
        self.ucdp: list[dict] = []
        self.articles: list[dict] = []
        self.truth: list[tuple[str, str, str]] = []  # (happening, dataset, id)
        self.seed = seed

    def jitter(self, value: float, most: float = 0.02) -> float:
        return round(value + self.rng.uniform(-most, most), 4)

    def write_acled(self, h: str, kind: str, town: tuple, day: dt.date, n: int, *, week: bool = False) -> str:
        rng = self.rng
        ident = f"SYR{self.seed}{len(self.acled) + 1000:05d}"
        etype, sub, _, _, _, _ = KINDS[kind]
        side1, side2 = ACTORS[kind]
        names, district, gov, lat, lon = town
        location = names[0]
        note = {
            "airstrike": f"On {_long(day)}, Russian and regime warplanes carried out air strikes on {location} "
            f"({district}, {gov}). {n} civilians were killed.",
            "shelling": f"On {_long(day)}, regime forces shelled {location} ({district}, {gov}). {n} civilians "
            "were killed.",
            "clash": f"On {_long(day)}, regime forces clashed with HTS and allied factions near {location}. "
            f"{n} fighters were killed.",
            "capture": f"On {_long(day)}, regime forces regained control of {location} after HTS withdrew. "
            f"{n} fatalities.",
            "protest": f"On {_long(day)}, residents of {location} demonstrated against the regime offensive.",
        }[kind]
        self.acled.append(
            {
                "event_id_cnty": ident, "event_date": day.isoformat(), "year": str(day.year),
                "time_precision": "2" if week else "1", "disorder_type": "Demonstrations" if kind == "protest"
                else "Political violence", "event_type": etype, "sub_event_type": sub,
                "actor1": side1[0], "assoc_actor_1": "; ".join(side1[1:]), "inter1": "8" if kind == "protest" else "1",
                "actor2": side2[0] if side2 else "", "assoc_actor_2": "", "inter2": "7" if side2 else "0",
                "interaction": "17", "civilian_targeting": "Civilian targeting" if kind in ("airstrike", "shelling")
                else "", "iso": "760", "region": "Middle East", "country": "Syria", "admin1": gov,
                "admin2": district, "admin3": "", "location": location, "latitude": f"{self.jitter(lat, 0.005)}",
                "longitude": f"{self.jitter(lon, 0.005)}", "geo_precision": "1",
                "source": rng.choice(["SOHR", "SOHR; Step News Agency", "Syrian Civil Defense"]),
                "source_scale": "National", "notes": note, "fatalities": str(n), "tags": "",
                "timestamp": str(1580342400 + len(self.acled) * 3600),
            }
        )  # fmt: skip
        self.truth.append((h, "acled", ident))
        return ident

    def write_ucdp(self, h: str, kind: str, town: tuple, day: dt.date, n: int) -> str | None:
        rng = self.rng
        _, _, violence, _, titles, _ = KINDS[kind]
        if violence is None:
            return None
        ident = f"{self.seed}{len(self.ucdp) + 500:05d}"
        names, district, gov, lat, lon = town
        side_a, side_b = UCDP_SIDES[violence]
        shift = rng.choice([0, 0, 0, 1])
        month = rng.random() < 0.12  # coded to the month only
        start = day.replace(day=1) if month else day + dt.timedelta(days=shift)
        end = (start.replace(month=start.month % 12 + 1, day=1) - dt.timedelta(days=1)) if month else start
        if month and start.month == 12:
            end = start.replace(day=31)
        place = names[1]
        best = max(0, n + rng.choice([0, 0, 1, -1, 2]))
        headline = titles[0].format(town=place, n=best, N=NUMBER.get(best, str(best)))
        self.ucdp.append(
            {
                "id": ident, "year": str(day.year), "type_of_violence": violence,
                "conflict_name": "Syria: Government" if violence == "1" else "Government of Syria - civilians",
                "dyad_name": f"{side_a} - {side_b}", "side_a": side_a, "side_b": side_b, "number_of_sources": "2",
                "source_article": f"Agence France Presse,{day.isoformat()},{headline};"
                f"Syrian Observatory for Human Rights,{day.isoformat()},{place}",
                "source_headline": f"{headline};{place}", "where_prec": "1",
                "where_coordinates": f"{place} {rng.choice(['town', 'village'])}",
                "where_description": rng.choice([f"{place} town, {district} district", f"{place} village",
                                                 f"{place}, {gov} province"]),
                "adm_1": f"{gov} governorate", "adm_2": f"{district} district", "latitude": f"{self.jitter(lat, 0.01)}",
                "longitude": f"{self.jitter(lon, 0.01)}", "country": "Syria", "region": "Middle East",
                "event_clarity": "1", "date_prec": "4" if month else "1",
                "date_start": f"{start.isoformat()} 00:00:00.000", "date_end": f"{end.isoformat()} 00:00:00.000",
                "deaths_a": "0", "deaths_b": str(best) if violence == "1" else "0",
                "deaths_civilians": str(best) if violence == "3" else "0", "deaths_unknown": "0",
                "best": str(best), "high": str(best + rng.randint(0, 4)), "low": str(max(0, best - rng.randint(0, 2))),
            }
        )  # fmt: skip
        self.truth.append((h, "ucdp", f"ucdp-{ident}"))
        return ident

    def write_article(self, h: str, kind: str, town: tuple, day: dt.date, n: int) -> str:
        rng = self.rng
        _, _, _, category, titles, prose = KINDS[kind]
        names, district, gov, lat, lon = town
        ident = f"article-{self.seed}-{len(self.articles) + 1:03d}"
        spelled = names[2]
        place_form = rng.choice([spelled, f"{spelled}, {district}", f"{spelled}, {gov}"])
        count = max(0, n + rng.choice([0, 0, 1, -1]))
        shift = rng.choice([0, 0, 1])  # an article dated the day it was published
        when = day + dt.timedelta(days=shift)
        located = rng.random() < 0.7
        self.articles.append(
            {
                "id": ident, "date": when.isoformat(), "end_date": None, "precision": "day",
                "title": rng.choice(titles).format(town=spelled, n=count, N=NUMBER.get(count, str(count))),
                "summary": prose.format(place=f"{spelled} in {gov} province", day=day.strftime("%A"), n=count),
                "place": place_form, "admin1": gov, "lat": self.jitter(lat, 0.01) if located else None,
                "lon": self.jitter(lon, 0.01) if located else None, "actors": ARTICLE_ACTORS[kind],
                "category": category, "fatalities": count if kind != "protest" else None, "displaced": None,
                "running_total": False, "sources": [{"name": rng.choice(["AFP", "Reuters", "AP"]), "url": None}],
                "notes": None, "dataset": "articles", "extra": {},
            }
        )  # fmt: skip
        self.truth.append((h, "articles", ident))
        return ident

    def happening(self, h: str, kind: str, town: tuple, day: dt.date, n: int) -> None:
        rng = self.rng
        sources = rng.choice([("acled", "ucdp", "articles")] * 3 + [("acled", "ucdp"), ("acled", "articles"),
                                                                     ("ucdp", "articles")])  # fmt: skip
        if kind == "protest":
            sources = ("acled", "articles")
        if "acled" in sources:
            week = rng.random() < 0.1
            self.write_acled(h, kind, town, day, n, week=week)
            if rng.random() < 0.06:  # entered twice: a duplicate within ACLED
                self.write_acled(h, kind, town, day, n, week=week)
        if "ucdp" in sources:
            self.write_ucdp(h, kind, town, day, n)
        if "articles" in sources:
            self.write_article(h, kind, town, day, n)

    def build(self, count: int) -> None:
        rng = self.rng
        first = dt.date(2019, 4, 1)
        for i in range(count):
            kind = rng.choice(["airstrike"] * 4 + ["shelling"] * 2 + ["clash"] * 2 + ["capture", "protest"])
            town = rng.choice(TOWNS)
            day = first + dt.timedelta(days=rng.randrange(330))
            n = 0 if kind == "protest" else rng.randint(2, 15)
            self.happening(f"h{i}", kind, town, day, n)
            roll = rng.random()
            if roll < 0.2:  # the same town and day, another kind of happening, in one dataset
                other = rng.choice([k for k in KINDS if k != kind and {k, kind} != {"airstrike", "shelling"}])
                writer = rng.choice([self.write_acled, self.write_article])
                writer(f"h{i}-other", other, town, day, 0 if other == "protest" else rng.randint(1, 20))
            elif roll < 0.35:  # the same kind of happening in the same town, days later
                later = day + dt.timedelta(days=rng.randint(2, 6))
                self.happening(f"h{i}-later", kind, town, later, rng.randint(2, 15))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "acled.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ACLED_COLUMNS)
            writer.writeheader()
            writer.writerows(self.acled)
        with open(folder / "ucdp.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, UCDP_COLUMNS)
            writer.writeheader()
            writer.writerows(self.ucdp)
        with open(folder / "articles.jsonl", "w", encoding="utf-8") as handle:
            for record in self.articles:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        with open(folder / "truth.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["happening", "dataset", "id"])
            writer.writerows(self.truth)


def main() -> None:
    for name, seed in (("tune", 1), ("tune2", 2), ("held", 4)):
        writer = Writer(seed)
        writer.build(120)
        writer.save(HERE / name)


if __name__ == "__main__":
    main()
