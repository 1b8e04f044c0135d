"""What each side claimed about an incident: the quotes of its reports, by the side of who said them.

A report's claims are the quotes of its article in the report's passage and the
paragraph after it (where an article quotes its sources on the event it has just
told), each with its speaker. A speaker's side comes from the words that name
it ("the Russian Defense Ministry", "the Pentagon", "a U.S. official"), else
from its role ("NSC spokesman"), else from the sentence that attributes the
quote; what names no side is kept apart as "unattributed side".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..article import Article
from .incident import Incident, Report
from .triggers import sides_in

NO_SIDE = "unattributed side"
# Bodies whose side their name does not say.
_BODY_SIDES = {
    "nsc": "United States", "national security council": "United States", "white house": "United States",
    "state department": "United States", "secretary of state": "United States", "pentagon": "United States", "centcom": "United States", "central command": "United States",
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
    """The quotes (of kind quote) in a report's passage, the rest of its paragraph, and the
    run of quoting paragraphs after it (up to three), where an article gives each side's
    reaction to the event it has just told."""
    start, end = report.start, report.end
    quotes = [q for q in analysis.quotes if q.kind == "quote"]
    paragraph = article.paragraph_at(report.end - 1)
    if paragraph is not None:
        end = max(end, paragraph.end)
        following = [p for p in article.content_paragraphs if p.start >= paragraph.end][:3]
        for p in following:
            if not any(p.start <= q.start < p.end for q in quotes):
                break
            end = p.end
    return [q for q in quotes if start <= q.start and q.end <= end]


_SENTENCE_END = re.compile(r"(?<=[a-z]{3})[.!?][\"”’]?\s+")
_CLAUSE_END = re.compile(r".*(?:(?<=[a-z]{3})[.!?]\s|[\"”“;,:—]|\b(?:said|says|told|tells|added|according to|by|and)\b)", re.S)


def _introduced(text: str, speaker: str) -> list[str]:
    """How the article titles a named speaker where it names them: the words just before
    each mention ("NSC spokesman John Ullyot") and an appositive just after it
    ("Alexus Grynkewich, the top U.S. Air Force commander in the region,")."""
    words = speaker.split()
    if not words or not words[-1][:1].isupper() or words[0].lower() in ("the", "a", "an", "one"):
        return []
    name = words[-1]
    out = []
    # Where the article gives the whole name it introduces the speaker; else every mention.
    full = " ".join(words) if len(words) > 1 and " ".join(words) in text else name
    for m in re.finditer(rf"\b{re.escape(full)}\b", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 80) : m.start()]
        cut = _CLAUSE_END.match(before)
        out.append(before[cut.end() :] if cut else before)
        after = re.match(r",\s*([^,;\n]{3,80}?)(?:[,;]|(?<=[a-z]{3})[.!?](?:\s|$))", text[m.end() : m.end() + 90])
        if after and after.group(1)[:1].islower():  # "the top U.S. commander", "combined forces air component commander"
            out.append(after.group(1))
        if len(out) >= 8:
            break
    return out


def speaker_side(article: Article, q, earlier: dict[str, str]) -> str | None:
    """The side of a quote's speaker: from the words naming them, their role, the titles the
    article gives them where it names them, an earlier speaker of the same description
    ("the official" after "a US official", in `earlier`), else the attribution around the quote."""
    side = side_of(q.speaker, q.role, *(_introduced(article.text, q.speaker) if q.speaker else ()))
    head = (q.speaker or "").split()[-1:] or [""]
    if side is None and head[0].islower():
        side = earlier.get(head[0])
    if side is None:  # the attribution clause around the quote: its sentence, outside the marks
        text = article.text
        line_start = text.rfind("\n", 0, q.start) + 1
        before = text[max(line_start, q.start - 200) : q.start]
        before = before[max((m.end() for m in _SENTENCE_END.finditer(before)), default=0) :]
        after = text[q.end : q.end + 120].split("\n", 1)[0]
        end = _SENTENCE_END.search(after)
        after = after[: end.start() + 1] if end else after
        after = re.split(r"[\"“]", after, maxsplit=1)[0]  # not into the next quote
        side = side_of(before.rstrip(' "“'), after)
    if side is not None and head[0]:
        earlier[head[0]] = side
    return side


def quote_sides(article: Article, analysis) -> dict[int, str]:
    """The side of each quote's speaker (by the quote's start), read through the article in
    order; a named speaker keeps the side most of their quotes give them."""
    earlier: dict[str, str] = {}
    sides: dict[int, str] = {}
    votes: dict[str, Counter] = {}
    for q in analysis.quotes:
        side = speaker_side(article, q, earlier)
        if side is None:
            continue
        sides[q.start] = side
        if q.speaker and q.speaker.split()[-1][:1].isupper():
            votes.setdefault(q.speaker.split()[-1], Counter())[side] += 1
    for q in analysis.quotes:
        if q.speaker and q.speaker.split()[-1] in votes:
            sides[q.start] = votes[q.speaker.split()[-1]].most_common(1)[0][0]
    return sides


def claims(incident: Incident, reading: Callable[[str], tuple[Article, object] | None]) -> dict[str, list[Claim]]:
    """The claims of each side about `incident`, in the order of its reports; `reading(article_id)`
    gives a reporting article and its analysis (None if it cannot be read)."""
    by_side: dict[str, list[Claim]] = {}
    seen: set[tuple[str, int]] = set()
    sides_of: dict[str, dict[int, str]] = {}
    for report in incident.reports:
        read = reading(report.article_id)
        if read is None:
            continue
        article, analysis = read
        if article.id not in sides_of:
            sides_of[article.id] = quote_sides(article, analysis)
        for q in report_quotes(article, analysis, report):
            if (article.id, q.start) in seen:
                continue
            seen.add((article.id, q.start))
            side = sides_of[article.id].get(q.start, NO_SIDE)
            by_side.setdefault(side, []).append(Claim(side, q.speaker, q.text, article.id, report.outlet or article.outlet, q.start, q.end))
    return by_side
