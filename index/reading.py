"""The second phase of an update: the reading analysis of every article the search index holds.

Once the first phase (`builder`) has made the folder searchable, each article
whose analysis is missing, or was made by other reading code (`fingerprint.
reading_version`) or from another version of its file (the manifest's stamp),
is read again and analysed: quotes, sources, places, incidents, and the facet
values they give (incident types, quoted people, the incidents' sides). Many
articles are analysed by processes on the spare cores, at a lower priority than
the app. Results are kept a batch at a time (`analysis_cache`), so an
interrupted phase resumes where it stopped; the incident list and the facets
read them from there. The phase runs under its own lock
file: where another process holds it, that one is doing the work.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus.analysis import read_article
from corpus.files import FileLock
from corpus.incidents import incident_to_dict
from corpus.loader import ArticleError, ArticleFile, load_file

from .analysis_cache import AnalysisCache, Reading, pack, text_digest
from .documents import keyword_values
from .manifest import READING_LOCK, IndexFiles
from .readers import prepared, reader_gazetteer

BATCH = 32  # readings kept per transaction: what an interruption can lose

Progress = Callable[[int, int], None]  # analysed, of


@dataclass(frozen=True)
class ReadingReport:
    analysed: int  # articles analysed by this run
    total: int  # articles the index holds
    done: int  # of them analysed by this version, afterwards
    seconds: float
    elsewhere: bool = False  # another process was analysing: nothing done here


def stamp_of(entry: list) -> str:
    """Which content of a file a reading was made from: its sha1 and its sidecar's time, in the manifest."""
    return f"{entry[2]}:{entry[3] if len(entry) > 3 else 0}"


def read_one(job: tuple[str, str, str, str], gaz=None) -> Reading | None:
    """The reading of one article file: (id, path, stamp, version) in; None when it cannot be read."""
    article_id, path, stamp, version = job
    try:
        st = Path(path).stat()
        article = load_file(ArticleFile(article_id, path, st.st_size, st.st_mtime_ns))
    except (OSError, ArticleError, ValueError):
        return None
    analysis, quoted = read_article(article, gaz or reader_gazetteer())
    facets = {
        "type": keyword_values(i.type for i in analysis.incidents),
        "person": keyword_values(quoted),
        "side": keyword_values(side for i in analysis.incidents for side in i.sides),
    }
    return Reading(
        article_id,
        text_digest(version, article.text),
        pack(analysis),
        stamp,
        json.dumps([incident_to_dict(i) for i in analysis.incidents], ensure_ascii=False),
        json.dumps(facets, ensure_ascii=False),
    )


def pending(files: dict, cache: AnalysisCache) -> list[str]:
    """The articles of the manifest `files` this version has not analysed from their current content."""
    stamps = cache.stamps()
    return [a for a, entry in files.items() if entry and stamps.get(a) != stamp_of(entry)]


def analyse(corpus_dir: Path, index_files: IndexFiles, files: dict, cache: AnalysisCache, gaz, readers: int, progress: Progress | None = None) -> ReadingReport:
    """Analyse every article of `files` (the manifest) not yet analysed; see the module."""
    started = time.perf_counter()
    lock = FileLock(index_files.beside(READING_LOCK))
    if not lock.acquire(0):
        todo = pending(files, cache)
        return ReadingReport(0, len(files), len(files) - len(todo), time.perf_counter() - started, elsewhere=True)
    try:
        gone = [a for a in cache.articles() if a not in files]
        if gone:
            cache.forget(gone)
        todo = pending(files, cache)
        total, done = len(files), len(files) - len(todo)
        if progress is not None:
            progress(done, total)
        jobs = [(a, str(Path(corpus_dir) / a), stamp_of(files[a]), cache.version) for a in todo]
        batch: list[Reading] = []
        analysed = 0
        results = prepared(jobs, readers, gaz, fn=read_one)
        try:
            for n, reading in enumerate(results, 1):
                if reading is not None:
                    batch.append(reading)
                if len(batch) >= BATCH or n == len(jobs):
                    if batch and cache.put(batch):
                        analysed += len(batch)
                    batch = []
                    if progress is not None:
                        progress(done + n, total)
        finally:
            results.close()  # stops any reading processes
        return ReadingReport(analysed, total, done + analysed, time.perf_counter() - started)
    finally:
        lock.release()
