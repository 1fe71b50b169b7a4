"""ACLED CSV: dates in three spellings, time_precision as spans, actors, upsert by event_id_cnty."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.layer import Layer
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError
from frontline.store.record import stable_id

DATA = Path(__file__).parent / "data"
HEADER = (DATA / "acled-synthetic.csv").read_text(encoding="utf-8").splitlines()[0]


def acled(tmp_path: Path, *rows: str, name: str = "acled.csv") -> Path:
    """A synthetic ACLED file: the header plus rows given as {column: value} overrides of a base row."""
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def row(**values: str) -> str:
    base = dict.fromkeys(HEADER.split(","), "")
    base.update(event_id_cnty="TST1", event_date="2020-01-29", time_precision="1", event_type="Battles",
                sub_event_type="Armed clash", location="Alpha Town", fatalities="0", timestamp="1580000000")  # fmt: skip
    base.update(values)
    return ",".join(base.values())


def test_detected_by_its_header():
    assert detect(DATA / "acled-synthetic.csv") == "acled"
    assert detect(DATA / "acled-synthetic-old-columns.csv") == "acled"


def test_fields_actors_and_extra(db_path):
    load_files(db_path, [DATA / "acled-synthetic.csv"])
    event = Timeline(db_path).event_by_id("TST1001")
    assert (event.date_start, event.date_end, event.precision) == ("2020-01-29", "2020-01-29", "day")
    assert event.title == "Air/drone strike in Alpha Town"
    assert event.category == "airstrike"  # ACLED's own terms stay in the record
    assert event.extra["source_category"] == "Explosions/Remote violence / Air/drone strike"
    assert (event.extra["event_type"], event.extra["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (event.place, event.admin1, event.lat, event.lon, event.fatalities) == (
        "Alpha Town",
        "North Province",
        35.5001,
        36.5002,
        3,
    )
    assert event.summary.startswith("Synthetic: on 29 January 2020")
    assert event.actors == ["Military Forces of Testland (2000-)", "Civilians (Testland)"]
    assert [s["name"] for s in event.sources] == ["Test Observatory", "Test News Agency"]
    assert event.extra["sub_event_type"] == "Air/drone strike"
    assert event.extra["timestamp"] == "1580342400" and event.extra["civilian_targeting"] == "Civilian targeting"
    assert "notes" not in event.extra and "event_id_cnty" not in event.extra


def test_time_precision_week_and_month(db_path):
    load_files(db_path, [DATA / "acled-synthetic.csv"])
    tl = Timeline(db_path)
    week = tl.event_by_id("TST1002")  # "29 January 2020", time_precision 2: the week centred on it
    assert (week.date_start, week.date_end, week.precision) == ("2020-01-26", "2020-02-01", "day")
    assert week.extra["event_date"] == "2020-01-29" and week.extra["time_precision"] == "2"
    assert week.actors == ["Rebel Group A", "Allied Group B", "Allied Group C", "Military Forces of Testland (2000-)"]
    month = tl.event_by_id("TST1003")  # "15-01-2020", time_precision 3
    assert (month.date_start, month.date_end, month.precision) == ("2020-01-01", "2020-01-31", "month")
    assert month.extra["event_date"] == "2020-01-15"


def test_newest_timestamp_wins_within_a_file(db_path):
    result = load_files(db_path, [DATA / "acled-synthetic.csv"])
    assert result.new == 3
    event = Timeline(db_path).event_by_id("TST1002")
    assert event.fatalities == 5 and "OLDER" not in event.summary


def test_an_edited_record_updates_in_place(tmp_path, db_path):
    load_files(db_path, [DATA / "acled-synthetic.csv"])
    result = load_files(db_path, [DATA / "acled-synthetic-edited.csv"])
    assert (result.new, result.updated) == (0, 1)
    tl = Timeline(db_path)
    assert tl.count() == 3
    event = tl.event_by_id("TST1001")
    assert event.fatalities == 4 and event.extra["timestamp"] == "1580500000"
    assert "Air Force of Allyland" in event.actors
    assert load_files(db_path, [DATA / "acled-synthetic-edited.csv"]).unchanged == 1


def test_older_columns_are_kept_in_extra(db_path):
    load_files(db_path, [DATA / "acled-synthetic-old-columns.csv"])
    event = Timeline(db_path).event_by_id("TST0901")
    assert event.date_start == "2018-03-12"  # 12-03-2018 is day first
    assert {k: event.extra[k] for k in ("data_id", "event_id_no_cnty", "iso3")} == {
        "data_id": "7000001", "event_id_no_cnty": "901", "iso3": "TST"}  # fmt: skip


@pytest.mark.parametrize(
    "values, message",
    [
        ({"event_date": "0025-01-29"}, "event_date: year 25 is impossible for ACLED (its data begins in 1997)"),
        ({"event_date": "29-01-0025"}, "event_date: year 25 is impossible for ACLED (its data begins in 1997)"),
        (
            {"event_date": "January 2020"},
            "event_date: expected a day like 2020-01-29, 29 January 2020, 29-01-2020 or 29-Jan-20, found 'January 2020'",
        ),
        ({"event_date": "31-02-2020"}, "event_date: not a date: '31-02-2020' (February 2020 has 29 days)"),
        ({"time_precision": "4"}, "time_precision: expected 1, 2 or 3, found '4'"),
        ({"timestamp": "yesterday"}, "timestamp: expected Unix seconds, found 'yesterday'"),
        ({"latitude": "95", "longitude": "36"}, "latitude: latitude out of range: 95.0"),
        ({"fatalities": "a few"}, "fatalities: not a number: 'a few'"),
        ({"year": "2019"}, "year: says 2019 but event_date is in 2020"),
        (
            {"event_date": "9-May-20", "year": "2019"},
            "year: says 2019 but event_date '9-May-20' is in a year ending in 20",
        ),
        ({"event_date": "9-Mai-20", "year": "2020"}, "event_date: no such month: 'Mai'"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path, db_path, values, message):
    path = acled(tmp_path, row(), row(**{"event_id_cnty": "TST2", **values}))
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == f"{path}:3: {message}"


def test_the_spellings_of_event_date_agree(tmp_path, db_path):
    path = acled(tmp_path, row(event_id_cnty="A", event_date="2020-01-29"), row(event_id_cnty="B", event_date="29 January 2020"),
                 row(event_id_cnty="C", event_date="29-01-2020"))  # fmt: skip
    load_files(db_path, [path])
    assert {e.date_start for e in Timeline(db_path).rows(0, 10)} == {"2020-01-29"}


def test_format_option_overrides_detection(tmp_path, db_path):
    path = tmp_path / "export.txt"
    shutil.copy(DATA / "acled-synthetic.csv", path)
    assert load_files(db_path, [path], format="acled").new == 3


def _events(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, dataset FROM events ORDER BY dataset").fetchall()


NO_ID = {"event_id_cnty": "", "notes": "Shelling reported near the market"}


def test_a_row_without_an_id_is_each_datasets_own(tmp_path, db_path):
    load_files(db_path, [acled(tmp_path, row(**NO_ID), name="monitor.csv")])
    second = load_files(db_path, [acled(tmp_path, row(**NO_ID), name="press.csv")])
    assert second.new == 1  # not an update of the monitor's event
    rows = _events(db_path)
    assert [d for _, d in rows] == ["monitor", "press"] and rows[0][0] != rows[1][0]
    again = load_files(db_path, [acled(tmp_path, row(**NO_ID), name="monitor.csv")])
    assert (again.new, again.unchanged) == (0, 1)


def test_a_row_without_an_id_finds_the_id_an_older_version_made(tmp_path, db_path):
    path = acled(tmp_path, row(**NO_ID), name="monitor.csv")
    load_files(db_path, [path])
    with sqlite3.connect(db_path) as conn:  # as an older version stored it: the id without the dataset
        ident, date, title, summary, place = conn.execute(
            "SELECT id, date_start, title, summary, place FROM events"
        ).fetchone()
        old = stable_id(date, f"{title}\x1f{summary or ''}", place)
        conn.execute("UPDATE events SET id = ? WHERE id = ?", (old, ident))
    Layer(db_path).set_tags(old, ["verified"])
    again = load_files(db_path, [path])
    assert (again.new, again.unchanged) == (0, 1)
    assert _events(db_path) == [(old, "monitor")]
    assert Timeline(db_path).event_by_id(old).tags == ("verified",)
