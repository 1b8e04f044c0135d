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
pair; a pair is a copy when the estimate is at least `JACCARD`, or when at least
`CONTAINMENT` of the shorter text lies inside the longer and the estimate is at
least `MIN_JACCARD` (a trimmed re-post, or one with paragraphs of its own).
Pairs join into groups (union-find). A signature is 128 values of 32 bits; the
index keeps them all end to end (`pack`, 5 MB at 10,000 articles). After a small
update only the articles changed are looked up (`regroup`): the articles with a
band equal to one of theirs are found by a search down each band's column of the
packed signatures, and those pairs are compared; the groups none of them touch
stand as they were. A large update groups everything again (`group_copies`).

Pure Python: datasketch's MinHash (which needs numpy and scipy) was measured
against it on the same texts by tests/bench/copies_bench.py.
"""

from __future__ import annotations

import hashlib
import operator
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SHINGLE_WORDS = 5
BINS = 128  # a power of two: the low bits of a shingle's hash are its bin
ROWS = 2  # rows per band: a pair sharing all the rows of one band is compared (a band is one 64-bit word)
BANDS = BINS // ROWS
JACCARD = 0.5
CONTAINMENT = 0.5  # with at least MIN_JACCARD: a re-post of a part of the story, or with its own paragraphs added
MIN_JACCARD = 0.2
MIN_WORDS = 40  # shorter texts get no signature: too little to tell a copy from a shared quote
MAX_BUCKET = 64  # members of one band compared pairwise at most; past that, with the first ones only
INCREMENTAL_MAX = 64  # articles changed in one update that `regroup` compares one by one; more: everything again

_WORD = re.compile(r"\w+")
_BIN_BITS = BINS.bit_length() - 1
_EMPTY = 0xFFFFFFFF
_MIX = 0x9E3779B1  # what an empty bin adds per bin it looked ahead (an odd 32-bit constant)
_BYTES = BINS * 4


@dataclass(frozen=True)
class Signature:
    """An article's MinHash: one 32-bit value per bin (little-endian bytes), and how many
    distinct shingles it summed up."""

    values: bytes
    shingles: int

    def bins(self) -> array:
        out = array("I")
        out.frombytes(self.values)
        return out


def pack(signatures: Mapping[str, Signature]) -> tuple[list[str], list[int], bytes]:
    """The signatures as their ids (sorted), their shingle counts, and every signature's
    values end to end in the order of the ids: what the index keeps on disk."""
    ids = sorted(signatures)
    return ids, [signatures[i].shingles for i in ids], b"".join(signatures[i].values for i in ids)


def unpack(ids, shingles, values: bytes) -> dict[str, Signature]:
    """What `pack` made, back; ValueError when it is not that."""
    if not (isinstance(ids, list) and isinstance(shingles, list) and isinstance(values, (bytes, bytearray, memoryview))):
        raise ValueError("not packed signatures")
    if len(ids) != len(shingles) or len(values) != _BYTES * len(ids):
        raise ValueError("not packed signatures")
    if not all(isinstance(i, str) for i in ids) or not all(isinstance(n, int) for n in shingles):
        raise ValueError("not packed signatures")
    values = bytes(values)
    return {i: Signature(values[k * _BYTES : (k + 1) * _BYTES], n) for k, (i, n) in enumerate(zip(ids, shingles))}


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
        b, v = h & mask, (h >> _BIN_BITS) & _EMPTY
        if v < mins[b]:
            mins[b] = v
    return Signature(array("I", _densified(mins)).tobytes(), len(shingles))


def _densified(mins: list[int]) -> list[int]:
    """Each empty bin takes the value of the next full one, mixed with how far it looked:
    two texts agree there as often as in a full bin (rotation densification)."""
    if _EMPTY not in mins:
        return mins
    out = list(mins)
    for i, v in enumerate(mins):
        if v == _EMPTY:
            for step in range(1, BINS):
                w = mins[(i + step) % BINS]
                if w != _EMPTY:
                    out[i] = (w + step * _MIX) & _EMPTY
                    break
    return out


def _agree(a: array, b: array) -> float:
    return sum(map(operator.eq, a, b)) / BINS


def jaccard(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of the two texts' shingles."""
    return _agree(a.bins(), b.bins())


def containment(a: Signature, b: Signature, j: float | None = None) -> float:
    """The estimated share of the smaller text's shingles that the other has too."""
    j = jaccard(a, b) if j is None else j
    shared = j / (1 + j) * (a.shingles + b.shingles)
    return min(1.0, shared / max(1, min(a.shingles, b.shingles)))


def _copies(j: float, a: Signature, b: Signature) -> bool:
    return j >= JACCARD or (j >= MIN_JACCARD and containment(a, b, j) >= CONTAINMENT)


def is_copy(a: Signature, b: Signature) -> bool:
    return _copies(jaccard(a, b), a, b)


class _Union:
    """Union-find over article ids; the smaller id is each set's root."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[tuple[str, ...]]:
        found: dict[str, set[str]] = {}
        for x in self.parent:
            root = self.find(x)
            found.setdefault(root, {root}).add(x)
        return sorted((tuple(sorted(g)) for g in found.values() if len(g) > 1), key=lambda g: g[0])


def group_copies(signatures: Mapping[str, Signature]) -> list[tuple[str, ...]]:
    """The groups of two or more articles that are copies of each other, each sorted,
    the groups by their first member: pairs sharing a band are compared."""
    buckets: dict[bytes, list[str]] = {}
    for article_id in sorted(signatures):
        v = signatures[article_id].values
        for i in range(BANDS):
            buckets.setdefault(v[i * ROWS * 4 : (i + 1) * ROWS * 4] + bytes((i,)), []).append(article_id)
    union = _Union()
    compared: set[tuple[str, str]] = set()
    bins: dict[str, array] = {}
    for members in {tuple(m) for m in buckets.values() if len(m) > 1}:  # copies share many bands: each set once
        heads = members[:MAX_BUCKET]
        for i, a in enumerate(members):
            for b in heads[: min(i, MAX_BUCKET)]:
                if (b, a) in compared or union.find(a) == union.find(b):
                    continue
                compared.add((b, a))
                sa, sb = signatures[a], signatures[b]
                ba = bins[a] if a in bins else bins.setdefault(a, sa.bins())
                bb = bins[b] if b in bins else bins.setdefault(b, sb.bins())
                if _copies(_agree(ba, bb), sa, sb):
                    union.join(a, b)
    return union.groups()


def regroup(
    signatures: Mapping[str, Signature], groups: Iterable[Iterable[str]], changed: Iterable[str]
) -> list[tuple[str, ...]]:
    """The groups after the articles `changed` (added, edited or removed) changed: each
    changed article still there is compared with every other, and the groups that held
    one are checked again; the rest stand. Many changes: `group_copies` of everything."""
    changed = set(changed)
    if len(changed) > INCREMENTAL_MAX:
        return group_copies(signatures)
    # Only the groups a changed article touches go through the union-find: a wire-heavy
    # folder has most of its articles in groups, and joining them all again was most of
    # a one-file update's regrouping.
    kept: list[tuple[str, ...]] = []
    group_at: dict[str, int] = {}
    recheck: list[list[str]] = []
    for group in groups:
        group = [a for a in group if a in signatures]
        if any(a in changed for a in group) or len(group) < 2:
            recheck.append([a for a in group if a not in changed])
            continue
        group_at.update(dict.fromkeys(group, len(kept)))
        kept.append(tuple(group))
    union = _Union()
    for group in recheck:  # a group that lost a member may fall apart
        for n, a in enumerate(group):
            for b in group[n + 1 :]:
                if is_copy(signatures[a], signatures[b]):
                    union.join(a, b)
    absorbed: set[int] = set()
    todo = sorted(changed & set(signatures))
    if todo:
        ids = list(signatures)
        columns = _band_columns(b"".join(signatures[i].values for i in ids))
        for article_id in todo:
            sig = signatures[article_id]
            for k in _sharing_a_band(sig.values, columns):
                other = ids[k]
                if other != article_id and is_copy(sig, signatures[other]):
                    at = group_at.get(other)
                    if at is not None:  # joins a standing group: it is one of the new ones now
                        absorbed.add(at)
                        other = kept[at][0]
                    union.join(article_id, other)
    for at in absorbed:
        for a in kept[at][1:]:
            union.join(kept[at][0], a)
    standing = [g for n, g in enumerate(kept) if n not in absorbed]
    return sorted(standing + union.groups(), key=lambda g: g[0])


def _band_columns(values: bytes) -> list[bytes]:
    """Signatures' values end to end, as one column per band: the band's 64-bit word of
    each signature in turn (ROWS is 2: a band is two 32-bit values). A strided view of
    the words, copied once per column: no array of all of them."""
    words = memoryview(values).cast("Q")
    return [words[band::BANDS].tobytes() for band in range(BANDS)]


def _sharing_a_band(values: bytes, columns: list[bytes]) -> set[int]:
    """Which signatures of `columns` (`_band_columns`) have a band equal to one of
    `values`'s: a search in C down each band's column, no loop over the articles."""
    found: set[int] = set()
    width = ROWS * 4
    for band, column in enumerate(columns):
        needle = values[band * width : (band + 1) * width]
        at = column.find(needle)
        while at >= 0:
            if at % width == 0:  # else the bytes straddle two signatures' words
                found.add(at // width)
            at = column.find(needle, at + 1)
    return found


def group_of(groups: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each grouped article's group."""
    return {article_id: g for g in groups for article_id in g}
