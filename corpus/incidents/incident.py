"""An incident: an event of the deconfliction taxonomy, its date, place, actors and the passages that report it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..article import Published

TYPES = (
    "strike", "ground_confrontation", "air_encounter", "proposal",
    "talks", "agreement", "humanitarian_access", "accusation",
)  # fmt: skip
TYPE_LABELS = {
    "strike": "Strike", "ground_confrontation": "Ground confrontation", "air_encounter": "Air encounter",
    "proposal": "Proposal", "talks": "Talks", "agreement": "Agreement",
    "humanitarian_access": "Humanitarian access", "accusation": "Accusation",
}  # fmt: skip


@dataclass(frozen=True)
class Report:
    """An evidence passage: `article.text[start:end]` of the article with id `article_id`."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Incident:
    id: str
    date: Published
    place: str | None
    actors: tuple[str, ...]
    type: str
    summary: str
    reports: tuple[Report, ...]
    curated: bool = False

    @property
    def title(self) -> str:
        """A short title for a list row: the summary, cut at a word near 60 characters."""
        s = self.summary.strip() or TYPE_LABELS.get(self.type, self.type)
        if len(s) <= 60:
            return s
        return s[:60].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article_id for r in self.reports))

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.sort_key or "9999", self.id)


def incident_to_dict(i: Incident) -> dict:
    """An incident as plain JSON-able data; `incident_from_dict` reads it back."""
    return {
        "id": i.id,
        "date": i.date.date.isoformat() if i.date.date else None,
        "precision": i.date.precision,
        "place": i.place,
        "actors": list(i.actors),
        "type": i.type,
        "summary": i.summary,
        "reports": [[r.article_id, r.start, r.end] for r in i.reports],
        "curated": i.curated,
    }


def incident_from_dict(d: dict) -> Incident:
    date = dt.date.fromisoformat(d["date"]) if d.get("date") else None
    return Incident(
        id=d["id"],
        date=Published(date, d.get("precision") or "unknown"),
        place=d.get("place"),
        actors=tuple(d.get("actors") or ()),
        type=d["type"],
        summary=d.get("summary") or "",
        reports=tuple(Report(a, s, e) for a, s, e in d.get("reports") or ()),
        curated=bool(d.get("curated")),
    )
