"""Shared fixtures. No test touches the real user folders: every test gets its own
XDG cache, data, config and state folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.loader import SAMPLES_DIR


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory, monkeypatch) -> Path:
    """Point every per-user folder at a fresh temporary one."""
    base = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        path = base / var.lower()
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    return base


@pytest.fixture
def samples_copy(tmp_path) -> Path:
    """A writable copy of the bundled sample corpus (never edit corpus/samples)."""
    dest = tmp_path / "samples"
    shutil.copytree(SAMPLES_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def samples_index(tmp_path_factory):
    """The sample corpus indexed once for the session, in a private folder."""
    from index import CorpusIndex

    ix = CorpusIndex(SAMPLES_DIR, index_dir=tmp_path_factory.mktemp("samples-index") / "ix")
    ix.update()
    yield ix
    ix.close()


@pytest.fixture(scope="session")
def samples():
    """The five sample articles by the first three characters of their ids ("000"...)."""
    from corpus.loader import load_corpus

    articles, warnings = load_corpus(SAMPLES_DIR)
    assert not warnings
    return {a.id[:3]: a for a in articles}


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """A function making the app on a corpus (the samples by default), with its own bookmarks file and index."""
    from tui.app import DeconflictApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def make(corpus: Path = SAMPLES_DIR, bookmarks: Path | None = None):
        return DeconflictApp(corpus, bookmarks_path=bookmarks or tmp_path / "bookmarks.yaml", index_dir=tmp_path / "index")

    return make


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pgserver.py); skipped, with the reason,
    only where none can run (set DECONFLICT_REQUIRE_POSTGRES=1 to fail instead, as CI does)."""
    from pgserver import required_server

    server = required_server()
    yield server
    server.remove()


@pytest.fixture
def archive_dsn(pg_server) -> str:
    """A fresh, empty database on the session's server."""
    import uuid

    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")
