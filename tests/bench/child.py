"""One measurement, run by `run.py` in a fresh process so its time and peak RSS are its own.

    python tests/bench/child.py PHASE JSON-ARGS

prints one JSON object on its last line of stdout.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

T_START = time.monotonic()
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# run.py copies the code under test to a snapshot, so every phase measures the same version.
SRC = os.environ.get("DECONFLICT_BENCH_SRC")
sys.path[:0] = [str(HERE), *([SRC] if SRC else []), str(ROOT)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_with_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summarize(samples: dict[str, list[float]]) -> dict:
    """p50/p95 overall and per kind, in ms."""
    every = [v for vs in samples.values() for v in vs]
    out = {"p50_ms": percentile(every, 0.5), "p95_ms": percentile(every, 0.95), "max_ms": max(every), "n": len(every)}
    out["kinds"] = {k: {"p50_ms": percentile(v, 0.5), "p95_ms": percentile(v, 0.95)} for k, v in samples.items()}
    return out


# -- phases ---------------------------------------------------------------


def build(corpus: str, index_dir: str) -> dict:
    from index import CorpusIndex

    t_import = time.monotonic() - T_START
    calls = []
    ix = CorpusIndex(corpus, index_dir)
    # The build runs in a thread, as the app runs it; this thread watches an event
    # loop meanwhile, so the worst stall shows what the app's UI would suffer.
    import asyncio
    import threading

    box: dict = {}

    from index.worker import update_in_child

    def work() -> None:
        try:
            # As the app builds: in a child process, so its sorts do not hold this one's GIL.
            box["report"] = update_in_child(
                ix, rebuild=True, progress=lambda done, total, what: calls.append(done), searchable=lambda report: box.setdefault("searchable", time.perf_counter())
            )
        finally:
            box["done"] = time.perf_counter()

    async def watch() -> list[float]:
        lags = []
        while "done" not in box:
            t0 = time.monotonic()
            await asyncio.sleep(0.005)
            lags.append((time.monotonic() - t0 - 0.005) * 1000)
        return lags

    t, cpu = time.perf_counter(), _cpu_with_children()
    thread = threading.Thread(target=work)
    thread.start()
    lags = asyncio.run(watch())
    thread.join()
    seconds = box["done"] - t
    cpu = _cpu_with_children() - cpu
    report = box["report"]
    ix.close()
    return {
        "build_s": seconds,  # both phases: every article searchable and analysed
        "searchable_s": box["searchable"] - t if "searchable" in box else None,
        "analysed_s": seconds if report.reading_done == report.reading_total else None,
        "reading_done": [report.reading_done, report.reading_total],
        "build_cpu_s": cpu,  # CPU time: less sensitive to other work on the machine
        "build_max_stall_ms": max(lags) if lags else None,  # worst event-loop delay while building
        "build_p99_stall_ms": percentile(lags, 0.99),
        "build_docs_per_s": report.indexed / seconds,
        "indexed": report.indexed,
        "skipped": report.skipped,
        "progress_calls": len(calls),
        "peak_rss_mb": max(peak_rss_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "index_mb": dir_mb(Path(index_dir)),
        "import_s": t_import,
        "code": str(Path(sys.modules["index.corpus_index"].__file__).parents[1]),
    }


def reindex(corpus: str, index_dir: str, article: str) -> dict:
    """Nothing changed (fresh process, then warm), then one file changed, then changed back."""
    from index import CorpusIndex

    ix = CorpusIndex(corpus, index_dir)
    t = time.perf_counter()
    noop = ix.update()
    noop_s = time.perf_counter() - t
    t = time.perf_counter()
    ix.update()
    noop_warm_s = time.perf_counter() - t
    path = Path(corpus) / article
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\nA paragraph added by the benchmark about Aleppo and the deconfliction line.\n")
        t = time.perf_counter()
        one = ix.update()
        one_s = time.perf_counter() - t
    finally:
        path.write_bytes(original)
    t = time.perf_counter()
    back = ix.update()
    back_s = time.perf_counter() - t
    ix.close()
    return {
        "reindex_noop_s": noop_s,
        "reindex_noop_warm_s": noop_warm_s,
        "update_one_s": one_s,
        "update_one_searchable_s": one.searchable_seconds,  # the first phase alone: the changed text can be searched
        "update_one_again_s": back_s,
        "noop_changed": noop.changed,
        "one_updated": one.updated,
        "back_updated": back.updated,
    }


def search(corpus: str, index_dir: str, repeat: int) -> dict:
    from index import CorpusIndex
    from queries import NO_HIT, QUERIES

    ix = CorpusIndex(corpus, index_dir)
    t = time.perf_counter()
    assert ix.open_existing(), "no index to open"
    open_s = time.perf_counter() - t
    rss_open = rss_mb()
    hits = {}
    for q in QUERIES:  # warm-up
        r = ix.search(q.ours, limit=20)
        hits[q.ours] = r.total
    samples: dict[str, list[float]] = {}
    cpu: list[float] = []
    for _ in range(repeat):
        for q in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            r = ix.search(q.ours, limit=20)
            snippets = [(h.snippet, h.hits) for h in r.hits]  # noqa: F841 (part of what is measured)
            samples.setdefault(q.kind, []).append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    out = summarize(samples)
    out["cpu_p50_ms"], out["cpu_p95_ms"] = percentile(cpu, 0.5), percentile(cpu, 0.95)
    nohit = []
    for _ in range(max(1, repeat // 2)):
        for q in NO_HIT:
            t = time.perf_counter()
            r = ix.search(q.ours, limit=20)
            nohit.append((time.perf_counter() - t) * 1000)
            hits[q.ours] = r.total
    out["nohit_p50_ms"], out["nohit_p95_ms"] = percentile(nohit, 0.5), percentile(nohit, 0.95)
    # The same queries with every facet's counts, as the app asks while its filters pane is open.
    t = time.perf_counter()
    ix.search("", limit=20, facets=True)  # the first builds the searcher's facet table
    out["facet_table_s"] = time.perf_counter() - t
    faceted = []
    for _ in range(max(1, repeat // 2)):
        for q in QUERIES:
            t = time.perf_counter()
            r = ix.search(q.ours, limit=20, facets=True)
            faceted.append((time.perf_counter() - t) * 1000)
    out["facets_p50_ms"], out["facets_p95_ms"] = percentile(faceted, 0.5), percentile(faceted, 0.95)
    ix.close()
    return {**out, "open_s": open_s, "rss_after_open_mb": rss_open, "peak_rss_mb": peak_rss_mb(), "totals": hits}


def fts5(corpus: str, db_path: str, repeat: int) -> dict:
    from corpus.loader import load_corpus
    from fts5 import Fts5Index
    from queries import QUERIES

    t = time.perf_counter()
    articles, _ = load_corpus(Path(corpus))
    load_s = time.perf_counter() - t
    rows = (
        (a.id, a.title, a.content_text(), a.outlet or "", a.published.date.isoformat() if a.published.date else "")
        for a in articles
    )
    db = Fts5Index(Path(db_path))
    t = time.perf_counter()
    n = db.create(rows)
    build_s = time.perf_counter() - t
    del articles
    hits = {}
    for q in QUERIES:
        hits[q.ours] = len(db.search(q))
    samples: dict[str, list[float]] = {}
    cpu: list[float] = []
    for _ in range(repeat):
        for q in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            rows_ = db.search(q)  # noqa: F841
            samples.setdefault(q.kind, []).append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    db.close()
    return {**summarize(samples), "cpu_p50_ms": percentile(cpu, 0.5), "cpu_p95_ms": percentile(cpu, 0.95), "load_s": load_s, "build_s": build_s, "indexed": n, "db_mb": Path(db_path).stat().st_size / 2**20, "top20": hits}


def plain_whoosh(corpus: str, index_dir: str) -> dict:
    """The reference: plain Whoosh over the same texts, one process, its default analyzer
    and writer: an id, the first line as title, the whole file as body, stored."""
    from whoosh import fields, index

    from corpus.loader import iter_article_files

    schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True), body=fields.TEXT(stored=True))
    t, cpu = time.perf_counter(), _cpu_with_children()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = index.create_in(index_dir, schema)
    writer = ix.writer(limitmb=256)
    n = 0
    for f in iter_article_files(Path(corpus)):
        if not hasattr(f, "path"):
            continue
        text = Path(f.path).read_bytes().decode("utf-8", "replace")
        writer.add_document(id=f.id, title=text.split("\n", 1)[0], body=text)
        n += 1
    writer.commit()
    return {"plain_whoosh_build_s": time.perf_counter() - t, "plain_whoosh_cpu_s": _cpu_with_children() - cpu, "indexed": n, "index_mb": dir_mb(Path(index_dir))}


def analyze(corpus: str, limit: int) -> dict:
    try:
        from corpus.analysis import analyze as analyze_article
    except Exception as exc:  # not written yet, or broken
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    from corpus.loader import iter_article_files, load_file

    files = [f for f in iter_article_files(Path(corpus)) if not isinstance(f, Exception) and hasattr(f, "path")][:limit]
    articles = [load_file(f) for f in files]
    analyze_article(articles[0])  # warm-up (gazetteer, patterns)
    times = []
    for a in articles:
        t = time.perf_counter()
        analyze_article(a)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "available": True,
        "analyze_ms_per_article": statistics.fmean(times),
        "analyze_p95_ms": percentile(times, 0.95),
        "articles": len(times),
        "chars_per_article": statistics.fmean(len(a.text) for a in articles),
    }


PHASES = {"build": build, "plain_whoosh": plain_whoosh, "reindex": reindex, "search": search, "fts5": fts5, "analyze": analyze}


def main() -> None:
    phase, args = sys.argv[1], json.loads(sys.argv[2])
    load_before = os.getloadavg()[0]
    if phase in ("app", "minimal_app", "app_cold"):
        import app_bench

        result = app_bench.run(phase, T_START, **args)
    else:
        result = PHASES[phase](**args)
    # Other work on the machine inflates every time: say how busy it was.
    result["loadavg_1min"] = [load_before, os.getloadavg()[0]]
    print("\n" + json.dumps(result), flush=True)
    if phase.startswith("app"):
        os._exit(0)  # an index build may still run in a worker thread: don't wait for it


if __name__ == "__main__":
    main()
