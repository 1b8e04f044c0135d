"""The bookmarks file: its YAML, and the locked read-merge-write of every change.

See the package's docstring for the file's shape and the guarantees of a write.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs
import yaml

from .. import safe_yaml
from ..files import FileLock, LockTimeout, remove_stale_temp_files
from ..files import replace_file as _replace_file
from .bookmark import FILE_NAME, VERSION, Bookmark, _as_text, _yaml_kind, make_id

def default_bookmarks_path() -> Path:
    """``bookmarks.yaml`` in the user's data folder (``$XDG_DATA_HOME/deconflict-tui`` on Linux)."""
    return Path(platformdirs.user_data_dir("deconflict-tui", appauthor=False)) / FILE_NAME


class BookmarksError(Exception):
    """A bookmarks operation that could not be done; the message is for the user."""


class BookmarksFileError(BookmarksError):
    """The file cannot be read as bookmarks, so it must not be written either."""

    def __init__(self, path: str | os.PathLike, reason: str, line: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}, line {line}" if line else str(self.path)
        super().__init__(f"bookmarks file {where}: {reason}")


class UnknownBookmarkError(BookmarksError):
    def __init__(self, path: Path, bookmark_id: str):
        self.bookmark_id = bookmark_id
        super().__init__(f"no bookmark with id {bookmark_id!r} in {path}")


# --- the YAML text ---------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """An entry kept in the file but not understood as a bookmark."""

    index: int
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else f"entry {self.index + 1}"
        return f"{where}: {self.reason}; kept in the file as it is"


@dataclass(frozen=True)
class Contents:
    """What a bookmarks file holds: the document as parsed, the bookmarks in it, what was skipped."""

    document: dict[str, Any]
    bookmarks: tuple[Bookmark, ...]
    skipped: tuple[Skipped, ...]
    indices: tuple[int, ...] = ()  # where each bookmark is in document["bookmarks"]


def parse_text(text: str, path: str | os.PathLike = FILE_NAME) -> Contents:
    """The bookmarks in `text`, or BookmarksFileError naming `path` and the line."""
    try:
        node, data = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        raise _file_error(path, exc) from None
    if data is None:
        return Contents({"version": VERSION, "bookmarks": []}, (), (), ())
    if not isinstance(data, dict):
        raise BookmarksFileError(path, f"expected a mapping with 'version' and 'bookmarks', found {_yaml_kind(data)}", _line(node))
    if "version" not in data:
        raise BookmarksFileError(path, "no 'version' key (expected 'version: 1')", _line(node))
    if data["version"] != VERSION:
        raise BookmarksFileError(path, f"unsupported version {data['version']!r} (this app reads version {VERSION})", _line_of_key(node, "version"))
    entries = data.get("bookmarks")
    if entries is None:
        data["bookmarks"] = entries = []
    elif not isinstance(entries, list):
        raise BookmarksFileError(path, f"'bookmarks' should be a list, found {_yaml_kind(entries)}", _line_of_key(node, "bookmarks"))
    entry_nodes = _value_node(node, "bookmarks")
    bookmarks, skipped, indices = [], [], []
    for index, entry in enumerate(entries):
        try:
            bookmarks.append(Bookmark.from_dict(entry))
            indices.append(index)
        except ValueError as exc:
            entry_line = _line(entry_nodes.value[index]) if entry_nodes is not None else None
            skipped.append(Skipped(index, entry_line, str(exc)))
    return Contents(data, tuple(bookmarks), tuple(skipped), tuple(indices))


def _file_error(path: str | os.PathLike, exc: yaml.YAMLError) -> BookmarksFileError:
    return BookmarksFileError(path, *safe_yaml.describe(exc))


def _line(node: yaml.Node) -> int:
    return safe_yaml.line_of(node)


def _value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    return safe_yaml.value_node(node, key)


def _line_of_key(node: yaml.Node, key: str) -> int | None:
    return safe_yaml.line_of(_value_node(node, key))


# --- the file ---------------------------------------------------------------


def read_file(path: Path) -> Contents:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read forever
            raise BookmarksFileError(path, "not a regular file")
        data = _read_settled(path)
    except FileNotFoundError:
        return parse_text("", path)
    except OSError as exc:
        raise BookmarksFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BookmarksFileError(path, f"not UTF-8 (byte 0x{data[exc.start]:02x})", line) from None
    return parse_text(text, path)


def _read_settled(path: Path, attempts: int = 5) -> bytes:
    """The file's bytes, read again while it changes under us (an editor saving in place)."""
    for _ in range(attempts):
        with open(path, "rb") as f:
            before = os.fstat(f.fileno())
            data = f.read()
        after = os.stat(path)
        if (before.st_ino, before.st_size, before.st_mtime_ns) == (after.st_ino, after.st_size, after.st_mtime_ns):
            return data
        time.sleep(0.05)
    return data


def replace_file(path: Path, data: bytes) -> None:
    """Make `path` hold `data`, all or nothing (see `corpus.files.replace_file`)."""
    _replace_file(path, data)


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed writer left behind; only called while holding the lock, so none is in use."""
    remove_stale_temp_files(path)


def file_lock(path: Path, timeout: float):
    """An exclusive lock on ``path.lock``, as a context manager (LockTimeout if it is held too long)."""
    return FileLock(path.with_name(path.name + ".lock")).hold(timeout)


class BookmarkStore:
    """The bookmarks file at `path`. Each change is one locked read-merge-write of the whole file."""

    def __init__(self, path: str | os.PathLike | None = None, *, lock_timeout: float = 10.0):
        self.path = Path(path) if path is not None else default_bookmarks_path()
        self.lock_timeout = lock_timeout

    def read(self) -> Contents:
        """The file's bookmarks and skipped entries; BookmarksFileError if it can't be read as bookmarks."""
        return read_file(self._target())

    def load(self) -> list[Bookmark]:
        return list(self.read().bookmarks)

    def add(self, bookmark: Bookmark) -> Bookmark:
        """Append `bookmark`; returns it as stored (a new id only if its id is already taken)."""

        def change(contents: Contents) -> Bookmark:
            taken = {_entry_id(e) for e in contents.document["bookmarks"]}
            stored, salt = bookmark, 0
            while stored.id in taken:
                salt += 1
                stored = replace(stored, id=make_id(bookmark.article, bookmark.start, bookmark.end, bookmark.created, salt))
            contents.document["bookmarks"].append(stored.to_dict())
            return stored

        return self._write(change)

    def remove(self, bookmark_id: str) -> Bookmark:
        """Delete the bookmark with this id (every entry with it, should an editor have copied one)."""

        def change(contents: Contents) -> Bookmark:
            found = self._matching(contents, bookmark_id)
            entries = contents.document["bookmarks"]
            entries[:] = [e for i, e in enumerate(entries) if i not in found]
            return next(iter(found.values()))

        return self._write(change)

    def update(self, bookmark_id: str, *, note: str | None = None, tags: Iterable[str] | None = None) -> Bookmark:
        """Set the note and/or tags of a bookmark, leaving the rest of its entry as it is on disk."""

        def change(contents: Contents) -> Bookmark:
            entries = contents.document["bookmarks"]
            for index in self._matching(contents, bookmark_id):
                if note is not None:
                    entries[index]["note"] = note
                if tags is not None:
                    entries[index]["tags"] = [tags] if isinstance(tags, str) else list(tags)
            return Bookmark.from_dict(entries[index])

        return self._write(change)

    def _matching(self, contents: Contents, bookmark_id: str) -> dict[int, Bookmark]:
        """The entries that are readable bookmarks with this id, by index; entries it can't read are never touched."""
        found = {i: b for i, b in zip(contents.indices, contents.bookmarks) if b.id == bookmark_id}
        if not found:
            raise UnknownBookmarkError(self.path, bookmark_id)
        return found

    def _target(self) -> Path:
        # Write through a symlink (a dotfiles checkout) rather than replacing the link itself.
        return Path(os.path.realpath(self.path))

    def _write(self, change: Callable[[Contents], Bookmark]) -> Bookmark:
        target = self._target()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(target, self.lock_timeout):
                contents = read_file(target)
                result = change(contents)
                try:
                    text = safe_yaml.dump(contents.document)
                except yaml.YAMLError as exc:
                    raise BookmarksFileError(target, f"holds a value this app cannot write back ({exc})") from None
                _remove_stale_temp_files(target)
                replace_file(target, text.encode("utf-8"))
                return result
        except LockTimeout:
            raise BookmarksError(f"{target} is locked by another process (waited {self.lock_timeout:g} s)") from None
        except OSError as exc:
            raise BookmarksError(f"cannot write bookmarks file {target}: {exc.strerror or exc}") from None


def _entry_id(entry: Any) -> str | None:
    return _as_text(entry["id"]) if isinstance(entry, dict) and "id" in entry else None
