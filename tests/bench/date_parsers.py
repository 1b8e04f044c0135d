"""Which reader of date lines: the project's rules, python-dateutil or dateparser.

    python3 tests/bench/date_parsers.py [FOLDER ...]

Each reader is asked the same question of a line: is it a date line, and what
date does it state (day or month precision)? Accuracy is on the invented lines
of tests/test_published.py (date lines and lines that must give none); time is
per line and per article over the top and foot lines of the articles in FOLDER
(default: the BBC news set); import time in a fresh interpreter (run it with
bytecode caching on, or every run measures compiling the source too). The libraries
are given the same rule for what may stand beside the date on a date line
(at most three other words), so that only the reading of the date differs.
dateutil and dateparser are only needed to run this script.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus.article import Published  # noqa: E402
from corpus.loader import load_corpus  # noqa: E402
from corpus.published import MAX_DATE_LINE, _regions, read_date_line  # noqa: E402
from test_published import DATE_LINES, NOT_DATE_LINES, as_published  # noqa: E402

BBC = Path("/work/shared/corpora/bbc-news-2225")
_LABELS = re.compile(r"\b(?:published|posted|updated?|last|first|publish|date|on|at|by|am|pm|gmt|utc|et|bst|ksa)\b", re.I)


def _few_other_words(rest: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]{2,}", _LABELS.sub(" ", rest))]
    return len(words) <= 3


def read_dateutil(line: str) -> Published | None:
    from dateutil import parser

    if len(line) > MAX_DATE_LINE:
        return None
    try:
        # Two defaults tell which parts the line gave: what differs was filled in.
        a, skipped = parser.parse(line, fuzzy_with_tokens=True, default=dt.datetime(1904, 1, 1))
        b = parser.parse(line, fuzzy=True, default=dt.datetime(1905, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if a.year != b.year or a.month != b.month or not _few_other_words(" ".join(skipped)):
        return None
    return Published(a.date(), "day") if a.day == b.day else Published(a.date().replace(day=1), "month")


def read_dateparser(line: str) -> Published | None:
    from dateparser.search import search_dates

    if len(line) > MAX_DATE_LINE:
        return None
    settings = {"REQUIRE_PARTS": ["month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    found = search_dates(line, languages=["en"], settings={**settings, "PREFER_DAY_OF_MONTH": "first"})
    if not found:
        return None
    text, first = found[0]
    if not _few_other_words(line.replace(text, " ")):
        return None
    last = search_dates(text, languages=["en"], settings={**settings, "PREFER_DAY_OF_MONTH": "last"})
    day_given = bool(last) and last[0][1].day == first.day
    return Published(first.date(), "day") if day_given else Published(first.date().replace(day=1), "month")


READERS = {"rules": read_date_line, "dateutil": read_dateutil, "dateparser": read_dateparser}
IMPORTS = {"rules": "corpus.published", "dateutil": "dateutil.parser", "dateparser": "dateparser.search"}


def accuracy(read) -> tuple[int, int, list[str]]:
    ok, misses = 0, []
    for line, expected in DATE_LINES:
        got = read(line)
        if got == as_published(expected):
            ok += 1
        else:
            misses.append(f"  {line!r}: {got} (want {expected})")
    for line in NOT_DATE_LINES:
        got = read(line)
        if got is None:
            ok += 1
        else:
            misses.append(f"  {line!r}: {got} (want none)")
    return ok, len(DATE_LINES) + len(NOT_DATE_LINES), misses


def import_ms(module: str) -> float:
    """What importing `module` adds, from -X importtime: its cumulative time where it is
    imported (corpus.published sits inside the corpus package that imports it)."""
    best = float("inf")
    for _ in range(3):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT).stderr
        times = [int(line.split("|")[1]) for line in err.splitlines() if line.split("|")[-1].strip() == module]
        best = min(best, min(times) / 1000)
    return best


def lines_of(folders: list[Path]) -> tuple[list[str], int]:
    lines, count = [], 0
    for folder in folders:
        articles, _ = load_corpus(folder)
        count += len(articles)
        for a in articles:
            top, bottom = _regions(a.text, a.paragraphs)
            lines += [a.text[p.start : p.end] for p in top + bottom if p.end - p.start <= MAX_DATE_LINE]
    return lines, count


def main() -> int:
    folders = [Path(f) for f in sys.argv[1:]] or [BBC]
    lines, articles = lines_of(folders)
    print(f"{len(lines)} top and foot lines of {articles} articles in {', '.join(map(str, folders))}")
    print(f"{'reader':11} {'accuracy':>10} {'import ms':>10} {'µs/line':>9} {'ms/article':>11} {'dated':>6}")
    for name, read in READERS.items():
        ok, total, misses = accuracy(read)
        read(lines[0] if lines else "June 3, 2019")  # warm: dateparser loads its language data on first use
        t = time.perf_counter()
        dated = sum(1 for line in lines if read(line))
        spent = time.perf_counter() - t
        per_line = spent / max(len(lines), 1) * 1e6
        print(f"{name:11} {ok:>4}/{total:<5} {import_ms(IMPORTS[name]):>10.1f} {per_line:>9.1f} {spent / max(articles, 1) * 1000:>11.3f} {dated:>6}")
        for miss in misses:
            print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
