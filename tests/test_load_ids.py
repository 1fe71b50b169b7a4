"""Ids made for rows that come without one: each dataset keeps its own copy, a reload finds its rows,
and a database written before ids named their dataset still updates in place."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from frontline.store.formats import article, timelinejs
from frontline.store.layer import Layer, LayerError
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.record import stable_id

ROWS = "date,title,place\r\n2020-01-03,Shelling of Ariha,Ariha\r\n2020-01-04,Market hit,Saraqib\r\n"
EDITED = (
    "date,title,place,summary\r\n2020-01-03,Shelling of Ariha,Ariha,Two killed\r\n2020-01-04,Market hit,Saraqib,\r\n"
)


def csv_file(path: Path, text: str = ROWS) -> Path:
    path.write_bytes(("\ufeff" + text).encode())  # saved by a spreadsheet: a BOM and CRLF
    return path


def stored(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, dataset, summary FROM events ORDER BY dataset, date_start").fetchall()


def test_the_same_row_in_two_datasets_is_two_events(tmp_path, db_path):
    first = load_files(db_path, [csv_file(tmp_path / "a.csv")], dataset="monitor")
    second = load_files(db_path, [csv_file(tmp_path / "b.csv")], dataset="press")
    assert (first.new, second.new) == (2, 2)
    rows = stored(db_path)
    assert [d for _, d, _ in rows] == ["monitor", "monitor", "press", "press"]
    assert len({i for i, _, _ in rows}) == 4  # no dataset overwrote or refused the other's


def test_a_reload_into_the_same_dataset_updates_rather_than_duplicates(tmp_path, db_path):
    load_files(db_path, [csv_file(tmp_path / "a.csv")], dataset="monitor")
    load_files(db_path, [csv_file(tmp_path / "b.csv")], dataset="press")
    before = stored(db_path)
    again = load_files(db_path, [csv_file(tmp_path / "a.csv")], dataset="monitor")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    changed = load_files(db_path, [csv_file(tmp_path / "a2.csv", EDITED)], dataset="monitor")
    assert (changed.new, changed.updated) == (0, 1)
    after = stored(db_path)
    assert [i for i, _, _ in after] == [i for i, _, _ in before]
    assert [s for _, d, s in after if d == "monitor"] == ["Two killed", None]


def _as_an_older_version_stored_it(db: Path) -> dict[str, str]:
    """Give the stored rows the ids made before ids named their dataset (date, title and place only)."""
    old = {}
    with sqlite3.connect(db) as conn:
        for ident, date, title, place in conn.execute("SELECT id, date_start, title, place FROM events").fetchall():
            old[title] = stable_id(date, title, place)
            conn.execute("UPDATE events SET id = ? WHERE id = ?", (old[title], ident))
    return old


def test_a_database_with_the_older_ids_still_updates_in_place_and_keeps_the_users_work(tmp_path, db_path):
    load_files(db_path, [csv_file(tmp_path / "a.csv")], dataset="monitor")
    old = _as_an_older_version_stored_it(db_path)
    Layer(db_path).set_tags(old["Shelling of Ariha"], ["verified"])
    again = load_files(db_path, [csv_file(tmp_path / "a.csv")], dataset="monitor")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert sorted(i for i, _, _ in stored(db_path)) == sorted(old.values())
    changed = load_files(db_path, [csv_file(tmp_path / "a2.csv", EDITED)], dataset="monitor")
    assert (changed.new, changed.updated) == (0, 1)
    event = Timeline(db_path).event_by_id(old["Shelling of Ariha"])
    assert (event.summary, event.tags) == ("Two killed", ("verified",))
    other = load_files(db_path, [csv_file(tmp_path / "b.csv")], dataset="press")  # another dataset: its own copy
    assert other.new == 2 and len(stored(db_path)) == 4


def test_adding_an_event_already_added_under_its_older_id_is_refused(db_path):
    layer = Layer(db_path)
    layer.add({"date": "3 Jan 2020", "title": "Call with a witness", "place": "Ariha"})
    old = _as_an_older_version_stored_it(db_path)
    layer = Layer(db_path)
    with pytest.raises(LayerError, match=f"an event with id '{old['Call with a witness']}' is already there"):
        layer.add({"date": "3 Jan 2020", "title": "Call with a witness", "place": "Ariha"})
    layer.add({"date": "4 Jan 2020", "title": "Call with a witness", "place": "Ariha"})  # another day: another event
    assert len(stored(db_path)) == 2


def timelinejs_file(path: Path, event_id: str) -> Path:
    """A TimelineJS document with its own event and an era without `unique_id`, as Knight Lab's template has."""
    doc = {
        "title": {"text": {"headline": "The siege"}},
        "events": [{"start_date": {"year": "2020", "month": "1", "day": "3"}, "text": {"headline": "Shelling"},
                    "unique_id": event_id}],
        "eras": [{"start_date": {"year": "2019", "month": "12"}, "end_date": {"year": "2020", "month": "3"},
                  "text": {"headline": "Siege of the town"}}],
    }  # fmt: skip
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def eras(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, dataset FROM eras ORDER BY dataset").fetchall()


def test_the_same_era_in_two_datasets_is_two_eras(tmp_path, db_path):
    load_files(db_path, [timelinejs_file(tmp_path / "monitor.json", "m1")])
    load_files(db_path, [timelinejs_file(tmp_path / "press.json", "p1")])
    stored_eras = eras(db_path)
    assert [d for _, d in stored_eras] == ["monitor", "press"]  # the press's did not take the monitor's over
    load_files(db_path, [timelinejs_file(tmp_path / "monitor.json", "m1")])
    assert eras(db_path) == stored_eras


def test_an_era_stored_under_its_older_id_keeps_it(tmp_path, db_path):
    load_files(db_path, [timelinejs_file(tmp_path / "monitor.json", "m1")])
    with sqlite3.connect(db_path) as conn:  # as an older version stored it: the id without the dataset
        (date, title) = conn.execute("SELECT date_start, title FROM eras").fetchone()
        conn.execute("UPDATE eras SET id = ?", (stable_id(date, title, None),))
    load_files(db_path, [timelinejs_file(tmp_path / "monitor.json", "m1")])
    assert eras(db_path) == [(stable_id(date, title, None), "monitor")]
    load_files(db_path, [timelinejs_file(tmp_path / "press.json", "p1")])  # another dataset: its own era
    assert [d for _, d in eras(db_path)] == ["monitor", "press"]


DATA = Path(__file__).parent / "data"
WILD = DATA / "timelinejs-wild.json"  # seven slides, none with unique_id, two of them the same headline
SHEET = DATA / "timelinejs-sheet-google.csv"  # a sheet has no id column: every slide's id is made
ARTICLE, PUBLISHED = DATA / "article-plain.txt", dt.date(2020, 2, 5)


def old_slide_id(slide: dict[str, Any]) -> str:
    """The id older versions made for a slide without `unique_id`: everything it shows, not its dataset."""
    shown = {k: v for k, v in slide.items() if k not in ("unique_id", "frontline")}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
    return f"tl-{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def old_sentence_id(published: str, sentence: str) -> str:
    """The id older versions made for an article's sentence: the day published and the sentence only."""
    key = " ".join(sentence.split()).casefold()
    digest = hashlib.sha1(f"{published}\x1f{key}".encode()).hexdigest()
    return f"art-{digest[:16]}"


def copy(source: Path, path: Path) -> Path:
    shutil.copy(source, path)
    return path


@pytest.mark.parametrize("source", [WILD, SHEET], ids=["json", "sheet"])
def test_the_same_timelinejs_file_in_two_datasets_is_two_copies(tmp_path, db_path, source):
    first = load_files(db_path, [copy(source, tmp_path / f"monitor{source.suffix}")])
    second = load_files(db_path, [copy(source, tmp_path / f"press{source.suffix}")])  # refused as a clash before
    assert first.new == second.new > 0
    rows = stored(db_path)
    monitor = {i for i, d, _ in rows if d == "monitor"}
    press = {i for i, d, _ in rows if d == "press"}
    assert len(monitor) == len(press) == first.new and not monitor & press
    again = load_files(db_path, [copy(source, tmp_path / f"press{source.suffix}")])
    assert (again.new, again.updated, again.unchanged) == (0, 0, first.new)


def test_the_same_article_in_two_datasets_is_two_copies(db_path):
    first = load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="monitor")
    second = load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="press")  # refused as a clash before
    assert first.new == second.new > 0
    rows = stored(db_path)
    assert [s for _, d, s in rows if d == "monitor"] == [s for _, d, s in rows if d == "press"]
    assert len({i for i, _, _ in rows}) == len(rows) == 2 * first.new
    again = load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="monitor")
    assert (again.new, again.updated, again.unchanged) == (0, 0, first.new)


def made_as_before(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make slides' ids as older versions did (without the dataset); returns the ids made."""
    made: list[str] = []

    def old_ids(slide: dict[str, Any], dataset: str | None) -> tuple[str, str]:
        made.append(old_slide_id(slide))
        return made[-1], made[-1]

    monkeypatch.setattr(timelinejs, "slide_ids", old_ids)
    return made


@pytest.mark.parametrize("source", [WILD, SHEET], ids=["json", "sheet"])
def test_slides_stored_under_their_older_ids_keep_them_and_the_users_work(tmp_path, db_path, monkeypatch, source):
    path = copy(source, tmp_path / f"monitor{source.suffix}")
    made = made_as_before(monkeypatch)
    load_files(db_path, [path])
    monkeypatch.undo()
    if source == WILD:  # the ids are what an older version made from the file's slides
        assert sorted(made) == sorted(old_slide_id(s) for s in json.loads(WILD.read_text(encoding="utf-8"))["events"])
    old = sorted(i for i, _, _ in stored(db_path))
    assert old == sorted(made)
    Layer(db_path).set_tags(old[0], ["verified"])
    Layer(db_path).set_note(old[1], "Checked with the museum")
    again = load_files(db_path, [path])
    assert (again.new, again.updated, again.unchanged) == (0, 0, len(old))
    assert sorted(i for i, _, _ in stored(db_path)) == old
    timeline = Timeline(db_path)
    assert timeline.event_by_id(old[0]).tags == ("verified",)
    assert timeline.event_by_id(old[1]).user_note == "Checked with the museum"
    other = load_files(db_path, [copy(source, tmp_path / f"press{source.suffix}")])  # another dataset: its own copy
    assert other.new == len(old) and len(stored(db_path)) == 2 * len(old)


def test_sentences_stored_under_their_older_ids_keep_them_and_the_users_work(db_path, monkeypatch):
    def old_ids(day: dt.date, key: str, dataset: str | None) -> tuple[str, str]:
        old = old_sentence_id(day.isoformat(), key)  # made as older versions did: without the dataset
        return old, old

    monkeypatch.setattr(article, "sentence_ids", old_ids)
    load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="monitor")
    monkeypatch.undo()
    old = {s: i for i, _, s in stored(db_path)}
    assert old and all(i == old_sentence_id(PUBLISHED.isoformat(), s) for s, i in old.items())
    first = sorted(old.values())[0]
    Layer(db_path).set_tags(first, ["verified"])
    Layer(db_path).set_note(first, "Asked the clinic")
    again = load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="monitor")
    assert (again.new, again.updated, again.unchanged) == (0, 0, len(old))
    assert {s: i for i, _, s in stored(db_path)} == old
    event = Timeline(db_path).event_by_id(first)
    assert (event.tags, event.user_note) == (("verified",), "Asked the clinic")
    other = load_files(db_path, [ARTICLE], published=PUBLISHED, dataset="press")
    assert other.new == len(old) and len(stored(db_path)) == 2 * len(old)
