"""Finding a gazetteer's spellings in a text: one Aho–Corasick automaton per table and kind.

Matching is whole-word (a match is neither preceded nor followed by a letter, a
digit, ``_`` or a hyphen) and blind to case, to diacritics, to the kind of
apostrophe and to a hyphen written for a space: "Al-Tanf" is "Al Tanf",
"Qamişlo" is "Qamislo", "Ja’din" is "Ja'din". Where matches overlap the leftmost
wins, and of those starting there the longest. Then the false friends are
dropped: "US" and "IS" are names only in capitals and a short lowercase match
is a word ("us", "is", "un"); and a place's name is written with a capital
letter (after an article: "al-Tanf", "the Euphrates"), so a match whose first
other word is in lowercase is words ("tell", "as salt").

The text is folded character for character (`fold` keeps its length), so an
offset in the folded text is the same offset in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

# Articles that open a place's name in lowercase as often as not ("al-Tanf", "the Euphrates").
ARTICLES = ("al", "el", "ar", "as", "ash", "at", "ad", "adh", "an", "ath", "az", "ez", "es", "er", "en", "the")
_APOSTROPHES = "‘’‛′´`ʹʻʼʽʾʿ"
_HYPHENS = "-‐‑"  # a hyphen between words; an en or em dash is punctuation
# Latin letters that carry their mark in the letter itself, so Unicode does not decompose them.
_BARRED = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}


def plain(s: str) -> str:
    """`s` without diacritics and with one kind of apostrophe ("Ḩamāh" → "Hamah", "Ja’din" → "Ja'din")."""
    out = []
    for c in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(c):
            continue
        out.append("'" if c in _APOSTROPHES else _BARRED.get(c, c))
    return "".join(out)


@functools.cache
def _fold_table() -> dict[int, str]:
    """Non-ASCII characters of lowercase text → what they are folded to (one character each)."""
    table = {}
    for start, stop in ((0x80, 0x530), (0x1E00, 0x2000)):
        for cp in range(start, stop):
            c = chr(cp)
            folded = plain(c).lower()
            if len(folded) == 1 and folded != c:
                table[cp] = folded
    for c in _APOSTROPHES:
        table[ord(c)] = "'"
    for c in _HYPHENS:
        table[ord(c)] = " "
    return table


def fold(text: str) -> str:
    """`text` lowercased, without diacritics, its apostrophes one and its hyphens spaces; as long as `text`."""
    folded = text.replace("İ", "I").lower()  # the one character whose lowercase is two
    if not folded.isascii():
        folded = folded.translate(_fold_table())
    return folded.replace("-", " ")


def key(spelling: str) -> str:
    """What a spelling is looked for as: folded, its spaces single."""
    return " ".join(fold(spelling).split())


@dataclass(frozen=True, eq=False)
class Matcher:
    """The spellings of one kind of entry of a gazetteer, ready to be found in texts."""

    kind: str
    automaton: Any  # ahocorasick.Automaton of key -> (length, canonical name); None when there is no spelling

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(canonical name, start, end) of every mention in `text[start:end]`, in order.

        As a regex search from `start` to `end` would: a match may not follow a
        word character before `start`, and `end` is the end of the text.
        """
        end = len(text) if end is None else min(end, len(text))
        if self.automaton is None or start >= end:
            return []
        hits = []
        for last, (length, name) in self.automaton.iter(fold(text[start:end])):
            s, e = start + last + 1 - length, start + last + 1
            if (s > 0 and _is_word(text[s - 1])) or (e < end and _is_word(text[e])):
                continue
            hits.append((s, -e, name))
        hits.sort()
        found, reach = [], start
        for s, e, name in hits:
            if s >= reach:
                reach = -e
                if not self.false_friend(text, s, -e):
                    found.append((name, s, -e))
        return found

    def false_friend(self, text: str, start: int, end: int) -> bool:
        """Whether the match `text[start:end]` is a word, not a name."""
        matched = text[start:end]
        if len(matched) <= 3 and not matched.isupper() and "." not in matched:
            return True
        if self.kind == "place" and _lowercase_name(matched):
            return True
        return matched == "IS" and text[max(0, start - 1) : start] == " " and text[end : end + 1] == " " and text[start - 2 : start - 1].islower()


def _lowercase_name(matched: str) -> bool:
    """Whether the first word of a place's name that is not an article is in lowercase ("As salt")."""
    for word in re.finditer(r"\S+", fold(matched)):
        if word.group() not in ARTICLES:
            return matched[word.start() : word.end()].islower()
    return matched.islower()


def _is_word(c: str) -> bool:
    return c.isalnum() or c in "_-"


def build(entries: Iterable[Any], kind: str) -> Matcher:
    """The matcher of `entries` (each with `name` and `spellings`); where two share a
    spelling, the later one's name is given (a later layer of the gazetteer wins)."""
    automaton = ahocorasick.Automaton()
    for entry in entries:
        for spelling in entry.spellings:
            k = key(spelling)
            if k:
                automaton.add_word(k, (len(k), entry.name))
    if len(automaton) == 0:
        return Matcher(kind, None)
    automaton.make_automaton()
    return Matcher(kind, automaton)
