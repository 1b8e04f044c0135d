"""The GeoNames table of Syria and its border regions: the format of ``places.tsv``, and reading it.

``places.tsv`` (beside this file) is the trimmed table the gazetteer is built on:
one populated place, governorate or province a row, with its spellings,
coordinates, country, the governorate or province it lies in (``within``), its
kind of feature and its population. It is made by ``python3 -m corpus.geo.build``
(see ``build.py``; never imported by the app) and read, on first use only, by
`corpus.gazetteer.shipped`, under the hand-made ``corpus/gazetteer.yaml``.

The data is GeoNames' (https://www.geonames.org), licensed CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/): the file's header says so and
names the packages it was taken from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent / "places.tsv"
COLUMNS = ("name", "variants", "lat", "lon", "country", "within", "feature", "population", "geonameid")
SEPARATOR = "|"  # between the variants of a row


@dataclass(frozen=True)
class Row:
    name: str
    variants: tuple[str, ...]
    lat: float | None  # None for a governorate that no city of the table names
    lon: float | None
    country: str  # ISO 3166 alpha-2
    within: str  # the name of the row of its governorate or province, or of its country
    feature: str  # "populated place", "governorate", "province"
    population: int
    geonameid: int


def read(path: Path = TABLE_PATH) -> tuple[Row, ...]:
    """The rows of the table (lines starting with ``#`` are its header notes)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = (line.rstrip("\n") for line in f if not line.startswith("#"))
        header = next(lines, "").split("\t")
        if tuple(header) != COLUMNS:
            raise ValueError(f"{path}: expected the columns {', '.join(COLUMNS)}")
        for line in lines:
            if line:
                rows.append(_row(line.split("\t")))
    return tuple(rows)


def _row(cells: list[str]) -> Row:
    name, variants, lat, lon, country, within, feature, population, geonameid = cells
    return Row(name, tuple(v for v in variants.split(SEPARATOR) if v), _number(lat), _number(lon), country, within, feature, int(population), int(geonameid))


def _number(cell: str) -> float | None:
    return float(cell) if cell else None


def format_row(row: Row) -> str:
    """One line of the table (no tab or newline can be in a cell)."""
    lat, lon = ("" if x is None else f"{x:.5f}" for x in (row.lat, row.lon))
    cells = (row.name, SEPARATOR.join(row.variants), lat, lon, row.country, row.within, row.feature, str(row.population), str(row.geonameid))
    spellings = (row.name, *row.variants)
    if any(c in cell for cell in cells for c in "\t\n") or any(SEPARATOR in s for s in spellings):
        raise ValueError(f"a cell of {row.name!r} holds a tab, a newline or {SEPARATOR!r}")
    return "\t".join(cells)
