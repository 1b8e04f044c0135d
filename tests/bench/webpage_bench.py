"""What reading a saved web page costs against reading the same article as text: prints figures, asserts nothing.

Pages are made from the BBC articles (``../shared/corpora/bbc-news-2225``, else the
bundled samples) wrapped in the furniture a news site's page carries: a head of
meta tags and JSON-LD, scripts and styles, a menu of 150 links, a "most read"
list, related stories, a comment thread and a footer, about 60 KB a page (real
saved pages run from 50 KB to a few hundred). Each is read by the loader as a
``.html`` file and as the same article in a ``.txt`` file; the difference is the
added cost per file. The first page also pays for importing the extractor.

    python3 tests/bench/webpage_bench.py [--pages 300]
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402

from corpus.loader import ArticleFile, load_file  # noqa: E402


def page(title: str, paragraphs: tuple[str, ...], n: int) -> str:
    e = html.escape
    menu = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(150))
    most_read = "".join(f'<li><a href="/story/{k}">A story people read today, number {k}</a></li>' for k in range(10))
    related = "".join(f'<div class="card"><a href="/r/{k}"><h3>Related headline {k} about something else</h3><p>A teaser line for it.</p></a></div>' for k in range(12))
    comments = "".join(f'<div class="comment"><p class="who">reader{k}</p><p>I think this is comment number {k} and I disagree.</p></div>' for k in range(20))
    script = "<script>" + "var x=1;" * 2000 + "</script>"
    style = "<style>" + ".a{color:red}" * 800 + "</style>"
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00Z", "author": {"@type": "Person", "name": "A Reporter"}})
    body = "".join(f"<p>{e(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(title)} | Example News</title>'
        f'<meta property="og:site_name" content="Example News"><script type="application/ld+json">{ld}</script>{style}{script}</head>'
        f'<body><header><nav><ul>{menu}</ul></nav></header><main><article><h1>{e(title)}</h1><p class="byline">By A Reporter</p>{body}</article>'
        f'<section class="related">{related}</section><section class="comments">{comments}</section></main>'
        f'<aside><h2>Most read</h2><ol>{most_read}</ol></aside><footer><p>© Example News. All rights reserved.</p></footer>{script}</body></html>'
    )


def timed(path: Path) -> float:
    st = path.stat()
    started = time.perf_counter()
    load_file(ArticleFile(path.name, str(path), st.st_size, st.st_mtime_ns))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    srcs, origin = scale.sources()
    srcs = srcs[: args.pages]
    imported = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); import trafilatura; print(time.perf_counter() - t)"], capture_output=True, text=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sizes, as_page, as_text, kept = [], [], [], []
        for n, src in enumerate(srcs):
            (root / f"{n}.html").write_text(page(src.title, src.paragraphs, n), encoding="utf-8")
            (root / f"{n}.txt").write_text(src.title + "\n\n" + "\n\n".join(src.paragraphs) + "\n", encoding="utf-8")
        for n in range(len(srcs)):
            sizes.append((root / f"{n}.html").stat().st_size)
            as_page.append(timed(root / f"{n}.html"))
            as_text.append(timed(root / f"{n}.txt"))
            st = (root / f"{n}.html").stat()
            article = load_file(ArticleFile(f"{n}.html", str(root / f"{n}.html"), st.st_size, st.st_mtime_ns))
            text = " ".join(article.text.split())
            kept.append(all(" ".join(p.split()) in text for p in srcs[n].paragraphs) and "Most read" not in text and "comment number" not in text)
    first = as_page.pop(0)
    as_text.pop(0)
    print(f"{len(srcs)} pages from {origin}, median {statistics.median(sizes) / 1000:.0f} KB")
    print(f"  importing trafilatura: {float(imported.stdout or 'nan') * 1000:.0f} ms, once per process (the first page took {first * 1000:.0f} ms)")
    print(f"  a page: median {statistics.median(as_page) * 1000:.1f} ms, p95 {sorted(as_page)[int(0.95 * len(as_page))] * 1000:.1f} ms")
    print(f"  the same article as .txt: median {statistics.median(as_text) * 1000:.1f} ms")
    print(f"  added per file: {(statistics.median(as_page) - statistics.median(as_text)) * 1000:.1f} ms")
    print(f"  pages whose every paragraph was kept (white space aside) and no furniture: {sum(kept)}/{len(kept)}")


if __name__ == "__main__":
    main()
