"""Sentence spans inside a paragraph, aware of the abbreviations news text uses.

"U.S.", "Gen.", "Sept. 15", "D.C." and initials do not end a sentence; a full
stop inside quotation marks followed by a lower-case attribution ("... end."
he said) does not either.
"""

from __future__ import annotations

import re

from ..boilerplate import _strip as _trim

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr", "gov", "sen", "rep",
    "rev", "st", "jr", "sr", "prof", "pres", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "e.g", "i.e",
    "lt.gen", "ft", "mt", "gens", "brig", "cpl", "pvt", "amb", "sec", "atty", "supt", "insp", "ret", "approx",
}  # fmt: skip
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_STARTER = re.compile(
    r"(?:The|A|An|He|She|It|They|We|I|In|On|At|But|And|This|That|These|Those|His|Her|Its|Their|There|When|While|"
    r"After|Before|As|If|Some|Many|Most|Officials|Russia|Moscow)\b"
)


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
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            # "U.S. forces" continues; "in the U.S. The next" ends: an upper-case
            # word after an abbreviation is ambiguous, so only initials keep going.
            if not after[0].isupper() or len(word) <= 1 or word in _TITLE_ABBREVIATIONS:
                return False
    if after[0].islower() or after[0] in ",;:":
        return False
    return True


_TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "rev", "st", "prof",
    "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "brig", "cpl", "pvt", "amb", "sec", "atty",
    "cmdr", "no", "ft", "mt",
}  # fmt: skip
