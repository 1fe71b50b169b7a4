"""One frame per key: the frame that first shows the cursor moved also shows the new event in the detail pane.

Each frame the app sends to the terminal is recorded with what it drew (`App._display` is where a frame
leaves); no time is measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import settle

from frontline.tui.app import FrontlineApp
from frontline.tui.timeline import PAGE


def record_frames(app: FrontlineApp) -> list[tuple[int, str | None, str | None]]:
    """(cursor, the event under it, the event in the detail pane) at every frame from now on."""
    frames: list[tuple[int, str | None, str | None]] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        under = app.view.event_at(app.view.cursor)
        shown = app.detail.event
        frames.append((app.view.cursor, under.id if under else None, shown.id if shown else None))

    app._display = display  # type: ignore[method-assign]  # a probe on the one place frames leave
    return frames


@pytest.mark.parametrize(
    "keys", [("down", "up"), ("pagedown", "pageup"), ("end", "home"), ("left_square_bracket", "right_square_bracket")]
)
async def test_a_key_draws_the_cursor_and_its_event_in_one_frame(builtin_db: Path, keys: tuple[str, str]):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        frames = record_frames(app)
        for turn in range(4):
            key = keys[turn % 2]
            before = app.view.cursor
            frames.clear()
            await pilot.press(key)
            await settle(pilot)
            moved = [frame for frame in frames if frame[0] != before]
            assert moved, f"{key} drew no frame with the cursor moved"
            _, under, shown = moved[0]
            assert under is not None and shown == under, f"{key}: the detail pane lagged the cursor's frame"
            assert len(moved) == 1 or all(frame[1:] == moved[0][1:] for frame in moved)


async def test_a_layout_elsewhere_does_not_repaint_the_timeline_scrollbar(builtin_db: Path):
    """The header and the prompt lay the screen out; the timeline's scrollbar, whose thumb did not move,
    must not be painted again after it (it was: a frame of its own after every layout)."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = app.view.vertical_scrollbar
        painted: list[int] = []
        original = bar.refresh

        def refresh(*regions, **kwargs):
            painted.append(1)
            return original(*regions, **kwargs)

        bar.refresh = refresh  # type: ignore[method-assign]  # counts the repaints asked for
        for _ in range(3):
            app.screen.refresh(layout=True)
            await settle(pilot)
        assert painted == []
        await pilot.press("end")  # the thumb moves: it is painted
        await settle(pilot)
        assert painted


async def test_a_space_at_the_end_of_a_search_searches_nothing_again(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"saraqib")
        await settle(pilot, rounds=2)
        search, cursor = app.search, app.view.cursor
        assert search is not None and app.match_count
        await pilot.press("space")
        await settle(pilot, rounds=2)
        assert app.search is search and app.view.cursor == cursor
        await pilot.press("k")  # a new word is searched
        await settle(pilot, rounds=2)
        assert app.search is not search and app.search is not None and app.search.text.strip() == "saraqib k"
        await pilot.press("backspace", "backspace")  # back to the words shown before: searched again, as typed
        await settle(pilot, rounds=2)
        assert app.search is not None and app.search.text.strip() == "saraqib"


async def test_typing_on_redraws_only_the_rows_whose_lighting_changes(builtin_db: Path, monkeypatch):
    """A search typed on keeps the drawing of each row it lights the same (same words lit, same match mark)."""
    from frontline.tui import timeline as timeline_module
    from frontline.tui.text import term_pattern
    from frontline.tui.timeline_rows import lit_spans

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"offensiv")
        await settle(pilot, rounds=2)
        before = term_pattern(app.search.terms) if app.search else None
        drawn: list[str] = []
        original = timeline_module.event_content

        def spy(event, *args, **kwargs):
            drawn.append(event.id)
            return original(event, *args, **kwargs)

        monkeypatch.setattr(timeline_module, "event_content", spy)
        cursor = app.view.cursor
        await pilot.press("e")
        await settle(pilot, rounds=2)
        assert app.view.cursor == cursor  # the same first match: the same rows on screen
        after = term_pattern(app.search.terms) if app.search else None
        top = int(app.view.scroll_y)
        shown = [app.view.event_at(pos) for line in range(top, top + app.view.size.height)
                 if (pos := app.view.lines.pos_at(line)) is not None]  # fmt: skip
        lit_alike = [e.id for e in shown if e is not None and lit_spans(e, before) == lit_spans(e, after)]
        assert len(lit_alike) > 5  # the check below has rows to look at
        assert not set(drawn) & set(lit_alike)


async def test_a_search_with_few_matches_lights_the_strip_in_its_answers_frame(builtin_db: Path):
    from frontline.tui.density import DensityStrip

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)
        seen: list[tuple[str | None, bool]] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            seen.append((app.search.text if app.search else None, strip.matches is not None))

        app._display = display  # type: ignore[method-assign]  # a probe on the one place frames leave
        app._count_matches = lambda *args: None  # type: ignore[method-assign]  # the strip's own count never lands
        await pilot.press("slash", *"saraqib")
        await settle(pilot, rounds=2)
        answered = [lit for text, lit in seen if text == "saraqib"]
        assert answered and answered[0], "the strip was lit a frame after the search's answer"
        assert strip.matches and sum(row.events for row in strip.matches.values()) == app.match_count


async def test_the_strips_lines_are_drawn_from_its_content_and_follow_the_cursor(builtin_db: Path):
    from frontline.tui.density import DensityStrip

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.query_one(DensityStrip)

        def drawn() -> list[str]:
            return ["".join(segment.text for segment in strip.render_line(y)) for y in range(strip.size.height)]

        def content() -> list[str]:
            return [line.ljust(strip.size.width) for line in strip.render().plain.split("\n")]

        before = [strip.render_line(y) for y in range(strip.size.height)]
        assert drawn() == content() and strip.render_line(0) is before[0]  # kept while nothing changes
        await pilot.press("home" if app.view.cursor else "end")
        await settle(pilot)
        assert drawn() == content()
        assert [strip.render_line(y) for y in range(strip.size.height)] != before  # the cursor's cell moved


@pytest.mark.parametrize(("given", "period"), [(None, 1 / 240), ("30", 1 / 30)])
def test_the_app_draws_up_to_240_frames_a_second_unless_told(given: str | None, period: float):
    """Textual waits for its next tick to draw a change: at 60 a second a key's frame waited up to 17 ms."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"} | ({"TEXTUAL_FPS": given} if given else {})
    probe = "import frontline.tui.cli, textual.screen as s; print(s.UPDATE_PERIOD)"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert float(out.stdout) == pytest.approx(period)


def pages_db(tmp_path: Path) -> Path:
    """2,000 events titled 'Event N' over five years: sixteen pages of the timeline."""
    from frontline.store.load import load_records

    db = tmp_path / "pages.db"
    records = [{"id": f"e{n}", "date": f"{2000 + n // 400}-{n // 40 % 10 + 1:02d}-{n % 28 + 1:02d}",
                "title": f"Event {n}"} for n in range(2000)]  # fmt: skip
    load_records(db, records, dataset="pages")
    return db


async def test_the_pages_around_are_read_after_the_keys_frame(tmp_path: Path):
    """The worker that reads the pages around the cursor starts once the key's frame is out, so that its
    Python does not share the interpreter with the frame's drawing."""
    app = FrontlineApp(pages_db(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        frames = record_frames(app)
        started: list[int] = []
        fetch = app.view._fetch
        app.view._fetch = lambda *args: (started.append(len(frames)), fetch(*args))[1]  # type: ignore[method-assign]
        app.view.cursor = 1000  # pages 6-8 around it: none read yet
        await settle(pilot)
        assert started and started[0] >= 1  # a frame was out before the pages were asked for
        assert all(app.view.event_at(pos) is not None for pos in range(900, 1100))


async def test_a_long_event_after_a_short_one_moves_the_panes_thumb_without_a_layout(builtin_db: Path):
    """The detail pane's scrollbar is always there: from a short event to a long one only its thumb
    changes, and the screen is not laid out again for it."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view, detail = app.view, app.detail
        pages = []
        for pos in range(view.lines.count):
            view.cursor = pos
            await settle(pilot)
            pages.append(detail.virtual_size.height // max(detail.scrollable_content_region.height, 1))
        pairs = [pos for pos in range(len(pages) - 1) if pages[pos] == 1 and pages[pos + 1] >= 2]
        assert pairs, "the built-in data has a long article after a short one"
        view.cursor = pairs[0]
        await settle(pilot)
        layouts: list[int] = []
        original = app.screen._refresh_layout
        app.screen._refresh_layout = lambda *a, **k: (layouts.append(1), original(*a, **k))[1]  # type: ignore[method-assign]
        await pilot.press("down")
        await settle(pilot)
        bar = detail.vertical_scrollbar
        assert layouts == [] and detail.show_vertical_scrollbar
        assert bar.window_virtual_size == detail.virtual_size.height == pages[pairs[0] + 1] * detail.size.height


async def test_a_search_leaves_the_pages_around_and_its_months_until_the_screen_has_refreshed(
    tmp_path: Path, monkeypatch
):
    """The workers a search's answer starts (the pages around it, the strip's matches per month) are asked
    for after the screen's refresh (`call_after_refresh`), not in the answer's handler: started at once,
    their Python shared the interpreter with the answer's frame."""
    from frontline.tui import search_actions

    monkeypatch.setattr(search_actions, "MONTHS_WITH_ANSWER", 10)  # the months are counted after the answer
    app = FrontlineApp(pages_db(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.view.cursor = 1000
        await settle(pilot)
        answering: list[bool] = []
        answer = FrontlineApp.on_search_actions_search_done

        def answered(self, message) -> None:
            answering.append(True)
            try:
                answer(self, message)
            finally:
                answering.pop()

        monkeypatch.setattr(FrontlineApp, "on_search_actions_search_done", answered)  # Textual looks in classes
        started: dict[str, list[bool]] = {"pages": [], "months": []}  # each start: inside the handler?
        fetch, count = app.view._fetch, app._count_matches

        def fetched(pages, search) -> None:  # the search's reads (a late one for the cursor's move has none)
            if search is not None:
                started["pages"].append(bool(answering))
            fetch(pages, search)

        app.view._fetch = fetched  # type: ignore[method-assign]
        app._count_matches = lambda *a: (started["months"].append(bool(answering)), count(*a))[1]  # type: ignore[method-assign]
        app.start_search("Event")
        await settle(pilot, rounds=3)
        assert started["pages"] and started["months"]
        assert not any(started["pages"]) and not any(started["months"])
        assert sum(row.events for row in app.strip.matches.values()) == 2000  # the months still came
        assert all(app.view._matches.get(page) for page in range(6, 9))  # and the pages' matches


async def test_a_jump_in_a_search_marks_the_matches_on_screen_with_the_key(tmp_path: Path):
    """`]` to rows read ahead before their matches were: the key reads the matches of the pages it shows,
    rather than drawing the rows unmarked and then a second frame when a worker brings them."""
    app = FrontlineApp(pages_db(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"event 4", "enter")  # 4, 40-49 and 400-499: the next year
        await settle(pilot)
        view, search = app.view, app.search
        assert search is not None and app.focused is view
        for page in range(view.lines.count // PAGE + 1):
            view._fetch_page_now(page)  # every row held, as read ahead
        view._request_window = lambda: None  # type: ignore[method-assign]  # no worker brings matches later
        view._matches.clear()
        await pilot.press("right_square_bracket")
        shown = [page for page in range(view.lines.count // PAGE + 1) if view._page_on_screen(page)]
        assert view.cursor // PAGE in shown
        for page in shown:
            assert view._matches.get(page) == search.matches_in(page * PAGE, (page + 1) * PAGE)
        on_screen = [pos for page in shown for pos in view._matches[page]]
        top = int(view.scroll_y)
        drawn = [view.lines.line_of(pos) - top for pos in on_screen if 0 <= view.lines.line_of(pos) - top < 32]
        assert drawn and all("▍" in view.render_line(y).text[:3] for y in drawn)


async def test_a_changed_line_repaints_the_panes_content_not_its_scrollbar(builtin_db: Path):
    """A line of a pane changed (a Down in the timeline, a new event in the detail pane): the repaint stops
    at the content's edge. Textual's took in the scrollbar's column, drawn and sent again with each line."""
    app = FrontlineApp(builtin_db, at="1 Jan 2016")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for pane in (app.view, app.detail):
            assert pane.show_vertical_scrollbar, "the test needs a scrollbar beside the content"
            pane._repaint_regions.clear()
            pane.refresh_lines(int(pane.scroll_y) + 2, 3)
            pane.refresh_line(int(pane.scroll_y) + 7)
            edge = pane.content_offset.x + pane.scrollable_content_region.width
            assert pane._repaint_regions and all(region.right <= edge for region in pane._repaint_regions)
            assert {region.y for region in pane._repaint_regions} == {
                pane.content_offset.y + 2,
                pane.content_offset.y + 7,
            }
