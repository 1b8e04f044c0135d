"""Where the time goes: cProfile and per-stage timings for one phase, for the recommendations.

    python tests/bench/profile_phases.py build CORPUS [INDEX]      # cProfile of a cold build
    python tests/bench/profile_phases.py search CORPUS INDEX       # per-stage split of each query kind
    python tests/bench/profile_phases.py open CORPUS INDEX [QUERY] # Enter → article, stage by stage
    python tests/bench/profile_phases.py app CORPUS INDEX [QUERY]  # the app's timeline: last key → results → article
    python tests/bench/profile_phases.py opens CORPUS INDEX [QUERY [N]]  # what N opens of results cost the UI thread

Stages are timed by wrapping methods in this process only; the code under test is not changed.
"""

from __future__ import annotations

import cProfile
import functools
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

SPENT: dict[str, float] = defaultdict(float)


def timed(owner, name: str, label: str | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[label or name] += time.perf_counter() - t

    setattr(owner, name, wrapper)


def build(corpus: str, index: str | None = None) -> None:
    from index import CorpusIndex

    ix = CorpusIndex(corpus, index or tempfile.mkdtemp(prefix="prof-index-"))
    prof = cProfile.Profile()
    prof.enable()
    ix.update(rebuild=True)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def search(corpus: str, index: str, limit: str = "20") -> None:
    from index import corpus_index, searcher as searcher_module
    from queries import NO_HIT, QUERIES

    ix = corpus_index.CorpusIndex(corpus, index)
    assert ix.open_existing()
    timed(corpus_index.CorpusIndex, "parse")
    for name in ("_hit", "_suggest"):
        timed(searcher_module.Searcher, name)
    timed(searcher_module, "body_spans", "_body_spans")
    timed(searcher_module, "make_snippet")
    searcher = ix.searcher
    timed(type(searcher), "search_with_collector", "collect")
    import whoosh.searching

    timed(whoosh.searching.Hit, "fields", "stored fields")
    n = int(limit)
    for q in QUERIES + NO_HIT:
        ix.search(q.ours, limit=n)  # warm-up
    print(f"{'query':45} {'total ms':>9} " + " ".join(f"{k:>13}" for k in ("parse", "collect", "_hit", "stored fields", "_body_spans", "make_snippet", "_suggest")))
    for q in QUERIES + NO_HIT:
        SPENT.clear()
        t = time.perf_counter()
        for _ in range(3):
            ix.search(q.ours, limit=n)
        total = (time.perf_counter() - t) / 3 * 1000
        cells = " ".join(f"{SPENT[k] / 3 * 1000:13.1f}" for k in ("parse", "collect", "_hit", "stored fields", "_body_spans", "make_snippet", "_suggest"))
        print(f"{q.kind + ' ' + q.ours:45.45} {total:9.1f} {cells}")


def open_article(corpus: str, index: str, query: str = "broadband") -> None:
    """Enter → article without the UI loop: load, analyze, and the reader's own work, in the app."""
    import asyncio

    from corpus.analysis import analyze
    from index import CorpusIndex

    ix = CorpusIndex(corpus, index)
    ix.update()
    hit = ix.search(query).hits[0]
    for _ in range(2):
        t = time.perf_counter()
        article = ix.load_article(hit.article)
        t1 = time.perf_counter()
        analysis = analyze(article)
        t2 = time.perf_counter()
        print(f"load_article {1000 * (t1 - t):.1f} ms, analyze {1000 * (t2 - t1):.1f} ms, {len(article.paragraphs)} paragraphs")

    async def in_app() -> None:
        from tui.app import DeconflictApp
        from tui.widgets.reader import PassageView, Reader

        app = DeconflictApp(Path(corpus), bookmarks_path=Path(tempfile.mkdtemp()) / "b.yaml", index_dir=Path(index))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(1.0)
            reader = app.query_one(Reader)
            for _ in range(3):
                t = time.perf_counter()
                reader.show(article, analysis, hit.hits)
                t1 = time.perf_counter()
                while len([v for v in reader.query(PassageView) if v.display]) != len(article.paragraphs):
                    await asyncio.sleep(0.001)
                t2 = time.perf_counter()
                await pilot.pause()
                t3 = time.perf_counter()
                print(f"Reader.show {1000 * (t1 - t):.1f} ms, mounted +{1000 * (t2 - t1):.1f} ms, painted +{1000 * (t3 - t2):.1f} ms")
            prof = cProfile.Profile()
            prof.enable()
            reader.show(article, analysis, hit.hits)
            while len([v for v in reader.query(PassageView) if v.display]) != len(article.paragraphs):
                await asyncio.sleep(0.001)
            await pilot.pause()
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)

    asyncio.run(in_app())


def _app(corpus: str, index: str):
    from tui.app import DeconflictApp

    return DeconflictApp(Path(corpus), bookmarks_path=Path(tempfile.mkdtemp()) / "b.yaml", index_dir=Path(index))


async def _start_up(app, pilot) -> None:
    """Until the app's start-up work (index check, incidents) is done."""
    from textual.worker import WorkerState

    import app_bench

    busy = lambda: any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)  # noqa: E731
    await pilot.pause(1.0)
    await app_bench._until(lambda: not busy(), 300)


def app_timeline(corpus: str, index: str, query: str = "broadband") -> None:
    """Type QUERY and open the first hit in the app; print when each stage started and ended."""
    import asyncio

    import app_bench
    from tui.screens import main as main_module
    from tui.widgets import reader as reader_module, search_pane

    marks: list[tuple[float, str]] = []

    def stamp(owner, name: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            marks.append((time.monotonic(), f"{name} start"))
            try:
                return original(*args, **kwargs)
            finally:
                marks.append((time.monotonic(), f"{name} end"))

        setattr(owner, name, wrapper)

    for owner, name in (
        (search_pane.SearchPane, "_changed"), (main_module.MainScreen, "request_search"),
        (main_module.MainScreen, "_show_results"), (search_pane.ResultsList, "show"),
        (main_module.MainScreen, "load_article"),
        (reader_module.Reader, "show"),
    ):
        stamp(owner, name)
    from index import corpus_index

    stamp(corpus_index.CorpusIndex, "search")
    stamp(corpus_index.CorpusIndex, "load_article")

    async def go() -> None:
        app = _app(corpus, index)
        async with app.run_test(size=(120, 40)) as pilot:
            await _start_up(app, pilot)
            await pilot.press("slash")
            for ch in query[:-1]:
                await pilot.press(ch)
            await pilot.pause(0.5)
            marks.clear()
            t0 = time.monotonic()
            marks.append((t0, "last key"))
            results = app.query_one("#results")
            before = results.hits
            await pilot.press(query[-1])
            await app_bench._until(lambda: results.hits is not before, 30)
            await pilot.pause()
            marks.append((time.monotonic(), "results painted"))
            await pilot.press("enter")
            await pilot.pause(0.5)
            marks.append((time.monotonic(), "Enter on results"))
            reader = app.query_one(reader_module.Reader)
            old = reader.article
            prof = cProfile.Profile()
            prof.enable()
            await pilot.press("enter")
            await app_bench._until(lambda: reader.article is not old, 30)
            await app_bench._until(lambda: len([v for v in reader.query(reader_module.PassageView) if v.display]) == len(reader.article.paragraphs), 30)
            await pilot.pause()
            prof.disable()
            marks.append((time.monotonic(), "article painted"))
            for t, what in marks:
                print(f"{(t - t0) * 1000:8.1f} ms  {what}")
            print("Enter → article painted, main thread (cProfile):")
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)

    asyncio.run(go())


def opens(corpus: str, index: str, query: str = "election", n: str = "10") -> None:
    """Open the first N results of QUERY in turn (Enter from the results list) and print, per open,
    the UI thread's CPU time from Enter until the app is idle, the frames drawn (and how many of
    them were of the whole screen), the layouts, the lines rendered and the widgets restyled;
    then the medians. Frames and lines do not depend on the machine's speed; CPU time does."""
    import asyncio
    import statistics

    from textual import _compositor
    from textual._styles_cache import StylesCache
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen

    import app_bench
    from tui.widgets.reader import Reader

    counts: dict[str, int] = defaultdict(int)

    def counting(owner, name: str, key: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            counts[key] += 1
            return original(*args, **kwargs)

        setattr(owner, name, wrapper)

    counting(App, "_display", "frames")
    counting(_compositor.Compositor, "render_full_update", "whole-screen frames")
    counting(Screen, "_refresh_layout", "layouts")
    counting(StylesCache, "render_line", "lines")
    update_nodes = Stylesheet.update_nodes

    def restyling(self, nodes, animate=False):
        nodes = list(nodes)
        counts["restyled"] += len(nodes)
        return update_nodes(self, nodes, animate)

    Stylesheet.update_nodes = restyling
    rows: list[dict[str, float]] = []

    async def go() -> None:
        app = _app(corpus, index)
        async with app.run_test(size=(120, 40)) as pilot:
            await _start_up(app, pilot)
            await pilot.press("slash", *query, "enter")
            await pilot.pause(0.5)
            results, reader = app.query_one("#results"), app.query_one(Reader)
            for i in range(min(int(n), len(results.hits))):
                results.focus()
                await pilot.pause(0.2)
                results.highlighted = i
                await pilot.pause(0.2)
                old = reader.article
                counts.clear()
                cpu = time.thread_time()
                await pilot.press("enter")
                await app_bench._until(lambda: reader.article is not old and reader.article is not None, 30)
                await pilot.pause()
                rows.append({"UI CPU ms": (time.thread_time() - cpu) * 1000, **counts})
                print("  " + "  ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[-1].items()))

    asyncio.run(go())
    keys = ["UI CPU ms", "frames", "whole-screen frames", "layouts", "lines", "restyled"]
    print("median of", len(rows), "opens: " + ", ".join(f"{k} {statistics.median(r.get(k, 0) for r in rows):g}" for k in keys))


if __name__ == "__main__":
    {"build": build, "search": search, "open": open_article, "app": app_timeline, "opens": opens}[sys.argv[1]](*sys.argv[2:])
