"""The on-disk Whoosh index of one corpus folder, kept in step with the folder.

Built on first use in the user's cache; afterwards updated incrementally: a
manifest of (size, mtime, sha1) per file means only added, changed and removed
files are touched. Rebuilt by itself when the schema version changes or the
index cannot be opened or read. One searcher is kept open and refreshed after
commits. Updates of one corpus are serialised across processes by a lock file
beside the index folder; a cache that cannot be written falls back to a
temporary index, with a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import CLEAR
from whoosh.analysis import StandardAnalyzer
from whoosh import query as wq
from whoosh.collectors import SortingCollector, TimeLimit, TopCollector
from whoosh.query import NullQuery

from corpus import gazetteer
from corpus.analysis import Analysis
from corpus.article import Article, Published
from corpus.incidents import Incident, extract_incidents, finish_incidents, incident_from_dict, incident_to_dict
from corpus.loader import ArticleError, ArticleFile, LoadWarning, decode, iter_article_files, load_file, parse_article, read_bytes, read_sidecar

from .analysis import news_analyzer, news_stem
from .analysis_cache import AnalysisCache
from .collector import GuardedCollector
from .dates import DateOrder, split_date_ranges
from .fastscore import top_documents
from .hit import SearchHit, make_snippet
from .lifeline import die_with_parent, kill_processes
from .paths import index_dir_for
from .phrase import exact_phrases
from .query import OPERATORS, ParsedQuery, absorb_phrases, make_parser, parse, words_only
from .spans import body_spans
from .vocabulary import Vocabulary
from .weighting import CachedLengthBM25F

SCHEMA_VERSION = 9
MANIFEST = "manifest.json"
INCIDENTS = "incidents.json"  # each article's extracted incidents, kept in step with the index
SEARCH_SECONDS = 2.0
MAX_SUGGEST_CHARS = 40  # longer words get no "did you mean": no word is that long
LOCK_SECONDS = 60.0  # how long an update waits for another process's update

Progress = Callable[[int, int, str], None]  # done, total, what


def make_schema() -> fields.Schema:
    text = news_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        # No spelling=True: Whoosh's word graph was 40% of the build time; "did you
        # mean" reads the body's own terms instead (see _suggest).
        body=fields.TEXT(analyzer=text, stored=True, chars=True, multitoken_query="phrase"),
        outlet=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        published=fields.DATETIME(stored=True, sortable=True),
        # YYYYMMDD, 0 when undated: newest first puts undated articles last.
        sortdate=fields.NUMERIC(int, bits=32, sortable=True),
        precision=fields.STORED,
        dateline=fields.STORED,
        places=fields.TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        people=fields.TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True),
    )


@dataclass
class UpdateReport:
    indexed: int = 0  # articles in the index afterwards
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    warnings: list[LoadWarning] = field(default_factory=list)  # articles skipped, and why
    problems: list[str] = field(default_factory=list)  # a user's file (gazetteer) left out, with file and line

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{self.indexed} articles indexed: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.skipped} skipped in {self.seconds:.2f}s"
        )


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    hits: tuple[SearchHit, ...]
    total: int  # how many articles match (estimated only when the search timed out)
    suggestion: str | None = None  # "did you mean" when nothing matched
    timed_out: bool = False


def document_for(article: Article, gaz: gazetteer.Gazetteer) -> dict:
    places, people = gaz.pattern("place"), gaz.pattern("person")
    body = article.content_text()
    return {
        "id": article.id,
        "title": article.title,
        "body": body,
        "outlet": article.outlet or "",
        "published": _datetime(article.published),
        "sortdate": int(article.published.date.strftime("%Y%m%d")) if article.published.date else 0,
        "precision": article.published.precision,
        "dateline": article.dateline or "",
        "places": ", ".join(_canonical_names(gaz, places, body, "place")),
        "people": ", ".join(_canonical_names(gaz, people, body, "person")),
        "tags": ",".join(article.tags),
    }


def _canonical_names(gaz: gazetteer.Gazetteer, pattern, text: str, kind: str) -> list[str]:
    if not gaz.of_kind(kind):
        return []
    by_spelling = _names_by_spelling(gaz, kind)
    names: dict[str, None] = {}
    for m in pattern.finditer(text):
        name = by_spelling.get(m.group().casefold())
        if name:
            names.setdefault(name)
    return list(names)


@functools.lru_cache(maxsize=8)
def _names_by_spelling(gaz: gazetteer.Gazetteer, kind: str) -> dict[str, str]:
    return {s.casefold(): e.name for e in gaz.of_kind(kind) for s in e.spellings}


def _datetime(published: Published) -> dt.datetime | None:
    return dt.datetime.combine(published.date, dt.time()) if published.date else None


class CorpusIndex:
    """The index of one corpus folder, with the searcher that serves it."""

    def __init__(self, corpus_dir: str | Path, index_dir: str | Path | None = None):
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir) if index_dir else index_dir_for(self.corpus_dir)
        self.schema = make_schema()
        self._ix = None
        self._searcher = None
        self._extras: dict = {}  # what is derived from the searcher: date order, vocabularies
        self._parser = make_parser(self.schema)
        self._lock = threading.RLock()
        self.fallback_warning: str | None = None
        self._fallback_dir: Path | None = None
        self._analyses: AnalysisCache | None = None
        # The manifest and incidents as last read or written, by the file's identity:
        # parsing them is a fifth of a one-file update at 10,000 articles.
        self._json_kept: dict[Path, tuple[tuple[int, int, int], object]] = {}

    # -- building ---------------------------------------------------------

    def _manifest_path(self) -> Path:
        return self.index_dir / MANIFEST

    def _read_manifest(self) -> dict | None:
        try:
            data = self._load_json(self._manifest_path())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION or not isinstance(data.get("files"), dict):
            return None
        # An edited gazetteer or a new version of the corpus layer changes the places,
        # people and incidents of every article.
        if data.get("derived_with") != self._derived_with() or not (self.index_dir / INCIDENTS).is_file():
            return None
        return data

    def _write_manifest(self, files: dict) -> None:
        data = {"schema": SCHEMA_VERSION, "corpus": str(self.corpus_dir.resolve()), "derived_with": self._derived_with(), "files": files}
        self._write_json(self._manifest_path(), data)

    def _write_json(self, path: Path, data) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.index_dir, prefix=f".{path.stem}-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(data, ensure_ascii=False))  # json.dump writes piece by piece: 5x slower
            f.flush()
            os.fsync(f.fileno())
            key = _identity(os.fstat(f.fileno()))
        os.replace(tmp, path)
        self._json_kept[path] = (key, data)

    def _load_json(self, path: Path):
        """The JSON in `path`, parsed again only when the file is not the one last seen."""
        with open(path, "rb") as f:
            key = _identity(os.fstat(f.fileno()))
            kept = self._json_kept.get(path)
            if kept is not None and kept[0] == key:
                return kept[1]
            data = json.loads(f.read().decode("utf-8"))
        self._json_kept[path] = (key, data)
        return data

    @property
    def gazetteer(self) -> gazetteer.Gazetteer:
        """The corpus's gazetteer: shipped, the user's, the corpus folder's (see `gazetteer_problems`)."""
        return gazetteer.load_for(self.corpus_dir).gazetteer

    @property
    def gazetteer_problems(self) -> tuple[str, ...]:
        """What is wrong with a user's gazetteer file, each naming the file and the line."""
        return gazetteer.load_for(self.corpus_dir).warnings

    def _derived_with(self) -> str:
        """What the stored documents, incidents and analyses were made with: the corpus
        layer's code and this corpus's gazetteer."""
        return hashlib.sha1(f"{_corpus_fingerprint()}\0{self.gazetteer.digest}".encode()).hexdigest()

    def _read_incidents(self) -> dict[str, list] | None:
        try:
            data = self._load_json(self.index_dir / INCIDENTS)
        except (OSError, ValueError):
            return None
        if not (isinstance(data, dict) and all(isinstance(v, list) for v in data.values())):
            return None
        return dict(data)  # the caller's to change; the lists are replaced, never changed

    def incidents(self) -> tuple[list[Incident], list[str]] | None:
        """The corpus's incidents from what the index keeps (merged, curated, by date), and
        what is wrong with the curated incidents file; None when the index has none to
        give (not built yet)."""
        kept = self._read_incidents()
        if kept is None:
            return None
        try:
            extracted = [incident_from_dict(d) for found in kept.values() for d in found]
        except (KeyError, TypeError, ValueError):
            return None
        return finish_incidents(self.corpus_dir, extracted, self._article_or_none)

    def _article_or_none(self, article_id: str) -> Article | None:
        try:
            return self.load_article(article_id)
        except (OSError, ArticleError, ValueError):
            return None

    def _open_or_create(self, rebuild: bool) -> tuple[object, dict, bool]:
        """The Whoosh index and the manifest of what is in it; an empty one to rebuild into.

        A sound index asked to rebuild is rebuilt in place (the commit clears the
        old segments), so other processes reading it never see it vanish; only a
        damaged or outdated one is deleted and made afresh.
        """
        manifest = self._read_manifest()
        if manifest is not None:
            try:
                ix = whoosh_index.open_dir(str(self.index_dir))
                with ix.searcher() as s:  # reads the segments: a damaged one raises here
                    count = s.doc_count()
                if count == len(manifest["files"]):
                    return ix, ({} if rebuild else manifest["files"]), rebuild
            except Exception:  # Whoosh raises many kinds on a damaged index; rebuild it
                pass
        self._close_searcher()
        self._prepare_dir()
        ix = whoosh_index.create_in(str(self.index_dir), self.schema)
        return ix, {}, True

    def _prepare_dir(self) -> None:
        """An empty index folder; a temporary one when the cache can't be written."""
        if self._analyses is not None:
            self._analyses.close()
            self._analyses = None
        try:
            if self.index_dir.exists():
                shutil.rmtree(self.index_dir)
            self.index_dir.mkdir(parents=True)
        except OSError as exc:
            fallback = Path(tempfile.mkdtemp(prefix="deconflict-tui-index-"))
            self.fallback_warning = (
                f"cannot write the index cache {self.index_dir} ({exc.strerror or exc}): "
                f"using a temporary index in {fallback}"
            )
            self.index_dir = self._fallback_dir = fallback
            # Removed when this index is closed, collected, or the program ends.
            self._remove_fallback = weakref.finalize(self, shutil.rmtree, fallback, ignore_errors=True)

    def update(self, rebuild: bool = False, progress: Progress | None = None, readers: int = 0) -> UpdateReport:
        """Bring the index in step with the corpus folder.

        With `readers`, that many other processes read and analyse articles
        while this one indexes, when there are many (`spare_readers()` is what
        the machine has room for). They are spawned: the caller's main module
        must be importable and guarded by `if __name__ == "__main__"`.

        Waits for another process updating the same index; if it takes longer
        than LOCK_SECONDS, searches the index as it is, with a warning. A damaged
        index is rebuilt.
        """
        started = time.perf_counter()
        with self._lock, _ProcessLock(self._lock_path()) as lock:
            while not lock.acquire():
                if self.open_existing():  # else nothing to read yet: wait on
                    self.fallback_warning = "another deconflict-tui is updating this index: searching it as it was"
                    return UpdateReport(indexed=len(self), seconds=time.perf_counter() - started)
            try:
                try:
                    report = self._update(rebuild, progress, readers)
                except (_CallerError, LockError):
                    raise
                except Exception:
                    # A damaged index that opened but failed on use, or a cache
                    # folder deleted under the update: start again, once.
                    report = self._update(True, progress, readers)
            except _CallerError as exc:
                raise exc.__cause__ from None  # the caller's own failure: not the index's
            except LockError:
                if not self.open_existing():
                    raise
                self.fallback_warning = "the index is locked by another program: searching it as it was"
                return UpdateReport(indexed=len(self), seconds=time.perf_counter() - started)
            report.seconds = time.perf_counter() - started
            return report

    def _lock_path(self) -> Path | None:
        if self._fallback_dir is not None:
            return None
        return self.index_dir.with_name(self.index_dir.name + ".lock")

    def _update(self, rebuild: bool, progress: Progress | None, readers: int = 0) -> UpdateReport:
        _corpus_fingerprint()  # of the code running now, not of files edited while it runs
        gazetteer.load_for(self.corpus_dir)  # read once here, so that its problems are told once
        ix, old, rebuilt = self._open_or_create(rebuild)
        incidents = {} if rebuilt else self._read_incidents()
        if incidents is None:  # damaged: only a rebuild says every article's incidents again
            ix, old, rebuilt = self._open_or_create(rebuild=True)
            incidents = {}
        incidents_changed = rebuilt
        report = UpdateReport(rebuilt=rebuilt)
        files: list[ArticleFile] = []
        for item in iter_article_files(self.corpus_dir):
            if isinstance(item, LoadWarning):
                report.warnings.append(item)
            else:
                files.append(item)
        new: dict[str, list] = {}
        todo: list[tuple[ArticleFile, bool]] = []
        for f in files:
            entry = old.get(f.id)
            if entry and entry[0] == f.size and entry[1] == f.mtime_ns and not _sidecar_newer(f, entry):
                new[f.id] = entry
            else:
                todo.append((f, f.id in old))
        todo_ids = {f.id for f, _ in todo}
        gone = [i for i in old if i not in new and i not in todo_ids]
        writer = prepared = None
        try:
            total = len(todo)
            jobs = [(f, old[f.id][2] if existed and not _sidecar_newer(f, old[f.id]) else None) for f, existed in todo]
            prepared = _prepared(jobs, readers, self.gazetteer)
            for n, ((f, existed), (entry, doc, found, problem)) in enumerate(zip(todo, prepared), 1):
                if progress and (n == 1 or n % 50 == 0 or n == total):
                    try:
                        progress(n, total, f.id)
                    except Exception as exc:
                        raise _CallerError() from exc
                if problem is not None:
                    report.warnings.append(LoadWarning(f.id, problem))
                    if existed:
                        gone.append(f.id)
                    continue
                if doc is None:  # touched, not changed
                    new[f.id] = entry
                    continue
                if writer is None:
                    writer = ix.writer(limitmb=256, compound=False, timeout=LOCK_SECONDS)
                incidents_changed = incidents_changed or incidents.get(f.id) != found
                incidents[f.id] = found
                if existed:
                    writer.update_document(**doc)
                    report.updated += 1
                else:
                    writer.add_document(**doc) if rebuilt else writer.update_document(**doc)
                    report.added += 1
                new[f.id] = entry
            if gone:
                if writer is None:
                    writer = ix.writer(limitmb=256, compound=False, timeout=LOCK_SECONDS)
                for article_id in gone:
                    writer.delete_by_term("id", article_id)
                    report.removed += 1
            if rebuilt and writer is None:
                writer = ix.writer(limitmb=256, compound=False, timeout=LOCK_SECONDS)
            if writer is not None:
                writer.commit(mergetype=CLEAR) if rebuilt else writer.commit()
                writer = None
        finally:
            if prepared is not None:
                prepared.close()  # stops any reading processes
            if writer is not None:  # failed or interrupted: release Whoosh's write lock
                try:
                    writer.cancel()
                except Exception:
                    pass
        if rebuilt or new != old or report.changed:
            for article_id in set(incidents) - set(new):
                del incidents[article_id]
                incidents_changed = True
            if incidents_changed:
                self._write_json(self.index_dir / INCIDENTS, incidents)
            self._write_manifest(new)  # last: the manifest says the rest is complete
        self._ix = ix
        self._refresh_searcher()
        report.indexed = len(new)
        report.skipped = len(report.warnings)
        report.problems = list(self.gazetteer_problems)
        return report

    def pending(self) -> int:
        """How many files an update would read: those added or changed since the
        last one (by size and time), or every file when the index must be rebuilt.
        Only lists the folder; reads no article."""
        manifest = self._read_manifest()
        old = manifest["files"] if manifest is not None else {}
        count = 0
        for f in iter_article_files(self.corpus_dir):
            if isinstance(f, LoadWarning):
                continue
            entry = old.get(f.id)
            if not (entry and entry[0] == f.size and entry[1] == f.mtime_ns and not _sidecar_newer(f, entry)):
                count += 1
        return count

    def ensure(self, progress: Progress | None = None) -> UpdateReport:
        """Open the index, bringing it in step with the folder first."""
        return self.update(progress=progress)

    def open_existing(self, reopen: bool = False) -> bool:
        """Open an index already built for this folder, without looking at the folder."""
        with self._lock:
            if self._read_manifest() is None:
                return False
            try:
                self._ix = whoosh_index.open_dir(str(self.index_dir))
                if reopen:
                    self._close_searcher()
                self._refresh_searcher()
            except Exception:
                return False
            return True

    # -- searching --------------------------------------------------------

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._extras = {}

    def _refresh_searcher(self) -> None:
        # Not Searcher.refresh(): it reuses segment readers and so misses deletions.
        if self._searcher is not None and self._searcher.up_to_date():
            return
        self._close_searcher()
        self._searcher = self._ix.searcher(weighting=CachedLengthBM25F())

    @property
    def searcher(self):
        if self._searcher is None:
            raise RuntimeError("the index is not open: call update() or open_existing() first")
        return self._searcher

    def __len__(self) -> int:
        return self.searcher.doc_count() if self._searcher is not None else 0

    def parse(self, text: str) -> ParsedQuery:
        return parse(text, self._parser, self.gazetteer)

    def search(self, text: str, limit: int = 20, sort: str = "relevance", offset: int = 0) -> SearchResults:
        """The articles matching `text`, best first (or newest first with sort="date").

        An empty query lists every article, newest first. `offset` skips that
        many of the best: the next page of a list already shown.
        """
        parsed = self.parse(text)
        with self._lock:
            self.searcher  # noqa: B018 - RuntimeError when the index is not open
            try:
                return self._search(parsed, limit, sort, offset)
            except Exception:
                pass
            # Either another process replaced the index under this searcher, or
            # Whoosh failed on this query while running it (`published:""`).
            if self.open_existing(reopen=True):
                try:
                    return self._search(parsed, limit, sort, offset)
                except Exception:
                    pass
            plain = words_only(parsed, self._parser)
            try:
                return self._search(plain, limit, sort, offset)
            except Exception:
                return SearchResults(plain, (), 0)

    def _search(self, parsed: ParsedQuery, limit: int, sort: str, offset: int = 0) -> SearchResults:
        s = self.searcher
        finish = functools.partial(self._finish, offset=offset)
        limit += offset
        if parsed.is_empty:
            order = self._date_order(s)
            return finish(s, parsed, [(n, 0.0) for n in order.newest(limit)], len(order))
        if parsed.query is NullQuery:
            return SearchResults(parsed, (), 0)
        q, ranges = split_date_ranges(parsed.query)
        allow = None
        for first, last in ranges:
            found = self._date_order(s).between(first, last)
            allow = found if allow is None else allow & found
        if q is None:  # dates alone: every article in them, newest first
            return finish(s, parsed, [(n, 0.0) for n in self._date_order(s).newest(limit, allow)], len(allow))
        q = q.accept(functools.partial(self._expand_terms, s))
        matching = absorb_phrases(q).accept(exact_phrases)
        if sort == "date":
            collector = SortingCollector("sortdate", limit=limit, reverse=True)
        else:
            try:
                fast = top_documents(s, matching, limit, allow)
            except Exception:  # it reads Whoosh's postings blocks directly: on any surprise, Whoosh's way
                fast = None
            if fast is not None:
                found, total = fast
                return finish(s, parsed, found, total, q)
            # Neither block-quality skipping nor matcher replacement: on news they
            # skip little, and without them the collector counts every match, so
            # the total needs no second pass over the postings.
            collector = TopCollector(limit, usequality=False, replace=0)
        timed = GuardedCollector(collector, allow, SEARCH_SECONDS)
        timed_out = False
        try:
            s.search_with_collector(matching, timed)
        except TimeLimit:
            timed_out = True
        results = timed.results()
        found = [(results.docnum(i), results.score(i) or 0.0) for i in range(results.scored_length())]
        total = max(collector.count(), len(found))
        return finish(s, parsed, found, total, q, timed_out)

    def _finish(self, s, parsed: ParsedQuery, found: list[tuple[int, float]], total: int, q=None, timed_out: bool = False, offset: int = 0) -> SearchResults:
        found = found[offset:]  # only the page asked for gets snippets
        spans = body_spans(s, q, [n for n, _ in found]) if q is not None else {}
        hits = tuple(self._hit(s, n, score, spans.get(n, [])) for n, score in found)
        suggestion = self._suggest(s, parsed) if not hits and not offset and not parsed.is_empty else None
        return SearchResults(parsed, hits, max(total, len(hits)), suggestion, timed_out)

    def _date_order(self, s) -> DateOrder:
        if "dates" not in self._extras:
            self._extras["dates"] = DateOrder.of_searcher(s)
        return self._extras["dates"]

    def _vocabulary(self, s, fieldname: str) -> Vocabulary:
        key = ("vocabulary", fieldname)
        if key not in self._extras:
            self._extras[key] = Vocabulary.of_field(s.reader(), fieldname)
        return self._extras[key]

    def _expand_terms(self, s, node):
        """A fuzzy term or a prefix as an OR of the words of the index it stands for, from
        the vocabulary: scored like any words (Whoosh gives a prefix's matches one score)."""
        if not isinstance(node, (wq.FuzzyTerm, wq.Prefix)) or node.fieldname not in ("body", "title") or not node.text:
            return node
        vocabulary = self._vocabulary(s, node.fieldname)
        if isinstance(node, wq.FuzzyTerm):
            maxdist, prefix = int(node.maxdist), node.prefixlength
            words = set(vocabulary.within(node.text, maxdist, prefix)) | set(vocabulary.within(news_stem(node.text), maxdist, prefix))
        else:
            words = set(vocabulary.starting(node.text))
        if not words:
            return NullQuery
        return wq.Or([wq.Term(node.fieldname, w) for w in sorted(words)], boost=node.boost)

    def _suggest(self, s, parsed: ParsedQuery) -> str | None:
        """The query with each unknown word swapped for the nearest, then commonest,
        word of the index, spelt as an article spells it."""
        reader = s.reader()
        analyzer = self.schema["body"].analyzer
        vocabulary = self._vocabulary(s, "body")
        changed = False

        def fix(m: re.Match) -> str:
            nonlocal changed
            word = m.group()
            terms = [t.text for t in analyzer(word)]
            if not 4 <= len(word) <= MAX_SUGGEST_CHARS or len(terms) != 1 or terms[0] in vocabulary:
                return word
            for distance in (1, 2):
                candidates = [c for c in vocabulary.within(terms[0], distance) if c != terms[0]]
                if candidates:
                    break
            else:
                return word
            best = max(candidates, key=lambda c: (reader.doc_frequency("body", c), -len(c)))
            spelt = _spelling(s, best)
            if not spelt:
                return word
            changed = True
            return spelt[0].upper() + spelt[1:] if word[0].isupper() else spelt.lower()

        # Plain words only: not operators, field names, or what is inside ranges.
        text = re.sub(r"(?<![\w:\[{])(?<!\bTO )[^\W\d_][\w'’-]*(?![\w:*~])", lambda m: m.group() if m.group() in OPERATORS else fix(m), parsed.text)
        return text if changed else None

    def _hit(self, s, docnum: int, score: float, spans: list[tuple[int, int]]) -> SearchHit:
        stored = s.stored_fields(docnum)
        body = stored.get("body", "")
        snippet, snippet_spans = make_snippet(body, spans)
        published = stored.get("published")
        precision = stored.get("precision") or "unknown"
        return SearchHit(
            article=stored["id"],
            title=stored.get("title", ""),
            outlet=stored.get("outlet") or None,
            published=str(Published(published.date() if published else None, precision)),
            score=float(score),
            snippet=snippet,
            snippet_spans=snippet_spans,
            hits=tuple(spans),
        )

    def stored(self, article_id: str) -> dict | None:
        with self._lock:
            return self.searcher.document(id=article_id)

    def load_article(self, article_id: str) -> Article:
        """The article as it is now on disk."""
        path = self.corpus_dir / article_id
        st = path.stat()
        f = ArticleFile(article_id, str(path), st.st_size, st.st_mtime_ns)
        return load_file(f)

    def analyze(self, article: Article) -> Analysis:
        """The article's analysis (quotes, sources, places, incidents), kept with the
        index after the first time: opening it again reads no rules."""
        with self._lock:
            if self._analyses is None or self._analyses.path.parent != self.index_dir:
                self._analyses = AnalysisCache(self.index_dir, self._derived_with())
            cache = self._analyses
        return cache.analyze(article, self.gazetteer)

    def close(self) -> None:
        """Close the searcher; a temporary index (see `fallback_warning`) is removed."""
        with self._lock:
            self._close_searcher()
            if self._analyses is not None:
                self._analyses.close()
                self._analyses = None
            if self._fallback_dir is not None:
                self._remove_fallback()


class _CallerError(Exception):
    """The caller's progress callback raised (say, its app has quit)."""


def _spelling(s, term: str, docs: int = 5) -> str | None:
    """How the articles spell the index term `term` (a stem): the commonest, then
    shortest, of its spellings in the first few articles that use it."""
    m = s.postings("body", term)
    seen: dict[str, int] = {}
    while m.is_active() and docs:
        body = s.stored_fields(m.id()).get("body", "")
        for _, start, end in m.value_as("characters"):
            word = re.sub(r"['’]s$", "", body[start:end])
            seen[word] = seen.get(word, 0) + 1
        docs -= 1
        m.next()
    return max(seen, key=lambda w: (seen[w], -len(w))) if seen else None


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class _ProcessLock:
    """An exclusive lock on a file, shared with other processes; true when held.

    No path (a temporary index) or a lock file that cannot be made means no lock:
    the index folder then belongs to this process alone or cannot be written anyway.
    """

    def __init__(self, path: Path | None, timeout: float | None = None):
        self.path, self._fd, self._held = path, None, False
        self.timeout = timeout

    def acquire(self) -> bool:
        """Wait up to the timeout (LOCK_SECONDS by default) for the lock."""
        if self._held or self.path is None:
            return True
        if self._fd is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return True
        deadline = time.monotonic() + (LOCK_SECONDS if self.timeout is None else self.timeout)
        while not _try_lock(self._fd):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self._held = True
        return True

    def __enter__(self) -> _ProcessLock:
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            if self._held:
                _unlock(self._fd)
            os.close(self._fd)
            self._fd, self._held = None, False


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


@functools.lru_cache(maxsize=1)
def _corpus_fingerprint() -> str:
    """The code of the corpus layer the index's documents and incidents were derived
    with (the gazetteer's table is hashed beside it). Changed means every article reads anew."""
    digest = hashlib.sha1()
    for path in [gazetteer.SHIPPED_PATH, *sorted(Path(gazetteer.__file__).parent.glob("*.py"))]:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b"\0missing")
    return digest.hexdigest()


def _sidecar_newer(f: ArticleFile, entry: list) -> bool:
    return f.sidecar_mtime_ns != (entry[3] if len(entry) > 3 else 0)


# Reading and analysing an article costs about as much as Whoosh's indexing of it:
# with this many to read and a spare core, other processes read while this one
# indexes. Fewer are not worth starting processes for.
PARALLEL_MIN = 400
_CHUNK = 16  # files per task
_IN_FLIGHT = 8  # tasks queued per reading process: bounds the memory of results waiting


def spare_readers() -> int:
    """Reading processes worth starting beside the one that indexes."""
    return max(0, min((os.cpu_count() or 1) - 1, 3))


_READER_GAZETTEER: list[gazetteer.Gazetteer] = []  # in a reading process: the gazetteer it was started with


def _start_reader(gaz: gazetteer.Gazetteer, parent: int) -> None:
    die_with_parent(parent)  # a build killed outright takes its readers with it
    _READER_GAZETTEER[:] = [gaz]


def _prepare(job: tuple[ArticleFile, str | None], gaz: gazetteer.Gazetteer | None = None) -> tuple[list, dict | None, list | None, str | None]:
    """(manifest entry, document, incidents, problem) for one file to index.

    `job` is the file and the digest it was indexed with (None if new or its
    sidecar changed); an unchanged digest gives no document. A file that cannot
    be read gives only its problem.
    """
    f, known = job
    try:
        data = read_bytes(f)
        digest = hashlib.sha1(data).hexdigest()
        entry = [f.size, f.mtime_ns, digest, f.sidecar_mtime_ns]
        if digest == known:
            return entry, None, None, None
        article = parse_article(f.id, decode(data), read_sidecar(f.path), str(f.path))
    except (ArticleError, ValueError) as exc:
        return [], None, None, str(exc)
    gaz = gaz or _READER_GAZETTEER[0]
    return entry, document_for(article, gaz), [incident_to_dict(i) for i in extract_incidents(article, gaz)], None


def _prepare_chunk(jobs: list) -> list:
    return [_prepare(job) for job in jobs]


def _prepared(jobs: list, readers: int, gaz: gazetteer.Gazetteer) -> Iterator[tuple]:
    """`_prepare` of each job, in order: here, or, for many jobs, by `readers` processes.

    A reading process that dies (killed, out of memory) leaves the rest to this one.
    """
    here = functools.partial(_prepare, gaz=gaz)
    if readers < 1 or len(jobs) < PARALLEL_MIN:
        yield from map(here, jobs)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [jobs[i : i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    taken = 0  # chunks whose results were given
    # spawn: forking a process that runs threads can deadlock the child.
    pool = ProcessPoolExecutor(readers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_reader, initargs=(gaz, os.getpid()))
    finished = False
    try:
        pending: deque = deque(pool.submit(_prepare_chunk, c) for c in chunks[: readers * _IN_FLIGHT])
        queued = len(pending)
        while pending:
            done = pending.popleft().result()
            if queued < len(chunks):
                pending.append(pool.submit(_prepare_chunk, chunks[queued]))
                queued += 1
            taken += 1
            yield from done
        finished = True
    except BrokenProcessPool:
        for chunk in chunks[taken:]:
            yield from map(here, chunk)
        finished = True
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if not finished:  # stopped early (a signal, an error): readers mid-chunk are not waited for
            kill_processes(list((getattr(pool, "_processes", None) or {}).values()))
