"""Article analyses kept beside the index, so the reader opens an article it has
shown before without reading it again.

One SQLite file in the index folder: article id → the SHA-1 of the text it was
analysed from and the analysis as compressed JSON. An entry is used only when
the article's text, and the corpus layer and gazetteer that analysed it, still
hash the same. A cache that
cannot be opened or written is no cache: `analyze` still answers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from pathlib import Path

from corpus.analysis import Analysis, analysis_from_dict, analysis_to_dict, analyze
from corpus.article import Article
from corpus.gazetteer import Gazetteer

FILE = "analysis.sqlite"


class AnalysisCache:
    def __init__(self, index_dir: Path, derived_with: str = ""):
        self.path = Path(index_dir) / FILE
        self._derived_with = derived_with.encode()  # what analyses are made with: part of each key
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            try:
                db = sqlite3.connect(self.path, timeout=1.0, check_same_thread=False, isolation_level=None)
                db.execute("CREATE TABLE IF NOT EXISTS analysis (article TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL)")
                self._db = db
            except sqlite3.Error:
                self._broken = True  # unwritable folder, a damaged file: go without
        return self._db

    def analyze(self, article: Article, gazetteer: Gazetteer | None = None) -> Analysis:
        """`corpus.analysis.analyze(article, gazetteer)`, from the cache when it holds this
        text's (the cache's `derived_with` must say which gazetteer)."""
        digest = hashlib.sha1(self._derived_with + b"\0" + article.text.encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            db = self._connect()
            row = None
            if db is not None:
                try:
                    row = db.execute("SELECT digest, data FROM analysis WHERE article = ?", (article.id,)).fetchone()
                except sqlite3.Error:
                    row = None
        if row is not None and row[0] == digest:
            try:
                return analysis_from_dict(json.loads(zlib.decompress(row[1])))
            except (zlib.error, ValueError, KeyError, TypeError):
                pass  # a damaged entry: analyse again and replace it
        analysis = analyze(article, gazetteer)
        data = zlib.compress(json.dumps(analysis_to_dict(analysis), ensure_ascii=False).encode("utf-8", "surrogatepass"))
        with self._lock:
            db = self._connect()
            if db is not None:
                try:
                    db.execute("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", (article.id, digest, data))
                except sqlite3.Error:
                    pass  # locked by another instance, or read-only: the next open analyses again
        return analysis

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
