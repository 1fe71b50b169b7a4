"""The pieces under the panes: era bands by bisect, the braille canvas, the map's frame and its drawing."""

from __future__ import annotations

import math
from pathlib import Path

from frontline.store.geo import PlaceCount
from frontline.store.query import Era, Timeline
from frontline.tui.braille import Canvas, Frame, Point, split_far
from frontline.tui.eras import BAND, PALETTE, EraBands
from frontline.tui.map import PLACE, ROAD, SELECTED, SELECTED_LABEL, MapData, draw


def era(ident: str, start: str, end: str) -> Era:
    return Era(ident, ident.title(), start, end, "day", None, [])


def test_the_innermost_era_is_the_latest_to_start():
    bands = EraBands([era("war", "2011-03-01", "2020-12-31"), era("siege", "2019-12-19", "2020-01-31"),
                      era("truce", "2020-03-05", "2020-03-31")])  # fmt: skip
    assert bands.at("2010-05-01") is None
    assert bands.at("2011-03-01").id == "war"
    assert bands.at("2019-12-18").id == "war"
    assert bands.at("2019-12-19").id == "siege" and bands.at("2020-01-31").id == "siege"
    assert bands.at("2020-02-01").id == "war"  # back out to the outer one
    assert bands.at("2020-03-10").id == "truce"
    assert bands.at("2021-01-01") is None
    assert [e.id for e in bands.overlapping("2020-01-15")] == ["siege", "war"]
    assert [e.id for e in bands.overlapping("2020-01-15", "2020-03-06")] == ["truce", "siege", "war"]
    glyph, colour = bands.band("2020-01-01")
    assert glyph == BAND and colour == PALETTE[1]
    assert bands.band("2010-01-01") == (" ", "")
    assert bands.label("2020-01-01").plain.strip() == f"{BAND} Siege"
    # one label an era, made once: the timeline puts it in its border only when it is another
    assert bands.label("2020-01-20") is bands.label("2020-01-01") is not bands.label("2020-02-01")
    assert bands.label("2020-02-01").plain.strip() == f"{BAND} War" and bands.label("2010-01-01").plain == ""
    assert len(bands._starts) < 10  # a handful of boundaries, whatever the number of events


def test_eras_of_the_builtin_dataset_each_have_a_colour(builtin_db: Path):
    bands = EraBands(Timeline(builtin_db).eras())
    assert len(set(bands.colours)) == len(bands.eras) == 8
    assert bands.at("2020-01-29").title == "The offensive on Maarat al-Numan"
    assert bands.at("2019-12-01").title == "The Turkish–Russian track"
    lines = [line.plain for line in bands.lines("2020-01-29")]
    assert lines[0] == f"{BAND} The offensive on Maarat al-Numan · from 19 Dec 2019"
    assert f"{BAND} The 2011 uprising · from Mar 2011" in [line.plain for line in bands.lines("2011-06-01")]
    assert len(lines) == len(Timeline(builtin_db).eras_at("2020-01-29"))


def test_braille_dots_and_lines():
    canvas = Canvas(2, 1)
    canvas.dot(0, 0, 1)
    canvas.dot(3, 3, 1)
    assert [cell[0] for cell in canvas.rows()[0]] == ["⠁", "⢀"]
    assert not canvas.dot(4, 0, 1) and not canvas.dot(-1, 0, 1)  # off the canvas: ignored
    canvas = Canvas(4, 2)
    drawn = canvas.line((-10, 0), (7, 7), 1)
    assert (7, 7) in drawn and all(0 <= x < 8 and 0 <= y < 8 for x, y in drawn)
    assert canvas.line((100, 100), (200, 300), 1) == []  # wholly off: nothing, and it ends


def test_labels_never_cover_each_other():
    canvas = Canvas(20, 3)
    assert canvas.label(0, 4, "Aleppo", 4)
    assert canvas.label(0, 4, "Idlib", 4)  # beside the same cell: goes above or below
    text = {key: char for key, (char, _kind) in canvas.text.items()}
    assert "".join(text.get((c, 1), " ") for c in range(1, 7)) == "Aleppo"
    assert sum(1 for char in text.values() if char != " ") == len("AleppoIdlib")


def test_the_frame_keeps_the_shape():
    # A square of 1 degree of latitude by 1/cos(lat) of longitude is square on the ground: square in dots.
    lat = 35.0
    points = [Point("a", lat - 0.5, 36.0), Point("b", lat + 0.5, 36.0 + 1 / math.cos(math.radians(lat)))]
    frame = Frame(points, 200, 100)
    (x0, y0), (x1, y1) = frame.dot(points[0].lat, points[0].lon), frame.dot(points[1].lat, points[1].lon)
    assert abs(abs(x1 - x0) - abs(y1 - y0)) <= 2
    assert min(x0, x1) >= 0 and max(x0, x1) < 200 and min(y0, y1) >= 0 and max(y0, y1) < 100
    assert y1 < y0  # north is up


def test_far_places_do_not_shrink_the_map():
    syria = [Point("Maarat al-Numan", 35.64, 36.67, 31), Point("Saraqib", 35.86, 36.80, 7),
             Point("Damascus", 33.51, 36.28, 4), Point("Daraa", 32.62, 36.10, 2)]  # fmt: skip
    near, far = split_far([*syria, Point("New York", 40.75, -73.97, 5), Point("Ankara", 39.93, 32.86, 4)])
    assert near == syria and {p.name for p in far} == {"New York", "Ankara"}
    assert split_far(syria[:2]) == (syria[:2], [])


def test_the_map_draws_places_the_selection_and_the_road(builtin_db: Path):
    timeline = Timeline(builtin_db)
    saraqib = next(e for e in timeline.rows(0, timeline.count()) if e.place == "Saraqib")
    data = MapData(
        [PlaceCount("Maarat al-Numan", 35.6447, 36.6739, 31), PlaceCount("Saraqib", 35.8636, 36.8006, 7),
         PlaceCount("Damascus", 33.5138, 36.2765, 4)],
        [("Damascus", 33.5138, 36.2765), ("Hama", 35.1318, 36.7578), ("Aleppo", 36.2021, 37.1343)], 0,
    )  # fmt: skip
    canvas = draw(data, saraqib, 60, 20)
    kinds = {kind for row in canvas.kind for kind in row}
    assert {ROAD, PLACE, SELECTED} <= kinds
    rows = ["".join(char for char, _kind, _text in row) for row in canvas.rows()]
    assert any("Maarat al-Numan" in row for row in rows) and any("Damascus" in row for row in rows)
    assert any("Hama" in row for row in rows) and any("M5" in row for row in rows)
    selected = [(col, row) for (col, row), (_char, kind) in canvas.text.items() if kind == SELECTED_LABEL]
    assert "".join(canvas.text[cell][0] for cell in sorted(selected, key=lambda c: (c[1], c[0]))) == "Saraqib"
    assert any(0x2800 < ord(char) <= 0x28FF for row in rows for char in row)
