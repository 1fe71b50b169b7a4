"""A broad prefix answers first from its most common words, then exactly: the matches, the first match, the count."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import settle

import frontline.store.quick
import frontline.tui.search_actions
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.store.quick import quick_form
from frontline.tui.app import FrontlineApp
from frontline.tui.search_actions import pages_around
from frontline.tui.timeline import PAGE


def _db(tmp_path: Path) -> Path:
    """300 events: 'shelling' in most, and 'sarmin', 'saraqib', 'salqin' in a few each (rarer s-words)."""
    db = tmp_path / "quick.db"
    rare = {7: "sarmin", 120: "saraqib", 250: "salqin"}
    records = [
        {"id": f"e{n}", "date": f"2019-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}",
         "title": rare.get(n, "shelling" if n % 3 else "airstrike") + f" report {n}"}
        for n in range(300)
    ]  # fmt: skip
    load_records(db, records, dataset="q")
    return db


def test_the_quick_form_reads_a_broad_prefix_as_its_most_common_words(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(frontline.store.quick, "QUICK_WORDS", 1)
    timeline = Timeline(_db(tmp_path))
    search = timeline.search("s")
    assert search is not None and search.walk.count(" OR ") >= 3  # shelling, sarmin, saraqib, salqin
    quick = quick_form(search)
    assert quick is not None and quick.walk == '"shelling"' and search.walk != quick.walk
    assert quick.matches_in(0, 300) < search.matches_in(0, 300)  # a subset: the rare words are left out
    assert quick_form(timeline.search("shelling")) is None  # one word: quick already
    assert not search.counted and search.count() == 198 + 3


async def test_the_app_answers_from_the_quick_form_then_shows_the_exact_matches(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(frontline.store.quick, "QUICK_WORDS", 1)
    monkeypatch.setattr(frontline.tui.search_actions, "COUNT_FIRST", 100)  # 198 quick matches: a bound, "100+"
    db = _db(tmp_path)
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.start_search("s")
        await settle(pilot, rounds=3)
        exact = Timeline(db).search("s")
        assert app.search is not None and app.search.walk == exact.walk  # the search kept is the exact one
        assert app.view.cursor == exact.first_at_or_after(0) == 1  # e0 is an airstrike
        for page in pages_around(app.view.cursor):
            assert app.view._matches[page] == exact.matches_in(page * PAGE, (page + 1) * PAGE)
        assert 7 in app.view._matches[0]  # the rare word the quick form left out is marked
        assert app.match_count == 201 and not app.match_count_partial


async def test_a_count_read_after_the_answer_brings_the_months_and_the_rank_with_it(tmp_path: Path, monkeypatch):
    """Over the whole timeline, the exact count of a search first shown as "50+" is read in one pass with
    its matches per month (the strip) and the rank of the match under the cursor: one message, one frame."""
    from frontline.store.match_months import match_months

    monkeypatch.setattr(frontline.tui.search_actions, "COUNT_FIRST", 50)
    monkeypatch.setattr(frontline.tui.search_actions, "TALLY_WITH_ANSWER", 0)  # the count follows the answer
    db = _db(tmp_path)
    app = FrontlineApp(db, at="2019-06-01")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip_workers: list[object] = []
        app._count_matches = lambda *args: strip_workers.append(args)  # type: ignore[method-assign]  # a probe
        app.start_search("shelling report")  # two words: no count from the terms table
        await settle(pilot, rounds=3)
        exact = Timeline(db).search("shelling report")
        assert app.match_count == exact.count() == 198 and not app.match_count_partial
        assert app.match_rank == exact.rank(app.view.cursor) > 1  # from June: not the first match
        assert app.strip.matches is not None and strip_workers == []
        assert sum(row.events for row in app.strip.matches.values()) == 198
        assert len(app.strip.matches) == len(match_months(Timeline(db), exact))


async def test_the_exact_matches_redraw_only_the_rows_they_mark_anew(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(frontline.store.quick, "QUICK_WORDS", 1)
    db = _db(tmp_path)
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        view = app.view
        quick = quick_form(Timeline(db).search("s"))
        assert quick is not None
        view.set_search(quick, {0: quick.matches_in(0, PAGE)})
        await settle(pilot)
        redrawn: list[int] = []
        original = view.refresh_line
        view.refresh_line = lambda y: (redrawn.append(y), original(y))[1]  # type: ignore[method-assign]
        whole_repaints: list[int] = []
        refresh = view.refresh
        view.refresh = lambda *regions, **kw: (
            whole_repaints.extend([1] if not regions else []),
            refresh(*regions, **kw),
        )[1]  # type: ignore[method-assign]
        exact = Timeline(db).search("s")
        view.search = exact
        view.add_matches(exact, {0: exact.matches_in(0, PAGE)})
        assert redrawn == [view.lines.line_of(7)]  # sarmin, the one the quick form left out, is on screen
        assert whole_repaints == []  # the line alone, not the whole view


async def test_the_count_is_read_once_the_answers_frame_is_out(tmp_path: Path, monkeypatch):
    """What follows a first answer is read after that answer is drawn, not beside its drawing."""
    monkeypatch.setattr(frontline.tui.search_actions, "COUNT_FIRST", 50)
    monkeypatch.setattr(frontline.tui.search_actions, "TALLY_WITH_ANSWER", 0)  # the count follows the answer
    monkeypatch.setattr(frontline.tui.search_actions, "DRAWN_WAIT", 30.0)  # a slow test machine waits for the frame
    db = _db(tmp_path)
    app = FrontlineApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown: list[str | None] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            shown.append(app.search.text if app.search else None)

        app._display = display  # type: ignore[method-assign]  # a probe on the one place frames leave
        counted_after: list[int] = []
        exact_tally = frontline.tui.search_actions.tally

        def tally(*args):
            counted_after.append(shown.count("shelling report"))
            return exact_tally(*args)

        monkeypatch.setattr(frontline.tui.search_actions, "tally", tally)
        app.start_search("shelling report")
        await settle(pilot, rounds=3)
        assert counted_after and counted_after[0] >= 1  # the answer was on screen before the count began
        assert app.match_count == 198 and not app.match_count_partial


async def test_a_count_quick_enough_comes_with_the_answer(tmp_path: Path, monkeypatch):
    """Past the first bound ("50+"), a count that takes less than a frame's wait is read before answering:
    one message with the exact count, the months and the rank, nothing after it."""
    monkeypatch.setattr(frontline.tui.search_actions, "COUNT_FIRST", 50)
    monkeypatch.setattr(frontline.tui.search_actions, "TALLY_WITH_ANSWER", 5.0)  # any count is quick enough
    db = _db(tmp_path)
    app = FrontlineApp(db, at="2019-06-01")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        answers: list[tuple[int, bool, bool]] = []
        followed: list[int] = []
        actions = frontline.tui.search_actions.SearchActions
        done, found = actions.on_search_actions_search_done, actions.on_search_actions_count_found

        def answered(self, message):
            answers.append((message.count, message.partial, message.months is not None))
            done(self, message)

        def counted(self, message):
            followed.append(message.count)
            found(self, message)

        monkeypatch.setattr(actions, "on_search_actions_search_done", answered)
        monkeypatch.setattr(actions, "on_search_actions_count_found", counted)
        app.start_search("shelling report")
        await settle(pilot, rounds=3)
        exact = Timeline(db).search("shelling report")
        assert answers == [(198, False, True)] and followed == []
        assert app.match_rank == exact.rank(app.view.cursor) > 1 and app.strip.matches is not None
