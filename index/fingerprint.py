"""What the index's stored data was derived with, so that it is never outlived by the rules that made it.

The index stores, per article, a search document (`index.documents`) and a copy
signature (`corpus.copies`), made by the modules of `SEARCH_DERIVED_BY`, and its reading analysis (quotes, sources,
incidents, the facets they give: `index.reading`), made by every module of
`DERIVED_BY`; both also by the gazetteer's table (hashed apart, as it is the
user's). A change to a search module or to the gazetteer rebuilds the search
index (`derived_with`); a change to a reading rule only re-analyses, in the
background, while the search index stays (`reading_version`). A change elsewhere
(the bookmarks, the curated incidents applied at read time, merging across
articles, the app) does neither. tests/test_index.py checks that each list is
every module its derivation imports.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

# What the search document is made by (index.documents, from the article corpus.loader reads).
SEARCH_DERIVED_BY = (
    "corpus.article",
    "corpus.boilerplate",
    "corpus.copies",
    "corpus.dates",
    "corpus.gazetteer",
    "corpus.geo.table",
    "corpus.loader",
    "corpus.matcher",
    "corpus.metadata",
    "corpus.published",
    "corpus.safe_yaml",
    "corpus.webpage",
    "index.analyzers",
    "index.documents",
    "index.offsets",
)
# What the reading analysis is made by: the search modules and the reading rules.
READING_RULES = (
    "corpus.analysis",
    "corpus.incidents.extract",
    "corpus.incidents.incident",
    "corpus.incidents.summary",
    "corpus.incidents.triggers",
    "corpus.reading.attribution",
    "corpus.reading.context",
    "corpus.reading.coreference",
    "corpus.reading.cues",
    "corpus.reading.grammar",
    "corpus.reading.lexicon",
    "corpus.reading.people",
    "corpus.reading.places",
    "corpus.reading.quotes",
    "corpus.reading.sentences",
    "corpus.reading.sources",
)
DERIVED_BY = tuple(sorted({*SEARCH_DERIVED_BY, *READING_RULES}))
DATA = ("corpus/gazetteer.yaml", "corpus/geo/places.tsv")  # the shipped table: part of the code, as far as the index is concerned
ROOT = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the source of every module in SEARCH_DERIVED_BY and of the shipped data files."""
    return _fingerprint(SEARCH_DERIVED_BY)


@functools.lru_cache(maxsize=1)
def reading_fingerprint() -> str:
    """A hash of the source of every module in DERIVED_BY (the search modules' too) and of the shipped data files."""
    return _fingerprint(DERIVED_BY)


def _fingerprint(modules: tuple[str, ...]) -> str:
    digest = hashlib.sha1()
    paths = [Path(importlib.util.find_spec(name).origin) for name in modules] + [ROOT / p for p in DATA]
    for path in paths:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0missing")
    return digest.hexdigest()


def derived_with(gazetteer_digest: str) -> str:
    """The fingerprint of the search code with this gazetteer's table: what the search index is made with."""
    return hashlib.sha1(f"{code_fingerprint()}\0{gazetteer_digest}".encode()).hexdigest()


def reading_version(gazetteer_digest: str) -> str:
    """The fingerprint of the reading code with this gazetteer's table: what each stored analysis is made with."""
    return hashlib.sha1(f"reading\0{code_fingerprint()}\0{reading_fingerprint()}\0{gazetteer_digest}".encode()).hexdigest()
