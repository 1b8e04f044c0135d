"""Everyone's bookmarks in the archive: the same calls as the YAML `BookmarkStore`, one row per bookmark.

Each change is one statement in its own transaction (an INSERT, an UPDATE of one
row, a DELETE), so analysts writing at the same moment lose nothing: there is no
read-modify-write of a shared document. A row holds the entry as the YAML file
would (`Bookmark.to_dict`), with its author (the OS user, or ``--user``).

While the server cannot be reached, changes are queued in a file of the user's
own (JSON, written atomically, in the state folder) and written, in order, when it
answers again (`flush`); the list shown meanwhile is the last one read with the
queued changes applied. Nothing is lost if the app quits meanwhile: the next
start finds the queue. A YAML bookmarks file can be imported (`import_file`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path

import platformdirs

from corpus.bookmarks import Bookmark, BookmarksError, Contents, UnknownBookmarkError, default_bookmarks_path, make_id, read_file
from corpus.bookmarks.bookmark import VERSION
from corpus.files import replace_file

from . import connect as pg


def queue_path(dsn: str) -> Path:
    """Where changes wait for the server: one file per archive (named by a hash of it, never the password)."""
    name = hashlib.sha1(pg.redact(dsn).encode()).hexdigest()[:12]
    return Path(platformdirs.user_state_dir("deconflict-tui", appauthor=False)) / f"archive-queue-{name}.json"


class ArchiveBookmarks:
    """The archive's bookmarks, written as `author`; `path` is what the app shows as where they go."""

    def __init__(self, archive, author: str) -> None:
        self.archive = archive
        self.author = author
        self.path = f"the archive ({archive.shown})"
        self.export_path = default_bookmarks_path().with_suffix(".md")  # where the app writes its Markdown export
        self.queue = queue_path(archive.dsn)
        self._lock = threading.Lock()
        self._last: list[Bookmark] = []
        self.queued_last = False  # the last change was queued, not written

    # -- reading ------------------------------------------------------------------------

    def read(self) -> Contents:
        bookmarks = tuple(self.load())
        return Contents({"version": VERSION, "bookmarks": [b.to_dict() for b in bookmarks]}, bookmarks, (), tuple(range(len(bookmarks))))

    def load(self) -> list[Bookmark]:
        """Every bookmark, oldest first; while the server is down, the last read with the queued changes."""
        try:
            self.flush()
            rows = self.archive.run(lambda conn: conn.execute("SELECT entry, author FROM bookmarks ORDER BY created, id").fetchall())
        except pg.ServerDown:
            with self._lock:
                return _applied(self._last, self._pending())
        bookmarks = [_bookmark(entry, author) for entry, author in rows]
        with self._lock:
            self._last = bookmarks
        return list(bookmarks)

    # -- changes ------------------------------------------------------------------------

    def add(self, bookmark: Bookmark) -> Bookmark:
        """Add `bookmark` (a new id if its id is taken by another); queued if the server is down."""
        bookmark = dataclasses.replace(bookmark, extra={**bookmark.extra, "author": bookmark.extra.get("author", self.author)})
        return self._change({"op": "add", "entry": bookmark.to_dict()}, bookmark)

    def remove(self, bookmark_id: str) -> Bookmark:
        known = {b.id: b for b in self.load()}
        if bookmark_id not in known:
            raise UnknownBookmarkError(Path(self.path), bookmark_id)
        return self._change({"op": "remove", "id": bookmark_id}, known[bookmark_id])

    def update(self, bookmark_id: str, *, note: str | None = None, tags=None) -> Bookmark:
        known = {b.id: b for b in self.load()}
        if bookmark_id not in known:
            raise UnknownBookmarkError(Path(self.path), bookmark_id)
        tags = None if tags is None else ([tags] if isinstance(tags, str) else list(tags))
        changed = dataclasses.replace(
            known[bookmark_id], **({"note": note} if note is not None else {}), **({"tags": tuple(tags)} if tags is not None else {})
        )
        return self._change({"op": "update", "id": bookmark_id, "note": note, "tags": tags}, changed)

    def import_file(self, path: Path) -> tuple[int, int]:
        """The bookmarks of a YAML file added (by their ids: importing twice adds nothing): (added, already there)."""
        contents = read_file(Path(path))
        added = 0
        for b in contents.bookmarks:
            entry = dataclasses.replace(b, extra={**b.extra, "author": b.extra.get("author", self.author)}).to_dict()
            if self.archive.run(lambda conn, e=entry: _insert(conn, e, exact=True)) is not None:
                added += 1
        return added, len(contents.bookmarks) - added

    def _change(self, op: dict, result: Bookmark) -> Bookmark:
        with self._lock:
            pending = self._pending()
            if not pending:
                try:
                    done = self.archive.run(lambda conn: _apply(conn, op))
                    self.queued_last = False
                    self._last = _applied(self._last, [op])  # what is shown of it if the server goes away next
                    return done or result
                except pg.ServerDown:
                    pass
                except pg.ArchiveError as exc:
                    raise BookmarksError(str(exc)) from None
                except pg.driver().Error as exc:  # a read-only role, say
                    raise BookmarksError(f"the archive did not take the bookmark: {pg.scrub(str(exc), self.archive.dsn)}") from None
            self._write_queue([*pending, op])
            self.queued_last = True
            return result

    def flush(self) -> int:
        """Write the queued changes, in order; how many were written. ServerDown if it still cannot."""
        with self._lock:
            pending = self._pending()
            for written, op in enumerate(pending, 1):
                self.archive.run(lambda conn, op=op: _apply(conn, op))
                # Off the queue as soon as it is in: a crash between the two writes it twice, never not at all.
                self._write_queue(pending[written:])
            return len(pending)

    def waiting(self) -> int:
        """How many changes wait for the server."""
        with self._lock:
            return len(self._pending())

    def _pending(self) -> list[dict]:
        try:
            data = json.loads(self.queue.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise BookmarksError(f"the queue of bookmarks waiting for the archive, {self.queue}, cannot be read: {exc}") from None
        return data if isinstance(data, list) else []

    def _write_queue(self, ops: list[dict]) -> None:
        if not ops:
            self.queue.unlink(missing_ok=True)
            return
        self.queue.parent.mkdir(parents=True, exist_ok=True)
        replace_file(self.queue, json.dumps(ops, ensure_ascii=False, indent=1).encode("utf-8"))


def _bookmark(entry: dict, author: str) -> Bookmark:
    b = Bookmark.from_dict(entry)
    return dataclasses.replace(b, extra={**b.extra, "author": author})


def _apply(conn, op: dict) -> Bookmark | None:
    if op["op"] == "add":
        return _insert(conn, op["entry"])
    if op["op"] == "remove":
        conn.execute("DELETE FROM bookmarks WHERE id = %s", (op["id"],))
        return None
    sets, params = [], []
    if op.get("note") is not None:
        sets.append("entry = jsonb_set(entry, '{note}', to_jsonb(%s::text))")
        params.append(op["note"])
    if op.get("tags") is not None:
        from psycopg.types.json import Jsonb

        sets.append("entry = jsonb_set(entry, '{tags}', %s)")
        params.append(Jsonb(op["tags"]))
    for assignment, param in zip(sets, params):  # one at a time: each reads the row as the last left it
        conn.execute(f"UPDATE bookmarks SET {assignment}, updated_at = now() WHERE id = %s", (param, op["id"]))
    row = conn.execute("SELECT entry, author FROM bookmarks WHERE id = %s", (op["id"],)).fetchone()
    return _bookmark(*row) if row else None


def _insert(conn, entry: dict, exact: bool = False) -> Bookmark | None:
    """Insert the entry; a taken id gets a salted one (as the YAML store does), unless `exact`
    (an import: the same id is the same bookmark). None when `exact` and it was there."""
    from psycopg.types.json import Jsonb

    author = entry.get("author") or "unknown"
    salt = 0
    while True:
        candidate = dict(entry)
        if salt:
            candidate["id"] = make_id(entry["article"], entry["start"], entry["end"], entry.get("created", ""), salt)
        row = conn.execute(
            "INSERT INTO bookmarks (id, author, article, entry, created) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING id",
            (candidate["id"], author, candidate["article"], Jsonb(candidate), candidate.get("created", "")),
        ).fetchone()
        if row is not None:
            return _bookmark(candidate, author)
        if exact:
            return None
        salt += 1


def _applied(bookmarks: list[Bookmark], ops: list[dict]) -> list[Bookmark]:
    out = list(bookmarks)
    for op in ops:
        if op["op"] == "add":
            out.append(_bookmark(op["entry"], op["entry"].get("author", "")))
        elif op["op"] == "remove":
            out = [b for b in out if b.id != op["id"]]
        else:
            out = [
                dataclasses.replace(b, **({"note": op["note"]} if op.get("note") is not None else {}),
                                    **({"tags": tuple(op["tags"])} if op.get("tags") is not None else {}))
                if b.id == op["id"] else b
                for b in out
            ]  # fmt: skip
    return out
