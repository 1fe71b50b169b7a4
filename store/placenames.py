"""Place names as keys: one key for every Latin spelling of an Arabic name, and when two sightings are one place.

Transliterations of one Arabic name differ in vowels (Saraqib, Saraqeb, Saraqab), in the article
(al-, el-, an-, ash-…), in apostrophes and ʿayn marks (Ma'arrat, Maʿarrat), in hyphens and spaces
(Kafr Nabl, Kafranbel), in doubled letters (Maarrat, Maarat) and in a few consonant spellings
(q/k, sh/ch, kh/k). `skeleton` removes all of that and keeps the consonants. A skeleton alone
would join different towns that happen to share one, so `same_place` also asks the coordinates
(within `NEAR_KM`) and the governorate, when the sighting has them.
"""

from __future__ import annotations

import math
import re
import unicodedata

NEAR_KM = 8.0
"""Two sightings of one town are at most this far apart (a source's point can be the town's edge)."""
CLOSE_KM = 3.0
"""A spelling one letter off the skeleton is accepted only this close to the known place."""

ARTICLES = {
    "al",
    "el",
    "an",
    "ad",
    "ash",
    "as",
    "at",
    "ar",
    "az",
    "ath",
    "adh",
    "ed",
    "en",
    "es",
    "et",
    "er",
    "ez",
    "a",
    "l",
}
KINDS = {"town", "village", "city"}
"""A last word that says what kind of place a name is, not which."""
_MARKS = re.compile("['’‘`´ʼʻʿʾ\u02bc\u02be\u02bf]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# Consonant spellings that stand for one Arabic letter (or two close ones that sources mix up).
_DIGRAPHS = [("ch", "s"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"),
             ("dj", "j"), ("q", "k"), ("c", "k"), ("x", "ks"), ("ou", "u"), ("ee", "i")]  # fmt: skip
_VOWELS = set("aeiouwy")

# Governorates: spellings that no skeleton joins (Halab is Aleppo).
_GOVERNORATES = {
    "halab": "aleppo", "alep": "aleppo", "rural damascus": "rif dimashq", "damascus countryside": "rif dimashq",
    "reef damascus": "rif dimashq", "rif damascus": "rif dimashq", "dimashq": "damascus", "ladhiqiyah": "latakia",
    "lattakia": "latakia", "lattaquie": "latakia", "hasakah": "hasaka", "hassakeh": "hasaka", "hasakeh": "hasaka",
    "raqqah": "raqqa", "rakka": "raqqa", "sweida": "suwayda", "sweyda": "suwayda", "suwaida": "suwayda",
    "qunaytirah": "quneitra", "tartous": "tartus", "hamah": "hama", "hims": "homs", "deraa": "daraa",
    "dara": "daraa", "deir ez zor": "deir ezzor", "dayr az zawr": "deir ezzor", "deir ezzor": "deir ezzor",
}  # fmt: skip
_GOVERNORATE_WORDS = {"governorate", "province", "muhafazat", "muhafaza", "gov", "mohafazat"}


def plain(name: str) -> str:
    """Lowercase ASCII words: accents and ʿayn/hamza marks gone, every other mark a space."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _MARKS.sub("", text)
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _word_skeleton(word: str) -> str:
    if len(word) > 2 and word.endswith("h") and word[-2] in _VOWELS:
        word = word[:-1]  # Dibsah / Dibsa, Hamah / Hama: a final h after a vowel is the Arabic tā' marbūṭa
    for spelling, letter in _DIGRAPHS:
        word = word.replace(spelling, letter)
    if not word:
        return ""
    # A leading vowel is kept as one mark (Idlib, Edlib: 'adlb'); inside a word vowels, w and y are dropped.
    lead = "a" if word[0] in "aeiou" else word[0]
    return lead + "".join(c for c in word[1:] if c not in _VOWELS)


def skeleton(name: str) -> str:
    """The consonant key of a name: Saraqib, Saraqeb and Sarāqib all give 'srkb'; Kafr Nabl and Kafranbel 'kfrnbl'."""
    words = plain(name).split()
    kept = [w for w in words if w not in ARTICLES] or words
    if len(kept) > 1 and kept[-1] in KINDS:
        kept = kept[:-1]  # UCDP's "Saraqib town", "Anadan village": the town itself
    joined = "".join(_word_skeleton(w) for w in kept)
    out: list[str] = []
    for c in joined:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def governorate(name: str | None) -> str | None:
    """A governorate's key: Idleb and Idlib, Halab and Aleppo, Hamah and Hama give one key each."""
    if not name:
        return None
    words = [w for w in plain(name).split() if w not in _GOVERNORATE_WORDS and w not in ARTICLES]
    text = " ".join(words)
    text = _GOVERNORATES.get(text, text)
    return skeleton(text) or None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def one_edit_apart(a: str, b: str) -> bool:
    """Do two skeletons differ by at most one letter added, dropped or changed?"""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_place(
    key: str, admin: str | None, lat: float | None, lon: float | None,
    place_key: str, place_admin: str | None, place_lat: float | None, place_lon: float | None,
) -> bool:  # fmt: skip
    """Is a sighting (its skeleton, governorate key and point) the known place? The same name far away is not."""
    near = None
    if lat is not None and lon is not None and place_lat is not None and place_lon is not None:
        near = distance_km(lat, lon, place_lat, place_lon)
    if key != place_key:
        # One letter off (Kafr Latah / Kafr Lata written Kfar Laata): only where the points say it is the same town.
        return len(key) >= 5 and one_edit_apart(key, place_key) and near is not None and near <= CLOSE_KM
    if near is not None:
        return near <= NEAR_KM
    return not (admin and place_admin and admin != place_admin)
