"""A bookmarks writer for the fault tests to kill or race, run as its own process.

    python bookmark_writer.py FILE loop [naive]   add bookmarks numbered on from what FILE holds, forever
    python bookmark_writer.py FILE race TAG N [nolock]   wait for a line on stdin, then add N bookmarks tagged TAG

Its I/O is slowed down (a pause around each open, write, fsync, rename...)
so that a kill or a rival process lands inside a write often, whatever the write
does. ``naive`` swaps the atomic replace for a plain overwrite and ``nolock``
drops the lock, to show that the tests would catch either.
"""

from __future__ import annotations

import builtins
import contextlib
import fcntl
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from corpus import bookmarks as bm  # noqa: E402

SLOW_CALLS = [(os, "open"), (os, "close"), (os, "write"), (os, "fsync"), (os, "replace"), (os, "rename"),
              (os, "unlink"), (io, "open"), (builtins, "open"), (fcntl, "flock")]  # fmt: skip
PASSAGE = "The convoy was hit near Aleppo, the ministry said: “we were not told.” " * 3


def slow_io() -> None:
    """Pause before and after each file operation, wherever it is called from."""

    def slowed(call):
        def pausing(*args, **kwargs):
            time.sleep(random.uniform(0, 0.002))
            try:
                return call(*args, **kwargs)
            finally:
                time.sleep(random.uniform(0, 0.002))

        return pausing

    for module, name in SLOW_CALLS:
        setattr(module, name, slowed(getattr(module, name)))


def bookmark(number: int, tag: str = "") -> bm.Bookmark:
    return bm.Bookmark(
        id=f"{tag}{number:06d}", article="a.txt", text=PASSAGE, start=number, end=number + len(PASSAGE), note=str(number), tags=(tag,) if tag else ()
    )


def naive_replace(path: Path, data: bytes) -> None:
    """Overwrite in place: truncate, then write piece by piece, as a buffered writer does with a large file.

    One `write_bytes` of a small file is a single system call, and a kill
    seldom lands between its truncate and its write (CI once saw 40 kills miss
    it); a file written in pieces stays truncated for every piece.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for at in range(0, len(data), 512):
            os.write(fd, data[at : at + 512])
    finally:
        os.close(fd)


def main(argv: list[str]) -> None:
    store = bm.BookmarkStore(argv[1], lock_timeout=60)
    if argv[2] == "loop":
        if argv[3:] == ["naive"]:
            bm.replace_file = naive_replace
        number = len(store.load())
        print("ready", flush=True)
        slow_io()
        while True:
            store.add(bookmark(number))
            number += 1
    else:
        tag, count = argv[3], int(argv[4])
        if argv[5:] == ["nolock"]:
            bm.file_lock = lambda path, timeout: contextlib.nullcontext()
            bm._remove_stale_temp_files = lambda path: None  # would delete the rival's temp file: not the point
        print("ready", flush=True)
        sys.stdin.readline()
        slow_io()
        for number in range(count):
            store.add(bookmark(number, tag))


if __name__ == "__main__":
    main(sys.argv)
