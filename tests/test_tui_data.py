"""Event text is data, never markup; figures read right; the timeline only holds pages around the view."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static
from tui_helpers import settle

from frontline.store.load import load_records
from frontline.store.query import Bucket
from frontline.tui.app import FrontlineApp
from frontline.tui.detail import DetailPane
from frontline.tui.lines import LineMap
from frontline.tui.text import clean, format_toll, short_number, term_pattern
from frontline.tui.timeline import PAGE, TimelineView

NASTY = [
    {
        "id": "markup",
        "date": "2016-05-05",
        "title": "[b]x[/b] [/ [0] [link=x]y[/link]",
        "place": "[red]Kafr[/red]",
        "summary": "Summary with [bold]tags[/] and $variables and \\[escaped].",
        "actors": ["[i]A[/i]", "B]"],
        "category": "[battle]",
        "notes": "[/]",
        "sources": [{"name": "[u]src[/u]", "url": "https://example.org/[x]"}],
    },
    {"id": "escape", "date": "2016-05-06", "title": "\x1b[31mred\x1b[0m and a bell\x07", "summary": "\x1b[2J cleared?"},
    {"id": "arabic", "date": "2016-05", "title": "معرة النعمان 🔥 ثورة", "place": "معرة النعمان"},
]


def rows(view: TimelineView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def test_markup_escapes_and_arabic_render_literally(tmp_path: Path):
    db = tmp_path / "nasty.db"
    load_records(db, NASTY, dataset="nasty")
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        text = "\n".join(rows(view))
        assert "[b]x[/b] [/ [0] [link=x]y[/link]" in text
        assert "[red]Kafr[/red]" in text
        assert "␛[31mred␛[0m and a bell␇" in text and "\x1b" not in text
        assert "معرة النعمان 🔥 ثورة" in text
        for pos, expected in [(1, "[b]x[/b] [/ [0] [link=x]y[/link]"), (2, "␛[31mred␛[0m")]:
            view.cursor = pos
            await settle(pilot)
            detail = app.query_one(DetailPane).text
            assert expected in detail
        view.cursor = 1
        await settle(pilot)
        detail = app.query_one(DetailPane).text
        for literal in [
            "[bold]tags[/] and $variables",
            "[i]A[/i]; B]",
            "[u]src[/u]",
            "https://example.org/[x]",
            "[/]",
            "[battle]",
        ]:
            assert literal in detail, literal
        await pilot.press("slash", *"[b", "enter")  # search text with brackets is also just text
        await settle(pilot)
        assert "/[b" in str(app.query_one("#header", Static).render())


def test_clean_makes_controls_visible():
    assert clean("a\x1b[31mb") == "a␛[31mb"
    assert clean("one\ntwo", single_line=True) == "one two"
    assert clean("one\ntwo") == "one\ntwo"
    assert clean("tab\there\x7f\x85") == "tab here␡<U+0085>"


def test_tolls_and_running_totals(builtin_db: Path):
    from frontline.store.query import Timeline

    events = Timeline(builtin_db).rows(0, 1000)
    total = next(e for e in events if e.running_total and e.displaced and not e.fatalities)
    assert format_toll(total) == f"Σ{short_number(total.displaced)} displaced"
    incident = next(e for e in events if e.fatalities and not e.running_total and not e.displaced)
    assert format_toll(incident) == f"{short_number(incident.fatalities)} killed"
    assert short_number(388_000) == "388k" and short_number(1_250_000) == "1.2M"
    assert short_number(1_500) == "1.5k" and short_number(950) == "950"


async def test_running_totals_are_labelled_as_totals(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        total = next(e for e in app.timeline.rows(0, 1000) if e.running_total and e.displaced)
        view.cursor = total.pos
        await settle(pilot)
        row = view.render_line(view.lines.line_of(view.cursor) - int(view.scroll_y)).text
        assert total.date_short in row and f"Σ{short_number(total.displaced)} displaced" in row
        detail = " ".join(app.query_one(DetailPane).text.split())
        assert f"{total.displaced:,} displaced (a tally, overlapping other events: never added up)" in detail


def test_term_pattern_matches_word_prefixes():
    pattern = term_pattern(["sara", "idlib"])
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("Saraqeb and Idlib, not Qasara")] == ["Saraqeb", "Idlib"]
    assert term_pattern([]) is None


def test_line_map_interleaves_years_and_months():
    lines = LineMap([Bucket("2011", 0, 1), Bucket("2011-03", 1, 3), Bucket("2012-01", 4, 2)])
    assert lines.total == 6 + 4  # events + 2011, March 2011, 2012, January 2012
    assert lines.headers[0][:2] == ("year", "2011") and lines.headers[2][:2] == ("month", "2011-03")
    assert [lines.pos_at(y) for y in range(10)] == [None, 0, None, 1, 2, 3, None, None, 4, 5]
    assert all(lines.pos_at(lines.line_of(pos)) == pos for pos in range(6))
    assert lines.pos_near(2) == 1 and lines.pos_near(2, forward=False) == 0
    assert lines.years == [("2011", 0), ("2012", 4)]


async def test_a_big_timeline_is_read_a_page_at_a_time(tmp_path: Path):
    db = tmp_path / "big.db"
    records = [
        {"id": f"e{n}", "date": f"{2000 + n // 1200}-{n // 100 % 12 + 1:02d}-{n % 28 + 1:02d}", "title": f"Event {n}"}
        for n in range(6000)
    ]
    load_records(db, records, dataset="big")
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.query_one(TimelineView)
        assert view.lines.count == 6000
        jumps = view.jump_pages(view.size.height, PAGE)  # the screens `]`, `[`, Home and End show, read ahead
        assert len(view._pages) <= 3 + len(jumps)  # the first screen and its neighbours, never all 6000
        assert 5999 // PAGE in view._pages  # End's screen and its event, read ahead to be drawn ahead
        await pilot.press("G")
        await settle(pilot)
        assert view.cursor == 5999 and view.event_at(5999) is not None
        jumps |= view.jump_pages(view.size.height, PAGE)
        pages = view._pages.keys()  # Textual's LRUCache iterates over its values, not its keys
        assert all(abs(page - 5999 // PAGE) <= 2 or page <= 1 or page in jumps for page in pages)
        assert len(pages) < 6000 // PAGE / 2
        assert "Event" in view.render_line(view.lines.line_of(5999) - int(view.scroll_y)).text


async def test_a_long_jump_reads_the_cursors_page_at_once_and_a_big_count_follows(tmp_path: Path, monkeypatch):
    import threading

    import frontline.tui.search_actions
    from frontline.store.query import Search
    from frontline.tui.header import HeaderBar

    db = tmp_path / "big.db"
    records = [{"id": f"e{n}", "date": f"{2000 + n // 1200}-{n // 100 % 12 + 1:02d}-{n % 28 + 1:02d}",
                "title": f"Event {n}"} for n in range(6000)]  # fmt: skip
    load_records(db, records, dataset="big")
    monkeypatch.setattr(frontline.tui.search_actions, "COUNT_FIRST", 100)
    monkeypatch.setattr(frontline.tui.search_actions, "TALLY_WITH_ANSWER", 0)  # the count follows the answer
    counting = threading.Event()
    exact_count = Search.count
    monkeypatch.setattr(Search, "count", lambda self: counting.wait(10) and exact_count(self))
    exact_tally = frontline.tui.search_actions.tally  # the whole timeline's count, read with its months
    monkeypatch.setattr(frontline.tui.search_actions, "tally", lambda *a: counting.wait(10) and exact_tally(*a))
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        view = app.query_one(TimelineView)
        view.cursor = 4999  # no worker has read its page: the jump reads it itself
        assert view.event_at(4999) is not None and len(view._pages) <= 16
        view.cursor = 0
        app.start_search("event 1")  # "Event 1", "Event 10", ..., "Event 1999": 1,111 matches
        for _ in range(100):
            await pilot.pause(0.02)
            if app.search is not None:
                break
        assert app.match_count_partial and view.cursor == app.search.first_at_or_after(0)  # before the count
        assert re.search(r"/event 1 (1|–)/100\+$", str(app.query_one(HeaderBar).content).rstrip())  # a lower bound
        counting.set()
        await settle(pilot)
        assert app.match_count == 1111 and not app.match_count_partial and app.match_rank == 1
        assert str(app.query_one(HeaderBar).content).rstrip().endswith("/event 1 1/1,111")
