"""A braille canvas: each terminal cell is a 2x4 grid of dots (U+2800..U+28FF), plus text labels.

A terminal cell is about twice as tall as it is wide, so a braille dot is about square: one scale
for both axes keeps the map's shape. Coordinates are projected equirectangularly, with longitude
shrunk by the cosine of the middle latitude, which is right enough for a region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

# Bit of each dot in a braille cell, by (column, row) within the cell.
_DOTS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08,
         (1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}  # fmt: skip
BLANK = 0x2800
MARGIN = 0.08  # of the frame's span, on every side
MIN_SPAN = 0.1  # degrees: one place alone still gets some country around it
FAR = 4.0  # a place this many typical distances from the middle is off the map, not on it
FAR_FLOOR = 1.0  # degrees: the typical distance is at least this


@dataclass(frozen=True)
class Point:
    name: str
    lat: float
    lon: float
    weight: int = 1


class Frame:
    """Latitude and longitude to dots, fitted to a bounding box with a margin, one scale for both axes."""

    def __init__(
        self, points: list[Point], width: int, height: int, zoom: float = 1.0, focus: tuple[float, float] | None = None
    ) -> None:
        """`width` and `height` in dots; `zoom` times closer, centred on `focus` (lat, lon) when given."""
        lats = [p.lat for p in points] or [0.0]
        lons = [p.lon for p in points] or [0.0]
        self.cos = max(math.cos(math.radians((min(lats) + max(lats)) / 2)), 0.05)
        x_span = max((max(lons) - min(lons)) * self.cos, MIN_SPAN)
        y_span = max(max(lats) - min(lats), MIN_SPAN)
        x_span, y_span = x_span * (1 + 2 * MARGIN), y_span * (1 + 2 * MARGIN)
        self.scale = min((width - 1) / x_span, (height - 1) / y_span) if width > 1 and height > 1 else 1.0
        self.x_mid = (min(lons) + max(lons)) / 2 * self.cos
        self.y_mid = (min(lats) + max(lats)) / 2
        if zoom != 1.0:
            self.scale *= zoom
            if focus is not None:
                self.y_mid, self.x_mid = focus[0], focus[1] * self.cos
        self.width, self.height = width, height

    def dot(self, lat: float, lon: float) -> tuple[int, int]:
        """The dot (x right, y down) of a place; may fall outside the canvas."""
        x = (lon * self.cos - self.x_mid) * self.scale + (self.width - 1) / 2
        y = (self.y_mid - lat) * self.scale + (self.height - 1) / 2
        return round(x), round(y)


def split_far(points: list[Point]) -> tuple[list[Point], list[Point]]:
    """The places to frame, and the far ones (New York beside Idlib) that would shrink the rest to a speck.

    A place is far when it lies more than `FAR` typical distances from the weighted middle; the
    typical distance is the weighted median's, at least `FAR_FLOOR` degrees.
    """
    if len(points) < 3:
        return points, []
    lat0 = _weighted_median([(p.lat, p.weight) for p in points])
    lon0 = _weighted_median([(p.lon, p.weight) for p in points])
    cos = math.cos(math.radians(lat0))

    def distance(p: Point) -> float:
        return math.hypot(p.lat - lat0, (p.lon - lon0) * cos)

    typical = max(_weighted_median([(distance(p), p.weight) for p in points]), FAR_FLOOR)
    near = [p for p in points if distance(p) <= FAR * typical]
    far = [p for p in points if distance(p) > FAR * typical]
    return (near, far) if near else (points, [])


def _weighted_median(values: list[tuple[float, int]]) -> float:
    ordered = sorted(values)
    half = sum(w for _v, w in ordered) / 2
    seen = 0
    for value, weight in ordered:
        seen += weight
        if seen >= half:
            return value
    return median(v for v, _w in ordered)


class Canvas:
    """Cells of braille dots, each cell coloured by the most important thing drawn in it, and labels over them."""

    def __init__(self, width: int, height: int) -> None:
        """`width` and `height` in cells."""
        self.width, self.height = width, height
        self.bits = [[0] * width for _ in range(height)]
        self.kind = [[0] * width for _ in range(height)]
        self.text: dict[tuple[int, int], tuple[str, int]] = {}

    def dot(self, x: int, y: int, kind: int) -> bool:
        """Set one dot; `kind` ranks what it belongs to (the highest in a cell gives the cell its colour)."""
        col, row = x // 2, y // 4
        if not (x >= 0 and y >= 0 and col < self.width and row < self.height):
            return False
        self.bits[row][col] |= _DOTS[(x % 2, y % 4)]
        self.kind[row][col] = max(self.kind[row][col], kind)
        return True

    def line(self, start: tuple[int, int], end: tuple[int, int], kind: int) -> list[tuple[int, int]]:
        """A straight line of dots (Bresenham); returns the dots that fell on the canvas."""
        (x0, y0), (x1, y1) = start, end
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error, drawn = dx + dy, []
        limit = 4 * (self.width * 2 + self.height * 4) + dx - dy  # a bound, whatever the coordinates
        for _ in range(limit):
            if self.dot(x0, y0, kind):
                drawn.append((x0, y0))
            if (x0, y0) == (x1, y1):
                break
            twice = 2 * error
            if twice >= dy:
                error, x0 = error + dy, x0 + sx
            if twice <= dx:
                error, y0 = error + dx, y0 + sy
        return drawn

    def disc(self, x: int, y: int, radius: float, kind: int) -> None:
        reach = math.ceil(radius)
        for oy in range(-reach, reach + 1):
            for ox in range(-reach, reach + 1):
                if ox * ox + oy * oy <= radius * radius + 0.25:
                    self.dot(x + ox, y + oy, kind)

    def cell_of(self, x: int, y: int) -> tuple[int, int]:
        return x // 2, y // 4

    def is_free(self, col: int, row: int, length: int, *, dots_too: bool = True) -> bool:
        """Whether a label of `length` cells fits at (col, row) over nothing else written (or drawn)."""
        if row < 0 or row >= self.height or col < 0 or col + length > self.width:
            return False
        return all(
            (col + i, row) not in self.text and not (dots_too and self.kind[row][col + i] >= 2) for i in range(length)
        )

    def write(self, col: int, row: int, text: str, kind: int) -> None:
        for i, char in enumerate(text):
            if 0 <= col + i < self.width and 0 <= row < self.height:
                self.text[(col + i, row)] = (char, kind)

    def label(self, x: int, y: int, text: str, kind: int, *, force: bool = False, over_dots: bool = False) -> bool:
        """Name the thing at dot (x, y): beside its cell, else on the row above or below; False if no room.

        A label never covers another label; it covers other places' dots only with `over_dots`
        (and only when there is no clear spot), and with `force` it goes in whatever happens.
        """
        col, row = self.cell_of(x, y)
        spots = [(col + 1, row), (col - len(text), row), (col + 1, row - 1), (col + 1, row + 1),
                 (col - len(text), row - 1), (col - len(text), row + 1)]  # fmt: skip
        for dots_too in (True, False) if over_dots else (True,):
            for start, line in spots:
                if self.is_free(start, line, len(text), dots_too=dots_too):
                    self.write(start, line, text, kind)
                    return True
        if force and 0 <= row < self.height:
            start = min(max(col + 1, 0), max(self.width - len(text), 0))
            self.write(start, row, text[: self.width], kind)
            return True
        return False

    def rows(self) -> list[list[tuple[str, int, bool]]]:
        """Every cell as (character, kind, is_text), row by row."""
        out = []
        for row in range(self.height):
            cells = []
            for col in range(self.width):
                if (col, row) in self.text:
                    char, kind = self.text[(col, row)]
                    cells.append((char, kind, True))
                else:
                    bits = self.bits[row][col]
                    cells.append((chr(BLANK + bits) if bits else " ", self.kind[row][col], False))
            out.append(cells)
        return out


__all__ = ["Canvas", "Frame", "Point", "split_far"]
