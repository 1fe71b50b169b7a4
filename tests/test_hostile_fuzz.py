"""A fuzz run (issue 17): hostile text through the importers into a database, through both prompts
(`:` go to a date, `/` search) and into the detail pane. 0 crashes: a bad file is a `LoadError` and
leaves the database byte-identical. 0 raw escapes: nothing a terminal would obey is drawn.

Bounded (a few dozen examples each) so that the suite stays fast; the seeds change from run to run."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_screen import leaks
from textual.widgets import Input
from tui_helpers import settle

from frontline.store.load import load_files, load_records
from frontline.store.readers import LoadError
from frontline.store.schema import SchemaError
from frontline.tui.app import FrontlineApp

# What a hostile file or person brings: markup, escape sequences, C0 and C1 controls, bidi controls.
NASTY = [
    "[b]", "[/]", "[/b]", "[@click=app.quit]", "[link=x]", "$text", "\\[", "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J",
    "\x1b[31m", "\x9b", "\x9d", "\x85", "\x07", "\x08", "\x7f", "\u202e", "\u202d", "\u2066", "\u2067", "\u2069",
    "\u200e", "\u200f", "\u061c", "\t", "2020", "Dec", "29 January 2020", "since", "\"", ",", "'", "é", "معرة",
]  # fmt: skip
HOSTILE = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=3)), min_size=1, max_size=12).map("".join)
IMPORTS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SCREENS = settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def records(text: str) -> list[dict]:
    title = text if text.strip() else "x"  # a title of only white space ("\x85" is one) is refused as missing
    return [{"id": "f1", "date": "2020-01-29", "title": title, "place": text, "category": text,
             "actors": [text], "summary": text, "notes": text, "sources": [{"name": text or "s", "url": None}]}]  # fmt: skip


def as_file(fmt: str, text: str) -> tuple[str, str]:
    """`text` in every text field of one record, written as `fmt` (JSON escapes lone surrogates)."""
    quoted = json.dumps(text)
    if fmt == "jsonl":
        return "f.jsonl", json.dumps(records(text)[0]) + "\n"
    if fmt == "json":
        return "f.json", json.dumps(records(text))
    if fmt == "timelinejs":
        return "t.json", '{"events": [{"start_date": {"year": 2020}, "text": {"headline": ' + quoted + "}}]}"
    if fmt == "ical":
        line = text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")
        return "c.ics", ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART;VALUE=DATE:20200129\r\n"
                         f"SUMMARY:{line}\r\nX-FRONTLINE-RECORD:{json.dumps({'notes': text})}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
    cell = '"' + text.replace("\ud800", "").replace('"', '""') + '"'
    actors = '"' + json.dumps([text]).replace('"', '""') + '"'
    return "f.csv", f"date,title,place,actors\r\n2020-01-29,{cell},{cell},{actors}\r\n"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "seeded.db"
    load_records(db, [{"id": "e1", "date": "2020-01-01", "title": "Already here"}], dataset="seed")
    return db


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "timelinejs", "ical"])
@IMPORTS
@given(text=st.one_of(HOSTILE, st.text(max_size=40)), surrogate=st.booleans())
def test_importers_load_or_refuse_and_never_crash(tmp_path, seeded, fmt, text, surrogate):
    if surrogate:
        text += "\ud800"  # only JSON can carry one, as \ud800: a CSV carries it in a JSON cell (actors)
    name, content = as_file(fmt, text)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass", newline="")
    db = tmp_path / "fuzz.db"
    db.write_bytes(seeded.read_bytes())
    before = db.read_bytes()
    try:
        load_files(db, [path], dataset="fuzz")
    except (LoadError, SchemaError) as exc:
        assert "\n" not in str(exc).rstrip("\n") or "\n" in text  # one line, unless the text itself is quoted
        assert db.read_bytes() == before
    else:
        assert not surrogate, "a lone surrogate was stored"


async def _prompts_and_detail(db: Path, texts: list[str]) -> None:
    app = FrontlineApp(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        for pos, text in enumerate(texts):
            await pilot.press("escape")
            app.view.cursor = pos
            await settle(pilot)
            assert leaks(app) == []  # the detail pane and the rows, holding the texts in every field
            await pilot.press("colon")
            app.query_one("#date-bar Input", Input).insert_text_at_cursor(text)
            await pilot.press("enter")
            await settle(pilot, 0.05)
            assert app.is_running and leaks(app) == []
            await pilot.press("escape", "slash")
            app.query_one("#search-bar Input", Input).insert_text_at_cursor(text)
            await settle(pilot, 0.3)
            assert app.is_running and leaks(app) == []
            await pilot.press("enter", "escape")
            await settle(pilot)
            assert app.is_running and app.return_code is None and leaks(app) == []


@SCREENS
@given(texts=st.lists(HOSTILE, min_size=6, max_size=6))
def test_both_prompts_and_the_detail_pane_take_hostile_text(tmp_path_factory, texts):
    db = tmp_path_factory.mktemp("screen") / "hostile.db"
    stored = [t.replace("\x00", "") for t in texts]  # a NUL is refused by every load; typed at a prompt it is fine
    rows = [
        dict(record, id=f"f{n}", date=f"2020-01-{n + 1:02d}") for n, t in enumerate(stored) for record in records(t)
    ]
    load_records(db, rows, dataset="fuzz")
    asyncio.run(_prompts_and_detail(db, texts))
