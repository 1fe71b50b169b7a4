"""One picture on screen: every category has its letter, rows carry their dataset when there are
several and a ≠ where sources disagree, the detail pane shows the source's own terms, and the
filter panel hides a dataset in one key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import settle

from frontline.store.categories import CATEGORIES
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.tui.app import FrontlineApp
from frontline.tui.detail import event_content as detail_content
from frontline.tui.facets import FacetsScreen
from frontline.tui.text import CATEGORIES as MARKS
from frontline.tui.text import category_mark, dataset_tags
from frontline.tui.timeline import TimelineView
from frontline.tui.timeline_rows import event_content

ACLED = Path(__file__).parent / "data" / "acled-idlib-offensive.csv"
SIZE = (120, 36)


def test_every_category_has_its_own_letter():
    letters = [category_mark(c)[0] for c in CATEGORIES]
    assert "·" not in letters
    assert len(set(letters)) == len(letters)
    assert set(CATEGORIES) <= set(MARKS)


def test_dataset_tags_only_with_several_datasets():
    assert dataset_tags(["maarat-al-numan"]) == {}
    tags = dataset_tags(["maarat-al-numan", "acled-idlib-offensive", "acled-idlib-other"])
    assert len({t for t, _ in tags.values()}) == 3
    assert tags["maarat-al-numan"][0] == "MAN"


def test_rows_show_dataset_and_disagreement(builtin_db):
    load_files(builtin_db, [ACLED])
    timeline = Timeline(builtin_db)
    tags = dataset_tags(timeline.summary().datasets)
    acled = timeline.event_by_id("SYR79118")
    row = event_content(acled, 100, False, tags=tags).plain
    assert "C AIO " in row  # the category's letter, then the dataset's tag
    disputed = timeline.event_by_id("2013-04-14-wadi-al-deif-siege-broken")
    assert disputed.disagreement
    assert "≠" in event_content(disputed, 100, False, tags=tags).plain
    assert "≠" not in row


def test_detail_shows_the_source_spelling_and_terms(builtin_db):
    load_files(builtin_db, [ACLED])
    event = Timeline(builtin_db).event_by_id("SYR79118")
    text = detail_content(event, width=100).plain
    assert "Saraqab, Idleb (Saraqib)" in text
    assert "capture (source: Battles / Government regains territory)" in text


async def test_h_in_the_filter_panel_hides_a_dataset(builtin_db):
    load_files(builtin_db, [ACLED])
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=2)
        view = app.query_one(TimelineView)
        assert set(view.dataset_tags) == {"maarat-al-numan", "acled-idlib-offensive"}
        await pilot.press("f")
        await settle(pilot, rounds=2)
        screen = app.screen
        assert isinstance(screen, FacetsScreen)
        await pilot.press("h")  # not on the Dataset tab: nothing happens
        await settle(pilot)
        assert app.screen is screen
        while screen.field != "dataset":
            await pilot.press("right")
        await settle(pilot)
        names = [v for v, _ in screen.values["dataset"]]
        screen.query_one(OptionList).highlighted = names.index("maarat-al-numan")
        await pilot.press("h")
        for _ in range(20):
            await settle(pilot, 0.1, rounds=2)
            if app.filters.dataset:
                break
        assert app.filters.dataset == ("acled-idlib-offensive",)
        assert view.lines.count == 30


def test_the_map_lights_the_canonical_place_of_any_spelling(builtin_db):
    from frontline.store.geo import places_in_view
    from frontline.tui.map import is_selected

    load_files(builtin_db, [ACLED])
    timeline = Timeline(builtin_db)
    dots = places_in_view(timeline)
    for ident in ("SYR79118", "2012-11-02-army-quits-saraqeb"):  # Saraqab (ACLED) and Saraqib (built-in)
        event = timeline.event_by_id(ident)
        assert [d.name for d in dots if is_selected(d, event)] == ["Saraqib"], ident


def test_detail_lists_the_places_an_article_sentence_names(builtin_db, tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(
        "29 January 2020\n\nOn Tuesday strikes hit Ariha and Saraqeb, rescuers said.\n", encoding="utf-8"
    )
    load_files(builtin_db, [article], format="article")
    event = next(e for e in Timeline(builtin_db).rows(0, 10_000) if e.id.startswith("art-"))
    assert (event.place, event.place_id) == ("Ariha", "Ariha")
    assert "Names     Ariha, Saraqib" in detail_content(event, width=100).plain
