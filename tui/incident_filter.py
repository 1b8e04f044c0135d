"""Which incidents the filters keep: those of the type, side and place they name (the
incident's own), reported by an article the other filters keep (outlet, year, month,
quoted person: the article's)."""

from __future__ import annotations

from collections.abc import Callable

ARTICLE_FACETS = ("outlet", "year", "month", "person")


def incident_filter(filters: tuple, kept_articles: frozenset[str] | None, gazetteer) -> Callable[[object], bool]:
    """A test of an incident: true when every filter keeps it. `kept_articles` are the
    articles the article facets' filters keep (None: every article)."""
    own = [f for f in filters if f.facet not in ARTICLE_FACETS]

    def has(incident, facet: str, value: str) -> bool:
        if facet == "type":
            return incident.type == value
        if facet == "side":
            return value in incident.sides or value in incident.actors
        if facet == "place":
            return bool(incident.place) and (incident.place == value or gazetteer.contains(value, incident.place))
        return False

    def keep(incident) -> bool:
        if kept_articles is not None and not any(a in kept_articles for a in incident.article_ids):
            return False
        including: dict[str, bool] = {}
        for f in own:
            found = has(incident, f.facet, f.value)
            if f.exclude and found:
                return False
            if not f.exclude:
                including[f.facet] = including.get(f.facet, False) or found
        return all(including.values())

    return keep
