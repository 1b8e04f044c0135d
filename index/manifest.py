"""The files kept beside the Whoosh index: what is in it, and the copies.

``manifest.json`` records, per file, (size, mtime, sha1, sidecar mtime), the
schema version and what the search documents were derived with
(`fingerprint`); written last in the first phase of an update, it says the
search index is complete (the incidents are the second phase's, kept with
the analyses: `reading`). ``copies.bin`` holds each article's copy signature and
the groups of copies they make: a line of JSON (ids, shingle counts, groups), then
the signatures' values as they are (`corpus.copies.pack`), not as JSON text,
whose encoding was a fifth of a one-file update at 10,000 articles.

Both are mappings by article id that an update mostly leaves alone, and
rewriting all of them (1 MB and 5 MB at 10,000 articles) for one changed article
was a fifth of that update again. So each has a second file of what changed since
(``manifest-since.json``, ``copies-since.bin``: the entries changed, the ids
removed, and the generation of the first file they apply to); an update writes
only that one, until it holds more than `REWRITE_AFTER` entries, and then the
first file whole, with a new generation, which the second no longer applies to.
Every file is written atomically and parsed again only when it is not the one
this instance last read or wrote (by inode, size and mtime). A process that only
searches reads the manifests' heads (`sound`), never their lists of files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from corpus.copies import pack, unpack
from corpus.files import replace_file

from .documents import SCHEMA_VERSION

MANIFEST, MANIFEST_SINCE = "manifest.json", "manifest-since.json"
COPIES, SINCE = "copies.bin", "copies-since.bin"
LOCK, READING_LOCK = ".lock", ".reading.lock"  # beside the folder: the updates' lock, the analyses'
REWRITE_AFTER = 256  # entries changed since the first file that the second holds at most (or a sixteenth of them all)
_MAGIC = b"deconflict-tui copies 1\n"


class IndexFiles:
    """The manifest and copies of the index in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._kept: dict[tuple[Path, object], tuple[tuple[int, int, int], object]] = {}  # by (path, parse)
        self._merged: dict[tuple[str, object], tuple[dict, dict, dict]] = {}  # by (first file, parse): (its data, the second's, the two applied)

    def beside(self, suffix: str) -> Path:
        """A file next to the folder (its locks), which outlives the folder's being emptied."""
        return self.folder.with_name(self.folder.name + suffix)

    def files(self, derived_with: str) -> dict | None:
        """What the index holds, by article id; None when there is no sound manifest made
        with this schema and `derived_with`."""
        data = self._read(MANIFEST, MANIFEST_SINCE, "files", _parse_json)
        if data is None or data.get("schema") != SCHEMA_VERSION:
            return None
        # An edited gazetteer or a new version of the search code changes every article's document.
        if data.get("derived_with") != derived_with or not (self.folder / COPIES).is_file():
            return None
        return data["files"]

    def sound(self, derived_with: str) -> bool:
        """Whether `files` would give a manifest, from the two files' heads alone: what a
        searching process asks, which keeps no manifest (17 MB at 50,000 articles). A damaged
        list of files after a sound head is found by the next update, which rebuilds."""
        pair = self._pair(MANIFEST, MANIFEST_SINCE, _parse_json_head)
        if pair is None:
            return False
        head, later = pair
        if later is not None:
            head = {**head, **{k: v for k, v in later.items() if k != "of"}}
        return head.get("schema") == SCHEMA_VERSION and head.get("derived_with") == derived_with and (self.folder / COPIES).is_file()

    def copies_partial(self) -> bool:
        """Whether the groups were left unmade by a build interrupted after a checkpoint
        (the manifest says so: no need to read the copies to know)."""
        data = self._read(MANIFEST, MANIFEST_SINCE, "files", _parse_json)
        return data is not None and data.get("copies_partial") is True

    def write_files(self, files: dict, corpus_dir: Path, derived_with: str, copies_partial: bool = False) -> None:
        head = {"schema": SCHEMA_VERSION, "corpus": str(corpus_dir.resolve()), "derived_with": derived_with, "copies_partial": copies_partial}
        self._write(MANIFEST, MANIFEST_SINCE, "files", head, files, _parse_json, _json_bytes)

    def copy_groups(self) -> list[list[str]] | None:
        """The groups of copies (lists of article ids); None when missing or damaged. Reads
        the files' heads only: a searching process keeps no signatures (30 MB at 50,000)."""
        data = self._read(COPIES, SINCE, "signatures", _parse_copies_head)
        return None if data is None else data["groups"]

    def copies(self) -> tuple[dict, list[list[str]]] | None:
        """Each article's copy signature and the groups; None when missing or damaged."""
        data = self._read(COPIES, SINCE, "signatures", _parse_copies)
        return None if data is None else (dict(data["signatures"]), data["groups"])  # a copy: the caller changes it

    def write_copies(self, signatures: dict, groups: list[list[str]]) -> None:
        self._write(COPIES, SINCE, "signatures", {"groups": groups}, signatures, _parse_copies, _copies_bytes)

    # -- a first file and the file of what changed since ---------------------------

    def _pair(self, first: str, since: str, parse) -> tuple[dict, dict | None] | None:
        """(the first file's data, the second's if it applies to that first file); None
        when either is damaged or the first is missing."""
        try:
            base = self._load(self.folder / first, parse)
            try:
                later = self._load(self.folder / since, parse)
            except FileNotFoundError:
                later = None
        except (OSError, ValueError):
            return None
        if later is None or not base.get("generation") or later.get("of") != base["generation"]:
            return base, None  # no changes since, or left by a first file written whole since
        return base, later

    def _read(self, first: str, since: str, items: str, parse) -> dict | None:
        """The first file's data with the second's applied, when it applies to it; None
        when either is missing or damaged."""
        pair = self._pair(first, since, parse)
        if pair is None:
            return None
        base, later = pair
        if later is None:
            return base
        merged = self._merged.get((first, parse))
        if merged is None or merged[0] is not base or merged[1] is not later:
            entries = dict(base[items])
            for key in later["removed"]:
                entries.pop(key, None)
            entries.update(later[items])
            head = {k: v for k, v in later.items() if k not in ("of", "removed", items)}
            merged = self._merged[first, parse] = (base, later, {**base, **head, items: entries})
        return merged[2]

    def _write(self, first: str, since: str, items: str, head: dict, entries: dict, parse, encode) -> None:
        try:
            base = self._load(self.folder / first, parse)
        except (OSError, ValueError):
            base = None
        if base is not None and base.get("generation"):
            old, changed = base[items], {}
            for key, value in entries.items():
                was = old.get(key)
                if was is not value and was != value:  # mostly the very objects read: nothing compared
                    changed[key] = value
            removed = [key for key in old if key not in entries]
            if len(changed) + len(removed) <= max(REWRITE_AFTER, len(entries) // 16):
                self._put(since, {**head, "of": base["generation"], "removed": removed, items: changed}, parse, encode)
                return
        self._put(first, {**head, "generation": os.urandom(8).hex(), items: dict(entries)}, parse, encode)
        (self.folder / since).unlink(missing_ok=True)  # it applies to the old first file only

    def _put(self, name: str, data: dict, parse, encode) -> None:
        path = self.folder / name
        written = _identity(replace_file(path, encode(data), mode=0o644))
        self._kept[path, parse] = (written, data)
        if parse is _parse_copies:  # what this process's searches read of it, without parsing it again
            self._kept[path, _parse_copies_head] = (written, {**data, "signatures": {}})

    def _load(self, path: Path, parse):
        with open(path, "rb") as f:
            key = _identity(os.fstat(f.fileno()))
            kept = self._kept.get((path, parse))
            if kept is not None and kept[0] == key:
                return kept[1]
            data = parse(f)
        self._kept[path, parse] = (key, data)
        return data


def _json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")  # json.dump writes piece by piece: 5x slower


def _parse_json(f) -> dict:
    """manifest.json (or manifest-since.json), read from its open file; ValueError when damaged."""
    data = json.loads(f.read().decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict) or not isinstance(data.get("removed", []), list):
        raise ValueError("not a manifest")
    return data


_HEAD_ENDS = (b', "removed": ', b', "files": ')  # the first key after the head (json.dumps keeps the order written)


def _parse_json_head(f) -> dict:
    """The keys of manifest.json (or manifest-since.json) before its lists, read from its open
    file: schema, derived_with, generation (or "of"). ValueError when they cannot be read."""
    raw = f.read(1 << 16)
    cuts = [i for i in (raw.find(end) for end in _HEAD_ENDS) if i >= 0]
    if not cuts:
        raise ValueError("no manifest head")
    try:
        head = json.loads(raw[: min(cuts)].decode("utf-8") + "}")
    except UnicodeDecodeError as exc:
        raise ValueError("not a manifest") from exc
    if not isinstance(head, dict):
        raise ValueError("not a manifest")
    return head


def _copies_bytes(data: dict) -> bytes:
    ids, shingles, values = pack(data["signatures"])
    head = {k: v for k, v in data.items() if k != "signatures"}
    text = json.dumps({**head, "ids": ids, "shingles": shingles}, ensure_ascii=False)
    return b"".join((_MAGIC, text.encode("utf-8"), b"\n", values))


def _parse_copies(f) -> dict:
    """copies.bin (or copies-since.bin), read from its open file, as its head with
    "signatures"; ValueError when damaged."""
    return _copies_of(f.read(), signatures=True)


def _parse_copies_head(f) -> dict:
    """The same file's head alone (its magic line and its line of JSON): the groups, and
    "signatures" empty. What a searching process reads."""
    return _copies_of(f.readline() + f.readline(), signatures=False)


def _copies_of(raw: bytes, signatures: bool) -> dict:
    if not raw.startswith(_MAGIC):
        raise ValueError("not a copies file")
    end = raw.find(b"\n", len(_MAGIC))  # JSON text holds no raw newline
    if end < 0:
        raise ValueError("no end to the copies file's head")
    head = json.loads(raw[len(_MAGIC) : end].decode("utf-8"))
    if not isinstance(head, dict):
        raise ValueError("not a copies file")
    groups, removed = head.get("groups"), head.get("removed", [])
    if not (isinstance(groups, list) and all(isinstance(g, list) and all(isinstance(a, str) for a in g) for g in groups)):
        raise ValueError("damaged groups")
    if not (isinstance(removed, list) and all(isinstance(a, str) for a in removed)):
        raise ValueError("damaged list of removed signatures")
    ids, shingles = head.pop("ids", None), head.pop("shingles", None)
    found = unpack(ids, shingles, memoryview(raw)[end + 1 :]) if signatures else {}
    return {**head, "signatures": found, "groups": groups, "removed": removed}



def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)
