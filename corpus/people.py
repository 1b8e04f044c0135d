"""People: the persons an article names, each under the fullest form it uses.

A capitalised run ("Army Col. Sean Ryan", "Gen. Valery Gerasimov") is split into
title words and a name; names made only of organisation, place or actor words
are not people. A bare surname ("Gerasimov") is the nearest full mention before
it with that surname. Titles and common first names give a gender where the
text tells it, so that "he" does not resolve to Hillary Clinton.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .article import Article
from .gazetteer import Gazetteer, shipped
from .places import mentions_in

TITLES = {
    "gen.", "gen", "general", "lt.", "lieutenant", "col.", "colonel", "maj.", "major", "capt.", "captain", "adm.",
    "admiral", "rear", "vice", "army", "navy", "air", "force", "marine", "sgt.", "sergeant", "president",
    "secretary", "minister", "foreign", "defense", "defence", "prime", "sen.", "senator", "rep.", "representative",
    "gov.", "governor", "mayor", "mr.", "mrs.", "ms.", "dr.", "prof.", "professor", "judge", "justice", "ambassador",
    "chairman", "chairwoman", "chair", "director", "deputy", "chief", "spokesman", "spokeswoman", "spokesperson",
    "press", "speaker", "leader", "king", "queen", "prince", "pope", "rev.", "sheikh", "commander", "state", "of",
    "u.s.", "us", "russian", "american", "syrian", "british", "democratic", "republican", "gop", "former",
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "attorney", "nominee", "candidate", "presidential", "first", "lady",
    "house", "senate", "majority", "minority", "whip", "ceo", "founder", "executive", "officer", "lt", "col", "maj",
    "capt", "adm", "sgt", "brig.", "brigadier", "field", "marshal", "staff", "sec.", "acting", "interim", "pastor",
    "father", "sister", "brother", "dame", "sir", "lord", "detective", "officer", "agent", "trooper", "coach",
    "reverend", "rabbi", "imam", "emir", "crown", "premier", "chancellor", "envoy", "special", "top", "assistant",
    "undersecretary", "under", "associate", "national", "security", "adviser", "advisor", "counsel", "general's",
    "democrat", "republican", "independent", "congressman", "congresswoman", "councilman", "councilwoman",
    "sheriff", "prosecutor", "lawyer", "manager", "strategist", "pollster", "analyst", "economist", "historian",
    "mep", "mp", "msp", "mla", "shadow",
}  # fmt: skip
_ORG_WORDS = {
    "department", "ministry", "office", "council", "committee", "party", "campaign", "agency", "times", "post",
    "journal", "news", "center", "centre", "university", "institute", "foundation", "forces", "command",
    "coalition", "embassy", "government", "administration", "congress", "senate", "court", "network", "radio",
    "tv", "press", "association", "group", "company", "inc", "inc.", "corp", "corp.", "bank", "fund",
    "organization", "organisation", "pentagon", "kremlin", "house", "staff", "service", "bureau", "commission",
    "board", "union", "federation", "league", "club", "church", "school", "college", "magazine", "daily",
    "tribune", "herald", "telegraph", "guardian", "monitor", "review", "reuters", "politico", "newsweek", "tass",
    "cnn", "bbc", "nbc", "cbs", "abc", "msnbc", "fox", "npr", "ap", "afp", "bloomberg", "axios", "street",
    "observatory", "headquarters", "army", "navy", "police", "military", "guard", "gop", "dnc", "rnc", "fbi",
    "cia", "nsa", "un", "u.n.", "nato", "eu", "isis", "isil", "sdf", "ypg", "hts", "pac", "team", "state",
    "states", "nation", "nations", "republic", "federal", "county", "city", "airlines", "corporation",
}  # fmt: skip
_NOT_NAME = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "but", "and",
    "if", "when", "while", "in", "on", "at", "as", "after", "before", "although", "though", "still", "yet",
    "however", "meanwhile", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his",
    "her", "their", "our", "its", "there", "here", "what", "who", "why", "how", "where", "asked", "so", "now",
    "then", "also", "not", "no", "yes", "syrian", "russian", "american", "british", "iranian", "iraqi",
    "turkish", "kurdish", "israeli", "chinese", "french", "german", "european", "arab", "western", "soviet",
    "democrats", "republicans", "americans", "russians", "syrians", "muslim", "christian", "jewish", "african",
    "one", "all", "some", "for", "with", "from", "by", "to", "of", "or",
    "a", "an", "the", "sept", "sept.", "jan.", "feb.", "aug.", "oct.", "nov.", "dec.", "god", "mr", "mrs",
    "ms", "mr.", "mrs.", "ms.", "dr.", "dr", "like", "even", "just", "because", "since", "until", "whether",
}  # fmt: skip
# Inside a run a word ends in a full stop only as an abbreviation or initials: "Davies. The" is two sentences.
_ABBREVIATION = r"(?:Gen|Col|Lt|Sgt|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Adm|Capt|Maj|St|Jr|Sr|Rev|Brig|Prof|Cmdr|Cpl|Pvt|Sec|Gens|Messrs)\.|[A-Z]\.(?:[A-Z]\.)*"
CAP_RUN = re.compile(
    r"(?<![\w’'-])(?:(?:" + _ABBREVIATION + r"|[A-Z][\w’'-]*|(?:al|el|bin|ibn|de|del|van|von|der|da|di|du|la|le)(?=[\s-][A-Z]))[\s-]?(?=[A-Z\s(al|el)])\s*)*"
    r"[A-Z][\w’'.-]*"
)


@functools.lru_cache(maxsize=8)
def excluded_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Spellings of the gazetteer's places and actors, casefolded: never a person's name."""
    return frozenset(s.casefold() for e in gazetteer.entries if e.kind != "person" for s in e.spellings)


@dataclass(frozen=True)
class Person:
    """A person the article names: the fullest form, and the mentions of each form."""

    name: str
    mentions: tuple[tuple[int, int], ...]


_SPEAKS = re.compile(r"\s+(?:\w+ly\s+)?(?:said|says|told|tells|added|adds|asked|wrote|writes|explained|noted|argued|insisted|as saying)\b")
_SPOKE = re.compile(r"\b(?:said|says|added|asked|wrote|quoted|quoting|according to)\s+$")


_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.|Jr\.|Sr\.")
# Words for a person's role, in lower case before or after a name: "shadow chancellor Oliver
# Letwin", "Dr Mike Watts head of exploration".
ROLE_NOUNS = frozenset("""
minister chancellor secretary spokesman spokeswoman spokesperson leader chief director president chairman
chairwoman editor author partner owner analyst economist researcher coach manager captain lawyer professor
ambassador envoy commander general colonel adviser advisor head boss founder executive presenter singer actor
actress player striker midfielder defender goalkeeper prosecutor judge senator governor mayor deputy
""".split())  # fmt: skip
_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(ROLE_NOUNS)) + r")\s+$")
_PARTICLES = ("al", "el", "bin", "ibn", "de", "van", "von", "da", "di", "du", "la", "le")


def is_person_tokens(tokens: list[str], excluded: frozenset[str] | None = None) -> bool:
    """Whether capitalised words can be a person's name (`excluded`: names of places and
    actors; by default the shipped gazetteer's)."""
    if not tokens or len(tokens) > 4:
        return False
    if excluded is None:
        excluded = excluded_names(shipped())
    low = [t.lower().rstrip(".") for t in tokens]
    if any(t in _ORG_WORDS or t + "." in _ORG_WORDS for t in low):
        return False
    if any(t.lower() in _NOT_NAME or t.casefold() in excluded for t in tokens) or " ".join(tokens).casefold() in excluded:
        return False
    if any(("." in t and not re.fullmatch(r"[A-Z]\.", t)) or re.search(r"-[a-z]", t.removeprefix("al-").removeprefix("el-")) for t in tokens):
        return False
    if any(len(t) >= 3 and t.isupper() for t in tokens):
        return False  # acronyms: RSPCA, NATO
    return all(t[0].isupper() or t.lower() in _PARTICLES or t.startswith(("al-", "el-")) for t in tokens)


def after_possessive(words: list[str]) -> list[str]:
    """ "Deutsche Bank's Simon Champion" → the words after the last inner possessive."""
    for i in range(len(words) - 2, -1, -1):
        if words[i].endswith(("’s", "'s")):
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
    return words[start:i], words[i:]


@dataclass(frozen=True)
class PeopleTable:
    """The people of one article and how a bare surname resolves at a given offset."""

    people: tuple[Person, ...]
    full_mentions: dict[str, tuple[tuple[int, str], ...]]  # surname -> (offset, full name) of full mentions
    genders: dict[str, str] = field(default_factory=dict)  # full name -> "f" or "m", where the text tells
    titled: frozenset[str] = frozenset()  # one-word names the text gives a title ("Mr Blair"), casefolded
    excluded: frozenset[str] = frozenset()  # names of the gazetteer's places and actors, casefolded

    def canonical(self, tokens: list[str], pos: int) -> str | None:
        """The fullest form of the person named by `tokens` at `pos` (the nearest full mention before it)."""
        if not tokens:
            return None
        cands = self.full_mentions.get(tokens[-1].casefold())
        if not cands:
            return None
        fitting = [c for c in cands if all(t in c[1].split() for t in tokens)] or list(cands)
        before = [c for c in fitting if c[0] <= pos]
        return (before[-1] if before else fitting[0])[1]

    def is_surname(self, word: str) -> bool:
        return word.casefold() in self.full_mentions


def find_people(article: Article, masked: str, gaz: Gazetteer) -> PeopleTable:
    """The people an article names (outside quotes), each under its fullest form."""
    excluded = excluded_names(gaz)
    mentions: list[tuple[int, int, list[str]]] = []
    genders: list[tuple[int, list[str], str]] = []
    evidence: set[str] = set()  # surnames the text shows to be people's
    titled: set[str] = set()  # one-word names given a title somewhere ("Mr Blair")
    for p in article.content_paragraphs:
        for m in CAP_RUN.finditer(masked, p.start, p.end):
            words = after_possessive(m.group().split())
            titles, name = split_title(words)
            possessive = bool(name) and name[-1].endswith(("’s", "'s"))
            name = [w.removesuffix("’s").removesuffix("'s") for w in name]
            full_stop = bool(name) and name[-1].endswith(".") and not _INITIALS.fullmatch(name[-1])
            if full_stop:  # the name ends its sentence: "…,” said Sergey Lavrov.
                name[-1] = name[-1][:-1]
            while len(name) > 1 and name[-1].rstrip(".").lower() in _NOT_NAME:
                name = name[:-1]
            if not is_person_tokens(name, excluded):
                continue
            if len(name) == 1 and not titles and not _SPEAKS.match(masked, m.end()) and (possessive or not _SPOKE.search(masked, max(0, m.start() - 14), m.start())):
                continue  # a lone capitalised word is a person only as a speaker: "Ryan said", "said Melnik"
            skipped = len(m.group().split()) - len(words)  # words before an inner possessive
            base = [w.start() for w in re.finditer(r"\S+", m.group())][skipped] if skipped else 0
            s = m.start() + m.group().find(name[0], base)
            e = m.end() - (2 if possessive else 0) - (1 if full_stop else 0)
            mentions.append((s, e, name))
            if titles and len(name) == 1:
                titled.add(name[0].casefold())
            gender = _gender(titles, name)
            if gender:
                genders.append((s, name, gender))
            if (
                titles
                or gender
                or _SPEAKS.match(masked, e)
                or (not possessive and _SPOKE.search(masked, max(0, m.start() - 14), m.start()))
                or (len(name) > 1 and _ROLE_BEFORE.search(masked, max(0, m.start() - 16), m.start()))
            ):
                evidence.add(name[-1].casefold())
        for name, s, e in mentions_in(masked, p.start, p.end, gaz, "person"):
            mentions.append((s, e, name.split()))
            evidence.add(name.split()[-1].casefold())
    # Full mentions: the longest form of each name, by surname.
    longest: dict[str, str] = {}
    for _s, _e, name in mentions:
        if len(name) > 1:
            full = " ".join(name)
            for other in list(longest.values()):
                if set(name) <= set(other.split()) and len(other) >= len(full):
                    full = other
            longest[full] = full
    full_mentions: dict[str, list[tuple[int, str]]] = {}
    for s, _e, name in sorted(mentions):
        if len(name) > 1:
            full = max((f for f in longest if set(name) <= set(f.split())), key=len, default=" ".join(name))
            full_mentions.setdefault(name[-1].casefold(), []).append((s, full))
    table = PeopleTable((), {k: tuple(v) for k, v in full_mentions.items()})
    people: dict[str, set[tuple[int, int]]] = {}
    for s, e, name in mentions:
        full = table.canonical(name, s) or " ".join(name)
        people.setdefault(full, set()).add((s, e))
    # Surnames alone ("Gerasimov said") are mentions of the nearest full name.
    if full_mentions:
        surnames = sorted({f[1].split()[-1] for v in full_mentions.values() for f in v}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in surnames) + r")(?![\w-])")
        full_spans = {(s, e) for s, e, _ in mentions}
        for p in article.content_paragraphs:
            for m in pattern.finditer(masked, p.start, p.end):
                full = table.canonical([m.group()], m.start())
                if full:
                    people.setdefault(full, set()).add((m.start(), m.end()))
                    if not any(a <= m.start() < b for a, b in full_spans):
                        evidence.add(m.group().casefold())  # named again by surname alone
    # "Golden Globe", "Los Angeles": capitalised pairs the text never treats as a person.
    people = {n: sp for n, sp in people.items() if n.split()[-1].casefold() in evidence}
    gender_of = {}
    for s, name, g in genders:
        full = table.canonical(name, s) or " ".join(name)
        gender_of.setdefault(full, g)
    return PeopleTable(tuple(Person(n, tuple(sorted(sp))) for n, sp in people.items()), table.full_mentions, gender_of, frozenset(titled), excluded)


_FEMALE_TITLES = {
    "mrs.", "mrs", "ms.", "ms", "miss", "madam", "madame", "lady", "dame", "queen", "princess", "sister",
    "congresswoman", "spokeswoman", "chairwoman", "councilwoman", "businesswoman",
}  # fmt: skip
_MALE_TITLES = {
    "mr.", "mr", "sir", "lord", "king", "prince", "father", "brother", "congressman", "spokesman", "chairman",
    "councilman", "businessman",
}  # fmt: skip
# Common first names, enough to keep "he" from resolving to Hillary Clinton.
_FEMALE_NAMES = set("""
hillary chelsea melania ivanka nancy elizabeth sarah kellyanne huma megyn michelle barbara laura condoleezza
madeleine samantha susan maria mary patricia jennifer linda karen lisa donna carol sandra ruth margaret anne
ann angela theresa kamala kirsten amy tulsi debbie donna jill carly nikki marsha kelly dianne claire heidi
tammy maggie lindsey joni susana jeanne jean janet loretta sally marie catherine katherine kate julia olga
maria anna natalia irina svetlana valentina tatiana yulia elena ekaterina ludmila marina federica ursula
""".split())  # fmt: skip


_MALE_NAMES = set("""
john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick
jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith
christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert
willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny
barack bill mitt ted marco jeb rand bernie mike chris tim tom jim bob dick newt rudy rick mitch harry
tony gordon nick ed ken simon ian alastair neil graham nigel colin clive martin malcolm hamish
vladimir sergey sergei dmitry dmitri alexei alexey mikhail igor ivan nikolai viktor valery yury yuri andrei
andrey boris oleg pavel maxim konstantin vasily anatoly gennady leonid
bashar hafez mohammed muhammad mohammad ahmed ahmad ali hassan hussein omar khalid abdullah ibrahim mahmoud
recep tayyip hulusi mevlut emmanuel francois pierre jacques olaf gerhard helmut
""".split())  # fmt: skip


def _gender(titles: list[str], name: list[str]) -> str | None:
    low = {t.lower() for t in titles}
    if low & _FEMALE_TITLES:
        return "f"
    if low & _MALE_TITLES:
        return "m"
    if len(name) > 1 and name[0].lower() in _FEMALE_NAMES:
        return "f"
    if len(name) > 1 and name[0].lower() in _MALE_NAMES:
        return "m"
    return None
