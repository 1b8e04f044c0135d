"""Searching the archive: what `index.searcher` does for a Whoosh index, over PostgreSQL.

The query is parsed by the same code (`index.query`: repairs, fields, gazetteer
aliases), its prefixes and fuzzy terms on the title and body are expanded into the
archive's words (`vocabulary`), and the tree is translated into SQL (`translate`).
One statement finds the matching articles through the GIN indexes, scores them
with BM25F from ``postings`` and counts them (a query of words and phrases joined by
AND and OR, with date ranges but no filters, is matched from ``postings`` alone: an
index-only scan, no article's row read; a word no article has is dropped first); a
second reads the page's articles
and, from their tsvectors and token offsets, where each of the query's body words
stands (as `index.spans` does from Whoosh's postings). A query that matches
nothing gets a "did you mean" from the body's words. Every search reads one
snapshot (REPEATABLE READ), so its counts and scores agree with each other.
"""

from __future__ import annotations

import dataclasses
import math
import re
from array import array

from whoosh import query as wq
from whoosh.scoring import BM25F

from corpus.article import Published

from ..dates import split_date_ranges
from ..facets import FACETS, FacetValue, Filter, ranked
from ..hit import SearchHit, make_snippet
from ..query import ParsedQuery, absorb_phrases
from ..searcher import SearchResults, expanded, suggestion
from ..spans import MAX_TERMS_PER_LEAF, body_phrases, positive_leaves, spans_of
from .schema import DOCS, FIELD_NUMBER, FIELDS
from .tokens import analyse, offsets_of, schema
from .translate import Translation, Unsupported, translate
from .vocabulary import ArchiveVocabulary

_BM25 = BM25F()
K1, B = _BM25.K1, _BM25.B


def _bm25(posting: str, boost: str, idf: str, avgfl: str, weight_only: str) -> str:
    """A posting's BM25F score as Whoosh computes it, in SQL (each argument an expression;
    a field Whoosh does not score counts its weight)."""
    return (
        f"CASE WHEN {weight_only} THEN {boost} * {posting}.weight ELSE {boost} * ({idf} * (({posting}.weight * {K1 + 1!r}::float8) "
        f"/ ({posting}.weight + {K1!r}::float8 * ({1 - B!r}::float8 + {B!r}::float8 * {posting}.fl / {avgfl})))) END"
    )


HIT_COLUMNS = "seq, id, title, outlet, published, precision, published_from, body, offsets, positions_exact"


class Snapshot:
    """One search's view of the archive: a cursor in a read-only REPEATABLE READ transaction."""

    def __init__(self, conn, alphabet: str, full_postings: bool = False) -> None:
        self.conn = conn
        self.alphabet = alphabet
        self.full_postings = full_postings  # every posting holds its positions and date (schema.ensure)
        self.facet_totals = False  # the archive keeps each facet value's count (schema.ensure)
        self._stats: dict[int, int] | None = None
        self._vocabularies: dict[str, ArchiveVocabulary] = {}

    def vocabulary(self, fieldname: str) -> ArchiveVocabulary:
        if fieldname not in self._vocabularies:
            self._vocabularies[fieldname] = ArchiveVocabulary(self.conn, fieldname, self.alphabet)
        return self._vocabularies[fieldname]

    @property
    def stats(self) -> dict[int, int]:
        if self._stats is None:
            self._stats = {f: t for f, t in self.conn.execute("SELECT field, total FROM stats")}
        return self._stats

    @property
    def doc_count(self) -> int:
        return self.stats.get(DOCS, 0)

    def avg_length(self, field: int) -> float:
        return (self.stats.get(field, 0) / (self.doc_count or 1)) or 1


def search(snap: Snapshot, parsed: ParsedQuery, limit: int, sort: str, offset: int, filters: tuple[Filter, ...] = (), facets: bool = False) -> SearchResults:
    results = _search(snap, parsed, limit, sort, offset, filters)
    if not (filters or facets):
        return results
    counts = None
    if facets:
        t = where_of(snap, parsed)
        counts = facet_counts(snap, t, filters) if t is not None else ranked({}, filters)
    return dataclasses.replace(results, filters=tuple(filters), facets=counts)


def _search(snap: Snapshot, parsed: ParsedQuery, limit: int, sort: str, offset: int, filters: tuple[Filter, ...]) -> SearchResults:
    kept, kept_params = filter_sql(filters)
    if parsed.is_empty:
        return _newest(snap, parsed, kept, kept_params, limit, offset)
    if parsed.query is wq.NullQuery:
        return SearchResults(parsed, (), 0)
    q, ranges = split_date_ranges(parsed.query)
    if q is None:
        where = " AND ".join("(sortdate BETWEEN %s AND %s)" for _ in ranges)
        return _newest(snap, parsed, f"{where} AND {kept}", [*(d for r in ranges for d in r), *kept_params], limit, offset)
    q = q.accept(lambda node: _expand_terms(snap, node))
    matching = absorb_phrases(q)
    asked, known = _known_words(snap, matching)
    t = translate(matching, ranges, lambda node: _pattern_words(snap, node), _absent(asked, known))
    t = dataclasses.replace(t, where=f"({t.where}) AND {kept}", params=[*t.params, *kept_params])
    found, total = _ranked(snap, t, limit, offset, sort, words_alone=not filters, known=known)
    hits = _hits(snap, found, q)
    suggestion = suggest(snap, parsed) if not hits and not offset else None
    return SearchResults(parsed, hits, max(total, len(hits)), suggestion)


def where_of(snap: Snapshot, parsed: ParsedQuery) -> Translation | None:
    """The SQL condition of a parsed query (for facet counts); None when it matches nothing."""
    if parsed.is_empty:
        return Translation()
    if parsed.query is wq.NullQuery:
        return None
    q, ranges = split_date_ranges(parsed.query)
    if q is None:
        return translate(None, ranges, None)
    q = q.accept(lambda node: _expand_terms(snap, node))
    matching = absorb_phrases(q)
    return translate(matching, ranges, lambda node: _pattern_words(snap, node), _absent(*_known_words(snap, matching)))


def _known_words(snap: Snapshot, q) -> tuple[set[tuple[int, str]], dict[tuple[int, str], tuple[int, int]]]:
    """The query's plain words and phrase words as (field number, word), and the (term id,
    df) of those some article has."""
    asked = {(FIELD_NUMBER[f], w.decode("utf-8") if isinstance(w, bytes) else w) for f, w in q.iter_all_terms(phrases=True) if f in FIELD_NUMBER}
    return asked, _term_rows(snap, asked)


def _absent(asked: set[tuple[int, str]], known: dict[tuple[int, str], tuple[int, int]]):
    """Whether a word was asked for and no article has it (a pattern's words, found in the
    vocabulary as the query is translated, were not asked for: they are there)."""

    def absent(fieldname: str, word: str) -> bool:
        key = (FIELD_NUMBER.get(fieldname), word)
        return key in asked and key not in known

    return absent


def filter_sql(filters: tuple[Filter, ...], but: str | None = None) -> tuple[str, list]:
    """The SQL condition of the filters (those of facet `but` aside), as `FacetTable.allowed`
    keeps them: a facet's values add up, facets combine, NOT drops what has its value."""
    including: dict[str, list[str]] = {}
    excluding: list[str] = []
    for f in filters:
        if f.facet == but:
            continue
        tag = f"{f.facet}={f.value}"
        (excluding.append(tag) if f.exclude else including.setdefault(f.facet, []).append(tag))
    parts = ["facets && %s::text[]" for _ in including] + (["NOT facets && %s::text[]"] if excluding else [])
    return " AND ".join(parts) or "TRUE", [*including.values(), *([excluding] if excluding else [])]


def facet_counts(snap: Snapshot, t: Translation, filters: tuple[Filter, ...]) -> dict[str, tuple[FacetValue, ...]]:
    """Each facet's values with their counts among the articles `t` matches, under the
    other facets' filters (a facet's own filter leaves its other values in view)."""
    counted: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    filtered = {f.facet for f in filters}
    if t.where == "TRUE" and not filters and snap.facet_totals:  # the whole archive's, kept as it was loaded
        for tag, n in snap.conn.execute("SELECT v, n FROM facet_totals WHERE n > 0").fetchall():
            facet, _, value = tag.partition("=")
            if facet in counted:
                counted[facet][value] = n
        return ranked(counted, filters)
    for but in (None, *sorted(filtered)):
        kept, kept_params = filter_sql(filters, but)
        rows = snap.conn.execute(
            f"SELECT v, count(*) FROM articles, unnest(facets) v WHERE ({t.where}) AND {kept} GROUP BY v", [*t.params, *kept_params]
        ).fetchall()
        for tag, n in rows:
            facet, _, value = tag.partition("=")
            if facet in counted and (facet == but or (but is None and facet not in filtered)):
                counted[facet][value] = n
    return ranked(counted, filters)


def kept_ids(snap: Snapshot, filters: tuple[Filter, ...]) -> frozenset[str]:
    kept, params = filter_sql(filters)
    return frozenset(i for (i,) in snap.conn.execute(f"SELECT id FROM articles WHERE {kept}", params))


# As the Whoosh index's date order: dated ones newest first (the later loaded first on
# the same day), then the undated in the order they were loaded.
NEWEST_FIRST = "sortdate = 0, sortdate DESC, CASE WHEN sortdate = 0 THEN seq ELSE -seq END"
# Scores summed in another order differ in the last bits: rounded (to nine places, in
# floating point: a numeric per match cost 13 ms of 27 for 11,518 matches at 50k), equal
# articles tie and the earlier loaded comes first, as the earlier indexed does with Whoosh.
BEST_FIRST = "round(score * 1e9) DESC, seq"


def _newest(snap: Snapshot, parsed: ParsedQuery, where: str, params: list, limit: int, offset: int) -> SearchResults:
    """The articles `where` keeps, newest first (NEWEST_FIRST) without sorting them all: the
    dated from the end of the (sortdate, seq) index, then the undated from the start of it.
    Sorting the whole archive for the first page was 65 ms at 50,000 articles."""
    wanted = limit + offset
    seqs = [seq for (seq,) in snap.conn.execute(
        f"SELECT seq FROM articles WHERE sortdate > 0 AND ({where}) ORDER BY sortdate DESC, seq DESC LIMIT %s", [*params, wanted]
    )]  # fmt: skip
    if len(seqs) < wanted:
        seqs += [seq for (seq,) in snap.conn.execute(
            f"SELECT seq FROM articles WHERE sortdate = 0 AND ({where}) ORDER BY seq LIMIT %s", [*params, wanted - len(seqs)]
        )]  # fmt: skip
    seqs = seqs[offset:]
    total = snap.doc_count if where.strip() == "TRUE" else snap.conn.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0]
    hits = _hits(snap, [(seq, 0.0) for seq in seqs], None)
    return SearchResults(parsed, hits, max(total, len(hits)))


@dataclasses.dataclass(frozen=True)
class _Scored:
    """A leaf of the query that the archive holds, with what its BM25F score needs."""

    number: int  # its place in `Translation.leaves` (its bit in the postings' mask)
    term_id: int
    boost: float
    idf: float
    avgfl: float
    phrase: int  # 0, or k for the k-th phrase of the query
    weight_only: bool


def _columns(scored: list[_Scored], *names: str) -> list[list]:
    """The leaves' values, one list per name, as the unnest() of a statement takes them."""
    return [[getattr(leaf, name) for leaf in scored] for name in names]


def _ranked(snap: Snapshot, t: Translation, limit: int, offset: int, sort: str, words_alone: bool = False, known=None) -> tuple[list[tuple[int, float]], int]:
    """The page of (seq, score), best first, and how many match."""
    wanted = {(leaf.field, leaf.term) for leaf in t.leaves}
    known = {**(known or {}), **_term_rows(snap, wanted - set(known or ()))}
    scored = [
        _Scored(number, row[0], leaf.boost, math.log(snap.doc_count / (row[1] + 1)) + 1, snap.avg_length(leaf.field), leaf.phrase, leaf.weight_only)
        for number, leaf in enumerate(t.leaves)
        if (row := known.get((leaf.field, leaf.term))) is not None
    ]
    numbers = [leaf.number for leaf in scored]
    condition = _over_postings(t, numbers, snap.full_postings) if words_alone and (sort != "date" or snap.full_postings) and scored else None
    if condition is not None:
        return _ranked_by_postings(snap, condition, scored, limit, offset, t, sort)
    flags = "ARRAY[" + ", ".join(f"({col} @@ %s::tsquery)" for col, _ in t.phrases) + "]::boolean[]"
    base = " + ".join(f"CASE WHEN {condition} THEN %s::float8 ELSE 0.0 END" for condition, _, _ in t.constants) or "0.0"
    order = NEWEST_FIRST if sort == "date" else BEST_FIRST
    # One aggregation over the matches joined to their postings: a join of the matches
    # to scores aggregated apart was planned, when the matches were underestimated (a
    # phrase's), as a nested loop that aggregated again for each match.
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT seq, sortdate, {flags} AS ph, {base} AS base FROM articles WHERE {t.where}
        ), l AS (
            SELECT * FROM unnest(%s::integer[], %s::float8[], %s::float8[], %s::float8[], %s::integer[], %s::boolean[])
                AS l(term_id, boost, idf, avgfl, ph, weight_only)
        ), p AS (
            SELECT l.*, p.seq, p.weight, p.fl FROM l JOIN postings p ON p.term_id = l.term_id WHERE p.term_id = ANY(%s::integer[])
        )
        SELECT seq, score, count(*) OVER () FROM (
            SELECT m.seq, m.sortdate,
                   m.base + coalesce(sum({_bm25("p", "p.boost", "p.idf", "p.avgfl", "p.weight_only")}), 0.0) AS score
            FROM m LEFT JOIN p ON p.seq = m.seq AND (p.ph = 0 OR m.ph[p.ph])
            GROUP BY m.seq, m.sortdate, m.base
        ) scored
        ORDER BY {order} LIMIT %s OFFSET %s"""
    constants = [p for condition, params, score in t.constants for p in (*params, score)]
    columns = _columns(scored, "term_id", "boost", "idf", "avgfl", "phrase", "weight_only")
    params = [*(q for _, q in t.phrases), *constants, *t.params, *columns, sorted(set(columns[0])), limit, offset]
    return _page(snap, snap.conn.execute(sql, params).fetchall(), offset, t)


# -- a query of words and phrases alone: ranked from the postings, the articles untouched -

MASK_BITS = 63  # a bigint's, the sign's aside


def _over_postings(t: Translation, numbers: list[int], full: bool) -> str | None:
    """The query's condition over the bit mask of what an article's postings matched
    (`Translation.by_leaves`: leaf i is bit i, phrase k bit len(leaves) + k - 1), or None
    when it must be tested on the articles themselves (`full`: whether the postings hold
    the positions and dates that phrases and date ranges need)."""
    if t.by_leaves is None or (("[" in t.by_leaves or t.date_ranges) and not full):
        return None
    named = {int(n) for n in re.findall(r"\{(\d+)\}", t.by_leaves)}
    if " AND " not in t.by_leaves and "[" not in t.by_leaves and named == set(range(len(t.leaves))):
        return "TRUE"  # all the words ORed: every article with a posting of one matches
    if len(t.leaves) + len(t.phrases) > MASK_BITS:
        return None
    matched = set(numbers)
    condition = re.sub(r"\{(\d+)\}", lambda m: f"(mask & {1 << int(m[1])}::bigint) <> 0" if int(m[1]) in matched else "FALSE", t.by_leaves)
    return re.sub(r"\[(\d+)\]", lambda m: f"(mask & {_phrase_bit(t, int(m[1]))}::bigint) <> 0", condition)


def _phrase_bit(t: Translation, k: int) -> int:
    return 1 << (len(t.leaves) + k - 1)


def _ranked_by_postings(snap: Snapshot, condition: str, scored: list[_Scored], limit: int, offset: int, t: Translation, sort: str = "relevance"):
    """As `_ranked`, for a query of words and phrases joined by AND and OR (and date ranges
    beside them) without filters: the matching articles and their scores come from the
    postings' index alone (an index-only scan), not from the articles' rows and tsvectors
    (a heap page or more each, the most of a common word's or a phrase's search).

    A phrase stands where its first word's positions, shifted by one, two, …, meet the
    next words'; there its words' scores are summed, and a row of its bit and that score
    joins the words' rows, so one aggregation and no join (a join to the phrases' matches,
    underestimated, was planned as a nested loop: 2.3 million rows compared for 783
    matches of "chief executive")."""
    of_number = {leaf.number: leaf for leaf in scored}
    plain = [leaf for leaf in scored if not leaf.phrase]
    days = [d for r in t.date_ranges for d in r]

    def dated(table: str) -> str:
        return "".join(f" AND {table}.sortdate BETWEEN %s AND %s" for _ in t.date_ranges)

    def scoring(leaf: _Scored) -> list:  # the parameters of _bm25(word, "%s", "%s", "%s", "%s"), in the order they appear
        return [leaf.weight_only, leaf.boost, leaf.boost, leaf.idf, leaf.avgfl]

    stands, stand_params = [], []
    for k in range(1, len(t.phrases) + 1):
        places = [of_number[n] for n, lf in enumerate(t.leaves) if lf.phrase == k]
        joins = "".join(f" JOIN postings w{j} ON w{j}.term_id = %s AND w{j}.seq = w0.seq" for j in range(1, len(places)))
        near = " AND ".join(f"x + {j} = ANY(w{j}.positions)" for j in range(1, len(places)))
        score = " + ".join(_bm25(f"w{j}", "%s::float8", "%s::float8", "%s::float8", "%s::boolean") for j in range(len(places)))
        stands.append(
            f" UNION ALL SELECT w0.seq, {_phrase_bit(t, k)}::bigint, {score}, w0.sortdate FROM postings w0{joins} "
            f"WHERE w0.term_id = %s{dated('w0')} AND EXISTS (SELECT 1 FROM unnest(w0.positions) x WHERE {near})"
        )
        stand_params += [p for w in places for p in scoring(w)] + [w.term_id for w in places[1:]] + [places[0].term_id, *days]
    sql = f"""
        WITH l AS (
            SELECT * FROM unnest(%s::integer[], %s::float8[], %s::float8[], %s::float8[], %s::boolean[], %s::bigint[])
                AS l(term_id, boost, idf, avgfl, weight_only, bit)
        ), r AS (
            SELECT p.seq, l.bit,
                   {_bm25("p", "l.boost", "l.idf", "l.avgfl", "l.weight_only")} AS sc,
                   {"p.sortdate" if snap.full_postings else "0"} AS sortdate
            FROM l JOIN postings p ON p.term_id = l.term_id
            WHERE p.term_id = ANY(%s::integer[]){dated("p")}{"".join(stands)}
        ), s AS (
            SELECT seq, bit_or(bit) AS mask, sum(sc) AS score, max(sortdate) AS sortdate FROM r GROUP BY seq
        )
        SELECT seq, score, count(*) OVER () FROM s WHERE {condition}
        ORDER BY {NEWEST_FIRST if sort == "date" else BEST_FIRST} LIMIT %s OFFSET %s"""
    alone = _columns(plain, "term_id", "boost", "idf", "avgfl", "weight_only")
    bits = [1 << leaf.number if leaf.number < MASK_BITS else 0 for leaf in plain]
    params = [*alone, bits, sorted(set(alone[0])), *days, *stand_params, limit, offset]
    return _page(snap, snap.conn.execute(sql, params).fetchall(), offset, t)


def _page(snap: Snapshot, rows: list, offset: int, t: Translation) -> tuple[list[tuple[int, float]], int]:
    """The page's (seq, score) from rows of (seq, score, how many match), and how many match."""
    if rows:
        return [(seq, score) for seq, score, _ in rows], rows[0][2]
    if offset:  # a page past the last: the count alone
        return [], snap.conn.execute(f"SELECT count(*) FROM articles WHERE {t.where}", t.params).fetchone()[0]
    return [], 0


def _term_rows(snap: Snapshot, keys: set[tuple[int, str]]) -> dict[tuple[int, str], tuple[int, int]]:
    if not keys:
        return {}
    ordered = sorted(keys)
    rows = snap.conn.execute(
        "SELECT t.field, t.term, t.id, t.df FROM terms t JOIN unnest(%s::smallint[], %s::text[]) AS k(field, term) "
        "ON t.field = k.field AND t.term = k.term WHERE t.df > 0",
        ([k[0] for k in ordered], [k[1] for k in ordered]),
    )
    return {(field, term): (term_id, df) for field, term, term_id, df in rows}


def _expand_terms(snap: Snapshot, node):
    """As `Searcher._expand_terms`: a fuzzy term or prefix on the title or body, as an OR of the archive's words."""
    if not isinstance(node, (wq.FuzzyTerm, wq.Prefix)) or node.fieldname not in ("body", "title") or not node.text:
        return node
    return expanded(node, snap.vocabulary(node.fieldname))


def _pattern_words(snap: Snapshot, node) -> list[tuple[str, str]]:
    """The words a prefix, wildcard, fuzzy term or term range stands for on its field."""
    fieldname = node.fieldname
    if fieldname not in FIELD_NUMBER:
        raise Unsupported(fieldname)
    vocabulary = snap.vocabulary(fieldname)
    if isinstance(node, wq.Prefix):
        words = vocabulary.starting(node.text)
    elif isinstance(node, wq.Wildcard):
        pattern = "".join("%" if c == "*" else "_" if c == "?" else ("\\" + c if c in "%_\\" else c) for c in node.text)
        words = vocabulary.matching(pattern)
    elif isinstance(node, wq.FuzzyTerm):
        words = vocabulary.within(node.text, int(node.maxdist), node.prefixlength)
    else:
        words = vocabulary.between(node.start, node.end, node.startexcl, node.endexcl)
    return [(fieldname, w) for w in words]


# -- the page: hits, offsets, snippets -------------------------------------------------


def _hits(snap: Snapshot, found: list[tuple[int, float]], q) -> tuple[SearchHit, ...]:
    if not found:
        return ()
    seqs = [seq for seq, _ in found]
    rows = {row[0]: row for row in snap.conn.execute(f"SELECT {HIT_COLUMNS} FROM articles WHERE seq = ANY(%s)", (seqs,))}
    spans = body_spans(snap, q, rows) if q is not None else {}
    out = []
    for seq, score in found:
        row = rows.get(seq)
        if row is None:
            continue
        _, article_id, title, outlet, published, precision, published_from, body, _, _ = row
        these = spans.get(seq, [])
        snippet, snippet_spans = make_snippet(body, these)
        out.append(
            SearchHit(
                article=article_id,
                title=title,
                outlet=outlet or None,
                published=str(Published(published, precision or "unknown")),
                score=float(score),
                snippet=snippet,
                snippet_spans=snippet_spans,
                hits=tuple(these),
                published_from=published_from or None,
            )
        )
    return tuple(out)


def body_spans(snap: Snapshot, q, rows: dict) -> dict[int, list[tuple[int, int]]]:
    """For each article of the page, the sorted (start, end) spans of the query's body words
    in it: words outside phrases and NOT anywhere, a phrase's words where it stands whole."""
    standalone = _positive_terms(snap, q)
    phrases = _phrases(q)
    terms = sorted(standalone | {w for p in phrases for w in p})
    if not terms:
        return {}
    exact = [seq for seq, row in rows.items() if row[9]]
    occurrences: dict[int, dict[str, list[tuple[int, int, int]]]] = {seq: {} for seq in rows}
    if exact and snap.full_postings:  # the postings' positions: the tsvectors' own, from the index
        found = snap.conn.execute(
            "SELECT p.seq, t.term, p.positions FROM terms t JOIN postings p ON p.term_id = t.id AND p.seq = ANY(%s) "
            "WHERE t.field = %s AND t.term = ANY(%s) AND p.positions IS NOT NULL",
            (exact, FIELD_NUMBER["body"], terms),
        )
    elif exact:
        found = snap.conn.execute(
            "SELECT a.seq, u.lexeme, u.positions FROM articles a CROSS JOIN LATERAL unnest(a.body_tsv) u "
            "WHERE a.seq = ANY(%s) AND u.lexeme = ANY(%s)",
            (exact, terms),
        )
    if exact:
        for seq, term, positions in found:
            offsets = _offsets(rows[seq])
            occurrences[seq][term] = [(p - 1, offsets[2 * (p - 1)], offsets[2 * (p - 1) + 1]) for p in positions]
    wanted = set(terms)
    for seq, row in rows.items():
        if not row[9]:  # positions past what a tsvector keeps: read the body again
            found_terms: dict[str, list[tuple[int, int, int]]] = {}
            for token in schema()["body"].analyzer(row[7], positions=True, chars=True, mode="index"):
                if token.text in wanted:
                    found_terms.setdefault(token.text, []).append((token.pos, token.startchar, token.endchar))
            occurrences[seq] = found_terms
    return {seq: spans_of(found_terms, standalone, phrases) for seq, found_terms in occurrences.items()}


def _offsets(row) -> array:
    cached = row[8]
    return cached if isinstance(cached, array) else offsets_of(bytes(cached))


def _positive_terms(snap: Snapshot, q) -> set[str]:
    """As `index.spans._positive_terms`: the body words outside phrases and NOT."""
    out: set[str] = set()
    for node in positive_leaves(q):
        if type(node) is wq.Term:
            words = [node.text.decode() if isinstance(node.text, bytes) else node.text]
        elif isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange)):
            words = [w for _, w in _pattern_words(snap, node)]
        else:
            continue
        if len(words) > MAX_TERMS_PER_LEAF:
            frequency = snap.vocabulary("body").frequency
            words = sorted(words, key=lambda w: -frequency(w))[:MAX_TERMS_PER_LEAF]
        out.update(words)
    return out


def _phrases(q) -> list[tuple[str, ...]]:
    return [tuple(w.decode("utf-8") if isinstance(w, bytes) else w for w in words) for words in body_phrases(q)]


# -- did you mean ------------------------------------------------------------------------


def suggest(snap: Snapshot, parsed: ParsedQuery) -> str | None:
    """As `Searcher._suggest`: each unknown word swapped for the nearest, then commonest, body word."""
    vocabulary = snap.vocabulary("body")
    return suggestion(parsed.text, schema()["body"].analyzer, vocabulary, vocabulary.frequency, lambda term: _spelling(snap, term))


def _spelling(snap: Snapshot, term: str, docs: int = 5) -> str | None:
    """How the first articles that use the body word `term` spell it (as `searcher._spelling`)."""
    rows = snap.conn.execute(
        """SELECT a.body, a.offsets, a.positions_exact, u.positions
           FROM (SELECT p.seq FROM postings p JOIN terms t ON t.id = p.term_id
                 WHERE t.field = %s AND t.term = %s ORDER BY p.seq LIMIT %s) first
           JOIN articles a ON a.seq = first.seq
           LEFT JOIN LATERAL (SELECT positions FROM unnest(a.body_tsv) WHERE lexeme = %s) u ON true
           ORDER BY a.seq""",
        (FIELD_NUMBER["body"], term, docs, term),
    )
    seen: dict[str, int] = {}
    for body, offsets, exact, positions in rows:
        if exact and positions:
            offsets = offsets_of(bytes(offsets))
            spans = [(offsets[2 * (p - 1)], offsets[2 * (p - 1) + 1]) for p in positions]
        else:
            spans = [(t.startchar, t.endchar) for t in schema()["body"].analyzer(body, chars=True, mode="index") if t.text == term]
        for start, end in spans:
            word = re.sub(r"['’]s$", "", body[start:end])
            seen[word] = seen.get(word, 0) + 1
    return max(seen, key=lambda w: (seen[w], -len(w))) if seen else None


__all__ = ["FIELDS", "Snapshot", "analyse", "search", "suggest", "where_of"]
