"""The shared archive, as the app and the command line use it: the `Backend` on PostgreSQL.

It answers what `CorpusIndex` answers (update, search, facets, articles, analyses,
incidents) over every collection of the archive. `corpus_dir` is the analyst's own
folder: its gazetteer expands queries, and `update` loads it as a collection (named
after the folder unless told otherwise).

When the server goes away the archive says so (`online`, `status`) rather than
failing: searches give no hits with the reason in `SearchResults.query.notes`,
articles and analyses already read are served from memory, and `reconnect` tries
again. Errors never show the connection string's password (`connect.redact`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from pathlib import Path

import yaml

from corpus import gazetteer
from corpus.analysis import Analysis, analysis_from_dict, analysis_to_dict, analyze
from corpus.article import Article, Published
from corpus.incidents import incident_from_dict
from corpus.loader import ArticleError, parse_article

from ..builder import UpdateReport
from ..corpus_index import incidents_with_copies, readings_of
from ..documents import make_schema
from ..facets import Filter
from ..hit import Copy, fold_copies
from ..folder import CorpusFolder
from ..fingerprint import code_fingerprint
from ..query import ParsedQuery, make_parser, parse, words_only
from ..searcher import SEARCH_SECONDS, SearchResults
from . import connect as pg
from . import curated, schema
from .loader import Loader, regroup_copies
from .search import Snapshot, kept_ids, search
from .translate import Unsupported

KEPT_ARTICLES = 256  # articles (and analyses) kept in memory: what the reader shows while the server is down


class Archive(CorpusFolder):
    name = "postgresql"

    def __init__(self, dsn: str, corpus_dir: Path | str | None = None, user: str = "unknown", collection: str | None = None) -> None:
        from corpus.loader import SAMPLES_DIR

        self.dsn = dsn
        self.corpus_dir = Path(corpus_dir) if corpus_dir else SAMPLES_DIR
        self.user = user
        self.collection = collection or self.corpus_dir.resolve().name
        self.shown = pg.redact(dsn)
        self._parser = make_parser(make_schema())
        self._lock = threading.RLock()
        self._conn = None
        self._count = 0
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._analyses: OrderedDict[str, Analysis] = OrderedDict()
        self._groups: tuple[str | None, dict[str, tuple[str, ...]]] = (None, {})
        self.down: str | None = None  # why the server cannot be reached, while it cannot
        self.fallback_warning: str | None = None

    # -- connections ----------------------------------------------------------------

    def connect(self, autocommit: bool = False):
        return pg.connect(self.dsn, autocommit=autocommit)

    @property
    def online(self) -> bool:
        return self.down is None

    @property
    def status(self) -> str:
        return f"archive {self.shown}" if self.down is None else f"archive server down: {self.down}"

    def _connection(self):
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                self._conn.close()
            self._conn = self.connect(autocommit=True)
        return self._conn

    def run(self, work, write: bool = False):
        """`work(conn)` on the archive's connection, once more on a fresh one if it was lost;
        ServerDown (and `down` set) if the server cannot be reached."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    result = work(self._connection())
                    self.down = None
                    return result
                except pg.ServerDown as exc:
                    self.down = str(exc)
                    raise
                except Exception as exc:
                    if not pg.is_connection_lost(exc):
                        raise
                    if self._conn is not None:
                        self._conn.close()
                    self._conn = None
                    if attempt == 2:
                        self.down = pg.scrub(str(exc), self.dsn)
                        raise pg.ServerDown(f"the archive at {self.shown} went away: {self.down}") from None

    def connection(self):
        """A context manager over a new connection (for the loader)."""
        return self.connect(autocommit=True)

    def reconnect(self) -> bool:
        """Try the server again; whether it answers."""
        try:
            self.run(lambda conn: conn.execute("SELECT 1").fetchone())
        except pg.ArchiveError:
            return False
        return True

    # -- loading ------------------------------------------------------------------------

    def update(self, rebuild: bool = False, progress=None, readers: int = 0, load: bool = True) -> UpdateReport:
        """Load the corpus folder as this archive's collection (with `load`), else just open the archive."""
        code_fingerprint()
        if not load:
            self.open_existing()
            return UpdateReport(indexed=len(self))
        loaded = gazetteer.load_for(self.corpus_dir)
        self.run(lambda conn: schema.ensure(conn))
        try:
            report = Loader(self, self.corpus_dir, self.collection, self.user).load(rebuild, progress, readers, loaded.gazetteer, self._derived_with())
        except Exception as exc:
            if isinstance(exc, pg.ArchiveError) or not pg.is_connection_lost(exc):
                raise
            raise pg.ServerDown(f"the archive at {self.shown} went away while loading: {pg.scrub(str(exc), self.dsn)}") from None
        if report.changed or rebuild:
            self.run(regroup_copies)
        self.fallback_warning = None
        report.problems = list(loaded.warnings)
        self._refresh_count()
        return report

    def pending(self) -> int:
        return Loader(self, self.corpus_dir, self.collection, self.user).pending(self._derived_with())

    def open_existing(self, reopen: bool = False) -> bool:
        try:
            if not self.run(schema.exists):
                return False
            self._refresh_count()
        except pg.ArchiveError:
            return False
        return True

    def _refresh_count(self) -> None:
        self._count = self.run(lambda conn: conn.execute("SELECT coalesce((SELECT total FROM stats WHERE field = -1), 0)").fetchone()[0])

    def __len__(self) -> int:
        return self._count

    def collections(self) -> list[tuple[str, int, str]]:
        """(name, articles, loaded by) of each collection."""
        sql = "SELECT c.name, count(a.id), c.loaded_by FROM collections c LEFT JOIN articles a ON a.collection = c.name GROUP BY c.name ORDER BY c.name"
        return self.run(lambda conn: conn.execute(sql).fetchall())

    # -- searching ----------------------------------------------------------------------

    def parse(self, text: str) -> ParsedQuery:
        return parse(text, self._parser, self.gazetteer)

    def _snapshot(self, work):
        def in_snapshot(conn):
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                conn.execute(f"SET LOCAL statement_timeout = {int(SEARCH_SECONDS * 1000)}")
                # The planner does not count the cost of reading each article's tsvector out
                # of its TOAST table: left alone it scans every article for a common word,
                # ten times slower than the GIN index's bitmap.
                conn.execute("SET LOCAL enable_seqscan = off")
                meta = dict(
                    conn.execute(
                        "SELECT key, value FROM meta WHERE key IN ('alphabet', 'postings') "
                        "UNION ALL SELECT 'facet_totals', '' WHERE to_regclass('facet_totals') IS NOT NULL"
                    ).fetchall()
                )
                snapshot = Snapshot(conn, meta.get("alphabet", ""), full_postings=meta.get("postings") == schema.FULL_POSTINGS)
                snapshot.facet_totals = "facet_totals" in meta
                return work(snapshot)

        return self.run(in_snapshot)

    def search(
        self, text: str, limit: int = 20, sort: str = "relevance", offset: int = 0, filters: tuple[Filter, ...] = (), facets: bool = False
    ) -> SearchResults:
        """As `CorpusIndex.search`: the filters narrow the hits, and with `facets` the
        results carry each facet value's count (`facets.tags_of` keeps them per article)."""
        parsed = self.parse(text)
        filters = tuple(filters)
        try:
            try:
                results = self._snapshot(lambda snap: search(snap, parsed, limit, sort, offset, filters, facets))
            except Unsupported:
                plain = words_only(parsed, self._parser)
                results = self._snapshot(lambda snap: search(snap, plain, limit, sort, offset, filters, facets))
        except pg.ServerDown as exc:
            return SearchResults(dataclasses.replace(parsed, notes=(*parsed.notes, str(exc))), (), 0)
        except Exception as exc:
            psycopg = pg.driver()
            if isinstance(exc, psycopg.errors.QueryCanceled):
                return SearchResults(parsed, (), 0, timed_out=True)
            raise
        groups = self.copy_groups()
        if not groups:
            return results
        members = {m for hit in results.hits for m in groups.get(hit.article, ()) if m != hit.article}
        copies = self._copies(members) if members else {}
        return dataclasses.replace(results, hits=fold_copies(results.hits, groups, copies.__getitem__))

    def copy_groups(self) -> dict[str, tuple[str, ...]]:
        """Each article that is in a group of copies, with its group (read again when a load regrouped them)."""

        def read(conn):
            row = conn.execute("SELECT value FROM meta WHERE key = 'copies'").fetchone()
            stamp = row[0] if row else None
            if stamp != self._groups[0]:
                rows = conn.execute("SELECT article, grp FROM copy_groups").fetchall()
                self._groups = (stamp, {article: tuple(group) for article, group in rows})
            return self._groups[1]

        try:
            return self.run(read)
        except pg.ArchiveError:
            return self._groups[1]

    def _copies(self, article_ids: set[str]) -> dict[str, Copy]:
        """The page's copies described in one statement, not one each (an id no longer
        there, or a server gone meanwhile, leaves a copy with its id alone)."""
        try:
            rows = self.run(lambda conn: conn.execute("SELECT id, title, outlet, published, precision FROM articles WHERE id = ANY(%s)", (sorted(article_ids),)).fetchall())
        except pg.ServerDown:
            rows = []
        found = {i: (title, outlet, published, precision) for i, title, outlet, published, precision in rows}
        out = {}
        for i in article_ids:
            title, outlet, published, precision = found.get(i, ("", None, None, None))
            out[i] = Copy(i, outlet or None, title, str(Published(published, precision or "unknown")))
        return out

    def kept_articles(self, filters: tuple[Filter, ...]) -> frozenset[str]:
        """The ids of the articles every filter keeps, whatever the query (for the incident list)."""
        try:
            return self._snapshot(lambda snap: kept_ids(snap, tuple(filters)))
        except pg.ServerDown:
            return frozenset()

    def stored(self, article_id: str) -> dict | None:
        row = self.run(lambda conn: conn.execute("SELECT id, title, outlet, published, precision FROM articles WHERE id = %s", (article_id,)).fetchone())
        return None if row is None else dict(zip(("id", "title", "outlet", "published", "precision"), row))

    # -- the articles -------------------------------------------------------------------

    def load_article(self, article_id: str) -> Article:
        """The article as it was loaded; from memory when the server is down and it was read before."""
        try:
            row = self.run(lambda conn: conn.execute("SELECT path, source, sidecar FROM articles WHERE id = %s", (article_id,)).fetchone())
        except pg.ServerDown:
            with self._lock:
                if article_id in self._articles:
                    return self._articles[article_id]
            raise
        if row is None:
            with self._lock:
                self._articles.pop(article_id, None)
            raise ArticleError(f"no article {article_id!r} in the archive")
        path, source, sidecar = row
        meta = yaml.safe_load(sidecar) if sidecar else None  # as `corpus.loader.read_sidecar` reads it
        article = dataclasses.replace(parse_article(path, source, meta if isinstance(meta, dict) else None, path), id=article_id)
        self._keep(self._articles, article_id, article)
        return article

    def article_or_none(self, article_id: str) -> Article | None:
        try:
            return self.load_article(article_id)
        except (ArticleError, ValueError, pg.ArchiveError):
            return None

    def _text_or_none(self, article_id: str) -> str | None:
        article = self.article_or_none(article_id)
        return article.text if article is not None else None

    def _keep(self, kept: OrderedDict, key: str, value) -> None:
        with self._lock:
            kept[key] = value
            kept.move_to_end(key)
            while len(kept) > KEPT_ARTICLES:
                kept.popitem(last=False)

    def analyze(self, article: Article) -> Analysis:
        """The article's analysis, kept in the archive once made (and in memory)."""
        digest = hashlib.sha1(self._derived_with().encode() + b"\0" + article.text.encode("utf-8", "surrogatepass")).hexdigest()
        key = f"{article.id}\0{digest}"
        with self._lock:
            if key in self._analyses:
                return self._analyses[key]
        try:
            row = self.run(lambda conn: conn.execute("SELECT digest, data FROM analyses WHERE article = %s", (article.id,)).fetchone())
        except pg.ArchiveError:
            row = None
        analysis = None
        if row is not None and row[0] == digest:
            try:
                analysis = analysis_from_dict(json.loads(zlib.decompress(row[1])))
            except (zlib.error, ValueError, KeyError, TypeError):
                analysis = None
        if analysis is None:
            analysis = analyze(article, self.gazetteer)
            data = zlib.compress(json.dumps(analysis_to_dict(analysis), ensure_ascii=False).encode("utf-8", "surrogatepass"))
            try:
                self.run(lambda conn: conn.execute(
                    "INSERT INTO analyses VALUES (%s, %s, %s) ON CONFLICT (article) DO UPDATE SET digest = EXCLUDED.digest, data = EXCLUDED.data",
                    (article.id, digest, data),
                ))  # fmt: skip
            except pg.ArchiveError:
                pass  # down, or a read-only role: the next reader analyses it again
            except Exception as exc:
                if not isinstance(exc, pg.driver().errors.InsufficientPrivilege):
                    raise
        self._keep(self._analyses, key, analysis)
        return analysis

    def incidents(self) -> tuple[list, list[str]]:
        """Every collection's incidents, merged across the archive, each collection's newest curated file applied."""

        def read(conn):
            rows = conn.execute("SELECT incidents FROM articles WHERE incidents <> '[]'::jsonb ORDER BY seq").fetchall()
            return [incident_from_dict(d) for (found,) in rows for d in found], curated.latest(conn)

        try:
            extracted, edits = self.run(read)
        except pg.ServerDown as exc:
            return [], [str(exc)]
        incidents, problems = curated.archive_incidents(extracted, edits, self.article_or_none, self.gazetteer)
        return incidents_with_copies(incidents, self.copy_groups(), self._text_or_none, self.gazetteer), problems

    def reading(self):
        """`reading(article_id)`: the article and its analysis (`readings_of`)."""
        return readings_of(self)

    def store_curated(self, content: str, collection: str | None = None):
        """Store a new version of a collection's curated incidents file, by this archive's user."""
        return self.run(lambda conn: curated.store_edit(conn, collection or self.collection, content, self.user))

    def curated_history(self, collection: str | None = None) -> list:
        return self.run(lambda conn: curated.history(conn, collection))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
