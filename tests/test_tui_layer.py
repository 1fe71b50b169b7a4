"""The user's layer from the keyboard: e edits, a adds, t tags, c annotates, d hides, u and ctrl+r."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, Label, TextArea
from tui_helpers import settle

from frontline.store.filters import Filters
from frontline.store.layer import Layer
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp
from frontline.tui.detail import DetailPane
from frontline.tui.edit_form import EditScreen
from frontline.tui.header import HeaderBar
from frontline.tui.timeline import TimelineView


async def _open(pilot) -> TimelineView:
    await settle(pilot, rounds=2)
    return pilot.app.query_one(TimelineView)


async def _replace(pilot, field: str, text: str) -> None:
    box = pilot.app.screen.query_one(f"#edit-{field}", Input)
    box.value = text
    await pilot.pause()


async def test_e_corrects_a_field_and_the_detail_shows_both_values(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        event = view.event_at(view.cursor)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await _replace(pilot, "place", "Maarrat [b]an[/b] Nu'man")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        assert not isinstance(app.screen, EditScreen)
        assert Timeline(builtin_db).event_by_id(event.id).place == "Maarrat [b]an[/b] Nu'man"
        text = " ".join(app.query_one(DetailPane).text.split())  # as read, whatever the wrapping
        assert "Maarrat [b]an[/b] Nu'man (you) · " in text  # typed text stays literal
        assert f"{event.place} (maarat-al-numan)" in text
        await pilot.press("u")
        await settle(pilot, rounds=3)
        assert Timeline(builtin_db).event_by_id(event.id).place == event.place
        said = [str(n.message) for n in app._notifications]
        assert f"Undone: the correction of place on “{event.title[:59]}" in said[-1]  # what, and on which event
        await pilot.press("ctrl+r")
        await settle(pilot, rounds=3)
        assert Timeline(builtin_db).event_by_id(event.id).place == "Maarrat [b]an[/b] Nu'man"
        assert [str(n.message) for n in app._notifications][-1].startswith("Redone: the correction of place on")


async def test_a_bad_value_stays_in_the_form_with_the_loads_error_and_nothing_is_saved(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        event = view.event_at(view.cursor)
        await pilot.press("e")
        await settle(pilot)
        await _replace(pilot, "title", "A better title")
        await _replace(pilot, "date", "30 Febuary 2020")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        error = str(app.screen.query_one("#error-date", Label).render())
        assert error.startswith("date: ") and "Febuary" in error
        await pilot.press("escape")
        await settle(pilot)
        assert Timeline(builtin_db).event_by_id(event.id).title == event.title
        assert Layer(builtin_db).history() == []


async def test_tags_notes_and_hiding_from_the_keyboard(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        total = view.lines.count
        event = view.event_at(view.cursor)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#tags-input", Input).value = "verified story"
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        await pilot.press("A")
        await settle(pilot)
        app.screen.query_one(TextArea).text = "Called the hospital: confirmed"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        text = " ".join(app.query_one(DetailPane).text.split())
        assert "#story #verified" in text and "Called the hospital: confirmed" in text
        await pilot.press("d")
        await settle(pilot, rounds=3)
        assert view.lines.count == total - 1
        assert view.event_at(view.cursor).id != event.id
        assert f"{total - 1:,} events" in str(app.query_one(HeaderBar).render())  # the count follows
        await pilot.press("V")
        await settle(pilot, rounds=3)
        assert view.lines.count == total
        assert f"{total:,} events" in str(app.query_one(HeaderBar).render())
        view.cursor = next(p for p in range(total) if view.event_at(p) and view.event_at(p).id == event.id)
        await settle(pilot, rounds=2)
        row = view.render_line(view.lines.line_of(view.cursor) - int(view.scroll_y)).text
        assert "⊘" in row and event.title[:20] in row  # its row says it is hidden
        assert "Hidden by you" in app.query_one(DetailPane).text
        await pilot.press("u")
        await settle(pilot, rounds=3)
        assert "Undone: hiding on" in [str(n.message) for n in app._notifications][-1]
        await pilot.press("u")
        await settle(pilot, rounds=4)
        assert "Undone: the note on" in [str(n.message) for n in app._notifications][-1]
        layer = Layer(builtin_db)
        assert not layer.is_hidden(event.id) and layer.note(event.id) is None
        assert layer.tags(event.id) == ["story", "verified"]


async def test_a_adds_an_event_of_the_users_own(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        total = view.lines.count
        await pilot.press("a")
        await settle(pilot)
        await _replace(pilot, "date", "29 January 2020")
        await _replace(pilot, "title", "Phone call with a witness")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        assert view.lines.count == total + 1
        event = view.event_at(view.cursor)
        assert (event.title, event.dataset, event.date_start) == (
            "Phone call with a witness",
            "my events",
            "2020-01-29",
        )
        assert any("Added" in str(n.message) for n in app._notifications)
        await pilot.pause(2.5)  # two polls of the live view: the app's own write is no news from outside
        await settle(pilot)
        assert not [n for n in app._notifications if n.title == "Database"]


async def test_an_added_event_the_filters_hide_is_said_to_be_outside_them(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        app.apply_filters(Filters(category=("airstrike",)))
        await settle(pilot, rounds=2)
        view = app.query_one(TimelineView)
        total, everything = view.lines.count, Timeline(builtin_db).count()
        assert f"{total} of {everything} events" in str(app.query_one(HeaderBar).render())
        await pilot.press("a")
        await settle(pilot)
        await _replace(pilot, "date", "3 January 2020")
        await _replace(pilot, "title", "Call [b]with[/b] a witness")
        await _replace(pilot, "category", "interview")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        assert not isinstance(app.screen, EditScreen)
        assert app.query_one(TimelineView).lines.count == total  # the filters still hide it
        assert f"{total} of {everything + 1} events" in str(app.query_one(HeaderBar).render())  # but it counts
        with sqlite3.connect(builtin_db) as conn:  # saved all the same
            saved = conn.execute(
                "SELECT dataset, date_start FROM events WHERE title = ?", ("Call [b]with[/b] a witness",)
            )
            assert saved.fetchall() == [("my events", "2020-01-03")]
        said = [n for n in app._notifications if str(n.message).startswith("Added")]
        assert [str(n.message) for n in said] == [
            "Added “Call [b]with[/b] a witness” on 3 Jan 2020: outside the current filters (F clears them); u undoes"
        ]
        assert not said[0].markup  # the typed title is data


async def test_an_added_event_the_filters_show_is_not_said_to_be_outside_them(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        app.apply_filters(Filters(category=("airstrike",)))
        await settle(pilot, rounds=2)
        await pilot.press("a")
        await settle(pilot)
        await _replace(pilot, "date", "3 January 2020")
        await _replace(pilot, "title", "Airstrike heard by a witness")
        await _replace(pilot, "category", "airstrike")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        view = app.query_one(TimelineView)
        assert view.event_at(view.cursor).title == "Airstrike heard by a witness"
        said = [str(n.message) for n in app._notifications]
        assert "Added to “my events”; u undoes" in said and not [m for m in said if "outside" in m]


async def test_the_add_form_starts_on_the_cursors_date_and_saving_keeps_it(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _open(pilot)
        view.cursor = 40
        await settle(pilot, rounds=2)
        event = view.event_at(view.cursor)
        written = Layer(builtin_db).record(event.id)["date"]
        await pilot.press("a")
        await settle(pilot)
        box = app.screen.query_one("#edit-date", Input)
        assert box.value == written  # a value to keep or edit, not a placeholder
        await _replace(pilot, "title", "Heard from a neighbour")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        assert not isinstance(app.screen, EditScreen), str(app.screen.query_one("#error-date", Label).render())
        added = view.event_at(view.cursor)
        assert (added.title, added.dataset) == ("Heard from a neighbour", "my events")
        assert (added.date_start, added.date_end, added.precision) == (
            event.date_start,
            event.date_end,
            event.precision,
        )
