"""What each side claimed about an incident: the quotes of its reports, by the side of who said them.

A report's claims are the quotes of its article in the report's passage and the
paragraph after it (where an article quotes its sources on the event it has just
told), each with its speaker. A speaker's side comes from the words that name
it ("the Russian Defense Ministry", "the Pentagon", "a U.S. official"), else
from its role ("NSC spokesman"), else from the sentence that attributes the
quote; what names no side is kept apart as "unattributed side".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..article import Article
from .incident import Incident, Report
from .triggers import sides_in

NO_SIDE = "unattributed side"
# Bodies whose side their name does not say.
_BODY_SIDES = {
    "nsc": "United States", "national security council": "United States", "white house": "United States",
    "state department": "United States", "centcom": "United States", "central command": "United States",
    "joint chiefs": "United States", "operation inherent resolve": "US-led coalition", "cjtf-oir": "US-led coalition",
    "tass": "Russia", "ria novosti": "Russia", "interfax": "Russia", "sputnik": "Russia", "zvezda": "Russia",
    "reconciliation center": "Russia", "general staff": "Russia", "sana": "Syrian government",
}  # fmt: skip


@dataclass(frozen=True)
class Claim:
    """A quote of one of an incident's reports, with who said it and their side."""

    side: str
    speaker: str | None
    text: str
    article_id: str
    outlet: str | None
    start: int
    end: int


def side_of(*phrases: str | None) -> str | None:
    """The side the first phrase naming one names: by its words, or a body's known side."""
    for phrase in phrases:
        if not phrase:
            continue
        found = sides_in(phrase, 0, len(phrase))
        if found:
            return found[0][0]
        low = phrase.lower()
        for body, side in _BODY_SIDES.items():
            if body in low:
                return side
    return None


def report_quotes(article: Article, analysis, report: Report) -> list:
    """The quotes (of kind quote) in a report's passage and in the paragraph after it."""
    start, end = report.start, report.end
    paragraph = article.paragraph_at(report.end - 1)
    if paragraph is not None:
        following = next((p for p in article.content_paragraphs if p.start >= paragraph.end), None)
        end = max(end, paragraph.end, following.end if following else 0)
    return [q for q in analysis.quotes if q.kind == "quote" and start <= q.start and q.end <= end]


def claims(incident: Incident, reading: Callable[[str], tuple[Article, object] | None]) -> dict[str, list[Claim]]:
    """The claims of each side about `incident`, in the order of its reports; `reading(article_id)`
    gives a reporting article and its analysis (None if it cannot be read)."""
    by_side: dict[str, list[Claim]] = {}
    seen: set[tuple[str, int]] = set()
    for report in incident.reports:
        read = reading(report.article_id)
        if read is None:
            continue
        article, analysis = read
        for q in report_quotes(article, analysis, report):
            if (article.id, q.start) in seen:
                continue
            seen.add((article.id, q.start))
            sentence_start = article.text.rfind("\n", 0, q.start) + 1
            context = article.text[sentence_start : q.start] + article.text[q.end : q.end + 120]
            side = side_of(q.speaker, q.role, context) or NO_SIDE
            by_side.setdefault(side, []).append(Claim(side, q.speaker, q.text, article.id, report.outlet or article.outlet, q.start, q.end))
    return by_side
