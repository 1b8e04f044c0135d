"""The search-backend seam: what the app and the command line ask of an index, and which one answers.

Two backends answer the same calls (`Backend`): the Whoosh index of one corpus
folder in the user's cache (`CorpusIndex`, the default: nothing changes for a
single user), and a team's shared archive on PostgreSQL (`index.postgres.Archive`),
chosen by a connection string: ``--database``, else ``DECONFLICT_DATABASE``, else
``database:`` in ``config.yaml`` in the user's config folder (`database_setting`).

Filters and facet counts are part of the seam: `search` takes `filters`
(`index.facets.Filter`) and with `facets=True` its results carry each facet value's
count under the query and the other filters; `kept_articles` narrows the incidents.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import platformdirs

ENV = "DECONFLICT_DATABASE"
CONFIG_NAME = "config.yaml"


class Backend(Protocol):
    """What both backends offer (see `CorpusIndex` for each call's meaning)."""

    corpus_dir: Path
    name: str  # "whoosh" or "postgresql"

    @property
    def fallback_warning(self) -> str | None: ...
    @property
    def gazetteer(self): ...
    @property
    def gazetteer_problems(self) -> tuple[str, ...]: ...
    def update(self, rebuild: bool = False, progress: Callable[[int, int, str], None] | None = None, readers: int = 0): ...
    def pending(self) -> int: ...
    def open_existing(self, reopen: bool = False) -> bool: ...
    def __len__(self) -> int: ...
    def parse(self, text: str): ...
    def search(self, text: str, limit: int = 20, sort: str = "relevance", offset: int = 0, filters: tuple = (), facets: bool = False): ...
    def kept_articles(self, filters: tuple) -> frozenset[str]: ...
    def load_article(self, article_id: str): ...
    def article_or_none(self, article_id: str): ...
    def analyze(self, article): ...
    def incidents(self) -> tuple[list, list[str]]: ...
    def reading(self): ...
    def copy_groups(self) -> dict[str, tuple[str, ...]]: ...
    def close(self) -> None: ...


class SettingError(Exception):
    """A config file that cannot be used: which file, which line, why."""


def config_path() -> Path:
    return Path(platformdirs.user_config_dir("deconflict-tui", appauthor=False)) / CONFIG_NAME


def database_setting(given: str | None = None) -> tuple[str | None, str]:
    """The connection string to use (None: the Whoosh index) and where it came from."""
    if given:
        return given, "--database"
    if os.environ.get(ENV):
        return os.environ[ENV], ENV
    path = config_path()
    if not path.is_file():
        return None, ""
    from corpus import safe_yaml

    try:
        node, data = safe_yaml.read_file(path)
    except safe_yaml.FileProblem as exc:
        raise SettingError(str(exc)) from None
    if data is None:
        return None, ""
    if not isinstance(data, dict):
        raise SettingError(f"{path}: expected a mapping such as 'database: postgresql://host/archive'")
    value = data.get("database")
    if value in (None, ""):
        return None, ""
    if not isinstance(value, str):
        raise SettingError(f"{path}, line {safe_yaml.line_of(safe_yaml.value_node(node, 'database')) or 1}: 'database' should be a connection string")
    return value, str(path)


def default_user() -> str:
    """Who writes: the OS user."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def open_backend(corpus_dir: Path, database: str | None = None, index_dir: Path | None = None, user: str | None = None, collection: str | None = None):
    """The Whoosh index of `corpus_dir`, or the archive at `database`."""
    if database:
        from .postgres import Archive

        return Archive(database, corpus_dir=corpus_dir, user=user or default_user(), collection=collection)
    from .corpus_index import CorpusIndex

    return CorpusIndex(corpus_dir, index_dir)


def is_setting_problem(exc: BaseException) -> bool:
    """A config file that cannot be used, or an archive that cannot answer: told in one
    line, never as a traceback (the driver is looked at only if it was imported)."""
    import sys

    archive = sys.modules.get("index.postgres.connect")
    return isinstance(exc, SettingError) or bool(archive and isinstance(exc, archive.ArchiveError))

