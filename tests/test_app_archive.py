"""The app on the shared archive, with its server stopped mid-session (pilot tests, a real PostgreSQL)."""

from __future__ import annotations

import pytest
from textual.widgets import Static
from waiting import settle, until_async

from corpus.loader import SAMPLES_DIR
from index.postgres import Archive
from index.postgres.bookmarks import ArchiveBookmarks
from tui.app import DeconflictApp
from tui.widgets.reader import Reader
from tui.widgets.search_pane import ResultsList


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own, to stop and start."""
    from pgserver import required_server

    server = required_server()
    yield server
    server.remove()


def _status(app) -> str:
    return str(app.screen.query_one("#search-status", Static).render())


async def test_server_stopped_mid_session_says_so_keeps_working_and_loses_no_bookmark(own_server, tmp_path):
    dsn = own_server.create_database("archive")
    Archive(dsn, corpus_dir=SAMPLES_DIR, user="ana", collection="samples").update()
    app = DeconflictApp(SAMPLES_DIR, index_dir=tmp_path / "index", database=dsn, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "5 articles, newest first" in _status(app)
        assert app.sub_title == "archive · 5 articles"
        await pilot.press("slash", *"convoy")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        shown = [h.article for h in results.hits]
        assert shown and all(a.startswith("samples/") for a in shown)
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == shown[0]

        own_server.stop()
        await pilot.press("slash", *" strike")
        await until_async(pilot, lambda: "archive server down" in _status(app), "the status line saying the server is down")
        assert [h.article for h in results.hits] == shown  # what it had stays
        assert app.sub_title == "archive server down"
        await pilot.press("escape")
        reader.query_one("ArticleView").focus()
        await pilot.press("b")
        await until_async(pilot, lambda: "1 bookmark change queued" in _status(app), "the bookmark queued")
        assert ArchiveBookmarks(Archive(dsn), "ana").waiting() == 1

        own_server.start()
        await until_async(pilot, lambda: "archive server down" not in _status(app), "the status line back to normal")
        await settle(pilot)
        assert app.sub_title == "archive · 5 articles"
        typed = app.screen.query_one("#search-input").value  # searched again, now that it can be
        assert results.hits and [h.article for h in results.hits] != shown
        assert [h.article for h in results.hits] == [h.article for h in Archive(dsn).search(typed, limit=50).hits]
        [bookmark] = ArchiveBookmarks(Archive(dsn), "checker").load()
        assert bookmark.article == shown[0] and bookmark.extra["author"] == "ana"
        assert ArchiveBookmarks(Archive(dsn), "ana").waiting() == 0


async def test_app_started_while_the_server_is_down_says_so(own_server, tmp_path):
    dsn = own_server.create_database("archive")
    Archive(dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    own_server.stop()
    app = DeconflictApp(SAMPLES_DIR, index_dir=tmp_path / "index", database=dsn)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_async(pilot, lambda: "archive server down" in _status(app), "the status line saying the server is down")
        assert "cannot be reached" in _status(app)
        own_server.start()
        await until_async(pilot, lambda: "5 articles, newest first" in _status(app), "the archive listed once the server is back")
