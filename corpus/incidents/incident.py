"""An incident: an event of the deconfliction taxonomy, its date, place, actors and the passages that report it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace

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
    """An evidence passage: `article.text[start:end]` of the article with id `article_id`,
    with the article's outlet and the date this report gives the event."""

    article_id: str
    start: int
    end: int
    outlet: str | None = None
    date: Published = Published()
    copy_key: str = ""  # the passage's words, hashed: the same in a wire copy of the article (see `copy_key`)


def copy_key(passage: str) -> str:
    """A key shared by the same passage reprinted elsewhere (a wire story in several outlets):
    a hash of its words, case and punctuation aside; "" for a passage too short to tell."""
    words = re.findall(r"\w+", passage.lower())
    if len(words) < 10:
        return ""
    return hashlib.blake2b(" ".join(words).encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Incident:
    id: str
    date: Published
    place: str | None
    actors: tuple[str, ...]  # the gazetteer's actors the reports name
    type: str
    summary: str
    reports: tuple[Report, ...]
    curated: bool = False
    date_from: str | None = None  # "text", "text (today)", "publication date": where the date comes from
    sides: tuple[str, ...] = ()  # the parties to the event: Russia, United States, US-led coalition, ...
    acted_by: tuple[str, ...] = ()  # the sides that did it, where the sentence says so
    acted_on: tuple[str, ...] = ()  # the sides it was done to
    copies: tuple[str, ...] = ()  # its reports' articles that are copies of another's (see `with_copies`)

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that reported it, each once (an article without one counts as itself),
        copies aside: a wire story re-posted by four outlets is one report."""
        return tuple(dict.fromkeys(r.outlet or r.article_id for r in self.reports if r.article_id not in self.copies))

    @property
    def title(self) -> str:
        """A short title for a list row: what happened, without the type, place and date the
        row shows apart, cut at a word near 60 characters."""
        s = self.summary.strip()
        label = TYPE_LABELS.get(self.type, self.type)
        s = s.removeprefix(label + ": ").split(" · ")[0].strip() or label
        if len(s) <= 60:
            return s
        return s[:60].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article_id for r in self.reports))

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.sort_key or "9999", self.id)


def _date_to_list(date: Published) -> list:
    return [date.date.isoformat() if date.date else None, date.precision]


def _date_from_list(value) -> Published:
    day, precision = (value or [None, "unknown"])[:2]
    return Published(dt.date.fromisoformat(day) if day else None, precision or "unknown")


def incident_fields(i: Incident) -> dict:
    """What an incident says, as JSON-able data: the part every JSON of it shares."""
    return {
        "precision": i.date.precision,
        "date_from": i.date_from,
        "place": i.place,
        "actors": list(i.actors),
        "sides": list(i.sides),
        "acted_by": list(i.acted_by),
        "acted_on": list(i.acted_on),
        "type": i.type,
        "summary": i.summary,
    }


def incident_to_dict(i: Incident) -> dict:
    """An incident as plain JSON-able data; `incident_from_dict` reads it back."""
    return {
        "id": i.id,
        "date": i.date.date.isoformat() if i.date.date else None,
        **incident_fields(i),
        "reports": [[r.article_id, r.start, r.end, r.outlet, _date_to_list(r.date), r.copy_key] for r in i.reports],
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
        reports=tuple(
            Report(r[0], r[1], r[2], *(r[3:4] or [None]), _date_from_list(r[4] if len(r) > 4 else None), r[5] if len(r) > 5 else "")
            for r in d.get("reports") or ()
        ),
        curated=bool(d.get("curated")),
        date_from=d.get("date_from"),
        sides=tuple(d.get("sides") or ()),
        acted_by=tuple(d.get("acted_by") or ()),
        acted_on=tuple(d.get("acted_on") or ()),
    )


def with_copies(incidents: list[Incident], group_of: dict[str, tuple[str, ...]]) -> list[Incident]:
    """The incidents with their `copies` marked: of the articles of one group of copies
    (corpus.copies) that report an incident, the first reported counts, the others are copies."""
    out = []
    for i in incidents:
        kept: dict[tuple[str, ...], str] = {}
        copies = []
        for article_id in i.article_ids:
            group = group_of.get(article_id)
            if group is None:
                continue
            if group in kept:
                copies.append(article_id)
            else:
                kept[group] = article_id
        out.append(replace(i, copies=tuple(copies)) if copies or i.copies else i)
    return out
