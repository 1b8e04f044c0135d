"""Reading the articles an update indexes, and running any per-article task, here or in other processes.

`prepare` turns one file into its manifest entry and its search document.
`prepared` gives them in order, from this process or, for many files, from
reading processes on the spare cores while this one indexes (Whoosh's indexing
costs about as much as reading). `in_order` does the same for any task (the
second phase's reading analysis, `reading`). The readers are spawned (forking a
process that runs threads can deadlock the child), die with their parent
(`lifeline`), and are killed, not waited for, when the update stops early.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator

from collections.abc import Callable

from corpus import gazetteer
from corpus.loader import ArticleError, ArticleFile, decode, parse_article, read_bytes, read_sidecar

from .documents import analysed, document_for
from .lifeline import die_with_parent, kill_processes, signals_held

# Reading and analysing an article costs about as much as Whoosh's indexing of it:
# with this many to read and a spare core, other processes read while this one
# indexes. Fewer are not worth starting processes for.
PARALLEL_MIN = 400
_CHUNK = 16  # files per task
_IN_FLIGHT = 8  # tasks queued per reading process: bounds the memory of results waiting


def spare_readers() -> int:
    """Reading processes worth starting beside the one that indexes."""
    return max(0, min((os.cpu_count() or 1) - 1, 3))


_READER_GAZETTEER: list[gazetteer.Gazetteer] = []  # in a reading process: the gazetteer it was started with


def _start_reader(gaz: gazetteer.Gazetteer, parent: int, nice: int) -> None:
    die_with_parent(parent)  # a build killed outright takes its readers with it
    if nice:
        try:
            os.nice(nice)  # background work: the app's own process comes first
        except OSError:
            pass
    _READER_GAZETTEER[:] = [gaz]


def reader_gazetteer() -> gazetteer.Gazetteer:
    """In a reading process, the gazetteer it was started with."""
    return _READER_GAZETTEER[0]


def prepare(job: tuple[ArticleFile, str | None], gaz: gazetteer.Gazetteer | None = None) -> tuple[list, dict | None, str | None]:
    """(manifest entry, document, problem) for one file to index.

    `job` is the file and the digest it was indexed with (None if new or its
    sidecar changed); an unchanged digest gives no document. A file that cannot
    be read gives only its problem.
    """
    f, known = job
    try:
        data = read_bytes(f)
        digest = hashlib.sha1(data).hexdigest()
        entry = [f.size, f.mtime_ns, digest, f.sidecar_mtime_ns]
        if digest == known:
            return entry, None, None
        article = parse_article(f.id, decode(data), read_sidecar(f.path), str(f.path))
    except (ArticleError, ValueError) as exc:
        return [], None, str(exc)
    return entry, analysed(document_for(article, gaz or _READER_GAZETTEER[0])), None


def _prepare_chunk(jobs: list) -> list:
    return [prepare(job) for job in jobs]


def _run_chunk(task: Callable, jobs: list) -> list:
    return [task(job) for job in jobs]


def prepared(jobs: list, readers: int, gaz: gazetteer.Gazetteer) -> Iterator[tuple]:
    """`prepare` of each job, in order: here, or, for many jobs, by `readers` processes."""
    return in_order(prepare, jobs, readers, gaz)


def in_order(task: Callable, jobs: list, readers: int, gaz: gazetteer.Gazetteer, nice: int = 0) -> Iterator:
    """`task(job, gaz)` of each job, in order: here, or, for many jobs, by `readers`
    processes (at `nice`), where `task(job)` finds the gazetteer with `reader_gazetteer()`.
    `task` must be a module's function, to be sent to them.

    A reading process that dies (killed, out of memory) leaves the rest to this one.
    """
    here = functools.partial(task, gaz=gaz)
    if readers < 1 or len(jobs) < PARALLEL_MIN:
        yield from map(here, jobs)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    taken = 0  # chunks whose results were given
    # spawn: forking a process that runs threads can deadlock the child.
    pool = ProcessPoolExecutor(readers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_reader, initargs=(gaz, os.getpid(), nice))
    finished = False

    def submit(chunk: list):
        # Looked up here by name: a test puts a reader that dies in its place.
        return pool.submit(_prepare_chunk, chunk) if task is prepare else pool.submit(_run_chunk, task, chunk)

    try:
        with signals_held():  # submitting starts the readers
            pending: deque = deque(submit(c) for c in chunks[: readers * _IN_FLIGHT])
        queued = len(pending)
        while pending:
            done = pending.popleft().result()
            if queued < len(chunks):
                with signals_held():  # a reader that died is replaced here
                    pending.append(submit(chunks[queued]))
                queued += 1
            taken += 1
            yield from done
        finished = True
    except BrokenProcessPool:
        for chunk in chunks[taken:]:
            yield from map(here, chunk)
        finished = True
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if not finished:  # stopped early (a signal, an error): readers mid-chunk are not waited for
            # A signal may come while the pool starts a reader it has not listed yet: every child started counts.
            started = {id(p): p for p in [*(getattr(pool, "_processes", None) or {}).values(), *multiprocessing.active_children()]}
            kill_processes(started.values())
