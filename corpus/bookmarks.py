"""Passage bookmarks: the YAML file, safe writes, finding passages again, export.

The file (``bookmarks.yaml`` in the user's data folder unless told otherwise)
is meant to be read and edited by hand::

    version: 1
    bookmarks:
    - id: 13b94e8f                        # short and stable: never changes once made
      article: 000_d77898aa2ffd351f.txt   # the file's path in the corpus folder
      title: Russia wants to jointly run Al Tanf corridor, coalition says no
      outlet: Military Times
      published: 2018-11                  # 2016-07-22, 2018-11, 2018 or undated
      text: Let’s take Al Tanf, for example   # the passage, exactly
      prefix: |-                          # up to 32 characters before it...
        esolved issue for his forces.

        “
      suffix: '," he said Wednesday at a foreig'   # ...and after it, to find it again
      start: 472                          # character offsets into the article's text
      end: 503
      note: ''
      tags:
      - tanf
      created: '2026-11-21T13:24:08Z'     # ISO 8601, UTC
      speaker: Gen. Valery Gerasimov      # optional: who said it, when it is a quote

Keys this module does not know, in an entry or at the top, are kept, and so are
entries it cannot read (they are listed as `Skipped`, never dropped). Comments
and layout are not kept: each write re-emits the file in the style above.

Every write locks ``FILE.lock``, re-reads the file, applies its one change to
what is on disk (so an edit made in an editor meanwhile survives), and replaces
the file atomically (temp file beside it, fsync, rename, fsync the folder). A
file that does not parse, or is not of this shape, is never written: reading or
writing it raises `BookmarksFileError`, naming the file and line. The file is
read by `safe_yaml`: plain data only (``!!python/object`` tags are refused, never
run), and no duplicate keys, runaway nesting or alias bombs.

`locate` finds a passage again after its article was edited: ``exact`` (the
offsets still hold), ``moved`` (the same text elsewhere), ``fuzzy`` (similar
text where prefix, passage and suffix best align) or ``orphaned`` (kept, not
found). `export_markdown` and `export_yaml` write a list of bookmarks out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import hashlib
import itertools
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs
import yaml

from . import safe_yaml
from .article import Article

VERSION = 1
CONTEXT_CHARS = 32
FILE_NAME = "bookmarks.yaml"
STATUSES = ("exact", "moved", "fuzzy", "orphaned")
REQUIRED = ("id", "article", "text", "start", "end")


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


@dataclass(frozen=True)
class Bookmark:
    id: str
    article: str
    text: str
    start: int
    end: int
    title: str = ""
    outlet: str = ""
    published: str = ""
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    speaker: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)  # unknown keys, kept as read

    def to_dict(self) -> dict[str, Any]:
        """The entry as written to the file, keys in the documented order."""
        entry: dict[str, Any] = {
            "id": self.id,
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "text": self.text,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
        }
        if self.speaker is not None:
            entry["speaker"] = self.speaker
        for key, value in self.extra.items():
            entry.setdefault(key, value)
        return entry

    @classmethod
    def from_dict(cls, entry: Any) -> Bookmark:
        """The bookmark an entry describes; ValueError says why it does not describe one."""
        if not isinstance(entry, dict):
            raise ValueError(f"not a mapping but {_yaml_kind(entry)}")
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            raise ValueError("missing " + ", ".join(repr(k) for k in missing))
        for key in ("start", "end"):
            value = entry[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{key!r} is not an offset: {value!r}")
        if not isinstance(entry["text"], str):
            raise ValueError(f"'text' is not a string: {entry['text']!r}")
        speaker = entry.get("speaker")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        return cls(
            id=_as_text(entry["id"]),
            article=_as_text(entry["article"]),
            text=entry["text"],
            start=entry["start"],
            end=entry["end"],
            title=_as_text(entry.get("title")),
            outlet=_as_text(entry.get("outlet")),
            published=_as_text(entry.get("published")),
            prefix=_as_text(entry.get("prefix")),
            suffix=_as_text(entry.get("suffix")),
            note=_as_text(entry.get("note")),
            tags=_as_tags(entry.get("tags")),
            created=_as_text(entry.get("created")),
            speaker=None if speaker is None else _as_text(speaker),
            extra={k: v for k, v in entry.items() if k not in known},
        )


def _as_text(value: Any) -> str:
    """A hand-edited scalar as text: YAML reads an unquoted 2016-07-22 as a date, 42 as an int."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(_as_text(v) for v in value if v is not None)
    return (_as_text(value),)


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {value!r}"


def make_id(article: str, start: int, end: int, created: str, salt: int = 0) -> str:
    key = f"{article}\0{start}\0{end}\0{created}" + (f"\0{salt}" if salt else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_bookmark(
    article: Article,
    start: int,
    end: int,
    note: str = "",
    tags: Iterable[str] = (),
    speaker: str | None = None,
    created: str | None = None,
) -> Bookmark:
    """A bookmark of ``article.text[start:end]`` with its context and the article's metadata."""
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"span {start}:{end} is not a passage of {article.id} ({len(article.text)} characters)")
    created = created or utc_now()
    return Bookmark(
        id=make_id(article.id, start, end, created),
        article=article.id,
        text=article.text[start:end],
        start=start,
        end=end,
        title=article.title,
        outlet=article.outlet or "",
        published=str(article.published),
        prefix=article.text[max(0, start - CONTEXT_CHARS) : start],
        suffix=article.text[end : end + CONTEXT_CHARS],
        note=note,
        tags=tuple(tags),
        created=created,
        speaker=speaker,
    )


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
    """Make `path` hold `data`, all or nothing: a temp file beside it, fsync, rename, fsync the folder."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o600  # notes are private: a new file is readable by its owner only
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with _suppress_os_error():
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextmanager
def _suppress_os_error() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed writer left behind; only called while holding the lock, so none is in use."""
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        with _suppress_os_error():
            stale.unlink()


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


@contextmanager
def file_lock(path: Path, timeout: float) -> Iterator[None]:
    """An exclusive flock on ``path.lock``; the lock file is left in place (removing it would race)."""
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BookmarksError(f"{path} is locked by another process (waited {timeout:g} s)") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


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
        except OSError as exc:
            raise BookmarksError(f"cannot write bookmarks file {target}: {exc.strerror or exc}") from None


def _entry_id(entry: Any) -> str | None:
    return _as_text(entry["id"]) if isinstance(entry, dict) and "id" in entry else None


# --- finding a passage again -------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a bookmark's passage is in its article now; no offsets when orphaned."""

    start: int | None
    end: int | None
    status: str  # one of STATUSES


ORPHANED = Location(None, None, "orphaned")
FUZZY_MIN_RATIO = 0.6  # how alike the found passage and the bookmarked one must be
FUZZY_CHUNK = 12  # length of the pieces of the passage searched for exactly, to find where it went
FUZZY_CANDIDATES = 3


def locate(bookmark: Bookmark, article: Article | None) -> Location:
    """Find the passage: by its offsets, else by its exact text, else by a fuzzy match with its context."""
    if article is None or not bookmark.text:
        return ORPHANED
    text = article.text
    if text[bookmark.start : bookmark.end] == bookmark.text:
        return Location(bookmark.start, bookmark.end, "exact")
    found = _find_exact(bookmark, text)
    if found is not None:
        return Location(found, found + len(bookmark.text), "moved")
    span = _find_fuzzy(bookmark, text)
    if span is not None:
        return Location(span[0], span[1], "fuzzy")
    return ORPHANED


def _find_exact(bookmark: Bookmark, text: str) -> int | None:
    """The occurrence of the passage whose surroundings best match the stored prefix and suffix."""
    starts = [m.start() for m in re.finditer(re.escape(bookmark.text), text)]
    if not starts:
        return None

    def score(start: int) -> tuple[int, int]:
        before = text[max(0, start - len(bookmark.prefix)) : start]
        after = text[start + len(bookmark.text) :][: len(bookmark.suffix)]
        context = _common_suffix(before, bookmark.prefix) + _common_prefix(after, bookmark.suffix)
        return (context, -abs(start - bookmark.start))

    return max(starts, key=score)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _find_fuzzy(bookmark: Bookmark, text: str) -> tuple[int, int] | None:
    """The stretch of `text` most like the passage, aligning prefix+passage+suffix where pieces of it still occur."""
    needle = bookmark.prefix + bookmark.text + bookmark.suffix
    slack = len(needle) // 2 + FUZZY_CHUNK
    best: tuple[float, int, int] | None = None
    stored_origin = bookmark.start - len(bookmark.prefix)  # an edit elsewhere often leaves it close
    for origin in dict.fromkeys([*_likely_origins(needle, text), stored_origin]):
        lo, hi = max(0, origin - slack), min(len(text), origin + len(needle) + slack)
        opcodes = difflib.SequenceMatcher(None, text[lo:hi], needle, autojunk=False).get_opcodes()
        start = lo + _map_offset(opcodes, len(bookmark.prefix))
        end = lo + _map_offset(opcodes, len(bookmark.prefix) + len(bookmark.text))
        start, end = _snap_to_words(bookmark, text, start, end)
        if end <= start:
            continue
        ratio = difflib.SequenceMatcher(None, text[start:end], bookmark.text, autojunk=False).ratio()
        if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best[0]):
            best = (ratio, start, end)
    return best[1:] if best else None


def _snap_to_words(bookmark: Bookmark, text: str, start: int, end: int) -> tuple[int, int]:
    """Move each end of a fuzzy match to the nearest word edge when the bookmarked passage had one there.

    Where a word at the edge of the passage was rewritten, the alignment can cut
    into it; an analyst's passage starts and ends between words.
    """
    if (not bookmark.prefix or bookmark.prefix[-1].isspace()) and not bookmark.text[0].isspace():
        start = _nearest(start, text, lambda i: i == 0 or (text[i - 1].isspace() and not text[i].isspace()))
    if (not bookmark.suffix or bookmark.suffix[0].isspace()) and not bookmark.text[-1].isspace():
        end = _nearest(end, text, lambda i: i == len(text) or (text[i].isspace() and not text[i - 1].isspace()))
    return start, end


def _nearest(at: int, text: str, is_edge: Callable[[int], bool]) -> int:
    for distance in range(FUZZY_CHUNK * 2):
        for i in (at - distance, at + distance):
            if 0 <= i <= len(text) and is_edge(i):
                return i
    return at


def _likely_origins(needle: str, text: str) -> list[int]:
    """Where `needle` would start in `text`, by votes of the pieces of it found there verbatim.

    Searching pieces with str.find keeps this fast on long articles, where aligning
    the whole article with difflib would take seconds.
    """
    votes: dict[int, int] = {}
    size = min(FUZZY_CHUNK, len(needle))
    for piece_start in range(0, len(needle) - size + 1, max(1, size // 2)):
        piece = needle[piece_start : piece_start + size]
        if not piece.strip():
            continue
        hits = list(itertools.islice(_occurrences(text, piece), 11))
        if len(hits) > 10:
            continue  # too common to say where the passage is
        for hit in hits:
            bucket = (hit - piece_start) // FUZZY_CHUNK
            votes[bucket] = votes.get(bucket, 0) + 1
    ranked = sorted(votes, key=lambda b: -votes[b])[:FUZZY_CANDIDATES]
    return [bucket * FUZZY_CHUNK for bucket in ranked]


def _occurrences(text: str, piece: str) -> Iterator[int]:
    at = text.find(piece)
    while at != -1:
        yield at
        at = text.find(piece, at + 1)


def _map_offset(opcodes: list[tuple[str, int, int, int, int]], j: int) -> int:
    """The position in the first sequence that lines up with position `j` of the second."""
    for tag, i1, i2, j1, j2 in opcodes:
        if j1 <= j < j2:
            return i1 + min(j - j1, i2 - i1) if tag != "insert" else i1
    return opcodes[-1][2] if opcodes else 0


# --- export ------------------------------------------------------------------


def export_yaml(bookmarks: Iterable[Bookmark]) -> str:
    """The bookmarks as a bookmarks file of their own."""
    return safe_yaml.dump({"version": VERSION, "bookmarks": [b.to_dict() for b in bookmarks]})


def export_markdown(bookmarks: Iterable[Bookmark]) -> str:
    """The bookmarks as citations: the passage quoted, then who, where, when, which article, note, tags."""
    parts = ["# Bookmarks\n"]
    for bookmark in bookmarks:
        quote = "\n".join(f"> {line}" if line.strip() else ">" for line in _md_escape(bookmark.text.strip()).split("\n"))
        source = ", ".join(
            part
            for part in (
                f"*{_md_escape(bookmark.outlet)}*" if bookmark.outlet else "",
                bookmark.published or "undated",
                f"“{_md_escape(bookmark.title)}”" if bookmark.title else "",
            )
            if part
        )
        cite = f"— {_md_escape(bookmark.speaker)}, in {source}" if bookmark.speaker else f"— {source}"
        lines = [quote, "", f"{cite} (`{bookmark.article}`, characters {bookmark.start}–{bookmark.end})"]
        if bookmark.note:
            lines += ["", f"**Note:** {_md_escape(bookmark.note)}"]
        if bookmark.tags:
            lines += ["", "**Tags:** " + ", ".join(_md_escape(t) for t in bookmark.tags)]
        lines += ["", f"<sub>bookmark {bookmark.id}, {bookmark.created}</sub>"]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LIST_MARK = re.compile(r"^(\s*)(?:([-+=])|(\d+)(?=[.)]))", re.MULTILINE)


def _md_escape(text: str) -> str:
    """Text that renders literally in Markdown, not as emphasis, links, headings or lists."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LIST_MARK.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\"), text)
