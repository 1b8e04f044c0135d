"""Turning what the user typed into a Whoosh query, leniently and alias-aware.

The language is Whoosh's: AND/OR/NOT, "phrases", prefix*, fuzzy~, field:value,
``published:[2016 TO 2018]``. A malformed query (an unbalanced quote, a lone
operator, stray brackets, an unknown field) never raises: it is repaired, and
`ParsedQuery.notes` says what was changed. Spellings listed together in the
gazetteer meet: ``At-Tanf`` also finds "Al Tanf", ``Hasakeh`` finds "Hasakah".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.fields import Schema

from corpus import gazetteer

MAX_QUERY_CHARS = 1000
MAX_FUZZY_EDITS = 2  # more makes Whoosh's automaton slow and matches everything
DEFAULT_FIELDS = ("title", "body")
FIELD_ALIASES = {"place": "places", "person": "people", "date": "published", "tag": "tags", "text": "body"}
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what the user typed
    rewritten: str  # what was parsed, after repairs and alias expansion
    query: query.Query
    notes: tuple[str, ...] = ()  # what was repaired, for a hint

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


def repair(text: str, fieldnames: set[str]) -> tuple[str, list[str]]:
    """A version of `text` the parser takes as meant, and notes on what changed."""
    notes: list[str] = []
    text = "".join(c if c.isprintable() else " " for c in text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"query cut to {MAX_QUERY_CHARS} characters")
    for curly in "“”„":
        text = text.replace(curly, '"')
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + text[i + 1 :]
        notes.append("removed an unbalanced quote mark")

    # Unknown fields become plain words; known aliases become their field.
    def field(m: re.Match) -> str:
        name = m.group(1)
        lower = name.lower()
        lower = FIELD_ALIASES.get(lower, lower)
        if lower in fieldnames:
            return lower + ":"
        notes.append(f"no field named {name!r}: searched as a word")
        return name + " "

    text = _outside_quotes(text, lambda s: re.sub(r"\b([A-Za-z_]\w*):(?!\s*$)", field, s))
    text, n = re.subn(r"\b[A-Za-z_]\w*:\s*$", "", text)
    if n:
        notes.append("removed a field with nothing after it")
    text = _outside_quotes(text, lambda s: re.sub(r"(?<=\w)~(\d+)", lambda m: _fuzzy(m, notes), s))
    text = _balance(text, "(", ")", notes, "parenthesis")
    text = _balance_ranges(text, notes)
    # Lone operators at either end, or doubled.
    words = text.split()
    changed = False
    while words and words[0] in OPERATORS and words[0] != "NOT":
        words.pop(0)
        changed = True
    while words and words[-1] in OPERATORS:
        words.pop()
        changed = True
    cleaned: list[str] = []
    for w in words:
        if w in OPERATORS and cleaned and cleaned[-1] in OPERATORS and w != "NOT":
            changed = True
            continue
        cleaned.append(w)
    if changed:
        notes.append("removed an operator with nothing to join")
    text = " ".join(cleaned)
    if re.fullmatch(r"[\s*?~^:()\[\]{}'\"+\-!]*", text) and text.strip():
        notes.append("nothing to search for in those symbols")
        text = ""
    return text, notes


def _fuzzy(m: re.Match, notes: list[str]) -> str:
    if int(m.group(1)) <= MAX_FUZZY_EDITS:
        return m.group()
    if not any(n.startswith("fuzzy") for n in notes):
        notes.append(f"fuzzy matching allows at most {MAX_FUZZY_EDITS} edits")
    return f"~{MAX_FUZZY_EDITS}"


def _outside_quotes(text: str, fn) -> str:
    parts = re.split(r'("[^"]*")', text)
    return "".join(p if p.startswith('"') else fn(p) for p in parts)


def _balance(text: str, opening: str, closing: str, notes: list[str], name: str) -> str:
    out, depth, removed = [], 0, False
    in_quote = False
    for c in text:
        if c == '"':
            in_quote = not in_quote
        elif not in_quote and c == opening:
            depth += 1
        elif not in_quote and c == closing:
            if depth == 0:
                removed = True
                continue
            depth -= 1
        out.append(c)
    if depth:
        out.append(closing * depth)
        notes.append(f"closed an unbalanced {name}")
    if removed:
        notes.append(f"removed an unmatched {name}")
    return "".join(out)


_RANGE = re.compile(r"\w+:[\[{][^\[\]{}]*\s+TO\s+[^\[\]{}]*[\]}]|\w+:[\[{]\s*TO\s+[^\[\]{}]*[\]}]|\w+:[\[{][^\[\]{}]*\s+TO\s*[\]}]")


def _balance_ranges(text: str, notes: list[str]) -> str:
    """Keep well-formed ranges (field:[a TO b]); any other bracket or brace is dropped."""
    kept: list[str] = []

    def hold(m: re.Match) -> str:
        kept.append(m.group())
        return f"\x00{len(kept) - 1}\x00"

    closed = re.sub(r"(\w+:\[[^\[\]{}]*?\sTO\s+[^\s\[\]{}]+)\s*$", r"\1]", text)
    if closed != text:
        notes.append("closed an unbalanced range")
        text = closed
    held = _RANGE.sub(hold, text)
    stripped = re.sub(r"[\[\]{}]", " ", held)
    if stripped != held:
        notes.append("removed stray brackets")
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], stripped)


@functools.lru_cache(maxsize=8)
def _alias_table(gaz: gazetteer.Gazetteer) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(folded spelling -> its group, first word -> the spellings that start with it).

    The table has thousands of spellings: a query is matched against those that
    start with one of its own words only (`_pattern_for`), never against all.
    """
    by_spelling: dict[str, tuple[str, ...]] = {}
    by_first: dict[str, set[str]] = {}
    for group in gaz.variant_groups():
        for spelling in group:
            by_spelling[_fold(spelling)] = group
            first = _WORD.search(spelling)
            by_first.setdefault(first.group().casefold() if first else "", set()).add(spelling)
    return by_spelling, {w: tuple(sorted(s)) for w, s in by_first.items()}


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=256)
def _pattern_for(spellings: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(spellings, key=len, reverse=True)
    return re.compile(r"(?<![\w:*?~-])(?:" + "|".join(_flexible(s) for s in ordered) + r")(?![\w*?~-])", re.IGNORECASE)


def _fold(s: str) -> str:
    return re.sub(r"[\s\-‐‑]+", " ", s.casefold()).strip()


def _flexible(spelling: str) -> str:
    """A spelling where a space and a hyphen are the same."""
    return r"[\s\-‐‑]+".join(re.escape(part) for part in re.split(r"[\s\-‐‑]+", spelling))


def expand_aliases(text: str, gaz: gazetteer.Gazetteer) -> tuple[str, list[str]]:
    """Each gazetteer spelling in the query becomes an OR over all spellings of the same thing."""
    by_spelling, by_first = _alias_table(gaz)
    words = {w.casefold() for w in _WORD.findall(text)} | {""}
    candidates = tuple(sorted({s for w in words for s in by_first.get(w, ())}))
    if not candidates:
        return text, []
    pattern = _pattern_for(candidates)
    expanded: list[str] = []

    def alternatives(match_text: str) -> str | None:
        group = by_spelling.get(_fold(match_text))
        if not group:
            return None
        expanded.append(match_text)
        terms = [f'"{s}"' if re.search(r"[\s\-‐‑.]", s) else s for s in group]
        return "(" + " OR ".join(terms) + ")"

    def bare(part: str) -> str:
        return pattern.sub(lambda m: alternatives(m.group()) or m.group(), part)

    parts = re.split(r'("[^"]*")', text)
    out = []
    for i, p in enumerate(parts):
        is_field_value = i > 0 and parts[i - 1].endswith(":")
        if p.startswith('"'):
            whole = alternatives(p[1:-1].strip()) if not is_field_value else None
            out.append(whole or p)
        else:
            out.append(bare(p))
    notes = [f"also searched other spellings of {', '.join(expanded)}"] if expanded else []
    return "".join(out), notes


def make_parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def parse(text: str, parser: qparser.QueryParser, gaz: gazetteer.Gazetteer | None = None) -> ParsedQuery:
    """Parse what the user typed (its spellings expanded by `gaz`); never raises."""
    fieldnames = set(parser.schema.names())
    repaired, notes = repair(text, fieldnames)
    if not repaired.strip():
        if text.strip() and not notes:
            notes.append("nothing to search for in that query")
        return ParsedQuery(text, "", query.NullQuery, tuple(notes))
    rewritten, alias_notes = expand_aliases(repaired, gaz or gazetteer.default())
    try:
        q = parser.parse(rewritten)
    except Exception:  # Whoosh raises many kinds on odd input; fall back to plain words.
        return words_only(ParsedQuery(text, rewritten, query.NullQuery, tuple(notes)), parser)
    q = _drop_errors(q)
    return ParsedQuery(text, rewritten, q, tuple(notes + alias_notes))


def words_only(parsed: ParsedQuery, parser: qparser.QueryParser) -> ParsedQuery:
    """The query's words, any of them, for a query Whoosh cannot read or run as written."""
    words = [w.lower() for w in re.findall(r"\w+", parsed.rewritten)]  # lower case: no operators
    try:
        q = parser.parse(" OR ".join(words)) if words else query.NullQuery
    except Exception:
        q = query.NullQuery
    note = "could not read the query's syntax: searched its words"
    return ParsedQuery(parsed.text, " OR ".join(words), q, (*parsed.notes, note))


def _drop_errors(q: query.Query) -> query.Query:
    """Whoosh marks parts it could not read (a bad date, say) as errors: search without them."""
    if q.is_leaf():
        return query.NullQuery if getattr(q, "error", None) is not None else q
    return q.apply(_drop_errors).normalize()


def absorb_phrases(q: query.Query) -> query.Query:
    """Drop from an OR each phrase that one of its own words, also in the OR, already finds.

    `tanf OR "al tanf"` finds what `tanf` finds (A or (A and B) is A); the alias
    expansion writes such ORs, and Whoosh would read every phrase's positions to
    find nothing more. Used for matching only: spans still mark the phrases.
    """
    if q.is_leaf():
        return q
    q = q.apply(absorb_phrases)
    if not isinstance(q, query.Or):
        return q
    words = {(c.fieldname, c.text) for c in q.subqueries if type(c) is query.Term}
    kept = [
        c
        for c in q.subqueries
        if not (isinstance(c, query.Phrase) and any((c.fieldname, w) in words for w in c.words))
    ]
    return q if len(kept) == len(q.subqueries) else query.Or(kept, boost=q.boost)
