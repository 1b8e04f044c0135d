"""One article, read: its quotes, sources, places, actors and incidents.

`analyze` runs every reader of the corpus layer over an article (boilerplate
paragraphs are skipped by each); `to_json` gives the ``analyze --json`` object.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .incidents import Incident, extract_incidents
from .places import Mentions, find_actors, find_places
from .quotes import Quote, find_quotes
from .sources import Source, find_sources


@dataclass(frozen=True)
class Analysis:
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    places: tuple[Mentions, ...]
    actors: tuple[Mentions, ...]
    incidents: tuple[Incident, ...]


def analyze(article: Article) -> Analysis:
    quotes = find_quotes(article)
    return Analysis(
        quotes=quotes,
        sources=find_sources(article, quotes),
        places=find_places(article),
        actors=find_actors(article),
        incidents=tuple(extract_incidents(article)),
    )


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def to_json(article: Article, analysis: Analysis) -> dict:
    """The ``analyze --json`` object of one article (every offset into `article.text`)."""
    return {
        "article": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": str(article.published) if article.published.date else None,
        "boilerplate": [list(s) for s in article.boilerplate_spans],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "speaker": q.speaker,
                "speaker_span": _span(q.speaker_span),
                "cue": q.cue,
            }
            for q in analysis.quotes
        ],
        "sources": [{"name": s.name, "kind": s.kind, "mentions": [list(m) for m in s.mentions]} for s in analysis.sources],
        "places": [{"name": p.name, "mentions": [list(m) for m in p.mentions]} for p in analysis.places],
        "incidents": [
            {
                "date": str(i.date) if i.date.date else None,
                "precision": i.date.precision,
                "place": i.place,
                "actors": list(i.actors),
                "type": i.type,
                "summary": i.summary,
                "evidence": [[r.start, r.end] for r in i.reports if r.article_id == article.id],
            }
            for i in analysis.incidents
        ],
    }
