"""Names as reconcile compares them: canonical places, folded names, families of kinds and actors.

Places compare by the gazetteer's canonical place (`events.place_id`, which the user's `places
merge` and `split` correct): one place is the same place whatever the spelling. Two places the
gazetteer keeps apart are compared by their spellings (`name_likeness`: folded, without "village"
and "al-") unless a user decision put either spelling where it is; an event without a canonical
place is compared by its spelling alone. `wide_place` tells a governorate or a country from a town.
Categories and actors go through the short tables below, of the names the common datasets (ACLED,
UCDP GED, the built-in data) give the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Families of the categories datasets use, folded: ACLED event types, UCDP types of violence, the built-in ones.
FAMILIES = {
    "fighting": ("battle", "battles", "armed clash", "clash", "clashes", "capture", "offensive", "state-based violence",
                 "non-state violence", "state-based", "non-state", "ground fighting", "siege", "government regains territory",
                 "non-state actor overtakes territory"),
    "strike": ("airstrike", "air strike", "air/drone strike", "shelling", "shelling/artillery/missile attack",
               "explosions/remote violence", "explosion", "bombing", "chemical attack", "remote explosive/landmine/ied",
               "suicide bomb"),
    "civilians": ("violence against civilians", "attack on civilians", "one-sided violence", "one-sided", "massacre", "attack", "abduction"),
    "protest": ("protests", "protest", "riots", "riot", "uprising", "demonstration", "peaceful protest"),
    "displacement": ("displacement", "displaced", "refugees"),
    "politics": ("political", "diplomacy", "strategic developments", "agreement", "ceasefire", "statement"),
}  # fmt: skip
_FAMILY_OF = {name: family for family, names in FAMILIES.items() for name in names}

# Names datasets give the same actor, folded; the key is what they compare as.
ACTOR_FAMILIES = {
    "syrian government": ("syrian arab army", "military forces of syria", "government of syria", "syrian government",
                          "syrian army", "government forces", "regime forces", "syrian arab air force",
                          "syrian security forces", "police forces of syria", "tiger forces", "national defence forces"),
    "russia": ("russia", "russian air force", "military forces of russia", "government of russia", "russian forces"),
    "hts": ("hts", "hayat tahrir al-sham", "hayat tahrir al sham", "jabhat al-nusra", "jabhat fateh al-sham"),
    "civilians": ("civilians", "civilians (syria)", "civilians (international)"),
    "turkey": ("turkey", "military forces of turkey", "turkish armed forces", "government of turkey"),
    "islamic state": ("islamic state", "is", "isis", "isil", "daesh", "is (islamic state)"),
}  # fmt: skip
_ACTOR_OF = {name: key for key, names in ACTOR_FAMILIES.items() for name in names}

STOPWORD_TEXT = (
    "a an the of in on at to by for from with and or as is are was were be been its it this that these those "
    "after before over into near per said says say has have had not no but than their his her they he she who "
    "which what when where while about around some least more most other one two three day days"
)
STOPWORDS = frozenset(STOPWORD_TEXT.split())
STEM = 5  # letters a word is compared by
_WORD = re.compile(r"[^\W_]+")
_ASCII_CONTENT = re.compile(r"[a-z0-9]{3,}")  # words of 3 or more (the shorter say little)
_PAREN = re.compile(r"\s*\([^)]*\)")


_APOSTROPHES = re.compile(r"['ʼ’`ʿʾ]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Lower case, accents and apostrophes gone, runs of other marks one space: Ma'arrat → maarrat."""
    if not text:
        return ""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text)).strip()


GENERIC_PLACE_TEXT = "village town city area district subdistrict sub countryside outskirts near around the of camp"
GENERIC_PLACE_WORDS = frozenset(GENERIC_PLACE_TEXT.split())
ARTICLES = frozenset(["al", "el", "ad", "ash", "as", "an", "ar", "at", "az"])
COARSE_PLACE_WORDS = frozenset(
    ["governorate", "province", "countryside", "region", "national", "nationwide", "syria", "muhafazat", "country"]
)
WIDE_ADMIN = frozenset(["national", "international"])  # a gazetteer place whose admin1 says it is a country or more


@lru_cache(maxsize=65536)
def place_key(place: str | None) -> str:
    """The place name as reports compare it: its first part, folded, without "village" or "town"
    ("Kafr Lata, Ariha" → "kafr lata", "Anadan village" → "anadan")."""
    first = fold(_PAREN.sub("", (place or "").split(",")[0]))
    return " ".join(w for w in first.split() if w not in GENERIC_PLACE_WORDS)


@lru_cache(maxsize=65536)
def place_skeleton(place: str | None) -> str:
    """The consonants of a place name, without articles: the spellings of one town share it
    (Khan Shaykun, Khan Sheikhoun and Khan Shaykhun are all "knskn"). Reports are blocked by it."""
    words = [w for w in place_key(place).split() if w not in ARTICLES]
    letters = re.sub(r"[aeiouyhw\s]", "", "".join(words))  # digits stay: "Post 7" is not "Post 9"
    return re.sub(r"(.)\1+", r"\1", letters)


@lru_cache(maxsize=65536)
def coarse_place(place: str | None) -> bool:
    """A governorate, a province, a country: a place too wide to tell two happenings apart by name."""
    return bool(set(fold(_PAREN.sub("", (place or "").split(",")[0])).split()) & COARSE_PLACE_WORDS)


def wide_place(
    place: str | None, place_id: str | None, place_admin1: str | None, geo_precision: object, where_prec: object
) -> bool:
    """Is this event placed only in a governorate, a country or wider, not in a town?

    By its name ("Idlib Governorate", "Syria (national)"), by its canonical place (a spelling of a
    governorate, a place whose admin1 is National), or by the source's own precision: ACLED's
    `geo_precision` 3 (a province's point) and UCDP GED's `where_prec` 4 to 7 (a province, a
    country, international waters)."""
    if coarse_place(place) or coarse_place(place_id) or fold(place_admin1) in WIDE_ADMIN:
        return True
    return _whole(geo_precision) == 3 or (_whole(where_prec) or 0) >= 4


def _whole(value: object) -> int | None:
    text = str(value).strip() if value is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None


def names_town(wide_words: frozenset[str], town: str | None) -> bool:
    """Does the text of a wide report (its content words) name this town? ("… struck Kafr Lata near Ariha")"""
    words = [w[:STEM] for w in place_key(town).split() if w not in ARTICLES and len(w) > 2]
    return bool(words) and all(w in wide_words for w in words)


def place_likeness(
    a: tuple[str | None, str | None, bool], b: tuple[str | None, str | None, bool]
) -> tuple[float | None, str]:
    """How alike two events' places are, from (spelling, canonical place, pinned by a user decision).

    One canonical place is the same place (1). Two canonical places are two places when a user
    decision put either spelling where it is (0); else the spellings say (`name_likeness`)."""
    (place_a, id_a, pinned_a), (place_b, id_b, pinned_b) = a, b
    if id_a and id_b:
        if id_a == id_b:
            return 1.0, "same place"
        if pinned_a or pinned_b:
            return 0.0, "other places, as you decided"
    names = name_likeness(place_a, place_b)
    if names is None:
        return None, ""
    if names == 0:
        return 0.0, "other names"
    return names, "same place" if names == 1 else "one name holds the other" if names == 0.9 else "close spellings"


def _own_part(place: str) -> str:
    """The place itself, folded: what comes before a comma (the district, the governorate after it)."""
    return fold(_PAREN.sub("", place.split(",")[0]))


@lru_cache(maxsize=65536)
def name_likeness(a: str | None, b: str | None) -> float | None:
    """How alike two place names are: 1 the same, 0.9 the same skeleton or one inside the other,
    0.8 close spellings, 0 different towns; None when either is missing or too wide to say."""
    if not a or not b or coarse_place(a) or coarse_place(b):
        return None
    ka, kb = place_key(a), place_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return 1.0
    skeleton = place_skeleton(a)
    # One name inside the other, in the place's own part: "Kafr Lata, Ariha" is Kafr Lata (in the
    # district of Ariha), never Ariha, the town 3 km off whose strike was another happening.
    if (
        (len(skeleton) >= 3 and skeleton == place_skeleton(b))
        or f" {ka} " in f" {_own_part(b)} "
        or f" {kb} " in f" {_own_part(a)} "
    ):
        return 0.9
    return 0.8 if SequenceMatcher(None, ka.replace(" ", ""), kb.replace(" ", "")).ratio() >= 0.7 else 0.0


@lru_cache(maxsize=65536)
def category_family(category: str | None) -> str | None:
    """The family of a category (fighting, strike, civilians …), or None when it is in none."""
    return _FAMILY_OF.get(" ".join((category or "").casefold().split()))


@lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """An actor's name as compared: its family when known, else the folded name without its years ("(2000-)")."""
    bare = " ".join(_PAREN.sub("", name.casefold()).split())
    return _ACTOR_OF.get(bare) or _ACTOR_OF.get(name.casefold().strip()) or fold(bare)


def content_words(*texts: str | None) -> frozenset[str]:
    """The words of a text that say what happened, cut to their first letters (`STEM`, so that 'shelled' and
    'shelling' are one word), without the common ones and numbers. Cheap: it runs for every report compared."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        if text.isascii():  # the common case, at the speed of one regular expression
            words = _ASCII_CONTENT.findall(text.lower().replace("'", ""))
            found.update(w[:STEM] for w in words if w not in STOPWORDS and not w.isdigit())
        else:
            found.update(
                w[:STEM] for w in _WORD.findall(fold(text)) if len(w) > 2 and not w.isdigit() and w not in STOPWORDS
            )
    return frozenset(found)
