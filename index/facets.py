"""Facet counts for the Whoosh index: the minimal side of the seam's `Backend.facets`.

Every article the query matches is counted by its stored fields (outlet, date,
places, people, tags) and the incidents the index keeps for it. Plain and
unhurried: the lead's facets work replaces it with counts from the index itself.
"""

from __future__ import annotations

from collections import Counter

from .backend import FACETS, Facets


def count(stored: list[dict], incidents: dict[str, list], per_facet: int = 20) -> Facets:
    """The facets of the matched articles' stored fields (and their kept incidents)."""
    counters = {name: Counter() for name in FACETS}
    for fields in stored:
        if fields.get("outlet"):
            counters["outlet"][fields["outlet"]] += 1
        published = fields.get("published")
        if published is not None:
            counters["year"][f"{published.year:04d}"] += 1
            if fields.get("precision") in ("day", "week", "month"):
                counters["month"][f"{published.year:04d}-{published.month:02d}"] += 1
        for name, key, sep in (("place", "places", ", "), ("person", "people", ", "), ("tag", "tags", ",")):
            counters[name].update(v for v in (fields.get(key) or "").split(sep) if v)
        found = incidents.get(fields.get("id"), [])
        counters["incident_type"].update({i["type"] for i in found})
        counters["side"].update({s for i in found for s in i.get("sides") or ()})
    return Facets(len(stored), {name: tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:per_facet]) for name, c in counters.items()})
