"""The Whoosh index over a corpus folder and the queries against it. Plain Python: no Textual here."""

from .hit import SearchHit
from .query import ParsedQuery
from .store import CorpusIndex, SearchResults, UpdateReport

__all__ = ["CorpusIndex", "ParsedQuery", "SearchHit", "SearchResults", "UpdateReport"]
