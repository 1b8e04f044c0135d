"""The grammar the reading rules share: names, subjects and noun phrases.

Who is a speaker and what is a source are read with the same few tools: a
capitalised run split into its title and the name (`split_title`), whether
words can be a person's name (`is_person_tokens`), the subject of a verb
(`subject_before`, `leading_subject`), and the noun phrase after a cue
(`np_after`). They work on the article text with its quotes masked out
(`context.MASK`), so that nothing is read from inside speech.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..dates import MONTHS, SEASONS, WEEKDAYS
from ..gazetteer import Gazetteer, shipped
from .cues import CUE_WORDS, is_noun_use
from .lexicon import (
    ADDRESSEE_VERBS,
    BARE_OUTLET_NOUNS,
    BARE_VERB_AUXILIARIES,
    BELIEF_VERBS,
    CLAUSE_OPENERS,
    CLAUSE_VERBS,
    BODY_NOUNS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    IRREGULAR_PAST,
    NAME_ABBREVIATIONS,
    NAME_PARTICLES,
    NOT_AGENTS,
    NOT_HEADS,
    NOT_IN_NOUN_PHRASE,
    NOT_NAMES,
    RUN_OPENERS,
    US_STATE_PAIRS,
    US_STATES,
    NOUN_LIKE_CUES,
    OPENING_WORDS,
    NOT_SUBJECT_ENDS,
    NOT_SUBJECTS,
    ORGANISATION_WORDS,
    OUTLET_NOUNS,
    PARTICIPLE_ADJECTIVES,
    PARTICLES,
    PEOPLE_PLURALS,
    PERSON_NOUNS,
    PHRASE_ABBREVIATIONS,
    PHRASE_OPENERS,
    POSTMODIFIER_WORDS,
    PRONOUNS,
    QUANTIFIERS,
    REPORTED_SPEECH_VERBS,
    SPEECH_VERB_BASES,
    SPEECH_VERBS,
    SUBORDINATORS,
    THOSE_WHO,
    TITLES,
    VISUAL_NOUNS,
    singular,
)


# Inside a run a word ends in a full stop only as an abbreviation or initials: "Davies. The" is two sentences.
_ABBREVIATION = r"(?:" + "|".join(NAME_ABBREVIATIONS) + r")\.|[A-Z]\.(?:[A-Z]\.)*"


CAP_RUN = re.compile(
    r"(?<![\w’'-])(?:(?:" + _ABBREVIATION + r"|[A-Z][\w’'-]*|(?:" + "|".join(NAME_PARTICLES) + r")(?=[\s-][A-Z]))[\s-]?(?=[A-Z\s(al|el)])\s*)*"
    r"[A-Z][\w’'.-]*"
)


@functools.lru_cache(maxsize=8)
def excluded_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Spellings of the gazetteer's places and actors, casefolded: never a person's name."""
    return frozenset(s.casefold() for e in gazetteer.entries if e.kind != "person" for s in e.spellings)


def is_person_tokens(tokens: list[str], excluded: frozenset[str] | None = None) -> bool:
    """Whether capitalised words can be a person's name (`excluded`: names of places and
    actors; by default the shipped gazetteer's)."""
    if not tokens or len(tokens) > 4:
        return False
    if excluded is None:
        excluded = excluded_names(shipped())
    low = [t.lower().rstrip(".") for t in tokens]
    if any(t in ORGANISATION_WORDS or t + "." in ORGANISATION_WORDS for t in low):
        return False
    if any(t.lower() in NOT_NAMES or t.casefold() in excluded for t in tokens) or " ".join(tokens).casefold() in excluded:
        return False
    if any(t in RUN_OPENERS or t in US_STATES for t in low) or any(" ".join(low[i : i + 2]) in US_STATE_PAIRS for i in range(len(low) - 1)):
        return False
    if any(("." in t and not re.fullmatch(r"[A-Z]\.", t)) or re.search(r"-[a-z]", t.removeprefix("al-").removeprefix("el-")) for t in tokens):
        return False
    if any(len(t) >= 3 and t.isupper() for t in tokens):
        return False  # acronyms: RSPCA, NATO
    return all(t[0].isupper() or t.lower() in NAME_PARTICLES or t.startswith(("al-", "el-")) for t in tokens)


def without_openers(words: list[str]) -> list[str]:
    """The run without the words that open it but name no one: "Despite Ted Cruz" → Ted Cruz,
    "South Carolina Republican" → nothing."""
    i = 0
    while i < len(words):
        low = words[i].lower().rstrip(",")
        if low in RUN_OPENERS or low in US_STATES:  # not NOT_NAMES: "The Finest Hour", "Their Finest Hour" name no one
            i += 1
        elif " ".join(w.lower() for w in words[i : i + 2]) in US_STATE_PAIRS:
            i += 2
        else:
            break
    return words[i:]


def after_possessive(words: list[str]) -> list[str]:
    """ "Deutsche Bank's Simon Champion", "the Times' Michael Paulson" → the words after the last inner possessive."""
    for i in range(len(words) - 2, -1, -1):
        if words[i].endswith(("’s", "'s", "s’", "s'")):
            return words[i + 1 :]
    return words


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """(title words, name words) of a capitalised run like "Army Col. Sean Ryan"."""
    i = 1 if len(words) > 1 and words[0].lower() in ("the", "a", "an") else 0
    start = i
    while i < len(words) - 1 and (words[i].lower() in TITLES or words[i].lower().rstrip(".") in TITLES):
        i += 1
    # "Finance Minister Omar Davies", "London UKIP MEP Gerard Batten": a title word further in
    # ends the title when a name of two words or more follows it.
    for j in range(len(words) - 3, i - 1, -1):
        if words[j].lower().rstrip(".") in TITLES and words[j][0].isupper():
            return words[start : j + 1], words[j + 1 :]
    # "Italian Claudio Ranieri", "Despite Ted Cruz": words before the name that are no title
    return words[start:i], without_openers(words[i:])


_ADVERB = re.compile(
    r"(?:\s+(?:also|later|then|previously|once again|once|again|repeatedly|recently|immediately|earlier|reportedly|"
    r"has|have|had|would|will|could|was|were|is|are|did|does|do|had previously|has previously|long|always|never|"
    r"often|still|just|already|first|now|since|too|not|quickly|soon|"
    r"[a-z]+ly))+$"
)


MASK = "\x00"


_NP_STOP = re.compile(
    r"[,;:!?()\"“”\x00—–]|\.(?=\s|$)"
    r"|\s(?:in|on|at|during|after|before|to|when|where|who|while|which|that|because|as|about|last|this|from|and|but|for|why|whether|how)\b"
)


_TIME_END = re.compile(r"\s+(?:earlier|later|yesterday|today|tonight)$")


_ABBREV_BEFORE_DOT = re.compile(r"(?:\b[A-Z]|\b(?:" + "|".join(re.escape(a) for a in PHRASE_ABBREVIATIONS) + r"))$")


def np_after(masked: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at `pos` (after a cue verb): up to punctuation or a clause word."""
    s = pos
    while s < limit and masked[s] in " \t":
        s += 1
    e = limit
    for m in _NP_STOP.finditer(masked, s, limit):
        if m.group() == "." and _ABBREV_BEFORE_DOT.search(masked, max(s, m.start() - 6), m.start()):
            continue
        if m.group().strip() in ("for", "from", "at", "of") and m.start() - s < 2:
            continue
        e = m.start()
        break
    while e > s and masked[e - 1].isspace():
        e -= 1
    t = _TIME_END.search(masked, s, e)
    if t:  # said Deputy Prime Minister Sener earlier this month
        e = t.start()
    if e <= s or len(masked[s:e].split()) > 10:
        return None
    return s, e


_FUNCTION_WORD = re.compile(r"\b(?:and|or|in|of|at|to|for|with|on|by|from|now|who|is|was|like|unlike|including|despite|amid|among)\b")


_OF_PLACE = re.compile(r"\s(?:of|from)(?:\s[A-Z][\w.’'-]*)+$")  # "former Gov. Jeb Bush of Florida"
_BARE_PLURAL = re.compile(r"(?:" + "|".join(PEOPLE_PLURALS) + r")$")


def valid_subject(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 14:
        return False
    first = words[0]
    if not (first[0].isupper() or first.lower() in DETERMINERS or first.lower() in PRONOUNS or first[0].isdigit() or _BARE_PLURAL.match(first)):
        # "retired Air Force general Lloyd Newton", "elected officials": a lower-case
        # modifier is fine before a name or a plural speaker noun.
        # "media reported", "local media said": a bare outlet noun too.
        bare = _BARE_PLURAL.match(words[-1]) or words[-1].lower() in BARE_OUTLET_NOUNS
        if len(words) > 8 or not (words[-1][0].isupper() or bare) or _FUNCTION_WORD.search(_OF_PLACE.sub("", phrase)):
            return False
    if MASK in phrase:
        return False
    if re.search(r"\b(?:is|was|were|are|be|been|being|has|have|had|said|says|would|will|not|but|and then)\b", phrase):
        return False
    if re.search(r"n[’']t\b|\b(?:should|could|can|may|might|must|shall|did|does|do)\s*$", phrase):
        return False  # "a spokesman didn't", "a figure who can": an auxiliary ends the clause, the verb is not the cue's
    if (first.lower() in NOT_SUBJECTS and len(words) == 1) or first.lower() in SUBORDINATORS or " ".join(words[:2]).lower() == "ever since":
        return False  # "When told …, Bush said", "If he wins, …": a conjunction, not a speaker
    if words[-1].lower() in NOT_SUBJECT_ENDS:
        return False
    if len(words) > 1 and words[-1].endswith("ed") and words[-1] in CUE_WORDS:
        return False  # "And continued:" — a verb, not a name
    if first.lower().endswith("ing") and not all(w[0].isupper() for w in words):
        return False  # "Speaking to reporters", not the names King, Manning, Suckling
    return True


NAME_THEN_VERB = re.compile(r"(?:\b[A-Z][\w’'-]+|\b(?:it|he|she|they))\s+(?:[a-z]+ed|" + "|".join(IRREGULAR_PAST) + r")\b")


_CLAUSE_CUT = re.compile(
    r"[;:\x00\"“”—–()]|\s-\s|\b(?i:that|but|while|as|after|because|although|though|when|if|whereas|since|before|where|"
    r"which|so|then|until|unless|once|how|why|what|whether)\s|\band\s(?=(?:the|a|an|his|her|its|their|he|she|they|it|we|I)\s)"
)


# Reported speech inside reported speech: "the ministry said Lavrov had called for …".
_SPEECH_CUT = re.compile(r"\b(?:" + "|".join(sorted(REPORTED_SPEECH_VERBS | BELIEF_VERBS)) + r")\s")


_ASIDE = re.compile(r"(?i:though|however|too|also|meanwhile|in turn|in fact|for example|for instance|instead|then|now|still|again|[a-z]+ly)")


_STATE_AFTER_TOWN = re.compile(r"[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.")  # "Cambridge, Mass.", "Washington, D.C."
_APPOSITIVE_START = re.compile(r"(?:the|a|an|who|whose|which|[a-z]+ing)\b")


_COMMA_PARTY = re.compile(r",( (?:[A-Z][a-z]{1,3}\.|R|D|I)-[A-Z][\w.]*),")  # "Sen. X, R-Ky., said"
_PARTY = re.compile(r"\s\((?:[RDI]|[RDI]-[A-Z][\w.]{0,12}|[A-Z][a-z]{0,3}\.?|[A-Z]{2,6}s?)\)")  # (R-Ky.), (SOHR), (NSC)


# A cue in the passive: "Texas was called for Cruz", "the report is described as": its subject did not speak.
PARTICIPLE = re.compile(r"[a-z]+ed|told|said|written|spoken|thought|known|heard")
PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|'s|’s)\s+(?:(?:\w+ly|not|also|now|still|then|often)\s+)*$")
_LEADING_ADVERB = re.compile(r"[a-z]+ly\s+(?=[A-Z])")
_LEADING_AUXILIARY = re.compile(r"(?:" + "|".join(sorted(CLAUSE_OPENERS)) + r")\s+(?=[A-Z])")
_LEADING_CONJ = re.compile(r"^(?:and|but|or|so|then|yet|also|now|still|later|instead|meanwhile|with)\s+", re.I)

_DAY = "(?:" + "|".join(day.capitalize() for day in WEEKDAYS) + ")"
_MONTH = "(?:" + "|".join(name.capitalize() + r"\.?" for name in sorted(MONTHS, key=len, reverse=True)) + ")"
_SEASON = "|".join(SEASONS)
# A time opening the clause with no comma after it: "Last year General Electric said", "On Monday the ministry said".
_LEADING_TIME = re.compile(
    r"^(?:(?:On|Late|Early)\s+" + _DAY + r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:Last|This|Earlier this|Later this|Late last|Early last)\s+(?:week|weekend|month|year|" + _SEASON + "|morning|" + _DAY + r")"
    r"|(?:Yesterday|Today|Tonight)"
    r"|(?:On|In|By|Since)\s+" + _MONTH + r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?"
    r"|(?:On|By)\s+\d{1,2}\s+" + _MONTH + r"(?:\s+\d{4})?"
    r"|(?:In|Since)\s+(?:1[89]|20)\d\d)\s+(?=\S)"
)


def _trailing_adverbs(seg: str) -> str:
    stripped = seg.rstrip()
    m = _ADVERB.search(" " + stripped)
    if m and len(m.group()) > 1:
        stripped = stripped[: len(stripped) - (len(m.group()) - 1)].rstrip()
    return stripped


_CLAUSE_COMMA = re.compile(r",(?!(?<=\d,)\d)")  # not the comma of "50,000"


def clause_subject(seg: str, nested: bool = False) -> tuple[int, str]:
    """(offset in seg, text) of the part of `seg` after its last clause boundary and comma."""
    cut = 0
    for m in _CLAUSE_CUT.finditer(seg + " "):  # a clause word may end the segment: "When asked"
        cut = min(m.end(), len(seg))
    if nested:
        for m in _SPEECH_CUT.finditer(seg, cut):
            cut = m.end()
    commas = [m.start() for m in _CLAUSE_COMMA.finditer(seg, cut)]
    if commas:
        cut = commas[-1] + 1
    sub = seg[cut:]
    lead = len(sub) - len(sub.lstrip())
    sub = sub.strip()
    m = _LEADING_CONJ.match(sub)
    while m:
        lead += m.end()
        sub = sub[m.end() :]
        m = _LEADING_CONJ.match(sub)
    m = _LEADING_TIME.match(sub)
    if m:
        lead += m.end()
        sub = sub[m.end() :]
    m = _LEADING_ADVERB.match(sub) or _LEADING_AUXILIARY.match(sub)
    if m:  # "how deeply Washington believes", "Did Donald Trump say": the clause's words, not the name's
        lead += m.end()
        sub = sub[m.end() :]
    return cut + lead, sub


# A clause that opens with an adjunct and ends with a subject pronoun: "in the next breath he".
_PRONOUN_AFTER_ADJUNCT = re.compile(r"(?:in|at|on|after|with|for|during|within|before|from|by)\s[^,]{1,40}?\s(?P<subject>he|she|they|we|it)")


_RELATIVE_CLAUSE = re.compile(r", (?:who|which) ")


def subject_before(masked: str, clause_start: int, verb_start: int, nested: bool = False) -> tuple[int, int, str | None] | None:
    """(start, end, appositive role) of the subject of the verb at `verb_start`.

    `nested`: the verb may be inside reported speech ("X said Y called …" gives Y).
    """
    if verb_start - clause_start > REACH:  # a subject is never that far back: read a window
        clause_start = masked.find(" ", verb_start - REACH, verb_start) + 1 or verb_start - REACH
    seg = masked[clause_start:verb_start].replace(", D.C.", "  D.C.")
    seg = _PARTY.sub(lambda m: " " * len(m.group()), seg)  # "Gov. Pat McCrory (R) said"
    seg = _COMMA_PARTY.sub(lambda m: " " + m.group(1) + " ", seg)  # "Sen. X, R-Ky.,"
    stripped = _trailing_adverbs(seg)
    role = None
    if stripped.endswith(("—", "–", "--")):
        # "Jason Sims — a teacher from Mount Pleasant — says"
        body = stripped.rstrip("—–-").rstrip()
        dash = max(body.rfind("—"), body.rfind("–"), body.rfind("--"))
        if dash > 0:
            off, sub = clause_subject(body[:dash], nested)
            if sub and valid_subject(sub):
                s = clause_start + off
                return s, s + len(sub), body[dash + 1 :].strip(" -")
        return None
    if stripped.endswith(","):
        # "Ryan, a spokesman for the coalition, said": try the nearest commas for the appositive.
        body = stripped[:-1]
        # ... unless a party label closes a name: "…, Gov. John Kasich (R-OH), said".
        off, sub = clause_subject(body, nested)
        party = _PARTY.search(masked, max(clause_start, verb_start - 20), verb_start)
        if party and sub and valid_subject(sub) and is_person_tokens(split_title(sub.split())[1]):
            s = clause_start + off
            return s, s + len(sub), None
        # "Sandy Phillips, who lost her daughter in Aurora, Colorado, in July 2012, said": a
        # relative clause runs on to the verb's comma, so the commas inside it set off nothing.
        relative = _RELATIVE_CLAUSE.search(body)
        inside = relative.start() if relative else len(body)
        commas = [i for i, ch in enumerate(body) if ch == "," and i <= inside][::-1][:4]
        for c in commas:
            off, sub = clause_subject(body[:c], nested)
            appos = body[c + 1 :].strip()
            if _ASIDE.fullmatch(appos) or _STATE_AFTER_TOWN.fullmatch(appos) and sub and sub.split()[-1][:1].isupper():
                continue  # "The coalition, though, said"; "X, a reporter in Cambridge, Mass., said"
            if sub.isdigit() or _STATE_AFTER_TOWN.fullmatch(sub):
                continue  # "Cecelia Purner, 67, a retired teacher, said": an age; "X, of Raleigh, N.C., who …, said"
            if sub and valid_subject(sub) and len(appos.split()) <= 30 and ("\x00" not in appos or _APPOSITIVE_START.match(appos)):
                role = appos
                s = clause_start + off
                return s, s + len(sub), role
        return None
    off, sub = clause_subject(stripped, nested)
    pronoun = _PRONOUN_AFTER_ADJUNCT.fullmatch(sub)
    if pronoun:  # "Although in the next breath he declared": the adjunct is no part of the subject
        off, sub = off + pronoun.start("subject"), pronoun.group("subject")
    if sub:
        joined = _AND_SUBJECT.search(sub)
        if joined and len(sub[: joined.start()].split()) >= 4 and _a_person_subject(joined.group("subject")):
            # "Musiwave provides infrastructure for the market and Mr Babinet said": a clause, then the subject
            off, sub = off + joined.start("subject"), joined.group("subject")
    if not sub or not valid_subject(sub):
        return None
    s = clause_start + off
    return s, s + len(sub), role


def _a_person_subject(phrase: str) -> bool:
    """A pronoun, or a name with a title or a first name: not "Syria" of "Russia and Syria"."""
    if phrase in ("he", "she", "they", "we"):
        return True
    titles, name = split_title(phrase.split())
    return is_person_tokens(name) and (bool(titles) or len(name) >= 2)


_AND_SUBJECT = re.compile(r"\s(?:and|but)\s(?P<subject>(?:he|she|they|we|[A-Z][\w’'.-]*)(?:\s[A-Z][\w’'.-]*){0,3})$")


_LEAD_ADVERBIAL = re.compile(
    r"(?:(?:Meanwhile|However|Still|Later|Earlier|Instead|Then|Now|Yet|Also|Separately|Previously|Afterward|Indeed|"
    r"Nonetheless|Nevertheless|Moreover|Similarly|Likewise|Finally|Again|Today|Yesterday|Tonight|[A-Z][a-z]+ly)"
    r"|(?:On|In|At|During|After|Before|Since|Last|This|Earlier|Later|When|While|As|Speaking|Asked|Responding|"
    r"Addressing|Writing|Appearing|Following|Despite|Throughout|Over|Under|From|By)\b[^,;:\x00\"“”]{0,120}),\s+"
)


_LEAD_NP = re.compile(
    r"(?:He|She|It|They|We|I|he|she|it|they|we)\b"
    r"|(?:(?:The|A|An|One|Two|Three|Some|Several|Many|Other|His|Her|Its|Their)\s+)?(?:[\w.’'-]+\s+){0,6}?[\w’'.-]+"
    r"(?=(?:\s+(?:on|early|late|last|this)\s+(?:" + _DAY + r"|week|month|year|morning|night)(?:\s+(?:morning|afternoon|evening|night))?)?"  # "Trump on Thursday attacked"
    r"\s+(?:(?:has|have|had|is|was|were|are|will|would|also|then|later|again|once|repeatedly|quickly|[a-z]+ly)\s+)*"
    r"(?:(?:[a-z]+ed|[a-z]+s|" + "|".join(IRREGULAR_PAST) + r")\b"
    r"|(?:" + "|".join(sorted(BARE_VERB_AUXILIARIES)) + r")(?:n[’']t|\s+not)?\s+(?:[a-z]+ly\s+)?[a-z]{3,}\b))"  # "Walker didn’t seem"
)


NOT_IN_SUBJECT = re.compile(
    r"\b(?:should|would|could|can|may|must|might|shall|do|does|did|for|to|in|on|at|with|by|from|about|into|over|"
    r"after|before|than|because|if|there|here|not|no)\b|\s[-–—]\s"
)


def leading_subject(masked: str, s0: int, limit: int) -> tuple[int, int, str | None] | None:
    """The subject at the start of the sentence at `s0` (after an opening adverbial)."""
    pos = s0
    m = _LEAD_ADVERBIAL.match(masked, pos, limit)
    if m:
        pos = m.end()
    seg = _PARTY.sub(lambda p: " " * len(p.group()), masked[pos : min(limit, pos + 200)])  # "Rep. Ann Lee (D-N.Y.) said"
    seg = _COMMA_PARTY.sub(lambda p: " " * len(p.group()), seg)  # "Sen. Mitch McConnell, R-Ky., delivered"
    m = _LEAD_NP.match(seg)
    if not m or not valid_subject(m.group()) or NOT_IN_SUBJECT.search(m.group()):
        return None
    return pos + m.start(), pos + m.end(), None


REACH = 400


# -- noun phrases and their heads --------------------------------------------------
#
# Who said it is a noun phrase with a head: "a senior U.S. defense official with the coalition" is headed
# by "official", "its embassy in Washington" by "embassy", "Rear Adm. Alexander Karpov" by "Karpov". A
# phrase that is no noun phrase ("it traveled west along the M-4 highway and", "the so-", "Syria's") or
# whose head cannot speak ("US jets fired", "the economy") names no speaker and no source.


@dataclass(frozen=True)
class NounPhrase:
    words: tuple[str, ...]
    head: int  # index in `words` of the head word
    determiner: str = ""  # the opening determiner or quantifier, in lower case ("a", "the", "two"), if any

    @property
    def head_word(self) -> str:
        return self.words[self.head].removesuffix("’s").removesuffix("'s")

    @property
    def before_head(self) -> tuple[str, ...]:
        return self.words[: self.head]


_AGENT = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ant|ent|man|woman|person)s?|[a-z]{2,}(?:men|women|people)")
_GLUED = re.compile(r"[a-z]{2,}\.[A-Z]|[@<>=\\|#_]|https?:|www\.|/\W|\W/")  # "Twitter.Neil", "@kimidefreytas", "2016</"
_DOMAIN = re.compile(r"[\w-]+\.(?:com|org|net|fr|de|ru|co\.uk|info|io|tv)", re.I)  # "according to ouest-france.fr"
_WHEN = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|earlier|later|last|this|next)$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_NUMERAL = re.compile(r"[$£€]?\d[\d.,:%$-]*(?:st|nd|rd|th|s)?")
_RELATIVE_WORDS = frozenset({"who", "whom", "whose", "which", "that"})
_THOSE_WHO = _RELATIVE_WORDS | THOSE_WHO
_JOINS = frozenset({"and", "or", "&"})
_PAST = frozenset(IRREGULAR_PAST)


def _singulars(word: str) -> tuple[str, ...]:
    forms = [word, singular(word)]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    return tuple(forms)


@functools.lru_cache(maxsize=4096)
def noun_class(word: str) -> str | None:
    """What a common noun names: "person" (an official, aides, a negotiator, a neurosurgeon), "body"
    (the ministry), "document" (the report), "outlet" (the newspaper), or None (the economy, the race)."""
    w = word.lower().removesuffix("’s").removesuffix("'s")
    for form in _singulars(w):
        if form in PERSON_NOUNS or form in _PLURALS:
            return "person"
        if form in BODY_NOUNS:
            return "body"
        if form in DOCUMENT_NOUNS:
            return "document"
        if form in OUTLET_NOUNS:
            return "outlet"
    if word[:1].islower() and len(w) > 7 and any(w.endswith(f) for f in _SUFFIX_PEOPLE for f in (f, f + "s")):
        return "person"  # neurosurgeon, policeman
    if word[:1].islower() and _AGENT.fullmatch(w) and not w.endswith(("ment", "ments")) and not any(f in NOT_AGENTS for f in _singulars(w)):
        return "person"
    return None


_PLURALS = frozenset(PEOPLE_PLURALS)
_SUFFIX_PEOPLE = tuple(sorted(n for n in PERSON_NOUNS if len(n) >= 5))
_AGED = re.compile(r"\d+-year-olds?")
_COMPOUND_ADJECTIVE = re.compile(r"\w-(?:born|based|backed|led|run|owned|funded|linked|allied|controlled|held|made)$")


def _is_numeral(word: str) -> bool:
    return bool(_NUMERAL.fullmatch(word)) or word.lower() in QUANTIFIERS


@functools.lru_cache(maxsize=8192)
def noun_phrase(phrase: str) -> NounPhrase | None:
    """`phrase` read as one noun phrase, or None when it is not one: a clause ("US jets fired",
    "Russia held a video conference"), a fragment ("the so-", "Syria's", "a candidate who"), a
    number alone ("Two", "3 min"), or a run-on ("… on Twitter.Neil MacFarquhar")."""
    text = _PARENTHESES.sub(" ", phrase)  # "Gov. Pat McCrory (R)"
    words = text.split()
    if words and words[-1].endswith(".") and words[-1].count(".") == 1 and len(words[-1]) > 4:
        words[-1] = words[-1][:-1]  # "one party activist." — the sentence's full stop
    if not words or len(words) > (24 if _RELATIVE_WORDS & {w.lower() for w in words} else 16) or MASK in text or _GLUED.search(text):
        return None
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return NounPhrase(tuple(words), 0)
    if any(not any(ch.isalnum() for ch in w) for w in words) or words[0].lower() in SUBORDINATORS or words[0].lower() in _JOINS:
        return None  # "-- Russia", "Although it", "and officials"
    if words[0].endswith("ed") and words[0][:1].islower() and words[0] not in PARTICIPLE_ADJECTIVES or _COMPOUND_ADJECTIVE.search(words[-1]):
        return None  # "remembered Freddy", "the Queens-born"
    if words[0].lower() == "those" and len(words) > 1 and words[1].lower() in _THOSE_WHO:
        return NounPhrase(tuple(words), 0, "those")  # "those close to him", "those surveyed"
    cut = len(words)
    for i, w in enumerate(words[1:], 1):
        if w.lower() in POSTMODIFIER_WORDS:
            cut = i
            break
        prev = words[i - 1]
        if _WHEN.match(w) and prev[:1].islower() and prev.lower() not in DETERMINERS:
            cut = i  # "a report Tuesday from WKOW"
            break
        if w[:1].islower() and w.endswith("ing") and "-" not in w and (prev[:1].isupper() or noun_class(prev)) and len(w) > 5:
            # (not "the long-running presenter", "oil-producing states": adjectives)
            cut = i  # "an intelligence source speaking to Fox News", "protesters marching through the streets"
            break
        if (w.endswith("ed") or w in _PAST or w in ("known", "shown", "given", "written", "chosen")) and w[:1].islower() and w.lower() not in PARTICIPLE_ADJECTIVES and prev.lower() not in DETERMINERS and not prev.endswith("ly"):
            # "officials cited by CNN", "a video published by the Russian side", "data released Friday by
            # regulators": what qualifies the head; "the group released images": a verb, and no noun phrase.
            if i + 1 < len(words) and words[i + 1].lower() not in POSTMODIFIER_WORDS and words[i + 1].lower() not in PARTICLES and not _WHEN.match(words[i + 1]):
                return None
            cut = i
            break
    if cut == len(words) and len(words) > 2 and words[-1].lower() in PARTICIPLE_ADJECTIVES:
        cut -= 1  # "one Republican involved", "the people concerned": the participle follows its noun
    before, after = words[:cut], words[cut:]
    last = words[-1].lower()
    if last in ("close", "familiar", "involved") and len(words) > 2:
        words = words[:-1]  # "a person close (to the Clintons)": the phrase was cut before what it is close to
        last = words[-1].lower()
    if last in POSTMODIFIER_WORDS or last in PHRASE_OPENERS or last in _JOINS or words[-1].endswith(("-", "—", "–")):
        return None
    i = 0
    determiner = ""
    while i < len(before) - 1 and (before[i].lower() in PHRASE_OPENERS or before[i].lower() in DETERMINERS or _is_numeral(before[i])):
        determiner = determiner or before[i].lower()
        i += 1
    head = len(before) - 1
    word = before[head]
    if word.lower() in PRONOUNS:
        return None  # "He repeated earlier U.S. calls": a pronoun is a noun phrase alone
    if _is_numeral(word) or word.lower() in DETERMINERS or word.lower() in PHRASE_OPENERS:
        # "two of the officials", "some of his aides", "six in 10 voters", "many in the crowd": the head is
        # what they count.
        skip = 1
        if len(after) > 2 and after[0].lower() == "in" and _is_numeral(after[1]) and not after[1].lower() in DETERMINERS:
            skip = 2
        elif not (after and after[0].lower() in ("of", "in") and len(after) > 1):
            return None
        inner = noun_phrase(" ".join(after[skip:]))
        if inner is None:
            return None
        return NounPhrase(tuple(words), cut + skip + inner.head, word.lower() if not determiner else determiner)
    lower_run = 0
    for w in before[i:head]:
        low = w.lower()
        if w[:1].islower() and (low in NOT_IN_NOUN_PHRASE or low in _PAST or low in PHRASE_OPENERS) or low in PRONOUNS:
            return None
        lower_run = lower_run + 1 if w[:1].islower() else 0
        if lower_run > 4:
            return None  # "the phone call comes following media": a clause
    if word.endswith(("’s", "'s", "’", "-")) and not after or word[:1].islower() and (word.lower() in NOT_IN_NOUN_PHRASE or word.lower() in _PAST):
        return None
    if word.endswith(("n't", "n’t")):
        return None
    previous = word
    for w in after:
        low = w.lower()
        if low in _RELATIVE_WORDS or previous.lower() == "to" and w[:1].islower() and low not in PHRASE_OPENERS:
            break  # "a military scholar who reposted the video", "the last man to mount a race": a clause of its own
        if w[:1].islower() and (low in NOT_IN_NOUN_PHRASE or low in _PAST):
            return None
        if w[:1].islower() and low in PHRASE_OPENERS and not (previous.lower() in POSTMODIFIER_WORDS or previous.lower() in _JOINS or previous.endswith(("’s", "'s"))):
            return None  # "officials from Russia held a video conference"
        previous = w
    return NounPhrase(tuple(words), head, determiner)


# What closes a subject but names no one: "the Pentagon at the time", "Russia in a statement".
_ADJUNCT_END = re.compile(
    r"\s+(?:itself|himself|herself|themselves|each|alone|further|(?:[\w-]+\s+){1,4}ago|at the time|at that time|in (?:a|an|the|its|his|her|their) (?:\w+ )?(?:statement|interview|briefing|post|tweet|release|letter|email|e-mail)|"
    r"(?:(?:earlier|later|on|last|this|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|morning|night)|"
    r"(?:earlier|later|yesterday|today|tonight))$"
)


def without_adjuncts(phrase: str) -> str:
    """The phrase without what closes it but names no one: "the Pentagon at the time", "Priebus later
    Thursday", "Ford itself"."""
    return _ADJUNCT_END.sub("", phrase)


def _verb_like(word: str, before: str) -> bool:
    """Whether a word inside a subject phrase is its verb: "Clinton noted …", "Graham assures …"."""
    low = word.lower()
    if not word[:1].islower():
        return False
    if low in NOT_IN_NOUN_PHRASE or low in _PAST or low in SPEECH_VERBS and noun_class(low) is None:
        return True
    if low.endswith("ed") and low not in PARTICIPLE_ADJECTIVES or low.endswith("ly") and noun_class(low) is None:
        return True  # "Trump unleashed", "Her campaign quickly blasted out"
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and noun_class(low) is None and (before[:1].isupper() or before.lower() in PRONOUNS)


def noun_phrase_in(phrase: str) -> tuple[int, int] | None:
    """Where in `phrase` is the noun phrase that names who speaks: the phrase itself when it is one
    whose head can speak; else its opening noun phrase, up to the verb of a clause run into it
    ("Clinton noted the Sept. 11" → Clinton, "the Security Council issued a statement" → the
    Security Council); else a pronoun that ends it ("in an interview with RT he" → he)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", phrase)]
    while spans and (not any(ch.isalnum() for ch in phrase[spans[0][0] : spans[0][1]]) or phrase[spans[0][0] : spans[0][1]].lower() in OPENING_WORDS):
        spans = spans[1:]  # "'' Mr. Axelrod", "-- Russia", "And then Trump"
    while spans and not any(ch.isalnum() for ch in phrase[spans[-1][0] : spans[-1][1]]):
        spans = spans[:-1]
    if not spans:
        return None
    start = spans[0][0]
    end = start + len(without_adjuncts(phrase[start : spans[-1][1]]))
    spans = [sp for sp in spans if sp[1] <= end]
    if len(spans) > 1 and phrase[spans[-1][0] : spans[-1][1]].lower() in ("who", "which", "that"):
        spans = spans[:-1]  # "One Democratic official who (relayed the exchange)"
        end = spans[-1][1]
    words = [phrase[a:b] for a, b in spans]
    whole = noun_phrase(phrase[start:end])
    if whole is not None and can_speak(whole):
        return start, end
    for sep in (" - ", " — ", " – ", " -- "):
        if sep in phrase[start:end]:  # "REPUBLICAN CONTESTS - Philip Bump"
            cut = phrase.rindex(sep, start, end) + len(sep)
            part = noun_phrase_in(phrase[cut:end])
            return (cut + part[0], cut + part[1]) if part else None
    named = re.search(r"\s(?:the|The)\s+(?=[A-Z])", phrase[start:end])
    if named and named.start() > 0:  # "monitoring group the Syrian Observatory for Human Rights"
        tail = noun_phrase(phrase[start + named.start() + 1 : end])
        if tail is not None and can_speak(tail):
            return start + named.start() + 1, end
    comma = phrase.find(",", start, end)
    if comma > start:  # "House Speaker Paul Ryan, R-Wis., despite"
        opening = noun_phrase(phrase[start:comma])
        if opening is not None and can_speak(opening):
            return start, comma
    if words[0].lower() in PRONOUNS and len(words) > 1:
        return spans[0]  # "He also played up …", "it further"
    if words[0].lower() in POSTMODIFIER_WORDS and words[-1][:1].isupper():
        # "In a Bloomberg interview Trump": the name after the opening adverbial
        k = len(words) - 1
        while k > 1 and words[k - 1][:1].isupper():
            k -= 1
        named = noun_phrase(phrase[spans[k][0] : end])
        if named is not None and can_speak(named) and words[k - 1][:1].islower():
            return spans[k][0], end
    for i in range(1, len(words)):
        if _verb_like(words[i], words[i - 1]):
            opening = noun_phrase(phrase[start : spans[i - 1][1]])
            if opening is not None and can_speak(opening):
                return start, spans[i - 1][1]
            break
    if words[-1].lower() in PRONOUNS:
        return spans[-1]
    return (start, end) if whole is not None else None


def can_speak(np: NounPhrase, quote: bool = False) -> bool:
    """Whether the phrase's head names someone or something that can say or report: a pronoun, a
    name, a person, a body, an outlet or a document (for a `quote`'s speaker, no picture: "Video")."""
    word = np.head_word
    low = word.lower()
    if len(np.words) == 1 and low in PRONOUNS or np.determiner == "those" and low == "those":
        return True
    kind = noun_class(word)
    if kind is not None:
        return not (quote and kind == "document" and any(f in VISUAL_NOUNS for f in _singulars(low)))
    if _DOMAIN.fullmatch(word) or _AGED.fullmatch(low):
        return True  # ouest-france.fr, "the 46-year-old"
    if not word[:1].isupper():
        return False
    if low.rstrip(".") in NOT_HEADS or _NUMERAL.fullmatch(word):
        return False
    return not (np.head == 0 and len(np.words) > 1 and low.endswith("ing"))  # "Adding to the mix …", not "Manning"


# -- verbs that need what was said after them ------------------------------------------


def verb_base(verb: str) -> str:
    """The base form of a speech verb's form: "maintains" → maintain, "proposed" → propose."""
    for suffix, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", "")):
        if verb.endswith(suffix) and verb[: -len(suffix)] + add in SPEECH_VERB_BASES:
            return verb[: -len(suffix)] + add
    return verb


_CONTENT_AFTER = re.compile(r"\s*(?:that\b|:|[“\"\x00]|,\s*[“\"]|of\b|about\b|against\b|(?:not\s+)?to\s+[a-z]|(?:he|she|it|they|we|I|there)\s)")


_OBJECT_ADJUNCT = re.compile(r"(?:\s+(?:on|last|this|earlier|later|again|repeatedly|in|at)(?:\s+[A-Z]?[\w-]+){0,2}?(?=\s+that\b|,))+")


def says_content(masked: str, start: int, end: int) -> bool:
    """Whether a cue of CLAUSE_VERBS (or "state") at masked[start:end] is followed by what was said:
    "maintained that …", "warned the U.S. military that …", "states: …" — not "maintain a ‘deconfliction’
    line", "would warn their allies", "battleground states". Any other cue: True."""
    low = masked[start:end].lower()
    base = verb_base(low)
    if low not in ("state", "states") and base not in CLAUSE_VERBS:
        return True
    if _CONTENT_AFTER.match(masked, end):
        return True
    obj = np_after(masked, end, min(len(masked), end + 120))
    told = base + ("d" if base.endswith("e") else "ed") in ADDRESSEE_VERBS  # warn someone (on Friday) that …
    if obj is None or not told:
        return False
    adjunct = _OBJECT_ADJUNCT.match(masked, obj[1])
    return bool(_CONTENT_AFTER.match(masked, adjunct.end() if adjunct else obj[1]))


_WORD_BEFORE = re.compile(r"([\w’'.-]+)\s+$")
_AUXILIARY_NEXT = re.compile(r"\s+(?:is|are|was|were|will|would|could|can|may|might|should|must)\s")
_GAP_BEFORE = re.compile(r"\b(?:what|which|that|who|whom)\b[^,.;:!?]*$", re.I)
# "refugees admitted to the United States have been", "those surveyed were": a participle whose noun is
# the subject of another verb. ("Announced in a statement Russia was" is speech: no "in" phrases.)
_REDUCED_RELATIVE = re.compile(
    r"(?:\s+(?:to|into)(?:\s+(?!(?:that|he|she|they|we|it|I|who|which)\b)[\w’'.-]+){1,6}?)?"
    r"\s+(?:is|are|was|were|have|has|had)\s"
)
_SUBJECT_WORDS = re.compile(r"(?:he|she|it|they|we|i|you|who|which|that|to|will|would|also|[a-z]+ly)$")


_PRICE = re.compile(r"\s+(?:(?:an?|the|its|their|his|her)\s+)?(?:[$£€\d]|(?:[\w-]+\s+){0,2}?(?:fee|fees|price|prices|rate|rates|premium|toll|tariff|rent|interest)\b)")


def charges_a_price(masked: str, start: int, end: int) -> bool:
    """Whether the cue at masked[start:end] is "charge" of a price ("the club charged a $100,000
    fee", "charges $5 a ride"), not of a charge someone makes ("charged that the convoy strayed")."""
    return masked[start:end].lower() in ("charge", "charges", "charged", "charging") and bool(_PRICE.match(masked, end))


def is_verb_use(masked: str, start: int, end: int) -> bool:
    """Whether the cue word at masked[start:end] is a verb: not a noun by `cues.is_noun_use` ("the
    report", "claims of"), nor a word of NOUN_LIKE_CUES after a noun that names no speaker ("a phone
    call", "media reports", "the congressional report said"). After a name, a speaker or a pronoun it
    is a verb: "Reuters reports", "the ministry reports", "officials claim". Nor a participle of a reduced
    relative ("refugees admitted to the US are")."""
    if is_noun_use(masked, start):
        return False
    word = masked[start:end].lower()
    if word.endswith("ed") and _REDUCED_RELATIVE.match(masked, end) and not _GAP_BEFORE.search(masked, max(0, start - 80), start):
        return False  # but "what analysts said was a sign": the verb, its object gone ahead
    if word not in NOUN_LIKE_CUES:
        return True
    if _AUXILIARY_NEXT.match(masked, end) and not _GAP_BEFORE.search(masked, max(0, start - 80), start):
        # "harsh comments are earning", "a Twitter post could go": the noun, before its verb; but
        # "what the society estimates will be needed" is the verb, its object gone ahead
        return False
    prev = _WORD_BEFORE.search(masked, max(0, start - 40), start)
    if prev is None:
        return True
    w = prev.group(1)
    if w == "to" and masked[end - 1 : end] == "s":
        return False  # "did not respond to reports that": no infinitive ends in -s
    if w[:1].isupper() and noun_class(w) is None and w.lower() not in PRONOUNS and _SENTENCE_START.search(masked, max(0, prev.start() - 3), prev.start()) and _lower_elsewhere(masked, w):
        return False  # "Early estimates from the World Bank", "Criminal charges against": a common word, capitalised as the sentence opens
    return not (w[:1].islower() and not _SUBJECT_WORDS.match(w) and noun_class(w) not in ("person", "body"))


_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]*\s+|\n\s*)$")


def _lower_elsewhere(masked: str, word: str) -> bool:
    """Whether the word stands in lower case elsewhere in the text: a common word, not a name."""
    low = word.lower()
    return low != word and re.search(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])", masked) is not None
