"""The main screen: search and incidents on the left, the reader on the right.

Attributes go down (the screen hands results and articles to the panes);
messages come up (`OpenArticle`, `SearchPane.Search`). Index work, search,
article loading and bookmark reads and writes run in thread workers, which post
their results back as messages (`tui.messages`) and never touch a widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, ProgressBar, Static
from textual.worker import get_current_worker

from ..commands import bindings
from ..incident_filter import ARTICLE_FACETS, incident_filter
from ..messages import (
    ArticleLoaded,
    IncidentsLoaded,
    IncidentsNarrowed,
    IndexProgress,
    IndexReady,
    MoreResults,
    Notice,
    OpenArticle,
    ReadingDone,
    ReadingProgress,
    SearchDone,
    ServerStatus,
)
from ..widgets.filter_pane import FilterPane
from ..widgets.footer import Footer
from ..widgets.incident_list import IncidentList
from ..widgets.panes import focus_without_repaint, highlight_focused_pane
from ..widgets.reader import ArticleView, Reader
from ..widgets.search_pane import ResultsList, SearchPane

if TYPE_CHECKING:
    from index import SearchResults

# Fetched per search, and again each time the cursor nears the end of those fetched
# (the list adds them a page at a time); the status line gives the total.
RESULTS_LIMIT = 50
PROGRESS_FROM = 200  # a build reading this many articles or more shows a progress bar (and runs in a child)
SERVER_CHECK_SECONDS = 2.0  # while the archive's server is down: how often to try it again


class MainScreen(Screen):
    BINDINGS = bindings("main")
    focused = focus_without_repaint()

    def __init__(self) -> None:
        super().__init__()
        self._shown_query = ""  # the query whose results are listed
        # One search runs at a time; the latest query typed meanwhile waits its turn.
        self._searching = False
        self._next_query: str | None = None
        self._wanted_query: str | None = None
        self.server_down: str | None = None  # why the archive cannot be reached, while it cannot
        self.filters: tuple = ()  # index.Filter: what narrows the results and the incidents
        self._kept_articles: frozenset[str] | None = None  # the articles the filters keep (None: every one)
        # The update's two phases, for the status line: (done, total), None when not known.
        self._search_phase: tuple[int, int] | None = None
        self._reading_phase: tuple[int, int] | None = None
        self._reading_elsewhere = False  # another process is doing the reading analysis

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProgressBar(id="index-progress", show_eta=False)
        with Horizontal(id="main"):
            yield FilterPane(id="filters", classes="pane")
            with Vertical(id="left"):
                yield SearchPane(id="search-pane", classes="pane")
                yield IncidentList(id="incidents", classes="pane")
            yield Reader(id="reader-pane", classes="pane")
        yield Static("", id="work-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#index-progress").display = False
        self.query_one("#work-status").display = False
        self.query_one(FilterPane).display = False
        self.query_one(SearchPane).show_status("Opening the index…")
        self._apply_width(self.app.size.width)
        highlight_focused_pane(self)
        self.query_one(ResultsList).focus()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < 100, "-narrow")

    def start(self) -> None:
        """After the first frame (the imports these need would otherwise delay it)."""
        self.query_one(Reader).fill_pool()
        self.check_bookmarks_file()
        self.open_index()
        if self.app.database:
            self.set_interval(SERVER_CHECK_SECONDS, self._watch_server)

    @on(Notice)
    def _notice(self, notice: Notice) -> None:
        self.app.notify(notice.message, title=notice.title, severity=notice.severity, timeout=notice.timeout)

    # -- the index --------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        """Show what the index has at once, then bring it in step with the folder: the
        search index first (searchable as soon as it is done), then the reading analysis.

        The shared archive is shown as it is: folders are loaded into it by
        ``deconflict-tui index --database``, not by every app that reads it."""
        app = self.app
        if app.database:
            if app.index.open_existing():
                from index.builder import UpdateReport

                self.post_message(IndexReady(UpdateReport(indexed=len(app.index))))
            self._post_server_status()
            return
        if app.index.open_existing():
            self.post_message(IndexReady(None))
            self.post_message(ReadingProgress(*app.index.reading_state()))
        from index.worker import UpdateKilled, update_in_child

        told = []

        def searchable(report) -> None:
            told.append(report)
            self.post_message(IndexReady(report))

        # Many files to read: a child process builds, or Whoosh's sorting would
        # freeze this process's event loop for up to seconds at a time.
        try:
            report = update_in_child(
                app.index,
                progress=self._progress,
                min_pending=PROGRESS_FROM,
                started=app.child_started,
                searchable=searchable,
                analysing=lambda done, total: self.post_message(ReadingProgress(done, total)),
            )
        except UpdateKilled as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(Notice(str(exc), severity="error", timeout=10))
            return
        finally:
            app.child_started(None)
        if not told:  # another process was updating it: searched as it was
            self.post_message(IndexReady(report))
        self.post_message(ReadingDone(report))

    def _progress(self, done: int, total: int, what: str) -> None:
        if total >= PROGRESS_FROM:
            self.post_message(IndexProgress(done, total))

    @on(IndexProgress)
    def _show_progress(self, event: IndexProgress) -> None:
        self.app.freeze_imports()
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = True  # until the index is ready: the commit after the last article takes a while too
        bar.update(total=event.total, progress=event.done)
        what = f"Indexing {event.done}/{event.total} articles…" if event.done < event.total else f"Writing the index of {event.total} articles…"
        self.query_one(SearchPane).show_status(what)
        self._search_phase = (event.done, event.total)
        self._show_work()

    @on(ReadingProgress)
    def _reading_progress(self, event: ReadingProgress) -> None:
        self._reading_phase = (event.done, event.total)
        self._show_work()

    @on(ReadingDone)
    def _reading_done(self, event: ReadingDone) -> None:
        report = event.report
        self._search_phase = None
        self._reading_elsewhere = bool(report is not None and report.reading_elsewhere)
        if report is not None and report.reading_total and report.reading_done < report.reading_total:
            self._reading_phase = (report.reading_done, report.reading_total)  # another process reads on, or some failed
        else:
            self._reading_phase = None
        self._show_work()
        self._show_count()  # the searcher the first phase's end reopened may have lagged behind the child's
        # The list shown when the first phase ended already holds every article's, unless
        # the second analysed some (or another process did, or the folder changed).
        unchanged = report is not None and not (report.analysed or report.changed or report.reading_elsewhere)
        if self.app.ready and not unchanged:
            self.load_incidents()  # now every article's
            self.request_search(self.query_one("#search-input", Input).value, again=True)  # the filters' counts too

    def _show_count(self) -> None:
        app = self.app
        app.sub_title = f"{'archive' if app.database else app.corpus_dir.name} · {len(app.index)} articles"

    def _show_work(self) -> None:
        """The status line of the update's two phases, while either has work left."""
        status = self.query_one("#work-status", Static)
        search, reading = self._search_phase, self._reading_phase
        if reading is not None and reading[0] >= reading[1]:
            reading = None
        if search is None and reading is None:
            status.display = False
            return
        line = Text()
        line.append("Search index: ", style="bold")
        if search is not None and search[0] < search[1]:
            line.append(f"indexing {search[0]:,} of {search[1]:,} articles")
        else:
            line.append(f"{len(self.app.index) if self.app.ready else search[1] if search else 0:,} articles, all searchable")
        line.append("  ·  ")
        line.append("Reading analysis: ", style="bold")
        if reading is None:
            line.append("after the search index", style="dim")
        else:
            line.append(f"{reading[0]:,} of {reading[1]:,} articles")
            if self._reading_elsewhere:
                line.append(", the rest by another deconflict-tui", style="dim")
            else:
                line.append(" (quotes, sources, incidents, counts)", style="dim")
        status.update(line)
        status.display = True

    @on(IndexReady)
    def _index_ready(self, event: IndexReady) -> None:
        app = self.app
        self.query_one("#index-progress").display = False
        app.ready = True
        self._show_count()
        report = event.report
        if self._search_phase is not None:
            self._search_phase = (self._search_phase[1], self._search_phase[1])
            self._show_work()
        if report is not None:
            if app.index.fallback_warning:
                app.notify(app.index.fallback_warning, severity="warning", timeout=8)
            if report.warnings:
                shown = "\n".join(str(w) for w in report.warnings[:5])
                more = f"\n… and {len(report.warnings) - 5} more" if len(report.warnings) > 5 else ""
                app.notify(shown + more, title="Some files were skipped", severity="warning", timeout=8)
            for problem in report.problems:
                app.notify(problem, title="Gazetteer", severity="warning", timeout=15)
            self.load_incidents()  # those of the articles analysed so far
        self.request_search(self.query_one("#search-input", Input).value, again=True)

    # -- search -----------------------------------------------------------

    @on(SearchPane.Search)
    def _search(self, event: SearchPane.Search) -> None:
        if self.app.ready:
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
        # Facets are counted only while their pane shows. Asked here, on the UI thread: the
        # worker must not look into the DOM, which is being torn down if the app quits meanwhile.
        self.run_search(query, self.query_one(FilterPane).display)

    @work(thread=True, group="search")
    def run_search(self, query: str, counted: bool) -> None:
        results = self.app.index.search(query, limit=RESULTS_LIMIT, filters=self.filters, facets=counted)
        self.post_message(SearchDone(query, results))
        if self.app.database:
            self._post_server_status()

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        self._searching = False
        if self._next_query is not None:
            # Superseded while it ran: show only the newer query's results.
            self._start_search()
        elif self.app.database and not self.app.index.online:
            self._wanted_query = None  # searched again when the server is back
            self._show_server_down()  # the results shown stay: they are what the app has
        else:
            self._shown_query = event.query
            self._show_results(event.results)

    def _show_results(self, results: SearchResults) -> None:
        self.query_one(SearchPane).show_results(results)
        if results.facets is not None:
            self.query_one(FilterPane).show(results.facets, results.filters, results.facets_cover)

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, event: ResultsList.MoreWanted) -> None:
        self.fetch_more(self._shown_query, event.offset, event.generation)

    @work(thread=True, group="search-more")
    def fetch_more(self, query: str, offset: int, generation: int) -> None:
        """The next hits of the query shown, after the `offset` already listed."""
        self.post_message(MoreResults(self.app.index.search(query, limit=RESULTS_LIMIT, offset=offset, filters=self.filters), generation))

    @on(MoreResults)
    def _show_more(self, event: MoreResults) -> None:
        self.query_one(SearchPane).show_more(event.results, event.generation)

    # -- the archive's server -----------------------------------------------

    def _post_server_status(self) -> None:
        """From a worker: tell the screen whether the archive answers."""
        index, store = self.app.index, self.app.store
        self.post_message(ServerStatus(index.online, index.status, store.waiting()))

    def _watch_server(self) -> None:
        if self.server_down is not None or self.app.store.waiting():
            self.try_server()

    @work(thread=True, exclusive=True, group="server")
    def try_server(self) -> None:
        """Try the server again; once it answers, write the bookmarks queued meanwhile."""
        index, store = self.app.index, self.app.store
        written = 0
        if index.reconnect():
            from index.postgres import ServerDown

            try:
                written = store.flush()
            except ServerDown:
                pass
        self.post_message(ServerStatus(index.online, index.status, store.waiting(), written))

    @on(ServerStatus)
    def _server_status(self, event: ServerStatus) -> None:
        was_down = self.server_down is not None
        self.server_down = None if event.online else event.message
        self.waiting = event.waiting
        if event.written:
            self.app.notify(f"{event.written} bookmark change{'s' if event.written != 1 else ''} written to the archive.", title="Archive", timeout=5)
        if self.server_down is not None:
            self._show_server_down()
        elif was_down:
            self.app.sub_title = f"archive · {len(self.app.index)} articles"
            if not self.app.ready:
                self.open_index()
            else:
                self.request_search(self.query_one("#search-input", Input).value, again=True)
                self.load_incidents()

    def _show_server_down(self) -> None:
        waiting = getattr(self, "waiting", 0)
        queued = f"; {waiting} bookmark change{'s' if waiting != 1 else ''} queued" if waiting else "; bookmarks are queued until it is back"
        self.query_one(SearchPane).show_status(f"{self.server_down}\nShowing what was read before{queued}.")
        self.app.sub_title = "archive server down"

    # -- incidents --------------------------------------------------------

    @work(thread=True, exclusive=True, group="incidents")
    def load_incidents(self) -> None:
        incidents, problems = self.app.index.incidents()  # kept by the index: no article is read again
        if self.app.database and not self.app.index.online:
            self._post_server_status()  # the list shown stays
            return
        self.post_message(IncidentsLoaded(incidents, problems))

    @on(IncidentList.OpenIncident)
    def _open_incident(self, event: IncidentList.OpenIncident) -> None:
        from .incident import IncidentScreen

        self.app.push_screen(IncidentScreen(event.incident, self.app.index))

    @on(IncidentsLoaded)
    def _incidents_loaded(self, event: IncidentsLoaded) -> None:
        self.query_one(IncidentList).show(event.incidents)
        self.narrow_incidents()
        for problem in event.problems:
            self.app.notify(problem, title="Curated incidents", severity="warning", timeout=15)
        self.app.settle_heap()

    # -- filters ----------------------------------------------------------

    def action_toggle_filters(self) -> None:
        pane = self.query_one(FilterPane)
        if pane.display and not pane.has_focus:
            pane.focus()
            return
        pane.display = not pane.display
        if pane.display:
            pane.focus()
            self.request_search(self.query_one("#search-input", Input).value, again=True)  # for the counts
        else:
            self.query_one(ResultsList).focus()

    def action_clear_filters(self) -> None:
        self.set_filters(())

    @on(FilterPane.Changed)
    def _filters_changed(self, event: FilterPane.Changed) -> None:
        self.set_filters(event.filters)

    def set_filters(self, filters: tuple) -> None:
        self.filters = tuple(filters)
        self.query_one(FilterPane).show(None, self.filters)
        if self.app.ready:
            self.request_search(self.query_one("#search-input", Input).value, again=True)
            self.narrow_incidents()

    @work(thread=True, exclusive=True, group="narrow")
    def narrow_incidents(self) -> None:
        """Which articles the filters keep, for the incident list (counted by the index)."""
        filters = self.filters
        by_article = tuple(f for f in filters if f.facet in ARTICLE_FACETS)
        kept = self.app.index.kept_articles(by_article) if by_article else None
        self.post_message(IncidentsNarrowed(filters, kept))

    @on(IncidentsNarrowed)
    def _narrowed(self, event: IncidentsNarrowed) -> None:
        if event.filters != self.filters:
            return  # changed again meanwhile: its own narrowing follows
        incidents = self.query_one(IncidentList)
        incidents.narrow(incident_filter(event.filters, event.kept, self.app.index.gazetteer) if event.filters else None)

    def action_timeline(self) -> None:
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.query_one(IncidentList).kept, self.app.index))

    def action_map(self) -> None:
        from .map import MapScreen

        self.app.push_screen(MapScreen(self.query_one(IncidentList).kept, self.app.index))

    # -- the reader -------------------------------------------------------

    @on(OpenArticle)
    def _open_article(self, event: OpenArticle) -> None:
        event.stop()  # the app forwards those posted elsewhere (the bookmarks screen) here
        self.load_article(event)

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, event: OpenArticle) -> None:
        index = self.app.index
        try:
            article = index.load_article(event.article_id)
        except Exception as exc:  # the file may have gone since it was indexed (or the archive's server)
            self.post_message(Notice(f"Cannot open {event.article_id}: {exc}", severity="error"))
            if self.app.database:
                self._post_server_status()
            return
        analysis = index.analyze(article)
        hits = event.hits if all(end <= len(article.text) for _, end in event.hits) else ()
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, analysis, hits, event))

    @on(ArticleLoaded)
    def _show_article(self, event: ArticleLoaded) -> None:
        self.query_one(Reader).show(event.article, event.analysis, event.hits, event.request.mark)
        if event.request.focus_reader:
            self.query_one(ArticleView).focus()

    # -- bookmarks --------------------------------------------------------

    @work(thread=True, group="bookmarks")
    def check_bookmarks_file(self) -> None:
        from corpus.bookmarks import BookmarksError

        try:
            self.app.store.read()
        except BookmarksError as exc:
            self.app.bookmarks_writable = False
            self.post_message(Notice(f"{exc}\nBookmarks will not be saved until the file is fixed.", "Bookmarks file", "error", 15))

    def action_bookmark(self) -> None:
        reader = self.query_one(Reader)
        passage = reader.selected_passage() or reader.current_passage()
        if passage is None:
            self.app.notify("Open an article first.", severity="warning", timeout=3)
            return
        self.save_bookmark(reader.article, passage)

    @work(thread=True, group="bookmarks")
    def save_bookmark(self, article, passage) -> None:
        from corpus.bookmarks import BookmarksError, make_bookmark

        store = self.app.store
        try:
            stored = store.add(make_bookmark(article, passage.start, passage.end, speaker=passage.speaker))
        except BookmarksError as exc:
            self.post_message(Notice(str(exc), "Not saved", "error", 10))
            return
        self.app.bookmarks_writable = True
        preview = stored.text if len(stored.text) < 60 else stored.text[:57] + "…"
        if getattr(store, "queued_last", False):
            self.post_message(Notice(f"{preview}\nqueued: the archive's server is down; it is written when the server is back", "Bookmark queued", timeout=6))
            self._post_server_status()
            return
        self.post_message(Notice(f"{preview}\nsaved to {self.app.shown_path(store.path)}", "Bookmarked", timeout=4))

    def action_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self.app.store, self.app.index))

    def action_export_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self.app.store, self.app.index, export=True))

    # -- other actions ----------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_toggle_boilerplate(self) -> None:
        self.query_one(Reader).toggle_boilerplate()
