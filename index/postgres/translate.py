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


UNSCORABLE = {"tags"}  # KEYWORD fields: Whoosh scores them by weight


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def column(fieldname: str) -> str:
    if fieldname not in FIELD_NUMBER:
        raise Unsupported(fieldname)
    return f"{fieldname}_tsv"


def translate(q: wq.Query, ranges: list[tuple[int, int]], expand) -> Translation:
    """SQL for the matching tree `q` (None: only `ranges`, inclusive YYYYMMDD pairs).

    `expand(node)` gives the words a pattern leaf (prefix, wildcard, fuzzy term, term
    range) on a field stands for, as a list of (field, word)."""
    out = Translation(date_ranges=list(ranges))
    parts = []
    if q is not None:
        parts.append(_node(q, out, 1.0, True, expand))
    for first, last in ranges:
        parts.append("(sortdate BETWEEN %s AND %s)")
        out.params += [first, last]
    out.where = " AND ".join(parts) if parts else "TRUE"
    return out


def _node(q: wq.Query, out: Translation, boost: float, positive: bool, expand) -> str:
    boost *= q.boost if hasattr(q, "boost") else 1.0
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return "FALSE"
    if isinstance(q, wq.Every):
        return "TRUE"
    if type(q) is wq.Term:
        return _term(q.fieldname, q.text, out, boost, positive)
    if isinstance(q, wq.Phrase):
        return _phrase(q, out, boost, positive)
    if isinstance(q, wq.And):
        return "(" + " AND ".join(_node(c, out, boost, positive, expand) for c in q.subqueries) + ")"
    if isinstance(q, wq.Or) and not getattr(q, "minmatch", 0) and not q.scale:
        return "(" + " OR ".join(_node(c, out, boost, positive, expand) for c in q.subqueries) + ")"
    if isinstance(q, wq.Not):
        inner = Translation(leaves=[], phrases=out.phrases)
        condition = "(NOT " + _node(q.query, inner, boost, False, expand) + ")"
        out.params += inner.params
        if positive:  # Whoosh scores an article a NOT lets through as its boost
            out.constants.append((condition, list(inner.params), boost))
        return condition
    if isinstance(q, wq.AndNot):
        return "(" + _node(q.a, out, boost, positive, expand) + " AND NOT " + _node(q.b, out, boost, False, expand) + ")"
    if isinstance(q, wq.AndMaybe):
        # b scores where it matches but is never needed to match: its leaves and phrase
        # flags are kept, its condition (and so its parameters) is not.
        _node(q.b, Translation(leaves=out.leaves, phrases=out.phrases), boost, positive, expand)
        return _node(q.a, out, boost, positive, expand)
    if isinstance(q, wq.NumericRange) and q.fieldname == "published":
        from ..dates import _as_days

        days = _as_days(wq.NumericRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl))
        if days is None:
            return "FALSE"
        out.params += list(days)
        return "(sortdate BETWEEN %s AND %s)"
    if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange)):
        words = expand(q)
        if not words:
            return "FALSE"
        if len(words) == 1:  # Whoosh runs a pattern of one word as that word
            return _term(words[0][0], words[0][1], out, boost, positive)
        parts = [_term(f, w, out, boost, positive) for f, w in words]
        return "(" + " OR ".join(parts) + ")"
    raise Unsupported(type(q).__name__)


def _term(fieldname: str, text, out: Translation, boost: float, positive: bool) -> str:
    col = column(fieldname)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if positive:
        out.leaves.append(Leaf(FIELD_NUMBER[fieldname], text, boost, 0, fieldname in UNSCORABLE))
    out.params.append(lexeme(text))
    return f"({col} @@ %s::tsquery)"


def _phrase(q: wq.Phrase, out: Translation, boost: float, positive: bool) -> str:
    words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
    if len(words) == 1:
        return _term(q.fieldname, words[0], out, boost, positive)
    if q.slop != 1 or not words:
        raise Unsupported("a phrase with slop")
    col = column(q.fieldname)
    tsquery = " <-> ".join(lexeme(w) for w in words)
    if positive:
        out.phrases.append((col, tsquery))
        index = len(out.phrases)
        out.leaves.extend(Leaf(FIELD_NUMBER[q.fieldname], w, boost, index, q.fieldname in UNSCORABLE) for w in words)
    out.params.append(tsquery)
    return f"({col} @@ %s::tsquery)"
