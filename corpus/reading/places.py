"""Where the places and actors of the gazetteer are named in an article.

Every spelling of an entry counts as a mention of its canonical name; boilerplate
paragraphs are skipped. Actors whose spelling is also a place ("Damascus" the
government, "Damascus" the city) are reported under both tables: the reader
shows both and the incident extractor decides by context.
"""

from __future__ import annotations

import re
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
    """(canonical name, start, end) of every `kind` mention in `text[start:end]`."""
    pattern, by_spelling = _tables(gazetteer, kind)
    out = []
    for m in pattern.finditer(text, start, end):
        name = by_spelling.get(m.group().casefold())
        if name and not _false_friend(text, m.start(), m.end(), m.group()):
            out.append((name, m.start(), m.end()))
    return out


def _false_friend(text: str, start: int, end: int, matched: str) -> bool:
    # "US" and "IS" are actors only in capitals; "us" and "is" are words.
    if len(matched) <= 3 and not matched.isupper() and "." not in matched:
        return True
    return matched == "IS" and text[max(0, start - 1) : start] == " " and text[end : end + 1] == " " and text[start - 2 : start - 1].islower()


_TABLES: dict[tuple[int, str], tuple[Gazetteer, re.Pattern[str], dict[str, str]]] = {}


def _tables(gazetteer: Gazetteer, kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The gazetteer's pattern and spelling table for `kind`, built once per gazetteer.

    Keyed by identity: hashing a whole gazetteer on every sentence costs more than the search.
    """
    key = (id(gazetteer), kind)
    cached = _TABLES.get(key)
    if cached is None or cached[0] is not gazetteer:
        by_spelling = {s.casefold(): e.name for e in gazetteer.of_kind(kind) for s in reversed(e.spellings)}
        cached = _TABLES[key] = (gazetteer, gazetteer.pattern(kind), by_spelling)
    return cached[1], cached[2]


def _find(article: Article, gazetteer: Gazetteer, kind: str) -> tuple[Mentions, ...]:
    found: dict[str, list[tuple[int, int]]] = {}
    for p in article.content_paragraphs:
        for name, s, e in mentions_in(article.text, p.start, p.end, gazetteer, kind):
            found.setdefault(name, []).append((s, e))
    return tuple(Mentions(name, tuple(spans)) for name, spans in found.items())
