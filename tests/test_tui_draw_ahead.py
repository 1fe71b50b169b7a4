"""Work a key no longer does: the rows of the next screens are drawn ahead, while the app is idle, and the
timeline's scrollbar repaints only when its thumb moves. No time is measured: these check what is drawn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.strip import Strip
from tui_helpers import settle

from frontline.tui.app import FrontlineApp
from frontline.tui.thumb_scrollbar import ThumbScrollBar
from frontline.tui.timeline_warm import STEP, StripWarmer


def thousand_line_bar(app: FrontlineApp) -> ThumbScrollBar:
    """The timeline's scrollbar, set for a thousand lines seen 30 at a time: a thumb of under a cell."""
    bar = app.view.vertical_scrollbar
    assert isinstance(bar, ThumbScrollBar)
    bar.window_virtual_size, bar.window_size = 1_000, 30
    return bar


def cached_lines(app: FrontlineApp) -> set[int]:
    return {key[0] for key in app.view._strips.keys()}  # noqa: SIM118  an LRUCache is not iterable


def test_the_warmer_draws_the_next_previous_first_and_last_screens_and_stops_for_a_newer_one():
    drawn: list[int] = []
    queued: list[Callable[[], None]] = []
    warmer = StripWarmer(lambda line, width, as_cursor: drawn.append(line), queued.append, queued.append)
    warmer.start(top=100, height=10, total=1000, width=80)
    while queued:
        queued.pop(0)()
    assert drawn == [*range(110, 120), *range(90, 100), *range(0, 10), *range(990, 1000)]
    drawn.clear()
    warmer.start(top=0, height=10, total=1000, width=80)
    queued.pop(0)()  # one step, then the cursor moves again
    assert drawn == list(range(10, 10 + STEP))
    warmer.start(top=500, height=10, total=15, width=80)  # a short view: nothing past its end
    while queued:
        queued.pop(0)()
    assert drawn[STEP:] == [*range(0, 10), *range(5, 15)]


def test_the_warmer_draws_the_cursors_next_rows_first_as_the_cursors():
    drawn: list[tuple[int, bool]] = []
    queued: list[Callable[[], None]] = []
    warmer = StripWarmer(lambda line, width, as_cursor: drawn.append((line, as_cursor)), queued.append, queued.append)
    warmer.start(top=100, height=10, total=1000, width=80, cursors=[106, 104, 2000])
    queued.pop(0)()
    assert drawn[:2] == [(106, True), (104, True)]  # on screen, yet drawn: as the cursor's rows
    assert drawn[2:] == [(line, False) for line in range(110, 110 + STEP - 2)]  # 2000 is past the end


def test_the_warmer_draws_the_next_screens_borders_after_the_cursors_rows_and_before_their_lines():
    drawn: list[tuple[str, int]] = []
    queued: list[Callable[[], None]] = []
    warmer = StripWarmer(
        lambda line, width, as_cursor: drawn.append(("line", line)), queued.append, queued.append,
        lambda top: drawn.append(("edge", top)),
    )  # fmt: skip
    warmer.start(top=100, height=10, total=1000, width=80, cursors=[101], edges=[109, 91, 100, 0, 1000, 109, -5])
    queued.pop(0)()
    # Each screen once, at most a screen from the end, none before the start, and not the one shown.
    assert drawn[:5] == [("line", 101), ("edge", 109), ("edge", 91), ("edge", 0), ("edge", 990)]
    assert drawn[5:] == [("line", line) for line in range(110, 110 + STEP - 5)]


async def test_after_down_the_next_rows_are_drawn_as_the_cursors_and_down_draws_no_row(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        view = app.view
        await pilot.press("down")
        await settle(pilot, 0.3)
        below = view.lines.line_of(view.cursor + 1)
        assert any(key[0] == below and key[1] for key in view._strips.keys())  # noqa: SIM118  not iterable
        laid_out: list[int] = []
        render_line = view.render_line

        def counted(y: int) -> Strip:  # the frame's rows, not the warmer's
            before = view._strips.misses
            strip = render_line(y)
            if view._strips.misses != before:
                laid_out.append(y + int(view.scroll_y))
            return strip

        view.render_line = counted  # type: ignore[method-assign]
        await pilot.press("down")
        await pilot.pause()
        assert view.lines.line_of(view.cursor) == below
        assert below not in laid_out, "Down laid out a row the warmer should have drawn"


async def test_after_a_key_the_next_screen_is_drawn_ahead_and_pagedown_shows_it(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        view = app.view
        top, height = int(view.scroll_y), view.scrollable_content_region.height
        ahead = set(range(top + height, min(top + 2 * height, view.lines.total)))
        assert ahead and ahead <= cached_lines(app), "the next screen was not drawn ahead"
        warmed = {key[0]: view._strips.get(key) for key in view._strips.keys() if key[0] in ahead and not key[1]}  # noqa: SIM118  not iterable
        await pilot.press("pagedown")
        await settle(pilot)
        top = int(view.scroll_y)
        cursor_line = view.lines.line_of(view.cursor)
        reused = 0
        for y in range(height):
            line = top + y
            if line in warmed and line != cursor_line:
                strip = view.render_line(y)
                assert strip is warmed[line], f"line {line} was drawn again"
                pos = view.lines.pos_at(line)
                event = view.event_at(pos) if pos is not None else None
                assert event is None or event.date_short.split()[-1] in strip.text  # its own row, not another's
                reused += 1
        assert reused >= height // 2


async def test_the_timelines_scrollbar_repaints_only_when_its_thumb_moves(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = app.view.vertical_scrollbar
        assert isinstance(bar, ThumbScrollBar)
        bar.window_virtual_size, bar.window_size = 1_000_000, 30  # a million lines, as at 1M events
        await settle(pilot)
        repaints: list[int] = []
        bar.refresh = lambda *args, **kwargs: repaints.append(1) or bar  # type: ignore[method-assign]
        bar.position = 100
        bar.position = 101  # a thousandth of a cell: the same cells
        assert not repaints
        bar.position = 500_000  # half way: the thumb is elsewhere
        assert repaints


async def test_the_scrollbar_draws_each_look_once_and_keeps_it(builtin_db: Path, monkeypatch):
    """End and Home go back and forth between two thumbs: each is drawn once, then taken from what was kept;
    what is kept is what Textual would draw."""
    from textual.scrollbar import ScrollBar

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = app.view.vertical_scrollbar
        drawn: list[int] = []
        textual_draws = ScrollBar.render_lines

        def counted(self, crop):
            drawn.extend([1] if self is bar else [])  # the detail pane's bar is Textual's own
            return textual_draws(self, crop)

        monkeypatch.setattr(ScrollBar, "render_lines", counted)
        for key in ("end", "home", "end", "home", "end"):
            await pilot.press(key)
            await settle(pilot)
        assert drawn == []  # the bar at the end is made of rows drawn ahead (at the start), then kept
        whole = bar.region.reset_offset
        assert bar.render_lines(whole) == textual_draws(bar, whole)


async def test_a_bar_is_put_together_from_rows_drawn_before_and_is_what_textual_draws(builtin_db: Path):
    """Each PageDown moves the thumb: once each kind of row (the track above and below, the thumb, its
    eighth-block ends) was drawn, a bar anywhere is made of them, and equals Textual's own drawing."""
    from textual.scrollbar import ScrollBar

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = thousand_line_bar(app)
        bar._rows.clear()  # none drawn ahead: the loop below draws them (nothing runs while the app is not awaited)
        whole = bar.region.reset_offset
        made = textual = 0
        for position in range(0, 971, 7):  # every eighth of a cell comes up
            bar.position = position
            if bar._from_rows(bar._look()) is not None:
                made += 1
            else:
                textual += 1
            assert bar.render_lines(whole) == ScrollBar.render_lines(bar, whole), f"the bar at {position}"
        assert made > textual > 0
        assert bar.render_lines(whole)[0] != bar.render_lines(whole)[-1]  # the thumb is at the end, the track above


async def test_an_idle_bar_draws_every_end_of_its_thumb_ahead_as_textual_would(builtin_db: Path):
    from textual.scrollbar import ScrollBar

    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot, 0.3)
        bar = app.view.vertical_scrollbar
        assert isinstance(bar, ThumbScrollBar)
        (rows,) = bar._rows.values()
        ends = {(end, phase) for end in ("start", "end") for phase in range(8)}
        assert ends <= rows.keys(), f"not drawn ahead: {sorted(ends - rows.keys())}"
        span = bar.window_virtual_size - bar.window_size
        for position in (0, span / 3, span / 2, span):
            shown = bar.render_lines(bar.region.reset_offset)
            drawn = bar._draw_at(position)
            assert bar.render_lines(bar.region.reset_offset) == shown  # what it shows is untouched
            bar.position = position
            assert drawn == ScrollBar.render_lines(bar, bar.region.reset_offset), f"the bar at {position}"
            assert bar.render_lines(bar.region.reset_offset) == drawn  # and a bar made of rows is the same


async def test_a_new_event_repaints_the_detail_lines_that_changed_in_runs(builtin_db: Path):
    """Each run of changed lines is one region, and lines that stay (the blank ones) are not repainted."""
    app = FrontlineApp(builtin_db, at="29 Jan 2020")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        detail = app.detail
        before, top, height = list(detail._lines), int(detail.scroll_y), detail.scrollable_content_region.height
        for pos in range(app.view.cursor - 1, app.view.cursor - 30, -1):  # one that shares lines with this one
            event = app.view.event_at(pos)
            assert event is not None
            detail._repaint_regions.clear()
            detail.show(event)
            after = detail._lines
            changed = [y for y in range(top, top + height) if before[y : y + 1] != after[y : y + 1]]
            if changed and len(changed) < height - 2:
                break
            detail.show(app.view.event_at(app.view.cursor))
        else:
            raise AssertionError("no event shares a line with the one under the cursor")
        painted = sorted(detail._repaint_regions, key=lambda region: region.y)
        offset = detail.content_offset.y  # regions are kept in the widget's own lines, border included
        rows = [region.y - offset + top + n for region in painted for n in range(region.height)]
        assert rows == changed
        runs = sum(1 for i, y in enumerate(changed) if i == 0 or changed[i - 1] != y - 1)
        assert len(painted) == runs


async def test_a_thumb_that_moves_repaints_the_rows_textual_would_draw_otherwise_and_no_more(builtin_db: Path):
    """A step of the thumb repaints the rows whose cells change, by Textual's own drawing at either
    position (its ends, mostly), not the whole bar."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = thousand_line_bar(app)
        await settle(pilot)
        asked: list[tuple[Region, ...]] = []
        original = bar.refresh
        bar.refresh = lambda *regions, **kwargs: (asked.append(regions), original(*regions, **kwargs))[1]  # type: ignore[method-assign]
        height = bar.size.height
        drawn = bar._draw_at(bar.position)
        for position in (3, 4, 40, 41, 200, 523, 524, 969, 970, 0):
            asked.clear()
            bar.position = position
            now = bar._draw_at(position)
            differ = {y for y in range(height) if list(drawn[y]) != list(now[y])}
            repainted = {y for regions in asked for region in regions for y in range(region.y, region.bottom)}
            assert differ <= repainted, f"at {position}: rows {sorted(differ - repainted)} changed, not repainted"
            assert repainted == differ, f"at {position}: rows {sorted(repainted - differ)} repainted, unchanged"
            drawn = now


def look(line: Strip, x: int) -> tuple:
    """What a terminal shows in one cell: the character and its colours (a space's own colour does not show)."""
    (segment,) = line.crop(x, x + 1)._segments
    style = segment.style
    colour = style.color if style and segment.text.strip() else None
    return segment.text, style.bgcolor if style else None, colour, style.reverse if style else None


@pytest.mark.parametrize("size", [(120, 36), (170, 36)])  # without the words at the right, and with them
async def test_a_new_month_repaints_every_cell_it_changes_and_not_the_strips_whole_width(
    builtin_db: Path, size: tuple[int, int]
) -> None:
    app = FrontlineApp(builtin_db, at="1 Jan 2017")
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 0.3)
        strip = app.strip
        width, height = strip.size
        repainted: list[Region] = []
        refresh = strip.refresh

        def recorded(*regions: Region, **kwargs) -> object:
            repainted.extend(regions or [Region(0, 0, width, height)])
            return refresh(*regions, **kwargs)

        strip.refresh = recorded  # type: ignore[method-assign]
        months = 0
        for _ in range(5):
            before = strip.cursor_month
            repainted.clear()
            await pilot.press("right_curly_bracket")  # the next month with events
            await settle(pilot)
            if strip.cursor_month == before:
                continue
            months += 1
            drawn = [strip._lines(month) for month in (before, strip.cursor_month)]
            changed = {
                (x, y) for y in range(height) for x in range(width) if look(drawn[0][y], x) != look(drawn[1][y], x)
            }  # fmt: skip
            assert changed, "a new month changed nothing on the strip"
            missed = sorted(cell for cell in changed if not any(region.contains(*cell) for region in repainted))
            assert not missed, (missed, repainted)
            assert sum(region.width for region in repainted if region.y == 0) < width, repainted  # not the whole width
        assert months >= 3
