"""Benchmark harness for issues 5 and 18: index build (searchable, then analysed, beside plain
Whoosh over the same texts), re-index, search vs SQLite FTS5, the app, analysis.

    python tests/bench/run.py [--sizes 2000,10000,50000] [--json FILE]

Builds scale corpora in a temporary folder (see scale.py), runs each measurement
in a fresh subprocess (child.py) with its own XDG cache/data folders so times
and peak RSS are clean, prints a table and optionally writes JSON. Not collected
by pytest; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT)]

import scale  # noqa: E402

APP_SIZES_NOTE = "not measured: app not available"

# (key, label, unit format, target per size or None)
ROWS = (
    ("searchable_s", "cold start → every article searchable", "{:.1f} s", {"50000": 200}),
    ("plain_whoosh_build_s", "  plain Whoosh over the same texts", "{:.1f} s", None),
    ("searchable_vs_plain_whoosh", "  ratio", "{:.2f}×", {"10000": 1.3}),
    ("analysed_s", "cold start → every article analysed", "{:.1f} s", None),
    ("build_s", "cold build (both phases)", "{:.1f} s", None),
    ("build_docs_per_s", "  articles/s", "{:.0f}", None),
    ("build_cpu_s", "  CPU time", "{:.1f} s", None),
    ("build_max_stall_ms", "  worst event-loop stall (build in a child, as the app)", "{:.0f} ms", None),
    ("peak_rss_mb", "  peak RSS building", "{:.0f} MB", None),
    ("index_mb", "  index on disk", "{:.1f} MB", None),
    ("reindex_noop_s", "re-index, nothing changed", "{:.3f} s", {"10000": 0.5}),
    ("reindex_noop_warm_s", "  same, index already open", "{:.3f} s", None),
    ("update_one_s", "re-index, one file changed", "{:.3f} s", {"10000": 0.2}),
    ("update_one_searchable_s", "  of it, until the change is searchable", "{:.3f} s", None),
    ("search_p50_ms", "search p50 (top 20 + snippets)", "{:.1f} ms", None),
    ("search_p95_ms", "search p95", "{:.1f} ms", {"10000": 25, "50000": 60}),
    ("search_p95_cpu_ms", "  p95 in CPU time", "{:.1f} ms", None),
    ("search_nohit_p95_ms", "  no hits (did-you-mean path) p95", "{:.1f} ms", None),
    ("search_facets_p50_ms", "search p50 with every facet's counts", "{:.1f} ms", None),
    ("search_facets_p95_ms", "search p95 with every facet's counts", "{:.1f} ms", None),
    ("facet_table_s", "  facet table, first search", "{:.2f} s", None),
    ("fts5_search_p50_ms", "FTS5 p50 (bm25 + snippet)", "{:.1f} ms", None),
    ("fts5_search_p95_ms", "FTS5 p95", "{:.1f} ms", None),
    ("fts5_search_p95_cpu_ms", "  FTS5 p95 in CPU time", "{:.1f} ms", None),
    ("search_vs_fts5_p95", "ours / FTS5 (p95)", "{:.1f}×", {"*": 3}),
    ("search_peak_rss_mb", "peak RSS searching", "{:.0f} MB", {"50000": 300}),
    ("first_paint_s", "app first paint, ready index", "{:.2f} s", None),
    ("minimal_app_first_paint_s", "minimal Textual app first paint", "{:.2f} s", None),
    ("first_paint_vs_minimal", "  ratio", "{:.2f}×", {"10000": 1.5}),
    ("keystroke_to_results_ms", "keystroke → results", "{:.0f} ms", {"10000": 100}),
    ("keystroke_to_counts_ms", "keystroke → results and facet counts (filters pane open)", "{:.0f} ms", {"10000": 100}),
    ("open_article_ms", "Enter → article with highlights", "{:.0f} ms", {"10000": 60, "50000": 60}),
    ("open_article_during_work_ms", "Enter → article while the reading analysis runs", "{:.0f} ms", {"*": 100}),
    ("open_article_during_work_idle_ms", "  same, app idle again", "{:.0f} ms", None),
    ("keystroke_to_results_idle_ms", "  keystroke → results, app idle again", "{:.0f} ms", None),
    ("open_article_idle_ms", "  Enter → article, app idle again", "{:.0f} ms", {"*": 120}),
    ("first_results_s", "  first results listed", "{:.2f} s", None),
    ("keystroke_to_results_startup_ms", "  keystroke → results during start-up work", "{:.0f} ms", None),
    ("open_article_startup_ms", "  Enter → article during start-up work", "{:.0f} ms", None),
    ("startup_work_s", "  start-up work done (index check, incidents)", "{:.1f} s", None),
    ("cold_first_paint_s", "app first paint, no index yet", "{:.2f} s", None),
    ("building_key_echo_ms", "  key echo while building", "{:.0f} ms", None),
    ("building_loop_lag_max_ms", "  worst UI stall while building", "{:.0f} ms", None),
    ("analyze_ms_per_article", "analysis per article", "{:.1f} ms", None),
    ("max_loadavg", "machine load (1-min avg, max seen)", "{:.1f}", None),
)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 2**20:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for dist in ("textual", "whoosh-reloaded", "pyyaml"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:
            versions[dist] = None
    import sqlite3

    versions["sqlite"] = sqlite3.sqlite_version
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": _git("rev-parse", "--short", "HEAD"),
        # What was measured may include uncommitted work in the code under test.
        "uncommitted": (_git("status", "--porcelain", "--", "index", "corpus", "tui") or "").split("\n") if _git("status", "--porcelain", "--", "index", "corpus", "tui") else [],
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return None


PACKAGES = ("corpus", "index", "tui")


def snapshot(work: Path) -> Path:
    """A copy of the code under test: others may edit the working tree while a long run goes on."""
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    for name in PACKAGES:
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return src


def compile_packages(root: Path) -> None:
    """Bytecode for the code under test, as an installed copy has after its first launch. The
    children run with PYTHONDONTWRITEBYTECODE (nothing written into the tree), so without this
    every start-up compiled our modules from source while Textual's came compiled: 76 against
    31 ms of imports (-X importtime, this machine) that no user's second launch pays."""
    for name in PACKAGES:
        compileall.compile_dir(str(root / name), quiet=1)


class Runner:
    def __init__(self, work: Path, verbose: bool, src: Path | None = None):
        self.work = work
        self.verbose = verbose
        self.env = dict(os.environ)
        if src is not None:
            self.env["DECONFLICT_BENCH_SRC"] = str(src)
        self.env.update(
            XDG_CACHE_HOME=str(work / "xdg-cache"),
            XDG_DATA_HOME=str(work / "xdg-data"),
            XDG_CONFIG_HOME=str(work / "xdg-config"),
            PYTHONPATH=os.pathsep.join([*([str(src)] if src else []), str(ROOT), self.env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            PYTHONDONTWRITEBYTECODE="1",
        )
        for d in ("xdg-cache", "xdg-data", "xdg-config"):
            (work / d).mkdir(parents=True, exist_ok=True)
        compile_packages(src or ROOT)

    def child(self, phase: str, timeout: float = 3600, **args) -> dict:
        started = time.monotonic()
        cmd = [sys.executable, str(HERE / "child.py"), phase, json.dumps({**args})]
        if phase in ("app", "minimal_app", "app_cold"):
            cmd[-1] = json.dumps({**args, "spawned": started})
        self.log(f"  {phase} …")
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"{phase} timed out after {timeout:.0f}s"}
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
            self.log("    failed:\n      " + "\n      ".join(tail))
            return {"error": f"{phase} failed: {tail[-1] if tail else proc.returncode}"}
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        self.log(f"    done in {time.monotonic() - started:.1f}s")
        return result

    def log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr, flush=True)


def measure_size(r: Runner, size: int, args) -> dict:
    corpus = r.work / f"corpus-{size}"
    index_dir = r.work / f"index-{size}"
    r.log(f"{size} articles: generating in {corpus}")
    t = time.monotonic()
    gen = scale.build(corpus, size, Path(args.source) if args.source else scale.DEFAULT_SOURCE)
    r.log(f"  generated {gen['mb']} MB in {time.monotonic() - t:.1f}s ({gen['source']})")
    out: dict = {"corpus": gen}
    b = r.child("build", corpus=str(corpus), index_dir=str(index_dir))
    out["build"] = b
    if "error" in b:
        return _flat(out)
    plain_dir = r.work / f"plain-whoosh-{size}"
    out["plain_whoosh"] = r.child("plain_whoosh", corpus=str(corpus), index_dir=str(plain_dir))
    shutil.rmtree(plain_dir, ignore_errors=True)
    article = scale.article_path(corpus, size // 2).relative_to(corpus).as_posix()
    out["reindex"] = r.child("reindex", corpus=str(corpus), index_dir=str(index_dir), article=article)
    out["search"] = r.child("search", corpus=str(corpus), index_dir=str(index_dir), repeat=args.repeat)
    if not args.no_fts5:
        out["fts5"] = r.child("fts5", corpus=str(corpus), db_path=str(r.work / f"fts5-{size}.db"), repeat=args.repeat)
    if not args.no_analysis:
        out["analysis"] = r.child("analyze", corpus=str(corpus), limit=args.analyze_articles)
    if not args.no_app:
        out["app"] = measure_app(r, corpus, index_dir, args)
        cold_dir = r.work / f"index-cold-{size}"
        out["app_cold"] = r.child("app_cold", timeout=300, corpus=str(corpus), index_dir=str(cold_dir))
        shutil.rmtree(cold_dir, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index_dir, ignore_errors=True)
        (r.work / f"fts5-{size}.db").unlink(missing_ok=True)
    return _flat(out)


def measure_app(r: Runner, corpus: Path, index_dir: Path, args) -> dict:
    """Our app and the minimal app, alternated, the median of `app_runs` runs each."""
    ours, minimal = [], []
    for _ in range(args.app_runs):
        minimal.append(r.child("minimal_app", timeout=120))
        ours.append(r.child("app", timeout=300, corpus=str(corpus), index_dir=str(index_dir)))
    out: dict = {}
    ok_min = [m for m in minimal if "error" not in m]
    if ok_min:
        out["minimal_app_first_paint_s"] = _median([m["first_paint_s"] for m in ok_min])
    ok = [o for o in ours if "error" not in o and o.get("available", True)]
    if not ok:
        first = ours[0] if ours else {}
        out["app_note"] = first.get("reason") or first.get("error") or APP_SIZES_NOTE
        return out
    for key in ok[0]:
        values = [o[key] for o in ok if isinstance(o.get(key), (int, float)) and not isinstance(o.get(key), bool)]
        if values:
            out[key] = _median(values)
        elif key not in out:
            out[key] = ok[0][key]
    return out


def _median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def _flat(out: dict) -> dict:
    """The issue's keys at the top of each size, the details beside them."""
    b, ri, s, f = out.get("build", {}), out.get("reindex", {}), out.get("search", {}), out.get("fts5", {})
    an, app, cold = out.get("analysis", {}), out.get("app", {}), out.get("app_cold", {})
    pw = out.get("plain_whoosh", {})
    flat = {
        "searchable_s": b.get("searchable_s"),
        "analysed_s": b.get("analysed_s"),
        "plain_whoosh_build_s": pw.get("plain_whoosh_build_s"),
        "open_article_during_work_ms": cold.get("open_article_during_work_ms"),
        "open_article_idle_ms": app.get("open_article_idle_ms"),
        "build_s": b.get("build_s"),
        "build_docs_per_s": b.get("build_docs_per_s"),
        "reindex_noop_s": ri.get("reindex_noop_s"),
        "update_one_s": ri.get("update_one_s"),
        "update_one_searchable_s": ri.get("update_one_searchable_s"),
        "search_p50_ms": s.get("p50_ms"),
        "search_p95_ms": s.get("p95_ms"),
        "fts5_search_p95_ms": f.get("p95_ms"),
        "first_paint_s": app.get("first_paint_s"),
        "minimal_app_first_paint_s": app.get("minimal_app_first_paint_s"),
        "keystroke_to_results_ms": app.get("keystroke_to_results_ms"),
        "open_article_ms": app.get("open_article_ms"),
        "analyze_ms_per_article": an.get("analyze_ms_per_article"),
        "peak_rss_mb": b.get("peak_rss_mb"),
        "index_mb": b.get("index_mb"),
        # more
        "reindex_noop_warm_s": ri.get("reindex_noop_warm_s"),
        "build_cpu_s": b.get("build_cpu_s"),
        "build_max_stall_ms": b.get("build_max_stall_ms"),
        "search_p95_cpu_ms": s.get("cpu_p95_ms"),
        "fts5_search_p95_cpu_ms": f.get("cpu_p95_ms"),
        "fts5_search_p50_ms": f.get("p50_ms"),
        "search_peak_rss_mb": s.get("peak_rss_mb"),
        "search_nohit_p95_ms": s.get("nohit_p95_ms"),
        "search_facets_p50_ms": s.get("facets_p50_ms"),
        "search_facets_p95_ms": s.get("facets_p95_ms"),
        "facet_table_s": s.get("facet_table_s"),
        "keystroke_to_counts_ms": app.get("keystroke_to_counts_ms"),
        "first_results_s": app.get("first_results_s"),
        "keystroke_to_results_startup_ms": app.get("keystroke_to_results_startup_ms"),
        "open_article_startup_ms": app.get("open_article_startup_ms"),
        "keystroke_to_results_idle_ms": app.get("keystroke_to_results_idle_ms"),
        "open_article_during_work_idle_ms": cold.get("open_article_during_work_idle_ms"),
        "startup_work_s": app.get("startup_work_s"),
        "app_settled": app.get("settled"),  # false: start-up work still running when keys were measured
        "cold_first_paint_s": cold.get("cold_first_paint_s"),
        "progress_bar_shown": cold.get("progress_bar_shown"),
        "building_key_echo_ms": cold.get("building_key_echo_ms"),
        "building_loop_lag_max_ms": cold.get("building_loop_lag_max_ms"),
    }
    if flat["searchable_s"] and flat["plain_whoosh_build_s"]:
        flat["searchable_vs_plain_whoosh"] = flat["searchable_s"] / flat["plain_whoosh_build_s"]
    if flat["search_p95_ms"] and flat["fts5_search_p95_ms"]:
        flat["search_vs_fts5_p95"] = flat["search_p95_ms"] / flat["fts5_search_p95_ms"]
    if flat["first_paint_s"] and flat["minimal_app_first_paint_s"]:
        flat["first_paint_vs_minimal"] = flat["first_paint_s"] / flat["minimal_app_first_paint_s"]
    loads = [x for part in out.values() if isinstance(part, dict) for x in part.get("loadavg_1min") or ()]
    flat["max_loadavg"] = max(loads) if loads else None
    flat["details"] = out
    return flat


def _target(targets, size: str):
    if not targets:
        return None
    return targets.get(size, targets.get("*"))


def table(results: dict) -> str:
    sizes = [k for k in results["sizes"]]
    head = ["measure"] + [f"{int(s):,}" if s.isdigit() else s for s in sizes]
    lines = []
    for key, label, fmt, targets in ROWS:
        row = [label]
        for size in sizes:
            v = results["sizes"][size].get(key)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                cell = "—"
            else:
                cell = fmt.format(v)
                t = _target(targets, size)
                if t is not None:
                    cell += " ✓" if v <= t else f" ✗ (≤{t:g})"
            row.append(cell)
        lines.append(row)
    kinds = None
    for size in sizes:
        k = results["sizes"][size].get("details", {}).get("search", {}).get("kinds")
        if k:
            kinds = list(k)
            break
    for kind in kinds or ():
        row = [f"  p95 {kind}: ours / FTS5"]
        for size in sizes:
            d = results["sizes"][size].get("details", {})
            ours = d.get("search", {}).get("kinds", {}).get(kind, {}).get("p95_ms")
            ref = d.get("fts5", {}).get("kinds", {}).get(kind, {}).get("p95_ms")
            row.append(f"{ours:.1f} / {ref:.1f} ms" if ours is not None and ref is not None else "—")
        lines.append(row)
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    fmt_row = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    out = [fmt_row(head), "  ".join("-" * w for w in widths)] + [fmt_row(r) for r in lines]
    notes = {results["sizes"][s].get("details", {}).get("app", {}).get("app_note") for s in sizes} - {None}
    for note in notes:
        out.append(f"app: {note}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="2000,10000", help="comma-separated corpus sizes (default 2000,10000)")
    p.add_argument("--json", metavar="FILE", help="write the results as JSON")
    p.add_argument("--source", help=f"folder of source articles (default {scale.DEFAULT_SOURCE}; absent → bundled samples)")
    p.add_argument("--repeat", type=int, default=5, help="passes over the query set (default 5)")
    p.add_argument("--app-runs", type=int, default=3, help="app start-ups per size, median taken (default 3)")
    p.add_argument("--analyze-articles", type=int, default=300)
    p.add_argument("--no-app", action="store_true")
    p.add_argument("--no-fts5", action="store_true")
    p.add_argument("--no-analysis", action="store_true")
    p.add_argument("--no-bundled", action="store_true", help="skip the app on the bundled corpus")
    p.add_argument("--workdir", help="work here instead of a new temporary folder (kept)")
    p.add_argument("--keep", action="store_true", help="keep corpora and indexes")
    p.add_argument("--live", action="store_true", help="measure the working tree as it changes (default: a snapshot taken at the start)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("--from-json", metavar="FILE", help="print the table of an earlier run's JSON and stop")
    args = p.parse_args(argv)
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text())
        results["sizes"] = {k: _flat(v["details"]) for k, v in results["sizes"].items()}
        print(table(results))
        if "bundled" in results:
            print(bundled_line(results["bundled"]))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="deconflict-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    info = machine()  # before the snapshot: the commit and uncommitted files it was taken from
    r = Runner(work, verbose=not args.quiet, src=None if args.live else snapshot(work))
    results: dict = {"machine": info, "command": " ".join(["python tests/bench/run.py", *sys.argv[1:]]), "sizes": {}}
    try:
        if not args.no_app and not args.no_bundled:
            results["bundled"] = measure_bundled(r, args)
        for size in sizes:
            results["sizes"][str(size)] = measure_size(r, size, args)
            if args.json:  # partial results survive an interrupted run
                Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    if "bundled" in results:
        print(bundled_line(results["bundled"]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


def measure_bundled(r: Runner, args) -> dict:
    """The app on the five bundled articles, index built first."""
    from corpus.loader import SAMPLES_DIR

    corpus = r.work / "bundled"
    shutil.copytree(SAMPLES_DIR, corpus, dirs_exist_ok=True)
    index_dir = r.work / "index-bundled"
    r.log("bundled corpus: building the index")
    r.child("build", corpus=str(corpus), index_dir=str(index_dir))
    return measure_app(r, corpus, index_dir, args)


def bundled_line(b: dict) -> str:
    if "first_paint_s" not in b:
        return f"bundled corpus: {b.get('app_note', APP_SIZES_NOTE)}"
    parts = [f"bundled corpus: first paint {b['first_paint_s']:.2f} s"]
    if b.get("minimal_app_first_paint_s"):
        parts.append(f"minimal app {b['minimal_app_first_paint_s']:.2f} s ({b['first_paint_s'] / b['minimal_app_first_paint_s']:.2f}×)")
    for key, label in (("keystroke_to_results_ms", "keystroke → results"), ("open_article_ms", "Enter → article")):
        if isinstance(b.get(key), (int, float)):
            parts.append(f"{label} {b[key]:.0f} ms")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
