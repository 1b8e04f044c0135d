"""The app, driven by Pilot at 120×40, and a minimal Textual app as the reference.

First paint: from the process being spawned (interpreter start and imports
included) to Textual's `Ready` event (the first frame has been composed).
Keystroke → results: a query typed a character at a time; from the last key to
the results list holding that query's hits, painted (`pilot.pause()`). Chosen so
the query minus its last character finds nothing: no earlier result can pass.
Enter → article: from Enter on the first result to the reader showing that
article with its passages mounted and painted. Each is measured twice: right
after the first results appear (start-up work still running) and once the app's
workers have settled.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

CANDIDATES = ("broadband", "convoy", "deconfliction", "champion", "government", "Lavrov", "patrol", "election")
POLL = 0.002


def run(phase: str, t_start: float, spawned: float, **args) -> dict:
    if phase == "minimal_app":
        return asyncio.run(_minimal(spawned))
    if phase == "app_cold":
        return asyncio.run(_cold(spawned, **args))
    return asyncio.run(_ours(spawned, **args))


async def _minimal(spawned: float) -> dict:
    from textual import events
    from textual.app import App
    from textual.widgets import Footer, Header, Label

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Label("Hello")
            yield Footer()

    seen: dict[str, float] = {}

    def hook(message) -> None:
        if isinstance(message, events.Ready) and "ready" not in seen:
            seen["ready"] = time.monotonic()

    async with Minimal().run_test(size=(120, 40), message_hook=hook) as pilot:
        await _until(lambda: "ready" in seen, 30)
        await pilot.pause()
    return {"first_paint_s": seen["ready"] - spawned}


async def _until(cond, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        await asyncio.sleep(POLL)
    return True


async def _ours(spawned: float, corpus: str, index_dir: str, settle_s: float = 90.0) -> dict:
    try:
        from tui.app import DeconflictApp
        from tui.widgets.reader import PassageView, Reader
        from tui.widgets.search_pane import ResultsList
    except Exception as exc:
        return {"available": False, "reason": f"not measured: app not available ({type(exc).__name__}: {exc})"}
    from textual import events
    from textual.worker import WorkerState

    seen: dict[str, float] = {}

    def hook(message) -> None:
        if isinstance(message, events.Ready) and "ready" not in seen:
            seen["ready"] = time.monotonic()

    bookmarks = Path(tempfile.mkdtemp(prefix="bench-bookmarks-")) / "bookmarks.yaml"
    app = DeconflictApp(Path(corpus), bookmarks_path=bookmarks, index_dir=Path(index_dir))
    out: dict = {"available": True}
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await _until(lambda: "ready" in seen, 60)
        out["first_paint_s"] = seen["ready"] - spawned
        results = app.query_one("#results", ResultsList)
        if await _until(lambda: len(results.hits) > 0, 120):
            await pilot.pause()
            out["first_results_s"] = time.monotonic() - spawned
        query = _pick_query(app.index)
        out["query"] = query
        await pilot.press("slash")
        k, o = await _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView)
        out["keystroke_to_results_startup_ms"], out["open_article_startup_ms"] = k, o
        # Let start-up work (index check, incidents) finish, and see how long it takes.
        t = time.monotonic()
        busy = lambda: any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)  # noqa: E731
        out["settled"] = await _until(lambda: not busy(), settle_s)
        out["startup_work_s"] = time.monotonic() - spawned if out["settled"] else None
        lag = await _loop_lag(0.5)
        out["idle_loop_lag_max_ms"] = lag
        ks, opens = [], []
        for _ in range(3):
            await pilot.press("slash")
            app.query_one("#search-input").value = ""
            await pilot.pause(0.3)
            await _until(lambda: not busy(), 10)
            await pilot.pause()
            k, o = await _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView)
            ks.append(k)
            opens.append(o)
        out["keystroke_to_results_ms"] = statistics.median(x for x in ks if x is not None) if any(x is not None for x in ks) else None
        out["open_article_ms"] = statistics.median(x for x in opens if x is not None) if any(x is not None for x in opens) else None
        out["keystroke_to_results_all_ms"] = ks
        out["open_article_all_ms"] = opens
    return out


def _pick_query(index) -> str:
    for word in CANDIDATES:
        try:
            if index.search(word, limit=1).hits and not index.search(word[:-1], limit=1).hits:
                return word
        except Exception:
            continue
    return CANDIDATES[0]


async def _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView):
    """(keystroke → results ms, Enter → article ms); None where it did not happen within 30 s."""
    for ch in query[:-1]:
        await pilot.press(ch)
    before = results.hits
    expected = app.index.search(query, limit=1).hits[0].article
    t = time.monotonic()
    await pilot.press(query[-1])
    ok = await _until(lambda: results.hits is not before and results.hits and results.hits[0].article == expected, 30)
    await pilot.pause()
    keystroke = (time.monotonic() - t) * 1000 if ok else None
    # Enter in the input goes to the results; Enter there opens the first one.
    await pilot.press("enter")
    await _until(lambda: app.focused is results, 5)
    await pilot.pause()
    reader = app.query_one(Reader)
    before_article = reader.article
    t = time.monotonic()
    await pilot.press("enter")

    def shown() -> bool:
        a = reader.article
        return a is not None and a is not before_article and a.id == expected and len(reader.query(PassageView)) == len(a.paragraphs)

    ok = await _until(shown, 30)
    await pilot.pause()
    opened = (time.monotonic() - t) * 1000 if ok else None
    return keystroke, opened


async def _loop_lag(seconds: float) -> float:
    """The worst delay of a 5 ms sleep on the app's event loop over `seconds`."""
    worst = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.monotonic()
        await asyncio.sleep(0.005)
        worst = max(worst, (time.monotonic() - t - 0.005) * 1000)
    return worst


async def _cold(spawned: float, corpus: str, index_dir: str, watch_s: float = 6.0) -> dict:
    """The app on a corpus with no index yet: first paint, progress, and how the UI answers meanwhile."""
    try:
        from tui.app import DeconflictApp
    except Exception as exc:
        return {"available": False, "reason": f"not measured: app not available ({type(exc).__name__}: {exc})"}
    from textual import events
    from textual.widgets import Input, ProgressBar

    seen: dict[str, float] = {}

    def hook(message) -> None:
        if isinstance(message, events.Ready) and "ready" not in seen:
            seen["ready"] = time.monotonic()

    bookmarks = Path(tempfile.mkdtemp(prefix="bench-bookmarks-")) / "bookmarks.yaml"
    app = DeconflictApp(Path(corpus), bookmarks_path=bookmarks, index_dir=Path(index_dir))
    out: dict = {"available": True}
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await _until(lambda: "ready" in seen, 60)
        out["cold_first_paint_s"] = seen["ready"] - spawned
        bar = app.query_one("#index-progress", ProgressBar)
        out["progress_bar_shown"] = await _until(lambda: bar.display and (bar.progress or 0) > 0, 30)
        out["progress_seen_s"] = time.monotonic() - spawned
        # Key echo while building: a key event as the terminal driver would post it,
        # until the search input holds the character (Pilot's press() would also wait
        # for the app to be idle, which it seldom is while progress flows in).
        await pilot.press("slash")
        inp = app.query_one("#search-input", Input)
        echoes = []
        for ch in "syria":
            t = time.monotonic()
            app.post_message(events.Key(ch, ch))
            await _until(lambda: inp.value.endswith(ch), 10)
            echoes.append((time.monotonic() - t) * 1000)
            await asyncio.sleep(0.1)
        out["building_key_echo_ms"] = statistics.median(echoes)
        out["building_key_echo_max_ms"] = max(echoes)
        out["building_loop_lag_max_ms"] = await _loop_lag(watch_s)
        out["progress_at_end"] = [bar.progress, bar.total]
    return out
