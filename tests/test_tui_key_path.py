"""The timeline runs its keys where they arrive (tui/timeline_keys.py `_on_key`): once each, without the key
bubbling back up to the app, and with Textual's own lookup, so keymaps and the app's keys still hold."""

from __future__ import annotations

from pathlib import Path

from textual import events
from tui_helpers import settle

from frontline.tui import app as app_module
from frontline.tui.app import FrontlineApp
from frontline.tui.search import PromptBar

SIZE = (120, 36)


class CountingApp(FrontlineApp):
    """The app, counting the keys that reach its own key handler (after bubbling up from the focused widget)."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # it is found beside the class's module

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bubbled: list[str] = []

    async def on_key(self, event: events.Key) -> None:
        self.bubbled.append(event.key)


async def test_a_timeline_key_runs_once_and_does_not_bubble_up(builtin_db: Path):
    app = CountingApp(builtin_db, at="1 Jan 2016")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.view.cursor
        for key in ("down", "down", "j", "pagedown", "up"):
            await pilot.press(key)
        await settle(pilot)
        height = max(app.view.scrollable_content_region.height - 1, 1)
        assert app.view.cursor > start + 2  # a page moved it on
        assert app.view.cursor <= start + 3 + height  # and nothing ran twice
        assert app.bubbled == []
        await pilot.press("f12")  # bound to nothing: on up to the app as ever
        await settle(pilot)
        assert app.bubbled == ["f12"]


async def test_a_keymap_and_the_apps_own_keys_still_hold(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2016")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"timeline.next": "ctrl+n"})
        start = app.view.cursor
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        assert app.view.cursor == start + 2
        await pilot.press("down")  # no longer bound to the next event
        await settle(pilot)
        assert app.view.cursor == start + 2
        await pilot.press("slash")  # the app's binding, looked up from the timeline up
        await settle(pilot)
        assert app.query_one("#search-bar", PromptBar).display


async def test_the_app_runs_a_timeline_key_without_forwarding_it_but_only_for_the_timeline(
    builtin_db: Path, monkeypatch
):
    """A bound key while the timeline has focus is run by the app where it arrives (`_timeline_key`): the
    timeline's own handler never sees it. With another screen on top, keys go Textual's way to it."""
    seen: list[str] = []
    original = app_module.TimelineView._on_key

    async def counted(self, event: events.Key) -> None:
        seen.append(event.key)
        await original(self, event)

    monkeypatch.setattr(app_module.TimelineView, "_on_key", counted)
    app = FrontlineApp(builtin_db, at="1 Jan 2016")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.view.cursor
        await pilot.press("down", "down", "f12")
        await settle(pilot)
        assert app.view.cursor == start + 2 and seen == ["f12"]  # only the unbound key was forwarded
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is not app.screen_stack[0]  # the help
        await pilot.press("down", "down")
        await settle(pilot)
        assert app.view.cursor == start + 2  # the help took them, not the timeline
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        await pilot.press("down")
        await settle(pilot)
        assert app.view.cursor == start + 3


async def test_a_search_keystroke_lays_out_no_screen_and_a_long_query_still_scrolls_to_its_end(builtin_db: Path):
    """Textual's Input lays out the whole screen on every keystroke (its text's width is a layout reactive);
    the search box is a line of fixed size and repaints only itself, yet still scrolls with what is typed."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        layouts: list[object] = []
        refresh_layout = app.screen._refresh_layout

        def counted(*args, **kwargs) -> None:
            layouts.append(args)
            refresh_layout(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        query = "shelling " * 6 + "saraqeb"
        bar = app.query_one("#search-bar", PromptBar)
        bar.input.insert_text_at_cursor(query[:-2])  # as a paste would: one search, not one a keystroke
        await pilot.press(*query[-2:])
        await settle(pilot)
        assert bar.value == query
        assert layouts == []
        box = bar.input
        line = "".join(segment.text for segment in box.render_line(0))
        assert line.rstrip().endswith("saraqeb"), line  # scrolled to the cursor at the end
        assert box.scroll_x > 0
