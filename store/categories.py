"""frontline's categories, and what each source's own kinds of event are in them.

ACLED codes an event by `event_type` and `sub_event_type` ("Explosions/Remote violence",
"Air/drone strike"), UCDP by `type_of_violence` (1 state-based, 2 non-state, 3 one-sided), and a
spreadsheet by whatever its author typed ("Battles", "Air strike"). Each maps, case-insensitively,
onto one of `CATEGORIES`; the source's own terms stay in the record's `extra`.
"""

from __future__ import annotations

CATEGORIES = (
    "uprising", "protest", "battle", "capture", "airstrike", "shelling", "bombing", "chemical attack",
    "massacre", "attack on civilians", "displacement", "diplomacy", "political", "heritage", "toll",
)  # fmt: skip

# ACLED sub-event types (the finer term decides first).
ACLED_SUB_EVENTS = {
    "armed clash": "battle",
    "government regains territory": "capture",
    "non-state actor overtakes territory": "capture",
    "non-violent transfer of territory": "capture",
    "air/drone strike": "airstrike",
    "shelling/artillery/missile attack": "shelling",
    "remote explosive/landmine/ied": "bombing",
    "suicide bomb": "bombing",
    "grenade": "bombing",
    "chemical weapon": "chemical attack",
    "attack": "attack on civilians",
    "abduction/forced disappearance": "attack on civilians",
    "sexual violence": "attack on civilians",
    "looting/property destruction": "attack on civilians",
    "peaceful protest": "protest",
    "protest with intervention": "protest",
    "excessive force against protesters": "protest",
    "mob violence": "protest",
    "violent demonstration": "protest",
    "agreement": "diplomacy",
    "arrests": "political",
    "change to group/activity": "political",
    "headquarters or base established": "political",
    "disrupted weapons use": "battle",
    "other": "political",
}
ACLED_EVENT_TYPES = {
    "battles": "battle",
    "explosions/remote violence": "bombing",
    "violence against civilians": "attack on civilians",
    "protests": "protest",
    "riots": "protest",
    "strategic developments": "political",
}
UCDP_VIOLENCE = {
    "1": "battle", "state-based conflict": "battle", "state-based": "battle",
    "2": "battle", "non-state conflict": "battle", "non-state": "battle",
    "3": "attack on civilians", "one-sided violence": "attack on civilians", "one-sided": "attack on civilians",
}  # fmt: skip
# What people type for the same kinds.
SYNONYMS = {
    "battles": "battle", "clash": "battle", "clashes": "battle", "fighting": "battle", "armed clash": "battle",
    "air strike": "airstrike", "air strikes": "airstrike", "airstrikes": "airstrike", "air raid": "airstrike",
    "bombardment": "shelling", "artillery": "shelling", "chemical": "chemical attack", "chemical weapon": "chemical attack",
    "chemical attacks": "chemical attack", "protests": "protest", "demonstration": "protest", "captures": "capture",
    "massacres": "massacre", "explosion": "bombing", "explosions": "bombing", "refugees": "displacement",
    "politics": "political", "diplomatic": "diplomacy", "deaths": "toll", "death toll": "toll",
}  # fmt: skip
_KNOWN = (
    {c: c for c in CATEGORIES}
    | SYNONYMS
    | ACLED_EVENT_TYPES
    | ACLED_SUB_EVENTS
    | {k: v for k, v in UCDP_VIOLENCE.items() if not k.isdigit()}
)


def _key(term: str) -> str:
    return " ".join(term.replace("_", " ").split()).casefold()


def canonical(term: str | None) -> str | None:
    """The frontline category of a term ("Battles" is battle); a term it does not know is kept as it is."""
    if term is None or not term.strip():
        return None
    return _KNOWN.get(_key(term), term.strip())


def from_acled(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's pair of terms as one category: the sub-event type when known, else the event type."""
    if sub_event_type and _key(sub_event_type) in ACLED_SUB_EVENTS:
        return ACLED_SUB_EVENTS[_key(sub_event_type)]
    if event_type and _key(event_type) in ACLED_EVENT_TYPES:
        return ACLED_EVENT_TYPES[_key(event_type)]
    return canonical(event_type or sub_event_type)


def from_ucdp(type_of_violence: str | None) -> str | None:
    if type_of_violence is None:
        return None
    return UCDP_VIOLENCE.get(_key(type_of_violence), canonical(type_of_violence))
