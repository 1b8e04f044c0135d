"""The reading rules' decisions on a folder of articles, as text to diff.

    python3 tests/bench/decisions.py            # write tests/decisions/*.txt again
    python3 tests/bench/decisions.py --check    # say whether they still hold (what the test does)

For each article: each quote (its offsets, its kind, the speaker, the rule that
decided) and each source (name, kind and the rule that found it). A change to a rule shows as a diff of
these files; tests/test_decisions.py fails until it is checked in with the
change. The bundled samples are shipped with the project, so their quotes are
written out; the development set is third-party text, so only offsets and a
short hash of each quote's text are.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpus import gazetteer  # noqa: E402
from corpus.analysis import analyze  # noqa: E402
from corpus.loader import SAMPLES_DIR, load_corpus  # noqa: E402

OUT = ROOT / "tests" / "decisions"
SYRIA_DEV = Path(os.environ.get("SYRIA_DEV", ROOT.parent / "shared" / "corpora" / "syria-dev" / "texts"))
SETS = {"samples": (SAMPLES_DIR, True), "syria-dev": (SYRIA_DEV, False)}


def decisions(folder: Path, with_text: bool) -> str:
    """The decisions on every article of `folder`, one line each, articles in order."""
    articles, _ = load_corpus(folder)
    table = gazetteer.shipped()  # never the machine's own gazetteer: the snapshot must not depend on it
    lines = []
    for article in sorted(articles, key=lambda a: a.id):
        analysis = analyze(article, table)
        lines.append(f"## {article.id}")
        for q in analysis.quotes:
            if with_text:
                text = " ".join(q.text.split())
                shown = f"“{text[:60]}{'…' if len(text) > 60 else ''}”"
            else:
                shown = hashlib.sha1(q.text.encode("utf-8")).hexdigest()[:8]
            lines.append(f"quote {q.start}-{q.end} {q.kind} {shown} -> {q.speaker or '(none)'} [{q.rule or '-'}]")
        for s in analysis.sources:
            lines.append(f"source {s.name} ({s.kind}) [{s.rule}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = ap.parse_args(argv)
    status = 0
    for name, (folder, with_text) in SETS.items():
        if not folder.is_dir():
            print(f"{name}: {folder} not found, skipped")
            continue
        path = OUT / f"{name}.txt"
        now = decisions(folder, with_text)
        if args.check:
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            if before != now:
                sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), now.splitlines(True), str(path), "now"))
                status = 1
            continue
        OUT.mkdir(exist_ok=True)
        path.write_text(now, encoding="utf-8")
        print(f"{path}: {now.count(chr(10) + 'quote ')} quotes, {now.count(chr(10) + 'source ')} sources")
    return status


if __name__ == "__main__":
    sys.exit(main())
