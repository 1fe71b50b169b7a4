"""Work a key no longer does: the detail pane draws the events the next key may show, and both panes keep
(and make ahead) their lines as Textual styles them. No time is measured: these check what is drawn, and
that what was kept or made ahead is what Textual would draw now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual._styles_cache import StylesCache
from textual.content import Content
from textual.widget import Widget
from tui_helpers import settle

from frontline.tui.app import FrontlineApp
from frontline.tui.detail import event_content
from frontline.tui.marks import MARK


def fresh_lines(widget: Widget) -> list[list[tuple[str, object]]]:
    """The widget's screen, its border's rows too, styled by Textual's own cache from nothing: what it should
    show."""
    strips = StylesCache().render_widget(widget, widget.outer_size.region)
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


def shown_lines(widget: Widget) -> list[list[tuple[str, object]]]:
    strips = widget.render_lines(widget.outer_size.region)
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def test_the_next_keys_events_are_drawn_ahead_and_shown_as_if_drawn_then(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("down")  # the first cursor was placed before the panes had their size
        await settle(pilot)
        view, detail = app.view, app.detail
        spots = view.next_positions()
        assert view.cursor + 1 in spots and view.cursor - 1 in spots and 0 in spots and view.lines.count - 1 in spots
        for spot in spots:
            event = view.event_at(spot)
            assert event is not None, f"event {spot} is not read"
            assert detail._ahead.get(event) is not None, f"event {spot} was not drawn ahead"
        drawn_months = {key[1] for key in app.strip._drawn.keys()}  # noqa: SIM118  an LRUCache is not iterable
        assert {view.event_at(spot).date_start[:7] for spot in spots} <= drawn_months, "the strip was not drawn ahead"
        for key in ("down", "pagedown", "end", "home", "right_square_bracket"):
            before = view.cursor
            targets = view.next_positions()
            event = None
            await pilot.press(key)
            await settle(pilot)
            assert view.cursor != before and view.cursor in targets, f"{key} went where nothing was drawn ahead"
            event = view.event_at(view.cursor)
            assert event is not None and detail.event is event
            width = detail.scrollable_content_region.width
            whole = event_content(event, None, view.lines.count, width, marked=False, eras=detail.eras.lines(
                event.date_start, event.date_end))  # fmt: skip
            assert detail.text.startswith(whole.plain.rsplit("\ndataset", 1)[0]), key
            assert f"event {view.cursor + 1:,} of" in detail.text
            assert shown_lines(detail) == fresh_lines(detail), f"the detail pane after {key} is not as Textual draws it"
            strip = app.strip
            assert strip.cursor_month == event.date_start[:7]
            assert [line.text.rstrip() for line in strip._lines(strip.cursor_month)] == [
                row.rstrip() for row in strip.render().plain.split("\n")
            ]
            assert shown_lines(strip) == fresh_lines(strip), f"the strip after {key} is not as Textual draws it"


class InFrame:
    """What Textual does inside its drawing of each widget, that is in a frame, apart from what is drawn ahead
    between keys: the lines it styles, the timeline's rows laid out, the updates it sends."""

    def __init__(self, view: Any) -> None:
        self.view, self.laid_out = view, 0
        self.styled: list[tuple[str, int]] = []
        self.updates: list[ChopsUpdate] = []
        self._inside: list[Widget] = []
        self._saved = (StylesCache.render_line, StylesCache.render_widget, Compositor.render_update)

    def clear(self) -> None:
        self.styled.clear()
        self.updates.clear()
        self.laid_out = 0

    def __enter__(self) -> InFrame:
        render_line, render_widget, render_update = self._saved

        def counted_line(cache: StylesCache, styles: object, y: int, *args: object) -> object:
            if self._inside:
                self.styled.append((type(self._inside[-1]).__name__, y))
            return render_line(cache, styles, y, *args)  # type: ignore[arg-type]

        def counted_widget(cache: StylesCache, widget: Widget, crop: object) -> object:
            self._inside.append(widget)
            misses = self.view._strips.misses
            try:
                return render_widget(cache, widget, crop)  # type: ignore[arg-type]
            finally:
                self._inside.pop()
                self.laid_out += self.view._strips.misses - misses

        def kept_update(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
            self.updates.append(update := render_update(compositor, *args, **kwargs))
            return update

        StylesCache.render_line = counted_line  # type: ignore[method-assign,assignment]
        StylesCache.render_widget = counted_widget  # type: ignore[method-assign,assignment]
        Compositor.render_update = kept_update  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        StylesCache.render_line, StylesCache.render_widget, Compositor.render_update = self._saved  # type: ignore[method-assign]


async def test_a_mark_or_a_search_is_never_shown_from_an_older_drawing(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("m")  # mark the event under the cursor
        await settle(pilot)
        assert app.detail.text.startswith(MARK)
        await pilot.press("down", "up")
        await settle(pilot)
        assert app.detail.text.startswith(MARK), "the mark was lost: an unmarked drawing came back"
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("down", "up")
        await settle(pilot)
        assert not app.detail.text.startswith(MARK), "a marked drawing came back after the unmark"

        def lit() -> list[str]:
            content = app.detail.content
            return [content.plain[span.start : span.end] for span in content.spans if span.style == ".detail--match"]

        assert not lit()
        await pilot.press("slash", *"idlib", "enter")
        await settle(pilot, 0.3)
        await pilot.press("down", "up")
        await settle(pilot)
        assert "idlib" in app.detail.text.casefold() and lit(), "the search's words are not lit: an older drawing"
        assert all(word.casefold() == "idlib" for word in lit())


async def test_kept_styled_lines_follow_the_focus_tint_and_match_textual(builtin_db: Path):
    app = FrontlineApp(builtin_db, at="1 Jan 2019")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget)
        focused = shown_lines(app.view)
        await pilot.press("tab")  # the detail pane takes the focus: the timeline loses its tint and border
        await settle(pilot)
        assert app.focused is app.detail
        assert shown_lines(app.view) != focused, "the timeline kept the lines styled for its focus"
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget)
        await pilot.press("tab", "pagedown", "pagedown", "pageup", "end", "home")
        await settle(pilot)
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget), "a line styled in the old theme was shown"
        for widget in (app.view, app.detail):  # a style set on the widget itself, not through a stylesheet
            widget.styles.border = ("heavy", "red")
        await settle(pilot)
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget), "a line styled with the old border was shown"


async def test_a_new_subtitle_draws_the_bottom_border_row_alone_and_both_rows_match_textual(builtin_db: Path):
    """The top row shows the title and the bottom the subtitle (the era's name in the timeline): a new era
    draws the bottom row, and the top comes from what was kept."""
    app = FrontlineApp(builtin_db, at="1 Jan 2012")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        view = app.view
        drawn: list[int] = []
        render_line = StylesCache.render_line

        def counted(self: StylesCache, styles: object, y: int, *args: object) -> object:
            if self is view._kept_styles:
                drawn.append(y)
            return render_line(self, styles, y, *args)  # type: ignore[arg-type]

        eras = set()
        StylesCache.render_line = counted  # type: ignore[method-assign,assignment]
        try:
            for _ in range(6):
                before = view.border_subtitle
                drawn.clear()
                await pilot.press("right_square_bracket")  # a year on: another era, now and then
                await settle(pilot)
                if view.border_subtitle != before:
                    eras.add(view.border_subtitle)
                    assert 0 not in drawn, "the top row was drawn again for a new subtitle"
                assert shown_lines(view) == fresh_lines(view)
        finally:
            StylesCache.render_line = render_line  # type: ignore[method-assign]
        assert len(eras) >= 2


async def test_paging_through_the_built_in_data_styles_no_line_in_a_frame(builtin_db: Path):
    """Everything a page key shows was styled ahead: the rows, the border's era name (in its bottom row
    alone), the strip at the new month, the scrollbars (the detail pane's bare track when an event fits),
    and a short event's blank lines. Counted inside Textual's drawing of each widget, so the drawing
    ahead between keys is left out; and what is shown is what Textual draws from nothing."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.5)
        await pilot.press("home")
        await settle(pilot, 0.5)
        eras, bare, view = set(), False, app.view
        with InFrame(view) as frame:
            for key in ["pagedown"] * 8 + ["pageup"] * 8:
                frame.clear()
                era, cursor = view.border_subtitle, view.cursor
                await pilot.press(key)
                await pilot.pause()
                assert not frame.styled, f"{key} at {view.cursor} styled these lines in its frame: {frame.styled}"
                # What the frame sent of the timeline: its rows' content, and the bottom border row for a new era.
                box, content = view.region, view.content_region
                spans = {(y, x) for update in frame.updates for y, x, _ in update.spans if box.contains(x, y)}
                assert spans or view.cursor == cursor, f"{key} at {view.cursor} sent none of the timeline"
                assert all(x >= content.x for y, x in spans if content.y <= y < content.bottom), sorted(spans)
                assert {y for y, _ in spans} - set(range(content.y, content.bottom)) == (
                    {view.region.bottom - 1} if view.border_subtitle != era else set()
                ), f"{key} at {view.cursor} sent the timeline's border rows: {sorted(spans)}"
                eras.add(view.border_subtitle)
                bare |= app.detail.vertical_scrollbar.thumb(app.detail.scroll_y) is None
                await settle(pilot, 0.3)
        assert len(eras) >= 4 and bare, "the pages did not go through several eras and an event that fits"
        for widget in (app.view, app.detail, app.strip):
            assert shown_lines(widget) == fresh_lines(widget)


async def test_two_eras_of_one_name_in_other_colours_each_show_their_own_colour(builtin_db: Path):
    """A border row is kept by its label's text, spans and colours: Textual's Content compares by text alone,
    and two eras of one name (from two datasets) would have shown the first one's colour for both."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.3)
        view = app.view
        shown = []
        for colour in ("#ff0000", "#0000ff", "#ff0000"):
            view.show_subtitle(Content.assemble(("▌", colour), " One name "))
            await settle(pilot)
            assert shown_lines(view) == fresh_lines(view), colour
            shown.append(shown_lines(view)[-1])
        assert shown[0] != shown[1] and shown[0] == shown[2]
        view.subtitle_ahead(Content.assemble(("▌", "#00ff00"), " One name "))  # styled ahead, then shown
        view.show_subtitle(Content.assemble(("▌", "#00ff00"), " One name "))
        await settle(pilot)
        assert shown_lines(view) == fresh_lines(view)


async def test_after_a_search_is_closed_end_and_home_find_their_screens_drawn(builtin_db: Path):
    """Closing the search gives the timeline its row back (the prompt's), and its rows no longer light the
    terms: the screens drawn ahead are drawn again for both, so End and Home style and lay out nothing."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.5)
        await pilot.press("end")
        await settle(pilot, 0.3)
        await pilot.press("slash", *"shelling")
        await settle(pilot, 0.5)
        assert app.view.search is not None
        await pilot.press("escape")
        await settle(pilot, 0.5)
        assert app.view.search is None
        with InFrame(app.view) as frame:
            for key in ("end", "home", "end"):
                frame.clear()
                await pilot.press(key)
                await pilot.pause()
                assert frame.updates, f"{key} drew nothing"
                assert not frame.styled and not frame.laid_out, (key, frame.styled, frame.laid_out)
                await settle(pilot, 0.3)
        for widget in (app.view, app.detail):
            assert shown_lines(widget) == fresh_lines(widget)


async def test_another_search_lights_its_terms_in_the_screens_drawn_ahead(builtin_db: Path):
    """Another search (kept, as with Enter, or from the palette) lights other terms in every row, while the
    cursor may stay on the same match: the screens drawn ahead are drawn again, so PageDown lays out no row
    in its frame."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, 0.5)
        app.start_search("maarat")
        await settle(pilot, 0.5)
        cursor = app.view.cursor
        app.start_search("maarat numan")
        await settle(pilot, 0.5)
        assert app.view.cursor == cursor and app.view.search is not None, "this does not try the case"
        with InFrame(app.view) as frame:
            await pilot.press("pagedown")
            await pilot.pause()
            assert frame.updates and not frame.laid_out, frame.laid_out
