"""Checks on the built-in dataset (store/data/*.jsonl): the Syrian government's
offensive on Maarat al-Numan and Idlib, March 2011 - January 2020.

The seed article and the reference facts live outside the repository, in
../shared (never copied here).  Tests that need them fail, rather than skip,
when that directory is missing.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "store" / "data"
SHARED = Path(__file__).parents[2] / "shared"
SEED_ARTICLE = SHARED / "seed" / "article-2020-01-29-maaret-al-numan.txt"
REFERENCE_FACTS = SHARED / "reference" / "facts.jsonl"

AFP_SEED = "AFP, 29 January 2020"

EVENT_KEYS = [
    "id",
    "date",
    "end_date",
    "precision",
    "title",
    "summary",
    "place",
    "admin1",
    "lat",
    "lon",
    "actors",
    "category",
    "fatalities",
    "displaced",
    "running_total",
    "sources",
    "notes",
    "dataset",
    "extra",
]
PLACE_KEYS = ["name", "admin1", "lat", "lon", "aliases"]
ERA_KEYS = ["id", "title", "date", "end_date", "summary", "sources"]

CATEGORIES = {
    "uprising",
    "battle",
    "capture",
    "airstrike",
    "massacre",
    "chemical attack",
    "diplomacy",
    "displacement",
    "political",
    "heritage",
    "toll",
}
PRECISION_FORMS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
ANY_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIRST_DAY = date(2011, 3, 1)
LAST_DAY = date(2020, 1, 31)

# Syria and Turkey together: every event happens here ...
THEATRE = {"lat": (32.0, 42.5), "lon": (25.5, 45.0)}
# ... except diplomacy held abroad (talks, summits, UN meetings).  Deliberate,
# listed by name so that a wrong coordinate elsewhere still fails.
OFF_THEATRE_VENUES = {"Astana", "Geneva", "New York", "Saint Petersburg", "Sochi", "Tehran"}

# Figures that are cumulative / aggregate tallies (facts-notes.md, "do not sum").
RUNNING_TOTAL_DISPLACED = {20000, 92000, 115000, 235000, 300000, 312000, 388000, 389000}
RUNNING_TOTAL_FATALITIES = {1043, 1460, 81, 380000}

# Name variants that must not appear: one spelling per actor.
ACTOR_VARIANTS_FORBIDDEN = {
    "United Nations",
    "Erdogan",
    "Putin",
    "Assad",
    "Al-Nusra Front",
    "Nusra Front",
    "Hayat Tahrir al-Sham",
    "Tahrir al-Sham",
    "Turkish Armed Forces",
    "Syrian Army",
    "Syrian Observatory for Human Rights",
    "Russian Federation",
}


# ------------------------------------------------------------------ loading
def _read_jsonl(path: Path) -> list[dict]:
    """One JSON object a line; dicts keep the file's key order."""
    assert path.is_file(), f"missing data file: {path}"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{n}: blank line"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path.name}:{n}: not an object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def events():
    return _read_jsonl(DATA / "events.jsonl")


@pytest.fixture(scope="module")
def place_rows():
    return _read_jsonl(DATA / "places.jsonl")


@pytest.fixture(scope="module")
def places(place_rows):
    return {p["name"]: p for p in place_rows}


@pytest.fixture(scope="module")
def eras():
    return _read_jsonl(DATA / "eras.jsonl")


def _shared_file(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(
            f"{path} not found: these tests need the seed article and reference facts in "
            f"{SHARED} (a sibling of the repository). They are deliberately not copied into the repo.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="module")
def article() -> str:
    return _shared_file(SEED_ARTICLE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference_facts() -> list[dict]:
    path = _shared_file(REFERENCE_FACTS)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------ helpers
def period(value: str) -> tuple[date, date]:
    """First and last day covered by a YYYY, YYYY-MM or YYYY-MM-DD value."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(*parts)
    return d, d


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])['\"’”)]?\s+(?=[A-Z0-9'\"‘“(])", text.strip())
    return [p for p in parts if p.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def cites_seed(event: dict) -> bool:
    return any(s["name"] == AFP_SEED for s in event["sources"])


def text_of(event: dict) -> str:
    return f"{event['title']} {event['summary']}"


# ------------------------------------------------------------------ events: shape
def test_at_least_120_events(events):
    assert len(events) >= 120, len(events)


def test_event_keys_exact_and_ordered(events):
    for e in events:
        assert list(e) == EVENT_KEYS, f"{e.get('id')}: keys {list(e)}"


def test_ids_unique_and_slug_shaped(events):
    ids = [e["id"] for e in events]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes
    for e in events:
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}(-[a-z0-9]+)+", e["id"]), e["id"]
        assert e["id"].startswith(e["date"] + "-"), f"{e['id']} does not start with its date {e['date']}"


def test_dates_match_precision(events):
    for e in events:
        assert e["precision"] in PRECISION_FORMS, e["id"]
        assert PRECISION_FORMS[e["precision"]].match(e["date"]), f"{e['id']}: {e['date']} vs {e['precision']}"
        period(e["date"])  # a real calendar date
        if e["end_date"] is not None:
            assert ANY_DATE.match(e["end_date"]), e["id"]
            period(e["end_date"])


def test_end_date_not_before_date(events):
    for e in events:
        if e["end_date"] is not None:
            assert period(e["end_date"])[0] >= period(e["date"])[0], e["id"]
            assert e["end_date"] != e["date"], f"{e['id']}: end_date equals date"


def test_dates_sorted(events):
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)


def test_dates_within_dataset_range(events):
    for e in events:
        first, last = period(e["date"])
        assert last >= FIRST_DAY and first <= LAST_DAY, f"{e['id']}: {e['date']}"
        if e["end_date"] is not None:
            assert period(e["end_date"])[0] <= LAST_DAY, f"{e['id']}: end {e['end_date']}"


def test_titles_and_summaries(events):
    for e in events:
        assert e["title"].strip() and len(e["title"]) <= 80, f"{e['id']}: title {len(e['title'])} chars"
        s = sentences(e["summary"])
        assert 1 <= len(s) <= 3, f"{e['id']}: {len(s)} sentences"
        assert e["summary"].rstrip("'\"’”)").endswith((".", "!", "?")), e["id"]


def test_categories(events):
    for e in events:
        assert e["category"] in CATEGORIES, f"{e['id']}: {e['category']}"


def test_actors(events):
    for e in events:
        assert isinstance(e["actors"], list) and e["actors"], e["id"]
        assert all(isinstance(a, str) and a.strip() for a in e["actors"]), e["id"]
        assert len(set(e["actors"])) == len(e["actors"]), f"{e['id']}: duplicate actor"
        bad = set(e["actors"]) & ACTOR_VARIANTS_FORBIDDEN
        assert not bad, f"{e['id']}: use the canonical name instead of {bad}"


def test_figures_are_integers_or_null(events):
    for e in events:
        for key in ("fatalities", "displaced"):
            v = e[key]
            assert v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0), f"{e['id']}: {key}={v!r}"
        assert isinstance(e["running_total"], bool), e["id"]


def test_sources(events):
    for e in events:
        assert e["sources"], f"{e['id']}: no source"
        for s in e["sources"]:
            assert list(s) == ["name", "url"], e["id"]
            assert isinstance(s["name"], str) and s["name"].strip(), e["id"]
            assert s["url"] is None or re.match(r"^https?://\S+$", s["url"]), f"{e['id']}: {s['url']}"


def test_no_mirror_sites_cited_as_the_source(events):
    mirrors = (
        "wikimili",
        "wikizero",
        "piglix",
        "owiki",
        "gutenberg.us",
        "wikisum",
        "qaz.wiki",
        "kiwix",
        "pages.dev",
        "friendlywiki",
        "profilpelajar",
        "triplydb",
        "datana.cloud",
        "gravy.cc",
        "av1.space",
        "fandom.com",
    )
    for e in events:
        for s in e["sources"]:
            assert not any(m in (s["url"] or "") for m in mirrors), f"{e['id']}: mirror {s['url']}"


def test_dataset_and_verified_flag(events):
    for e in events:
        assert e["dataset"] == "maarat-al-numan", e["id"]
        assert set(e["extra"]) >= {"verified"} and isinstance(e["extra"]["verified"], bool), e["id"]
        if not e["extra"]["verified"]:
            assert e["notes"] and "single source" in e["notes"].lower(), (
                f"{e['id']}: unverified events must say they come from a single source"
            )


def test_coordinates_in_theatre(events):
    for e in events:
        assert isinstance(e["lat"], (int, float)) and isinstance(e["lon"], (int, float)), e["id"]
        inside = (
            THEATRE["lat"][0] <= e["lat"] <= THEATRE["lat"][1] and THEATRE["lon"][0] <= e["lon"] <= THEATRE["lon"][1]
        )
        if e["place"] in OFF_THEATRE_VENUES:
            assert not inside, f"{e['id']}: {e['place']} should not be inside Syria/Turkey"
            assert e["category"] in {"diplomacy", "political", "displacement"}, e["id"]
        else:
            assert inside, f"{e['id']}: {e['place']} ({e['lat']}, {e['lon']}) outside Syria/Turkey"


def test_event_places_exist_with_matching_coordinates(events, places):
    for e in events:
        assert e["place"] in places, f"{e['id']}: unknown place {e['place']!r}"
        p = places[e["place"]]
        assert (e["admin1"], e["lat"], e["lon"]) == (p["admin1"], p["lat"], p["lon"]), e["id"]


# ------------------------------------------------------------------ places
def test_place_keys_and_coordinates(place_rows):
    names = []
    for p in place_rows:
        assert list(p) == PLACE_KEYS, f"{p.get('name')}: keys {list(p)}"
        assert p["name"].strip() and p["admin1"].strip()
        assert isinstance(p["lat"], (int, float)) and -90 <= p["lat"] <= 90, p["name"]
        assert isinstance(p["lon"], (int, float)) and -180 <= p["lon"] <= 180, p["name"]
        assert isinstance(p["aliases"], list)
        assert p["name"] not in p["aliases"], p["name"]
        assert len({a.casefold() for a in p["aliases"]}) == len(p["aliases"]), f"{p['name']}: duplicate alias"
        names.append(p["name"])
    assert len(names) == len(set(names))


def test_every_place_is_used(events, places):
    unused = set(places) - {e["place"] for e in events}
    assert not unused, unused


def _find_place(places, query):
    q = query.casefold()
    return [
        p["name"] for p in places.values() if q == p["name"].casefold() or q in (a.casefold() for a in p["aliases"])
    ]


@pytest.mark.parametrize(
    "spelling",
    [
        "Maarat al-Numan",
        "Maaret al-Numan",
        "Maaret a-Numan",
        "Ma'arrat al-Nu'man",
        "Maarrat An Nu'man",
    ],
)
def test_town_found_by_every_spelling(places, spelling):
    assert _find_place(places, spelling) == ["Maarat al-Numan"]


def test_article_spellings_resolve(places):
    for spelling, name in [
        ("Saraqeb", "Saraqib"),
        ("Kafr Lata", "Kafr Lata"),
        ("Rashideen", "Rashideen"),
        ("Idlib", "Idlib"),
        ("Damascus", "Damascus"),
        ("Geneva", "Geneva"),
    ]:
        assert _find_place(places, spelling) == [name], spelling


# ------------------------------------------------------------------ eras
def test_eras(eras):
    assert len(eras) >= 6
    for r in eras:
        assert list(r) == ERA_KEYS, r.get("id")
    ids = [r["id"] for r in eras]
    assert len(ids) == len(set(ids))
    for r in eras:
        assert ANY_DATE.match(r["date"]) and ANY_DATE.match(r["end_date"]), r["id"]
        assert period(r["date"])[0] <= period(r["end_date"])[1], r["id"]
        assert r["title"].strip() and 1 <= len(sentences(r["summary"])) <= 2, r["id"]
        assert r["sources"] and all(s["name"].strip() for s in r["sources"]), r["id"]
    assert [r["date"] for r in eras] == sorted(r["date"] for r in eras)


# ------------------------------------------------------------------ totals and disagreements
def test_running_totals_flagged(events):
    for e in events:
        if e["displaced"] in RUNNING_TOTAL_DISPLACED or e["fatalities"] in RUNNING_TOTAL_FATALITIES:
            assert e["running_total"], f"{e['id']}: cumulative figure not flagged as running total"
    assert any(e["displaced"] == 388000 and e["running_total"] for e in events)
    assert any(e["fatalities"] == 380000 and e["running_total"] for e in events)


def test_388000_displaced_is_a_span_since_december(events):
    [e] = [e for e in events if e["displaced"] == 388000]
    assert (e["date"], e["end_date"], e["precision"]) == ("2019-12", "2020-01-29", "month")
    assert "389,000" in e["notes"] and "Sources disagree" in e["notes"]


def test_recapture_entered_and_declared_are_both_kept(events):
    def capture_at_maarat(day):
        return [
            e for e in events if e["date"] == day and e["place"] == "Maarat al-Numan" and e["category"] == "capture"
        ]

    entered = [e for e in capture_at_maarat("2020-01-28") if "enter" in e["title"].lower()]
    declared = [e for e in capture_at_maarat("2020-01-29") if "recapture" in text_of(e).lower()]
    assert entered, "missing: troops enter Maarat al-Numan, 28 January 2020"
    assert declared, "missing: army declares Maarat al-Numan recaptured, 29 January 2020"
    for e in entered + declared:
        assert e["notes"] and "Sources disagree" in e["notes"], e["id"]
    assert any(cites_seed(e) for e in declared)


def test_disagreements_stay_visible(events):
    noted = [e for e in events if e["notes"] and "Sources disagree" in e["notes"]]
    assert len(noted) >= 20, len(noted)


# ------------------------------------------------------------------ the seed article's facts
# (date, end_date or None for "don't care", words that must all appear in title+summary,
#  (field, value) or None, a phrase that must appear in the article)
CHECKLIST = [
    (
        "2020-01-29",
        None,
        ["Maarat al-Numan", "recapture"],
        None,
        "Syrian government forces recaptured a strategic northwestern highway town",
    ),
    ("2020-01-29", None, ["11 civilians"], ("fatalities", 11), "killed another 11 civilians"),
    (
        "2020-01-29",
        None,
        ["Kafr Lata"],
        ("fatalities", 10),
        "killed 10 civilians further north in the village of Kafr Lata",
    ),
    ("2020-01-29", None, ["Saraqeb"], ("fatalities", 1), "another near the town of Saraqeb"),
    ("2020-01-29", None, ["five", "villages", "Saraqeb", "27 km"], None, "seized an additional five villages"),
    (
        "2011",
        None,
        ["Maarat al-Numan", "Idlib", "2011"],
        None,
        "one of the first towns in the northwestern province of Idlib to rise up",
    ),
    ("2012", None, ["rebels", "seven years"], None, "The following year, it was captured by rebels"),
    ("2016", None, ["rapprochement", "Erdogan", "Putin"], None, "since a 2016 rapprochement"),
    ("2020-01-29", None, ["Erdogan", "agreements", "Moscow"], None, "not honouring these agreements"),
    (
        "2019-12",
        "2020-01-29",
        ["388,000", "since December"],
        ("displaced", 388000),
        "displaced more than 388,000 civilians since December",
    ),
    (
        "2020-01-29",
        None,
        ["Lowcock", "20,000", "two days"],
        ("displaced", 20000),
        "At least 20,000 of them have moved in the last two days",
    ),
    (
        "2020-01-29",
        None,
        ["Lowcock", "catastrophe", "Security Council"],
        None,
        "we will see an even greater humanitarian catastrophe",
    ),
    (
        "2020-01-29",
        None,
        ["10 km", "Saraqeb", "Rami Abdel Rahman"],
        None,
        "within 10 kilometres (six miles) of Saraqeb",
    ),
    ("2020-01-29", None, ["RT", "correspondent"], None, "one of its correspondents was seriously wounded"),
    ("2020-01-24", "2020-01-29", ["27", "towns and villages"], None, "recaptured around 27 towns and villages"),
    ("2020-01-29", None, ["Rashideen", "SANA"], None, "in the Rashideen area"),
    ("2020-01-29", None, ["south of Aleppo province"], None, "clashes in the south of Aleppo province"),
    ("2020-01-29", None, ["70%", "Idlib"], None, "control around 70 percent of Syria"),
    (
        "2020-01-29",
        None,
        ["Pedersen", "Walid Muallem", "Damascus"],
        None,
        "met with Syrian foreign minister Walid Muallem",
    ),
    ("2019-10", None, ["constitution", "Geneva", "Pedersen"], None, "met in October in Geneva"),
    ("2020-01-29", None, ["380,000", "2011"], ("fatalities", 380000), "killed more than 380,000 people"),
    ("2020-01-29", None, ["vows", "terrorism"], None, "until all Syrian soil has been cleansed of terrorism"),
    ("2020-01-29", None, ["booby traps", "unexploded"], None, "swept the town for booby traps and unexploded ordnance"),
    (
        "2020-01-29",
        None,
        ["Roman", "Byzantine", "mosaics", "sandbags"],
        None,
        "museum of Roman and Byzantine-era mosaics",
    ),
    ("2020-01-29", None, ["three million"], None, "hosts some three million people"),
    ("2020-01-29", None, ["hundreds of vehicles"], None, "hundreds of vehicles cramming a key exit route"),
    ("2020-01-29", None, ["half of Idlib", "Latakia"], None, "more than half of Idlib province"),
    ("2020-01-29", None, ["spokesman", "towns and villages"], None, "stamp out terrorism in many villages and towns"),
]


def test_checklist_is_long_enough():
    assert len(CHECKLIST) >= 18


@pytest.mark.parametrize("entry", CHECKLIST, ids=[f"{c[0]}:{c[2][0]}" for c in CHECKLIST])
def test_checklist_phrase_is_in_the_article(article, entry):
    phrase = entry[4]
    flat = " ".join(article.split())
    assert phrase.lower() in flat.lower(), f"checklist phrase not in the seed article: {phrase!r}"


@pytest.mark.parametrize("entry", CHECKLIST, ids=[f"{c[0]}:{c[2][0]}" for c in CHECKLIST])
def test_checklist_fact_is_an_event_citing_the_article(events, entry):
    day, end, needed, figure, phrase = entry
    candidates = [e for e in events if cites_seed(e) and e["date"] == day and (end is None or e["end_date"] == end)]
    assert candidates, f"no event dated {day} cites {AFP_SEED!r}"
    hits = [
        e
        for e in candidates
        if all(w.lower() in text_of(e).lower() for w in needed) and (figure is None or e[figure[0]] == figure[1])
    ]
    assert hits, f"no event on {day} citing the article mentions {needed} {figure or ''} (article: {phrase!r})"


def test_seed_events_that_reference_marks_unverified(events):
    for fatalities in (11, 10, 1):
        [e] = [e for e in events if e["date"] == "2020-01-29" and cites_seed(e) and e["fatalities"] == fatalities]
        assert e["extra"]["verified"] is False, e["id"]
    [five] = [
        e
        for e in events
        if e["date"] == "2020-01-29" and cites_seed(e) and "five" in text_of(e) and "villages" in text_of(e)
    ]
    assert five["extra"]["verified"] is False


# ------------------------------------------------------------------ own words
def test_reference_facts_are_all_covered(events, reference_facts):
    assert len(reference_facts) == 132
    assert len(events) >= len(reference_facts)
    for f in reference_facts:
        same_day = [
            e
            for e in events
            if e["date"] == f["date"]
            or (f["date"] == "2020-01-29" and e["date"] == "2019-12" and f["displaced"] == e["displaced"])
        ]
        assert same_day, f"reference fact dated {f['date']} ({f['title']!r}) has no event"


def test_no_summary_copies_the_reference_or_the_article(events, reference_facts, article):
    n = 8
    forbidden = set()
    for f in reference_facts:
        forbidden |= ngrams(f["summary"], n)
        forbidden |= ngrams(f["title"], n)
    forbidden |= ngrams(article, n)
    offenders = []
    for e in events:
        for field in ("summary", "title", "notes"):
            if e[field] and ngrams(e[field], n) & forbidden:
                offenders.append((e["id"], field, sorted(ngrams(e[field], n) & forbidden)[0]))
    assert not offenders, offenders


def test_no_title_reuses_a_reference_title(events, reference_facts):
    ref_titles = {" ".join(words(f["title"])) for f in reference_facts}
    same = [e["id"] for e in events if " ".join(words(e["title"])) in ref_titles]
    assert not same, same


def test_eras_are_own_words(eras, reference_facts, article):
    forbidden = set(ngrams(article, 8))
    for f in reference_facts:
        forbidden |= ngrams(f["summary"], 8)
    for r in eras:
        assert not (ngrams(r["summary"], 8) & forbidden), r["id"]
