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
from .lexicon import INVERTED_OPENERS, NEVER_NOUNS, PHRASAL_SPEECH_VERBS, SPEECH_VERBS


CUE_WORDS = SPEECH_VERBS
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


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """The cue verbs (and "according to") in `text[start:end]`, in order."""
    out = []
    for m in _WORDISH.finditer(text, start, end):
        w = m.group()
        if w in CUE_WORDS or (m.start() == start and w in INVERTED_OPENERS):
            out.append(Cue(m.start(), m.end(), m.group()))
        elif w == "put" and text.startswith(" it", m.end()):
            out.append(Cue(m.start(), m.end() + 3, "put it"))
        elif w in PHRASAL_SPEECH_VERBS and _particle(text, m.start(), m.end(), w):
            out.append(_phrasal(text, m, w))
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
    if w in PHRASAL_SPEECH_VERBS and _particle(text, m.start(), m.end(), w):
        return _phrasal(text, m, w)
    return None


def _particle(text: str, start: int, end: int, word: str) -> bool:
    """Whether the particle of a phrasal speech verb follows it as a word: "shot back", not "shot
    background". "Fired back" and "hit back" are as often gunfire as words: they are speech only
    next to a quote ("Rubio fired back: “…", "“…,” Rubio fired back"), never in "the patrol fired back"."""
    p = PHRASAL_SPEECH_VERBS[word]
    if not (text.startswith(" " + p, end) and not text[end + 1 + len(p) : end + 2 + len(p)].isalpha()):
        return False
    return p != "back" or bool(_BEFORE_QUOTE.match(text, end + 1 + len(p)) or _AFTER_QUOTE.search(text, max(0, start - 60), start))


_BEFORE_QUOTE = re.compile(r"(?:\s+[a-z]+ly)?\s*[,:]?\s*(?:[“\"‘]|'')")
_AFTER_QUOTE = re.compile(r"(?:[”\"’]|'')\s+(?:[\w.’'-]+\s+){0,5}$")  # the quote's own , ! ? are masked


def _phrasal(text: str, m: re.Match, word: str) -> Cue:
    stop = m.end() + 1 + len(PHRASAL_SPEECH_VERBS[word])
    return Cue(m.start(), stop, text[m.start() : stop])


_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that|these|those|our|my|your|whose)\s+$", re.I)


_POSSESSIVE_BEFORE = re.compile(r"[’']s\s+$|\b(?:new|latest|recent|first|initial|official|joint|public|such|any|no)\s+$", re.I)
# "claims of", "reports that have": a plural noun before its relative clause ("that" as a
# demonstrative takes "is", not "have"); "states that will hold contests" too, a word that is
# far more often the noun.
_NOUN_AFTER = re.compile(r"\s+(?:of\b|that\s+(?:have|are|were)\b)")
_STATES_AFTER = re.compile(r"\s+that\s+(?:will|would|can|could|may|might|must|should)\b")


def is_noun_use(masked: str, cue_start: int) -> bool:
    """Whether a cue word is used as a noun ("the report", "Moscow's demand", "claims of"), not a verb."""
    window = max(0, cue_start - 10)
    end = cue_start
    while end < len(masked) and masked[end].isalpha():
        end += 1
    word = masked[cue_start:end]
    if _NOUN_BEFORE.search(masked, window, cue_start):
        return True
    if word not in NEVER_NOUNS and _POSSESSIVE_BEFORE.search(masked, window, cue_start):
        return True
    if word == "states" and _STATES_AFTER.match(masked, end):
        return True
    return word.endswith("s") and word not in ("says", "tells", "adds", "writes") and bool(_NOUN_AFTER.match(masked, end))
