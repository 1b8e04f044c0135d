"""An article's index document as PostgreSQL holds it: tsvectors, postings and the body's offsets.

The words are made by the Whoosh schema's own analyzers (`index.analyzers`), not by a
PostgreSQL text search configuration: PostgreSQL's parser splits "M-4" into three
tokens, reads "U.S." as a host name, and its Snowball stemmer is not the Porter
stemmer, so no configuration of it would give the same words, hence the same hits.
Each field's tsvector carries Whoosh's positions (plus one: PostgreSQL counts from 1),
so phrases match where Whoosh's do. A tsvector keeps at most 256 positions per word
and none past 16,383; an article past either is marked ``positions_exact = false``
and its hit offsets are found by reading the text again.

Postings give each word's weight (its count, times the field's boost: the title
counts double) and the field's length as Whoosh stores it (a byte, so rounded),
which is what Whoosh's BM25F reads, and the positions the tsvector holds of it, so
a phrase matches from the postings' index exactly where it matches the tsvector.
"""

from __future__ import annotations

import functools
from array import array
from dataclasses import dataclass

from whoosh.util.numeric import byte_to_length, length_to_byte

from ..documents import make_schema
from .schema import FIELDS

MAX_POSITION = 16383  # PostgreSQL's last tsvector position
MAX_POSITIONS = 256  # positions PostgreSQL keeps per word
MAX_LEXEME_BYTES = 2046
MAX_TSVECTOR_BYTES = 900_000  # PostgreSQL refuses a tsvector over 1 MB


@functools.lru_cache(maxsize=1)
def schema():
    return make_schema()


def field_length(tokens: int) -> int:
    """A field's length as Whoosh's BM25F reads it back from its one-byte encoding."""
    byte = length_to_byte(tokens)
    return byte_to_length(byte) if byte else 1


@dataclass(frozen=True)
class FieldTerms:
    weights: dict[str, float]  # term -> count × field boost
    positions: dict[str, list[int]]  # term -> Whoosh positions
    length: int  # tokens indexed (Whoosh's exact field length)


def analyse(field: str, value: str, offsets: array | None = None) -> FieldTerms:
    """The terms of one field's value; the body's token offsets are appended to `offsets`
    as (start, end) per position (-1, -1 where a position holds no token)."""
    field_type = schema()[field]
    boost = getattr(field_type.format, "field_boost", 1.0)
    weights: dict[str, float] = {}
    positions: dict[str, list[int]] = {}
    length = 0
    if not value:
        return FieldTerms(weights, positions, 0)
    for token in field_type.analyzer(value, positions=True, chars=offsets is not None, mode="index"):
        term = token.text
        weights[term] = weights.get(term, 0.0) + boost
        positions.setdefault(term, []).append(token.pos)
        length += 1
        if offsets is not None:
            missing = token.pos - len(offsets) // 2
            if missing > 0:
                offsets.extend([-1, -1] * missing)
            offsets.extend((token.startchar, token.endchar))
    return FieldTerms(weights, positions, length)


def tsvector_literal(found: FieldTerms) -> tuple[str, bool, dict[str, list[int] | None]]:
    """The tsvector's text form, whether it holds every position exactly, and the positions
    it holds of each word (None for all when it holds words alone), for the postings."""
    exact = True
    parts, lexemes = [], []
    size = 0
    held: dict[str, list[int] | None] = {}
    for term, places in found.positions.items():
        if len(term.encode("utf-8")) > MAX_LEXEME_BYTES:
            exact = False
            continue
        kept = [p + 1 for p in places[:MAX_POSITIONS] if p + 1 <= MAX_POSITION]
        held[term] = kept
        if len(kept) != len(places):
            exact = False
        lexeme = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
        part = lexeme + (":" + ",".join(map(str, kept)) if kept else "")
        size += len(part) + 1
        parts.append(part)
        lexemes.append(lexeme)
    if size > MAX_TSVECTOR_BYTES:  # words only: then no phrase stands in it (a word without positions is in none)
        return " ".join(lexemes), False, dict.fromkeys(held)
    return " ".join(parts), exact, held


def offsets_of(value: bytes) -> array:
    found = array("i")
    found.frombytes(value)
    return found


@dataclass(frozen=True)
class Indexed:
    """What the archive stores of one document beside its stored fields."""

    tsvectors: dict[str, str]  # field -> tsvector text
    terms: dict[tuple[int, str], tuple[float, int, list[int] | None]]  # (field number, term) -> (weight, field length as stored, positions)
    lengths: dict[int, int]  # field number -> exact length
    offsets: bytes
    positions_exact: bool


def index_document(doc: dict) -> Indexed:
    """The tsvectors, postings and offsets of a Whoosh document (`index.documents.document_for`)."""
    tsvectors: dict[str, str] = {}
    terms: dict[tuple[int, str], tuple[float, int, list[int] | None]] = {}
    lengths: dict[int, int] = {}
    exact = True
    offsets = array("i")
    for number, field in enumerate(FIELDS):
        found = analyse(field, doc.get(field) or "", offsets if field == "body" else None)
        text, field_exact, held = tsvector_literal(found)
        exact = exact and field_exact
        tsvectors[field] = text
        fl = field_length(found.length)
        for term, weight in found.weights.items():
            terms[(number, term)] = (weight, fl, held.get(term))
        lengths[number] = found.length
    return Indexed(tsvectors, terms, lengths, offsets.tobytes(), exact)
