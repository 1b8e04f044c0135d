"""Search first, reading after (issue 18): the update's two phases, on real files.

The first phase makes the search index; the second analyses every article
(quotes, sources, incidents, their facets) and keeps each analysis by the
reading code's fingerprint. These tests interrupt the second phase and resume
it, change the reading code's fingerprint, and open in the app an article the
second phase has not reached.
"""

from __future__ import annotations

import pytest

from corpus import SAMPLES_DIR
from corpus.analysis import analyze
from corpus.files import FileLock
from index import CorpusIndex
from index.analysis_cache import AnalysisCache
from index.fingerprint import reading_version
from waiting import settle


class Interrupted(Exception):
    pass


def _corpus(tmp_path, copies: int = 1):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SAMPLES_DIR.iterdir():
        if path.suffix == ".txt" or path.name.endswith(".meta.yaml"):
            for n in range(copies):
                (corpus / (f"{n:02}_{path.name}" if copies > 1 else path.name)).write_bytes(path.read_bytes())
    return corpus


def _search_files(index_dir):
    """The search index's own files (Whoosh's segments and table of contents), with their times."""
    return {p.name: p.stat().st_mtime_ns for p in index_dir.iterdir() if p.suffix in (".toc", ".seg", ".pst", ".trm", ".vpst", ".fdt", ".fdi", ".pos", ".col")}


def _stopping_after(n: int):
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) > n:
            raise Interrupted()

    return progress, seen


def test_search_index_first_then_reading_analysis(tmp_path):
    corpus = _corpus(tmp_path)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    told = []
    report = ix.update(searchable=lambda r: told.append((len(ix), ix.reading_state())))
    # Searchable before anything was analysed; every article analysed after.
    assert told == [(5, (0, 5))]
    assert (report.reading_done, report.reading_total, report.analysed) == (5, 5, 5)
    assert ix.search("convoy", facets=True).facets_cover is None
    ix.close()


def test_an_interrupted_reading_phase_resumes_without_redoing_the_search_index(tmp_path, monkeypatch):
    import index.reading

    monkeypatch.setattr(index.reading, "BATCH", 4)  # 60 articles: kept four at a time
    corpus = _corpus(tmp_path, copies=12)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    progress, seen = _stopping_after(3)  # the first report, then three batches kept
    with pytest.raises(Interrupted):
        ix.update(analysing=progress)
    assert ix.reading_state() == (12, 60)
    search_files = _search_files(ix.index_dir)
    # The folder is searchable meanwhile; the reading facets' counts say what they cover.
    results = ix.search("", facets=True)
    assert results.total == 60 and results.facets_cover == (12, 60)
    assert sum(v.count for v in results.facets["type"]) <= 12 * 10
    ix.close()

    again = CorpusIndex(corpus, tmp_path / "ix")  # another session
    progress, seen = _stopping_after(10_000)
    report = again.update(analysing=progress)
    assert (report.rebuilt, report.added, report.updated, report.removed) == (False, 0, 0, 0)
    assert _search_files(again.index_dir) == search_files  # the search index untouched
    assert seen[0] == 12 and seen[-1] == 60  # resumed where it stopped
    assert (report.analysed, report.reading_done, report.reading_total) == (48, 60, 60)
    assert again.search("", facets=True).facets_cover is None
    # The same incidents as a session never interrupted.
    whole = CorpusIndex(corpus, tmp_path / "whole")
    whole.update()
    assert again.incidents()[0] == whole.incidents()[0]
    assert again.search("", facets=True).facets == whole.search("", facets=True).facets
    whole.close()
    again.close()


def _stopping_search_phase_after(n: int):
    def progress(done: int, total: int, what: str) -> None:
        if done > n:
            raise Interrupted()

    return progress


def test_an_interrupted_first_build_resumes_from_its_last_checkpoint(tmp_path, monkeypatch):
    import index.builder

    monkeypatch.setattr(index.builder, "CHECKPOINT", 10)  # 60 articles: committed after 10 and 30
    corpus = _corpus(tmp_path, copies=12)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    with pytest.raises(Interrupted):
        ix.update(progress=_stopping_search_phase_after(50))  # progress is told every 50 and at the start
    ix.close()

    again = CorpusIndex(corpus, tmp_path / "ix")  # another session
    assert again.open_existing()  # what was committed is searchable already
    assert len(again) == 30 and again.search("").total == 30
    report = again.update()
    assert (report.rebuilt, report.added, report.updated, report.removed) == (False, 30, 0, 0)
    assert len(again) == 60 and report.reading_done == 60
    # The same index as a build never interrupted: search, copies (grouped again across
    # the checkpoint: each sample has eleven copies), incidents.
    whole = CorpusIndex(corpus, tmp_path / "whole")
    whole.update()
    for query in ("convoy", '"military police"', "Lavrov OR Kerry", ""):
        assert [(h.article, sorted(c.article for c in h.copies)) for h in again.search(query, limit=100).hits] == [
            (h.article, sorted(c.article for c in h.copies)) for h in whole.search(query, limit=100).hits
        ]
    assert sorted(map(sorted, again.copy_groups().values())) == sorted(map(sorted, whole.copy_groups().values()))
    assert len(set(again.copy_groups().values())) == 5
    assert again.incidents()[0] == whole.incidents()[0]
    whole.close()
    again.close()


def test_a_reading_rule_change_reanalyses_without_rebuilding_the_search_index(tmp_path, monkeypatch):
    import index.fingerprint

    corpus = _corpus(tmp_path)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    search_files = _search_files(ix.index_dir)
    ix.close()

    monkeypatch.setattr(index.fingerprint, "reading_fingerprint", lambda: "a rule edited")
    edited = CorpusIndex(corpus, tmp_path / "ix")
    assert edited.reading_state() == (0, 5)  # every stored analysis is of the old rules
    report = edited.update()
    assert (report.rebuilt, report.added, report.updated) == (False, 0, 0)
    assert (report.analysed, report.reading_done) == (5, 5)
    assert _search_files(edited.index_dir) == search_files
    cache = AnalysisCache(edited.index_dir, reading_version(edited.gazetteer.digest))
    assert len(cache.stamps()) == 5
    cache.close()
    assert edited.update().analysed == 0  # done once
    edited.close()


def test_a_search_code_change_rebuilds_the_search_index_and_keeps_the_analyses(tmp_path, monkeypatch):
    import index.fingerprint

    corpus = _corpus(tmp_path)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    ix.close()
    monkeypatch.setattr(index.fingerprint, "code_fingerprint", lambda: "a tokenizer edited")
    edited = CorpusIndex(corpus, tmp_path / "ix")
    report = edited.update()
    # The reading version covers the search code too (its articles are what the rules read).
    assert report.rebuilt and report.reading_done == 5
    edited.close()


def test_the_search_fingerprint_covers_every_module_the_search_document_is_derived_by():
    from index.fingerprint import DERIVED_BY, SEARCH_DERIVED_BY
    from test_index import module_closure

    assert module_closure(["corpus.loader", "index.documents", "corpus.copies"]) == sorted(SEARCH_DERIVED_BY)
    assert set(SEARCH_DERIVED_BY) < set(DERIVED_BY)
    assert not [n for n in SEARCH_DERIVED_BY if n.startswith(("corpus.reading", "corpus.incidents", "corpus.analysis"))]


# -- the app ---------------------------------------------------------------------


@pytest.fixture
def half_read(tmp_path, monkeypatch):
    """The samples searchable, two of five analysed, and another process (as far as
    this one can tell: the lock is held) analysing the rest."""
    import index.reading

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    ix = CorpusIndex(corpus, index_dir)
    monkeypatch.setattr(index.reading, "BATCH", 2)
    progress, _ = _stopping_after(1)
    with pytest.raises(Interrupted):
        ix.update(analysing=progress)
    assert ix.reading_state() == (2, 5)
    ix.close()
    lock = FileLock(index_dir.with_name(index_dir.name + ".reading.lock"))
    assert lock.acquire(0)
    yield corpus, index_dir
    lock.release()


def _app(corpus, index_dir, tmp_path):
    from tui.app import DeconflictApp

    return DeconflictApp(corpus, bookmarks_path=tmp_path / "bookmarks.yaml", index_dir=index_dir)


async def test_an_article_not_analysed_yet_opens_with_its_highlights(half_read, tmp_path):
    from tui.widgets.reader import ArticleView, PassageView, Reader

    corpus, index_dir = half_read
    app = _app(corpus, index_dir, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.ready
        status = str(app.query_one("#work-status").render())
        assert "Search index: 5 articles, all searchable" in status and "Reading analysis: 2 of 5 articles" in status
        # The Newsweek article quotes several people; the interrupted phase did not reach it.
        stored = AnalysisCache(index_dir, reading_version(app.index.gazetteer.digest))
        unread = sorted(set(p.name for p in corpus.glob("*.txt")) - set(stored.stamps()))
        assert "003_3a060862144c74ba.txt" in unread
        await pilot.press("slash", *"Karpov")  # only in that article
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        assert reader.article.id == "003_3a060862144c74ba.txt" and isinstance(app.focused, ArticleView)
        expected = analyze(reader.article, app.index.gazetteer)
        assert reader.analysis == expected and len(reader._quotes) >= 2
        # The quotes are lit: each quote's start carries the quote style in its passage.
        quote_style = reader.get_component_rich_style("reader--quote", partial=True)
        views = list(reader.query(PassageView))
        lit = 0
        for q in reader._quotes:
            paragraph = reader.article.paragraph_at(q.start)
            text = views[paragraph.index].content
            at = q.start - paragraph.start
            lit += any(span.start <= at < span.end and span.style == quote_style for span in text.spans)
        assert lit == len(reader._quotes)
        # Kept for the next open: the second phase's rows stay the two it made.
        assert stored.analyze(reader.article, app.index.gazetteer) == expected
        assert len(stored.stamps()) == 2
        stored.close()


def test_the_app_shows_both_phases_progress(snap_compare, half_read, tmp_path):
    corpus, index_dir = half_read

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        pilot.app.clear_notifications()
        for widget in pilot.app.query("Input"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(_app(corpus, index_dir, tmp_path), terminal_size=(120, 40), run_before=run_before)



def test_two_instances_on_one_index_see_each_others_readings(samples_copy, tmp_path):
    """Each instance keeps the stamps it read: another's writes must still show."""
    one, two = CorpusIndex(samples_copy, tmp_path / "ix"), CorpusIndex(samples_copy, tmp_path / "ix")
    assert one.update().analysed == 5
    assert two.update().analysed == 0 and two.reading_state() == (5, 5)
    article = samples_copy / "000_d77898aa2ffd351f.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe envoys met again in Geneva on Friday, officials said.\n", encoding="utf-8")
    assert one.pending_readings() == 0  # the search index does not hold the edit yet
    report = two.update()
    assert (report.updated, report.analysed) == (1, 1)
    assert one.reading_state() == (5, 5)  # analysed by the other
    assert one.update().analysed == 0
    # Readings dropped by the other instance (an article deleted) show too.
    article.unlink()
    assert two.update().removed == 1
    assert one.reading_state() == (4, 4)
    assert one.update().analysed == 0
    # A reading dropped by another program is not taken as done here.
    stored = AnalysisCache(tmp_path / "ix", reading_version(one.gazetteer.digest))
    stored.forget(["001_b26088225b34cbc0.txt"])
    stored.close()
    assert one.pending_readings() == 1
    assert one.update().analysed == 1 and one.pending_readings() == 0
    one.close(), two.close()
