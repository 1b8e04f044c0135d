"""A search hit and the snippet shown for it, built from the hit's character offsets;
copies of one article folded into one hit."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

SNIPPET_CHARS = 200


@dataclass(frozen=True)
class Copy:
    """Another article of a hit's group of copies (corpus.copies)."""

    article: str
    outlet: str | None = None
    title: str = ""
    published: str = ""


@dataclass(frozen=True)
class SearchHit:
    article: str  # article id
    title: str
    outlet: str | None
    published: str  # as Published.__str__: "2016-07-22", "2018-11", "undated"
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]  # hit spans relative to `snippet`
    hits: tuple[tuple[int, int], ...]  # hit spans as offsets into the article text
    published_from: str | None = None  # as Article.published_from
    copies: tuple[Copy, ...] = ()  # the other articles of its group of copies, if it is in one

    def to_json(self) -> dict:
        found = {
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "hits": [list(span) for span in self.hits],
        }
        if self.copies:
            found["copies"] = [{"article": c.article, "outlet": c.outlet, "title": c.title, "published": c.published} for c in self.copies]
        return found


SHOWN_OUTLETS = 3


def copies_line(copies: Iterable[Copy]) -> str:
    """"+4 copies: Newsday, Yahoo, …": how many, and the first outlets (else file names)."""
    copies = list(copies)
    names = list(dict.fromkeys(c.outlet or c.article for c in copies))
    shown = ", ".join(names[:SHOWN_OUTLETS]) + (", …" if len(names) > SHOWN_OUTLETS else "")
    return f"+{len(copies)} cop{'y' if len(copies) == 1 else 'ies'}: {shown}"


def fold_copies(hits: Iterable[SearchHit], groups: Mapping[str, tuple[str, ...]], copy_of: Callable[[str], Copy]) -> tuple[SearchHit, ...]:
    """One hit per group of copies: the best-ranked member's, with the others as its `copies`;
    the others' own hits are left out. `copy_of(article_id)` describes a member."""
    out, seen = [], set()
    for hit in hits:
        group = groups.get(hit.article)
        if group is None:
            out.append(hit)
        elif group not in seen:
            seen.add(group)
            out.append(replace(hit, copies=tuple(copy_of(m) for m in group if m != hit.article)))
    return tuple(out)


def densest(hits: list[tuple[int, int]], width: int) -> int:
    """The start of the hit that, with the hits after it, has the most ending within `width`
    of its start (the first on ties): where a snippet's window goes. `hits` sorted."""
    ends = [e for _, e in hits]
    ordered = all(a <= b for a, b in zip(ends, ends[1:]))  # spans that do not overlap: a search per hit
    best, best_count = hits[0][0], 0
    for i, (s, _) in enumerate(hits):
        count = bisect_right(ends, s + width, i) - i if ordered else sum(1 for _, e in hits[i:] if e <= s + width)
        if count > best_count:
            best, best_count = s, count
    return best


def make_snippet(text: str, hits: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around the densest run of hits, on one line, with the hits' spans in it."""
    if not hits:
        start, end = _first_words(text, width)
        return _flatten(text[start:end], start, end, len(text)), ()
    best = densest(hits, width)
    start = max(0, best - width // 4)
    # Back up to a word boundary, then forward past it.
    while start > 0 and not text[start - 1].isspace() and best - start < width // 2:
        start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace() and end - start < width + 20:
        end += 1
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    snippet = _flatten(raw, start, end, len(text))
    shift = (1 if start > 0 else 0) - lead  # the ellipsis added, the white space removed
    spans = tuple(
        (s - start + shift, e - start + shift) for s, e in hits if s >= start + lead and e <= end
    )
    return snippet, spans


def _first_words(text: str, width: int) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, min(len(text), start + width)


def _flatten(raw: str, start: int, end: int, total: int) -> str:
    """One line: newlines become spaces (same length, so spans hold), ellipses mark cuts."""
    body = raw.strip().replace("\n", " ").replace("\t", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < total else "")
