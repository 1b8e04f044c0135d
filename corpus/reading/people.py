"""People: the persons an article names, each under the fullest form it uses.

A capitalised run ("Army Col. Sean Ryan", "Gen. Valery Gerasimov") is split into
title words and a name; names made only of organisation, place or actor words
are not people. A bare surname ("Gerasimov") is the nearest full mention before
it with that surname. Titles and common first names give a gender where the
text tells it, so that "he" does not resolve to Hillary Clinton.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article import Article
from ..gazetteer import Gazetteer
from .grammar import NOT_NAMES, CAP_RUN, after_possessive, excluded_names, is_person_tokens, split_title
from .lexicon import CLAUSE_OPENERS, INVERTED_OPENERS, ROLE_NOUNS
from .places import mentions_in
from .lexicon import FEMALE_NAMES, FEMALE_TITLES, MALE_NAMES, MALE_TITLES, SPEAKS_AFTER_NAME, SPOKE_BEFORE_NAME

@dataclass(frozen=True)
class Person:
    """A person the article names: the fullest form, and the mentions of each form."""

    name: str
    mentions: tuple[tuple[int, int], ...]


_SPEAKS = re.compile(r"\s+(?:\w+ly\s+)?(?:" + "|".join(sorted(SPEAKS_AFTER_NAME)) + r"|as saying)\b")


_SPOKE = re.compile(r"\b(?:" + "|".join(sorted(SPOKE_BEFORE_NAME)) + r"|according to)\s+$")


_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.|Jr\.|Sr\.")


_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(ROLE_NOUNS)) + r")\s+$")


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
            opener = bool(name) and not titles and name[0] in INVERTED_OPENERS and len(name) >= (3 if name[0] in ("Said", "Says") else 2)
            if opener:  # "Said Dorothy Poynter, …" opens a sentence: the verb is no part of the name (Said Djinnit is)
                name = name[1:]
            if len(name) >= 3 and name[0] in CLAUSE_OPENERS:
                name = name[1:]  # "Did Donald Trump …?", "Even Lindsey Graham said": the clause's word ("Maybe Trump" stays: one word is no name)
            possessive = bool(name) and name[-1].endswith(("’s", "'s"))
            name = [w.removesuffix("’s").removesuffix("'s") for w in name]
            full_stop = bool(name) and name[-1].endswith(".") and not _INITIALS.fullmatch(name[-1])
            if full_stop:  # the name ends its sentence: "…,” said Sergey Lavrov.
                name[-1] = name[-1][:-1]
            while len(name) > 1 and name[-1].rstrip(".").lower() in NOT_NAMES:
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
                or opener
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


def _gender(titles: list[str], name: list[str]) -> str | None:
    low = {t.lower() for t in titles}
    if low & FEMALE_TITLES:
        return "f"
    if low & MALE_TITLES:
        return "m"
    if len(name) > 1 and name[0].lower() in FEMALE_NAMES:
        return "f"
    if len(name) > 1 and name[0].lower() in MALE_NAMES:
        return "m"
    return None
