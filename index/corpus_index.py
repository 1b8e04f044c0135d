"""The index of one corpus folder, as the command line and the app use it.

A small facade over the three jobs: building, in two phases (`builder`: the
search index in step with the folder, in the user's cache; then `reading`: the
reading analysis of every article, kept beside it in `analysis_cache`),
searching (`searcher`), and the articles themselves: an article as it is now on
disk, its analysis (from the second phase, or made when first opened), the
corpus's incidents (from the second phase, the curated file applied at each
read) and its groups of copies (`corpus.copies`, kept by the index): a search
shows one hit per group. The corpus's gazetteer (shipped, the
user's, the corpus folder's) is what documents, searches and analyses use.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from dataclasses import replace

from corpus import gazetteer
from corpus.analysis import Analysis
from corpus.article import Article, Published
from corpus.incidents import Incident, corpus_incidents, finish_incidents, incident_from_dict, join_copies, with_copies
from corpus.loader import ArticleError, ArticleFile, load_corpus, load_file, load_text

from collections.abc import Callable

from . import reading as second_phase
from .analysis_cache import AnalysisCache
from .builder import Builder, Busy, Progress, UpdateReport
from .documents import make_schema
from .facets import Filter
from .folder import CorpusFolder
from .fingerprint import code_fingerprint, reading_fingerprint, reading_version
from .hit import Copy, fold_copies
from .paths import index_dir_for

from .query import ParsedQuery, make_parser, parse
from .searcher import SearchResults, Searcher


class CorpusIndex(CorpusFolder):
    """The index of one corpus folder, with the searcher that serves it (the Whoosh side of `index.backend`)."""

    name = "whoosh"

    def __init__(self, corpus_dir: str | Path, index_dir: str | Path | None = None):
        self.corpus_dir = Path(corpus_dir)
        self.schema = make_schema()
        self._parser = make_parser(self.schema)
        self._lock = threading.RLock()
        self._builder = Builder(self.corpus_dir, Path(index_dir) if index_dir else index_dir_for(self.corpus_dir), self.schema, self._let_go)
        self._searcher = Searcher(self.schema, self._parser, self._readings)
        self._analyses: AnalysisCache | None = None
        self._warning: str | None = None
        self._groups: tuple[object, dict[str, tuple[str, ...]]] = (None, {})

    @property
    def index_dir(self) -> Path:
        return self._builder.index_dir

    @property
    def fallback_warning(self) -> str | None:
        """Why the index is not the usual one: a temporary folder, or another process updating it."""
        return self._builder.fallback_warning or self._warning

    @fallback_warning.setter
    def fallback_warning(self, warning: str | None) -> None:  # as a child process that updated it said
        self._warning = warning

    def _readings(self) -> AnalysisCache | None:
        """The store of reading analyses, made with this code and gazetteer."""
        with self._lock:
            version = reading_version(self.gazetteer.digest)
            if self._analyses is None or self._analyses.path.parent != self.index_dir or self._analyses.version != version:
                if self._analyses is not None:
                    self._analyses.close()
                self._analyses = AnalysisCache(self.index_dir, version)
            return self._analyses

    # -- building -------------------------------------------------------------------

    def update(
        self,
        rebuild: bool = False,
        progress: Progress | None = None,
        readers: int = 0,
        analyse: bool = True,
        searchable: Callable[[UpdateReport], None] | None = None,
        analysing: second_phase.Progress | None = None,
    ) -> UpdateReport:
        """Bring the index in step with the corpus folder: the search index first, then
        (with `analyse`) the reading analysis of every article not analysed yet.

        `progress(done, total, what)` follows the first phase, `searchable(report)` is
        told when it ends (every article can be searched), `analysing(done, total)`
        follows the second. With `readers`, that many other processes read and
        analyse articles while this one indexes, when there are many
        (`readers.spare_readers()` is what the machine has room for). They are
        spawned: the caller's main module must be importable and guarded by
        `if __name__ == "__main__"`.

        Waits for another process updating the same index; if it takes longer
        than LOCK_SECONDS, searches the index as it is, with a warning. A damaged
        index is rebuilt.
        """
        started = time.perf_counter()
        code_fingerprint()  # of the code running now, not of files edited while it runs
        reading_fingerprint()
        loaded = gazetteer.load_for(self.corpus_dir)  # read once here, so that its problems are told once
        with self._lock:
            try:
                ix, report = self._builder.update(rebuild, progress, readers, loaded.gazetteer, self._derived_with(), self.open_existing)
            except Busy as busy:
                self._warning = busy.warning
                return UpdateReport(indexed=len(self), seconds=time.perf_counter() - started)
            self._warning = None
            self._searcher.open(ix)
            report.problems = list(loaded.warnings)
            report.searchable_seconds = report.seconds = time.perf_counter() - started
        if searchable is not None:
            searchable(report)
        if analyse:
            done = self.analyse(readers=readers, progress=analysing)
            report.analysed, report.reading_done, report.reading_total = done.analysed, done.done, done.total
            report.reading_elsewhere = done.elsewhere
        report.seconds = time.perf_counter() - started
        return report

    def analyse(self, readers: int = 0, progress: second_phase.Progress | None = None) -> second_phase.ReadingReport:
        """The second phase alone: analyse every article of the search index not analysed
        yet by this reading code (see `reading`); resumes where an interrupted one stopped."""
        files = self._builder.files.files(self._derived_with())
        if files is None:
            return second_phase.ReadingReport(0, 0, 0, 0.0)
        return second_phase.analyse(self.corpus_dir, self._builder.files, files, self._readings(), self.gazetteer, readers, progress)

    def pending_readings(self) -> int:
        """How many articles of the search index the second phase would analyse."""
        done, total = self.reading_state()
        return total - done

    def reading_state(self) -> tuple[int, int]:
        """(articles analysed by this reading code, articles in the search index)."""
        files = self._builder.files.files(self._derived_with())
        if files is None:
            return 0, 0
        return len(files) - len(second_phase.pending(files, self._readings())), len(files)

    def pending(self) -> int:
        """How many files an update would read (see `Builder.pending`)."""
        return self._builder.pending(self._derived_with())

    def open_existing(self, reopen: bool = False) -> bool:
        """Open an index already built for this folder, without looking at the folder."""
        from whoosh import index as whoosh_index

        with self._lock:
            if not self._builder.files.sound(self._derived_with()):
                return False
            try:
                self._searcher.open(whoosh_index.open_dir(str(self.index_dir)), reopen=reopen)
            except Exception:  # Whoosh raises many kinds on a damaged or vanished index
                return False
            return True

    def _let_go(self) -> None:
        """The index folder is about to be emptied: close what reads it."""
        self._searcher.close()
        if self._analyses is not None:
            self._analyses.close()
            self._analyses = None

    # -- searching ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._searcher)

    @property
    def searcher(self):
        """The Whoosh searcher that serves searches now (for tools that read the index directly)."""
        return self._searcher.whoosh

    def parse(self, text: str) -> ParsedQuery:
        return parse(text, self._parser, self.gazetteer)

    def search(
        self, text: str, limit: int = 20, sort: str = "relevance", offset: int = 0, filters: tuple[Filter, ...] = (), facets: bool = False
    ) -> SearchResults:
        """The articles matching `text` and every filter, best first (or newest first with sort="date").

        An empty query lists every article, newest first. `offset` skips that
        many of the best: the next page of a list already shown. With `facets`
        the results carry each facet value's count (see `facets`).
        """
        with self._lock:
            results = self._searcher.search(
                self.parse(text), limit, sort, offset, reopen=lambda: self.open_existing(reopen=True), filters=tuple(filters), facets=facets
            )
            groups = self.copy_groups()
            if not groups:
                return results
            return replace(results, hits=fold_copies(results.hits, groups, self._copy))

    def kept_articles(self, filters: tuple[Filter, ...]) -> frozenset[str]:
        """The ids of the articles every filter keeps, whatever the query (for the incident list)."""
        with self._lock:
            return self._searcher.kept_articles(tuple(filters))

    def copy_groups(self) -> dict[str, tuple[str, ...]]:
        """Each article that is in a group of copies, with its group (sorted ids)."""
        groups = self._builder.files.copy_groups()
        if groups is None:
            return {}
        if self._groups[0] is not groups:  # the list the index files last read: derive once per read
            # One tuple per group, shared by its articles: a tuple each was 14 MB at 50,000 copies.
            self._groups = (groups, {a: group for group in map(tuple, groups) for a in group})
        return self._groups[1]

    def _copy(self, article_id: str) -> Copy:
        with self._lock:
            outlet, title, published = self._searcher.card(article_id) or (None, "", Published())
        return Copy(article_id, outlet, title, str(published))

    def stored(self, article_id: str) -> dict | None:
        with self._lock:
            return self._searcher.stored(article_id)

    # -- the articles ---------------------------------------------------------------

    def _file(self, article_id: str) -> ArticleFile:
        path = self.corpus_dir / article_id
        st = path.stat()
        return ArticleFile(article_id, str(path), st.st_size, st.st_mtime_ns)

    def load_article(self, article_id: str) -> Article:
        """The article as it is now on disk."""
        return load_file(self._file(article_id))

    def analyze(self, article: Article) -> Analysis:
        """The article's analysis (quotes, sources, places, incidents), kept with the
        index after the first time: opening it again reads no rules."""
        return self._readings().analyze(article, self.gazetteer)

    def incidents(self) -> tuple[list[Incident], list[str]]:
        """The corpus's incidents, merged, curated and by date, with the reports that are
        copies of another marked (they count as one outlet), and what is wrong with the
        curated file. From what the index keeps: while the reading analysis runs, those of
        the articles it has read; when the index has none (not built, or a temporary index
        being replaced) every article is read."""
        files = self._builder.files.files(self._derived_with())
        listed = None
        if files is not None:
            found = self._readings().incidents()
            try:
                extracted = [incident_from_dict(d) for article_id in files for d in found.get(article_id, ())]
            except (KeyError, TypeError, ValueError):
                extracted = None
            if extracted is not None:
                listed = finish_incidents(self.corpus_dir, extracted, self.article_or_none, self.gazetteer)
        if listed is None:
            listed = corpus_incidents(self.corpus_dir, load_corpus(self.corpus_dir)[0], self.gazetteer)
        incidents, problems = listed
        return incidents_with_copies(incidents, self.copy_groups(), self.text_or_none, self.gazetteer), problems

    def reading(self):
        """`reading(article_id)`: the article and its analysis (`readings_of`)."""
        return readings_of(self)

    def article_or_none(self, article_id: str) -> Article | None:
        try:
            return self.load_article(article_id)
        except (OSError, ArticleError, ValueError):
            return None

    def text_or_none(self, article_id: str) -> str | None:
        """The article's text as it is now on disk (`load_text`: not the rest of the article)."""
        try:
            return load_text(self._file(article_id))
        except (OSError, ArticleError, ValueError):
            return None

    def close(self) -> None:
        """Close the searcher; a temporary index (see `fallback_warning`) is removed."""
        with self._lock:
            self._let_go()
            if self._builder.fallback_dir is not None:
                self._builder.remove_fallback()


def incidents_with_copies(incidents: list, groups: dict[str, tuple[str, ...]], text_or_none, gaz) -> list:
    """The incidents with the reports of one story's copies joined, counted by outlet
    (both backends: `groups` maps each article in a group of copies to its group;
    `text_or_none(article_id)` gives an article's text)."""
    if not groups:
        return incidents
    texts: dict[str, str | None] = {}

    def passage(report) -> str | None:
        if report.article_id not in texts:
            texts[report.article_id] = text_or_none(report.article_id)
        text = texts[report.article_id]
        return text[report.start : report.end] if text is not None else None

    return with_copies(join_copies(incidents, groups, passage, gaz), groups)


def readings_of(ix):
    """`reading(article_id)` for either backend: the article and its analysis, each read
    once, None when it cannot be read (what `corpus.incidents.export.incident_record` asks for)."""
    readings: dict = {}

    def reading(article_id: str):
        if article_id not in readings:
            article = ix.article_or_none(article_id)
            readings[article_id] = (article, ix.analyze(article)) if article is not None else None
        return readings[article_id]

    return reading

