"""What the index's stored data was derived with, so that it is never outlived by the rules that made it.

The index stores, per article, a document (`index.documents`), the incidents the
article reports, its copy signature (`corpus.copies`) and, once shown, its analysis. Each is derived by the modules
listed in `DERIVED_BY`, and by the gazetteer's table (hashed apart, as it is
the user's). A change to any of them means every article is read again; a
change elsewhere (the bookmarks, the curated incidents applied at read time,
merging across articles, the app) does not. tests/test_index.py checks that the
list is every corpus module the derivation imports.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

DERIVED_BY = (
    "corpus.analysis",
    "corpus.article",
    "corpus.boilerplate",
    "corpus.copies",
    "corpus.dates",
    "corpus.gazetteer",
    "corpus.geo.table",
    "corpus.incidents.extract",
    "corpus.incidents.incident",
    "corpus.incidents.summary",
    "corpus.incidents.triggers",
    "corpus.loader",
    "corpus.matcher",
    "corpus.metadata",
    "corpus.published",
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
    "corpus.safe_yaml",
    "corpus.webpage",
    "index.analyzers",
    "index.documents",
)
DATA = ("corpus/gazetteer.yaml", "corpus/geo/places.tsv")  # the shipped table: part of the code, as far as the index is concerned
ROOT = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the source of every module in DERIVED_BY and of the shipped data files."""
    digest = hashlib.sha1()
    paths = [Path(importlib.util.find_spec(name).origin) for name in DERIVED_BY] + [ROOT / p for p in DATA]
    for path in paths:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0missing")
    return digest.hexdigest()


def derived_with(gazetteer_digest: str) -> str:
    """The fingerprint of this code with this gazetteer's table."""
    return hashlib.sha1(f"{code_fingerprint()}\0{gazetteer_digest}".encode()).hexdigest()
