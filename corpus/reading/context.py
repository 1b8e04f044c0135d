"""What every reading stage knows of one article: its quote spans, its text with
the quotes masked out, its sentences, and the people it names.

`build_context` makes it once per article (cached): attribution and sources
read the same `Context`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..article import Article
from ..gazetteer import Gazetteer, default
from .grammar import MASK
from .people import PeopleTable, find_people
from .quotes import QuoteSpan, find_quote_spans

_SPACES = str.maketrans({c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"})


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """The text with the inside of every quote replaced by NUL, so cues are not read from speech,
    and every space that is not a plain one (no-break, thin) made one, so the rules read one kind."""
    chars = list(text.translate(_SPACES))
    for q in spans:
        for i in range(q.start, q.end):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


@dataclass
class Context:
    article: Article
    text: str
    masked: str
    table: PeopleTable
    person_index: list[tuple[int, int, str]]  # sorted (start, end, name) of person mentions
    subjects: list[tuple[int, str, str]]  # (offset, canonical, kind) of attributed speakers so far
    spans: list[QuoteSpan] = field(default_factory=list)


def sentence_text(masked: str, text: str, spans: list[QuoteSpan] | tuple[QuoteSpan, ...]) -> str:
    """The masked text with each quote's closing . ! ? put back, so that a sentence
    ending in a quote (… said “No.” The next …) ends there."""
    chars = None
    for q in spans:
        if q.end > q.start and text[q.end - 1] in ".!?":
            if chars is None:
                chars = list(masked)
            chars[q.end - 1] = text[q.end - 1]
    return masked if chars is None else "".join(chars)


@functools.lru_cache(maxsize=32)
def masked_quotes(article: Article) -> tuple[tuple[QuoteSpan, ...], str]:
    """The article's quote spans, and its text with their insides blanked (cached)."""
    spans = tuple(find_quote_spans(article))
    return spans, mask_quotes(article.text, list(spans))


@functools.lru_cache(maxsize=32)
def _prepared(article: Article, gazetteer: Gazetteer) -> tuple[tuple[QuoteSpan, ...], str, PeopleTable, tuple[tuple[int, int, str], ...]]:
    # Quotes and sources both read an article this way; the reader asks for both at once.
    spans, masked = masked_quotes(article)
    table = find_people(article, masked, gazetteer)
    person_index = tuple(sorted((s, e, p.name) for p in table.people for s, e in p.mentions))
    return spans, masked, table, person_index


def build_context(article: Article, gazetteer: Gazetteer | None = None) -> Context:
    """What attribution needs to know about an article: its quote spans masked out, its people."""
    spans, masked, table, person_index = _prepared(article, gazetteer or default())
    return Context(article, article.text, masked, table, list(person_index), [], list(spans))
