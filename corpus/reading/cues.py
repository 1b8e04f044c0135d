"""Cues: the verbs (and phrases) that report speech — said, told, added, according to.

The lexicon lists base forms; the -s, -ed and -ing forms are derived. A cue is
matched in lower case ("State Department" is not a verb), except an inverted
"Said X," at the start of a sentence. A cue word used as a noun ("the report",
"Moscow's demand", "claims of") is not a cue; "said", "told" and the like never
are nouns, so "a senior official said" and "he's told" are cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Speech and report verbs, as base forms; -s, -ed and -ing forms are derived.
_VERB_BASES = """
say tell add state declare write tweet post explain note ask reply respond continue insist argue claim warn
acknowledge admit recall remember remark announce quip joke counter concede suggest emphasize emphasise stress
describe call predict urge shout yell testify report confirm deny complain boast vow promise observe conclude
lament muse allege charge accuse assert maintain contend caution recount reiterate repeat reveal mention tout brag
demand quote cite pledge retort exclaim whisper plead proclaim blast slam chide scoff thunder gush concur opine
wonder characterize characterise anticipate predict estimate add agree disagree reply comment acknowledge stress
joke scream chant criticize criticise mock dismiss
summarize summarise label brand dub term instruct advise recommend propose threaten
hint indicate signal clarify elaborate fume decry question rail lash vent marvel boast insist reply tweet
defend condemn liken compare hail laud praise denounce deride portray paint refer pitch ridicule lambaste
welcome attack applaud blame credit thank promise declare
""".split()
_IRREGULAR = "said says told wrote written began begun sang spoke spoken thought knew found felt heard read".split()


def _forms(base: str) -> set[str]:
    if base.endswith("e"):
        stem = base[:-1]
        return {base, base + "s", base + "d", stem + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if re.search(r"[^aeiou][aeiou][bdgmnpt]$", base) and base not in ("open", "offer", "counter", "answer", "label", "signal"):
        return {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    if base.endswith(("s", "sh", "ch", "x")):
        return {base, base + "es", base + "ed", base + "ing"}
    return {base, base + "s", base + "ed", base + "ing"}


_VERB_WORDS = sorted({f for b in _VERB_BASES for f in _forms(b)} | set(_IRREGULAR), key=len, reverse=True)
CUE_WORDS = frozenset(_VERB_WORDS)
_WORDISH = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Cue:
    """A speech or report verb found in the text; read like a `re.Match` (start, end, group)."""

    begin: int
    stop: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop

    def group(self) -> str:
        return self.text


_INVERTED_OPENERS = {"Said", "Says", "Added", "Adds", "Asked", "Wrote", "Writes", "Explained", "Recalled", "Noted"}


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """The cue verbs (and "according to") in `text[start:end]`, in order."""
    out = []
    for m in _WORDISH.finditer(text, start, end):
        w = m.group()
        if w in CUE_WORDS or (m.start() == start and w in _INVERTED_OPENERS):
            out.append(Cue(m.start(), m.end(), m.group()))
        elif w == "put" and text.startswith(" it", m.end()):
            out.append(Cue(m.start(), m.end() + 3, "put it"))
        elif w in ("according", "According") and text.startswith(" to", m.end()):
            out.append(Cue(m.start(), m.end() + 3, "according to"))
    return out


def cue_at(text: str, pos: int, end: int) -> Cue | None:
    m = _WORDISH.match(text, pos, end)
    if not m:
        return None
    w = m.group()
    if w in CUE_WORDS:
        return Cue(m.start(), m.end(), m.group())
    if w.lower() == "according" and text.startswith(" to", m.end()):
        return Cue(m.start(), m.end() + 3, "according to")
    return None


_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that|these|those|our|my|your|whose)\s+$", re.I)


_POSSESSIVE_BEFORE = re.compile(r"[’']s\s+$|\b(?:new|latest|recent|first|initial|official|joint|public|such|any|no)\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+of\b")
# Verb forms that are never nouns: "a senior official said", "he's told", "first wrote".
_NEVER_NOUNS = frozenset({"said", "says", "told", "tells", "wrote", "writes", "added", "adds", "asked", "explained", "insisted"})


def is_noun_use(masked: str, cue_start: int) -> bool:
    """Whether a cue word is used as a noun ("the report", "Moscow's demand", "claims of"), not a verb."""
    window = max(0, cue_start - 10)
    end = cue_start
    while end < len(masked) and masked[end].isalpha():
        end += 1
    word = masked[cue_start:end]
    if _NOUN_BEFORE.search(masked, window, cue_start):
        return True
    if word not in _NEVER_NOUNS and _POSSESSIVE_BEFORE.search(masked, window, cue_start):
        return True
    return word.endswith("s") and word not in ("says", "tells", "adds", "writes") and bool(_NOUN_AFTER.match(masked, end))
