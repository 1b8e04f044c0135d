"""Messages: what the panes send up, and what workers hand back from their threads.

A worker never touches a widget: it posts one of these (posting is safe from
any thread) and the screen's handler, on the UI thread, puts it on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Open an article in the reader, with search hits lit and a passage marked."""

    article_id: str
    hits: tuple[tuple[int, int], ...] = ()
    mark: tuple[int, int] | None = None
    focus_reader: bool = True


@dataclass
class IndexProgress(Message):
    """The index build has read `done` of `total` articles."""

    done: int
    total: int


@dataclass
class IndexReady(Message):
    """The index can be searched: opened as it was (`report` None), or brought up to date."""

    report: Any = None  # index.UpdateReport


@dataclass
class ReadingProgress(Message):
    """The reading analysis (the update's second phase) has read `done` of `total` articles."""

    done: int
    total: int


@dataclass
class ReadingDone(Message):
    """The update's second phase has ended: every article analysed, unless `report` says otherwise."""

    report: Any = None  # index.UpdateReport


@dataclass
class SearchDone(Message):
    """The results of `query` (index.SearchResults)."""

    query: str
    results: Any


@dataclass
class MoreResults(Message):
    """The next page of hits for the list shown as `generation`."""

    results: Any
    generation: int


@dataclass
class IncidentsLoaded(Message):
    """The corpus's incidents, and what is wrong with its curated file."""

    incidents: list
    problems: list[str]


@dataclass
class IncidentsNarrowed(Message):
    """The articles `filters` keep (article ids; None for every article), to narrow the incidents by."""

    filters: tuple
    kept: Any


@dataclass
class ArticleLoaded(Message):
    """An article read and analysed, to show as `request` asked."""

    article: Any  # corpus.Article
    analysis: Any  # corpus.analysis.Analysis
    hits: tuple[tuple[int, int], ...]
    request: OpenArticle


@dataclass
class Notice(Message):
    """Something to tell the user in a notification."""

    message: str
    title: str = ""
    severity: str = "information"
    timeout: float = 5.0


@dataclass
class ServerStatus(Message):
    """The archive's server answers (`online`) or not (`message` says why); `waiting` bookmark changes are queued."""

    online: bool
    message: str
    waiting: int = 0
    written: int = 0  # queued changes written just now
