"""Sources: everyone and everything an article cites, with where it names them.

A source is a quote's speaker, or the subject of a reporting verb anywhere in
the text ("the Wall Street Journal reported", "Tass reported that", "according
to U.S. officials", "citing unnamed government sources", "the report said").
Each gets a kind — person, organisation, outlet, document or anonymous — its
mention spans and the indices of its quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Article
from .context import build_context
from .coreference import canonical_speaker
from .cues import find_cues, is_noun_use
from .grammar import NAME_THEN_VERB, PRONOUNS, leading_subject, np_after, subject_before
from .quotes import Quote
from .sentences import sentence_spans
from .lexicon import GENERIC_OUTLET_WORDS, NOT_REPORTING_VERBS, NOT_SOURCE_PRONOUNS, PEOPLE_PLURALS, singular

SOURCE_KINDS = ("person", "organisation", "outlet", "document", "anonymous")


def _base(verb: str) -> str:
    v = verb.lower()
    for suffix in ("ing", "ed", "es", "s", "d"):
        if v.endswith(suffix) and v[: -len(suffix)] in NOT_REPORTING_VERBS:
            return v[: -len(suffix)]
        if v.endswith(suffix) and v[: -len(suffix)] + "e" in NOT_REPORTING_VERBS:
            return v[: -len(suffix)] + "e"
    return v


def _split_and(masked: str, s: int, e: int, role: str | None) -> list[tuple[int, int, str | None]]:
    """ "U.S. officials and rebel leaders" → both; a name with "and" inside stays whole."""
    phrase = masked[s:e]
    m = re.search(r"\s+and\s+(?:other\s+)?", phrase)
    if not m or re.search(r"\b(?:of|for)\b", phrase[: m.start()]):
        return [(s, e, role)]
    last_left = phrase[: m.start()].split()[-1].lower()
    if re.search(r"(?:ian|ese|ish|an|i)$", last_left) and not last_left.endswith("s"):
        return [(s, e, role)]  # "The Syrian and Russian governments": one source
    left, right = (s, s + m.start()), (s + m.end(), e)
    if "other" in m.group():
        right = (s + m.end() - len("other "), e)
    return [(left[0], left[1], role), (right[0], right[1], role)]


_OUTLET = re.compile(
    r"\b(?:Reuters|Associated Press|AP|AFP|Agence France-Presse|Tass|TASS|RIA(?: Novosti)?|Interfax|Sputnik|RT|CNN|BBC|"
    r"Fox News|NBC|CBS|ABC|MSNBC|NPR|PBS|Politico|POLITICO|Newsweek|Bloomberg|Axios|Breitbart|HuffPost|Huffington Post|"
    r"Al Jazeera|Anadolu|SANA|Xinhua|Kommersant|Izvestia|Interfax|"
    r"[A-Z]\w+(?: [A-Z]\w+)* (?:Times|Post|Journal|News|Tribune|Herald|Telegraph|Guardian|Gazette|Monitor|Daily|Radio|Review|Magazine|Wire)|"
    r"Radio [A-Z]\w+|Military Times|Newspaper)\b"
    r"|\b(?:newspaper|news agency|news agencies|news website|website|magazine|broadcaster|network|tabloid|daily|outlet|"
    r"news outlet|wire service|state media|state television|TV channel|channel)s?\b"
)
_DOCUMENT = re.compile(
    r"\b(?:report|assessment|statement|memo|memorandum|document|letter|study|survey|poll|analysis|filing|complaint|"
    r"lawsuit|indictment|transcript|release|communique|communiqué|readout|cable|e-?mails?|tweet|post|book|plan|"
    r"resolution|order|ruling|decision|paper|review|audit|investigation|description|data|records?|briefing|video|"
    r"footage|message|notice|account|summary|testimony|findings)s?\b",
    re.I,
)
_PEOPLE_NOUNS = sorted({form for plural in PEOPLE_PLURALS for form in (plural, singular(plural))} | {"someone"}, key=len, reverse=True)
_ANONYMOUS = re.compile(
    r"^(?:a|an|one|two|three|several|some|many|other|another|unnamed|anonymous|senior|unidentified|few)?\b.*?"
    r"\b(?:" + "|".join(_PEOPLE_NOUNS) + r")\b",
    re.I,
)
_BARE_PEOPLE = re.compile(r"^(?:[\w.-]+\s+){0,2}(?:" + "|".join(PEOPLE_PLURALS) + r")$", re.I)
_ANON_DET = re.compile(
    r"^(?:a|an|one|two|three|several|some|many|other|another|unnamed|anonymous|unidentified|few)\b"
    r"|^[A-Z][\w.]*(?: [A-Z][\w.]*)* officials\b|^(?:\w+ )?officials\b|^(?:senior|top|unnamed)\b",
    re.I,
)
_PREPOSITION = re.compile(r"\s*(?:in|at|on|as|from|to|for|into|with|of|over|under|about)\b", re.I)
_NOT_A_SUBJECT = re.compile(
    r"^\s*(?:a|an|the|this|that|what)\s+(?!(?:time|week|year|month|day|morning|evening|night|weekend)\b)\w+(?:\s+\w+)?\s+(?:he|she|they|we|i)$"  # "a move he (announced)"
    r"|^\s*(?!(?:he|she|they|we|i)\b)\S+(?:\s+\S+){0,2}\s(?:in|at|on|of|to|for|from|with|back)$",  # "Air Jamaica back in (state control)"
    re.I,
)


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # one of SOURCE_KINDS
    mentions: tuple[tuple[int, int], ...]
    quotes: tuple[int, ...] = ()
    role: str | None = None


def source_kind(phrase: str, is_person: bool = False) -> str:
    """The kind of source a noun phrase names."""
    if is_person:
        return "person"
    p = phrase.strip()
    if _OUTLET.search(p):
        return "outlet"
    if (_ANON_DET.search(p) and _ANONYMOUS.search(p)) or _BARE_PEOPLE.match(p):
        return "anonymous"
    if _DOCUMENT.search(p.split(" by ")[0].split(" of ")[0]) and not re.search(r"\b(?:Department|Ministry|Office)\b", p.split(" by ")[0]):
        return "document"
    return "organisation"


def _clean_name(phrase: str, kind: str) -> str:
    p = " ".join(phrase.split())
    p = re.sub(r"^(?:the|The)\s+(?=[A-Z])", "", p)
    if kind == "outlet":
        runs = re.findall(r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*", p)
        runs = [" ".join(w for w in r.split() if w.lower() not in GENERIC_OUTLET_WORDS) for r in runs]
        runs = [r for r in runs if r and not re.fullmatch(r"[A-Z][a-z]+(?:ian|ese|ish|an)|State-run|State|Official|Russian|American|U\.S\.", r)]
        if runs:
            return max(runs, key=len)
        p = re.sub(r"^(?:the|a|an)\s+", "", p)
    return p


def _outermost(spans: set[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans not inside another one, in text order."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return tuple(out)


def _key(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.casefold()).strip()


def find_sources(article: Article, quotes: tuple[Quote, ...], gazetteer=None) -> tuple[Source, ...]:
    """Everyone and everything `article` cites, in order of first mention."""
    text = article.text
    ctx = build_context(article, gazetteer)
    masked = ctx.masked
    people = ctx.table.people
    # "Merck said", "Analysts said": a lone word that never takes a title nor is called
    # "he" or "she" is a company, a place or a group; "Ryan said … he added" is a person.
    called_he = {q.speaker for q in quotes if q.speaker_span and text[q.speaker_span[0] : q.speaker_span[1]].lower() in ("he", "she")}
    person_names = {p.name for p in people if " " in p.name or p.name.casefold() in ctx.table.titled or p.name in called_he}

    found: dict[str, dict] = {}

    def add(name: str, kind: str, span: tuple[int, int] | None, quote: int | None = None, role: str | None = None) -> None:
        key = _key(name)
        if not key:
            return
        entry = found.setdefault(key, {"name": name, "kind": kind, "mentions": set(), "quotes": [], "role": role, "first": span[0] if span else 10**9})
        if span:
            entry["mentions"].add(span)
            entry["first"] = min(entry["first"], span[0])
        if quote is not None and quote not in entry["quotes"]:
            entry["quotes"].append(quote)
        entry["role"] = entry["role"] or role

    for i, q in enumerate(quotes):
        if not q.speaker:
            continue
        is_person = q.speaker in person_names
        phrase = text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else q.speaker
        if phrase.lower() in PRONOUNS and not is_person:
            kind = "organisation"
        else:
            kind = source_kind(phrase, is_person)
        name = q.speaker if is_person else _clean_name(q.speaker if phrase.lower() in PRONOUNS else phrase, kind)
        add(name, kind, q.speaker_span, i, q.role)

    def _add_phrase(s: int, e: int, role: str | None) -> None:
        phrase = masked[s:e]
        if _PREPOSITION.match(phrase) or _NOT_A_SUBJECT.search(phrase):
            return  # "prices will be quoted in the ariary", "a move he announced", "back in state control"
        if "\x00" in phrase or phrase.strip().lower() in NOT_SOURCE_PRONOUNS or NAME_THEN_VERB.search(phrase):
            return
        speaker, title, _k = canonical_speaker(ctx, phrase, s)
        if not speaker:
            return
        is_person = speaker in person_names
        if phrase.strip().lower() in PRONOUNS:
            kind = "person" if is_person else "organisation"
            add(speaker, kind, (s, e))
            return
        kind = source_kind(phrase, is_person)
        add(speaker if is_person else _clean_name(phrase, kind), kind, (s, e), role=role or title)

    for p in article.content_paragraphs:
        for s0, e0 in sentence_spans(masked, p.start, p.end):
            for m in find_cues(masked, s0, e0):
                if is_noun_use(masked, m.start()) or _base(m.group()) in NOT_REPORTING_VERBS:
                    continue
                by = re.match(r"\s+by\s+", masked[m.end() : e0])
                if m.group() in ("according to", "citing", "cited", "quoting", "quoted") or by:
                    # according to X / citing X / reported by X
                    np = np_after(masked, m.end() + (by.end() if by else 0), e0)
                    if np is None:
                        continue
                    found_spans = [(np[0], np[1], None)]
                    if m.group() == "quoted" and not re.search(r"\b(?:was|were|been|being|is|are)\s+$", masked[s0 : m.start()]):
                        # Tass quoted X as saying: Tass is cited too
                        subj = subject_before(masked, s0, m.start(), nested=True)
                        if subj is not None:
                            found_spans.append(subj)
                else:
                    before = masked[s0 : m.start()].rstrip()
                    if m.group().endswith("ing") and before.endswith(","):
                        subj = leading_subject(masked, s0, m.start())
                    else:
                        subj = subject_before(masked, s0, m.start(), nested=True)
                    if subj is None:
                        continue
                    found_spans = _split_and(masked, *subj)
                for s, e, role in found_spans:
                    _add_phrase(s, e, role)

    sources = []
    for key, entry in found.items():
        mentions = set(entry["mentions"])
        if entry["kind"] == "person":
            for p in people:
                if p.name == entry["name"]:
                    mentions.update(p.mentions)
        else:
            name = entry["name"]
            for p in article.content_paragraphs:
                for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", masked[p.start : p.end], re.I):
                    mentions.add((p.start + m.start(), p.start + m.end()))
        sources.append(
            (entry["first"], Source(entry["name"], entry["kind"], _outermost(mentions), tuple(sorted(entry["quotes"])), entry["role"]))
        )
    return tuple(s for _, s in sorted(sources, key=lambda x: x[0]))
