"""Quote spans and speakers of the corpus layer, scored on PolNeAR (train + dev).

    python3 tests/bench/eval_polnear.py [--corpus DIR] [--split train dev] [--errors N]

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution of
US political news — Source, Cue, Content — with character offsets. The gold
direct quotes are the parts of Content spans between double quotation marks;
a quote's gold speaker is its attribution's Source span. The corpus is read in
place (default /work/shared/corpora/polnear, or $POLNEAR); none of its text is
copied anywhere.

Scores: quote-span precision/recall/F1, exact and at 90% overlap (overlap / the
longer span); speaker accuracy on the quotes found (90% overlap) that have a gold
source: the predicted speaker span overlaps the gold Source span (strict), or,
second figure, the canonical speaker shares the last name-word of a named gold
Source (the same person attributed at another mention). Source recall: the
Source spans that a mention of a `find_sources` source overlaps, of attributions
whose cue is a verb of saying or reporting, and of all attributions (PolNeAR also
annotates beliefs and polls "showing"). Source precision, per kind: the sources
`find_sources` gives (what the reader's sources panel lists) one of whose mentions
overlaps an annotated Source span. Also milliseconds per article.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus.analysis import analyze  # noqa: E402
from corpus.loader import parse_article  # noqa: E402
from corpus.reading.attribution import attribute as find_quotes  # noqa: E402
from corpus.reading.sources import SOURCE_KINDS, find_sources  # noqa: E402

DEFAULT = Path(os.environ.get("POLNEAR", "/work/shared/corpora/polnear"))
_MARK = re.compile(r"``|''|[“”\"]")


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    sources: tuple[tuple[int, int], ...]  # the Source spans of the attributions that hold it


def read_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 1:
            tid, info, *_ = line.split("\t")
            label, offsets = info.split(" ", 1)
            segs = [tuple(int(x) for x in seg.split()) for seg in offsets.split(";")]
            spans[tid] = (label, segs)
        elif line.startswith("E") and "\t" in line:
            _, args = line.split("\t", 1)
            relations.append(dict(a.split(":", 1) for a in args.split()))
    return spans, relations


_SPEECH_CUE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|telling|added|adds|wrote|writes|reported|reports|according to|"
    r"stated|states|declared|announced|tweeted|claimed|claims|argued|argues|insisted|explained|noted|warned|"
    r"asked|replied|responded|acknowledged|confirmed|denied|described|called|quoted|cited)\b",
    re.I,
)


def gold_sources(text: str, path: Path, speech_only: bool = False) -> set[tuple[int, int]]:
    """The Source spans of every attribution (direct, indirect or mixed), or of those
    whose cue is a verb of saying or reporting (PolNeAR also annotates beliefs, polls
    "showing" and the like)."""
    spans, relations = read_ann(path)
    out = set()
    for rel in relations:
        source = spans.get(rel.get("Source", ""))
        if not source or source[0] != "Source":
            continue
        if speech_only:
            cue = spans.get(rel.get("Cue", ""))
            if not cue or not any(_SPEECH_CUE.search(text[s:e]) for s, e in cue[1]):
                continue
        out.update((s, e) for s, e in source[1])
    return out


def gold_quotes(text: str, path: Path) -> list[GoldQuote]:
    """The direct quotes of one annotation file: parts of Content spans between marks."""
    spans, relations = read_ann(path)
    found: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if not content or content[0] != "Content":
            continue
        source = spans.get(rel.get("Source", ""))
        source_spans = tuple((s, e) for s, e in source[1]) if source else ()
        for qs, qe in _quotes_in(text, content[1]):
            found.setdefault((qs, qe), set()).update(source_spans)
    return [GoldQuote(s, e, tuple(sorted(src))) for (s, e), src in sorted(found.items())]


def _quotes_in(text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs of double marks inside the content segments (a mark just outside counts)."""
    marks: list[tuple[int, int]] = []
    for s, e in sorted(segments):
        for m in _MARK.finditer(text, max(0, s - 2), min(len(text), e + 2)):
            if m.start() >= s - 2 and (m.start(), m.end()) not in marks:
                marks.append((m.start(), m.end()))
    out = []
    open_mark: tuple[int, int] | None = None
    for ms, me in marks:
        if open_mark is None:
            if text[ms] == "”":
                continue
            open_mark = (ms, me)
            continue
        between = text[open_mark[1] : ms]
        if "\n\n" in between or ("\n" in between and text[ms] in "“`"):
            # A quote continued in a new paragraph: the old part ends with its paragraph.
            para_end = open_mark[1] + between.index("\n")
            out.append((open_mark[1], para_end))
            open_mark = (ms, me)
            continue
        out.append((open_mark[1], ms))
        open_mark = None
    return [(s, e) for s, e in out if e > s and text[s:e].strip()]


_NAME_TOKEN = re.compile(r"[A-Z][\w’'-]{2,}")


def _same_name(speaker: str | None, gold_mentions: list[str]) -> bool:
    """Whether the predicted canonical name shares a surname-like word with a named gold source."""
    if not speaker:
        return False
    mine = {w.casefold() for w in _NAME_TOKEN.findall(speaker)}
    for g in gold_mentions:
        words = [w.removesuffix("’s").removesuffix("'s") for w in _NAME_TOKEN.findall(g)]
        if words and words[-1].casefold() in mine:
            return True
    return False


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(a[1] - a[0], b[1] - b[0], 1)


# The publisher of each article, as a sidecar would give it (metadata.tsv): an outlet an article is
# given to is a source, the article's own is not.
PUBLISHERS = {
    "breitbart": "Breitbart News", "huff-post": "HuffPost", "nyt": "The New York Times", "politico": "Politico",
    "usa-today": "USA Today", "wash-post": "The Washington Post", "west-journal": "Western Journal",
}  # fmt: skip


def articles(root: Path, splits: list[str]):
    for split in splits:
        ann_dir = root / split / "attributions"
        by_article: dict[str, Path] = {}
        for ann in sorted(ann_dir.glob("*.ann")):
            by_article.setdefault(ann.stem.rsplit("_", 1)[0], ann)  # one annotator per article
        for name, ann in sorted(by_article.items()):
            txt = root / split / "text" / f"{name}.txt"
            if txt.exists():
                yield name, txt.read_text(encoding="utf-8"), ann


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--split", nargs="+", default=["train", "dev"])
    ap.add_argument("--errors", type=int, default=0, help="print this many speaker errors")
    ap.add_argument("--all-kinds", action="store_true", help="count fragments as predicted quotes too")
    ap.add_argument("--junk", type=int, default=0, help="print this many found sources on no Source span, by kind")
    ap.add_argument("--by-rule", action="store_true", help="speaker accuracy per attribution rule")
    ap.add_argument("--sample", type=int, default=0, help="print this many found sources on no Source span, drawn at random, each with the sentence its rule read: to audit by hand")
    ap.add_argument("--seed", type=int, default=34, help="the seed of --sample")
    ap.add_argument("--dump", type=Path, help="write every found source (article, kind, name, rule, right) to this file, to diff two runs")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"PolNeAR not found at {args.corpus}", file=sys.stderr)
        return 1
    tp_exact = tp_overlap = n_pred = n_gold = 0
    spk_total = spk_right = spk_entity = 0
    times = []
    source_times = []
    analyze_times = []
    src_total = src_found = cited_total = cited_found = 0
    found_by_kind = {k: 0 for k in SOURCE_KINDS}
    right_by_kind = {k: 0 for k in SOURCE_KINDS}
    junk: dict[str, list[tuple[str, str, str]]] = {k: [] for k in SOURCE_KINDS}
    found_in: list[tuple[str, str, str]] = []  # every junk source with the sentence its rule read
    dumped: list[str] = []
    errors = []
    by_rule: dict[str, list[int]] = {}  # rule -> [right, total]
    missed = []
    spurious = []
    n_articles = 0
    for name, raw, ann in articles(args.corpus, args.split):
        n_articles += 1
        article = parse_article(name, raw, {"outlet": PUBLISHERS.get(name.split("_", 1)[0])})
        # parse_article normalises newlines; PolNeAR offsets are into the raw file.
        assert article.text == raw.replace("\r\n", "\n").replace("\r", "\n")
        text = article.text
        gold = gold_quotes(text, ann)
        t0 = time.perf_counter()
        quotes = find_quotes(article)
        times.append((time.perf_counter() - t0) * 1000)
        t1 = time.perf_counter()
        sources = find_sources(article, quotes)
        source_times.append((time.perf_counter() - t1) * 1000)
        cold = replace(article, id=article.id + "#cold")  # not in any cache
        t2 = time.perf_counter()
        analyze(cold)
        analyze_times.append((time.perf_counter() - t2) * 1000)
        mentions = sorted(m for src in sources for m in src.mentions)
        every_source = gold_sources(text, ann)
        for gs in every_source:
            src_total += 1
            src_found += any(overlap(m, gs) > 0 for m in mentions)
        for src in sources:
            found_by_kind[src.kind] += 1
            right = any(overlap(m, gs) > 0 for m in src.mentions for gs in every_source)
            dumped.append(f"{name}\t{src.kind}\t{src.name}\t{src.rule}\t{'right' if right else 'junk'}")
            if right:
                right_by_kind[src.kind] += 1
            elif src.mentions:
                s0, e0 = src.mentions[0]
                junk[src.kind].append((name, f"{src.name} [{src.rule}]", " ".join(text[max(0, s0 - 70) : e0 + 50].split())))
                s1, e1 = src.found_at or src.mentions[0]
                read = " ".join(text[max(0, s1 - 110) : s1].split()) + " ⟦" + text[s1:e1] + "⟧ " + " ".join(text[e1 : e1 + 70].split())
                found_in.append((name, f"{src.kind} {src.name!r} [{src.rule}]", read))
        for gs in gold_sources(text, ann, speech_only=True):
            cited_total += 1
            cited_found += any(overlap(m, gs) > 0 for m in mentions)
        pred = [q for q in quotes if args.all_kinds or q.kind == "quote"]
        n_pred += len(pred)
        n_gold += len(gold)
        gold_by_span = {(g.start, g.end): g for g in gold}
        used: set[int] = set()
        for q in pred:
            if (q.start, q.end) in gold_by_span:
                tp_exact += 1
            best = max(range(len(gold)), key=lambda i: overlap((q.start, q.end), (gold[i].start, gold[i].end)), default=None)
            if best is None or best in used or overlap((q.start, q.end), (gold[best].start, gold[best].end)) < 0.9:
                spurious.append((name, text[max(0, q.start - 40) : q.end + 40]))
                continue
            used.add(best)
            tp_overlap += 1
            g = gold[best]
            if not g.sources:
                continue
            spk_total += 1
            ok = q.speaker_span is not None and any(overlap(q.speaker_span, s) > 0 for s in g.sources)
            spk_right += ok
            tally = by_rule.setdefault(q.rule or "(none)", [0, 0])
            tally[0] += ok
            tally[1] += 1
            spk_entity += ok or _same_name(q.speaker, [text[s:e] for s, e in g.sources])
            if not ok:
                gs = "; ".join(text[s:e] for s, e in g.sources)
                got = text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None
                ctx = " ".join(text[max(0, q.start - 160) : q.start].split()) + " ⟦" + " ".join(text[q.start : q.end + 90].split())
                errors.append((name, ctx, gs, got, q.speaker, q.rule))
        for i, g in enumerate(gold):
            if i not in used:
                missed.append((name, text[max(0, g.start - 40) : g.end + 40]))
    p_e, r_e = tp_exact / max(n_pred, 1), tp_exact / max(n_gold, 1)
    p_o, r_o = tp_overlap / max(n_pred, 1), tp_overlap / max(n_gold, 1)
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    print(f"PolNeAR {'+'.join(args.split)}: {n_articles} articles, {n_gold} gold direct quotes, {n_pred} predicted")
    print(f"{'':24} {'P':>6} {'R':>6} {'F1':>6}")
    print(f"{'quote spans, exact':24} {p_e:6.3f} {r_e:6.3f} {f(p_e, r_e):6.3f}")
    print(f"{'quote spans, 90% overlap':24} {p_o:6.3f} {r_o:6.3f} {f(p_o, r_o):6.3f}")
    print(f"speaker accuracy: {spk_right / max(spk_total, 1):.3f} ({spk_right}/{spk_total} found quotes with a gold source)")
    print(f"speaker accuracy, same name where the gold mention is a name: {spk_entity / max(spk_total, 1):.3f}")
    if args.by_rule:
        for rule, (right, total) in sorted(by_rule.items(), key=lambda kv: -kv[1][1]):
            print(f"  {rule:<34} {right / total:.3f} ({right}/{total}, {total - right} wrong)")
    print(f"source recall, mentions of sources cited with a verb of saying: {cited_found / max(cited_total, 1):.3f} ({cited_found}/{cited_total})")
    print(f"source recall, mentions of every attribution's Source: {src_found / max(src_total, 1):.3f} ({src_found}/{src_total})")
    n_found, n_right = sum(found_by_kind.values()), sum(right_by_kind.values())
    per_kind = ", ".join(
        f"{k} {right_by_kind[k] / found_by_kind[k]:.3f} ({right_by_kind[k]}/{found_by_kind[k]})" for k in SOURCE_KINDS if found_by_kind[k]
    )
    print(f"source precision, sources found with a mention on a Source span: {n_right / max(n_found, 1):.3f} ({n_right}/{n_found}); {per_kind}")
    given = sum(1 for _, source, _ in found_in if source.endswith(("[verb.told-outlet]", "[verb.interview-with]")))
    print(f"source precision, the outlets given to counted right (the issue's definition; PolNeAR never marks them): "
          f"{(n_right + given) / max(n_found, 1):.3f} ({n_right + given}/{n_found})")
    if args.dump:
        args.dump.write_text("".join(line + "\n" for line in dumped), encoding="utf-8")
    p95 = lambda xs: sorted(xs)[int(len(xs) * 0.95)]  # noqa: E731
    print(f"ms per article: find_quotes median {statistics.median(times):.2f} (p95 {p95(times):.2f}); "
          f"find_sources after it {statistics.median(source_times):.2f}; "
          f"analyze (quotes, sources, places, actors, incidents) {statistics.median(analyze_times):.2f} (p95 {p95(analyze_times):.2f})")
    for kind in SOURCE_KINDS:
        for name, source, ctx in junk[kind][: args.junk]:
            print(f"  JUNK {kind} {name[:40]}: {source}\n      {ctx!r}")
    if args.sample:
        import random

        for i, (name, source, read) in enumerate(random.Random(args.seed).sample(found_in, min(args.sample, len(found_in))), 1):
            print(f"  #{i} {name[:40]}: {source}\n      {read}")
    for name, qt, gs, got, spk, rule in errors[: args.errors]:
        print(f"  SPEAKER {name[:40]}: gold={gs!r} got={got!r} ({spk!r}) [{rule}]\n      {qt!r}")
    if args.errors:
        for name, ctx in missed[: args.errors // 2]:
            print(f"  MISSED {name[:40]}: {ctx!r}")
        for name, ctx in spurious[: args.errors // 2]:
            print(f"  SPURIOUS {name[:40]}: {ctx!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
