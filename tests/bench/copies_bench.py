"""How well wire copies are grouped, and what grouping costs: prints figures, asserts nothing.

1. BBC with synthetic re-posts: a sample of the BBC articles
   (``../shared/corpora/bbc-news-2225``), each re-posted one to three times as
   outlets re-post wire copy: another headline, one or more closing paragraphs
   cut (never more than half the story), a sentence added at the top or the foot,
   some with both. Gold: an original and its re-posts are one group; BBC articles
   whose bodies are the same word for word (the dataset has such duplicates) are
   one group too. Pairwise precision and recall of the groups found.
2. syria-dev (``../shared/corpora/syria-dev``): gold groups of the articles that
   are the same wire text, read by hand (`SYRIA_DEV_COPIES`).
3. Cost: signing an article (ms), grouping N signatures (s) at 10,000 articles of
   the scale corpus (tests/bench/scale.py; its replicas of one BBC article are
   themselves near-duplicates, so there are many groups to find), and the JSON
   the index keeps.
4. If datasketch is installed (it needs numpy and scipy; not a dependency), its
   MinHash + MinHashLSH on the same BBC texts, for comparison.

    python3 tests/bench/copies_bench.py [--sample 400] [--scale 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import copies  # noqa: E402
from corpus.loader import load_corpus, parse_article  # noqa: E402

BBC = Path("/work/shared/corpora/bbc-news-2225")
SYRIA_DEV = Path("/work/shared/corpora/syria-dev/texts")

# Articles of syria-dev that carry the same wire text (read side by side; the rest are each their own).
# Kayhan re-posts five of CNN's eight paragraphs, with its own around them. Others share a
# quoted statement or a few sentences (TASS and UrduPoint/Sputnik on the NSC's statement,
# J≈0.11): reports of one event, not copies.
SYRIA_DEV_COPIES: tuple[tuple[str, ...], ...] = (
    ("54_cnn_2022-06-16_russia-warned-us-before-syria-airstrikes.txt", "55_kayhan_2022-06-17_us-moves-terrorists-in-tanf-after-russian-warning.txt"),
)

_ADDED = (
    "This story has been updated with additional reporting.",
    "The report could not be independently verified.",
    "Our correspondent contributed to this article from the region.",
    "Officials did not immediately respond to a request for comment on Monday.",
)


def pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def scores(found, gold) -> tuple[float, float, int, int]:
    f, g = pairs(found), pairs(gold)
    tp = len(f & g)
    return (tp / len(f) if f else 1.0), (tp / len(g) if g else 1.0), len(f), len(g)


def bbc_articles() -> dict[str, tuple[str, list[str]]]:
    out = {}
    for path in sorted(BBC.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        out[path.name] = (title.strip(), [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()])
    return out


def repost(title: str, paragraphs: list[str], kind: str, rng: random.Random) -> str:
    paras = list(paragraphs)
    if "trim" in kind and len(paras) > 2:
        paras = paras[: len(paras) - rng.randint(1, max(1, len(paras) // 2))]
    if "add" in kind:
        sentence = rng.choice(_ADDED)
        if rng.random() < 0.5:
            paras.insert(0, sentence)
        else:
            paras.append(sentence)
    headline = rng.choice(("Breaking: ", "Report: ", "", "")) + " ".join(reversed(title.split()))
    return headline + "\n\n" + "\n\n".join(paras) + "\n"


def bbc_synthetic(sample: int, seed: int) -> None:
    rng = random.Random(seed)
    arts = bbc_articles()
    texts = {name: title + "\n\n" + "\n\n".join(paras) + "\n" for name, (title, paras) in arts.items()}
    gold: dict[str, set[str]] = {}
    by_body: dict[str, list[str]] = {}
    for name, (_, paras) in arts.items():
        by_body.setdefault(" ".join(" ".join(paras).split()), []).append(name)
    duplicates = [g for g in by_body.values() if len(g) > 1]
    for g in duplicates:
        for name in g:
            gold[name] = set(g)
    kinds = ("headline", "headline+trim", "headline+add", "headline+trim+add")
    counts = dict.fromkeys(kinds, 0)
    for name in rng.sample(sorted(arts), sample):
        title, paras = arts[name]
        group = gold.setdefault(name, {name})
        for n in range(rng.randint(1, 3)):
            kind = rng.choice(kinds)
            counts[kind] += 1
            copy_name = f"repost{n}_{kind.replace('+', '-')}_{name}"
            texts[copy_name] = repost(title, paras, kind, rng)
            group.add(copy_name)
            gold[copy_name] = group
    gold_groups = {tuple(sorted(g)) for g in gold.values() if len(g) > 1}
    started = time.perf_counter()
    sigs = {}
    for name, text in texts.items():
        article = parse_article(name, text)
        sig = copies.signature(copies.copy_text(article.text, article.paragraphs))
        if sig is not None:
            sigs[name] = sig
    signed = time.perf_counter() - started
    started = time.perf_counter()
    found = copies.group_copies(sigs)
    grouped = time.perf_counter() - started
    p, r, nf, ng = scores(found, gold_groups)
    print(f"BBC + synthetic re-posts: {len(texts)} articles ({len(arts)} BBC, {len(texts) - len(arts)} re-posts of {sample}: {counts});"
          f" {len(duplicates)} groups of BBC articles already the same word for word")
    print(f"  pairs: precision {p:.3f}  recall {r:.3f}  ({nf} found, {ng} gold)")
    for kind in kinds:
        want = {pr for pr in pairs(gold_groups) if any(f"_{kind.replace('+', '-')}_" in x for x in pr)}
        got = want & pairs(found)
        print(f"    recall of pairs with a re-post of kind {kind:18}: {len(got) / max(1, len(want)):.3f} ({len(got)}/{len(want)})")
    synthetic = {pr for pr in pairs(found) if any(x.startswith("repost") for x in pr)}
    gold_synthetic = {pr for pr in pairs(gold_groups) if any(x.startswith("repost") for x in pr)}
    print(f"  pairs with a re-post in them: precision {len(synthetic & gold_synthetic) / max(1, len(synthetic)):.3f}"
          f"  recall {len(synthetic & gold_synthetic) / max(1, len(gold_synthetic)):.3f}")
    wrong = sorted(pairs(found) - pairs(gold_groups))
    exact = {}
    for name in {x for pr in wrong for x in pr}:
        article = parse_article(name, texts[name])
        words = re.findall(r"\w+", copies.copy_text(article.text, article.paragraphs).lower())
        exact[name] = {" ".join(words[i : i + copies.SHINGLE_WORDS]) for i in range(len(words) - copies.SHINGLE_WORDS + 1)}
    reused = [pr for pr in wrong if len(exact[pr[0]] & exact[pr[1]]) >= 0.5 * min(len(exact[pr[0]]), len(exact[pr[1]]))]
    print(f"  of the {len(wrong)} pairs found and not gold, {len(reused)} share at least half of the shorter text's shingles exactly"
          f" (BBC's own follow-up stories re-using paragraphs); counted as right, precision {(nf - len(wrong) + len(reused)) / max(1, nf):.3f}")
    for a, b in wrong[:8]:
        print(f"    grouped, not gold: {a} ~ {b} (J≈{copies.jaccard(sigs[a], sigs[b]):.2f})")
    print(f"  signing {1000 * signed / len(texts):.2f} ms/article (loading and splitting included); grouping {grouped * 1000:.0f} ms")
    datasketch_compare(texts, gold_groups)


def datasketch_compare(texts: dict[str, str], gold_groups) -> None:
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("  datasketch not installed: no comparison (pip install datasketch)")
        return
    started = time.perf_counter()
    hashes = {}
    for name, text in texts.items():
        article = parse_article(name, text)
        words = re.findall(r"\w+", copies.copy_text(article.text, article.paragraphs).lower())
        if len(words) < copies.MIN_WORDS:
            continue
        m = MinHash(num_perm=copies.BINS)
        m.update_batch([" ".join(words[i : i + copies.SHINGLE_WORDS]).encode() for i in range(len(words) - copies.SHINGLE_WORDS + 1)])
        hashes[name] = m
    signed = time.perf_counter() - started
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=copies.JACCARD, num_perm=copies.BINS)
    for name, m in hashes.items():
        lsh.insert(name, m)
    parent: dict[str, str] = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for name, m in hashes.items():
        for other in lsh.query(m):
            if other != name:
                a, b = find(name), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = {}
    for name in hashes:
        groups.setdefault(find(name), set()).add(name)
    found = [tuple(sorted(g)) for g in groups.values() if len(g) > 1]
    grouped = time.perf_counter() - started
    p, r, nf, ng = scores(found, gold_groups)
    print(f"  datasketch MinHash({copies.BINS}) + MinHashLSH(threshold={copies.JACCARD}): precision {p:.3f}  recall {r:.3f}  ({nf} found);"
          f" signing {1000 * signed / len(texts):.2f} ms/article, grouping {grouped * 1000:.0f} ms")


def syria_dev() -> None:
    if not SYRIA_DEV.is_dir():
        print(f"syria-dev: {SYRIA_DEV} not found")
        return
    articles, _ = load_corpus(SYRIA_DEV)
    sigs = {a.id: s for a in articles if (s := copies.signature(copies.copy_text(a.text, a.paragraphs)))}
    found = copies.group_copies(sigs)
    p, r, nf, ng = scores(found, SYRIA_DEV_COPIES)
    print(f"syria-dev: {len(articles)} articles, {len(sigs)} signed; gold {len(SYRIA_DEV_COPIES)} groups")
    print(f"  pairs: precision {p:.3f}  recall {r:.3f}  ({nf} found, {ng} gold)")
    for g in found:
        print("    found:", ", ".join(g))
    ids = sorted(sigs)
    near = sorted(((copies.jaccard(sigs[a], sigs[b]), a, b) for a, b in itertools.combinations(ids, 2)), reverse=True)[:12]
    for j, a, b in near:
        print(f"    J≈{j:.2f} containment≈{copies.containment(sigs[a], sigs[b]):.2f}  {a} ~ {b}")


def scale_cost(size: int) -> None:
    import scale

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        scale.build(root, size)
        files = sorted(root.rglob("*.txt"))
        per = []
        sigs = {}
        for path in files:
            article = parse_article(path.name, path.read_text(encoding="utf-8"))
            started = time.perf_counter()
            sig = copies.signature(copies.copy_text(article.text, article.paragraphs))
            per.append(time.perf_counter() - started)
            if sig is not None:
                sigs[str(path.relative_to(root))] = sig
        started = time.perf_counter()
        found = copies.group_copies(sigs)
        grouped = time.perf_counter() - started
        one = sorted(sigs)[len(sigs) // 2]
        started = time.perf_counter()
        again = copies.regroup(sigs, found, {one})
        regrouped = time.perf_counter() - started
        started = time.perf_counter()
        ids, shingles, values = copies.pack(sigs)
        written = time.perf_counter() - started
        started = time.perf_counter()
        parsed = copies.unpack(ids, shingles, values)
        read = time.perf_counter() - started
        assert len(parsed) == len(sigs)
    print(f"scale corpus of {size}: signing median {1000 * statistics.median(per):.2f} ms/article, total {sum(per):.1f} s")
    print(f"  grouping all {len(sigs)} signatures {grouped:.2f} s ({len(found)} groups, {sum(map(len, found))} articles in them;"
          f" the scale corpus's replicas of one BBC article are near-duplicates)")
    print(f"  regrouping after one article changed: {regrouped * 1000:.0f} ms (same groups as grouping all: {again == found})")
    print(f"  signatures {len(values) / 1e6:.1f} MB, packed in {written * 1000:.0f} ms, unpacked in {read * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=400, help="BBC articles to re-post")
    parser.add_argument("--scale", type=int, default=10000, help="size of the scale corpus (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if BBC.is_dir():
        bbc_synthetic(args.sample, args.seed)
    else:
        print(f"BBC: {BBC} not found")
    syria_dev()
    if args.scale:
        scale_cost(args.scale)


if __name__ == "__main__":
    main()
