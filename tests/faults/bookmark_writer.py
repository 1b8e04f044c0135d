"""A bookmarks writer for the fault tests to kill or race, run as its own process.

    python bookmark_writer.py FILE stop STAGE N [naive]
        add bookmarks numbered on from what FILE holds; at STAGE of the N-th write,
        print "at STAGE" and wait (for the harness to kill it)
    python bookmark_writer.py FILE hold TAG [nolock]
        add one bookmark tagged TAG; once it has read the file (inside the lock, when
        there is one), print "read" and wait for a line on stdin before writing
    python bookmark_writer.py FILE race TAG N [nolock]
        wait for a line on stdin, then add N bookmarks tagged TAG

Every mode prints "locking" before it takes the lock of each write, so that a
harness knows a rival has come that far. The stages of a write are reported
from the real calls the store makes (nothing of the store is replaced): the
temp file made (``temp-opened``), half the data written to it (``half-written``),
its fsync (``temp-fsynced``), the rename (``renamed``) and the folder's fsync
(``dir-fsynced``); the naive writer's are ``truncated`` and ``half-written``.
A kill is thus placed at a chosen stage every time, whatever the machine's speed.
``naive`` swaps the atomic replace for a plain overwrite and ``nolock`` drops the
lock, to show that the tests would catch either.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus.bookmarks import Bookmark  # noqa: E402
from corpus.bookmarks import store as bm  # noqa: E402  (the store looks up its helpers here at each call)

PASSAGE = "The convoy was hit near Aleppo, the ministry said: “we were not told.” " * 3


def report(what: str) -> None:
    print(what, flush=True)


def wait() -> None:
    sys.stdin.readline()  # a line, or the kill


class Stages:
    """Reports the stages of each write and stops at the chosen one."""

    def __init__(self, stage: str | None, write_number: int) -> None:
        self.stage, self.write_number = stage, write_number
        self.writes = 0  # writes begun
        self.fsyncs = 0  # fsyncs of the current write

    def reached(self, stage: str) -> None:
        if stage == self.stage and self.writes == self.write_number:
            report(f"at {stage}")
            wait()

    def begin(self) -> None:
        self.writes += 1
        self.fsyncs = 0

    def install(self) -> None:
        mkstemp, fdopen, fsync, replace = tempfile.mkstemp, os.fdopen, os.fsync, os.replace
        stages = self

        def staged_mkstemp(*args, **kwargs):
            stages.begin()
            made = mkstemp(*args, **kwargs)
            stages.reached("temp-opened")
            return made

        class HalfFirst:
            """The temp file, written in two halves with a stage between."""

            def __init__(self, f) -> None:
                self._f = f

            def write(self, data: bytes) -> int:
                half = len(data) // 2
                self._f.write(data[:half])
                self._f.flush()
                stages.reached("half-written")
                return half + self._f.write(data[half:])

            def __getattr__(self, name):
                return getattr(self._f, name)

            def __enter__(self):
                self._f.__enter__()
                return self

            def __exit__(self, *exc):
                return self._f.__exit__(*exc)

        def staged_fdopen(*args, **kwargs):
            return HalfFirst(fdopen(*args, **kwargs))

        def staged_fsync(fd):
            fsync(fd)
            stages.fsyncs += 1
            stages.reached("temp-fsynced" if stages.fsyncs == 1 else "dir-fsynced")

        def staged_replace(src, dst):
            replace(src, dst)
            stages.reached("renamed")

        tempfile.mkstemp, os.fdopen, os.fsync, os.replace = staged_mkstemp, staged_fdopen, staged_fsync, staged_replace


def naive_replace(stages: Stages):
    def write(path: Path, data: bytes) -> None:
        """Overwrite in place: truncate, then write, as a careless writer does."""
        stages.begin()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            stages.reached("truncated")
            half = len(data) // 2
            os.write(fd, data[:half])
            stages.reached("half-written")
            os.write(fd, data[half:])
        finally:
            os.close(fd)

    return write


def bookmark(number: int, tag: str = "") -> bm.Bookmark:
    return Bookmark(
        id=f"{tag}{number:06d}", article="a.txt", text=PASSAGE, start=number, end=number + len(PASSAGE), note=str(number), tags=(tag,) if tag else ()
    )


def announce_locking(nolock: bool) -> None:
    lock = bm.file_lock

    @contextlib.contextmanager
    def locking(path, timeout):
        report("locking")
        if nolock:
            yield
        else:
            with lock(path, timeout):
                yield

    bm.file_lock = locking
    if nolock:
        bm._remove_stale_temp_files = lambda path: None  # would delete the rival's temp file: not the point


def main(argv: list[str]) -> None:
    store = bm.BookmarkStore(argv[1], lock_timeout=600)
    mode = argv[2]
    if mode == "stop":
        stages = Stages(argv[3], int(argv[4]))
        if argv[5:] == ["naive"]:
            bm.replace_file = naive_replace(stages)
        else:
            stages.install()
        announce_locking(False)
        number = len(store.load())
        while True:
            store.add(bookmark(number))
            number += 1
    elif mode == "hold":
        announce_locking(argv[4:] == ["nolock"])
        read = bm.read_file

        def read_then_hold(path):
            contents = read(path)
            report("read")
            wait()
            return contents

        bm.read_file = read_then_hold
        store.add(bookmark(0, argv[3]))
    else:
        tag, count = argv[3], int(argv[4])
        announce_locking(argv[5:] == ["nolock"])
        report("ready")
        wait()
        for number in range(count):
            store.add(bookmark(number, tag))


if __name__ == "__main__":
    main(sys.argv)
