"""A search hit and the snippet shown for it, built from the hit's character offsets."""

from __future__ import annotations

from dataclasses import dataclass

SNIPPET_CHARS = 200


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

    def to_json(self) -> dict:
        return {
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "hits": [list(span) for span in self.hits],
        }


def make_snippet(text: str, hits: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around the densest run of hits, on one line, with the hits' spans in it."""
    if not hits:
        start, end = _first_words(text, width)
        return _flatten(text[start:end], start, end, len(text)), ()
    # The window start that covers the most hits.
    best, best_count = hits[0][0], 0
    for i, (s, _) in enumerate(hits):
        count = sum(1 for hs, he in hits[i:] if he <= s + width)
        if count > best_count:
            best, best_count = s, count
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
