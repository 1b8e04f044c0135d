"""Wire copies and near-duplicates: articles whose text is essentially the same.

One wire story re-posted under another headline, with its last paragraphs cut or
a sentence added, is still the same story. Each article's text (its body and
captions: not the headline, not the boilerplate) is cut into word shingles
(five words running, case and punctuation aside) and summed up by a MinHash
signature: one hash per shingle, the least of them kept in each of 128 bins
(one-permutation hashing, empty bins filled from their neighbour: Shrivastava &
Li, 2014), which estimates the Jaccard similarity of two texts' shingles as the
share of bins where their signatures agree. Locality-sensitive hashing (bands of
rows of the signature) finds the pairs worth comparing without comparing every
pair; a pair is a copy when the estimate is at least `JACCARD`, or when the
shorter text lies mostly inside the longer (`CONTAINMENT`: a trimmed re-post).
Pairs join into groups (union-find).

Pure Python: datasketch's MinHash (which needs numpy and scipy) was measured
against it on the same texts by tests/bench/copies_bench.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SHINGLE_WORDS = 5
BINS = 128  # a power of two: the low bits of a shingle's hash are its bin
ROWS = 2  # rows per band: a pair sharing all the rows of one band is compared
BANDS = BINS // ROWS
JACCARD = 0.5
CONTAINMENT = 0.5  # with at least MIN_JACCARD: a re-post of a part of the story, or with its own paragraphs added
MIN_JACCARD = 0.2
MIN_WORDS = 40  # shorter texts get no signature: too little to tell a copy from a shared quote
MAX_BUCKET = 64  # members of one band compared pairwise at most; past that, with the first ones only

_WORD = re.compile(r"\w+")
_VALUE_BITS = 64 - (BINS.bit_length() - 1)
_EMPTY = (1 << 64) - 1
_HEX = 16  # hex digits per bin


@dataclass(frozen=True)
class Signature:
    """An article's MinHash: one value per bin, and how many distinct shingles it summed up."""

    values: tuple[int, ...]
    shingles: int

    def to_json(self) -> list:
        return [self.shingles, "".join(f"{v:016x}" for v in self.values)]

    @classmethod
    def from_json(cls, data) -> Signature:
        shingles, digits = data
        if not isinstance(shingles, int) or not isinstance(digits, str) or len(digits) != BINS * _HEX:
            raise ValueError("not a signature")
        return cls(tuple(int(digits[i : i + _HEX], 16) for i in range(0, len(digits), _HEX)), shingles)


def copy_text(text: str, paragraphs) -> str:
    """What is compared of an article: its body and captions, without headline or boilerplate."""
    return "\n".join(text[p.start : p.end] for p in paragraphs if p.kind in ("body", "caption"))


def signature(text: str) -> Signature | None:
    """The MinHash of `text`'s shingles; None for a text too short to tell."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    mins = [_EMPTY] * BINS
    mask, blake = BINS - 1, hashlib.blake2b
    for shingle in shingles:
        h = int.from_bytes(blake(shingle.encode(), digest_size=8).digest(), "little")
        b, v = h & mask, h >> (BINS.bit_length() - 1)
        if v < mins[b]:
            mins[b] = v
    return Signature(_densified(mins), len(shingles))


def _densified(mins: list[int]) -> tuple[int, ...]:
    """Each empty bin takes the value of the next full one, marked by how far it looked:
    two texts agree there as often as in a full bin (rotation densification)."""
    if all(v != _EMPTY for v in mins):
        return tuple(mins)
    out = list(mins)
    for i, v in enumerate(mins):
        if v == _EMPTY:
            for step in range(1, BINS):
                w = mins[(i + step) % BINS]
                if w != _EMPTY:
                    out[i] = w + (step << _VALUE_BITS)
                    break
    return tuple(out)


def jaccard(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of the two texts' shingles."""
    return sum(1 for x, y in zip(a.values, b.values) if x == y) / BINS


def containment(a: Signature, b: Signature, j: float | None = None) -> float:
    """The estimated share of the smaller text's shingles that the other has too."""
    j = jaccard(a, b) if j is None else j
    shared = j / (1 + j) * (a.shingles + b.shingles)
    return min(1.0, shared / max(1, min(a.shingles, b.shingles)))


def is_copy(a: Signature, b: Signature) -> bool:
    j = jaccard(a, b)
    return j >= JACCARD or (j >= MIN_JACCARD and containment(a, b, j) >= CONTAINMENT)


def _bands(s: Signature) -> Iterable[tuple]:
    v = s.values
    return ((i, *v[i * ROWS : (i + 1) * ROWS]) for i in range(BANDS))


def group_copies(signatures: Mapping[str, Signature]) -> list[tuple[str, ...]]:
    """The groups of two or more articles that are copies of each other, each sorted,
    the groups by their first member."""
    buckets: dict[tuple, list[str]] = {}
    for article_id in sorted(signatures):
        for band in _bands(signatures[article_id]):
            buckets.setdefault(band, []).append(article_id)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    compared: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        heads = members[:MAX_BUCKET]
        for i, a in enumerate(members):
            for b in heads[: min(i, MAX_BUCKET)]:
                ra, rb = find(a), find(b)
                if ra == rb or (b, a) in compared:
                    continue
                compared.add((b, a))
                if is_copy(signatures[a], signatures[b]):
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for article_id in parent:
        groups.setdefault(find(article_id), []).append(article_id)
    found = [tuple(sorted(set(g) | {root})) for root, g in groups.items()]
    return sorted((g for g in found if len(g) > 1), key=lambda g: g[0])


def group_of(groups: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each grouped article's group."""
    return {article_id: g for g in groups for article_id in g}
