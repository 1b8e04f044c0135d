"""The JSON files kept beside the Whoosh index: what is in it, and the copies.

``manifest.json`` records, per file, (size, mtime, sha1, sidecar mtime), the
schema version and what the search documents were derived with
(`fingerprint`); written last in the first phase of an update, it says the
search index is complete (the incidents are the second phase's, kept with
the analyses: `reading`). ``copies.json`` holds each article's copy signature (packed: `corpus.copies.pack`)
and the groups of copies they make. All are written atomically and parsed again only when the file is not the one this
instance last read or wrote (by inode, size and mtime): parsing them was a fifth
of a one-file update at 10,000 articles.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from corpus.copies import pack, unpack
from corpus.files import replace_file

from .documents import SCHEMA_VERSION

MANIFEST = "manifest.json"
COPIES = "copies.json"


class IndexFiles:
    """The manifest and copies of the index in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._kept: dict[Path, tuple[tuple[int, int, int], object]] = {}
        self._signatures: tuple[object, dict] = (None, {})  # copies.json's data as last read, unpacked

    def files(self, derived_with: str) -> dict | None:
        """What the index holds, by article id; None when there is no sound manifest made
        with this schema and `derived_with`."""
        try:
            data = self._load(self.folder / MANIFEST)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION or not isinstance(data.get("files"), dict):
            return None
        # An edited gazetteer or a new version of the search code changes every article's document.
        if data.get("derived_with") != derived_with or not (self.folder / COPIES).is_file():
            return None
        return data["files"]

    def write_files(self, files: dict, corpus_dir: Path, derived_with: str) -> None:
        self._write(self.folder / MANIFEST, {"schema": SCHEMA_VERSION, "corpus": str(corpus_dir.resolve()), "derived_with": derived_with, "files": files})

    def copy_groups(self) -> list[list[str]] | None:
        """The groups of copies (lists of article ids); None when missing or damaged."""
        try:
            data = self._load(self.folder / COPIES)
        except (OSError, ValueError):
            return None
        groups = data.get("groups") if isinstance(data, dict) else None
        if not (isinstance(groups, list) and all(isinstance(g, list) for g in groups)):
            return None
        return groups

    def copies(self) -> tuple[dict, list[list[str]]] | None:
        """Each article's copy signature and the groups; None when missing or damaged."""
        groups = self.copy_groups()
        if groups is None:
            return None
        try:
            data = self._load(self.folder / COPIES)
            if self._signatures[0] is not data:  # unpacking 10,000 took a tenth of a one-file update
                self._signatures = (data, unpack(data.get("signatures")))
        except (OSError, ValueError, AttributeError):
            return None
        return dict(self._signatures[1]), groups  # a copy: the caller changes it

    def copies_partial(self) -> bool:
        """Whether the groups were left unmade by a build interrupted after a checkpoint."""
        try:
            data = self._load(self.folder / COPIES)
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("partial") is True

    def write_copies(self, signatures: dict, groups: list[list[str]], partial: bool = False) -> None:
        """`partial`: the signatures so far of a build not finished, its groups not made yet."""
        data = {"signatures": pack(signatures), "groups": groups} | ({"partial": True} if partial else {})
        self._write(self.folder / COPIES, data)
        self._signatures = (data, dict(signatures))

    def _write(self, path: Path, data) -> None:
        written = replace_file(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), mode=0o644)  # json.dump writes piece by piece: 5x slower
        self._kept[path] = (_identity(written), data)

    def _load(self, path: Path):
        with open(path, "rb") as f:
            key = _identity(os.fstat(f.fileno()))
            kept = self._kept.get(path)
            if kept is not None and kept[0] == key:
                return kept[1]
            data = json.loads(f.read().decode("utf-8"))
        self._kept[path] = (key, data)
        return data


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)
