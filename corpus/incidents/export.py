"""Incidents written out for the analyst's tools: CSV in the shape of ACLED's event
data, GeoJSON for QGIS and web maps, and JSON with every report, its quotes and
what each side claimed.

Coordinates come from the gazetteer: the incident's place, else the nearest
wider place that has them (Rukban, else Homs, else Syria), with ACLED's
geo_precision saying which (1 the place itself, 2 the place it lies in, 3 a
governorate or a country). ACLED's event types are its own: each type of
incident maps to the nearest (`ACLED_TYPES`); the incident's own type is kept
beside them. A date known only to the month or the week is given by its first
day, with ACLED's time_precision (1 day, 2 week, 3 month or year).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable

from ..gazetteer import Gazetteer
from .incident import TYPE_LABELS, Incident

FORMATS = ("csv", "geojson", "json")
SUFFIXES = {"csv": ".csv", "geojson": ".geojson", "json": ".json"}

ACLED_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude", "source", "notes")
EXTRA_COLUMNS = ("event_id", "time_precision", "geo_precision", "country", "incident_type", "outlets", "copies", "articles")
# Our types in ACLED's terms: (event_type, sub_event_type).
ACLED_TYPES = {
    "strike": ("Explosions/Remote violence", "Air/drone strike"),
    "ground_confrontation": ("Strategic developments", "Other"),
    "air_encounter": ("Strategic developments", "Other"),
    "proposal": ("Strategic developments", "Other"),
    "talks": ("Strategic developments", "Other"),
    "agreement": ("Strategic developments", "Agreement"),
    "humanitarian_access": ("Strategic developments", "Other"),
    "accusation": ("Strategic developments", "Other"),
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_WIDE_FEATURES = {"country", "governorate", "province", "region"}


def coordinates(place: str | None, gaz: Gazetteer) -> tuple[float, float, int, str] | None:
    """(latitude, longitude, ACLED geo_precision, country code) of a place, or of the
    nearest wider place that has coordinates; None when there are none."""
    if not place:
        return None
    for n, name in enumerate((place, *gaz.wider(place))):
        entry = gaz.place(name)
        if entry is None or entry.lat is None or entry.lon is None:
            continue
        precision = 3 if entry.feature in _WIDE_FEATURES else min(n + 1, 3)
        country = entry.country or next((e.country for e in map(gaz.place, gaz.wider(name)) if e is not None and e.country), "")
        return entry.lat, entry.lon, precision, country
    return None


def _actors(i: Incident) -> tuple[str, str]:
    first = list(i.acted_by or i.sides[:1])
    second = list(i.acted_on or [s for s in i.sides if s not in first][:1])
    return "; ".join(first), "; ".join(second)


def row(i: Incident, gaz: Gazetteer) -> dict:
    """One incident as a row of ACLED-shaped data (ACLED_COLUMNS, then EXTRA_COLUMNS)."""
    event_type, sub_event_type = ACLED_TYPES.get(i.type, ("Strategic developments", "Other"))
    where = coordinates(i.place, gaz)
    actor1, actor2 = _actors(i)
    dated = i.date.date is not None and i.date.precision in _TIME_PRECISION
    return {
        "event_date": i.date.date.isoformat() if dated else "",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor1,
        "actor2": actor2,
        "location": i.place or "",
        "latitude": where[0] if where else "",
        "longitude": where[1] if where else "",
        "source": "; ".join(i.outlets),
        "notes": i.summary,
        "event_id": i.id,
        "time_precision": _TIME_PRECISION[i.date.precision] if dated else "",
        "geo_precision": where[2] if where else "",
        "country": where[3] if where else "",
        "incident_type": TYPE_LABELS.get(i.type, i.type),
        "outlets": len(i.outlets),  # copies of another report's article aside
        "copies": len(i.copies),
        "articles": "; ".join(i.article_ids),
    }


def _cell(value):
    """A text cell a spreadsheet shows as text: one that opens like a formula gets a leading '."""
    return "'" + value if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def incidents_csv(incidents: Iterable[Incident], gaz: Gazetteer) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ACLED_COLUMNS + EXTRA_COLUMNS
    writer.writerow(columns)
    for i in incidents:
        r = row(i, gaz)
        writer.writerow([_cell(r[c]) for c in columns])
    return out.getvalue()


def incidents_geojson(incidents: Iterable[Incident], gaz: Gazetteer) -> tuple[str, int]:
    """A FeatureCollection, a point per incident placed by the gazetteer ([longitude,
    latitude], as GeoJSON orders them); and how many incidents had no place to put."""
    features, unplaced = [], 0
    for i in incidents:
        r = row(i, gaz)
        if r["latitude"] == "":
            unplaced += 1
            continue
        properties = {k: v for k, v in r.items() if k not in ("latitude", "longitude")}
        properties.update(date=i.date.iso, precision=i.date.precision, sides=list(i.sides), curated=i.curated)
        features.append({"type": "Feature", "id": i.id, "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=2) + "\n", unplaced


def incident_record(i: Incident, reading: Callable[[str], tuple | None]) -> dict:
    """One incident as JSON: its fields, each report with its article's outlet and
    publication date (and where they came from), the date this report gives the event,
    its evidence and the quotes in it; `reading(article_id)` gives a report's (article,
    analysis), or None when it cannot be read."""
    from .claims import NO_SIDE, claims, report_quotes

    reports = []
    for r in i.reports:
        read = reading(r.article_id)
        article, analysis = read if read else (None, None)
        reports.append(
            {
                "article": r.article_id,
                "outlet": r.outlet or (article.outlet if article else None),
                "published": str(article.published) if article and article.published.date else None,
                "published_from": getattr(article, "published_from", None) if article else None,
                "date": r.date.iso,
                "evidence": [r.start, r.end],
                "quotes": [
                    {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
                    for q in (report_quotes(article, analysis, r) if article else ())
                ],
            }
        )
    return {
        "id": i.id,
        "date": i.date.iso or "undated",
        "precision": i.date.precision,
        "date_from": i.date_from,
        "place": i.place,
        "type": i.type,
        "summary": i.summary,
        "sides": list(i.sides),
        "acted_by": list(i.acted_by),
        "acted_on": list(i.acted_on),
        "actors": list(i.actors),
        "outlets": len(i.outlets),
        "copies": list(i.copies),
        "curated": i.curated,
        "claims": {side: [{"speaker": c.speaker, "text": c.text, "article": c.article_id} for c in found]
                   for side, found in claims(i, reading).items() if side != NO_SIDE},
        "reports": reports,
    }  # fmt: skip


def incidents_json(incidents: Iterable[Incident], reading: Callable[[str], tuple | None]) -> str:
    return json.dumps([incident_record(i, reading) for i in incidents], ensure_ascii=False, indent=2) + "\n"
