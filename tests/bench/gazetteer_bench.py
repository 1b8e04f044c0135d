"""The gazetteer's cost: loading it, finding its spellings in articles, expanding queries.

    python3 tests/bench/gazetteer_bench.py                   # 10,000 articles
    python3 tests/bench/gazetteer_bench.py --articles 2000 --top 30

Prints (a) the time to load the shipped gazetteer (the GeoNames table under the
hand-made file) and build its matchers, in a fresh interpreter; (b) the time per
article to find every place, actor and person with the Aho–Corasick matcher
(`corpus.matcher`) and with the regex alternation it replaced (the same rules:
whole words, leftmost longest, false friends left out), on the full table and on
the hand-made file alone, over copies of the BBC news folder made by
tests/bench/scale.py (perturbed, with gazetteer spellings substituted in); (c) the
time to expand a query's spellings (`index.query.expand_aliases`) against the
old expansion (one regex over every spelling); (d) the places found most often in
the BBC folder as it is: UK news, where a Syrian place is mostly a false friend.
Never collected by pytest; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import collections
import functools
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402
from corpus import gazetteer  # noqa: E402
from corpus.matcher import Matcher  # noqa: E402
from index import query  # noqa: E402

QUERIES = ("Tanf", "At-Tanf", "Hasakeh", "Derik", "Dayrick", "Tell Tamr", "Sergei Lavrov", "convoy near Hasakah",
           "deconfliction AND Khasham", "tell", "salt", '"al tanf"', "published:[2016 TO 2018] Rukban")

LOAD = """
import time
t0 = time.perf_counter()
from corpus import gazetteer
t1 = time.perf_counter()
table = gazetteer.shipped()
t2 = time.perf_counter()
for kind in gazetteer.KINDS:
    table.matcher(kind)
t3 = time.perf_counter()
table.pattern("place").search("x")
t4 = time.perf_counter()
print(len(table.entries), sum(len(e.spellings) for e in table.entries), t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def load_times(runs: int) -> list[list[float]]:
    out = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", LOAD], cwd=ROOT, capture_output=True, text=True, check=True)
        out.append([float(x) for x in done.stdout.split()])
    return out


def regex_find(table: gazetteer.Gazetteer, kind: str):
    """The old way, as corpus/reading/places.py had it: the alternation, a spelling table, the false friends."""
    pattern = table.pattern(kind)
    by_spelling = {s.casefold(): e.name for e in table.of_kind(kind) for s in reversed(e.spellings)}
    friend = Matcher(kind, None).false_friend

    def find(text: str) -> list[tuple[str, int, int]]:
        out = []
        for m in pattern.finditer(text):
            name = by_spelling.get(m.group().casefold())
            if name and not friend(text, m.start(), m.end()):
                out.append((name, m.start(), m.end()))
        return out

    return find


def per_article(find_all, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for text in texts:
        find_all(text)
    return (time.perf_counter() - t0) / len(texts)


def articles(n: int) -> list[str]:
    srcs, _ = scale.sources()
    rng = random.Random(7)
    return [scale.perturb(srcs[i % len(srcs)], i // len(srcs), rng)[1] for i in range(n)]


def old_expand(text: str, table: gazetteer.Gazetteer) -> str:
    """index.query.expand_aliases before the table grew: one regex over every spelling."""
    pattern, by_spelling = _old_alias_table(table)
    return pattern.sub(lambda m: "(" + " OR ".join(by_spelling.get(query._fold(m.group()), ())) + ")", text)


@functools.lru_cache(maxsize=2)
def _old_alias_table(table: gazetteer.Gazetteer):
    groups = table.variant_groups()
    by_spelling = {query._fold(s): g for g in groups for s in g}
    spellings = sorted({s for g in groups for s in g}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w:*?~-])(?:" + "|".join(query._flexible(s) for s in spellings) + r")(?![\w*?~-])", re.IGNORECASE)
    return pattern, by_spelling


def query_times(table: gazetteer.Gazetteer, repeat: int = 200) -> tuple[float, float, float, float]:
    """(first call old, per query old, first call new, per query new), in seconds."""
    query._alias_table.cache_clear()
    _old_alias_table.cache_clear()
    t0 = time.perf_counter()
    old_expand(QUERIES[0], table)
    first_old = time.perf_counter() - t0
    t0 = time.perf_counter()
    query.expand_aliases(QUERIES[0], table)
    first_new = time.perf_counter() - t0
    timings = []
    for fn in (lambda q: old_expand(q, table), lambda q: query.expand_aliases(q, table)):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for q in QUERIES:
                fn(q)
        timings.append((time.perf_counter() - t0) / (repeat * len(QUERIES)))
    return first_old, timings[0], first_new, timings[1]


def top_places(table: gazetteer.Gazetteer, folder: Path, n: int) -> list[tuple[str, int, int, str]]:
    """(place, mentions, articles, the spellings met) of the `n` places found most often in `folder`."""
    found: collections.Counter = collections.Counter()
    in_articles: collections.Counter = collections.Counter()
    spellings: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        names = set()
        for name, s, e in table.matcher("place").find(text):
            found[name] += 1
            spellings[name][text[s:e]] += 1
            names.add(name)
        in_articles.update(names)
    return [(name, k, in_articles[name], ", ".join(spellings[name])) for name, k in found.most_common(n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--load-runs", type=int, default=5)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args(argv)

    loads = load_times(args.load_runs)
    entries, spellings = int(loads[0][0]), int(loads[0][1])
    med = [statistics.median(run[i] for run in loads) * 1000 for i in range(2, 5)]
    print(f"(a) shipped gazetteer: {entries} entries, {spellings} spellings; median of {args.load_runs} fresh interpreters:")
    print(f"    load (YAML + table + merge) {med[0]:.1f} ms; build the 3 matchers {med[1]:.1f} ms; "
          f"(the old regex for places, compiled: {med[2]:.1f} ms)")

    full = gazetteer.shipped()
    hand = gazetteer.merge(gazetteer.EMPTY, gazetteer.parse(__import__("yaml").safe_load(gazetteer.SHIPPED_PATH.read_text(encoding="utf-8")))[0])
    texts = articles(args.articles)
    print(f"(b) per article, places + actors + people, {len(texts)} articles ({statistics.mean(map(len, texts)):.0f} characters on average):")
    for label, table in (("full table", full), ("hand-made file only", hand)):
        new = [table.matcher(k).find for k in gazetteer.KINDS]
        old = [regex_find(table, k) for k in gazetteer.KINDS]
        found_new = sum(len(f(t)) for t in texts[:500] for f in new)
        found_old = sum(len(f(t)) for t in texts[:500] for f in old)
        t_new = per_article(lambda t, fs=new: [f(t) for f in fs], texts)
        t_old = per_article(lambda t, fs=old: [f(t) for f in fs], texts)
        print(f"    {label:20} Aho–Corasick {t_new * 1e6:7.0f} µs   regex {t_old * 1e6:7.0f} µs   ({t_old / t_new:.1f}× faster; "
              f"mentions in the first 500: {found_new} and {found_old})")

    first_old, per_old, first_new, per_new = query_times(full)
    print(f"(c) query spellings, {len(QUERIES)} queries ({', '.join(QUERIES[:4])}, …):")
    print(f"    one regex over every spelling: first query {first_old * 1000:.0f} ms, then {per_old * 1e6:.0f} µs a query")
    print(f"    by the query's own words:      first query {first_new * 1000:.0f} ms, then {per_new * 1e6:.0f} µs a query")

    if scale.DEFAULT_SOURCE.is_dir():
        print(f"(d) the {args.top} places found most often in {scale.DEFAULT_SOURCE} (mentions, articles, spellings):")
        for name, k, n, spelled in top_places(full, scale.DEFAULT_SOURCE, args.top):
            entry = full.place(name)
            print(f"    {k:5} {n:5}  {name} ({entry.feature or 'place'}, {entry.country or '-'}): {spelled}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
