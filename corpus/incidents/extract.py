"""Incidents from one article: each event it reports, dated, placed, with its sides and a one-line summary.

1. Mentions. Every sentence of the article's body is read for the events it
   states (`triggers.event_types`): in the reporter's words, any type; inside a
   quote, only a physical event (a strike, an encounter in the air or on the
   ground), since quoted talk of agreements and charges is rhetoric more often
   than report.
2. Dates. A mention is dated by the time expression of its sentence nearest its
   trigger (`dates.find_dates`, resolved against the publication date), never by
   the date of the reporting ("the ministry said Tuesday"). Each keeps its
   precision: "on Wednesday" is a day, "last week" a month, "in 2016" a year.
3. Events. The mentions of one type are one event unless they are dated apart,
   or a later one is marked as another ("earlier", "a week before", "another
   incident"). An event without a date of its own in any mention takes the
   publication date at month precision, marked as such in `date_from`, or the
   day when the article says "today".
4. Place, sides, summary. The most specific place its sentences name (a place
   inside Syria before Syria itself), the sides they name and who acted on whom
   in the first mention, and a line made of the type, the first mention's main
   clause, the place and the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article import Article, Published
from ..dates import PRECISION_RANK, DateMention, compatible, find_dates
from ..gazetteer import Gazetteer, default
from ..reading.context import masked_quotes
from ..reading.places import mentions_in
from ..reading.sentences import sentence_spans
from .incident import Incident, Report, copy_key
from .summary import casualties, write_summary
from .triggers import HABITUAL, SIDE_OF_ACTOR, VIOLATION, event_types, sides_in

SPOKEN = ("proposal", "accusation")  # events that are something said: told when they are said
PHYSICAL = ("strike", "ground_confrontation", "air_encounter")

# Places too wide to be an event's place when a narrower one is named.
_WIDE = {"Syria", "Iraq", "Jordan", "Lebanon", "Turkey", "Russia", "United States", "Middle East"}
# A mention marked as an event other than the one the article is about.
_ANOTHER = re.compile(
    r"^\s*(?:Earlier|Previously|Before that),|\b(?:an earlier|the earlier|earlier incidents?|previous(?:ly)?|prior|before that|last (?:time|incident)|in the past|"
    r"another (?:incident|attack|strike|encounter|intercept|interception|collision|confrontation|case|occasion|time|round)|"
    r"in one (?:instance|case|incident)|including (?:an|one) (?:instance|incident|case)|one such|at one point|"
    r"a (?:week|month|day|few days) (?:after|before|earlier)|(?:days|weeks|months) (?:after|before|earlier)|"
    r"just (?:days|weeks) after|came (?:just )?(?:a|one|two|three) (?:week|weeks|days?) after)\b",
    re.I,
)
# A date right after a speech verb dates the telling, not the event: "the ministry said Tuesday".
_TOLD_BEFORE = re.compile(
    r"\b(?:said|says|told|tells|announced|reported|added|stated|confirmed|wrote|tweeted|explained|noted|"
    r"(?:said|told) (?:reporters|journalists|[A-Z][\w.]+(?: [A-Z][\w.]+){0,3})|in a statement)\s*(?:on\s+|late\s+|early\s+)?$"
)
_DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,60}\))?\s*(?:[—–-]+|:)\s*")  # used with .match: at the start
_SINCE_THEN = re.compile(r"\bsince then\b|\bever since\b", re.I)
LEDE = 3  # paragraphs at the top of an article that report what is new as of its date
# Present and present perfect: what is told as of the article's date ("have blamed", "is accusing").
_CURRENT = re.compile(
    r"\b(?:has|have|is|are)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+(?:ed|en|ing|wn|ck|ht)|said|told|thought|believed|known|seen)\b"
    r"|\b(?:says|accuses|blames|warns|proposes)\b",
    re.I,
)
# A sentence that places the event told before: "The incident took place over Homs".
_PLACE_AFTER = re.compile(r"\b(?:the|this|that) (?:incident|encounter|attack|strike|strikes|collision|interaction|confrontation|intercept|episode|clash)\b[^;]{0,30}\b(?:took place|happened|occurred)\b", re.I)
# A date that dates a document, not an event: "the protocols dated Dec. 9, 2019".
_DOCUMENT_DATE = re.compile(r"\b(?:dated|signed on|of)\s+$")
@dataclass
class _Mention:
    type: str
    start: int  # the sentence: the report's evidence
    end: int
    trigger: int
    date: Published | None  # the date the sentence gives the event, if it gives one
    today: bool
    another: bool  # marked as an event other than the article's main one
    places: list[str] = field(default_factory=list)
    sides: list[tuple[str, int]] = field(default_factory=list)
    current: bool = False  # reported as of the article's date: in its first paragraphs, or told in a present tense
    sentence: tuple[int, int] = (0, 0)  # the whole sentence, where the report is only a part of it


def extract_incidents(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """The incidents one article reports, one per event (its mentions joined)."""
    gaz = gazetteer or default()
    mentions = _mentions(article, gaz)
    physical = [m.type for m in mentions if m.type in ("air_encounter", "ground_confrontation")]
    for m in mentions:
        if m.type == VIOLATION:  # the article's own kind of encounter, else a charge
            m.type = max(set(physical), key=physical.count) if physical else "accusation"
    events: list[list[_Mention]] = []
    for m in mentions:
        target = _event_for(m, events, gaz)
        if target is None:
            events.append([m])
        else:
            target.append(m)
    return [_incident(article, n, group, gaz) for n, group in enumerate(events, 1)]


def _mentions(article: Article, gaz: Gazetteer) -> list[_Mention]:
    text = article.text
    spans, _ = masked_quotes(article)
    reading = _reading_text(text, spans)
    found: list[_Mention] = []
    body = [p for p in article.content_paragraphs if p.kind == "body" and not _clutter(text[p.start : p.end])]
    for k, p in enumerate(body):
        carried: Published | None = None  # a date the paragraph has set, for its later sentences
        for s, e in sentence_spans(text, p.start, p.end):
            sentence = reading[s:e]
            kinds = [(kind, s + at) for kind, at in event_types(sentence)]
            dates, told = _event_dates(text, article.published, s, e)
            if not kinds:
                for q in spans:
                    if s <= q.start and q.end <= e and q.end - q.start > 0:
                        quoted = event_types(text[q.start : q.end], in_quote=True)
                        # Speech about talks or deals is an event only when it says when.
                        kinds += [(kind, q.start + at) for kind, at in quoted if kind in PHYSICAL or dates]
            if not kinds:
                if found and _PLACE_AFTER.search(sentence):  # "The incident took place over Homs"
                    found[-1].places[:0] = _places(text, s, e, gaz)
                carried = _nearest(dates, s) or carried
                continue
            places = _places(text, s, e, gaz)
            sides = _sides(text, s, e, gaz)
            another = bool(_ANOTHER.search(sentence))
            kinds = sorted(kinds[:2], key=lambda k: k[1])
            for n, (kind, at) in enumerate(kinds):
                # Two events in one sentence: each report is its part ("proposed the talks | in a call on Tuesday").
                part_start = s if n == 0 else _part_start(text, s, kinds[n - 1][1], at)
                part_end = e if n == len(kinds) - 1 else _part_start(text, s, at, kinds[n + 1][1])
                if part_end == s:
                    part_end = e  # nothing parts them: both report the sentence
                while part_end > part_start + 1 and text[part_end - 1].isspace():
                    part_end -= 1  # the part ends at its last word, not at the space before the next
                usable = [d for d in dates if kind == "agreement" or not _DOCUMENT_DATE.search(text[max(s, d.start - 12) : d.start])]
                if kind in SPOKEN:  # a proposal or a charge is made when it is told: "Gerasimov said Wednesday"
                    usable += [d for d in told if d not in usable]
                if not usable and HABITUAL.search(sentence):
                    continue  # done again and again, and never dated: a pattern, not an incident
                ongoing = _SINCE_THEN.search(text[_clause_start(text, s, at) : e]) is not None  # up to now: as of the article's date
                date = None if ongoing else (kind == "agreement" and _years_old(text, at, e, article.published)) or _nearest(usable, at) or (None if another else carried)
                today = date is not None and date.date == article.published.date and re.search(r"\btoday\b", text[s:e], re.I) is not None
                current = k < LEDE or not found or ongoing or bool(_CURRENT.search(reading[max(s, at - 50) : at + 40]))
                found.append(_Mention(kind, part_start, max(part_end, part_start + 1), at, date, today, another, list(places), sides, current, (s, e)))
            carried = _nearest(dates, s) or carried
    return found


# Words that open the phrase of an event told after another in one clause: "proposed talks | in a phone call".
_EVENT_PHRASE_OPENERS = frozenset("after amid at before by during following from in on over through with".split())


def _part_start(text: str, start: int, before: int, at: int) -> int:
    """Where the part of a sentence that tells the event at `at` begins, when another event's
    trigger stands at `before`: its clause (after a comma or dash), else the preposition that
    opens its phrase a few words back ("… were wounded | during an alleged altercation"), else
    the whole sentence (`start`), which then reports both."""
    cut = _clause_start(text, start, at)
    if cut > before:
        return cut
    for m in reversed(list(re.finditer(r"\b\w+\b", text[before:at]))[-4:]):
        if m.group().lower() in _EVENT_PHRASE_OPENERS:
            return before + m.start()
    return start


def _clause_start(text: str, start: int, at: int) -> int:
    """Where the clause holding offset `at` begins: after the last comma, semicolon or dash
    before it in the sentence (or the sentence's start)."""
    cut = max(text.rfind(c, start, at) for c in (",", ";", "—", " – "))
    return cut + 1 if cut >= start else start


def _reading_text(text: str, spans) -> str:
    """The text events are read from: speech masked out (its events are read apart), but a
    word or two in quotes ("dangerously" close, a “memorandum of understanding”) kept,
    without its marks."""
    chars = list(text)
    for q in spans:
        if len(text[q.start : q.end].split()) > 4:
            for i in range(q.start, q.end):
                if chars[i] != "\n":
                    chars[i] = "\x00"
    for i, c in enumerate(chars):
        if c in "“”\"":
            chars[i] = " "
    return "".join(chars)


def _clutter(paragraph: str) -> bool:
    """A line of site furniture that boilerplate detection let through: a list of other
    headlines ("Title • Title"), or a short line in title case that ends no sentence."""
    if "•" in paragraph or " | " in paragraph:
        return True
    words = paragraph.split()
    if len(words) > 14 or re.search(r"[.!?”\"]\s*$", paragraph):
        return False
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _venues(text: str, m: _Mention, gaz: Gazetteer) -> list[str]:
    """Where a meeting was held: a place right after "in" or "at" in a sentence about meeting."""
    if not re.search(r"\b(?:met|meet|meeting|summit|talks (?:were |was )?held)\b", text[m.start : m.end], re.I):
        return []
    return [name for name, s, _ in mentions_in(text, m.start, m.end, gaz, "place") if re.search(r"\b(?:in|at)\s+(?:the\s+)?$", text[max(m.start, s - 8) : s])]


def _headline_places(article: Article, gaz: Gazetteer) -> list[str]:
    return [name for p in article.paragraphs if p.kind == "headline" for name, _, _ in mentions_in(article.text, p.start, p.end, gaz, "place")]


def _places(text: str, start: int, end: int, gaz: Gazetteer) -> list[str]:
    """The places a sentence names, not those of its dateline ("DAMASCUS (Press TV) –")."""
    dateline = _DATELINE.match(text, start, end)
    after = dateline.end() if dateline else start
    return [name for name, s, _ in mentions_in(text, start, end, gaz, "place") if s >= after]


def _years_old(text: str, at: int, end: int, published: Published) -> Published | None:
    """ "a 4-year-old agreement" published in 2023: the agreement of 2019."""
    m = re.search(r"\b(\d{1,2})-year-old\b", text[max(0, at - 14) : min(end, at + 20)])
    if m is None or published.date is None:
        return None
    return Published(published.date.replace(year=published.date.year - int(m.group(1)), month=1, day=1), "year")


def _event_dates(text: str, published: Published, start: int, end: int) -> tuple[list[DateMention], list[DateMention]]:
    """The dates a sentence gives events, and those of the telling ("said Tuesday")."""
    dates, told = [], []
    for d in find_dates(text, published, start, end):
        before = text[max(start, d.start - 60) : d.start]
        restated = told and text[told[-1].end : d.start].strip() == "("  # "said Tuesday (July 18)"
        (told if _TOLD_BEFORE.search(before) or restated else dates).append(d)
    return dates, told


def _nearest(dates: list[DateMention], at: int) -> Published | None:
    if not dates:
        return None
    return min(dates, key=lambda d: (abs(d.start - at), PRECISION_RANK.get(d.date.precision, 3))).date


def _sides(text: str, start: int, end: int, gaz: Gazetteer) -> list[tuple[str, int]]:
    named = [(SIDE_OF_ACTOR[name], s) for name, s, _ in mentions_in(text, start, end, gaz, "actor") if name in SIDE_OF_ACTOR]
    return sorted(set(named) | set(sides_in(text, start, end)), key=lambda x: x[1])


def _event_for(m: _Mention, events: list[list[_Mention]], gaz: Gazetteer) -> list[_Mention] | None:
    """The event of the article a mention belongs to, or None for a new one."""
    same_type = [ev for ev in events if ev[0].type == m.type]
    if not same_type:
        return None
    if m.date is not None:
        for ev in same_type:
            date = _date_of(ev)
            coarser = PRECISION_RANK.get(m.date.precision, 3) > PRECISION_RANK.get(date.precision, 3) if date else False
            if date is not None and compatible(date, m.date) and not (m.another and coarser):
                return ev
        main = same_type[0]
        if _date_of(main) is None and not m.another:
            return main
        return None
    if m.another:
        return None
    # Undated, it is the article's event of that type, unless it is somewhere else.
    return next((ev for ev in same_type if _same_place(ev, m, gaz)), None)


def _same_place(event: list[_Mention], m: _Mention, gaz: Gazetteer) -> bool:
    """Whether a mention can be at the event's place: one names none, or they share one, or
    one lies inside the other (Rukban in Homs)."""
    there = {p for x in event for p in x.places if p not in _WIDE}
    here = {p for p in m.places if p not in _WIDE}
    return not there or not here or bool(there & here) or any(gaz.contains(a, b) or gaz.contains(b, a) for a in there for b in here)


def _date_of(event: list[_Mention]) -> Published | None:
    dated = [m.date for m in event if m.date is not None and m.date.date is not None]
    return min(dated, key=lambda d: PRECISION_RANK.get(d.precision, 3)) if dated else None


def _incident(article: Article, n: int, event: list[_Mention], gaz: Gazetteer) -> Incident:
    first = event[0]
    date = _date_of(event)
    if date is not None:
        date_from = "text (today)" if any(m.today for m in event) else "text"
    elif any(m.current for m in event) and article.published.date is not None:
        # What the article opens with, or tells in a present tense, undated: as of the day it was published.
        date, date_from = article.published, "publication date"
    else:
        date, date_from = Published(), None
    places = [p for m in event for p in m.places]
    if first.type == "talks":  # a call is about places, not at them: only a meeting has a venue
        places = [p for m in event for p in _venues(article.text, m, gaz)]
    elif n == 1 and not any(p not in _WIDE for p in places):
        places += _headline_places(article, gaz)  # what the article is about is where its headline says
    place = gaz.most_specific(p for p in places if p not in _WIDE) or (places[0] if places else None)
    sides = tuple(dict.fromkeys(side for m in event for side, _ in m.sides))
    by, on = _roles(first)
    text = article.text
    # Only a physical event hurts anyone (a call "following reports that four soldiers were wounded" did not),
    # as its sentence tells: "four soldiers were wounded | during an altercation".
    harm = next((h for m in event if (h := casualties(text[m.sentence[0] : m.sentence[1]]))), None) if first.type in PHYSICAL else None
    summary = write_summary(first.type, by, on, sides, place, harm, wide=place in _WIDE)
    reports = tuple(dict.fromkeys(Report(article.id, m.start, m.end, article.outlet, m.date or date, copy_key(text[m.start : m.end])) for m in event))
    actors = tuple(dict.fromkeys(name for m in event for name, _, _ in mentions_in(text, m.start, m.end, gaz, "actor")))
    return Incident(
        id=f"{_stem(article.id)}#{n}",
        date=date,
        place=place,
        actors=actors,
        type=first.type,
        summary=summary,
        reports=reports,
        date_from=date_from,
        sides=sides,
        acted_by=by,
        acted_on=on,
    )


def _roles(m: _Mention) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(who acted, who was acted on) in a mention's sentence: the side named before the
    trigger acts, the one after it is acted on; "by X" after a passive verb acts."""
    before = [side for side, at in m.sides if at < m.trigger]
    after = [side for side, at in m.sides if at >= m.trigger]
    by = before[-1:] if before else []
    on = [s for s in after if s not in by][:1]
    return tuple(by), tuple(on)


def _stem(article_id: str) -> str:
    return re.sub(r"\.(?:txt|md)$", "", article_id)

