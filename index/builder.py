"""Keeping the Whoosh index of a corpus folder in step with the folder: the first phase of an update.

An update lists the folder, compares it with the manifest (size, mtime, sha1
per file), reads only added and changed files (`readers`), and writes their
search documents, removes what is gone, commits, and writes the copy
signatures and their groups (regrouped only when a signature changed) and, last,
the manifest: the folder is then searchable. The reading analysis (quotes,
sources, incidents, their facets) follows, in the second phase (`reading`).
The index is rebuilt when the schema, the search code or the gazetteer
changed (`fingerprint`) or it cannot be read. Updates of one folder are
serialised across processes by a lock file beside it; a cache folder that
cannot be written falls back to a temporary index, with a warning.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import CLEAR, NO_MERGE

from corpus.copies import regroup
from corpus.files import FileLock
from corpus.loader import ArticleFile, LoadWarning, article_files, iter_article_files

from . import segment_writer
from .manifest import LOCK, READING_LOCK, IndexFiles
from .readers import prepared

LOCK_SECONDS = 60.0  # how long an update waits for another process's update
# Articles a first build (or rebuild) adds before its first commit, each later one twice
# the last: an interrupted build resumes from the last, and each makes the folder
# searchable so far. Each commit is a segment of its own, and every segment costs each
# search (two at 10k: p95 +30%), so they are few: 10k is one, 50k three, 200k five.
CHECKPOINT = 10_000

Progress = Callable[[int, int, str], None]  # done, total, what


@dataclass
class UpdateReport:
    indexed: int = 0  # articles in the index afterwards
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    searchable_seconds: float = 0.0  # until the first phase ended: every article searchable
    analysed: int = 0  # articles the second phase analysed (`reading`)
    reading_done: int = 0  # articles analysed by this reading code afterwards ...
    reading_total: int = 0  # ... of these
    reading_elsewhere: bool = False  # another process was analysing them
    warnings: list[LoadWarning] = field(default_factory=list)  # articles skipped, and why
    problems: list[str] = field(default_factory=list)  # a user's file (gazetteer) left out, with file and line

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{self.indexed} articles indexed: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.skipped} skipped in {self.seconds:.2f}s"
        )

    def reading_summary(self) -> str:
        """The second phase's line."""
        if self.reading_elsewhere:
            return f"reading analysis: {self.reading_done} of {self.reading_total} articles, another process is analysing the rest"
        return f"reading analysis: {self.analysed} articles analysed, {self.reading_done} of {self.reading_total} done"


class CallerError(Exception):
    """The caller's progress callback raised (say, its app has quit)."""


class Busy(Exception):
    """Another process holds the update lock, or Whoosh's write lock: `warning` says which."""

    def __init__(self, warning: str) -> None:
        super().__init__(warning)
        self.warning = warning


class Builder:
    """Writes the index of `corpus_dir` in `index_dir` (or a temporary folder, see `fallback_warning`)."""

    def __init__(self, corpus_dir: Path, index_dir: Path, schema, on_reset: Callable[[], None]) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self.schema = schema
        self.files = IndexFiles(index_dir)
        self.fallback_warning: str | None = None
        self.fallback_dir: Path | None = None
        self._on_reset = on_reset  # the index folder is about to be emptied: let go of what reads it

    # -- the folder ---------------------------------------------------------------

    def lock_path(self) -> Path | None:
        """The lock file beside the index folder; None for a temporary index (this process's alone)."""
        if self.fallback_dir is not None:
            return None
        return self.files.beside(LOCK)

    def _prepare_dir(self) -> None:
        """An empty index folder; a temporary one when the cache can't be written."""
        self._on_reset()
        try:
            if self.index_dir.exists():
                shutil.rmtree(self.index_dir)
            self.index_dir.mkdir(parents=True)
        except OSError as exc:
            fallback = Path(tempfile.mkdtemp(prefix="deconflict-tui-index-"))
            self.fallback_warning = (
                f"cannot write the index cache {self.index_dir} ({exc.strerror or exc}): using a temporary index in {fallback}"
            )
            self.index_dir = self.fallback_dir = fallback
            self.files = IndexFiles(fallback)
            # Removed when this index is closed, collected, or the program ends.
            self.remove_fallback = weakref.finalize(self, _remove_temporary, self.files)

    def _open_or_create(self, rebuild: bool, derived_with: str) -> tuple[object, dict, bool]:
        """The Whoosh index and the manifest of what is in it; an empty one to rebuild into.

        A sound index asked to rebuild is rebuilt in place (the commit clears the
        old segments), so other processes reading it never see it vanish; only a
        damaged or outdated one is deleted and made afresh.
        """
        files = self.files.files(derived_with)
        if files is not None:
            try:
                ix = whoosh_index.open_dir(str(self.index_dir))
                with ix.searcher() as s:  # reads the segments: a damaged one raises here
                    count = s.doc_count()
                if count == len(files):
                    return ix, ({} if rebuild else files), rebuild
            except Exception:  # Whoosh raises many kinds on a damaged index; rebuild it
                pass
        self._prepare_dir()
        return whoosh_index.create_in(str(self.index_dir), self.schema), {}, True

    # -- updating -----------------------------------------------------------------

    def update(self, rebuild: bool, progress: Progress | None, readers: int, gaz, derived_with: str, readable: Callable[[], bool]):
        """Bring the index in step with the folder: (the Whoosh index, the report).

        Waits for another process updating the same index; if that takes longer
        than LOCK_SECONDS and `readable()` (the index as it is can be opened),
        raises Busy. A damaged index is rebuilt.
        """
        lock = FileLock(self.lock_path()) if self.lock_path() is not None else None
        try:
            while lock is not None and not lock.acquire(LOCK_SECONDS):
                if readable():  # else nothing to read yet: wait on
                    raise Busy("another deconflict-tui is updating this index: searching it as it was")
            try:
                try:
                    return self._update(rebuild, progress, readers, gaz, derived_with)
                except (CallerError, LockError):
                    raise
                except Exception:
                    # A damaged index that opened but failed on use, or a cache
                    # folder deleted under the update: start again, once.
                    return self._update(True, progress, readers, gaz, derived_with)
            except CallerError as exc:
                raise exc.__cause__ from None  # the caller's own failure: not the index's
            except LockError:
                if not readable():
                    raise
                raise Busy("the index is locked by another program: searching it as it was") from None
        finally:
            if lock is not None:
                lock.release()

    def _update(self, rebuild: bool, progress: Progress | None, readers: int, gaz, derived_with: str):
        ix, old, rebuilt = self._open_or_create(rebuild, derived_with)
        kept_copies = ({}, []) if rebuilt else self.files.copies()
        if kept_copies is None:  # damaged: only a rebuild says every article's again
            ix, old, rebuilt = self._open_or_create(True, derived_with)
            kept_copies = ({}, [])
        signatures, groups = kept_copies
        resigned: set[str] = set()  # articles whose copy signature changed, came or went
        if self.files.copies_partial():  # a build interrupted after a checkpoint: group every copy again
            resigned.update(signatures)
        report = UpdateReport(rebuilt=rebuilt)
        files, unlisted = article_files(self.corpus_dir)
        report.warnings.extend(unlisted)
        new: dict[str, list] = {}
        todo: list[tuple[ArticleFile, bool]] = []
        for f in files:
            entry = old.get(f.id)
            if _unchanged(f, entry):
                new[f.id] = entry
            else:
                todo.append((f, f.id in old))
        todo_ids = {f.id for f, _ in todo}
        gone = [i for i in old if i not in new and i not in todo_ids]
        writer = results = None
        cleared = not rebuilt  # a rebuild's first commit clears the old segments
        since_checkpoint, next_checkpoint = 0, CHECKPOINT

        def open_writer():
            return segment_writer.writer(ix, limitmb=256, compound=False, timeout=LOCK_SECONDS)

        def checkpoint() -> None:
            """Commit what a rebuild has added so far, and say so in the manifest: an
            interrupted build resumes from here, and the folder is searchable so far."""
            nonlocal writer, cleared, since_checkpoint, next_checkpoint
            writer.commit(mergetype=CLEAR if not cleared else NO_MERGE)
            writer, cleared, since_checkpoint, next_checkpoint = None, True, 0, next_checkpoint * 2
            self.files.write_copies(signatures, [])
            self.files.write_files(new, self.corpus_dir, derived_with, copies_partial=True)

        try:
            total = len(todo)
            jobs = [(f, old[f.id][2] if existed and not _sidecar_newer(f, old[f.id]) else None) for f, existed in todo]
            results = prepared(jobs, readers, gaz)
            for n, ((f, existed), (entry, doc, problem, sig)) in enumerate(zip(todo, results), 1):
                if progress and (n == 1 or n % 50 == 0 or n == total):
                    try:
                        progress(n, total, f.id)
                    except Exception as exc:
                        raise CallerError() from exc
                if problem is not None:
                    report.warnings.append(LoadWarning(f.id, problem))
                    if existed:
                        gone.append(f.id)
                    continue
                if doc is None:  # touched, not changed
                    new[f.id] = entry
                    continue
                writer = writer or open_writer()
                if signatures.get(f.id) != sig:
                    resigned.add(f.id)
                    if sig is None:
                        del signatures[f.id]
                    else:
                        signatures[f.id] = sig
                if existed:
                    writer.update_document(**doc)
                    report.updated += 1
                else:
                    writer.add_document(**doc) if rebuilt else writer.update_document(**doc)
                    report.added += 1
                new[f.id] = entry
                since_checkpoint += 1
                if rebuilt and since_checkpoint >= next_checkpoint and n < total:
                    checkpoint()
            if gone:
                writer = writer or open_writer()
                for article_id in gone:
                    writer.delete_by_term("id", article_id)
                    report.removed += 1
            if rebuilt:
                writer = writer or open_writer()
            if writer is not None:
                writer.commit(mergetype=CLEAR) if not cleared else writer.commit()
                writer = None
        finally:
            if results is not None:
                results.close()  # stops any reading processes
            if writer is not None:  # failed or interrupted: release Whoosh's write lock
                try:
                    writer.cancel()
                except Exception:
                    pass
        if rebuilt or new != old or report.changed:
            for article_id in set(signatures) - set(new):
                del signatures[article_id]
                resigned.add(article_id)
            if resigned or rebuilt or self.files.copies_partial():
                groups = [list(g) for g in regroup(signatures, [] if rebuilt else groups, set(signatures) if rebuilt else resigned)]
                self.files.write_copies(signatures, groups)
            self.files.write_files(new, self.corpus_dir, derived_with)  # last: the manifest says the rest is complete
        report.indexed = len(new)
        report.skipped = len(report.warnings)
        return ix, report

    def pending(self, derived_with: str) -> int:
        """How many files an update would read: those added or changed since the
        last one (by size and time), or every file when the index must be rebuilt.
        Only lists the folder; reads no article."""
        old = self.files.files(derived_with) or {}
        return sum(1 for f in iter_article_files(self.corpus_dir) if not isinstance(f, LoadWarning) and not _unchanged(f, old.get(f.id)))


def _unchanged(f: ArticleFile, entry: list | None) -> bool:
    return bool(entry) and entry[0] == f.size and entry[1] == f.mtime_ns and not _sidecar_newer(f, entry)


def _sidecar_newer(f: ArticleFile, entry: list) -> bool:
    return f.sidecar_mtime_ns != (entry[3] if len(entry) > 3 else 0)


def _remove_temporary(files: IndexFiles) -> None:
    """A temporary index's folder and the lock its analyses left beside it (in the system's temp folder)."""
    shutil.rmtree(files.folder, ignore_errors=True)
    files.beside(READING_LOCK).unlink(missing_ok=True)
