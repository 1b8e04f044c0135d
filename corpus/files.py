"""Writing files that must never be half-written, and locks shared between processes.

`replace_file` makes a file hold new bytes all or nothing: a temp file beside it,
fsync, rename, fsync of the folder; a reader sees the old file or the new one,
whenever the writer is killed. `FileLock` is an exclusive lock on a file, held
by one process at a time (flock; msvcrt on Windows). The bookmarks store, the
index's manifest and every export write through them.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager, suppress
from collections.abc import Iterator
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int | None = None) -> os.stat_result:
    """Make `path` hold `data`, all or nothing; the new file's stat.

    The file keeps its permissions; a new one gets `mode` (default 0o600: what a
    user writes is theirs alone unless they say otherwise).
    """
    path = Path(path)
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o600 if mode is None else mode
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            written = os.fstat(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    return written


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder that cannot be opened so (Windows): the rename is what we have
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def remove_stale_temp_files(path: Path) -> None:
    """Temp files that killed writers of `path` left behind; call only while holding its lock."""
    path = Path(path)
    for stale in path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"):
        with suppress(OSError):
            stale.unlink()


def _glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


class LockTimeout(Exception):
    """Another process held the lock for longer than we would wait."""


class FileLock:
    """An exclusive lock on the file at `path`, shared with other processes.

    `acquire(timeout)` says whether it got the lock; `hold(timeout)` is the same
    as a context manager that raises LockTimeout. The lock file stays in place
    (removing it would race). A lock file that cannot be made means no lock: the
    folder then cannot be written anyway.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._held = False

    def acquire(self, timeout: float) -> bool:
        if self._held:
            return True
        if self._fd is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return True
        deadline = time.monotonic() + timeout
        delay = 0.001
        while not _try_lock(self._fd):
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        self._held = True
        return True

    def release(self) -> None:
        if self._fd is not None:
            if self._held:
                _unlock(self._fd)
            os.close(self._fd)  # closing releases the lock in any case
            self._fd, self._held = None, False

    @contextmanager
    def hold(self, timeout: float) -> Iterator[None]:
        try:
            if not self.acquire(timeout):
                raise LockTimeout(f"{self.path} is held by another process (waited {timeout:g} s)")
            yield
        finally:
            self.release()

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
