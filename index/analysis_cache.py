"""The reading analyses kept beside the index: what the second phase of an update
made of each article, and what the reader made of one it opened first.

One SQLite file in the index folder (write-ahead log: the app reads while a
build's process writes), one row per article: the SHA-1 of the reading version
and the text it was analysed from (`digest`), the analysis as compressed JSON,
and, from the second phase, the reading version alone, the manifest's stamp of
the file it read (`stamp`: which file content), the incidents it reports and the
facet values the analysis gives (incident types, quoted people, the incidents'
sides). The reader uses an entry only when the article's text, and the reading
code and gazetteer, still hash the same; the second phase redoes an article
whose version or stamp differs. A cache that cannot be opened or written is no
cache: `analyze` still answers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from corpus.analysis import Analysis, analysis_from_dict, analysis_to_dict, analyze
from corpus.article import Article
from corpus.gazetteer import Gazetteer

FILE = "analysis.sqlite"
_TABLE = """CREATE TABLE IF NOT EXISTS reading (
    article TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL,
    version TEXT, stamp TEXT, incidents TEXT, facets TEXT)"""


@dataclass(frozen=True)
class Reading:
    """What the second phase keeps of one article."""

    article: str
    digest: str  # text_digest(version, text)
    data: bytes  # pack(analysis)
    stamp: str  # the manifest's stamp of the file read
    incidents: str  # JSON: incident_to_dict of each
    facets: str  # JSON: {"type": [...], "person": [...], "side": [...]}


def text_digest(version: str, text: str) -> str:
    """What an analysis of `text` made by `version` is keyed by."""
    return hashlib.sha1(version.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()


def pack(analysis: Analysis) -> bytes:
    return zlib.compress(json.dumps(analysis_to_dict(analysis), ensure_ascii=False).encode("utf-8", "surrogatepass"))


class AnalysisCache:
    def __init__(self, index_dir: Path, derived_with: str = ""):
        self.path = Path(index_dir) / FILE
        self.version = derived_with  # the reading version (fingerprint.reading_version) analyses are made with
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._broken = False
        # stamps() as last read, and the connection's data_version then: another
        # connection's commit changes it, this one's own writes are applied to the copy.
        # Reading every stamp again was a tenth of a one-file update at 10,000 articles.
        self._stamps: tuple[int, dict[str, str]] | None = None

    def _connect(self) -> sqlite3.Connection | None:
        for attempt in (1, 2):
            if self._db is not None or self._broken:
                break
            db = None
            try:
                db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_TABLE)
                self._db, self._stamps = db, None  # data_version is the connection's own
            except sqlite3.DatabaseError as exc:
                if db is not None:
                    db.close()
                if attempt == 1 and "not a database" in str(exc):  # damaged: what it held is made again
                    for path in (self.path, self.path.with_name(FILE + "-wal"), self.path.with_name(FILE + "-shm")):
                        try:
                            path.unlink(missing_ok=True)
                        except OSError:
                            pass
                    continue
                self._broken = True  # unwritable folder, a damaged file that stays: go without
        return self._db

    def _query(self, sql: str, args: tuple = ()) -> list:
        with self._lock:
            db = self._connect()
            if db is None:
                return []
            try:
                return db.execute(sql, args).fetchall()
            except sqlite3.Error:
                return []

    def analyze(self, article: Article, gazetteer: Gazetteer | None = None) -> Analysis:
        """`corpus.analysis.analyze(article, gazetteer)`, from the cache when it holds this
        text's (the cache's version must say which gazetteer)."""
        digest = text_digest(self.version, article.text)
        rows = self._query("SELECT digest, data FROM reading WHERE article = ?", (article.id,))
        if rows and rows[0][0] == digest:
            try:
                return analysis_from_dict(json.loads(zlib.decompress(rows[0][1])))
            except (zlib.error, ValueError, KeyError, TypeError):
                pass  # a damaged entry: analyse again and replace it
        analysis = analyze(article, gazetteer)
        # No version or stamp: the second phase still reads it for its incidents and facets.
        self._write("INSERT OR REPLACE INTO reading (article, digest, data) VALUES (?, ?, ?)", [(article.id, digest, pack(analysis))], {article.id: None})
        return analysis

    def _write(self, sql: str, rows: list[tuple], stamps: dict[str, str | None] | None = None) -> bool:
        """Run `sql` over `rows` in one transaction; `stamps`: what it does to stamps()
        (article -> its stamp now, None: has none)."""
        with self._lock:
            db = self._connect()
            if db is None:
                return False
            try:
                with db:  # one transaction
                    db.execute("BEGIN")
                    db.executemany(sql, rows)
            except sqlite3.Error:
                self._stamps = None
                return False  # locked by another instance, or read-only: analysed again next time
            if self._stamps is not None:
                for article, stamp in (stamps or {}).items():
                    if stamp is None:
                        self._stamps[1].pop(article, None)
                    else:
                        self._stamps[1][article] = stamp
            return True

    # -- the second phase --------------------------------------------------------

    def stamps(self) -> dict[str, str]:
        """The stamp of each article analysed by this version."""
        with self._lock:
            db = self._connect()
            if db is None:
                return {}
            try:
                seen = db.execute("PRAGMA data_version").fetchone()[0]
                if self._stamps is None or self._stamps[0] != seen:
                    rows = db.execute("SELECT article, stamp FROM reading WHERE version = ? AND stamp IS NOT NULL", (self.version,)).fetchall()
                    self._stamps = (seen, dict(rows))
            except sqlite3.Error:
                self._stamps = None
                return {}
            return dict(self._stamps[1])

    def put(self, readings: list[Reading]) -> bool:
        """Keep these, in one transaction (all or none survive an interruption)."""
        return self._write(
            "INSERT OR REPLACE INTO reading VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(r.article, r.digest, r.data, self.version, r.stamp, r.incidents, r.facets) for r in readings],
            {r.article: r.stamp for r in readings},
        )

    def forget(self, articles: list[str]) -> None:
        """Drop the rows of articles the index no longer holds."""
        self._write("DELETE FROM reading WHERE article = ?", [(a,) for a in articles], dict.fromkeys(articles))

    def articles(self) -> list[str]:
        return [a for (a,) in self._query("SELECT article FROM reading")]

    def incidents(self) -> dict[str, list]:
        """Each analysed article's incidents (incident_to_dict), by article id."""
        out = {}
        for article, text in self._query("SELECT article, incidents FROM reading WHERE version = ? AND incidents IS NOT NULL", (self.version,)):
            try:
                out[article] = json.loads(text)
            except ValueError:
                continue
        return out

    def mark(self) -> int:
        """A number that grows with every write (the newest row's): what was read since."""
        rows = self._query("SELECT max(rowid) FROM reading")
        return (rows[0][0] or 0) if rows else 0

    def facets_since(self, mark: int) -> list[tuple[int, str, dict | None]]:
        """(row, article, facets) of every row written after `mark`; facets None when the
        row is not this version's second-phase reading."""
        out = []
        for rowid, article, version, text in self._query("SELECT rowid, article, version, facets FROM reading WHERE rowid > ? ORDER BY rowid", (mark,)):
            facets = None
            if version == self.version and text is not None:
                try:
                    facets = json.loads(text)
                except ValueError:
                    facets = None
            out.append((rowid, article, facets))
        return out

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db, self._stamps = None, None
