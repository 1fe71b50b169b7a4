"""Reconcile in the store: proposals after a load, decisions kept by id across reloads, groups, the built-in links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontline.store import reconcile as rc
from frontline.store.links import proposals
from frontline.store.load import load_records
from frontline.store.schema import open_database


def report(ident: str, **fields) -> dict:
    record = {
        "id": ident, "date": "2020-01-29", "precision": "day", "title": "Air strikes kill 10 civilians in Kafr Lata",
        "summary": "Russian and government warplanes struck Kafr Lata near Ariha, killing 10 civilians.",
        "place": "Kafr Lata", "lat": 35.7947, "lon": 36.6275, "actors": ["Russia", "Civilians"],
        "category": "airstrike", "fatalities": 10,
    }  # fmt: skip
    record.update(fields)
    return record


AFP = [
    report("afp-1"),
    report("afp-2", title="Hundreds march in Kafr Lata", summary="Residents protested against the bombing.",
           category="protest", fatalities=None, actors=["Protesters"]),
]  # fmt: skip
ACLED = [
    report("SYR1", date="2020-01-28", place="Kafr Lata, Ariha", title="Air/drone strike in Kafr Lata",
           summary="On 28 January 2020, Russian warplanes carried out air strikes on Kafr Lata (Ariha, Idlib). "
           "11 civilians were killed.", category="Explosions/Remote violence", fatalities=11, lat=35.79, lon=36.63,
           actors=["Military Forces of Russia (1991-)", "Civilians (Syria)"]),
]  # fmt: skip


def links(db: Path) -> dict[tuple[str, str], str]:
    conn = open_database(db).conn
    try:
        return {(a, b): status for a, b, status in conn.execute("SELECT a, b, status FROM links")}
    finally:
        conn.close()


def act(db: Path, fn, *args):
    conn = open_database(db).conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        result = fn(conn, *args)
        conn.execute("COMMIT")
        return result
    finally:
        conn.close()


def test_a_load_proposes_the_link_across_datasets_and_not_the_look_alike(db_path: Path):
    load_records(db_path, AFP, "afp")
    assert links(db_path) == {}
    result = load_records(db_path, ACLED, "acled")
    assert result.reconciled is not None and result.reconciled.proposed == 1
    assert links(db_path) == {("SYR1", "afp-1"): "proposed"}
    link = act(db_path, rc.link, "afp-1", "SYR1")
    assert link.reasons["date"]["why"] == "1 day apart"
    assert link.reasons["figures"]["why"] == "11 vs 10 killed"
    assert link.reasons["place"]["why"] == "same place, 1 km apart"  # "Kafr Lata, Ariha" is Kafr Lata


def test_decisions_are_kept_by_id_across_a_reload_that_renumbers_the_timeline(db_path: Path):
    load_records(db_path, AFP, "afp")
    load_records(db_path, ACLED, "acled")
    act(db_path, rc.decide, "afp-1", "SYR1", "confirmed")
    assert act(db_path, rc.group_of, "afp-1") == ("SYR1", ["SYR1", "afp-1"])
    # An earlier event moves every seq; a changed ACLED row is reconciled again.
    load_records(db_path, [report("afp-0", date="2019-01-01", place="Ariha", title="Earlier")], "afp")
    load_records(db_path, [{**ACLED[0], "fatalities": 12}], "acled")
    assert links(db_path)[("SYR1", "afp-1")] == "confirmed"
    assert act(db_path, rc.group_of, "SYR1") == ("SYR1", ["SYR1", "afp-1"])
    assert act(db_path, rc.link, "SYR1", "afp-1").reasons["figures"]["why"] == "12 vs 10 killed"


def test_a_rejected_link_is_not_proposed_again(db_path: Path):
    load_records(db_path, AFP, "afp")
    load_records(db_path, ACLED, "acled")
    act(db_path, rc.decide, "SYR1", "afp-1", "rejected")
    act(db_path, rc.reconcile)
    assert links(db_path) == {("SYR1", "afp-1"): "rejected"}
    assert act(db_path, rc.group_of, "SYR1") is None
    assert act(db_path, proposals) == []


def test_after_a_load_only_the_new_events_are_compared(db_path: Path):
    twice = [report("afp-1"), report("afp-1b")]  # one dataset, one happening entered twice
    load_records(db_path, twice, "afp")
    assert links(db_path) == {("afp-1", "afp-1b"): "proposed"}
    act(db_path, lambda conn: conn.execute("DELETE FROM links"))
    load_records(db_path, ACLED, "acled")
    assert set(links(db_path)) == {("SYR1", "afp-1"), ("SYR1", "afp-1b")}  # the old pair was not looked at
    act(db_path, rc.reconcile)  # `frontline reconcile`: everything
    assert ("afp-1", "afp-1b") in links(db_path)


def test_the_last_day_of_a_month_meets_the_first_of_the_next(db_path: Path):
    load_records(db_path, [report("a", date="2020-01-31")], "one")
    load_records(db_path, [report("b", date="2020-02-01")], "two")
    assert links(db_path) == {("a", "b"): "proposed"}


def test_far_apart_in_time_or_place_is_never_a_candidate(db_path: Path):
    load_records(db_path, [report("a")], "one")
    load_records(db_path, [report("b", date="2020-01-05"), report("c", lat=36.9, lon=38.9, place="Raqqa")], "two")
    assert links(db_path) == {}


def test_deciding_on_an_unknown_event_or_one_with_itself_is_refused(db_path: Path):
    load_records(db_path, AFP, "afp")
    with pytest.raises(rc.ReconcileError, match="'nope': no such event"):
        act(db_path, rc.decide, "afp-1", "nope", "confirmed")
    with pytest.raises(rc.ReconcileError, match="not linked to itself"):
        act(db_path, rc.decide, "afp-1", "afp-1", "confirmed")


def test_groups_join_through_confirmed_links(db_path: Path):
    load_records(db_path, [report("a"), report("z", place="Ariha", title="Other")], "one")
    load_records(db_path, [report("m")], "two")
    act(db_path, rc.decide, "a", "m", "confirmed")
    act(db_path, rc.decide, "m", "z", "confirmed")
    assert act(db_path, rc.group_of, "z") == ("a", ["a", "m", "z"])
    act(db_path, rc.decide, "a", "m", "rejected")
    assert act(db_path, rc.group_of, "a") is None
    assert act(db_path, rc.group_of, "z") == ("m", ["m", "z"])


def test_the_builtin_dataset_links_its_own_reports_of_one_happening(builtin_db: Path):
    conn = open_database(builtin_db).conn
    confirmed = {(a, b) for a, b in conn.execute("SELECT a, b FROM links WHERE status = 'confirmed'")}
    assert ("2020-01-28-troops-enter-maarat", "2020-01-29-maarat-declared-recaptured") in confirmed
    assert ("2019-12-388000-displaced-since-december", "2020-01-27-un-389000-displaced") in confirmed
    assert rc.group_of(conn, "2020-01-29-maarat-declared-recaptured") == (
        "2020-01-28-troops-enter-maarat",
        ["2020-01-28-troops-enter-maarat", "2020-01-29-maarat-declared-recaptured"],
    )


def test_an_older_database_gets_the_tables_and_keys_for_the_events_it_holds(db_path: Path):
    load_records(db_path, [report("a"), report("b", date="2019-12", precision="month")], "one")
    conn = sqlite3.connect(db_path)
    for table in ("links", "link_keys", "link_groups"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    conn = open_database(db_path).conn
    months = {(i, m) for i, m in conn.execute("SELECT id, month FROM link_keys WHERE month IS NOT NULL")}
    days = [(i, d) for i, d in conn.execute("SELECT id, date(day + 0.5) FROM link_keys WHERE day IS NOT NULL")]
    # A day on 29 January: that day and January; a month-precision December widened by a day each side.
    assert months == {("a", "2020-01"), ("b", "2019-11"), ("b", "2019-12"), ("b", "2020-01")}
    assert days == [("a", "2020-01-29")]


def test_running_twice_keeps_one_set_of_keys_and_the_same_links(db_path: Path):
    load_records(db_path, AFP, "afp")
    load_records(db_path, ACLED, "acled")
    conn = open_database(db_path).conn
    before = conn.execute("SELECT count(*) FROM link_keys").fetchone()[0]
    conn.close()
    act(db_path, rc.reconcile)
    act(db_path, rc.reconcile)
    conn = open_database(db_path).conn
    assert conn.execute("SELECT count(*) FROM link_keys").fetchone()[0] == before == 6  # a day and a month each
    conn.close()
    assert links(db_path) == {("SYR1", "afp-1"): "proposed"}


def test_a_crowded_day_in_one_town_is_compared_with_the_nearest_by_figure_not_pair_by_pair(db_path: Path):
    # 65 reports of one town on one day, each with its own toll; one of them is the strike AFP reports.
    crowd = [report(f"row-{n:02d}", fatalities=n, title=f"Report {n}", summary=f"Shelling, round {n}.",
                    category="fighting", actors=[f"Unit {n}"]) for n in range(rc.CROWD + 1)]  # fmt: skip
    crowd[10] = report("row-10")
    first = load_records(db_path, crowd, "one")
    assert first.reconciled is not None and first.reconciled.crowded == rc.CROWD + 1
    assert first.reconciled.candidates < (rc.CROWD + 1) * rc.CROWD // 2  # not each against each (2,080)
    result = load_records(db_path, [report("afp-9", place="Kafr Lata, Ariha")], "two")
    assert result.reconciled is not None
    assert ("afp-9", "row-10") in links(db_path)
    assert result.reconciled.candidates <= 4 * rc.NEAREST  # the nearest by figure, above and below
    assert f"in a town-day of more than {rc.CROWD} reports" in result.line()
    whole = act(db_path, rc.reconcile)  # `frontline reconcile` over all: the same, and it says so
    assert ("afp-9", "row-10") in links(db_path)
    assert whole.crowded == rc.CROWD + 2 and whole.candidates < (rc.CROWD + 2) * (rc.CROWD + 1) // 2
    assert f"66 reports were in a town-day of more than {rc.CROWD}" in whole.line()
    third = load_records(db_path, [report("b1", date="2020-03-01"), report("b2", date="2020-03-01")], "three")
    assert links(db_path)[("b1", "b2")] == "proposed"  # an ordinary day is compared as ever
    assert "town-day" not in third.line()


def test_a_big_load_looks_for_duplicates_within_itself_too(db_path: Path):
    load_records(db_path, [report("afp-1")], "afp")
    result = load_records(db_path, [report("a1"), report("a2"), report("a3", place="Ariha", title="Other")], "big")
    assert ("a1", "a2") in links(db_path)  # the same report twice in one dataset
    assert ("a1", "afp-1") in links(db_path)
    assert "not looked for" not in result.line()


def test_keys_made_by_an_earlier_build_are_made_anew(db_path: Path):
    load_records(db_path, [report("a")], "one")
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE link_keys")
    conn.execute("CREATE TABLE link_keys (id TEXT NOT NULL, month TEXT NOT NULL, d0 INTEGER, d1 INTEGER)")
    conn.commit()
    conn.close()
    load_records(db_path, [report("b")], "two")
    assert links(db_path) == {("a", "b"): "proposed"}


def test_a_bulk_import_commits_at_load_speed_and_leaves_the_comparing_to_reconcile(db_path: Path, monkeypatch):
    monkeypatch.setattr(rc, "IN_LOAD", 2)  # a million rows, in small
    load_records(db_path, [report("afp-1")], "afp")
    result = load_records(db_path, [report("a1"), report("a2"), report("a3", place="Ariha", title="Other")], "big")
    assert result.new == 3 and links(db_path) == {}
    assert (
        result.reconciled.deferred == 3 and "its 3 events are not compared yet: `frontline reconcile`" in result.line()
    )
    done = act(db_path, rc.reconcile)
    assert done.proposed + done.duplicates >= 2
    assert {("a1", "a2"), ("a1", "afp-1")} <= set(links(db_path))  # what the load would have proposed
