"""Who a phrase names: a person under the fullest form the article uses, a
pronoun resolved to the person or body it stands for, or an organisation.

`canonical_speaker` turns the subject phrase of a cue ("Rear Adm. Alexander
Karpov, the center's deputy head", "he", "the ministry") into the name the
reader shows, with its role kept apart.
"""

from __future__ import annotations

import bisect
import re

from .context import Context
from .grammar import (
    DETERMINERS,
    PRONOUNS,
    CAP_RUN,
    after_possessive,
    is_person_tokens,
    split_title,
)
from .lexicon import GOVERNING_WORDS, HONORIFICS, ROLE_NOUNS, TITLES

def _names_in(phrase: str) -> list[str]:
    return [m.group() for m in CAP_RUN.finditer(phrase)]


def canonical_speaker(ctx: Context, phrase: str, start: int) -> tuple[str | None, str | None, str]:
    """(canonical speaker, role, kind) of a subject phrase at `start`."""
    bare = phrase.strip()
    low = bare.lower()
    if low in PRONOUNS:
        return resolve_pronoun(ctx, low, start), None, "pronoun"
    head = re.split(r"\s(?=(?:of(?!\s+State\b)|for|with|from|at|in|on|to|who|which|familiar|by)\b)", bare, maxsplit=1)[0]
    words = head.split()
    # "Merck's head of research Peter Kim": a name closing a role phrase is the speaker,
    # unless a preposition governs it ("a spokesman for President Putin").
    tail = _NAME_AFTER_ROLE.search(bare)
    if tail and bare != head and tail.group("before") not in GOVERNING_WORDS:
        found = _person(ctx, tail.group("name").split(), start)
        if found:
            before_name = [w for w in bare[: tail.start("name")].split() if w.lower() not in DETERMINERS]
            return found[0], " ".join(before_name + found[1]) or None, "person"
    # A person: the run of capitalised words that ends the phrase, titles stripped.
    for run in _names_in(head):
        if not head.rstrip().endswith(run) and not re.match(r"\s*(?:,|$)", head[head.find(run) + len(run) :]):
            continue
        rw = after_possessive(run.split())
        found = _person(ctx, rw, start, lone=len(words) == 1)
        if found:
            affiliation = run.split()[: len(run.split()) - len(rw)]  # Deutsche Bank's
            # The words before the name are its title or role: "Secretary of State", "State Department spokesperson".
            before_name = head[: head.find(run)].split() + affiliation + found[1]
            role = " ".join(w for w in before_name if w.lower() not in DETERMINERS) or None
            return found[0], role, "person"
    # "Dr Mike Watts head of exploration": a name, then its role with no comma between.
    lead = _NAME_BEFORE_ROLE.match(bare)
    if lead:
        found = _person(ctx, lead.group("name").split(), start, full_only=True)
        if found:
            return found[0], " ".join([*found[1], bare[lead.end("name") :].strip()]), "person"
    det = words[0].lower() if words else ""
    if det == "the" and len(words) > 1:
        return " ".join(words[1:]) if words[1][0].isupper() else head, None, "org"
    return head, None, "other"


_NAME_AFTER_ROLE = re.compile(r"(?P<before>[a-z]+)\s(?P<name>(?:[A-Z][\w’'.-]*\s)*[A-Z][\w’'.-]*)$")


_NAME_BEFORE_ROLE = re.compile(r"(?P<name>[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*)+)\s(?=(?:" + "|".join(sorted(ROLE_NOUNS)) + r")\b)")


def _person(ctx: Context, words: list[str], start: int, lone: bool = False, full_only: bool = False) -> tuple[str, list[str]] | None:
    """(canonical name, title words) if the capitalised words name a person.

    One word is a person only with a title, as a known surname, or when it is the whole
    subject (`lone`: "Melnik said"); `full_only` asks for a first name and a surname. A
    run of title words alone names a body, not a person: "the U.S. Air Force", "the Navy"."""
    titles, name = split_title(words)
    name = [w.removesuffix("’s").removesuffix("'s") for w in name]
    if not is_person_tokens(name, ctx.table.excluded) or (full_only and len(name) < 2):
        return None
    if len(name) == 1 and titles and name[0].lower() in TITLES and titles[-1].lower().rstrip(".") not in HONORIFICS:
        return None  # "Army Col.", but "Mr. King" is Mr King
    if len(name) == 1 and not titles and not lone and not ctx.table.is_surname(name[-1]):
        return None
    return ctx.table.canonical(name, start) or " ".join(name), titles


def resolve_pronoun(ctx: Context, pronoun: str, start: int) -> str | None:
    want = PRONOUNS[pronoun]
    if want == "person":
        i = bisect.bisect_left(ctx.person_index, (start, start, ""))
        # The last person named, of the pronoun's gender where the article tells it.
        avoid = "f" if pronoun == "he" else "m"
        for _s, _e, name in reversed(ctx.person_index[max(0, i - 40) : i]):
            if ctx.table.genders.get(name) != avoid:
                return name
        return None
    if want in ("thing", "plural"):
        for offset, name, kind in reversed(ctx.subjects):
            if offset < start and kind != "person":
                return name
    return None


_SPEAKER_HEAD = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|campaign|committee|group|report|statement|ad|website|"
    r"organization|agency|department|ministry|embassy|office|aides?|advisers?|sources?|News|Times|Post|Journal|"
    r"spokespeople|senator|governor|president|secretary|leader|candidate|nominee|chairman|director)$"
)


def names_a_person(ctx: Context, phrase: str) -> bool:
    words = phrase.split()
    if len(words) == 1 and words[0].lower() in ("he", "she", "i", "we", "they"):
        return True
    name = split_title(words)[1]
    if is_person_tokens(name, ctx.table.excluded) and (len(name) > 1 or ctx.table.is_surname(name[-1])):
        return True
    # "The campaign", "Breitbart News", "a White House spokesman": speakers that are not people.
    return bool(_SPEAKER_HEAD.search(phrase)) and phrase.casefold() not in ctx.table.excluded


def may_speak(ctx: Context, phrase: str) -> bool:
    """Whether a subject can be a speaker: a person, or a speaking body or document."""
    head = re.split(r"\s(?:of|for|by|from|at|in|on)\b", phrase, maxsplit=1)[0]
    return names_a_person(ctx, head) or canonical_speaker(ctx, phrase, 0)[2] == "person"
