"""Finding a bookmarked passage again after its article was edited.

``exact`` (the offsets still hold), ``moved`` (the same text elsewhere), ``fuzzy``
(similar text where prefix, passage and suffix best align) or ``orphaned`` (kept,
not found).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..article import Article
from .bookmark import Bookmark

STATUSES = ("exact", "moved", "fuzzy", "orphaned")

@dataclass(frozen=True)
class Location:
    """Where a bookmark's passage is in its article now; no offsets when orphaned."""

    start: int | None
    end: int | None
    status: str  # one of STATUSES


ORPHANED = Location(None, None, "orphaned")
FUZZY_MIN_RATIO = 0.6  # how alike the found passage and the bookmarked one must be
FUZZY_CHUNK = 12  # length of the pieces of the passage searched for exactly, to find where it went
FUZZY_CANDIDATES = 3


def locate(bookmark: Bookmark, article: Article | None) -> Location:
    """Find the passage: by its offsets, else by its exact text, else by a fuzzy match with its context."""
    if article is None or not bookmark.text:
        return ORPHANED
    text = article.text
    if text[bookmark.start : bookmark.end] == bookmark.text:
        return Location(bookmark.start, bookmark.end, "exact")
    found = _find_exact(bookmark, text)
    if found is not None:
        return Location(found, found + len(bookmark.text), "moved")
    span = _find_fuzzy(bookmark, text)
    if span is not None:
        return Location(span[0], span[1], "fuzzy")
    return ORPHANED


def _find_exact(bookmark: Bookmark, text: str) -> int | None:
    """The occurrence of the passage whose surroundings best match the stored prefix and suffix."""
    starts = [m.start() for m in re.finditer(re.escape(bookmark.text), text)]
    if not starts:
        return None

    def score(start: int) -> tuple[int, int]:
        before = text[max(0, start - len(bookmark.prefix)) : start]
        after = text[start + len(bookmark.text) :][: len(bookmark.suffix)]
        context = _common_suffix(before, bookmark.prefix) + _common_prefix(after, bookmark.suffix)
        return (context, -abs(start - bookmark.start))

    return max(starts, key=score)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _find_fuzzy(bookmark: Bookmark, text: str) -> tuple[int, int] | None:
    """The stretch of `text` most like the passage, aligning prefix+passage+suffix where pieces of it still occur."""
    needle = bookmark.prefix + bookmark.text + bookmark.suffix
    slack = len(needle) // 2 + FUZZY_CHUNK
    best: tuple[float, int, int] | None = None
    stored_origin = bookmark.start - len(bookmark.prefix)  # an edit elsewhere often leaves it close
    for origin in dict.fromkeys([*_likely_origins(needle, text), stored_origin]):
        lo, hi = max(0, origin - slack), min(len(text), origin + len(needle) + slack)
        opcodes = difflib.SequenceMatcher(None, text[lo:hi], needle, autojunk=False).get_opcodes()
        start = lo + _map_offset(opcodes, len(bookmark.prefix))
        end = lo + _map_offset(opcodes, len(bookmark.prefix) + len(bookmark.text))
        start, end = _snap_to_words(bookmark, text, start, end)
        if end <= start:
            continue
        ratio = difflib.SequenceMatcher(None, text[start:end], bookmark.text, autojunk=False).ratio()
        if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best[0]):
            best = (ratio, start, end)
    return best[1:] if best else None


def _snap_to_words(bookmark: Bookmark, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each end of a fuzzy match to the nearest word edge when the bookmarked passage had one there.

    Where a word at the edge of the passage was rewritten, the alignment can cut
    into it; an analyst's passage starts and ends between words.
    """
    if (not bookmark.prefix or bookmark.prefix[-1].isspace()) and not bookmark.text[0].isspace():
        start = _nearest(start, text, lambda i: i == 0 or (text[i - 1].isspace() and not text[i].isspace()))
    if (not bookmark.suffix or bookmark.suffix[0].isspace()) and not bookmark.text[-1].isspace():
        end = _nearest(end, text, lambda i: i == len(text) or (text[i].isspace() and not text[i - 1].isspace()))
    return start, end


def _nearest(at: int, text: str, is_edge: Callable[[int], bool]) -> int:
    for distance in range(FUZZY_CHUNK * 2):
        for i in (at - distance, at + distance):
            if 0 <= i <= len(text) and is_edge(i):
                return i
    return at


def _likely_origins(needle: str, text: str) -> list[int]:
    """Where `needle` would start in `text`, by votes of the pieces of it found there verbatim.

    Searching pieces with str.find keeps this fast on long articles, where aligning
    the whole article with difflib would take seconds.
    """
    votes: dict[int, int] = {}
    size = min(FUZZY_CHUNK, len(needle))
    for piece_start in range(0, len(needle) - size + 1, max(1, size // 2)):
        piece = needle[piece_start : piece_start + size]
        if not piece.strip():
            continue
        hits = list(itertools.islice(_occurrences(text, piece), 11))
        if len(hits) > 10:
            continue  # too common to say where the passage is
        for hit in hits:
            bucket = (hit - piece_start) // FUZZY_CHUNK
            votes[bucket] = votes.get(bucket, 0) + 1
    ranked = sorted(votes, key=lambda b: -votes[b])[:FUZZY_CANDIDATES]
    return [bucket * FUZZY_CHUNK for bucket in ranked]


def _occurrences(text: str, piece: str) -> Iterator[int]:
    at = text.find(piece)
    while at != -1:
        yield at
        at = text.find(piece, at + 1)


def _map_offset(opcodes: list[tuple[str, int, int, int, int]], j: int) -> int:
    """The position in the first sequence that lines up with position `j` of the second."""
    for tag, i1, i2, j1, j2 in opcodes:
        if j1 <= j < j2:
            return i1 + min(j - j1, i2 - i1) if tag != "insert" else i1
    return opcodes[-1][2] if opcodes else 0
