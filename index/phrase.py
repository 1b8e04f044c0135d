"""An exact phrase query that checks word positions with sets, not span objects.

Whoosh runs a phrase through its general span machinery (`SpanNear2`): a
`Span` object per occurrence and a binary search per pair. For an exact phrase
(words next to each other, in order) it is enough that some position p has the
first word, p + 1 the second, and so on: one set intersection per word. Same
matches and same scores as `whoosh.query.Phrase` with its default slop of 1.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import SpanWrappingMatcher
from whoosh.util import make_binary_tree


class ExactPhrase(wq.Phrase):
    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, word) not in reader:
                return matching.NullMatcher()
            terms.append(wq.Term(self.fieldname, word))
        m = _Matcher([t.matcher(searcher, context) for t in terms])
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class _Matcher(SpanWrappingMatcher):
    def __init__(self, ms):
        self.ms = ms
        super().__init__(make_binary_tree(matching.IntersectionMatcher, ms))

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self):
        starts = None
        for offset, m in enumerate(self.ms):
            here = {p - offset for p in m.value_as("positions")}
            starts = here if starts is None else starts & here
            if not starts:
                return []
        return sorted(starts)


def exact_phrases(node: wq.Query) -> wq.Query:
    """For `Query.accept`: each plain phrase as an `ExactPhrase`."""
    if type(node) is wq.Phrase and node.slop == 1:
        return ExactPhrase(node.fieldname, node.words, slop=1, boost=node.boost, char_ranges=node.char_ranges)
    return node
