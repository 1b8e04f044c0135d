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

from whoosh.analysis import CharsetFilter, CompositeAnalyzer, Filter, LowercaseFilter, StemFilter, Token, Tokenizer
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
    return NewsAnalyzer(*chain.items)


_FOLD_CACHE = 200_000  # words kept folded: a corpus's vocabulary, about


class NewsAnalyzer(CompositeAnalyzer):
    """The chain above, run in one pass: each word is folded (lowercase, marks, accents,
    normal form, stem) once, then looked up. Gives exactly the tokens of the chain
    (tests/test_index.py compares them), at about a third of the cost per token: the
    chain's seven generators were most of the index build beyond plain Whoosh's.
    Anything unusual (no tokenizing, no stemming asked for, another chain) runs the chain."""

    def __init__(self, *composables):
        super().__init__(*composables)
        self._folded: dict[str, str | None] = {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_folded", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._folded = {}

    def _fast(self) -> bool:
        kinds = [type(i) for i in self.items]
        return kinds in (
            [NewsTokenizer, PronounFilter, LowercaseFilter, MarkFilter, CharsetFilter, NormalizeFilter, StemFilter],
            [NewsTokenizer, PronounFilter, LowercaseFilter, MarkFilter, CharsetFilter, NormalizeFilter],
        )

    def __call__(self, value, no_morph=False, **kwargs):
        if no_morph or not kwargs.get("tokenize", True) or not self._fast():
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._tokens(value, **kwargs)

    def _fold(self, word: str) -> str | None:
        """The search form of one word as the chain's filters make it; None when they drop it."""
        token = Token(text=word, mode="index", stopped=False, boost=1.0)
        for f in self.items[2:]:  # the pronoun filter apart: it looks at the word as written
            out = list(f(iter([token])))
            if not out:
                return None
            token = out[0]
        return token.text

    def _tokens(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        folded = self._folded
        if len(folded) > _FOLD_CACHE:
            folded.clear()
        pos = start_pos
        dropping_us = mode == "index"
        for m in _TOKEN.finditer(value):
            word = m.group()
            if ("." in word or "-" in word or "‐" in word or "‑" in word):
                parts = list(_parts(word, m.start()))
            else:
                parts = ((m.start(), m.end()),)
            for start, end in parts:
                text = value[start:end]
                here = pos
                pos += 1
                if dropping_us and text == "us":
                    continue
                try:
                    out = folded[text]
                except KeyError:
                    out = folded[text] = self._fold(text)
                if out is None:
                    continue
                t.text = out
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = here
                if chars:
                    t.startchar, t.endchar = start_char + start, start_char + end
                yield t
