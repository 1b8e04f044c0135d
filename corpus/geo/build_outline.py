"""Build `outline.json`, the country borders the app's map draws, from Natural Earth.

    python3 -m pip install -e '.[geo-build]'
    python3 -m corpus.geo.build_outline PATH/naturalearth_lowres.shp

Natural Earth's 1:110m admin-0 countries (public domain; the copy in geopandas 0.14's
wheel, `geopandas/datasets/naturalearth_lowres/`, is the one used) are read with pyshp,
cut to the countries around Syria, and their rings kept where they reach the map's
box, at 0.01° (about a kilometre: far finer than a terminal cell). The app never
imports this module.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).with_name("outline.json")
BOX = (34.0, 29.0, 43.5, 38.0)  # west, south, east, north: Syria and its borders
COUNTRIES = ("SYR", "LBN", "ISR", "PSE", "JOR", "IRQ", "TUR", "CYP", "SAU", "EGY", "IRN")
SOURCE = "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (naturalearthdata.com); public domain"


def _touches(ring: list[tuple[float, float]]) -> bool:
    west, south, east, north = BOX
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(xs) >= west and min(xs) <= east and max(ys) >= south and min(ys) <= north


def build(shp: Path) -> dict:
    import shapefile  # pyshp: only here, to build

    reader = shapefile.Reader(str(shp))
    names = [f[0] for f in reader.fields[1:]]
    countries = {}
    for record, shape in zip(reader.records(), reader.shapes()):
        row = dict(zip(names, record))
        code = row.get("iso_a3") or row.get("ISO_A3")
        if code not in COUNTRIES:
            continue
        parts = list(shape.parts) + [len(shape.points)]
        rings = []
        for a, b in zip(parts, parts[1:]):
            ring = [(round(x, 2), round(y, 2)) for x, y in shape.points[a:b]]
            if _touches(ring):
                rings.append(ring)
        if rings:
            countries[code] = {"name": row.get("name") or row.get("NAME") or code, "rings": rings}
    return {"source": SOURCE, "box": list(BOX), "countries": countries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp (Natural Earth 1:110m countries)")
    args = parser.parse_args(argv)
    data = build(args.shapefile)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['countries'])} countries, {sum(len(r) for c in data['countries'].values() for r in c['rings'])} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
