"""The shared archive on PostgreSQL beside the Whoosh index, on the same scale corpora (issue 19).

    python tests/bench/archive_bench.py [--sizes 10000,50000] [--dsn DSN] [--repeat 3] [--json FILE]
    python tests/bench/archive_bench.py --corpus DIR --whoosh-index DIR --dsn DSN [--repeat 3]

For each size: a corpus made by `scale.build` (as run.py makes them), the Whoosh
index built and the same folder loaded into the archive (rate in articles/s),
search p50/p95 of the fixed query set (top 20 with snippets and hit offsets, as the
app asks), facet counts p95, and two processes searching at once (each one's p95:
two analysts' apps). Without --dsn a server is started in a temporary folder
(tests/pgserver.py), tuned as a small dedicated server would be. With
--replica, a streaming replica of it is made and the same searches sent to it,
measuring the CPU the primary's server processes spent on them either way: what a
replica takes off the primary. With --corpus, --whoosh-index and --dsn, a folder
built and loaded before is searched, nothing built. Prints figures; asserts
nothing on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "tests")]

import scale  # noqa: E402
from queries import QUERIES  # noqa: E402

FACET_QUERIES = ("", "government", "election labour", '"prime minister"', "growth published:[20180101 TO 20181231]")
SERVER_SETTINGS = "-c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB -c effective_cache_size=8GB -c wal_level=replica -c max_wal_senders=4"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed_searches(ix, repeat: int) -> dict:
    for q in QUERIES:  # warm: the first search of each kind reads its tables from disk
        ix.search(q.ours, limit=20)
    times, cpu = [], []
    for _ in range(repeat):
        for q in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            ix.search(q.ours, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    facets = []
    for _ in range(repeat):
        for q in FACET_QUERIES:
            t = time.perf_counter()
            ix.search(q, facets=True)
            facets.append((time.perf_counter() - t) * 1000)
    return {
        "search_p50_ms": statistics.median(times), "search_p95_ms": percentile(times, 95),
        "search_p95_client_cpu_ms": percentile(cpu, 95),
        "facets_p50_ms": statistics.median(facets), "facets_p95_ms": percentile(facets, 95),
    }  # fmt: skip


def open_ix(kind: str, corpus: Path, where: str):
    if kind == "whoosh":
        from index import CorpusIndex

        ix = CorpusIndex(corpus, index_dir=where)
        assert ix.open_existing()
        return ix
    from index.postgres import Archive

    ix = Archive(where, corpus_dir=corpus, collection="bench")
    assert ix.open_existing()
    return ix


def searcher_process(kind: str, corpus: str, where: str, repeat: int, start_file: str) -> None:
    """One of two 'apps' searching at once: waits for the start file, then searches; prints its figures."""
    ix = open_ix(kind, Path(corpus), where)
    for q in QUERIES:
        ix.search(q.ours, limit=20)
    Path(start_file + f".ready{os.getpid()}").touch()
    while not Path(start_file).exists():
        time.sleep(0.01)
    times = []
    for _ in range(repeat):
        for q in QUERIES:
            t = time.perf_counter()
            ix.search(q.ours, limit=20)
            times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"p50": statistics.median(times), "p95": percentile(times, 95)}))


def two_at_once(kind: str, corpus: Path, where: str, repeat: int) -> dict:
    start = tempfile.mktemp(prefix="bench-start-")
    cmd = [sys.executable, __file__, "--searcher", kind, str(corpus), where, str(repeat), start]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    while len(list(Path(start).parent.glob(Path(start).name + ".ready*"))) < 2:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a searcher died")
        time.sleep(0.05)
    Path(start).touch()
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    for f in Path(start).parent.glob(Path(start).name + "*"):
        f.unlink()
    return {"two_at_once_p95_ms": max(o["p95"] for o in outs), "two_at_once_p50_ms": max(o["p50"] for o in outs)}


def server_cpu(data_dir: Path) -> float:
    """CPU seconds used so far by the server processes of the cluster in `data_dir` (Linux /proc)."""
    pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid:  # with its children that have ended (a connection's backend, once closed)
            total += sum(int(v) for v in fields[11:15]) / tick
        elif int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(size: int, args, server) -> dict:
    from index import CorpusIndex
    from index.postgres import Archive
    from index.readers import spare_readers

    out: dict = {"articles": size}
    if args.searches_only:  # built and loaded before: the searches alone
        corpus, whoosh_dir, dsn = Path(args.corpus), args.whoosh_index, args.dsn
        work = None
    else:
        work = Path(tempfile.mkdtemp(prefix=f"archive-bench-{size}-"))
        corpus = work / "corpus"
        t = time.monotonic()
        gen = scale.build(corpus, size, scale.DEFAULT_SOURCE)
        print(f"{size}: corpus of {gen['mb']} MB in {time.monotonic() - t:.0f} s", file=sys.stderr)
        whoosh_dir = str(work / "whoosh")
        t = time.monotonic()
        CorpusIndex(corpus, index_dir=whoosh_dir).update(readers=spare_readers())
        out["whoosh_build_s"] = time.monotonic() - t
        print(f"  whoosh built in {out['whoosh_build_s']:.0f} s", file=sys.stderr)
        dsn = args.dsn or server.create_database(f"bench_{size}")
        t = time.monotonic()
        archive = Archive(dsn, corpus_dir=corpus, user="bench", collection="bench")
        archive.update(readers=spare_readers())
        out["pg_load_s"] = time.monotonic() - t
        out["pg_load_per_s"] = size / out["pg_load_s"]
        out["whoosh_build_per_s"] = size / out["whoosh_build_s"]
        print(f"  archive loaded in {out['pg_load_s']:.0f} s", file=sys.stderr)
        archive.close()
    for kind, where in (("whoosh", whoosh_dir), ("pg", dsn)):
        ix = open_ix(kind, corpus, where)
        for key, value in timed_searches(ix, args.repeat).items():
            out[f"{kind}_{key}"] = value
        ix.close()
        for key, value in two_at_once(kind, corpus, where, args.repeat).items():
            out[f"{kind}_{key}"] = value
        print(f"  {kind}: {json.dumps({k: round(v, 1) for k, v in out.items() if k.startswith(kind)})}", file=sys.stderr)
    out["pg_vs_whoosh_p95"] = out["pg_search_p95_ms"] / out["whoosh_search_p95_ms"]
    row = Archive(dsn).run(lambda c: c.execute("SELECT pg_database_size(current_database())").fetchone())
    out["pg_database_mb"] = row[0] / 1e6
    out["whoosh_index_mb"] = sum(f.stat().st_size for f in Path(whoosh_dir).rglob("*") if f.is_file()) / 1e6
    if args.replica and server is not None:
        out.update(replica_figures(server, dsn, corpus, args.repeat))
    if work is not None and not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return out


def replica_figures(server, dsn: str, corpus: Path, repeat: int) -> dict:
    """The primary's server CPU for a search load sent to it, then for the same load sent to a streaming replica."""
    from pgserver import RUN_AS, Server, _as_root

    from index.postgres import Archive

    def load_on(target: str) -> float:
        before = server_cpu(server.data)
        ix = Archive(target, corpus_dir=corpus, collection="bench")
        for _ in range(repeat):
            for q in QUERIES:
                ix.search(q.ours, limit=20)
        ix.close()
        return server_cpu(server.data) - before

    on_primary = load_on(dsn)
    replica = Server.__new__(Server)
    replica.bin = server.bin
    replica.folder = Path(tempfile.mkdtemp(prefix="dtpg-r-"))
    replica.data, replica.log = replica.folder / "data", replica.folder / "log"
    replica.start_options = ""
    if _as_root():
        import pwd

        entry = pwd.getpwnam(RUN_AS)
        os.chown(replica.folder, entry.pw_uid, entry.pw_gid)
    t = time.monotonic()
    replica._run("pg_basebackup", "-h", str(server.folder), "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast")
    copied = time.monotonic() - t
    replica.start()
    try:
        on_replica = load_on(dsn.replace(f"host={server.folder}", f"host={replica.folder}"))
    finally:
        replica.remove()
    return {"replica_copy_s": copied, "primary_cpu_s_searches_on_primary": on_primary, "primary_cpu_s_searches_on_replica": on_replica}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--searcher":
        kind, corpus, where, repeat, start = sys.argv[2:]
        searcher_process(kind, corpus, where, int(repeat), start)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--dsn", help="an archive database to load into (default: a server started here)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--replica", action="store_true", help="also measure what a streaming replica takes off the primary")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--corpus", help="with --whoosh-index and --dsn: a folder already indexed and loaded (collection 'bench'); searches only")
    parser.add_argument("--whoosh-index", help="the Whoosh index of --corpus")
    args = parser.parse_args()
    args.searches_only = bool(args.corpus)
    if args.searches_only and not (args.whoosh_index and args.dsn):
        parser.error("--corpus needs --whoosh-index and --dsn")
    if args.searches_only:
        args.sizes = str(sum(1 for _ in Path(args.corpus).rglob("*.txt")))
    server = None
    if not args.dsn:
        from pgserver import Server, unavailable

        reason = unavailable()
        if reason:
            print(f"cannot start PostgreSQL: {reason}", file=sys.stderr)
            return 1
        server = Server()
        server.start_options = SERVER_SETTINGS
        server.start()
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(measure(size, args, server))
    finally:
        if server is not None:
            server.remove()
    for r in results:
        print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()}))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
