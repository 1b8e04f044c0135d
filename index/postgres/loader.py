"""Loading a corpus folder into the archive as one collection, incrementally.

As the Whoosh builder does: the folder is listed and compared with what the
archive holds of the collection (size, mtime, sha1, sidecar mtime per file); only
added and changed files are read (by `index.readers`, on the spare cores for many
files), and what is gone is removed. The rows are written in batches, each one
transaction, so an interrupted load leaves every batch it committed and the next
load reads only what is left. A collection derived with other rules or another
gazetteer is loaded again whole. One load per collection at a time (an advisory
lock); the batches of loads of different collections take turns (another), so
that the shared word counts never deadlock.

An article's id is ``COLLECTION/PATH``; it is read with its path as its name, so
that its title, date and outlet are inferred exactly as for the Whoosh index.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from pathlib import Path

from corpus import copies
from corpus.analysis import quoted_people
from corpus.incidents import CURATED_NAME, extract_incidents, incident_to_dict
from corpus.loader import ArticleError, ArticleFile, LoadWarning, article_files, decode, iter_article_files, parse_article, read_bytes, read_sidecar, sidecar_path

from ..builder import Busy, CallerError, Progress, UpdateReport
from ..documents import document_for
from ..facets import tags_of
from ..readers import prepared, reader_gazetteer
from .schema import DOCS
from .tokens import index_document

BATCH = 500  # articles per transaction
LOCK_SECONDS = 60.0
COPIES_LOCK = 191921  # held while the copies are regrouped
WRITERS_LOCK = 191920  # advisory lock taken by each batch: writers of the shared word counts take turns


def collection_of(article_id: str) -> str:
    return article_id.split("/", 1)[0]


def prepare_row(job: tuple[ArticleFile, str, str | None], gaz=None) -> tuple[list, dict | None, str | None]:
    """(manifest entry, the row's values, problem) for one file; no row when its digest is `known`."""
    f, collection, known = job
    try:
        data = read_bytes(f)
        digest = hashlib.sha1(data).hexdigest()
        entry = [f.size, f.mtime_ns, digest, f.sidecar_mtime_ns]
        if digest == known:
            return entry, None, None
        source = decode(data)
        sidecar = read_sidecar(f.path)
        # Its text, not the mapping: YAML's dates have no JSON type, and the text is what `load_article` reads again.
        sidecar_text = sidecar_path(f.path).read_text(encoding="utf-8") if sidecar is not None else None
        article = dataclasses.replace(parse_article(f.id, source, sidecar, str(f.path)), id=f"{collection}/{f.id}")
    except (ArticleError, ValueError, OSError) as exc:
        return [], None, str(exc)
    gaz = gaz or reader_gazetteer()
    found = extract_incidents(article, gaz)
    doc = document_for(article, gaz, found, quoted_people(article, gaz))
    incidents = [incident_to_dict(i) for i in found]
    sig = copies.signature(copies.copy_text(article.text, article.paragraphs))
    return entry, {"signature": sig, "source": source, "sidecar": sidecar_text, "doc": doc, "indexed": index_document(doc), "incidents": incidents}, None


class Loader:
    """Loads `corpus_dir` into the archive as `collection`, written by `user`."""

    def __init__(self, archive, corpus_dir: Path, collection: str, user: str) -> None:
        self.archive = archive
        self.corpus_dir = Path(corpus_dir)
        self.collection = collection
        self.user = user

    def pending(self, derived_with: str) -> int:
        """How many files a load would read (lists the folder, reads no article)."""
        with self.archive.connection() as conn:
            known = self._known(conn, derived_with)
        return sum(1 for f in iter_article_files(self.corpus_dir) if not isinstance(f, LoadWarning) and not _unchanged(f, known.get(f.id)))

    def _known(self, conn, derived_with: str) -> dict[str, list]:
        row = conn.execute("SELECT derived_with FROM collections WHERE name = %s", (self.collection,)).fetchone()
        if row is None or row[0] != derived_with:
            return {}
        rows = conn.execute("SELECT path, size, mtime_ns, sha1, sidecar_mtime_ns FROM articles WHERE collection = %s", (self.collection,))
        return {path: [size, mtime, sha1, side] for path, size, mtime, sha1, side in rows}

    def load(self, rebuild: bool, progress: Progress | None, readers: int, gaz, derived_with: str) -> UpdateReport:
        conn = self.archive.connect(autocommit=True)
        try:
            self._lock(conn)
            try:
                return self._load(conn, rebuild, progress, readers, gaz, derived_with)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", ("load:" + self.collection,))
        finally:
            conn.close()

    def _lock(self, conn) -> None:
        deadline = time.monotonic() + LOCK_SECONDS
        while not conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", ("load:" + self.collection,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise Busy(f"another deconflict-tui is loading the collection {self.collection!r}: searching the archive as it is")
            conn.execute("SELECT pg_sleep(0.2)")  # the server's clock: no busy loop here

    def _load(self, conn, rebuild: bool, progress: Progress | None, readers: int, gaz, derived_with: str) -> UpdateReport:
        known = {} if rebuild else self._known(conn, derived_with)
        held = conn.execute("SELECT count(*) FROM articles WHERE collection = %s", (self.collection,)).fetchone()[0]
        rebuilt = rebuild or (held > 0 and not known)
        report = UpdateReport(rebuilt=rebuilt or held == 0)
        with conn.transaction():
            if rebuilt:  # read again, in the folder's order: the order a new Whoosh index has
                _delete(conn, "collection = %s", (self.collection,))
            conn.execute(
                """INSERT INTO collections (name, folder, derived_with, loaded_by) VALUES (%s, %s, %s, %s)
                   ON CONFLICT (name) DO UPDATE SET folder = EXCLUDED.folder, loaded_by = EXCLUDED.loaded_by, loaded_at = now()""",
                (self.collection, str(self.corpus_dir.resolve()), derived_with, self.user),
            )
        files, unlisted = article_files(self.corpus_dir)
        report.warnings.extend(unlisted)
        unchanged = {f.id for f in files if _unchanged(f, known.get(f.id))}
        todo = [f for f in files if f.id not in unchanged]
        listed = {f.id for f in files}
        gone = [path for path in known if path not in listed]
        jobs = [(f, self.collection, known[f.id][2] if f.id in known and not _sidecar_newer(f, known[f.id]) else None) for f in todo]
        batch: list[tuple] = []
        results = prepared(jobs, readers, gaz, fn=prepare_row)
        try:
            for n, (f, (entry, row, problem)) in enumerate(zip(todo, results), 1):
                if progress and (n == 1 or n % 50 == 0 or n == len(todo)):
                    try:
                        progress(n, len(todo), f.id)
                    except Exception as exc:
                        raise CallerError() from exc
                if problem is not None:
                    report.warnings.append(LoadWarning(f.id, problem))
                    if f.id in known:
                        gone.append(f.id)
                    continue
                batch.append((f, entry, row))
                if len(batch) >= BATCH:
                    self._write(conn, batch, known, report)
                    batch = []
            if batch:
                self._write(conn, batch, known, report)
        except CallerError as exc:
            raise exc.__cause__ from None
        finally:
            results.close()  # stops any reading processes
        if gone:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITERS_LOCK,))
                report.removed += _delete(conn, "collection = %s AND path = ANY(%s)", (self.collection, gone))
        with conn.transaction():
            conn.execute("UPDATE collections SET derived_with = %s WHERE name = %s", (derived_with, self.collection))
        self._store_curated(conn)
        report.indexed = conn.execute("SELECT count(*) FROM articles WHERE collection = %s", (self.collection,)).fetchone()[0]
        report.skipped = len(report.warnings)
        if report.added + report.updated + report.removed >= 1000:
            conn.execute("VACUUM (ANALYZE) postings")  # index-only scans need the visibility map
            conn.execute("ANALYZE articles, terms")
        return report

    def _write(self, conn, batch: list[tuple], known: dict, report: UpdateReport) -> None:
        """One transaction: changed articles replaced, new ones added, touched ones' entries updated."""
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITERS_LOCK,))
            touched = [(f, entry) for f, entry, row in batch if row is None]
            for f, entry in touched:
                conn.execute(
                    "UPDATE articles SET size = %s, mtime_ns = %s, sidecar_mtime_ns = %s WHERE id = %s",
                    (entry[0], entry[1], entry[3], f"{self.collection}/{f.id}"),
                )
            fresh = [(f, entry, row) for f, entry, row in batch if row is not None]
            if not fresh:
                return
            replaced = [f"{self.collection}/{f.id}" for f, _, _ in fresh if f.id in known]
            if replaced:
                _delete(conn, "id = ANY(%s)", (replaced,))
            report.updated += len(replaced)
            report.added += len(fresh) - len(replaced)
            _insert(conn, self.collection, self.user, fresh)

    def _store_curated(self, conn) -> None:
        """The folder's incidents.yaml, as a new version when it differs from the last one stored."""
        path = self.corpus_dir / CURATED_NAME
        try:
            content = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            content = None
        if content is None:
            return
        from .curated import store_edit

        store_edit(conn, self.collection, content, self.user, only_if_changed=True)


def _unchanged(f: ArticleFile, entry: list | None) -> bool:
    return bool(entry) and entry[0] == f.size and entry[1] == f.mtime_ns and not _sidecar_newer(f, entry)


def _sidecar_newer(f: ArticleFile, entry: list) -> bool:
    return f.sidecar_mtime_ns != entry[3]


def _delete(conn, where: str, params: tuple) -> int:
    """Delete the articles `where` says, their postings, and their share of the word counts."""
    rows = conn.execute(f"DELETE FROM articles WHERE {where} RETURNING seq, term_ids, lengths, facets", params).fetchall()
    if not rows:
        return 0
    counts: dict[int, int] = {}
    seqs, ids = [], []
    totals = [0] * len(rows[0][2])
    facets: dict[str, int] = {}
    for seq, term_ids, lengths, tags in rows:
        for tag in tags:
            facets[tag] = facets.get(tag, 0) - 1
        for term_id in term_ids:
            counts[term_id] = counts.get(term_id, 0) + 1
            seqs.append(seq)
            ids.append(term_id)
        totals = [a + b for a, b in zip(totals, lengths)]
    conn.execute("DELETE FROM postings p USING unnest(%s::integer[], %s::bigint[]) AS d(term_id, seq) WHERE p.term_id = d.term_id AND p.seq = d.seq", (ids, seqs))
    ordered = sorted(counts.items())
    conn.execute(
        "UPDATE terms t SET df = t.df - d.n FROM unnest(%s::integer[], %s::integer[]) AS d(id, n) WHERE t.id = d.id",
        ([i for i, _ in ordered], [n for _, n in ordered]),
    )
    _add_stats(conn, [-t for t in totals], -len(rows))
    _add_facets(conn, facets)
    return len(rows)


def _add_facets(conn, counts: dict[str, int]) -> None:
    """The whole archive's count of each facet value, kept as `stats` is (what the filters
    pane shows before any search: counted live, 270 ms over 50,000 articles)."""
    if counts:
        ordered = sorted(counts.items())
        conn.execute(
            """INSERT INTO facet_totals (v, n) SELECT * FROM unnest(%s::text[], %s::bigint[]) ORDER BY 1
               ON CONFLICT (v) DO UPDATE SET n = facet_totals.n + EXCLUDED.n""",
            ([v for v, _ in ordered], [n for _, n in ordered]),
        )


def _add_stats(conn, lengths: list[int], docs: int) -> None:
    fields = list(range(len(lengths))) + [DOCS]
    conn.execute(
        """INSERT INTO stats (field, total) SELECT * FROM unnest(%s::smallint[], %s::bigint[]) ORDER BY 1
           ON CONFLICT (field) DO UPDATE SET total = stats.total + EXCLUDED.total""",
        (fields, list(lengths) + [docs]),
    )


def _insert(conn, collection: str, user: str, fresh: list[tuple]) -> None:
    from psycopg.types.json import Jsonb

    df: dict[tuple[int, str], int] = {}
    for _, _, row in fresh:
        for key in row["indexed"].terms:
            df[key] = df.get(key, 0) + 1
    keys = sorted(df)
    ids: dict[tuple[int, str], int] = {}
    if keys:
        cur = conn.execute(
            """INSERT INTO terms (field, term, df)
               SELECT * FROM unnest(%s::smallint[], %s::text[], %s::integer[]) ORDER BY 1, 2
               ON CONFLICT (field, term) DO UPDATE SET df = terms.df + EXCLUDED.df
               RETURNING id, field, term""",
            ([k[0] for k in keys], [k[1] for k in keys], [df[k] for k in keys]),
        )
        ids = {(field, term): term_id for term_id, field, term in cur}
        _extend_alphabet(conn, {c for _, term in keys for c in term})
    seqs = [s for (s,) in conn.execute("SELECT nextval('article_seq') FROM generate_series(1, %s)", (len(fresh),))]
    totals = None
    with conn.cursor() as cur:
        with cur.copy(
            """COPY articles (id, seq, collection, path, size, mtime_ns, sha1, sidecar_mtime_ns, source, sidecar, title, body,
               outlet, published, precision, published_from, outlet_from, dateline, sortdate, places, people, tags,
               title_tsv, body_tsv, outlet_tsv, places_tsv, people_tsv, tags_tsv, offsets, positions_exact, term_ids,
               lengths, incidents, facets, signature, shingles, loaded_by) FROM STDIN"""
        ) as copy:
            for seq, (f, entry, row) in zip(seqs, fresh):
                doc, indexed, incidents = row["doc"], row["indexed"], row["incidents"]
                lengths = [indexed.lengths[n] for n in sorted(indexed.lengths)]
                totals = lengths if totals is None else [a + b for a, b in zip(totals, lengths)]
                published = doc["published"]
                tsv = indexed.tsvectors
                copy.write_row((
                    f"{collection}/{f.id}", seq, collection, f.id, entry[0], entry[1], entry[2], entry[3], row["source"],
                    row["sidecar"], doc["title"], doc["body"],
                    doc["outlet"] or None, published.date() if published else None, doc["precision"], doc["published_from"] or None,
                    doc["outlet_from"] or None, doc["dateline"] or None, doc["sortdate"], _names(doc["places"]), _names(doc["people"]),
                    [t for t in doc["tags"].split(",") if t], tsv["title"], tsv["body"], tsv["outlet"], tsv["places"],
                    tsv["people"], tsv["tags"], indexed.offsets, indexed.positions_exact,
                    sorted(ids[key] for key in indexed.terms), lengths, Jsonb(incidents),
                    tags_of(doc), row["signature"].values if row["signature"] else None,
                    row["signature"].shingles if row["signature"] else 0, user,
                ))  # fmt: skip
        with cur.copy("COPY postings (term_id, seq, weight, fl, positions, sortdate) FROM STDIN") as copy:
            for seq, (_, _, row) in zip(seqs, fresh):
                sortdate = row["doc"]["sortdate"]
                for key, (weight, fl, positions) in row["indexed"].terms.items():
                    copy.write_row((ids[key], seq, weight, fl, positions, sortdate))
    _add_stats(conn, totals, len(fresh))
    facets: dict[str, int] = {}
    for _, _, row in fresh:
        for tag in tags_of(row["doc"]):
            facets[tag] = facets.get(tag, 0) + 1
    _add_facets(conn, facets)


def _extend_alphabet(conn, letters: set[str]) -> None:
    """The letters the archive's words use, for generating one-edit neighbours (`vocabulary`)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'alphabet'").fetchone()
    have = set(row[0]) if row else set()
    if letters - have:
        conn.execute(
            "INSERT INTO meta VALUES ('alphabet', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            ("".join(sorted(have | letters)),),
        )


def _names(joined: str) -> list[str]:
    return [name for name in joined.split(", ") if name] if joined else []


def regroup_copies(conn, everything: bool = False) -> int:
    """Group every article of the archive with its copies (`corpus.copies`), across
    collections, and keep the groups; how many articles are in one.

    Only what changed since the last grouping is compared with the rest, and the groups
    it touches checked again (`copies.regroup`): the articles loaded since (their `seq`
    is past the one kept in meta: added, replaced, or left by a load that stopped before
    regrouping) and the members of groups no longer there. A full grouping of 50,000
    articles took 33 s after every load, however small; `everything` asks for one."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (COPIES_LOCK,))  # two loads regroup one after the other
        row = conn.execute("SELECT value FROM meta WHERE key = 'copies_seq'").fetchone()
        # One statement, so one view: batches are written one at a time and number their
        # articles as they go, so one committed after it has a higher seq than all it saw.
        rows = conn.execute("SELECT id, signature, shingles, seq FROM articles").fetchall()
        signatures = {article_id: copies.Signature(bytes(values), shingles) for article_id, values, shingles, _ in rows if values is not None}
        last = max((seq for *_, seq in rows), default=0)
        if everything or row is None:
            groups = copies.group_copies(signatures)
        else:
            standing = [tuple(grp) for (grp,) in conn.execute("SELECT DISTINCT grp FROM copy_groups")]
            changed = {a for g in standing for a in g if a not in signatures}
            changed.update(a for a, values, _, seq in rows if seq > int(row[0]) and values is not None)
            groups = copies.regroup(signatures, standing, changed)
        conn.execute("DELETE FROM copy_groups")
        with conn.cursor() as cur, cur.copy("COPY copy_groups (article, grp) FROM STDIN") as copy:
            for group in groups:
                for article_id in group:
                    copy.write_row((article_id, list(group)))
        conn.execute(
            "INSERT INTO meta VALUES ('copies', %s), ('copies_seq', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(time.time_ns()), str(last)),
        )
    return sum(len(g) for g in groups)

