"""Running totals and wide places: never one happening with a town's single event by distance, never a bridge.

In a trial, a province-wide toll "to date" (a tally whose place is a governorate) chained two distinct
strikes, on Ariha and on Kafr Lata, into one group. These tests hold that shut.
"""

from __future__ import annotations

from pathlib import Path

from test_reconcile import ACLED, act, links, report

from frontline.store import reconcile as rc
from frontline.store.links import proposals
from frontline.store.load import load_records

ARIHA = report(
    "ariha-1", place="Ariha", lat=35.8126, lon=36.6104, fatalities=7, title="Air strikes kill 7 in Ariha",
    summary="Warplanes struck the market of Ariha, killing 7 civilians.",
)  # fmt: skip
KAFR_LATA = report("kafrlata-1")  # 10 killed in Kafr Lata, 2 km from Ariha, the same day
TOLL = report(
    "toll-1", place="Idlib Governorate", admin1="Idlib", lat=35.80, lon=36.62, running_total=True, fatalities=10,
    title="Air strikes have killed 10 civilians in Idlib province to date",
    summary="Russian and government warplanes striking Idlib province have killed 10 civilians since Tuesday.",
)  # fmt: skip


def test_a_running_total_is_not_proposed_as_a_towns_single_event(db_path: Path):
    load_records(db_path, [ARIHA, KAFR_LATA], "acled")
    load_records(db_path, [TOLL, {**TOLL, "id": "toll-town", "place": "Kafr Lata", "admin1": None}], "observatory")
    # The toll of a governorate, and even a toll given for the town itself, against the town's one strike.
    assert links(db_path) == {}
    act(db_path, rc.reconcile)
    assert links(db_path) == {}
    assert act(db_path, proposals) == []


def test_two_running_totals_of_one_place_are_still_one_happening(db_path: Path):
    tally = {**TOLL, "category": "displacement", "fatalities": None, "displaced": 388000}
    load_records(db_path, [tally], "un")
    load_records(db_path, [{**tally, "id": "toll-2", "displaced": 389000}], "ocha")
    assert links(db_path) == {("toll-1", "toll-2"): "proposed"}


def test_a_report_placed_only_in_its_governorate_is_not_linked_by_distance(db_path: Path):
    wide = {**TOLL, "id": "afp-wide", "running_total": False}  # one strike, written as "in Idlib province"
    load_records(db_path, [KAFR_LATA], "acled")
    national = {
        **KAFR_LATA,
        "id": "afp-syria",
        "place": "Syria (national)",
        "title": "Air strikes kill 10 civilians in Syria",
        "summary": "Warplanes killed 10 civilians.",
    }
    load_records(db_path, [wide, national], "afp")
    assert links(db_path) == {}
    link = act(db_path, rc.decide, "afp-wide", "kafrlata-1", "proposed")
    assert link.reasons["place"]["why"].startswith("a governorate or country against a town")
    assert link.score < 0.6


def test_a_wide_report_that_names_the_town_is_linked_by_the_name(db_path: Path):
    named = {**KAFR_LATA, "id": "afp-named", "place": "Idlib Governorate", "lat": 35.75, "lon": 36.6}
    load_records(db_path, [KAFR_LATA], "acled")
    load_records(db_path, [named], "afp")
    assert links(db_path) == {("afp-named", "kafrlata-1"): "proposed"}
    assert act(db_path, rc.link, "afp-named", "kafrlata-1").reasons["place"]["why"].startswith("names Kafr Lata")


def test_a_source_that_places_an_event_only_in_its_province_is_wide_too(db_path: Path):
    # UCDP's where_prec 4 to 6 and ACLED's geo_precision 3: the point and the name stand for a province.
    words = {"title": "Air strikes kill 7 civilians", "summary": "Warplanes struck a market, killing 7 civilians."}
    load_records(db_path, [{**ARIHA, "id": "ucdp-4", "extra": {"where_prec": 4}, **words}], "ucdp")
    load_records(db_path, [{**ARIHA, "id": "acled-3", "extra": {"geo_precision": "3"}, **words}], "acled")
    load_records(db_path, [{**ARIHA, "id": "afp-1", **words}], "afp")
    assert links(db_path) == {("acled-3", "ucdp-4"): "proposed"}  # two wide reports may be one; not with the town
    assert act(db_path, rc.link, "acled-3", "ucdp-4").reasons["place"]["why"] == "same place, wide places"


def test_a_wide_report_confirmed_with_two_towns_does_not_join_them(db_path: Path):
    wide = {**TOLL, "id": "afp-wide", "running_total": False}
    load_records(db_path, [ARIHA, KAFR_LATA], "acled")
    load_records(db_path, [wide], "afp")
    act(db_path, rc.decide, "afp-wide", "kafrlata-1", "confirmed")
    act(db_path, rc.decide, "afp-wide", "ariha-1", "confirmed")
    kafr_lata, ariha = act(db_path, rc.group_of, "kafrlata-1"), act(db_path, rc.group_of, "ariha-1")
    assert kafr_lata is not None and ariha is not None
    assert not ({"kafrlata-1", "ariha-1"} <= set(kafr_lata[1]))  # two strikes: never one group through it
    assert "afp-wide" in kafr_lata[1] + ariha[1]
    # Proposed groups: the wide report shows beside each town, the towns stay apart.
    act(db_path, rc.decide, "afp-wide", "ariha-1", "proposed")
    found = act(db_path, proposals)
    assert [p.ids for p in found] == [["afp-wide", "ariha-1"]]
    assert not any({"kafrlata-1", "ariha-1"} <= set(p.ids) for p in found)
    # Two towns linked to each other directly are one group, through the wide report or not.
    act(db_path, rc.decide, "ariha-1", "kafrlata-1", "confirmed")
    assert act(db_path, rc.group_of, "ariha-1")[1] == ["afp-wide", "ariha-1", "kafrlata-1"]


def test_a_town_in_a_district_of_another_town_is_not_that_town(db_path: Path):
    # ACLED writes "Kafr Lata, Ariha": Kafr Lata, in the district of Ariha. The strike on Ariha the
    # same day, 3 km away, is another happening: neither linked to it nor chained to Kafr Lata through it.
    ariha = {**ARIHA, "fatalities": 10, "title": "Air strikes kill 10 civilians in Ariha",
             "summary": "Russian warplanes struck Ariha, killing 10 civilians."}  # fmt: skip
    load_records(db_path, [KAFR_LATA, ariha], "afp")
    load_records(db_path, [ACLED[0]], "acled")
    assert links(db_path) == {("SYR1", "kafrlata-1"): "proposed"}
    assert [p.ids for p in act(db_path, proposals)] == [["SYR1", "kafrlata-1"]]
