"""A parsed query (the Whoosh query tree `index.query` makes) as SQL over the archive's tsvectors.

The tree is the one the Whoosh index runs, so repairs, fields, alias expansion and
analysis are the same; only its leaves change form. A word is a one-lexeme
tsquery on its field's tsvector, a phrase a ``<->`` tsquery, a prefix ``:*``,
AND/OR/NOT are SQL's own, a date range compares ``sortdate``. Prefixes, fuzzy
terms and wildcards on the title and body arrive already expanded into the words
of the archive they stand for (`search`), as with Whoosh.

Scores are BM25F as Whoosh computes them: the sum, over the query's positive
leaves that match an article, of each leaf's score times the boosts above it. A
word's score comes from `postings`; a phrase's is the sum of its words' scores
where the whole phrase stands (a flag per phrase, computed with the match); an
article a NOT lets through gets the NOT's boost, as Whoosh's inverse matcher gives;
a word of a field Whoosh does not score (tags) counts its weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from .schema import FIELD_NUMBER


class Unsupported(Exception):
    """A part of the query this translation does not handle: its words are searched instead."""


@dataclass(frozen=True)
class Leaf:
    field: int
    term: str
    boost: float
    phrase: int = 0  # 1-based index of the phrase whose match it needs; 0 for a word
    weight_only: bool = False  # scored by its weight: a field Whoosh does not score


@dataclass
class Translation:
    where: str = "TRUE"
    params: list = field(default_factory=list)
    leaves: list[Leaf] = field(default_factory=list)
    phrases: list[tuple[str, str]] = field(default_factory=list)  # (column, tsquery) per phrase flag
    constants: list[tuple[str, list, float]] = field(default_factory=list)  # (condition, its parameters, score) added where it holds
    date_ranges: list[tuple[int, int]] = field(default_factory=list)
    # The condition again over what an article's postings matched: "{i}" stands for "leaf
    # i matched", "[k]" for "phrase k stands whole" (its words' positions, where the
    # postings hold them); None when the postings cannot tell (see `_node`).
    by_leaves: str | None = None
    absent: Callable[[str, str], bool] = lambda fieldname, word: False  # see `translate`


UNSCORABLE = {"tags"}  # KEYWORD fields: Whoosh scores them by weight


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def column(fieldname: str) -> str:
    if fieldname not in FIELD_NUMBER:
        raise Unsupported(fieldname)
    return f"{fieldname}_tsv"


def translate(q: wq.Query, ranges: list[tuple[int, int]], expand, absent=None) -> Translation:
    """SQL for the matching tree `q` (None: only `ranges`, inclusive YYYYMMDD pairs).

    `expand(node)` gives the words a pattern leaf (prefix, wildcard, fuzzy term, term
    range) on a field stands for, as a list of (field, word). `absent(field, word)`
    says a word no article has: it matches nothing, and costs no index scan (an alias
    brings dozens of spellings, most of them in no article)."""
    out = Translation(date_ranges=list(ranges))
    if absent is not None:
        out.absent = absent
    parts = []
    if q is not None:
        where, out.by_leaves = _node(q, out, 1.0, True, expand)
        parts.append(where)
    for first, last in ranges:  # in date_ranges too, for the postings (search._ranked_by_postings)
        parts.append("(sortdate BETWEEN %s AND %s)")
        out.params += [first, last]
    out.where = " AND ".join(parts) if parts else "TRUE"
    return out


def _node(q: wq.Query, out: Translation, boost: float, positive: bool, expand) -> tuple[str, str | None]:
    """The SQL condition of `q` on the articles, and the same over the leaves and phrases
    it matched (None where the postings cannot say: NOT, dates, everything)."""
    boost *= q.boost if hasattr(q, "boost") else 1.0
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return "FALSE", "FALSE"
    if isinstance(q, wq.Every):
        return "TRUE", None
    if type(q) is wq.Term:
        return _term(q.fieldname, q.text, out, boost, positive)
    if isinstance(q, wq.Phrase):
        return _phrase(q, out, boost, positive)
    if isinstance(q, wq.And):
        return _joined(" AND ", [_node(c, out, boost, positive, expand) for c in q.subqueries])
    if isinstance(q, wq.Or) and not getattr(q, "minmatch", 0) and not q.scale:
        return _joined(" OR ", [_node(c, out, boost, positive, expand) for c in q.subqueries])
    if isinstance(q, wq.Not):
        inner = Translation(leaves=[], phrases=out.phrases, absent=out.absent)
        condition = "(NOT " + _node(q.query, inner, boost, False, expand)[0] + ")"
        out.params += inner.params
        if positive:  # Whoosh scores an article a NOT lets through as its boost
            out.constants.append((condition, list(inner.params), boost))
        return condition, None
    if isinstance(q, wq.AndNot):
        return "(" + _node(q.a, out, boost, positive, expand)[0] + " AND NOT " + _node(q.b, out, boost, False, expand)[0] + ")", None
    if isinstance(q, wq.AndMaybe):
        # b scores where it matches but is never needed to match: its leaves and phrase
        # flags are kept, its condition (and so its parameters) is not.
        _, maybe = _node(q.b, Translation(leaves=out.leaves, phrases=out.phrases, absent=out.absent), boost, positive, expand)
        where, by_leaves = _node(q.a, out, boost, positive, expand)
        return where, by_leaves if maybe is not None else None
    if isinstance(q, wq.NumericRange) and q.fieldname == "published":
        from ..dates import _as_days

        days = _as_days(wq.NumericRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl))
        if days is None:
            return "FALSE", "FALSE"
        out.params += list(days)
        return "(sortdate BETWEEN %s AND %s)", None
    if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange)):
        words = expand(q)
        if not words:
            return "FALSE", "FALSE"
        if len(words) == 1:  # Whoosh runs a pattern of one word as that word
            return _term(words[0][0], words[0][1], out, boost, positive)
        return _joined(" OR ", [_term(f, w, out, boost, positive) for f, w in words])
    raise Unsupported(type(q).__name__)


def _joined(op: str, parts: list[tuple[str, str | None]]) -> tuple[str, str | None]:
    by_leaves = [b for _, b in parts]
    return "(" + op.join(w for w, _ in parts) + ")", None if None in by_leaves else "(" + op.join(by_leaves) + ")"


def _term(fieldname: str, text, out: Translation, boost: float, positive: bool) -> tuple[str, str | None]:
    col = column(fieldname)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if out.absent(fieldname, text):
        return "FALSE", "FALSE"
    by_leaves = None
    if positive:
        out.leaves.append(Leaf(FIELD_NUMBER[fieldname], text, boost, 0, fieldname in UNSCORABLE))
        by_leaves = f"{{{len(out.leaves) - 1}}}"
    out.params.append(lexeme(text))
    return f"({col} @@ %s::tsquery)", by_leaves


def _phrase(q: wq.Phrase, out: Translation, boost: float, positive: bool) -> tuple[str, str | None]:
    words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
    if len(words) == 1:
        return _term(q.fieldname, words[0], out, boost, positive)
    if q.slop != 1 or not words:
        raise Unsupported("a phrase with slop")
    col = column(q.fieldname)
    if any(out.absent(q.fieldname, w) for w in words):
        return "FALSE", "FALSE"
    tsquery = " <-> ".join(lexeme(w) for w in words)
    by_leaves = None
    if positive:
        out.phrases.append((col, tsquery))
        index = len(out.phrases)
        out.leaves.extend(Leaf(FIELD_NUMBER[q.fieldname], w, boost, index, q.fieldname in UNSCORABLE) for w in words)
        by_leaves = f"[{index}]"
    out.params.append(tsquery)
    return f"({col} @@ %s::tsquery)", by_leaves
