"""Reading the articles an update indexes, and running any per-article task, here or in other processes.

`prepare` turns one file into its manifest entry, its search document (tokenized
here: `documents.analysed`) and its copy signature (`corpus.copies`).
`prepared` gives them, or any task's results, in order, from this process or,
for many files, from reading processes on the spare cores while this one
indexes (the second phase's reading analysis, `reading`, runs through it too,
at a lower priority). The readers are spawned (forking a
process that runs threads can deadlock the child), die with their parent
(`lifeline`), and are killed, not waited for, when the update stops early.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator

from corpus import copies, gazetteer
from corpus.loader import ArticleError, ArticleFile, parse_bytes, read_bytes, read_sidecar

from .documents import analysed, document_for
from .lifeline import die_with_parent, kill_processes, signals_held

# Reading and analysing an article costs about as much as Whoosh's indexing of it:
# with this many to read and a spare core, other processes read while this one
# indexes. Fewer are not worth starting processes for.
PARALLEL_MIN = 400
_CHUNK = 16  # files per task
_IN_FLIGHT = 8  # tasks queued per reading process: bounds the memory of results waiting


def spare_readers() -> int:
    """Reading processes worth starting: one a core (at most four), none on a single core.
    The process that indexes only adds what they read, most of the time waiting on them
    (one reader on two cores kept the machine at 1.3 cores busy); they run below its
    priority (`NICE`), so an app beside them stays first."""
    cores = os.cpu_count() or 1
    return min(cores, 4) if cores > 1 else 0


NICE = 5  # the readers' priority below the app's and the indexing process's


_READER_GAZETTEER: list[gazetteer.Gazetteer] = []  # in a reading process: the gazetteer it was started with


def _start_reader(gaz: gazetteer.Gazetteer, parent: int, nice: int = 0) -> None:
    die_with_parent(parent)  # a build killed outright takes its readers with it
    if nice:
        try:
            os.nice(nice)  # background work: the app's own process comes first
        except OSError:
            pass
    _READER_GAZETTEER[:] = [gaz]


def prepare(job: tuple[ArticleFile, str | None], gaz: gazetteer.Gazetteer | None = None) -> tuple[list, dict | None, str | None, copies.Signature | None]:
    """(manifest entry, search document, problem, copy signature) for one file to index.

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
            return entry, None, None, None
        article = parse_bytes(f.id, data, read_sidecar(f.path), str(f.path))
    except (ArticleError, ValueError) as exc:
        return [], None, str(exc), None
    gaz = gaz or reader_gazetteer()
    sig = copies.signature(copies.copy_text(article.text, article.paragraphs))
    return entry, analysed(document_for(article, gaz)), None, sig


def reader_gazetteer() -> gazetteer.Gazetteer:
    """In a reading process: the gazetteer it was started with."""
    return _READER_GAZETTEER[0]


def _prepare_chunk(jobs: list, fn=prepare) -> list:
    return [fn(job) for job in jobs]


def prepared(jobs: list, readers: int, gaz: gazetteer.Gazetteer, fn=prepare, nice: int = NICE) -> Iterator[tuple]:
    """`fn` (by default `prepare`) of each job, in order: here, or, for many jobs, by
    `readers` processes (at `nice`). `fn(job, gaz=None)` must be a module's top-level function
    (the readers are spawned); without `gaz` it takes `reader_gazetteer()`.

    A reading process that dies (killed, out of memory) leaves the rest to this one.
    """
    here = functools.partial(fn, gaz=gaz)
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
    _LIVE_POOLS.add(pool)
    finished = False
    try:
        with signals_held():  # submitting starts the readers
            pending: deque = deque(pool.submit(_prepare_chunk, c, fn) for c in chunks[: readers * _IN_FLIGHT])
        queued = len(pending)
        while pending:
            done = pending.popleft().result()
            if queued < len(chunks):
                with signals_held():  # a reader that died is replaced here
                    pending.append(pool.submit(_prepare_chunk, chunks[queued], fn))
                queued += 1
            taken += 1
            yield from done
        finished = True
    except BrokenProcessPool:
        for chunk in chunks[taken:]:
            yield from map(here, chunk)
        finished = True
    finally:
        _LIVE_POOLS.discard(pool)
        if finished:
            pool.shutdown(wait=False, cancel_futures=True)
        else:  # stopped early (a signal, an error): readers mid-chunk are not waited for
            stop_pool(pool)


_LIVE_POOLS: set = set()  # the reading pools of builds under way in this process


def stop_pool(pool) -> None:
    """Stop a pool of readers now: its processes killed and waited for, and its manager
    thread finished. That thread closes its wake-up pipe once the readers are gone, and
    the exit hook of concurrent.futures writes to the pipe: racing the close, it printed
    "Bad file descriptor" after the last word."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    # A signal may come while the pool starts a reader it has not listed yet: every child started counts.
    started = {id(p): p for p in [*(getattr(pool, "_processes", None) or {}).values(), *multiprocessing.active_children()]}
    kill_processes(started.values())
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(5)


def stop_readers() -> None:
    """Stop every reading pool still running (a build stopped by a signal, before exit:
    the build's generator may be closed only after the exit hooks have run)."""
    for pool in list(_LIVE_POOLS):
        _LIVE_POOLS.discard(pool)
        stop_pool(pool)

