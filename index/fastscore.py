"""Top documents for queries of plain terms, scored a block of postings at a time.

Most searches are words joined by AND and OR (aliases, fuzzy terms and
prefixes are expanded into such words before this). For them, Whoosh's matcher
tree costs several Python calls per matching document — `next`, `id`, `score`
through wrapper, union and intersection matchers — which at 50,000 articles is
most of a common word's search. Here each word's postings are read a block at a
time into a {document: score} dict, with the very scorer Whoosh would use, and
the dicts are summed (OR) or intersected (AND) as Whoosh's union and
intersection matchers sum scores. Same documents, same scores, same order;
anything else (phrases, ranges, NOT, …) returns None and takes Whoosh's path.
"""

from __future__ import annotations

import heapq
import operator
from bisect import bisect_right
from collections.abc import Mapping
from functools import partial
from itertools import accumulate
from struct import Struct

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25FScorer

from . import offsets
from .offsets import Offsets
from .spans import FIELD as SEEN_FIELD  # the field whose hits get spans: its postings' values are kept
from .weighting import length_norms


class Unsupported(Exception):
    """The query has a part this module does not score; use Whoosh's matchers."""


SEEN_POSTINGS = 20_000  # at most this many postings' values kept by one search (a prefix like "s*" reads millions)


class _Kept(dict):
    """One segment's kept values, word -> {docnum: raw value}, within a budget of postings."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def for_word(self, word: bytes, postings: int) -> dict[int, bytes] | None:
        """Where to keep a word's values, or None when its postings would overrun the budget."""
        if word in self:
            return self[word]
        if postings > self.room:
            return None
        self.room -= postings
        return self.setdefault(word, {})


class _Spread(Mapping):
    """A word's kept values in every segment, by the searcher's document numbers: each segment's
    dict as it was read, not copied with its numbers shifted (that copy cost a millisecond or two
    for a common word at 50,000 articles, and only the top hits' values are ever looked up)."""

    __slots__ = ("offsets", "parts")

    def __init__(self) -> None:
        self.offsets: list[int] = []  # where each segment's numbers start, ascending
        self.parts: list[dict[int, bytes]] = []

    def add(self, offset: int, values: dict[int, bytes]) -> None:
        self.offsets.append(offset)
        self.parts.append(values)

    def get(self, docnum: int, default=None):
        i = bisect_right(self.offsets, docnum) - 1
        return self.parts[i].get(docnum - self.offsets[i], default) if i >= 0 else default

    def __getitem__(self, docnum: int) -> bytes:
        value = self.get(docnum)
        if value is None:
            raise KeyError(docnum)
        return value

    def __iter__(self):
        for offset, part in zip(self.offsets, self.parts):
            yield from (d + offset for d in part)

    def __len__(self) -> int:
        return sum(map(len, self.parts))


def top_documents(
    searcher, q: wq.Query, limit: int, allow: set[int] | None, seen: dict[bytes, Mapping[int, bytes]] | None = None
) -> tuple[list[tuple[int, float]], int] | None:
    """The `limit` best (docnum, score) pairs, best first, and how many documents match; None if unsupported.

    `seen`, where given, is filled with the raw value of every posting read of the body's
    words, by word and document (up to SEEN_POSTINGS of them): all of a word's postings
    or none, so the hits' spans can be decoded from them (`spans.body_spans`) without
    reading the postings again."""
    try:
        scores: dict[int, float] = {}
        read: list[tuple[object, set[bytes]]] = []  # each segment's reader, and the words whose values it kept
        room = SEEN_POSTINGS
        for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
            reader = subsearcher.reader()
            here = _Kept(room) if seen is not None else None
            part = _scores(subsearcher, q, here)
            if here is not None:
                room = here.room
                read.append((reader, set(here)))
                for term, values in here.items():
                    spread = seen.setdefault(term, _Spread())
                    spread.add(offset, values)
            if reader.has_deletions():
                for docnum in _deleted(reader):
                    part.pop(docnum, None)
            if offset:
                scores.update({docnum + offset: score for docnum, score in part.items()})
            else:
                scores.update(part)
    except Unsupported:
        if seen is not None:
            seen.clear()
        return None
    if seen:
        # Only a word whose postings were kept in every segment that has it is known whole.
        for term in [t for t in seen if any(t not in kept and (SEEN_FIELD, t) in reader for reader, kept in read)]:
            del seen[term]
    if allow is not None:
        scores = {d: s for d, s in scores.items() if d in allow}
    # Whoosh's order: higher score first, then the lower document number.
    best = heapq.nsmallest(limit, zip(map(operator.neg, scores.values()), scores.keys()))
    return [(d, -negated) for negated, d in best], len(scores)


def _deleted(reader) -> frozenset[int]:
    """A segment's deleted documents: usually a handful, so popping them beats testing every match."""
    deleted = getattr(reader, "deleted_docs_set", None)  # Whoosh's SegmentReader keeps them as a set
    if isinstance(deleted, (set, frozenset)):
        return deleted
    return frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def _scores(searcher, q: wq.Query, seen: _Kept | None = None) -> dict[int, float]:
    if q is wq.NullQuery:
        return {}
    if type(q) is wq.Term:
        found = _term_scores(searcher, q, seen)
    elif isinstance(q, wq.Phrase) and q.slop == 1 and len(q.words) > 1:
        found = _phrase_scores(searcher, q, seen)
    elif type(q) is wq.Or and not q.scale and not getattr(q, "minmatch", 0):
        found = {}
        for child in q.subqueries:
            for docnum, score in _scores(searcher, child, seen).items():
                found[docnum] = found.get(docnum, 0.0) + score
    elif type(q) is wq.And:
        parts = sorted((_scores(searcher, child, seen) for child in q.subqueries), key=len)
        if not parts:
            raise Unsupported
        found = dict(parts[0])
        for part in parts[1:]:
            found = {d: s + part[d] for d, s in found.items() if d in part}
    else:
        raise Unsupported
    if q.boost != 1.0:
        found = {d: s * q.boost for d, s in found.items()}
    return found


def _term_scores(searcher, term: wq.Term, seen: _Kept | None = None) -> dict[int, float]:
    m = _leaf(searcher, term.fieldname, term.text)
    if m is None:
        return {}
    scores = _block_scorer(searcher, term.fieldname, m)
    found: dict[int, float] = {}
    values = _kept_for(searcher, seen, term.fieldname, term.text)
    if values is not None:
        for ids, weights, raw in _blocks(m, with_values=True):  # the values come with the block's data
            found.update(zip(ids, scores(ids, weights)))
            values.update(zip(ids, raw))
        return found
    for ids, weights in _blocks(m):
        found.update(zip(ids, scores(ids, weights)))
    return found


def _kept_for(searcher, seen: _Kept | None, fieldname: str, word) -> dict[int, bytes] | None:
    """Where to keep the values of a word's postings in this segment, if they are to be kept."""
    if seen is None or fieldname != SEEN_FIELD:
        return None
    text = searcher.schema[fieldname].to_bytes(word)
    return seen.for_word(text, searcher.reader().doc_frequency(fieldname, text))


def _block_scorer(searcher, fieldname: str, m: W3LeafMatcher):
    """(ids, weights) -> the scores Whoosh's scorer gives those postings. For BM25F with the
    segment's length norms at hand (`weighting.length_norms`) the formula is written out
    in one comprehension, the same operations in the same order: no call per posting."""
    scorer = m.scorer
    if type(scorer) is BM25FScorer:
        norms = length_norms(searcher.reader(), fieldname, scorer.B, scorer.K1, scorer.avgfl)
        if norms is not None:
            idf, k1p = scorer.idf, scorer.K1 + 1
            return lambda ids, weights: [idf * ((tf * k1p) / (tf + norms[d])) for d, tf in zip(ids, weights)]
    score, length = scorer._score, scorer.dfl
    return lambda ids, weights: [score(w, length(d)) for d, w in zip(ids, weights)]


def _phrase_scores(searcher, phrase: wq.Phrase, seen: _Kept | None = None) -> dict[int, float]:
    """Documents with the words at consecutive positions. The score is the sum of the
    words' scores, as Whoosh's phrase matcher scores its intersection of the words."""
    words = []
    for word in phrase.words:
        m = _leaf(searcher, phrase.fieldname, word)
        if m is None:
            return {}
        kept = _kept_for(searcher, seen, phrase.fieldname, word)
        values = {} if kept is None else kept  # docnum: raw value, kept for the spans where asked
        weights = {}  # docnum: weight; scored only where the phrase stands
        for ids, ws, vs in _blocks(m, with_values=True):
            values.update(zip(ids, vs))
            weights.update(zip(ids, ws))
        words.append((weights, values, m.format, _block_scorer(searcher, phrase.fieldname, m)))
    docs = list(set(words[0][0]).intersection(*(w[0] for w in words[1:])))
    matched = _adjacent(docs, [(values, format_) for _, values, format_, _ in words])
    return dict(zip(matched, _tree_sum([scores(matched, [weights[d] for d in matched]) for weights, _, _, scores in words])))


def _tree_sum(parts: list[list[float]]) -> list[float]:
    """The words' scores summed as Whoosh's phrase matcher sums them: over a binary tree of
    intersections (`make_binary_tree`), so a + (b + c) for three words, to the last bit."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return [a + b for a, b in zip(_tree_sum(parts[:half]), _tree_sum(parts[half:]))]


def _adjacent(docs: list[int], words: list[tuple[dict[int, bytes], object]]) -> list[int]:
    """Those of `docs` where the words stand at consecutive positions; each word given by
    its raw values by document and its postings format.

    A hundred-odd documents at a time: decoded all at once, a common phrase's thousands of
    lists outlived enough collections of the young generation to set off full ones (four in
    forty searches at 50k, 25 ms each); in chunks they are gone before the next."""
    found: list[int] = []
    for i in range(0, len(docs), _CHUNK):
        found += _adjacent_in(docs[i : i + _CHUNK], words)
    return found


_CHUNK = 128


def _adjacent_in(docs: list[int], words: list[tuple[dict[int, bytes], object]]) -> list[int]:
    # A later word's positions, less its offset, equal the first word's where the phrase stands.
    body = all(type(format_) is Offsets for _, format_ in words)
    if body and len(words) == 2 and not offsets.BIG_ENDIAN:
        # The commonest case, written out: a function call per document was a fifth of the
        # search. Most values hold one occurrence (12 bytes): its position is read directly.
        first, second = words[0][0], words[1][0]
        found = []
        for d in docs:
            a, b = first[d], second[d]
            if len(a) == 12:
                after = _FIRST(a)[0] + 1
                if (after == _FIRST(b)[0]) if len(b) == 12 else (after in _positions(b)):
                    found.append(d)
            elif not set(_positions(a)).isdisjoint(map(_LESS_ONE, _positions(b))):
                found.append(d)
        return found
    if body:
        positions = [map(offsets.positions_of, map(values.__getitem__, docs)) for values, _ in words]
    else:  # the title's plain positions: decoded as Whoosh does
        positions = [map(format_.decoder("positions"), map(values.__getitem__, docs)) for values, format_ in words]
    if len(words) == 2:
        return [d for d, a, b in zip(docs, *positions) if not set(a).isdisjoint(map(_LESS_ONE, b))]
    shifted = [positions[0]] + [map(partial(map, (-offset).__add__), later) for offset, later in enumerate(positions[1:], 1)]
    found = []
    for d, a, *rest in zip(docs, *shifted):
        starts = set(a)
        for b in rest:
            starts.intersection_update(b)
            if not starts:
                break
        else:
            found.append(d)
    return found


_LESS_ONE = (-1).__add__
_FIRST = Struct("<I").unpack_from  # a value's first position


def _positions(value: bytes) -> memoryview:
    ints = memoryview(value).cast(offsets.TYPECODE)  # positions, then starts and ends
    return ints[: len(ints) // 3]


def _leaf(searcher, fieldname: str, word) -> W3LeafMatcher | None:
    """The postings of a word of one segment, deletions not filtered; None if it has none."""
    if fieldname not in searcher.schema:
        return None
    try:
        text = searcher.schema[fieldname].to_bytes(word)
    except ValueError:
        return None
    if (fieldname, text) not in searcher.reader():
        return None
    m = searcher.postings(fieldname, text)
    if isinstance(m, FilterMatcher):  # deletions: the caller takes them out
        m = m.child
    if type(m) is not W3LeafMatcher or m.scorer is None or not hasattr(m.scorer, "dfl"):
        raise Unsupported
    return m


def _blocks(m: W3LeafMatcher, with_values: bool = False):
    """The matcher's postings a block at a time: (ids, weights[, values]) from where it stands."""
    while m.is_active():
        if m._ids is None:  # as `_read_ids`, with the deltas summed in C, not by Whoosh's generator
            if m._data is None:
                m._read_data()
            m._ids = m._data[0] if m._byteids else tuple(accumulate(m._data[0]))
        if m._weights is None:
            m._read_weights()
        start = m._i
        if with_values:
            if m._values is None:
                m._read_values()
            yield m._ids[start:], m._weights[start:], m._values[start:]
        else:
            yield m._ids[start:], m._weights[start:]
        m._next_block()
