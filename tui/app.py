"""The deconflict-tui app: search, incidents and reader on one screen.

Attributes go down (the app hands results and articles to the panes); messages
come up (`OpenArticle`, `SearchPane.Search`). Index work, search, article
loading and bookmark reads and writes run in thread workers, never on the UI
thread.

Whoosh, the corpus layer and YAML are imported on first use, in those workers,
once the first frame is up: importing them took longer than Textual itself.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, ProgressBar
from textual.worker import get_current_worker

from .messages import OpenArticle
from .screens.help import HelpScreen
from .widgets.footer import Footer
from .widgets.incident_list import IncidentList
from .widgets.reader import ArticleView, Reader
from .widgets.search_pane import ResultsList, SearchPane

if TYPE_CHECKING:
    from corpus.bookmarks import BookmarkStore
    from index import CorpusIndex, SearchResults

# Fetched per search, and again each time the cursor nears the end of those fetched
# (the list adds them a page at a time); the status line gives the total.
RESULTS_LIMIT = 50


class DeconflictApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "deconflict-tui"

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="search", tooltip="Focus the search input"),
        Binding("b", "bookmark", "Bookmark", id="bookmark", tooltip="Bookmark the passage under the reader's cursor"),
        Binding("B", "bookmarks", "Bookmarks", id="bookmarks", tooltip="Open the bookmarks screen"),
        Binding("question_mark", "help", "Help", id="help", tooltip="List every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit deconflict-tui"),
    ]

    def __init__(
        self,
        corpus_dir: Path,
        bookmarks_path: Path | None = None,
        index_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.corpus_dir = Path(corpus_dir)
        self._index_dir = index_dir
        self._bookmarks_path = bookmarks_path
        self._index: CorpusIndex | None = None
        self._store: BookmarkStore | None = None
        self._index_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._index_child = None  # the process building the index, while it runs
        self._heap_settled = False  # gc.freeze() done once start-up work ended
        self._shown_query = ""  # the query whose results are listed
        self.bookmarks_writable = True
        self.ready = False
        # One search runs at a time; the latest query typed meanwhile waits its turn.
        self._searching = False
        self._next_query: str | None = None
        self._wanted_query: str | None = None
        self.sub_title = self.corpus_dir.name

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProgressBar(id="index-progress", show_eta=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SearchPane(id="search-pane", classes="pane")
                yield IncidentList(id="incidents", classes="pane")
            yield Reader(id="reader-pane", classes="pane")
        yield Footer()

    @property
    def index(self) -> CorpusIndex:
        """The corpus index; whoosh is imported on first use (a worker's, normally)."""
        with self._index_lock:
            if self._index is None:
                from index import CorpusIndex

                self._index = CorpusIndex(self.corpus_dir, self._index_dir)
            return self._index

    @property
    def store(self) -> BookmarkStore:
        with self._store_lock:
            if self._store is None:
                from corpus.bookmarks import BookmarkStore, default_bookmarks_path

                self._store = BookmarkStore(self._bookmarks_path or default_bookmarks_path())
            return self._store

    def on_mount(self) -> None:
        self.query_one("#index-progress").display = False
        self.query_one(SearchPane).show_status("Opening the index…")
        self._apply_width(self.size.width)
        self.query_one(ResultsList).focus()

    def on_ready(self) -> None:
        # After the first frame: the imports these need would otherwise delay it.
        self.check_bookmarks_file()
        self.open_index()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < 100, "-narrow")

    # -- the index --------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        """Show what the index has at once, then bring it in step with the folder."""
        if self.index.open_existing():
            self.call_from_thread(self._index_ready, None)
        from index.worker import UpdateKilled, update_in_child

        # Many files to read: a child process builds, or Whoosh's sorting would
        # freeze this process's event loop for up to seconds at a time.
        try:
            report = update_in_child(self.index, progress=self._progress_from_thread, min_pending=200, started=self._child_started)
        except UpdateKilled as exc:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        finally:
            self._index_child = None
        self.call_from_thread(self._index_ready, report)

    def _child_started(self, child) -> None:
        self._index_child = child

    def on_unmount(self) -> None:
        if self._heap_settled:
            gc.unfreeze()  # another app in this process (tests) may collect it again
        child = self._index_child
        if child is not None and child.poll() is None:
            from index.lifeline import kill_tree

            kill_tree(child)  # its half-made index is found and rebuilt next time

    def _progress_from_thread(self, done: int, total: int, what: str) -> None:
        if total >= 200:
            self.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = True  # until the index is ready: the commit after the last article takes a while too
        bar.update(total=total, progress=done)
        what = f"Indexing {done}/{total} articles…" if done < total else f"Writing the index of {total} articles…"
        self.query_one(SearchPane).show_status(what)

    def _index_ready(self, report) -> None:
        self.query_one("#index-progress").display = False
        self.ready = True
        self.sub_title = f"{self.corpus_dir.name} · {len(self.index)} articles"
        if report is not None:
            if self.index.fallback_warning:
                self.notify(self.index.fallback_warning, severity="warning", timeout=8)
            if report.warnings:
                shown = "\n".join(str(w) for w in report.warnings[:5])
                more = f"\n… and {len(report.warnings) - 5} more" if len(report.warnings) > 5 else ""
                self.notify(shown + more, title="Some files were skipped", severity="warning", timeout=8)
            for problem in report.problems:
                self.notify(problem, title="Gazetteer", severity="warning", timeout=15)
            self.load_incidents()
        self.request_search(self.query_one("#search-input", Input).value, again=True)

    # -- search -----------------------------------------------------------

    @on(SearchPane.Search)
    def _search(self, event: SearchPane.Search) -> None:
        if self.ready:
            self.request_search(event.query)

    def request_search(self, query: str, again: bool = False) -> None:
        """Search for `query` now, or as soon as the search in flight ends.

        Only the latest waiting query is kept, so fast typing never queues up
        searches for text already replaced. `again` searches even if `query` is
        the one last asked for (the index changed).
        """
        if query == self._wanted_query and not again:
            return
        self._wanted_query = query
        self._next_query = query
        if not self._searching:
            self._start_search()

    def _start_search(self) -> None:
        query, self._next_query = self._next_query, None
        self._searching = True
        self.run_search(query)

    @work(thread=True, group="search")
    def run_search(self, query: str) -> None:
        results = self.index.search(query, limit=RESULTS_LIMIT)
        self.call_from_thread(self._search_done, query, results)

    def _search_done(self, query: str, results: SearchResults) -> None:
        self._searching = False
        if self._next_query is not None:
            # Superseded while it ran: show only the newer query's results.
            self._start_search()
        else:
            self._shown_query = query
            self._show_results(results)

    def _show_results(self, results: SearchResults) -> None:
        self.query_one(SearchPane).show_results(results)

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, event: ResultsList.MoreWanted) -> None:
        self.fetch_more(self._shown_query, event.offset, event.generation)

    @work(thread=True, group="search-more")
    def fetch_more(self, query: str, offset: int, generation: int) -> None:
        """The next hits of the query shown, after the `offset` already listed."""
        results = self.index.search(query, limit=RESULTS_LIMIT, offset=offset)
        self.call_from_thread(self.query_one(SearchPane).show_more, results, generation)

    # -- incidents --------------------------------------------------------

    @work(thread=True, exclusive=True, group="incidents")
    def load_incidents(self) -> None:
        incidents, problems = self.index.incidents()  # kept by the index: no article is read again
        self.call_from_thread(self.query_one(IncidentList).show, incidents)
        for problem in problems:
            self.call_from_thread(self.notify, problem, title="Curated incidents", severity="warning", timeout=15)
        self.call_from_thread(self._settle_heap)

    def _settle_heap(self) -> None:
        """Start-up work is done: set aside what lives as long as the app.

        Python's full collections walk every object the app holds (Textual,
        Whoosh, the index's tables): ≈65 ms at 10,000 articles, about once per
        query typed and article opened, and one landing in an Enter doubled the
        time to show the article. Frozen objects are skipped by the collector;
        what is freed later still goes by reference counting. One collection
        first, so no garbage is kept for good.
        """
        if not self._heap_settled:
            self._heap_settled = True
            gc.collect()
            gc.freeze()

    # -- the reader -------------------------------------------------------

    @on(OpenArticle)
    def _open_article(self, event: OpenArticle) -> None:
        self.load_article(event)

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, event: OpenArticle) -> None:
        try:
            article = self.index.load_article(event.article_id)
        except Exception as exc:  # the file may have gone since it was indexed
            self.call_from_thread(self.notify, f"Cannot open {event.article_id}: {exc}", severity="error")
            return
        analysis = self.index.analyze(article)
        hits = event.hits if self._hits_still_match(article, event) else ()
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_article, article, analysis, hits, event)

    def _hits_still_match(self, article, event: OpenArticle) -> bool:
        return all(end <= len(article.text) for _, end in event.hits)

    def _show_article(self, article, analysis, hits, event: OpenArticle) -> None:
        self.query_one(Reader).show(article, analysis, hits, event.mark)
        if event.focus_reader:
            self.query_one(ArticleView).focus()

    # -- bookmarks --------------------------------------------------------

    @work(thread=True, group="bookmarks")
    def check_bookmarks_file(self) -> None:
        from corpus.bookmarks import BookmarksError

        try:
            self.store.read()
        except BookmarksError as exc:
            self.bookmarks_writable = False
            self.call_from_thread(self.notify, f"{exc}\nBookmarks will not be saved until the file is fixed.", title="Bookmarks file", severity="error", timeout=15)

    def action_bookmark(self) -> None:
        reader = self.query_one(Reader)
        passage = reader.selected_passage() or reader.current_passage()
        if passage is None:
            self.notify("Open an article first.", severity="warning", timeout=3)
            return
        self.save_bookmark(reader.article, passage)

    @work(thread=True, group="bookmarks")
    def save_bookmark(self, article, passage) -> None:
        from corpus.bookmarks import BookmarksError, make_bookmark

        bookmark = make_bookmark(article, passage.start, passage.end, speaker=passage.speaker)
        try:
            stored = self.store.add(bookmark)
        except BookmarksError as exc:
            self.call_from_thread(self.notify, str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.bookmarks_writable = True
        preview = stored.text if len(stored.text) < 60 else stored.text[:57] + "…"
        self.call_from_thread(self.notify, f"{preview}\nsaved to {self.store.path}", title="Bookmarked", timeout=4)

    def action_bookmarks(self) -> None:
        from .screens.bookmarks import BookmarksScreen

        self.push_screen(BookmarksScreen(self.store, self.index))

    # -- other actions ----------------------------------------------------

    MAIN_SCREEN_ACTIONS = {"focus_search", "bookmark", "bookmarks", "toggle_boilerplate", "export_bookmarks"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The main screen's actions wait while another screen (help, bookmarks) is open."""
        if action in self.MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False
        return True

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """Messages here quote file names and article text: never read them as markup."""
        super().notify(message, markup=markup, **kwargs)

    def action_focus_search(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_boilerplate(self) -> None:
        self.query_one(Reader).toggle_boilerplate()

    def action_export_bookmarks(self) -> None:
        from .screens.bookmarks import BookmarksScreen

        self.push_screen(BookmarksScreen(self.store, self.index, export=True))

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Focus the search input", self.action_focus_search)
        yield SystemCommand("Open bookmarks", "List, edit and export your bookmarks", self.action_bookmarks)
        yield SystemCommand("Toggle boilerplate", "Show or fold the reader's boilerplate", self.action_toggle_boilerplate)
        yield SystemCommand("Export bookmarks", "Write your bookmarks as Markdown citations", self.action_export_bookmarks)
        yield SystemCommand("Help", "List every key", self.action_help)
