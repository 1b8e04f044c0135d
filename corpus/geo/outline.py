"""The country borders around Syria, for the app's map: Natural Earth's 1:110m countries
(public domain), cut to the region by `build_outline` and shipped as `outline.json`."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).with_name("outline.json")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-3
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # closed lines of (longitude, latitude)


@dataclass(frozen=True)
class Outline:
    box: tuple[float, float, float, float]  # west, south, east, north
    countries: tuple[Country, ...]
    source: str


@functools.lru_cache(maxsize=1)
def load_outline() -> Outline:
    data = json.loads(PATH.read_text(encoding="utf-8"))
    countries = tuple(
        Country(code, c["name"], tuple(tuple((float(x), float(y)) for x, y in ring) for ring in c["rings"])) for code, c in data["countries"].items()
    )
    return Outline(tuple(data["box"]), countries, data["source"])
