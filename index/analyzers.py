"""Text analysis for news about military deconfliction.

Whoosh's default analyzer loses what this coverage turns on: "US" is dropped as
the stopword "us", "U.S." becomes "u.", "M-4" yields nothing, and the "At" of
At-Tanf is a stopword. This analyzer keeps them all:

- no stopwords, except that the pronoun "us" (lower case in the text) is not
  indexed, so a search for US finds the country, not "told us";
- "U.S." / "U.K." / "US" all become the token ``us`` / ``uk``;
- hyphenated words holding a digit (M-4, Su-35, MQ-9, 55-km) stay one token;
  other hyphenated words (At-Tanf, U.S.-backed) split into their parts;
- possessive 's is dropped, case and accents are folded, English stemming
  (which never turns a word into one of the acronyms: "used" is not "US");
- combining marks (a decomposed "Ḥ", Arabic harakat) stay inside their word and
  are folded away;
- tokens carry character offsets into the very text the reader shows.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, StemFilter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map



def _mark_class() -> str:
    """A character class of the combining marks of the Basic Multilingual Plane."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


# A letter or digit with any combining marks that follow it.
_L = rf"[^\W_][{_mark_class()}]*"
# Dotted acronyms first (U.S., U.N.), then words with inner hyphens, dots or apostrophes.
_TOKEN = re.compile(rf"(?:{_L}\.){{2,}}|(?:{_L})+(?:[-‐‑'’.](?:{_L})+)*")
_ACRONYM = re.compile(rf"(?:{_L}\.)+(?:{_L})?\.?")
_PART = re.compile(rf"(?:{_L}\.){{2,}}|(?:{_L})+(?:['’.](?:{_L})+)*")


class NewsTokenizer(Tokenizer):
    """Splits text into words, keeping the character offsets of each."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for m in _TOKEN.finditer(value):
            for start, end in _parts(m.group(), m.start()):
                t.text = value[start:end]
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = t.text
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar, t.endchar = start_char + start, start_char + end
                yield t


def _parts(word: str, offset: int):
    """The tokens inside one matched word, as (start, end) offsets."""
    if "." in word and _ACRONYM.fullmatch(word):
        yield offset, offset + len(word)  # an acronym: U.S., U.S
        return
    if re.search(r"[-‐‑]", word) and not re.search(r"\d", word):
        for m in _PART.finditer(word):
            yield offset + m.start(), offset + m.end()
        return
    yield offset, offset + len(word)


class PronounFilter(Filter):
    """Leaves the pronoun "us" out of the index; "US", "U.S." and queries pass."""

    def __call__(self, tokens):
        for t in tokens:
            if t.text == "us" and t.mode == "index":
                continue
            yield t


class MarkFilter(Filter):
    """Compatibility forms folded (ﬁ, full-width digits) and combining marks dropped."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = "".join(c for c in unicodedata.normalize("NFKD", t.text) if not unicodedata.combining(c))
            yield t


class NormalizeFilter(Filter):
    """Lowercased tokens to their search form: acronyms undotted, possessives and apostrophes dropped."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text.replace("’", "'").replace("‐", "-").replace("‑", "-")
            if text.endswith(("'s", "'S")) and len(text) > 2:
                text = text[:-2]
            if "." in text:
                text = text.replace(".", "")
            text = text.replace("'", "")
            if not text:
                continue
            t.text = text
            yield t


# Acronyms the Porter stemmer would otherwise produce from ordinary words
# (use, used, using, useful -> "us").
_ACRONYMS = frozenset({"us", "uk", "un", "eu"})


def news_stem(word: str) -> str:
    """English stemming, except for names holding a digit (m-4, 55-km) and for
    words whose stem would be an acronym ("used" -> "use", never "us")."""
    if any(c.isdigit() for c in word) or word in _ACRONYMS:
        return word
    stemmed = porter_stem(word)
    return stemmed + "e" if stemmed in _ACRONYMS else stemmed


def news_analyzer(stem: bool = True):
    """The analyzer used for the body and title fields (and for queries on them)."""
    chain = NewsTokenizer() | PronounFilter() | LowercaseFilter() | MarkFilter() | CharsetFilter(accent_map) | NormalizeFilter()
    if stem:
        chain = chain | StemFilter(stemfn=news_stem, ignore=None, cachesize=50000)
    return chain
