"""Sentence spans inside a paragraph, aware of the abbreviations news text uses.

"U.S.", "Gen.", "Sept. 15", "D.C." and initials do not end a sentence; a full
stop inside quotation marks followed by a lower-case attribution ("... end."
he said) does not either.
"""

from __future__ import annotations

import re

from ..boilerplate import _strip as _trim
from .lexicon import ABBREVIATIONS, SENTENCE_STARTERS, TITLE_ABBREVIATIONS

_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_STARTER = re.compile(r"(?:" + "|".join(SENTENCE_STARTERS) + r")\b")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in `text[start:end]` (leading/trailing space trimmed)."""
    spans = []
    cursor = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        if not _is_boundary(text, m, end):
            continue
        spans.append((cursor, stop))
        cursor = stop
    if cursor < end:
        spans.append((cursor, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    after = text[m.end() : min(end, m.end() + 24)].lstrip()
    if not after:
        return True
    punct = m.group()
    if punct[0] == "." and len(punct.rstrip("\"”’')]")) == 1:
        w = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        word = w.group(1).lower() if w else ""
        if word in ("u.s", "u.k", "u.n", "d.c") and not _STARTER.match(after):
            return False  # "U.S. MQ-9", "U.S. Central Command": a sentence only goes on after "U.S. The"
        if word in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            # "U.S. forces" continues; "in the U.S. The next" ends: an upper-case
            # word after an abbreviation is ambiguous, so only initials keep going.
            if not after[0].isupper() or len(word) <= 1 or word in TITLE_ABBREVIATIONS:
                return False
    if after[0].islower() or after[0] in ",;:":
        return False
    return True


