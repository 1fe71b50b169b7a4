"""The user's layer in views that join other tables: facets over hidden events, a corrected place."""

from __future__ import annotations

from pathlib import Path

from frontline.store.filters import Filters, parse_filters
from frontline.store.layer import Layer
from frontline.store.query import FACETS, Timeline


def test_every_facet_counts_a_view_with_hidden_events_tags_and_marks(builtin_db: Path):
    timeline = Timeline(builtin_db)
    first = timeline.event(0)
    layer = Layer(builtin_db)
    layer.set_hidden(timeline.event(1).id, True)
    layer.add_tags(first.id, ["verified"])
    layer.set_marked(first.id, True)
    for text in ("", "tag:verified", "marked:yes"):
        filters = parse_filters(text)[0] if text else Filters()
        view = Timeline(builtin_db).filtered(filters)
        for name in FACETS:  # the actor facet joins json_each, whose own `id` column once made `id` ambiguous
            counts = view.facets(name)
            assert all(n > 0 for _, n in counts), (text, name)
    assert Timeline(builtin_db).filtered(Filters()).count() == timeline.count() - 1


def test_a_corrected_place_joins_the_known_place_not_a_new_one(builtin_db: Path):
    timeline = Timeline(builtin_db)
    event = next(e for e in timeline.rows(0, timeline.count()) if e.place and e.place != "Saraqib" and e.lat)
    places_before = {n for n, _ in timeline.facets("place", limit=1000)}
    Layer(builtin_db).edit(event.id, {"place": "Saraqib"})
    after = Timeline(builtin_db)
    edited = after.event_by_id(event.id)
    saraqib = next(e for e in after.rows(0, after.count()) if e.place == "Saraqib" and e.id != event.id)
    assert (edited.lat, edited.lon) == (saraqib.lat, saraqib.lon)
    assert edited.place_id == saraqib.place_id
    assert {n for n, _ in after.facets("place", limit=1000)} <= places_before
