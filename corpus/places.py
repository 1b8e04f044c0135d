"""Where the places and actors of the gazetteer are named in an article.

Every spelling of an entry counts as a mention of its canonical name; boilerplate
paragraphs are skipped. Actors whose spelling is also a place ("Damascus" the
government, "Damascus" the city) are reported under both tables: the reader
shows both and the incident extractor decides by context.
"""

from __future__ import annotations

from dataclasses import dataclass

from .article import Article
from .gazetteer import Gazetteer, load


@dataclass(frozen=True)
class Mentions:
    """A canonical name and the spans that name it in the article text."""

    name: str
    mentions: tuple[tuple[int, int], ...]


def find_places(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or load(), "place")


def find_actors(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or load(), "actor")


def find_people(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mentions, ...]:
    return _find(article, gazetteer or load(), "person")


def mentions_in(text: str, start: int, end: int, gazetteer: Gazetteer, kind: str) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of every `kind` mention in `text[start:end]`."""
    by_spelling = _canonical(gazetteer, kind)
    out = []
    for m in gazetteer.pattern(kind).finditer(text, start, end):
        name = by_spelling.get(m.group().casefold())
        if name and not _false_friend(text, m.start(), m.end(), m.group()):
            out.append((name, m.start(), m.end()))
    return out


def _false_friend(text: str, start: int, end: int, matched: str) -> bool:
    # "US" and "IS" are actors only in capitals; "us" and "is" are words.
    if len(matched) <= 3 and not matched.isupper() and "." not in matched:
        return True
    return matched == "IS" and text[max(0, start - 1) : start] == " " and text[end : end + 1] == " " and text[start - 2 : start - 1].islower()


def _canonical(gazetteer: Gazetteer, kind: str) -> dict[str, str]:
    return {s.casefold(): e.name for e in gazetteer.of_kind(kind) for s in reversed(e.spellings)}


def _find(article: Article, gazetteer: Gazetteer, kind: str) -> tuple[Mentions, ...]:
    found: dict[str, list[tuple[int, int]]] = {}
    for p in article.content_paragraphs:
        for name, s, e in mentions_in(article.text, p.start, p.end, gazetteer, kind):
            found.setdefault(name, []).append((s, e))
    return tuple(Mentions(name, tuple(spans)) for name, spans in found.items())
