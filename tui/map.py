"""`M`: a braille map of the places of the events in view, the selected one lit, and the M5 highway.

The store answers with one row per place (never every event), in a worker. The frame fits the
places' bounding box; places far from the rest (a UN vote in New York beside a siege in Idlib)
are listed beside the map rather than shrinking it to a speck.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from frontline.store.geo import PlaceCount, events_without_coordinates, highway, places_in_view
from frontline.tui.braille import Canvas, Frame, Point, split_far
from frontline.tui.text import clean

if TYPE_CHECKING:
    from frontline.store.query import Event, Timeline

MAX_ZOOM = 5  # 32 times closer: a town's streets from a country's frame
BUSIEST = 5  # the places with the most events are named even over a neighbour's dot
ROAD, PLACE, SELECTED = 1, 2, 3  # what a dot belongs to, in rising importance
LABEL, SELECTED_LABEL, ROAD_LABEL, TOWN_LABEL = 4, 5, 6, 7
STYLES = {
    0: "",
    ROAD: "$text-secondary",
    PLACE: "$text-warning",
    SELECTED: "bold $text-error",
    LABEL: "$foreground",
    SELECTED_LABEL: "bold reverse $text-error",
    ROAD_LABEL: "bold $text-secondary",
    TOWN_LABEL: "italic $text-muted",
}


@dataclass(frozen=True)
class MapData:
    """What the map shows, read by one worker."""

    places: list[PlaceCount]
    road: list[tuple[str, float, float]]
    unplaced: int


def is_selected(place: PlaceCount, event: Event | None) -> bool:
    """Is this dot the selected event's place? Dots are canonical places (Saraqab's events light Saraqib)."""
    if event is None or event.lat is None or event.lon is None:
        return False
    if event.place_id is not None:
        return place.name == event.place_id
    return place.name == (event.place or "") and (place.lat, place.lon) == (event.lat, event.lon)


def radius(count: int) -> float:
    """Busier places get bigger dots: 1, 3 and 10 events are the steps."""
    return 1.0 if count < 3 else 1.5 if count < 10 else 2.0


def draw(data: MapData, selected: Event | None, width: int, height: int, zoom: int = 0) -> Canvas:
    """The map on a canvas of `width` x `height` cells; `zoom` steps of 2x in on the selected place."""
    canvas = Canvas(width, height)
    points = [Point(p.name, p.lat, p.lon, p.count) for p in data.places]
    near, _far = split_far(points)
    if not near or width < 4 or height < 2:
        return canvas
    focus = None
    if selected is not None and selected.lat is not None and selected.lon is not None:
        focus = (selected.lat, selected.lon)
    frame = Frame(near, width * 2, height * 4, 2.0**zoom, focus)
    road_dots: list[tuple[int, int]] = []
    for (_a, lat0, lon0), (_b, lat1, lon1) in zip(data.road, data.road[1:], strict=False):
        road_dots += canvas.line(frame.dot(lat0, lon0), frame.dot(lat1, lon1), ROAD)
    keep = {(p.name, p.lat, p.lon) for p in near}
    on_map = [p for p in data.places if (p.name, p.lat, p.lon) in keep]
    lit = [p for p in on_map if is_selected(p, selected)]
    for place in on_map:
        canvas.disc(*frame.dot(place.lat, place.lon), radius(place.count), SELECTED if place in lit else PLACE)
    for place in lit:  # drawn again on top, so a neighbour's dot never hides it
        canvas.disc(*frame.dot(place.lat, place.lon), radius(place.count) + 0.5, SELECTED)
    for place in lit:
        canvas.label(*frame.dot(place.lat, place.lon), clean(place.name, True) or "?", SELECTED_LABEL, force=True)
    for rank, place in enumerate(on_map):  # the busiest first: they get the room
        if place not in lit and place.name:
            dot = frame.dot(place.lat, place.lon)
            canvas.label(*dot, clean(place.name, True), LABEL, over_dots=rank < BUSIEST)
    if road_dots:
        middle = sorted(road_dots, key=lambda dot: dot[1])[len(road_dots) // 2]
        canvas.label(*middle, "M5", ROAD_LABEL)
    named = {p.name.casefold() for p in on_map}
    for name, lat, lon in data.road:
        if name.casefold() not in named:
            canvas.label(*frame.dot(lat, lon), clean(name, True), TOWN_LABEL)
    return canvas


def canvas_content(canvas: Canvas) -> Content:
    """The canvas as Content, one run of text per style."""
    lines = []
    for cells in canvas.rows():
        parts: list[tuple[str, str]] = []
        for char, kind, is_text in cells:
            style = STYLES[kind] if (is_text or char != " ") else ""
            if parts and parts[-1][1] == style:
                parts[-1] = (parts[-1][0] + char, style)
            else:
                parts.append((char, style))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


class BrailleMap(Widget):
    """The map itself, drawn to whatever size it is given."""

    DEFAULT_CSS = "BrailleMap { width: 1fr; height: 1fr; }"

    def __init__(self, selected: Event | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected = selected
        self.data: MapData | None = None
        self.zoom = 0

    def render(self) -> Content:
        if self.data is None:
            return Content("Reading the places…").stylize("$text-muted")
        if not self.data.places:
            return Content("No event in view has coordinates.").stylize("$text-muted")
        return canvas_content(draw(self.data, self.selected, self.size.width, self.size.height, self.zoom))


def side_content(data: MapData, selected: Event | None) -> Content:
    """Beside the map: the places by events, the far ones, and what the marks mean."""
    _near, far = split_far([Point(p.name, p.lat, p.lon, p.count) for p in data.places])
    far_names = {(p.name, p.lat, p.lon) for p in far}
    parts: list[Content] = [Content("Places").stylize("bold $text-accent"), Content("\n")]

    def row(place: PlaceCount) -> Content:
        style = STYLES[SELECTED_LABEL] if is_selected(place, selected) else ""
        return Content.assemble((f"{place.count:>4} ", "$text-muted"), (clean(place.name, True) or "?", style), "\n")

    parts += [row(p) for p in data.places if (p.name, p.lat, p.lon) not in far_names]
    if far:
        parts += [Content("\n"), Content("Off the map").stylize("bold $text-accent"), Content("\n")]
        parts += [row(p) for p in data.places if (p.name, p.lat, p.lon) in far_names]
    if data.unplaced:
        parts.append(Content(f"\n{data.unplaced:,} event{'s' if data.unplaced != 1 else ''} without coordinates\n"))
    if selected is not None and (selected.lat is None or selected.lon is None):
        parts.append(Content("\nThe selected event has no coordinates\n").stylize("$text-muted"))
    parts += [
        Content("\n"), Content("Key").stylize("bold $text-accent"), Content("\n"),
        Content.assemble((" ⣿ ", STYLES[PLACE]), "a place; bigger, more events\n"),
        Content.assemble((" ⣿ ", STYLES[SELECTED]), "the selected event's\n"),
        Content.assemble((" ⠤ ", STYLES[ROAD]), "the M5, Damascus–Aleppo"),
    ]  # fmt: skip
    return Content("").join(parts)


class MapScreen(ModalScreen[None]):
    """A modal map of the places in view; Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="map.close"),
        Binding("q", "close", "Close", id="map.close.q", show=False),
        Binding("M", "close", "Close", id="map.close.m", show=False),
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", id="map.zoom_in", key_display="+"),
        Binding("minus", "zoom(-1)", "Zoom out", id="map.zoom_out", key_display="-"),
    ]
    DEFAULT_CSS = """
    MapScreen {
        align: center middle;
        & > #map-box {
            width: 100%;
            height: 100%;
        }
        #map-side {
            width: 30;
            height: 1fr;
            padding: 0 1;
            border-left: vkey $foreground 20%;
            scrollbar-size-vertical: 1;
            scrollbar-background: $surface;
            scrollbar-color: $panel-lighten-2;
        }
        #map-places { text-wrap: nowrap; text-overflow: ellipsis; }
        &.-narrow #map-side { width: 24; }
    }
    """

    class Loaded(Message):
        def __init__(self, data: MapData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, timeline: Timeline, selected: Event | None) -> None:
        super().__init__()
        self.timeline = timeline
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="map-box", classes="panel -bare") as box:
            box.border_title = "Map"
            box.border_subtitle = self._subtitle(0)
            with Horizontal():
                yield BrailleMap(self.selected, id="map")
                with VerticalScroll(id="map-side"):
                    yield Static("", id="map-places", markup=False)

    def on_mount(self) -> None:
        self.query_one("#map-side").focus()
        self._read(self.timeline)

    @work(thread=True, exclusive=True, group="map")
    def _read(self, timeline: Timeline) -> None:
        data = MapData(places_in_view(timeline), highway(timeline), events_without_coordinates(timeline))
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        data = message.data
        view = self.query_one(BrailleMap)
        view.data = data
        view.refresh()
        self.query_one("#map-places", Static).update(side_content(data, self.selected))
        events = sum(p.count for p in data.places)
        places = f"{len(data.places):,} place{'s' if len(data.places) != 1 else ''}"
        self.query_one("#map-box").border_title = f"Map · {places} · {events:,} events in view"

    def action_zoom(self, step: int) -> None:
        """Closer to the selected event's place (or the middle), or back out to the whole view."""
        view = self.query_one(BrailleMap)
        view.zoom = min(max(view.zoom + step, 0), MAX_ZOOM)
        view.refresh()
        self.query_one("#map-box").border_subtitle = self._subtitle(view.zoom)

    @staticmethod
    def _subtitle(zoom: int) -> str:
        return f"×{2**zoom} · + - zoom · esc to close" if zoom else "+ - zoom · esc to close"

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["BrailleMap", "MapData", "MapScreen", "draw"]
