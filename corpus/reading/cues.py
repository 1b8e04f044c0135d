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
from .lexicon import INVERTED_OPENERS, NEVER_NOUNS, SPEECH_VERBS


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
    return word.endswith("s") and word not in ("says", "tells", "adds", "writes") and bool(_NOUN_AFTER.match(masked, end))
