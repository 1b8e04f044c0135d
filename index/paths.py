"""Where the index of a corpus folder lives: the user's cache, never the corpus folder."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "deconflict-tui"


def cache_root() -> Path:
    """The per-user cache folder (honours XDG_CACHE_HOME on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def index_dir_for(corpus_dir: Path, root: Path | None = None) -> Path:
    """One folder per corpus folder, named after it and a hash of its absolute path."""
    corpus_dir = Path(os.path.abspath(corpus_dir))
    digest = hashlib.sha1(str(corpus_dir).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "_", corpus_dir.name)[:40] or "corpus"
    return (root or cache_root()) / "indexes" / f"{name}-{digest}"
