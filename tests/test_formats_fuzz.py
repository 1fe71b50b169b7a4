"""Random text and bytes never crash an importer (only `LoadError`), and random search text never raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.store.formats import READERS
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.store.querylang import QueryError
from frontline.store.readers import Context, LoadError

FUZZ = settings(max_examples=40, deadline=None)
# Prefixes that get random input past the first checks and into each reader's body.
PREFIXES = {
    "acled": "event_id_cnty,event_date,time_precision,latitude,longitude,fatalities,timestamp\n",
    "ucdp": "id,date_start,date_end,date_prec,type_of_violence,best\n",
    "timelinejs": '{"events": [{"start_date": ',
    "ical": "BEGIN:VCALENDAR\nBEGIN:VEVENT\n",
    "article": "Published 29 January 2020\n\n",
    "csv": "date,title\n",
    "json": "[",
    "jsonl": "",
}
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
PIECES = st.lists(
    st.sampled_from(["2020-01-29", "0025", "-500", "Wednesday", "since December", ",", "\n", '"', "{", "}", "[", "]",
                     ":", ";", "DTSTART:", "END:VEVENT", "BEGIN:VEVENT", "\r\n", "\x00", "é", "<b>", "year", "1"]),
    max_size=40,
).map("".join)  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_all(workdir: Path, name: str, data: bytes) -> None:
    path = workdir / f"input-{name}"
    path.write_bytes(data)
    try:
        for _ in READERS[name](Context(path, "fuzz", dt.date(2020, 1, 29))):
            pass
    except LoadError:
        pass


@pytest.mark.parametrize("name", sorted(READERS))
@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(workdir, name, data):
    read_all(workdir, name, data)


@pytest.mark.parametrize("name", sorted(READERS))
@FUZZ
@given(text=st.one_of(TEXT, PIECES))
def test_random_text_after_a_plausible_start(workdir, name, text):
    read_all(workdir, name, (PREFIXES[name] + text).encode("utf-8"))


@pytest.fixture(scope="module")
def timeline(tmp_path_factory) -> Timeline:
    db = tmp_path_factory.mktemp("search") / "search.db"
    load_records(db, [
        {"id": "a", "date": "2020-01-29", "title": "Maarat al-Numan recaptured", "summary": "[b]bold[/b] \"quoted\" AND OR NEAR("},
        {"id": "b", "date": "2019-12", "title": "معرة النعمان", "place": "Ma'arrat al-Nu'man"},
    ])  # fmt: skip
    return Timeline(db)


@settings(max_examples=300, deadline=None)
@given(query=st.one_of(TEXT, st.sampled_from(['"', "*", "AND", "NEAR(", "a OR", "-", "^", "col:x", "(", "maar*", "'"])))
def test_random_search_text_answers_or_points_at_the_fault(timeline, query):
    try:
        found = timeline.search(query)
    except QueryError as error:
        assert error.column is not None and 1 <= error.column <= len(query)
        return
    if found is not None:
        assert found.count() >= 0
        found.page(limit=5)
        found.first_at_or_after(0)
