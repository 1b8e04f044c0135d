"""The map: the borders of Syria and its neighbours in braille dots, a marker at each
place that has incidents (its count, or + past nine), the selected one lit.

Arrow keys (and h j k l) move to the nearest marker that way; Enter posts
`MapView.Chosen`, and every move `MapView.Moved`, with the marker's places and
incidents. Places without coordinates, or off the map, are named in the caption.
The projection is equirectangular, squeezed by the cosine of the middle latitude;
a braille cell is 2 × 4 dots, so dots are about square on a terminal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from ..commands import bindings

# Braille dot bits by (column, row) within a cell.
_DOTS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}
HOME = "SYR"  # drawn in its own colour, last


@dataclass(frozen=True)
class Marker:
    """One cell's incidents: the places there (most incidents first), and where it is drawn."""

    places: tuple[str, ...]
    incidents: tuple
    column: int
    row: int

    @property
    def label(self) -> str:
        return " · ".join(self.places[:3]) + (f" +{len(self.places) - 3}" if len(self.places) > 3 else "")


class Projection:
    """Longitude and latitude to dots of a canvas of `width` × `height` cells, the box fitted inside."""

    def __init__(self, box: tuple[float, float, float, float], width: int, height: int) -> None:
        west, south, east, north = box
        self.west, self.north = west, north
        squeeze = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * squeeze, north - south
        dots_x, dots_y = max(2, width * 2), max(4, height * 4)
        self.scale = min(dots_x / span_x, dots_y / span_y)
        self.squeeze = squeeze
        self.offset_x = (dots_x - span_x * self.scale) / 2
        self.offset_y = (dots_y - span_y * self.scale) / 2
        self.dots_x, self.dots_y = dots_x, dots_y

    def dot(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            int(self.offset_x + (lon - self.west) * self.squeeze * self.scale),
            int(self.offset_y + (self.north - lat) * self.scale),
        )


def _line(a: tuple[int, int], b: tuple[int, int]):
    """The dots from a to b (Bresenham)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        yield x0, y0
        if (x0, y0) == (x1, y1):
            return
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


def make_markers(incidents, gazetteer, projection: Projection, width: int, height: int) -> tuple[list[Marker], dict[str, int]]:
    """The markers of the incidents with a place on the map, and the count of those off it by place."""
    by_place: dict[str, list] = {}
    for i in incidents:
        if i.place:
            by_place.setdefault(i.place, []).append(i)
    cells: dict[tuple[int, int], list[tuple[str, list]]] = {}
    off: dict[str, int] = {}
    for place, found in by_place.items():
        entry = gazetteer.place(place)
        if entry is None or entry.lat is None or entry.lon is None:
            off[place] = len(found)
            continue
        x, y = projection.dot(entry.lon, entry.lat)
        column, row = x // 2, y // 4
        if not (0 <= column < width and 0 <= row < height):
            off[place] = len(found)
            continue
        cells.setdefault((column, row), []).append((place, found))
    # Markers side by side would read as one number ("4" "1" as 41): the smaller joins the bigger.
    for (column, row) in sorted(cells, key=lambda c: -sum(len(f) for _, f in cells[c])):
        if (column, row) not in cells:
            continue
        for neighbour in ((column - 1, row), (column + 1, row)):
            if neighbour in cells:
                cells[(column, row)] += cells.pop(neighbour)
    markers = []
    for (column, row), there in cells.items():
        there.sort(key=lambda pf: (-len(pf[1]), pf[0]))
        markers.append(Marker(tuple(p for p, _ in there), tuple(i for _, f in there for i in f), column, row))
    markers.sort(key=lambda m: (-len(m.incidents), m.label))
    return markers, off


def nearest(markers: list[Marker], current: Marker, dx: int, dy: int) -> Marker | None:
    """The nearest marker in the direction (dx, dy) from `current`: within 60° of it, a
    row counted as two columns (cells are twice as tall as wide)."""
    best, best_cost = None, None
    for m in markers:
        if m is current:
            continue
        vx, vy = m.column - current.column, (m.row - current.row) * 2
        along = vx * dx + vy * dy
        if along <= 0:
            continue
        across = abs(vx * dy - vy * dx)
        if across > along * math.tan(math.radians(60)):
            continue
        cost = along + 2 * across
        if best_cost is None or cost < best_cost:
            best, best_cost = m, cost
    return best


class MapView(Widget, can_focus=True):
    BINDINGS = bindings("map")
    COMPONENT_CLASSES = {"map--border", "map--home", "map--marker", "map--selected", "map--caption"}
    DEFAULT_CSS = "MapView { height: 1fr; }"

    @dataclass
    class Moved(Message):
        marker: Marker | None

    @dataclass
    class Chosen(Message):
        marker: Marker

    def __init__(self, incidents, gazetteer, outline, **kwargs) -> None:
        super().__init__(**kwargs)
        self.incidents = list(incidents)
        self.gazetteer = gazetteer
        self.outline = outline
        self.markers: list[Marker] = []
        self.off: dict[str, int] = {}
        self.selected: Marker | None = None
        self._drawn_for: tuple[int, int] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh())

    def on_resize(self) -> None:
        self._layout()

    def _canvas_size(self) -> tuple[int, int]:
        return max(10, self.size.width), max(4, self.size.height - 2)  # the caption's two lines

    def _layout(self) -> None:
        width, height = self._canvas_size()
        if self._drawn_for == (width, height):
            return
        self._drawn_for = (width, height)
        chosen = self.selected.places if self.selected else None
        self.projection = Projection(self.outline.box, width, height)
        self.markers, self.off = make_markers(self.incidents, self.gazetteer, self.projection, width, height)
        self.selected = next((m for m in self.markers if chosen and set(m.places) & set(chosen)), self.markers[0] if self.markers else None)
        self.post_message(self.Moved(self.selected))
        self.refresh()

    def select(self, marker: Marker | None) -> None:
        if marker is not None and marker is not self.selected:
            self.selected = marker
            self.refresh()
            self.post_message(self.Moved(marker))

    def action_go(self, dx: int, dy: int) -> None:
        if self.selected is not None:
            self.select(nearest(self.markers, self.selected, dx, dy))

    def action_cycle(self, step: int) -> None:
        """To the marker with the next most incidents."""
        if self.markers and self.selected in self.markers:
            self.select(self.markers[(self.markers.index(self.selected) + step) % len(self.markers)])

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected))

    def render(self) -> Text:
        self._layout()
        style = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        width, height = self._canvas_size()
        bits = [[0] * width for _ in range(height)]
        owner = [[None] * width for _ in range(height)]
        countries = sorted(self.outline.countries, key=lambda c: c.code == HOME)
        for country in countries:
            for ring in country.rings:
                points = [self.projection.dot(x, y) for x, y in ring]
                for a, b in zip(points, points[1:]):
                    for x, y in _line(a, b):
                        column, row = x // 2, y // 4
                        if 0 <= column < width and 0 <= row < height:
                            bits[row][column] |= _DOTS[(x % 2, y % 4)]
                            owner[row][column] = country.code
        marks = {(m.column, m.row): m for m in self.markers}
        out = Text(no_wrap=True, overflow="crop", end="")
        for row in range(height):
            for column in range(width):
                m = marks.get((column, row))
                if m is not None:
                    n = len(m.incidents)
                    out.append(str(n) if n < 10 else "+", style=style("map--selected" if m is self.selected else "map--marker"))
                elif bits[row][column]:
                    out.append(chr(0x2800 + bits[row][column]), style=style("map--home" if owner[row][column] == HOME else "map--border"))
                else:
                    out.append(" ")
            out.append("\n")
        caption = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.selected is not None:
            n = len(self.selected.incidents)
            caption.append(self.selected.label, style="bold")
            caption.append(f" · {n} incident{'s' if n != 1 else ''}", style=style("map--caption"))
        else:
            caption.append("No incident has a place on the map.", style=style("map--caption"))
        out.append_text(caption)
        if self.off:
            out.append("\nnot on the map: " + ", ".join(f"{p} {n}" for p, n in sorted(self.off.items(), key=lambda pn: -pn[1])), style=style("map--caption"))
        return out
