"""The search as the app runs it: typed text searched at once by one worker at a time (what is typed
while it runs is searched as soon as it answers, the latest text only), the view its filters ask for, the
count (a first bound, then the exact one), the rank of the match under the cursor, and n/N.

`SearchActions` is mixed into `FrontlineApp`. A plain mixin: its handlers go by name
(`on_search_actions_search_done`), since `@on` is only collected from message pumps themselves;
the search box's own events reach it through the app's `@on` handlers.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from frontline.store.filters import FilterError, Filters
from frontline.store.match_months import MonthCount, tallies, tally
from frontline.store.merges import count_unless
from frontline.store.query import Search
from frontline.store.quick import quick_form
from frontline.tui.app_base import AppMixin
from frontline.tui.search import PromptBar
from frontline.tui.text import term_pattern
from frontline.tui.timeline import PAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from frontline.store.query import Timeline
    from frontline.tui.density import DensityStrip
    from frontline.tui.detail import DetailPane
    from frontline.tui.filtering import ViewShape
    from frontline.tui.timeline import TimelineView

MONTHS_WITH_ANSWER = 5_000
"""A search with at most this many matches counts them per month for the strip before it answers (a few
milliseconds: `store.match_months`), so the strip is lit in the answer's frame rather than in one after."""

TALLY_WITH_ANSWER = 0.015
"""Seconds a search's answer may wait for its exact count and months (10,000-20,000 matches at 1M): a count
that comes apart from the answer, a few milliseconds after it, is a second frame."""

DRAWN_WAIT = 0.25
"""Seconds a search waits for its answer's frame before it reads on (an answer typed over is never drawn)."""

COUNT_FIRST = 10_000
"""A search shows its first match once it has counted this far; the exact count follows (a word in most of
a million events takes 40-180 ms to count)."""


def pages_around(pos: int) -> list[int]:
    """The timeline pages a screen around `pos` can show (a screen is under a page, either way)."""
    return sorted({max(pos - 64, 0) // PAGE, pos // PAGE, (pos + 64) // PAGE})


class SearchActions(AppMixin):
    """The app's search: state, workers and the messages they answer with (mixed into the app)."""

    if TYPE_CHECKING:
        timeline: Timeline
        filters: Filters

        @property
        def view(self) -> TimelineView: ...
        @property
        def detail(self) -> DetailPane: ...
        def view_for(self, text: str, origin: int, keep: Filters | None) -> tuple[ViewShape | None, str]: ...
        def filters_readable(self, text: str) -> bool: ...
        def filter_error(self, error: str | None, submitted: bool = False) -> None: ...
        def swap_view(self, shape: ViewShape) -> None: ...
        def show_matches(self, search: Search | None, months: list[MonthCount] | None = None) -> None: ...
        @staticmethod
        def months_of(search: Search, happenings: bool) -> list[MonthCount]: ...
        @property
        def strip(self) -> DensityStrip: ...
        def _update_header(self) -> None: ...
        def after_frame(self, callback: Callable[[], object]) -> None: ...

    class SearchDone(Message):
        def __init__(
            self, text: str, search: Search | None, count: int, pos: int | None, rank: int | None,
            shape: ViewShape | None = None, error: str | None = None, partial: bool = False,
            matches: dict[int, set[int]] | None = None, months: list[MonthCount] | None = None,
        ) -> None:  # fmt: skip
            super().__init__()
            self.months = months  # the matches per month for the strip, when there were few enough to count at once
            self.months_follow = False  # they come with the exact count (CountFound), counted in the same pass
            self.drawn = threading.Event()  # set once this answer's frame is out: what follows waits for it
            self.matches = matches  # the matches on the pages around `pos`, so the first frame shows them
            self.text, self.search, self.count, self.pos, self.rank = text, search, count, pos, rank
            self.shape, self.error = shape, error  # a new view the filters ask for; a filter that cannot apply
            self.partial = partial  # count is COUNT_FIRST, a lower bound: a CountFound follows

    class CountFound(Message):
        """The exact count of a search first shown with its count read up to `COUNT_FIRST`."""

        def __init__(
            self, search: Search, count: int, pos: int | None, rank: int | None,
            months: list[MonthCount] | None = None,
        ) -> None:  # fmt: skip
            super().__init__()
            self.search, self.count, self.pos, self.rank, self.months = search, count, pos, rank, months

    class MatchesExact(Message):
        """A search first answered from its quick form (`store.quick`): the first match (`pos`, where the
        quick form said `was`) and the matches on the pages around it, exactly."""

        def __init__(self, search: Search, was: int | None, pos: int | None, matches: dict[int, set[int]]) -> None:
            super().__init__()
            self.search, self.was, self.pos, self.matches = search, was, pos, matches

    class MatchFound(Message):
        def __init__(self, search: Search, pos: int | None, rank: int | None, wrapped: str | None) -> None:
            super().__init__()
            self.search, self.pos, self.rank, self.wrapped = search, pos, rank, wrapped

    class RankFound(Message):
        def __init__(self, search: Search, rank: int | None) -> None:
            super().__init__()
            self.search, self.rank = search, rank

    def init_search(self) -> None:
        """No search yet."""
        self.search: Search | None = None
        self.match_count: int | None = None
        self.match_count_partial = False  # match_count is a lower bound (COUNT_FIRST); the exact count is coming
        self.match_rank: int | None = None
        self._search_origin: int | None = 0
        self._pending: str | None = None
        self._started: str | None = None  # the text of the last search run (or running)
        self._rank_at: int | None = None  # the answer brought the rank there (or its exact count will)
        self._in_flight = False  # a typed search is running: what is typed meanwhile waits in _pending
        self._steps: list[int] = []

    def search_typed(self, text: str) -> None:
        """The search box changed: search now, or as soon as the search running answers. A space typed
        at either end changes nothing that is searched: the screen stays as it is."""
        if self._started is not None and text.strip() == self._started.strip():
            self._pending = None  # back to what is searched already (or running)
            return
        self._pending = text
        if not self._in_flight:
            self._search_now()

    def search_kept(self, text: str) -> None:
        """Enter in the search box: search now and close it (unless a filter in it cannot apply)."""
        if not self.filters_readable(text):
            return  # the prompt stays open on the filter to fix
        self._pending = text
        self._search_now()
        self.query_one("#search-bar", PromptBar).close()
        self.screen.set_focus(self.view)

    def rank_known(self, pos: int) -> bool:
        """Has the search's answer brought the rank at `pos` (or will its exact count)? Asked once, by the
        cursor's move to the answer; any other move asks a worker for it."""
        known, self._rank_at = pos == self._rank_at, None
        return known

    @work(thread=True, exclusive=True, group="rank")
    def _rank(self, search: Search, pos: int) -> None:
        on_match = bool(search.matches_in(pos, pos + 1))
        self.post_message(self.RankFound(search, search.rank(pos) if on_match else None))

    def on_search_actions_rank_found(self, message: RankFound) -> None:
        if message.search is self.search:
            self.match_rank = message.rank
            self._update_header()

    def start_search(self, text: str, keep: Filters | None = None) -> None:
        """Search for `text` from the cursor, as if typed and kept with Enter; filters in it add to `keep`
        (default: the filters already set)."""
        self._search_origin = self.view.cursor
        self._started = text
        keep = self.filters if keep is None else keep
        self._run_search(text, self._search_origin, keep, happenings=self.strip.happenings)

    def _search_now(self) -> None:
        if self._pending is not None:
            text, self._pending = self._pending, None
            self._started = text
            if self._search_origin is None:
                self._search_origin = self.view.cursor
            self._in_flight = True
            self._run_search(text, self._search_origin, happenings=self.strip.happenings)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, text: str, origin: int, keep: Filters | None = None, *, happenings: bool = False) -> None:
        """Filters in `text` (all of them, or added to `keep`) pick the view; the other words search it."""
        try:
            shape, words = self.view_for(text, origin, keep)
            search = (shape.timeline if shape else self.timeline).search(words)
        except FilterError as error:
            self.post_message(self.SearchDone(text, None, 0, None, None, error=str(error)))
            return
        quick: Search | None = None
        if search is None:
            done = self.SearchDone(text, None, 0, shape.origin if shape else None, None, shape)
        else:
            origin = shape.origin if shape else origin
            quick = quick_form(search)  # a broad prefix: its most common words answer first
            if quick is not None and quick.count_at_most(COUNT_FIRST) < COUNT_FIRST:
                quick = None  # too few matches for a count that is a bound ("10,000+"): ask the search itself
            done = self._answer(text, quick or search, origin, shape)
            if quick is not None:
                done.search, done.partial, done.rank = search, True, None
            elif not done.partial and done.count <= MONTHS_WITH_ANSWER:
                done.months = self.months_of(search, happenings)
            # The exact count of the whole timeline is read with its months and the rank, in one statement:
            # with the answer when that takes no longer than a frame would wait for it, else after it.
            done.months_follow = done.partial and not happenings and tallies(search.timeline)
            if done.months_follow and quick is None and TALLY_WITH_ANSWER > 0:
                deadline = time.perf_counter() + TALLY_WITH_ANSWER
                found = tally(search.timeline, search, done.pos, lambda: time.perf_counter() > deadline)
                if found is not None:
                    done.count, done.months, done.rank = found.count, found.months, found.rank
                    done.partial = done.months_follow = False
        worker = get_current_worker()
        if worker.is_cancelled:  # a newer search (or Esc) came since: this answer is stale
            return
        self.post_message(done)
        pos = done.pos
        # What follows (the exact matches, the count) waits for the answer's frame: read beside it, in this
        # thread, it held the interpreter while the frame was drawn (20 ms later with a count under way).
        done.drawn.wait(DRAWN_WAIT)
        if worker.is_cancelled:
            return
        if quick is not None and done.search is not None:  # then the exact matches around, and where the first is
            exact = self._answer(text, done.search, origin, shape, count=False)
            if worker.is_cancelled:
                return
            self.post_message(self.MatchesExact(done.search, done.pos, exact.pos, exact.matches or {}))
            pos = exact.pos
        if done.months_follow and done.search is not None:
            found = tally(done.search.timeline, done.search, pos, lambda: worker.is_cancelled)
            if found is not None and not worker.is_cancelled:
                self.post_message(self.CountFound(done.search, found.count, pos, found.rank, found.months))
        elif done.partial and done.search is not None:
            counted = count_unless(done.search, lambda: worker.is_cancelled)
            if counted is None:
                return  # typed on: the next search counts its own
            rank = done.search.rank(pos) if pos is not None else None
            if not worker.is_cancelled:
                self.post_message(self.CountFound(done.search, counted, pos, rank))

    def _answer(
        self, text: str, search: Search, origin: int, shape: ViewShape | None, count: bool = True
    ) -> SearchDone:  # fmt: skip
        """The first match from `origin`, the matches on the pages around it and a first count."""
        found = (search.count() if search.counted else search.count_at_most(COUNT_FIRST)) if count else 0
        exact = search.counted  # the count read up to the limit is exact when it stopped short
        pos = search.first_at_or_after(origin)
        if pos is None and (found or not count):
            pos = search.next(-1)
        rank = search.rank(pos) if pos is not None and exact else None  # a rank deep in many matches counts them
        matches = {page: search.matches_in(page * PAGE, (page + 1) * PAGE) for page in pages_around(pos or origin)}
        return self.SearchDone(text, search, found, pos, rank, shape, partial=not exact, matches=matches)

    def on_search_actions_matches_exact(self, message: MatchesExact) -> None:
        """The exact matches after a quick first answer: marked on screen, and the cursor on the first
        match if one the quick form missed comes before it (unless it has moved since)."""
        if message.search is not self.search:
            return
        self.view.add_matches(message.search, message.matches)
        if message.pos is not None and self.view.cursor == message.was != message.pos:
            self.view.cursor = message.pos

    def on_search_actions_search_done(self, message: SearchDone) -> None:
        self.after_frame(message.drawn.set)  # the search reads on once this frame is out
        self._in_flight = False
        if self._pending is not None:
            self._search_now()  # typed on while this one ran: the latest text goes next
        bar = self.query_one("#search-bar", PromptBar)
        if bar.has_class("-open") and bar.value.strip() != message.text.strip():
            return  # typed on since: a newer search is on its way
        self.filter_error(message.error, submitted=not bar.has_class("-open"))  # no prompt: a notice says it
        if message.error is not None:
            return  # the view and the search stay as they were
        if message.shape is not None:
            self.swap_view(message.shape)
            if self._search_origin is not None:
                self._search_origin = message.shape.origin
        self.search = message.search
        self._steps.clear()
        self.match_count = message.count if message.search else None
        self.match_count_partial = message.partial and message.search is not None
        self.match_rank = message.rank
        self.view.set_search(message.search, message.matches)
        if message.pos is not None:
            self._rank_at = message.pos
            self.view.cursor = message.pos
        elif self._search_origin is not None:
            self.view.cursor = self._search_origin
        if not message.months_follow:
            self.show_matches(message.search, message.months)
        self._refresh_detail()
        self._update_header()

    def on_search_actions_count_found(self, message: CountFound) -> None:
        if message.search is not self.search:
            return  # another search (or none) since
        self.match_count, self.match_count_partial = message.count, False
        if self.view.cursor == message.pos:
            self.match_rank = message.rank  # moved on since: the rank worker answers for where it is now
        if message.months is not None:
            self.show_matches(message.search, message.months)
        self._update_header()

    def _refresh_detail(self) -> None:
        event = self.view.event_at(self.view.cursor)
        if event is not None:
            pattern = term_pattern(self.search.terms) if self.search else None
            self.detail.show(event, pattern, of=self.view.lines.count)

    def action_match(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) match, wrapping around the ends."""
        if self.search is None:
            return
        self._steps.append(direction)
        if len(self._steps) == 1:
            self._step(self.search, self.view.cursor, direction, self.view.lines.count)

    @work(thread=True, exclusive=True, group="step")
    def _step(self, search: Search, pos: int, direction: int, total: int) -> None:
        wrapped = None
        found = search.next(pos) if direction > 0 else search.prev(pos)
        if found is None:
            found = search.next(-1) if direction > 0 else search.prev(total)
            wrapped = "top" if direction > 0 else "bottom"
        rank = search.rank(found) if found is not None else None
        self.post_message(self.MatchFound(search, found, rank, wrapped if found is not None else None))

    def on_search_actions_match_found(self, message: MatchFound) -> None:
        if message.search is not self.search:
            self._steps.clear()
            return
        if self._steps:
            self._steps.pop(0)
        if message.wrapped:
            self.notify(f"Search wrapped to the {message.wrapped}", timeout=2, markup=False)
        if message.pos is not None:
            self.view.cursor = message.pos
        self.match_rank = message.rank
        self._update_header()
        if self._steps and message.pos is not None:
            self._step(message.search, message.pos, self._steps[0], self.view.lines.count)

    def action_clear_search(self) -> None:
        """Forget the search and close its prompt."""
        self._pending = self._started = None
        self._in_flight = False
        self.workers.cancel_group(self, "search")
        self.search = None
        self._steps.clear()
        self.match_count = self.match_rank = None
        self.match_count_partial = False
        self.query_one("#search-bar", PromptBar).close()
        self.view.set_search(None)
        self.show_matches(None)
        self.filter_error(None)
        self.screen.set_focus(self.view)
        self._refresh_detail()
        self._update_header()

    def action_escape(self) -> None:
        """Esc: close the date prompt, or clear the search."""
        date = self.query_one("#date-bar", PromptBar)
        if date.has_class("-open"):
            date.close()
            self.screen.set_focus(self.view)
        else:
            self.action_clear_search()
