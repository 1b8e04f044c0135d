"""Searching the index of a corpus folder: a query typed by the user in, hits with snippets and offsets out.

The query is parsed leniently and alias-aware (`query`). Words, AND/OR of words
and phrases are scored a block of postings at a time (`fastscore`), the rest by
Whoosh's own matchers; prefixes and fuzzy terms expand to the words of the index
they stand for, so they rank like words. Date ranges filter by a sorted table of
dates (`dates`). Each hit carries a snippet and the offsets of every hit in the
article's text (`spans`). A query that matches nothing gets a "did you mean"
from the body's own vocabulary.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, replace

from whoosh import query as wq
from whoosh.collectors import SortingCollector, TimeLimit, TopCollector
from whoosh.query import NullQuery

from corpus.article import Published

from .analyzers import news_stem
from .collector import GuardedCollector
from .dates import DateOrder, split_date_ranges
from .documents import doc_ids, read_card
from .facets import FacetTable, FacetValue, Filter, docnums_of, mask_of, reading_values
from .fastscore import top_documents
from .hit import SearchHit, make_snippet
from .phrase import exact_phrases
from .query import OPERATORS, ParsedQuery, absorb_phrases, words_only
from .spans import body_spans
from .vocabulary import Vocabulary
from .weighting import CachedLengthBM25F

SEARCH_SECONDS = 2.0
MAX_SUGGEST_CHARS = 40  # longer words get no "did you mean": no word is that long


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    hits: tuple[SearchHit, ...]
    total: int  # how many articles match (estimated only when the search timed out)
    suggestion: str | None = None  # "did you mean" when nothing matched
    timed_out: bool = False
    filters: tuple[Filter, ...] = ()
    facets: dict[str, tuple[FacetValue, ...]] | None = None  # counts per facet value, when asked for
    # With facets: of how many articles the reading facets (types, quoted people, the
    # incidents' sides) are counted, and of how many, while the reading analysis runs.
    facets_cover: tuple[int, int] | None = None


class Searcher:
    """One open searcher over a Whoosh index, refreshed when the index on disk changes.

    What is derived from a searcher (the date order, the vocabularies) is kept
    with it and dropped when it is replaced.
    """

    def __init__(self, schema, parser, readings=lambda: None) -> None:
        self.schema = schema
        self._parser = parser
        self._readings = readings  # the reading analyses' store (analysis_cache), or None: their facets
        self._ix = None
        self._searcher = None
        self._extras: dict = {}
        self._lock = threading.RLock()

    def open(self, ix, reopen: bool = False) -> None:
        """Search `ix` from now on; `reopen` drops the searcher even if it looks up to date."""
        with self._lock:
            self._ix = ix
            if reopen:
                self.close()
            self._refresh()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._extras = {}

    def _refresh(self) -> None:
        # Not Searcher.refresh(): it reuses segment readers and so misses deletions.
        if self._searcher is not None and self._searcher.up_to_date():
            return
        self.close()
        self._searcher = self._ix.searcher(weighting=CachedLengthBM25F())

    @property
    def whoosh(self):
        """The Whoosh searcher itself."""
        if self._searcher is None:
            raise RuntimeError("the index is not open: call update() or open_existing() first")
        return self._searcher

    def __len__(self) -> int:
        return self._searcher.doc_count() if self._searcher is not None else 0

    def stored(self, article_id: str) -> dict | None:
        with self._lock:
            return self._searcher.document(id=article_id)

    def card(self, article_id: str) -> tuple[str | None, str, Published] | None:
        """(outlet, title, published) of an article, from its card column; None if not indexed."""
        with self._lock:
            docnum = self._numbers(self._searcher).get(article_id)
            if docnum is None:
                return None
            if "cards" not in self._extras:
                self._extras["cards"] = self._searcher.reader().column_reader("card")
            return read_card(self._extras["cards"][docnum])

    def search(self, parsed: ParsedQuery, limit: int, sort: str, offset: int, reopen, filters: tuple[Filter, ...] = (), facets: bool = False) -> SearchResults:
        """The articles matching `parsed` and `filters`, with the facets' counts if asked; see `CorpusIndex.search`.

        Whoosh raises many kinds of exception (no common base) on an index replaced
        under a searcher and on a query it cannot run (``published:""``): hence the
        broad excepts. After a failure the index is opened again (`reopen()`) and
        the query tried once more; if it fails again, its words are searched.
        """
        with self._lock:
            if self._searcher is None:
                raise RuntimeError("the index is not open: call update() or open_existing() first")
            run = functools.partial(self._search, limit=limit, sort=sort, offset=offset, filters=filters, facets=facets)
            try:
                return run(parsed)
            except Exception:
                pass
            if reopen():
                try:
                    return run(parsed)
                except Exception:
                    pass
            plain = words_only(parsed, self._parser)
            try:
                return run(plain)
            except Exception:
                return SearchResults(plain, (), 0, filters=filters)

    def _search(self, parsed: ParsedQuery, limit: int, sort: str, offset: int = 0, filters: tuple[Filter, ...] = (), facets: bool = False) -> SearchResults:
        s = self._searcher
        table = self._facet_table(s) if filters or facets else None
        kept = docnums_of(table.allowed(filters)) if filters else None  # what the filters keep

        def finish(found, total, q=None, timed_out=False, matched=None, seen=None):
            results = self._finish(s, parsed, found, total, q, timed_out, offset, seen)
            counts = table.counts(table.all if matched is None else matched, filters) if facets else None
            articles = s.doc_count()
            cover = (table.covered, articles) if facets and table.covered is not None and table.covered < articles else None
            return replace(results, filters=filters, facets=counts, facets_cover=cover)

        limit += offset
        if parsed.is_empty:
            order = self._date_order(s)
            return finish([(n, 0.0) for n in order.newest(limit, kept)], len(order) if kept is None else len(kept))
        if parsed.query is NullQuery:
            return finish([], 0, matched=0)
        q, ranges = split_date_ranges(parsed.query)
        dated = None  # what the query's date ranges keep
        for first, last in ranges:
            found = self._date_order(s).between(first, last)
            dated = found if dated is None else dated & found
        allow = dated if kept is None else (kept if dated is None else dated & kept)
        dated_mask = mask_of(dated, table.size) if facets and dated is not None else None
        if q is None:  # dates alone: every article in them, newest first
            return finish([(n, 0.0) for n in self._date_order(s).newest(limit, allow)], len(allow), matched=dated_mask)
        q = q.accept(functools.partial(self._expand_terms, s))
        matching = absorb_phrases(q).accept(exact_phrases)
        if facets:  # every article the query matches, not only the best: the counts are of them all
            matched = mask_of(matching.docs(s), table.size)
            finish = functools.partial(finish, matched=matched if dated_mask is None else matched & dated_mask)
        if sort == "date":
            collector = SortingCollector("sortdate", limit=limit, reverse=True)
        else:
            seen: dict = {}  # word -> {docnum: raw value}: the body words' postings the scoring reads, for the spans
            try:
                fast = top_documents(s, matching, limit, allow, seen)
            except Exception:  # it reads Whoosh's postings blocks directly: on any surprise, Whoosh's way
                fast, seen = None, {}
            if fast is not None:
                found, total = fast
                return finish(found, total, q, seen=seen)
            # Neither block-quality skipping nor matcher replacement: on news they
            # skip little, and without them the collector counts every match, so
            # the total needs no second pass over the postings.
            collector = TopCollector(limit, usequality=False, replace=0)
        timed = GuardedCollector(collector, allow, SEARCH_SECONDS)
        timed_out = False
        try:
            s.search_with_collector(matching, timed)
        except TimeLimit:
            timed_out = True
        results = timed.results()
        found = [(results.docnum(i), results.score(i) or 0.0) for i in range(results.scored_length())]
        total = max(collector.count(), len(found))
        return finish(found, total, q, timed_out)

    def _finish(self, s, parsed: ParsedQuery, found: list[tuple[int, float]], total: int, q=None, timed_out: bool = False, offset: int = 0, seen=None) -> SearchResults:
        found = found[offset:]  # only the page asked for gets snippets
        spans = body_spans(s, q, [n for n, _ in found], seen) if q is not None else {}
        hits = tuple(self._hit(s, n, score, spans.get(n, [])) for n, score in found)
        suggestion = self._suggest(s, parsed) if not hits and not offset and not parsed.is_empty else None
        return SearchResults(parsed, hits, max(total, len(hits)), suggestion, timed_out)

    def kept_articles(self, filters: tuple[Filter, ...]) -> frozenset[str]:
        """The ids of the articles every filter keeps."""
        with self._lock:
            s = self.whoosh
            table = self._facet_table(s)
            ids = self._ids(s)
            return frozenset(ids[n] for n in docnums_of(table.allowed(filters)) if n < len(ids) and ids[n] is not None)

    def _ids(self, s) -> list[str | None]:
        """The article id of each document number, read once a searcher (the id column)."""
        if "ids" not in self._extras:
            self._extras["ids"] = doc_ids(s.reader())
        return self._extras["ids"]

    def _numbers(self, s) -> dict[str, int]:
        """Each article id's document number."""
        if "numbers" not in self._extras:
            self._extras["numbers"] = {a: n for n, a in enumerate(self._ids(s)) if a is not None}
        return self._extras["numbers"]

    def _facet_table(self, s) -> FacetTable:
        """The searcher's facet table with the reading facets stored so far (read again
        only for the rows written since)."""
        if "facets" not in self._extras:
            self._extras["facets"] = FacetTable.of_searcher(s)
        base = self._extras["facets"]
        store = self._readings()
        if store is None:
            return base
        mark, readings, table = self._extras.get("readings", (0, {}, None))
        if table is None or store.mark() != mark:
            for row, article_id, facets in store.facets_since(mark):
                mark = row
                if facets is None:
                    readings.pop(article_id, None)
                else:
                    readings[article_id] = reading_values(facets)
            table = base.with_readings(self._numbers(s), readings)
            self._extras["readings"] = (mark, readings, table)
        return table

    def _date_order(self, s) -> DateOrder:
        if "dates" not in self._extras:
            self._extras["dates"] = DateOrder.of_searcher(s)
        return self._extras["dates"]

    def _vocabulary(self, s, fieldname: str) -> Vocabulary:
        key = ("vocabulary", fieldname)
        if key not in self._extras:
            self._extras[key] = Vocabulary.of_field(s.reader(), fieldname)
        return self._extras[key]

    def _expand_terms(self, s, node):
        """A fuzzy term or a prefix as an OR of the words of the index it stands for, from
        the vocabulary: scored like any words (Whoosh gives a prefix's matches one score)."""
        if not isinstance(node, (wq.FuzzyTerm, wq.Prefix)) or node.fieldname not in ("body", "title") or not node.text:
            return node
        return expanded(node, self._vocabulary(s, node.fieldname))

    def _suggest(self, s, parsed: ParsedQuery) -> str | None:
        """The query with each unknown word swapped for the nearest, then commonest,
        word of the index, spelt as an article spells it."""
        reader = s.reader()
        return suggestion(
            parsed.text, self.schema["body"].analyzer, self._vocabulary(s, "body"),
            lambda c: reader.doc_frequency("body", c), lambda term: _spelling(s, term),
        )  # fmt: skip

    def _hit(self, s, docnum: int, score: float, spans: list[tuple[int, int]]) -> SearchHit:
        stored = s.stored_fields(docnum)
        body = stored.get("body", "")
        snippet, snippet_spans = make_snippet(body, spans)
        published = stored.get("published")
        precision = stored.get("precision") or "unknown"
        return SearchHit(
            article=stored["id"],
            title=stored.get("title", ""),
            outlet=stored.get("outlet") or None,
            published=str(Published(published.date() if published else None, precision)),
            score=float(score),
            snippet=snippet,
            snippet_spans=snippet_spans,
            hits=tuple(spans),
            published_from=stored.get("published_from") or None,
        )


def _spelling(s, term: str, docs: int = 5) -> str | None:
    """How the articles spell the index term `term` (a stem): the commonest, then
    shortest, of its spellings in the first few articles that use it."""
    m = s.postings("body", term)
    seen: dict[str, int] = {}
    while m.is_active() and docs:
        body = s.stored_fields(m.id()).get("body", "")
        for _, start, end in m.value_as("characters"):
            word = re.sub(r"['’]s$", "", body[start:end])
            seen[word] = seen.get(word, 0) + 1
        docs -= 1
        m.next()
    return max(seen, key=lambda w: (seen[w], -len(w))) if seen else None


def suggestion(text: str, analyzer, vocabulary, frequency, spelling) -> str | None:
    """`text` with each unknown word swapped for the nearest, then commonest (`frequency`),
    word of `vocabulary`, spelt as `spelling(term)` says an article spells it; None when
    no word changed. Both backends' "did you mean"."""
    changed = False

    def fix(m: re.Match) -> str:
        nonlocal changed
        word = m.group()
        terms = [t.text for t in analyzer(word)]
        if not 4 <= len(word) <= MAX_SUGGEST_CHARS or len(terms) != 1 or terms[0] in vocabulary:
            return word
        for distance in (1, 2):
            candidates = [c for c in vocabulary.within(terms[0], distance) if c != terms[0]]
            if candidates:
                break
        else:
            return word
        spelt = spelling(max(candidates, key=lambda c: (frequency(c), -len(c))))
        if not spelt:
            return word
        changed = True
        return spelt[0].upper() + spelt[1:] if word[0].isupper() else spelt.lower()

    # Plain words only: not operators, field names, or what is inside ranges.
    fixed = re.sub(r"(?<![\w:\[{])(?<!\bTO )[^\W\d_][\w'’-]*(?![\w:*~])", lambda m: m.group() if m.group() in OPERATORS else fix(m), text)
    return fixed if changed else None


def expanded(node, vocabulary):
    """A fuzzy term or a prefix as an OR of the `vocabulary`'s words it stands for
    (a fuzzy term also meets the words near its stem); NullQuery when there are none."""
    if isinstance(node, wq.FuzzyTerm):
        maxdist, prefix = int(node.maxdist), node.prefixlength
        words = set(vocabulary.within(node.text, maxdist, prefix)) | set(vocabulary.within(news_stem(node.text), maxdist, prefix))
    else:
        words = set(vocabulary.starting(node.text))
    if not words:
        return NullQuery
    return wq.Or([wq.Term(node.fieldname, w) for w in sorted(words)], boost=node.boost)

