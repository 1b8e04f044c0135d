"""The corpus layer over the BBC News corpus (2,225 articles, 2004-2005): speed and coverage.

    python3 tests/bench/eval_bbc.py [--corpus DIR]

No gold here: it reports milliseconds per `analyze`, how many quotes get a
speaker, and how many "he"/"she" attributions resolve to a name — a check that
the rules tuned on US political news hold on a British outlet. Read in place
(default /work/shared/corpora/bbc-news-2225, or $BBC_NEWS); nothing is copied.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus.analysis import analyze  # noqa: E402
from corpus.loader import load_path  # noqa: E402

DEFAULT = Path(os.environ.get("BBC_NEWS", "/work/shared/corpora/bbc-news-2225"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"no articles under {args.corpus}", file=sys.stderr)
        return 1
    times, quotes, attributed, fragments, pronouns, resolved = [], 0, 0, 0, 0, 0
    for path in files:
        article = load_path(path)
        t0 = time.perf_counter()
        analysis = analyze(article)
        times.append((time.perf_counter() - t0) * 1000)
        for q in analysis.quotes:
            if q.kind == "fragment":
                fragments += 1
                continue
            quotes += 1
            attributed += q.speaker is not None
            if q.speaker_span and article.text[q.speaker_span[0] : q.speaker_span[1]].lower() in ("he", "she"):
                pronouns += 1
                resolved += q.speaker is not None
    print(f"BBC News: {len(files)} articles, {quotes} quotes (+{fragments} fragments)")
    print(f"quotes with a speaker: {attributed / max(quotes, 1):.3f}; he/she resolved to a name: {resolved / max(pronouns, 1):.3f} of {pronouns}")
    print(f"ms per article (analyze): median {statistics.median(times):.2f}, p95 {sorted(times)[int(len(times) * 0.95)]:.2f}, max {max(times):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
