"""The words of an index field held in memory, for fuzzy terms and "did you mean".

Whoosh finds the terms near a word by walking the whole lexicon through a
Python edit-distance function (0.1–1.4 s at 10,000 articles) unless the field
keeps a word graph, which costs 40% of the build. Here one edit is found by
generating the word's edits and looking them up in a set (well under a
millisecond); two edits by scanning only the words that share the first two
letters. Built once per searcher, on first use.
"""

from __future__ import annotations

import bisect

from whoosh.support.levenshtein import distance

SCAN_PREFIX = 2  # two edits are looked for among the words sharing this many first letters


class Vocabulary:
    def __init__(self, words: list[str]):
        self.words = sorted(words)
        self._set = frozenset(self.words)
        self._alphabet = "".join(sorted(set().union(*self.words))) if self.words else ""

    @classmethod
    def of_field(cls, reader, fieldname: str) -> Vocabulary:
        words = []
        for term in reader.lexicon(fieldname):
            try:
                words.append(term.decode("utf-8"))
            except UnicodeDecodeError:  # not a text term
                continue
        return cls(words)

    def __contains__(self, word: str) -> bool:
        return word in self._set

    def within(self, word: str, maxdist: int = 1, prefix: int = 0) -> list[str]:
        """The words at most `maxdist` edits (Damerau-Levenshtein) from `word`,
        sharing its first `prefix` letters; `word` itself included if present."""
        if maxdist <= 0:
            return [word] if word in self._set else []
        if maxdist == 1:
            found = sorted(w for w in self._one_edit(word) if w in self._set)
        else:
            found = self._scan(word, maxdist, max(prefix, SCAN_PREFIX))
        return [w for w in found if w[:prefix] == word[:prefix]] if prefix else found

    def starting(self, head: str) -> list[str]:
        """The words that start with `head`, in order."""
        lo = bisect.bisect_left(self.words, head)
        hi = bisect.bisect_left(self.words, head + "\U0010ffff")
        return self.words[lo:hi]

    def _one_edit(self, word: str) -> set[str]:
        return one_edits(word, self._alphabet)

    def _scan(self, word: str, maxdist: int, prefix: int) -> list[str]:
        return near(word, self.starting(word[:prefix]), maxdist)


def one_edits(word: str, letters: str) -> set[str]:
    """`word` and every string one edit from it (delete, swap neighbours, replace,
    insert) over `letters`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    edits.update(a + c + b[1:] for a, b in splits if b for c in letters)
    edits.update(a + c + b for a, b in splits for c in letters)
    edits.add(word)
    return edits


def near(word: str, candidates, maxdist: int) -> list[str]:
    """The candidates at most `maxdist` edits from `word`, in their order."""
    return [w for w in candidates if abs(len(w) - len(word)) <= maxdist and distance(w, word, limit=maxdist) <= maxdist]
