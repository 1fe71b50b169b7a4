"""Regenerate the README's screenshots: `python screenshots/make_screenshots.py`.

Each picture is the real app on a fresh copy of the built-in database, driven by Pilot and saved
with `save_screenshot()`; nothing here is drawn by hand.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input  # noqa: E402

from frontline.store.builtin import ensure_database  # noqa: E402
from frontline.tui.app import FrontlineApp  # noqa: E402
from frontline.tui.timeline import TimelineView  # noqa: E402

SIZE = (120, 36)


async def settle(pilot: Pilot, delay: float = 0.0) -> None:
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def opening(pilot: Pilot) -> None:
    await settle(pilot)


async def search(pilot: Pilot) -> None:
    await pilot.press("slash", *"Saraqeb")
    await settle(pilot, 0.3)
    await pilot.press("enter", "n")
    await settle(pilot)


async def recapture(pilot: Pilot) -> None:
    view = pilot.app.query_one(TimelineView)
    for pos in range(view.cursor, view.cursor + 10):
        event = view.event_at(pos)
        if event is not None and "recapture of Maarat al-Numan" in event.title:
            view.cursor = pos
            break
    await settle(pilot)


async def keys(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await settle(pilot)


async def on_title(pilot: Pilot, words: str) -> None:
    """Move the cursor down to the first event whose title has these words."""
    view = pilot.app.query_one(TimelineView)
    for _ in range(40):
        event = view.event_at(view.cursor)
        if event is not None and words in event.title:
            break
        await pilot.press("j")
    await settle(pilot)


async def places_map(pilot: Pilot) -> None:
    await on_title(pilot, "recapture of Maarat al-Numan")
    await pilot.press("M")
    await settle(pilot)
    await pilot.press("plus")  # twice as close: the towns along the M5
    await settle(pilot)


async def figures(pilot: Pilot) -> None:
    await pilot.press("s")
    await settle(pilot)


async def marks(pilot: Pilot) -> None:
    await on_title(pilot, "Soldiers enter")
    await pilot.press("m")
    await on_title(pilot, "recapture of Maarat al-Numan")
    await pilot.press("m")
    await settle(pilot, 2.5)  # the first mark's notice has gone


async def density(pilot: Pilot) -> None:
    await pilot.press("slash", *"after:2019-04 saraqeb")
    await settle(pilot, 0.3)
    await pilot.press("enter", "D")
    await settle(pilot)


async def facets(pilot: Pilot) -> None:
    await pilot.press("slash", *"category:airstrike", "enter")
    await settle(pilot, 0.3)
    await pilot.press("f", "right", "right")
    await settle(pilot)


async def compare(pilot: Pilot) -> None:
    """The built-in data's two counts of the displaced, side by side (`c`)."""
    await pilot.press("slash", *"on:27 Jan 2020 linked", "enter")
    await settle(pilot, 0.3)
    await pilot.press("c")
    await settle(pilot)


async def export_view(pilot: Pilot) -> None:
    await pilot.press("slash", *"category:airstrike after:2019-12", "enter")
    await settle(pilot, 0.3)
    pilot.app.action_export_view()
    await settle(pilot)


SHOTS: list[tuple[str, dict[str, str], Callable[[Pilot], Awaitable[None]]]] = [
    ("opening", {}, opening),
    ("search", {}, search),
    ("recapture", {"at": "29 Jan 2020"}, recapture),
    ("help", {}, keys),
    ("map", {"at": "28 Jan 2020"}, places_map),
    ("stats", {}, figures),
    ("density", {}, density),
    ("facets", {}, facets),
    ("compare", {}, compare),
    ("export", {}, export_view),
    ("marks", {"at": "27 Jan 2020"}, marks),  # last: the marks it makes stay in the database
]


def preserve_spaces(svg: str) -> str:
    # Some SVG renderers (librsvg) drop a text run's leading space unless told to keep it.
    return svg.replace("<svg ", '<svg xml:space="preserve" ', 1)


async def shoot(db: Path, name: str, options: dict[str, str], drive: Callable[[Pilot], Awaitable[None]]) -> Path:
    app = FrontlineApp(db, **options)
    async with app.run_test(size=SIZE) as pilot:
        for field in app.query(Input):
            field.cursor_blink = False
        await settle(pilot)
        await drive(pilot)
        path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))
    path.write_text(preserve_spaces(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = ensure_database(Path(tmp) / "frontline.db")
        for name, options, drive in SHOTS:
            print(await shoot(db, name, options, drive))


if __name__ == "__main__":
    asyncio.run(main())
