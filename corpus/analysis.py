"""One article, read: its quotes, sources, places, actors and incidents.

`analyze` runs every reader of the corpus layer over an article (boilerplate
paragraphs are skipped by each); `to_json` gives the ``analyze --json`` object;
`analysis_to_dict` / `analysis_from_dict` round-trip an analysis through JSON,
for caches.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .gazetteer import Gazetteer, default
from .incidents.extract import extract_incidents
from .incidents.incident import Incident, incident_fields, incident_from_dict, incident_to_dict
from .reading.attribution import attribute
from .reading.context import build_context
from .reading.places import Mentions, find_actors, find_places
from .reading.quotes import Quote
from .reading.sources import Source, find_sources, name_speakers


@dataclass(frozen=True)
class Analysis:
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    places: tuple[Mentions, ...]
    actors: tuple[Mentions, ...]
    incidents: tuple[Incident, ...]


def quoted_people(article: Article, gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """The people the article quotes, by the fullest name it gives them, each once: the
    speakers of its quotes (not scare quotes) that its table of people holds."""
    gazetteer = gazetteer or default()
    return _quoted(article, attribute(article, gazetteer), gazetteer)


def _quoted(article: Article, quotes: tuple[Quote, ...], gazetteer: Gazetteer) -> tuple[str, ...]:
    people = {p.name for p in build_context(article, gazetteer).table.people}  # read once: cached by the context
    return tuple(dict.fromkeys(q.speaker for q in quotes if q.kind == "quote" and q.speaker in people))


def analyze(article: Article, gazetteer: Gazetteer | None = None) -> Analysis:
    """Every reading of `article`, with `gazetteer` (by default the shipped one and the user's)."""
    return read_article(article, gazetteer)[0]


def read_article(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Analysis, tuple[str, ...]]:
    """`analyze(article)` and `quoted_people(article)` together, attributing the quotes once
    (what the index's second phase keeps of each article)."""
    gazetteer = gazetteer or default()
    quotes = attribute(article, gazetteer)
    sources = find_sources(article, quotes, gazetteer)
    return _analysis(article, quotes, sources, gazetteer), _quoted(article, quotes, gazetteer)


def _analysis(article: Article, quotes: tuple[Quote, ...], sources: tuple[Source, ...], gazetteer: Gazetteer) -> Analysis:
    return Analysis(
        quotes=name_speakers(quotes, sources),  # each speaker as the sources panel names it
        sources=sources,
        places=find_places(article, gazetteer),
        actors=find_actors(article, gazetteer),
        incidents=tuple(extract_incidents(article, gazetteer)),
    )


def analysis_to_dict(analysis: Analysis) -> dict:
    """Every field of an analysis as plain JSON-able data."""
    return {
        "quotes": [
            [q.text, q.start, q.end, q.kind, q.speaker, _span(q.speaker_span), q.cue, q.continues, q.role, q.rule]
            for q in analysis.quotes
        ],
        "sources": [[s.name, s.kind, [list(m) for m in s.mentions], list(s.quotes), s.role, s.rule, _span(s.found_at)] for s in analysis.sources],
        "places": [[m.name, [list(x) for x in m.mentions]] for m in analysis.places],
        "actors": [[m.name, [list(x) for x in m.mentions]] for m in analysis.actors],
        "incidents": [incident_to_dict(i) for i in analysis.incidents],
    }


def analysis_from_dict(d: dict) -> Analysis:
    """The analysis `analysis_to_dict` gave; raises KeyError, TypeError or ValueError on other data."""
    pairs = lambda spans: tuple((int(a), int(b)) for a, b in spans)  # noqa: E731
    return Analysis(
        quotes=tuple(
            Quote(text, start, end, kind, speaker, tuple(span) if span else None, cue, bool(continues), role, rule)
            for text, start, end, kind, speaker, span, cue, continues, role, rule in d["quotes"]
        ),
        sources=tuple(
            Source(name, kind, pairs(mentions), tuple(quotes), role, rule, (int(at[0]), int(at[1])) if at else None)
            for name, kind, mentions, quotes, role, rule, at in d["sources"]
        ),
        places=tuple(Mentions(name, pairs(mentions)) for name, mentions in d["places"]),
        actors=tuple(Mentions(name, pairs(mentions)) for name, mentions in d["actors"]),
        incidents=tuple(incident_from_dict(i) for i in d["incidents"]),
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
        "published_from": article.published_from,
        "outlet_from": article.outlet_from,
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
                "rule": q.rule,
            }
            for q in analysis.quotes
        ],
        "sources": [{"name": s.name, "kind": s.kind, "mentions": [list(m) for m in s.mentions]} for s in analysis.sources],
        "places": [{"name": p.name, "mentions": [list(m) for m in p.mentions]} for p in analysis.places],
        "incidents": [
            {
                "date": i.date.iso,
                **incident_fields(i),
                "evidence": [[r.start, r.end] for r in i.reports if r.article_id == article.id],
            }
            for i in analysis.incidents
        ],
    }
