"""The app, driven by Pilot at 120×40, and a minimal Textual app as the reference.

First paint: from the process being spawned (interpreter start and imports
included) to Textual's `Ready` event (the first frame has been composed).
Keystroke → results: a query typed a character at a time; from the last key to
the first frame drawn with the results list holding that query's hits. Chosen so
the query minus its last character finds nothing: no earlier result can pass.
Enter → article: from Enter on the first result to the first frame drawn with
the reader showing that article, its passages mounted. Beside each, the time
until the app is idle again (`pilot.pause()` returns: the footer's keys and the
styles a focus change touches are redone after that frame; a key pressed
meanwhile waits for them). Each is measured twice: right
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

    scratch = tempfile.TemporaryDirectory(prefix="bench-bookmarks-")  # removed when this phase ends
    frames = _Frames()  # before the app: its screen's frame timer keeps the method it finds
    app = DeconflictApp(Path(corpus), bookmarks_path=Path(scratch.name) / "bookmarks.yaml", index_dir=Path(index_dir))
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
        k, o = await _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView, frames)
        out["keystroke_to_results_startup_ms"], out["open_article_startup_ms"] = k[0], o[0]
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
            k, o = await _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView, frames)
            ks.append(k)
            opens.append(o)
        for key, pairs in (("keystroke_to_results", ks), ("open_article", opens)):
            for i, suffix in ((0, "ms"), (1, "idle_ms")):
                values = [p[i] for p in pairs if p[i] is not None]
                out[f"{key}_{suffix}"] = statistics.median(values) if values else None
            out[f"{key}_all_ms"] = pairs
        counted = []
        await pilot.press("f")  # the filters pane: every search now counts each facet's values too
        for _ in range(3):
            await pilot.press("slash")
            app.query_one("#search-input").value = ""
            await pilot.pause(0.3)
            await _until(lambda: not busy(), 10)
            await pilot.pause()
            counted.append(await _type_with_counts(app, pilot, query, results, frames))
        values = [c for c in counted if c is not None]
        out["keystroke_to_counts_ms"] = statistics.median(values) if values else None
        out["keystroke_to_counts_all_ms"] = counted
    return out


def _pick_query(index) -> str:
    for word in CANDIDATES:
        try:
            if index.search(word, limit=1).hits and not index.search(word[:-1], limit=1).hits:
                return word
        except Exception:
            continue
    return CANDIDATES[0]


class _Frames:
    """Watches the screen's frames: the time of the first one painted after a
    condition became true (the condition is checked as each frame ends; a frame
    changes no state, so what holds then is what that frame drew)."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.when = None
        self.at: float | None = None
        original = Screen._on_timer_update
        frames = self

        def on_timer_update(screen) -> None:
            original(screen)
            if frames.when is not None and frames.at is None and frames.when():
                frames.at = time.monotonic()

        Screen._on_timer_update = on_timer_update

    def watch(self, when) -> None:
        self.when, self.at = when, None


async def _type_with_counts(app, pilot, query, results, frames: _Frames) -> float | None:
    """Keystroke → the first frame showing both the query's results and the filters pane's
    counts for them, in ms; None if not within 30 s."""
    from tui.widgets.filter_pane import FilterPane

    pane = app.query_one(FilterPane)
    for ch in query[:-1]:
        await pilot.press(ch)
    await pilot.pause()
    before_hits, before_counts = results.hits, pane.facets
    expected = app.index.search(query, limit=1).hits[0].article
    done = lambda: results.hits is not before_hits and bool(results.hits) and results.hits[0].article == expected and pane.facets is not before_counts  # noqa: E731
    frames.watch(done)
    t = time.monotonic()
    await pilot.press(query[-1])
    ok = await _until(lambda: done() and frames.at is not None, 30)
    painted = (frames.at - t) * 1000 if ok else None
    await pilot.pause()
    frames.watch(None)
    return painted


async def _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView, frames: _Frames):
    """((keystroke → results, Enter → article) painted, the same until the app is idle), in ms;
    None where it did not happen within 30 s.

    Painted: the first frame drawn showing it. Idle: `pilot.pause()` returned too,
    after what the change set going (the footer's keys, styles of the pane that
    lost focus), which a key pressed meanwhile waits for."""
    for ch in query[:-1]:
        await pilot.press(ch)
    before = results.hits
    expected = app.index.search(query, limit=1).hits[0].article
    listed = lambda: results.hits is not before and bool(results.hits) and results.hits[0].article == expected and results.option_count > 0  # noqa: E731
    frames.watch(listed)
    t = time.monotonic()
    await pilot.press(query[-1])
    ok = await _until(lambda: listed() and frames.at is not None, 30)
    await pilot.pause()
    keystroke = ((frames.at - t) * 1000 if ok else None, (time.monotonic() - t) * 1000 if ok else None)
    # Enter in the input goes to the results; Enter there opens the first one.
    await pilot.press("enter")
    await _until(lambda: app.focused is results, 5)
    await pilot.pause()
    reader = app.query_one(Reader)
    before_article = reader.article

    def shown() -> bool:
        a = reader.article
        if a is None or a is before_article or a.id != expected:
            return False
        views = [v for v in reader.query(PassageView) if v.display]  # a longer article's are kept, hidden
        return len(views) == len(a.paragraphs) and all(v.is_mounted for v in views)

    frames.watch(shown)
    t = time.monotonic()
    await pilot.press("enter")
    ok = await _until(lambda: shown() and frames.at is not None, 30)
    await pilot.pause()
    opened = ((frames.at - t) * 1000 if ok else None, (time.monotonic() - t) * 1000 if ok else None)
    frames.watch(None)
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

    scratch = tempfile.TemporaryDirectory(prefix="bench-bookmarks-")  # removed when this phase ends
    frames = _Frames()  # before the app: its screen's frame timer keeps the method it finds
    app = DeconflictApp(Path(corpus), bookmarks_path=Path(scratch.name) / "bookmarks.yaml", index_dir=Path(index_dir))
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
        # Once searchable, while the reading analysis runs in the background: Enter → article.
        from tui.widgets.reader import PassageView, Reader
        from tui.widgets.search_pane import ResultsList

        screen = app.main_screen
        reading = lambda: app.ready and screen._reading_phase is not None and screen._reading_phase[0] < screen._reading_phase[1]  # noqa: E731
        if await _until(reading, 240):
            out["searchable_seen_s"] = time.monotonic() - spawned
            results = app.query_one("#results", ResultsList)
            await pilot.press("escape")
            inp.value = ""
            await pilot.press("slash")
            query = _pick_query(app.index)
            opens = []
            for _ in range(3):
                if not reading():
                    break
                inp.value = ""
                await pilot.pause(0.3)
                _, o = await _type_and_open(app, pilot, query, results, ResultsList, Reader, PassageView, frames)
                if reading():  # still running when the article was drawn
                    opens.append(o)
                await pilot.press("slash")
            for i, key in ((0, "open_article_during_work_ms"), (1, "open_article_during_work_idle_ms")):
                values = [o[i] for o in opens if o[i] is not None]
                out[key] = statistics.median(values) if values else None
            out["open_article_during_work_all_ms"] = opens
            out["reading_at_end"] = list(screen._reading_phase or ())
    return out
