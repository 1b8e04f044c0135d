"""The corpus layer's reading of the five samples, scored on the hand-made gold.

    python3 tests/bench/eval_analysis.py [--gold DIR] [--verbose]

Gold files (tests/gold/*.yaml) list every quote span with its kind, speaker and
attributing mention, every source with its kind and the ways the text names it,
and every incident with its date, place and type. Printed: quote-span precision,
recall and F1 (exact and 90% overlap; all spans, and kind ``quote`` only), kind
accuracy, speaker accuracy on the quotes found, source recall (and kind
accuracy), incident precision and recall for extraction alone and with the
curated incidents.yaml, and milliseconds per `analyze` call.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus import SAMPLES_DIR, load_corpus  # noqa: E402
from corpus.analysis import analyze  # noqa: E402
from corpus.dates import PRECISION_RANK, parse_date  # noqa: E402
from corpus.incidents import corpus_incidents  # noqa: E402

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"


@dataclass
class Scores:
    counts: dict

    def prf(self, key: str) -> tuple[float, float, float]:
        tp, n_pred, n_gold = self.counts[f"{key}_tp"], self.counts[f"{key}_pred"], self.counts[f"{key}_gold"]
        p = tp / n_pred if n_pred else 1.0
        r = tp / n_gold if n_gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def ratio(self, key: str) -> float:
        return self.counts[f"{key}_ok"] / max(self.counts[f"{key}_n"], 1)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(a[1] - a[0], b[1] - b[0], 1)


def norm(name: str | None) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", (name or "").casefold().strip())
    return re.sub(r"[’']s\b", "", s).strip(" ,.")


def _nearest(text: str, needle: str, pos: int) -> tuple[int, int] | None:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    if not starts:
        return None
    s = min(starts, key=lambda x: abs(x - pos))
    return s, s + len(needle)


def load_gold(path: Path, text: str) -> dict:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    cursor = 0
    for q in gold.get("quotes") or ():
        start = text.find(q["text"], cursor)
        if start < 0:
            raise ValueError(f"{path.name}: quote not in article: {q['text'][:40]!r}")
        q["span"] = (start, start + len(q["text"]))
        cursor = start + 1
        q["mention_span"] = _nearest(text, q["mention"], start) if q.get("mention") else None
    return gold


def _speaker_ok(q, g: dict) -> bool:
    if g.get("speaker") is None:
        return q.speaker is None
    if q.speaker is None:
        return False
    if g.get("mention_span") and q.speaker_span and overlap(q.speaker_span, g["mention_span"]) > 0:
        return True
    a, b = norm(q.speaker), norm(g["speaker"])
    return a == b or (a.split()[-1:] == b.split()[-1:] and len(b.split()) > 1 and len(a.split()) > 1)


def _date_ok(pred, gold) -> bool:
    """The predicted date falls within the gold date's precision (and is no vaguer than a month)."""
    if gold.date is None:
        return True
    if pred.date is None or PRECISION_RANK.get(pred.precision, 3) > max(PRECISION_RANK[gold.precision], 1):
        return False
    if gold.precision == "day" and pred.precision == "day":
        return pred.date == gold.date
    return (pred.date.year, pred.date.month) == (gold.date.year, gold.date.month)


def _incident_match(pred, g: dict) -> bool:
    return pred.type == g["type"] and _date_ok(pred.date, parse_date(g["date"])) and (g.get("place") is None or pred.place == g["place"])


def evaluate(gold_dir: Path = GOLD_DIR, verbose: bool = False) -> Scores:
    articles = {a.id: a for a in load_corpus(SAMPLES_DIR)[0]}
    curated = corpus_incidents(SAMPLES_DIR, articles.values())[0]
    c: dict[str, float] = {}

    def add(key: str, n: float = 1) -> None:
        c[key] = c.get(key, 0) + n

    times = []
    for path in sorted(gold_dir.glob("*.yaml")):
        article = articles[yaml.safe_load(path.read_text(encoding="utf-8"))["article"]]
        gold = load_gold(path, article.text)
        for _ in range(3):
            t0 = time.perf_counter()
            analysis = analyze(article)
            times.append((time.perf_counter() - t0) * 1000)
        quotes = analysis.quotes
        gq = gold.get("quotes") or []
        # Quote spans: all kinds, and kind "quote" only.
        for label, preds, golds in (
            ("all", list(quotes), gq),
            ("speech", [q for q in quotes if q.kind == "quote"], [g for g in gq if g["kind"] == "quote"]),
        ):
            add(f"{label}_exact_pred", len(preds))
            add(f"{label}_exact_gold", len(golds))
            add(f"{label}_overlap_pred", len(preds))
            add(f"{label}_overlap_gold", len(golds))
            spans = {g["span"] for g in golds}
            add(f"{label}_exact_tp", sum((q.start, q.end) in spans for q in preds))
            used: set[int] = set()
            for q in preds:
                best = max(range(len(golds)), key=lambda i: overlap((q.start, q.end), golds[i]["span"]), default=None)
                if best is not None and best not in used and overlap((q.start, q.end), golds[best]["span"]) >= 0.9:
                    used.add(best)
                    add(f"{label}_overlap_tp")
                    if label == "all":
                        g = golds[best]
                        add("kind_n")
                        add("kind_ok", q.kind == g["kind"])
                        add("speaker_n")
                        ok = _speaker_ok(q, g)
                        add("speaker_ok", ok)
                        if verbose and not ok:
                            print(f"  speaker {article.id[:3]} {q.text[:50]!r}: got {q.speaker!r}, gold {g.get('speaker')!r}")
                        if verbose and q.kind != g["kind"]:
                            print(f"  kind {article.id[:3]} {q.text[:50]!r}: got {q.kind}, gold {g['kind']}")
                elif verbose and label == "all":
                    print(f"  spurious quote {article.id[:3]} {q.text[:60]!r}")
            if verbose and label == "all":
                for i, g in enumerate(golds):
                    if i not in used:
                        print(f"  missed quote {article.id[:3]} {g['text'][:60]!r}")
        # Sources: recall by name or by a mention's words, and kind accuracy.
        predicted = [
            (s, {norm(s.name)} | {norm(article.text[a:b]) for a, b in s.mentions}) for s in analysis.sources
        ]
        for gs in gold.get("sources") or ():
            names = {norm(gs["name"])} | {norm(a) for a in gs.get("aliases") or ()}
            match = next((s for s, words in predicted if words & names), None)
            add("sources_n")
            add("sources_ok", match is not None)
            if match is not None:
                add("source_kind_n")
                add("source_kind_ok", match.kind == gs["kind"])
                if verbose and match.kind != gs["kind"]:
                    print(f"  source kind {article.id[:3]} {gs['name']!r}: got {match.kind}, gold {gs['kind']}")
            elif verbose:
                print(f"  missed source {article.id[:3]} {gs['name']!r}")
        # Incidents: extraction alone, then with the curated file.
        gi = gold.get("incidents") or []
        for label, preds in (
            ("extracted", list(analysis.incidents)),
            ("curated", [i for i in curated if article.id in i.article_ids]),
        ):
            add(f"{label}_pred", len(preds))
            add(f"{label}_gold", len(gi))
            add(f"{label}_tp", sum(any(_incident_match(p, g) for g in gi) for p in preds))
            add(f"{label}_gold_tp", sum(any(_incident_match(p, g) for p in preds) for g in gi))
            if verbose and label == "extracted":
                for g in gi:
                    if not any(_incident_match(p, g) for p in preds):
                        print(f"  missed incident {article.id[:3]} {g['date']} {g['type']} {g.get('place')}")
                for p in preds:
                    if not any(_incident_match(p, g) for g in gi):
                        print(f"  spurious incident {article.id[:3]} {p.date} {p.type} {p.place}: {p.summary[:60]!r}")
    c["ms_median"] = statistics.median(times)
    c["ms_max"] = max(times)
    return Scores(c)


def incident_pr(s: Scores, label: str) -> tuple[float, float, float]:
    c = s.counts
    p = c[f"{label}_tp"] / max(c[f"{label}_pred"], 1)
    r = c[f"{label}_gold_tp"] / max(c[f"{label}_gold"], 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--verbose", action="store_true", help="print every miss")
    args = ap.parse_args(argv)
    s = evaluate(args.gold, args.verbose)
    c = s.counts
    print(f"Samples gold: {int(c['all_exact_gold'])} quote spans, {int(c['sources_n'])} sources, {int(c['extracted_gold'])} incidents")
    print(f"{'':36} {'P':>6} {'R':>6} {'F1':>6}")
    for key, label in (
        ("all_exact", "quote spans, exact"),
        ("all_overlap", "quote spans, 90% overlap"),
        ("speech_exact", "kind=quote spans, exact"),
        ("speech_overlap", "kind=quote spans, 90% overlap"),
    ):
        p, r, f = s.prf(key)
        print(f"{label:36} {p:6.3f} {r:6.3f} {f:6.3f}")
    for label in ("extracted", "curated"):
        p, r, f = incident_pr(s, label)
        print(f"{'incidents, ' + label:36} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"kind accuracy on found quotes:    {s.ratio('kind'):.3f}")
    print(f"speaker accuracy on found quotes: {s.ratio('speaker'):.3f} ({int(c['speaker_ok'])}/{int(c['speaker_n'])})")
    print(f"source recall:                    {s.ratio('sources'):.3f} ({int(c['sources_ok'])}/{int(c['sources_n'])}); kind accuracy {s.ratio('source_kind'):.3f}")
    print(f"ms per article (analyze): median {c['ms_median']:.2f}, max {c['ms_max']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
