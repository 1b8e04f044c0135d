"""Where the places and actors of the gazetteer are named in an article.

Every spelling of an entry counts as a mention of its canonical name, found by
the gazetteer's matcher (whole words, longest first, false friends such as "us"
left out: `corpus.matcher`); boilerplate paragraphs are skipped. Actors whose
spelling is also a place ("Damascus" the government, "Damascus" the city) are
reported under both tables: the reader shows both and the incident extractor
decides by context.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..article import Article
from ..gazetteer import Gazetteer, default


@dataclass(frozen=True)
class Mentions:
    """A canonical name and the spans that name it in the article text."""

    name: str
    mentions: tuple[tuple[int, int], ...]


def find_places(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or default(), "place")


def find_actors(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or default(), "actor")


def find_people(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or default(), "person")


def mentions_in(text: str, start: int, end: int, gazetteer: Gazetteer, kind: str) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of every `kind` mention in `text[start:end]` (see `corpus.matcher`)."""
    return gazetteer.matcher(kind).find(text, start, end)


def _find(article: Article, gazetteer: Gazetteer, kind: str) -> tuple[Mentions, ...]:
    found: dict[str, list[tuple[int, int]]] = {}
    for p in article.content_paragraphs:
        for name, s, e in mentions_in(article.text, p.start, p.end, gazetteer, kind):
            found.setdefault(name, []).append((s, e))
    return tuple(Mentions(name, tuple(spans)) for name, spans in found.items())
