"""Incidents from one article, sentence by sentence.

A sentence that describes an event of the taxonomy (a trigger phrase) and names
a party to it becomes an incident, dated against the publication date, placed
at the most specific place it names (Rukban rather than Homs, which holds it;
never a country) and with its actors from the gazetteer. Sentences of one
article about the same event are one incident.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..article import Article, Published
from ..dates import PRECISION_RANK, compatible, find_dates
from ..gazetteer import Gazetteer, default
from ..reading.context import masked_quotes
from ..reading.places import mentions_in
from ..reading.sentences import sentence_spans
from .incident import Incident, Report
from .merge import join

# Trigger phrases, in the order a sentence is tested: the first type that matches wins.
_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("agreement", r"\b(?:reached|signed|struck|brokered|extend(?:ed|ing)?|suspend(?:ed|s)?|renew(?:ed)?|"
         r"went into (?:force|effect)|took effect|agreed)\b.{0,80}\b(?:agreement|memorandum|cease-?fire|truce|deal|accord)\b|"
         r"\b(?:agreement|memorandum|cease-?fire|truce|deal|accord)s?\b.{0,60}\b(?:reached|signed|extend(?:ed)?|suspended|"
         r"went into (?:force|effect)|took effect)\b|\bagreed to\b"),
        ("ground_confrontation", r"\b(?:convoy|patrol|vehicles?|troops?)\b.{0,80}\b(?:blocked|stopped|turned back|rammed|"
         r"forced (?:back|to turn)|stand-?off|confront\w*|collid\w+)\b|\b(?:blocked|stopped|turned back|rammed)\b.{0,40}\b(?:convoy|patrol|vehicles?)\b"),
        ("air_encounter", r"\b(?:unsafe|unprofessional|intercept(?:ed|ion|s)?|flares|near[- ]miss|close call|buzz(?:ed)?|"
         r"dangerous(?:ly)? (?:close|maneuver\w*|manoeuvre\w*))\b"),
        ("strike", r"\b(?:bomb(?:ed|ing|s)?|air ?strikes?|airstrikes?|struck|shell(?:ed|ing)|bombard(?:ed|ment)|(?:was|were) attacked|"
         r"(?:attacked|hit|targeted|pounded|raided) (?:the|a|an|several|positions|targets)\b|(?:missile|artillery|drone) (?:strike|attack)s?)"),
        ("proposal", r"\b(?:propos(?:ed|al|es|ing)|floated the idea|suggested (?:removing|establishing|joint|that)|"
         r"offered to|called for (?:talks|joint))\b"),
        ("talks", r"\b(?:(?:tele)?phone calls?|telephone|talks (?:were |was )?held|met with|meeting|spoke (?:by phone|with)|"
         r"negotiations|talked)\b"),
        ("accusation", r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|alleg(?:e|ed|es|ing|ation|ations))\b"),
        ("humanitarian_access", r"\b(?:humanitarian (?:aid|access|convoys?|deliver\w+|corridors?)|aid (?:deliver\w+|convoys?|shipments?|supplies)|"
         r"deliver(?:y|ed|ing|s)? (?:of )?(?:humanitarian )?(?:aid|food|supplies)|(?:UN|U\.N\.|United Nations|relief) convoys?)\b"),
    )
)
# A paragraph's opening dateline in capitals ("AMMAN:", "BEIRUT, LEBANON (12:25 P.M.) –"): where the
# story was filed, not where the event happened.
_DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^)\n]{1,30}\))?\s*(?:[:—–]|--|-\s)")
# Words that make a charge only in the reporter's own voice: inside a quote they are rhetoric.
_WEAK_ACCUSATION = re.compile(r"\b(?:denied|denies|violat(?:ed|ion|ions|ing)|illegal(?:ly)?|harass\w*)\b", re.I)


def extract_incidents(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """The incidents one article reports, one per event (its sentences merged)."""
    gaz = gazetteer or default()
    text = article.text
    masked = masked_quotes(article)[1]  # quotes blanked out
    found: list[Incident] = []
    for p in article.content_paragraphs:
        if p.kind != "body":
            continue
        for s, e in sentence_spans(text, p.start, p.end):
            kinds = _classify(text[s:e], masked[s:e])
            if not kinds:
                continue
            actors = tuple(dict.fromkeys(n for n, _, _ in mentions_in(text, s, e, gaz, "actor")))
            places = [n for n, ps, _ in mentions_in(text, s, e, gaz, "place") if ps >= _dateline_end(text, p.start, p.end)]
            if not actors and not places:
                continue
            dates = find_dates(text, article.published, s, e)
            date = _best_date(dates) if dates else article.published
            place = gaz.most_specific(places)
            for kind in kinds:
                found.append(
                    Incident(
                        id=f"{_stem(article.id)}#{len(found) + 1}",
                        date=date,
                        place=place,
                        actors=actors,
                        type=kind,
                        summary=_summary(text[s:e]),
                        reports=(Report(article.id, s, e),),
                    )
                )
    return _merge_within(found, gaz)


def _classify(sentence: str, outside_quotes: str) -> list[str]:
    """The incident types a sentence reports: every trigger that matches, at most two."""
    kinds = [kind for kind, pattern in _TRIGGERS if pattern.search(sentence)]
    if not kinds and _WEAK_ACCUSATION.search(outside_quotes):
        kinds = ["accusation"]
    if "accusation" in kinds and "humanitarian_access" in kinds:
        kinds.remove("humanitarian_access")  # blamed for failing to secure aid: the charge is the event
    return kinds[:2]


def _merge_within(incidents: list[Incident], gaz: Gazetteer) -> list[Incident]:
    """One article's sentences about one event: same type, compatible date and place (the
    same, or one inside the other: the narrower is kept)."""
    merged: list[Incident] = []
    for inc in incidents:
        for k, other in enumerate(merged):
            if other.type == inc.type and compatible(other.date, inc.date) and _places_meet(other.place, inc.place, gaz):
                narrower = inc.place if other.place and inc.place and gaz.contains(other.place, inc.place) else None
                merged[k] = replace(join(other, inc), place=narrower) if narrower else join(other, inc)
                break
        else:
            merged.append(inc)
    return merged


def _dateline_end(text: str, start: int, end: int) -> int:
    m = _DATELINE.match(text, start, end)
    return m.end() if m else start


def _places_meet(a: str | None, b: str | None, gaz: Gazetteer) -> bool:
    return not a or not b or a == b or gaz.contains(a, b) or gaz.contains(b, a)


def _best_date(dates) -> Published:
    return min((d.date for d in dates), key=lambda d: PRECISION_RANK.get(d.precision, 3))


def _summary(sentence: str, limit: int = 160) -> str:
    s = " ".join(sentence.split())
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + "…"


def _stem(article_id: str) -> str:
    return re.sub(r"\.(?:txt|md)$", "", article_id)
