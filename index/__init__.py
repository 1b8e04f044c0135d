"""The Whoosh index over a corpus folder and the queries against it. Plain Python: no Textual here.

`CorpusIndex` (corpus_index.py) is what the command line and the app use; behind
it, `builder` keeps the index in step with the folder (with `readers`,
`manifest`, `documents`, `fingerprint`), `searcher` answers queries (with
`query`, `fastscore`, `spans`, `hit`, `vocabulary`, `dates`, `facets` for filters
with counts), `analysis_cache`
keeps the reader's analyses, and `worker` builds in a child process for the app.
"""

from .builder import UpdateReport
from .corpus_index import CorpusIndex
from .facets import FACET_LABELS, FACETS, FacetValue, Filter, parse_filter
from .hit import SearchHit
from .query import ParsedQuery
from .searcher import SearchResults

__all__ = [
    "FACETS", "FACET_LABELS", "CorpusIndex", "FacetValue", "Filter", "ParsedQuery", "SearchHit", "SearchResults",
    "UpdateReport", "parse_filter",
]  # fmt: skip
