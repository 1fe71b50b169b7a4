"""Hostile text on screen (issue 17): markup typed at a prompt is shown, never applied or clicked; control,
escape and bidi characters from files, prompts, pastes and the command line never reach the terminal.

Every check reads the bytes the app would write: each screen's full frame rendered as terminal output.
Textual's own styling is CSI sequences; anything else that a terminal would obey is a leak."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual import events
from textual.widgets import Input, Static
from textual.widgets._toast import Toast
from tui_helpers import settle

from frontline.store.filters import Filters
from frontline.store.links import Links
from frontline.store.load import load_records
from frontline.tui.app import FrontlineApp
from frontline.tui.cli import main
from frontline.tui.linked import CompareScreen
from frontline.tui.text import clean, typed

OSC52 = "\x1b]52;c;aGVsbG8=\x07"  # writes "hello" to the user's clipboard
C1_CSI = "\x9b31m"  # the one-byte CSI: red
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c\u202a\u202b\u202d\u2067\u2068"
MARKUP = "[b]BOLD[/b] [@click=app.quit]QUIT[/]"
HOSTILE = [
    {
        "id": "h1", "date": "2020-01-01", "title": f"Esc {OSC52} clip {C1_CSI}", "category": OSC52,
        "place": f"{BIDI}Kafr", "admin1": "\x1b[2J", "summary": f"csi {C1_CSI} bidi {BIDI} {MARKUP}",
        "actors": [BIDI, "[/]", OSC52], "notes": "bell\x07 backspace\x08 \x1b[2J clear \x7f\x85",
        "sources": [{"name": f"src {OSC52}", "url": f"https://example.org/{BIDI}"}], "lat": 35.6, "lon": 36.6,
    },
    {"id": "h2", "date": "2020-01-02", "title": MARKUP, "category": "[/]", "place": "[link=x]y", "summary": "fine"},
]  # fmt: skip
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")  # Textual's own colours and cursor moves
_OSC8 = re.compile(r"\x1b\]8;([^\x1b\x07]*)\x1b\\")  # Textual's own hyperlinks: their text is still checked
_OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def leaks(app: FrontlineApp) -> list[str]:
    """What in the bytes of the current screen a terminal would obey, beyond Textual's own CSI sequences."""
    written = app.screen._compositor.render_update(full=True).render_segments(app.console)
    rest = _OSC8.sub(r"\1", _CSI.sub("", written))
    return [repr(rest[max(m.start() - 15, 0) : m.start() + 15]) for m in _OBEYED.finditer(rest)]


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    db = tmp_path / "hostile.db"
    load_records(db, HOSTILE, dataset=f"set {OSC52}")
    return db


def test_clean_and_typed_show_what_a_terminal_would_obey():
    assert clean(OSC52) == "␛]52;c;aGVsbG8=␇"
    assert clean(C1_CSI) == "<U+009B>31m"
    assert clean("\u202eab\u2066") == "<U+202E>ab<U+2066>"
    assert clean("caf\udce9") == "caf<U+DCE9>"
    assert typed("a\tb\nc\x1b") == "a b c␛"
    assert not _OBEYED.search(clean(BIDI + OSC52 + C1_CSI)) and not _OBEYED.search(typed(BIDI + OSC52))


async def test_rows_detail_header_and_notices_from_the_command_line(hostile_db):
    app = FrontlineApp(hostile_db, at=f"\u202e{OSC52}", search=f"{OSC52} {C1_CSI}", filters=Filters(category=(OSC52,)))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot, rounds=2)
        assert app.filters.category == (OSC52,) and app.view.timeline.count() == 1
        assert leaks(app) == []
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("not a date: ") for n in notices), notices
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        for pos in (1, 0):  # every field of both events in the detail pane
            app.view.cursor = pos
            await settle(pilot)
            assert leaks(app) == []
        assert "␛]52;c;aGVsbG8=␇" in app.detail.text and "<U+202E>evil" in app.detail.text


async def test_markup_typed_at_the_prompts_is_shown_and_never_run(hostile_db):
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"[/]", "enter")
        await settle(pilot)
        assert app.is_running and leaks(app) == []
        await pilot.press("escape", "colon", *MARKUP, "enter")
        await settle(pilot, 0.05)
        assert [n.message for n in app._notifications][-1] == f"not a date: {MARKUP!r}"
        toasts = list(app.screen.query(Toast))
        shown = [str(t.render()) for t in toasts]
        assert any(MARKUP in text for text in shown), shown
        assert not any("@click" in str(span.style) for t in toasts for span in t.render().spans)
        await pilot.click(toasts[-1], offset=(30, 2))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        await pilot.press("escape", "slash", *"after:[/]", "enter", "escape")
        await settle(pilot)
        assert app.is_running and leaks(app) == []


async def test_pasted_controls_are_neutralized_in_the_search_box(hostile_db):
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        box = app.query_one("#search-bar Input", Input)
        box.post_message(events.Paste(f"clip {OSC52}{C1_CSI}{BIDI}"))
        await settle(pilot, 0.4)
        assert not _OBEYED.search(box.value) and box.value.startswith("clip ␛]52;c;aGVsbG8=␇<U+009B>31m")
        assert box.cursor_position == len(box.value)
        assert leaks(app) == []


async def test_a_facet_value_prefilled_in_the_search_box_is_drawn_inert_and_still_filters(hostile_db):
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert leaks(app) == []
        await pilot.press("enter")  # the busiest category first; both have one event, the hostile sorts first
        await settle(pilot)
        chosen = app.filters.category
        await pilot.press("escape", "slash")
        await settle(pilot, 0.4)
        box = app.query_one("#search-bar Input", Input)
        assert box.value == f"category:{typed(chosen[0])} " and not _OBEYED.search(box.value)
        assert leaks(app) == []
        await pilot.press("enter")
        await settle(pilot, 0.4)
        assert app.filters.category == chosen and app.view.timeline.count() == 1


@pytest.mark.parametrize("key", ["M", "s", "question_mark", "f", "ctrl+p"])
async def test_every_modal_draws_hostile_text_inert(hostile_db, key):
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot, 0.1)
        if key == "ctrl+p":
            await pilot.press(*"clip")
            app.screen.query_one(Input).post_message(events.Paste(f" {OSC52}{BIDI}"))
            await settle(pilot, 0.5)
        assert app.screen is not app.screen_stack[0]
        assert leaks(app) == []


# A second report of h1 from another dataset: its id, dataset, place, actors and source are hostile too.
OTHER = {
    "id": f"o1 {OSC52}[b]x[/b]", "date": "2020-01-01", "title": MARKUP, "place": f"{BIDI}Kafr {OSC52}",
    "actors": [OSC52, "[@click=app.quit]q[/]"], "fatalities": 3, "category": C1_CSI,
    "sources": [{"name": f"[b]src[/b] {C1_CSI}", "url": None}],
}  # fmt: skip


def shown(content) -> tuple[str, list[str]]:
    """The text of a Content and the texts its spans style: markup applied would style `x`, `i` or `q`
    alone (`[b]x[/b]`), or make a click action."""
    text = str(content)
    assert not any("click" in str(span.style) for span in content.spans)
    return text, [text[span.start : span.end] for span in content.spans]


async def test_linked_reports_the_comparison_and_link_notices_draw_hostile_text_inert(hostile_db):
    load_records(hostile_db, [OTHER], dataset=f"other {BIDI}[i]")
    links = Links.open(hostile_db)
    links.decide(["h1", OTHER["id"]], "proposed")
    links.close()
    app = FrontlineApp(hostile_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, rounds=2)
        app.view.cursor = app.view.timeline.position_of_id("h1")
        await settle(pilot, rounds=3)
        text, styles = shown(app.detail.content)
        assert "Also reported by" in text and "o1 ␛]52;c;aGVsbG8=␇[b]x[/b]" in text and "[i]" in text
        assert "Source   [b]src[/b] <U+009B>31m" in text and not _OBEYED.search(text)
        assert not {"x", "src", "BOLD", "q"} & set(styles), styles
        assert leaks(app) == []

        await pilot.press("c")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, CompareScreen)
        text, styled = shown(app.screen.query_one("#compare-table", Static).render())
        assert "[b]BOLD[/b]" in text and "[@click=app.quit]q[/]" in text and "<U+009B>31m" in text
        assert not _OBEYED.search(text) and not {"x", "src", "BOLD", "q"} & set(styled), styled
        assert leaks(app) == []

        await pilot.press("escape", "l")  # confirms the proposed link: the notice names both ids
        await settle(pilot, rounds=3)
        notice = [n.message for n in app._notifications][-1]
        assert notice.startswith("Confirmed: h1 and o1 ␛]52;c;aGVsbG8=␇[b]x[/b]") and not _OBEYED.search(notice)
        toasts = list(app.screen.query(Toast))
        assert any("[b]x[/b]" in str(t.render()) for t in toasts)
        assert not any("bold" in str(span.style) for t in toasts for span in t.render().spans if span.start > 10)
        assert "confirmed: the same happening" in app.detail.text
        assert app.is_running and leaks(app) == []


def test_reconcile_lists_hostile_ids_escaped_in_json_and_as_pictures_in_a_table(hostile_db):
    load_records(hostile_db, [OTHER], dataset="other")
    links = Links.open(hostile_db)
    links.decide(["h1", OTHER["id"]], "proposed")
    links.close()
    runner = CliRunner()
    as_json = runner.invoke(main, ["reconcile", "--db", str(hostile_db), "--list", "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert "o1 \\u001b]52;c;aGVsbG8=\\u0007[b]x[/b]" in as_json.output and not _OBEYED.search(as_json.output)
    assert json.loads(as_json.output.splitlines()[0])["ids"] == sorted(["h1", OTHER["id"]])
    table = runner.invoke(main, ["reconcile", "--db", str(hostile_db), "--list"], terminal_width=200)
    assert table.exit_code == 0 and "␛]52" in table.output and not _OBEYED.search(table.output)
