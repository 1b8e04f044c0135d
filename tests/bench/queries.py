"""The fixed query set: each kind in our query language, and its SQLite FTS5 counterpart.

FTS5 has no fuzzy, date or alias operators, so those are spelled the way a user
of FTS5 would: fuzzy as an OR over the vocabulary terms one edit away (looked up
in an ``fts5vocab`` table at query time), a date range as a SQL condition on the
``published`` column, an alias as an OR over the gazetteer's spellings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    kind: str
    ours: str
    fts: str  # FTS5 MATCH expression ("" for none); see `fuzzy` / `date_range`
    fuzzy: str = ""  # the word to expand, for kind "fuzzy"
    date_range: tuple[str, str] | None = None  # ISO dates, inclusive


QUERIES: tuple[Query, ...] = (
    Query("term", "government", "government"),
    Query("term", "broadband", "broadband"),
    Query("term", "champion", "champion"),
    Query("term", "security", "security"),
    Query("and", "oil prices", "oil AND prices"),
    Query("and", "mobile phone", "mobile AND phone"),
    Query("and", "election labour", "election AND labour"),
    Query("and", "film award", "film AND award"),
    Query("phrase", '"prime minister"', '"prime minister"'),
    Query("phrase", '"chief executive"', '"chief executive"'),
    Query("phrase", '"interest rates"', '"interest rates"'),
    Query("phrase", '"world cup"', '"world cup"'),
    Query("prefix", "econom*", "econom*"),
    Query("prefix", "broadb*", "broadb*"),
    Query("prefix", "elect*", "elect*"),
    Query("prefix", "champ*", "champ*"),
    Query("fuzzy", "brodband~", "", fuzzy="brodband"),
    Query("fuzzy", "finacial~", "", fuzzy="finacial"),
    Query("fuzzy", "compeny~", "", fuzzy="compeny"),
    Query("fuzzy", "minster~", "", fuzzy="minster"),
    Query("field", "title:election", "title:election"),
    Query("field", "title:music", "title:music"),
    Query("field", "title:oil", "title:oil"),
    Query("field", "outlet:reuters", "outlet:reuters"),
    Query("date", "growth published:[20180101 TO 20181231]", "growth", date_range=("2018-01-01", "2018-12-31")),
    Query("date", "election published:[20150101 TO 20160630]", "election", date_range=("2015-01-01", "2016-06-30")),
    Query("date", "published:[20200301 TO 20200331]", "", date_range=("2020-03-01", "2020-03-31")),
    Query("date", "minister published:[20220101 TO 20241231]", "minister", date_range=("2022-01-01", "2024-12-31")),
    Query("alias", "At-Tanf", ""),
    Query("alias", "Hasakeh", ""),
    Query("alias", "Sergei Lavrov", ""),
    Query("alias", "Lattakia", ""),
)

# Not part of the p50/p95 above: queries that find nothing, which take the "did you mean" path
# (what a user meets on every prefix of a word while typing).
NO_HIT: tuple[Query, ...] = (
    Query("nohit", "deconfliction", "deconfliction"),
    Query("nohit", "broadban", "broadban"),
    Query("nohit", "govermentt", "govermentt"),
)

KINDS = ("term", "and", "phrase", "prefix", "fuzzy", "field", "date", "alias")
