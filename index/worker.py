"""Index updates in a child process, so that a build never stalls the caller.

Whoosh sorts each run of postings with `list.sort`, in C, holding the
interpreter lock: while a thread builds an index, every other thread of the
process — an app's event loop included — stops for up to seconds at a time
(0.8 s at 3,000 articles, several at 50,000). A child process has its own
interpreter lock. It runs both phases of the update (the search index, then the
reading analysis) and reports progress and its result as JSON lines on stdout:

    {"progress": [done, total, "article id"]}     the search index
    {"searchable": {...UpdateReport...}}          every article can be searched
    {"analysis": [done, total]}                   the reading analysis
    {"report": {...UpdateReport...}}              both done

Where a child cannot do the work (it cannot start, or the cache folder cannot be
written and the index must be a temporary one in this process) the update runs
here as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from collections.abc import Callable
from pathlib import Path

from corpus.loader import LoadWarning

from .lifeline import die_with_parent, kill_tree
from .builder import Progress, UpdateReport
from .corpus_index import CorpusIndex
from .readers import spare_readers

ROOT = Path(__file__).resolve().parents[1]  # the folder holding the index package


class UpdateKilled(RuntimeError):
    """The child process was killed before it finished."""


def update_in_child(
    ix: CorpusIndex,
    rebuild: bool = False,
    progress: Progress | None = None,
    min_pending: int = 0,
    started: Callable[[subprocess.Popen], None] | None = None,
    searchable: Callable[[UpdateReport], None] | None = None,
    analysing: Callable[[int, int], None] | None = None,
) -> UpdateReport:
    """`ix.update(...)`, run by a child process; `ix` then searches what it built,
    from the moment it is searchable (`searchable(report)` is told then).

    With `min_pending`, an update that reads and analyses fewer files than that
    runs here: starting a child costs more than it saves. `started` is given the
    child, so that its owner can kill it on the way out.
    """
    here = dict(rebuild=rebuild, progress=progress, searchable=searchable, analysing=analysing)
    if ix.fallback_warning or not _writable(ix.index_dir):
        return ix.update(**here)
    if min_pending and not rebuild and ix.pending() + ix.pending_readings() < min_pending:
        return ix.update(**here)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    # -P: not the current folder first on the path, where a folder named `index` or
    # `corpus` (the user's own) would be imported in place of this package.
    command = [sys.executable, "-P", "-m", "index.worker", str(ix.corpus_dir), str(ix.index_dir), "rebuild" if rebuild else "update", str(os.getpid())]
    try:
        # Its own session: `kill_tree` stops it and the processes it reads with.
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True
        )
    except OSError:
        return ix.update(**here)
    if started is not None:
        started(child)
    report = None
    try:
        for line in child.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "progress" in message and progress is not None:
                progress(*message["progress"])
            elif "analysis" in message and analysing is not None:
                analysing(*message["analysis"])
            elif "searchable" in message:
                ix.fallback_warning = message.get("warning") or ix.fallback_warning
                ix.open_existing(reopen=True)
                if searchable is not None:
                    searchable(_report(message["searchable"]))
            elif "report" in message:
                report = _report(message["report"])
                ix.fallback_warning = message.get("warning") or ix.fallback_warning
    except BaseException:  # the caller's progress callback failed, or we are told to stop
        kill_tree(child)
        raise
    finally:
        child.stdout.close()
        child.wait()
    if report is None:
        if child.returncode < 0:  # killed (by our owner on its way out, or for memory): not to be redone here
            raise UpdateKilled(f"the process updating the index was killed (signal {-child.returncode})")
        return ix.update(**here)  # it failed: do it here
    ix.open_existing(reopen=True)
    return report


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _report(data: dict) -> UpdateReport:
    warnings = [LoadWarning(path, reason) for path, reason in data.pop("warnings", [])]
    return UpdateReport(**data, warnings=warnings)


def main(argv: list[str]) -> int:
    corpus_dir, index_dir, mode, parent = argv
    die_with_parent(int(parent))  # an app killed outright takes its build with it
    # Messages go to a copy of stdout that no process started from here inherits;
    # stdout itself becomes /dev/null. A reading process holding the pipe would
    # keep the parent reading it after this process is gone.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    ix = CorpusIndex(corpus_dir, index_dir)

    def emit(done: int, total: int, what: str) -> None:
        print(json.dumps({"progress": [done, total, what]}), file=out, flush=True)

    def emit_analysis(done: int, total: int) -> None:
        print(json.dumps({"analysis": [done, total]}), file=out, flush=True)

    def tell(key: str, report: UpdateReport) -> None:
        data = asdict(report)
        data["warnings"] = [[w.path, w.reason] for w in report.warnings]
        print(json.dumps({key: data, "warning": ix.fallback_warning}), file=out, flush=True)

    def searchable(report: UpdateReport) -> None:
        if ix._builder.fallback_dir is not None:  # a temporary index dies with this process: let the parent do it
            raise SystemExit(1)
        tell("searchable", report)

    report = ix.update(rebuild=mode == "rebuild", progress=emit, readers=spare_readers(), searchable=searchable, analysing=emit_analysis)
    tell("report", report)
    ix.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
