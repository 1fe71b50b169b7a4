"""UCDP GED CSV: date_start..date_end spans, best/low/high, sides as actors, upsert by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "ucdp-synthetic.csv"
HEADER, *ROWS = SAMPLE.read_text(encoding="utf-8").splitlines()


def test_detected_by_its_header():
    assert detect(SAMPLE) == "ucdp"


def test_fields(db_path):
    assert load_files(db_path, [SAMPLE]).new == 4
    event = Timeline(db_path).event_by_id("ucdp-900001")
    assert (event.date_start, event.date_end, event.precision) == ("2020-01-29", "2020-01-29", "day")
    assert event.title == "State-based: Government of Testland - Rebel Group A, Alpha Town"
    assert event.category == "State-based violence"
    assert event.actors == ["Government of Testland", "Rebel Group A"]
    assert (event.place, event.admin1, event.lat, event.lon) == ("Alpha Town", "North Province", 35.5, 36.5)
    assert event.fatalities == 3 and (event.extra["low"], event.extra["high"]) == ("3", "5")
    assert [(s["name"], s["date"], s["headline"]) for s in event.sources] == [
        ("Test News Agency", "2020-01-29", "Clashes near Alpha"),
        ("Test Wire", "2020-01-30", "Fighting goes on"),
    ]
    assert event.extra["dyad_name"] == "Government of Testland - Rebel Group A"
    assert "best" not in event.extra and "side_a" not in event.extra


@pytest.mark.parametrize(
    "ident, span",
    [
        ("ucdp-900002", ("2019-12-01", "2019-12-31", "month")),  # date_prec 4, a whole month
        ("ucdp-900003", ("2020-01-20", "2020-01-24", "day")),  # date_prec 2, a few days
        ("ucdp-900004", ("2019-01-01", "2019-12-31", "year")),  # date_prec 5, a whole year
    ],
)
def test_the_uncertainty_interval_is_the_span(db_path, ident, span):
    load_files(db_path, [SAMPLE])
    event = Timeline(db_path).event_by_id(ident)
    assert (event.date_start, event.date_end, event.precision) == span


def test_upsert_by_id(tmp_path, db_path):
    load_files(db_path, [SAMPLE])
    edited = tmp_path / "ged-newer.csv"
    edited.write_text(HEADER + "\n" + ROWS[0].replace(",3,5,3", ",4,6,3") + "\n", encoding="utf-8")
    result = load_files(db_path, [edited])
    assert (result.new, result.updated) == (0, 1)
    assert Timeline(db_path).count() == 4
    assert Timeline(db_path).event_by_id("ucdp-900001").fatalities == 4


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "2020-01-29 00:00:00.000,2020-01-29",
            "1975-01-29,1975-01-29",
            "date_start: year 1975 is impossible for UCDP GED (it begins in 1989)",
        ),
        (
            "2020-01-29 00:00:00.000,2020-01-29 00:00:00.000",
            "2020-01-29,2020-01-20",
            "date_end: ends (2020-01-20) before it starts (2020-01-29)",
        ),
        (
            "2020-01-29 00:00:00.000,2020-01-29",
            "29/01/2020,2020-01-29",
            "date_start: expected a day like 2020-01-29, found '29/01/2020'",
        ),
        ("900001,2020,1,", "900001,2020,7,", "type_of_violence: expected 1, 2 or 3, found '7'"),
        (",1,1,2020-01-29", ",1,9,2020-01-29", "date_prec: expected 1 to 5, found '9'"),
        (",3,5,3", ",three,5,3", "best: not a number: 'three'"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path, db_path, old, new, message):
    assert old in ROWS[0]
    path = tmp_path / "ged.csv"
    path.write_text("\n".join([HEADER, ROWS[1], ROWS[0].replace(old, new)]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == f"{path}:3: {message}"
