"""The archive's tables, made on first use by a role allowed to (see the README for the roles).

- ``collections``: one per folder loaded (its name is the first part of its articles' ids),
  with what its data was derived with and who loaded it last.
- ``articles``: one row per article: the file as read (to rebuild the `Article` on any
  machine), its metadata, one ``tsvector`` per searchable field (GIN-indexed), the body's
  token offsets, its incidents and facet columns. ``seq`` is the order of loading: the
  Whoosh index's document order, which breaks ties the same way.
- ``terms`` and ``postings``: each field's words with their document frequency, and each
  word's weight in each article with the article's field length, positions (those its
  tsvector keeps) and date. They give BM25F scores equal to Whoosh's, and phrases and
  date ranges matched from the postings' index alone; ``terms`` is trigram-indexed
  (pg_trgm) for fuzzy terms and "did you mean".
- ``stats``: per field the total length, and (field -1) the number of articles;
  ``facet_totals``: each facet value's count over the whole archive, kept as loads go.
- ``analyses``: the reader's analyses, as the Whoosh index keeps them beside it.
- ``bookmarks``: everyone's bookmarks, one row each, with the author.
- ``incident_edits``: every version of each collection's curated incidents file, with who and when.
"""

from __future__ import annotations

SCHEMA_VERSION = 2  # 2: facets and copies

# Field numbers in `terms`: the Whoosh schema's searchable fields.
FIELDS = ("title", "body", "outlet", "places", "people", "tags")
FIELD_NUMBER = {name: n for n, name in enumerate(FIELDS)}
DOCS = -1  # the `stats` row holding the number of articles

FACET_TOTALS = "CREATE TABLE IF NOT EXISTS facet_totals (v text PRIMARY KEY, n bigint NOT NULL);"  # "facet=value": in how many articles

DDL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS copy_groups (article text PRIMARY KEY, grp text[] NOT NULL);  -- wire copies, across collections
CREATE TABLE IF NOT EXISTS collections (
    name text PRIMARY KEY,
    folder text NOT NULL,
    derived_with text NOT NULL,
    loaded_by text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE IF NOT EXISTS article_seq;
CREATE TABLE IF NOT EXISTS articles (
    id text PRIMARY KEY,
    seq bigint NOT NULL UNIQUE,
    collection text NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
    path text NOT NULL,
    size bigint NOT NULL,
    mtime_ns bigint NOT NULL,
    sha1 text NOT NULL,
    sidecar_mtime_ns bigint NOT NULL,
    source text NOT NULL,
    sidecar text,  -- the sidecar file's YAML, as read
    title text NOT NULL,
    body text NOT NULL,
    outlet text,
    published date,
    precision text NOT NULL,
    published_from text,
    outlet_from text,
    dateline text,
    sortdate integer NOT NULL,
    places text[] NOT NULL,
    people text[] NOT NULL,
    tags text[] NOT NULL,
    title_tsv tsvector NOT NULL,
    body_tsv tsvector NOT NULL,
    outlet_tsv tsvector NOT NULL,
    places_tsv tsvector NOT NULL,
    people_tsv tsvector NOT NULL,
    tags_tsv tsvector NOT NULL,
    offsets bytea NOT NULL,
    positions_exact boolean NOT NULL,
    term_ids integer[] NOT NULL,
    lengths integer[] NOT NULL,
    incidents jsonb NOT NULL,
    facets text[] NOT NULL,  -- "facet=value" (index.facets.tags_of): what the filters count
    signature bytea,  -- the body's MinHash (corpus.copies), NULL when too short to tell
    shingles integer NOT NULL DEFAULT 0,
    loaded_by text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS articles_collection ON articles (collection);
CREATE INDEX IF NOT EXISTS articles_sortdate ON articles (sortdate, seq);
CREATE INDEX IF NOT EXISTS articles_title_tsv ON articles USING gin (title_tsv);
CREATE INDEX IF NOT EXISTS articles_body_tsv ON articles USING gin (body_tsv);
CREATE INDEX IF NOT EXISTS articles_outlet_tsv ON articles USING gin (outlet_tsv);
CREATE INDEX IF NOT EXISTS articles_places_tsv ON articles USING gin (places_tsv);
CREATE INDEX IF NOT EXISTS articles_people_tsv ON articles USING gin (people_tsv);
CREATE INDEX IF NOT EXISTS articles_tags_tsv ON articles USING gin (tags_tsv);
CREATE INDEX IF NOT EXISTS articles_facets ON articles USING gin (facets);
CREATE TABLE IF NOT EXISTS terms (
    id serial PRIMARY KEY,
    field smallint NOT NULL,
    term text COLLATE "C" NOT NULL,  -- C: a prefix is a range of the index
    df integer NOT NULL,
    UNIQUE (field, term)
);
CREATE INDEX IF NOT EXISTS terms_trgm ON terms USING gin (term gin_trgm_ops);
CREATE TABLE IF NOT EXISTS postings (
    term_id integer NOT NULL,
    seq bigint NOT NULL,
    weight real NOT NULL,
    fl integer NOT NULL,
    positions smallint[],  -- as the article's tsvector has them; NULL where it keeps none
    sortdate integer NOT NULL DEFAULT 0,  -- the article's, so a date range is read from the index too
    PRIMARY KEY (term_id, seq) INCLUDE (weight, fl, positions, sortdate)
);
CREATE TABLE IF NOT EXISTS stats (field smallint PRIMARY KEY, total bigint NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (article text PRIMARY KEY, digest text NOT NULL, data bytea NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarks (
    id text PRIMARY KEY,
    author text NOT NULL,
    article text NOT NULL,
    entry jsonb NOT NULL,
    created text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS bookmarks_author ON bookmarks (author, created);
CREATE TABLE IF NOT EXISTS incident_edits (
    id bigserial PRIMARY KEY,
    collection text NOT NULL,
    content text NOT NULL,
    author text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS incident_edits_collection ON incident_edits (collection, id);
"""
DDL += FACET_TOTALS


FULL_POSTINGS = "positions sortdate"  # meta 'postings': what every posting holds beside its weight
POSITIONS_COLUMN = "SELECT 1 FROM pg_attribute WHERE attrelid = 'postings'::regclass AND attname = 'positions' AND NOT attisdropped"


def ensure(conn) -> None:
    """Make the tables if they are not there (one transaction; concurrent callers wait)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(191919)")
        row = conn.execute("SELECT to_regclass('meta')").fetchone()
        if row[0] is not None:
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if version and int(version[0]) == SCHEMA_VERSION:
                _bring_up_to_date(conn)
                return
            if version:
                from .connect import ArchiveError

                raise ArchiveError(f"the archive's tables are of version {version[0]}; this deconflict-tui reads version {SCHEMA_VERSION}")
        conn.execute(DDL)
        conn.execute("INSERT INTO meta VALUES ('schema', %s) ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION),))
        conn.execute("INSERT INTO meta VALUES ('postings', %s) ON CONFLICT (key) DO NOTHING", (FULL_POSTINGS,))  # every posting has them


def _bring_up_to_date(conn) -> None:
    """An archive made by an earlier deconflict-tui of this schema version gains what came
    since: postings' positions and dates (stored from now on; its phrases and dates are
    still matched on the articles, a fresh archive's are not) and the facet totals. Only
    the tables' owner may; anyone else is told so, and searching goes on as it was."""
    missing_columns = conn.execute(POSITIONS_COLUMN).fetchone() is None
    missing_totals = conn.execute("SELECT to_regclass('facet_totals')").fetchone()[0] is None
    if not (missing_columns or missing_totals):
        return
    owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'postings' AND schemaname = current_schema()").fetchone()
    if owner and owner[0] != conn.execute("SELECT current_user").fetchone()[0]:
        from .connect import ArchiveError

        raise ArchiveError(
            f"the archive's tables were made by an earlier deconflict-tui; their owner ({owner[0]}) must load a folder "
            "once to bring them up to date before others can load (searching works meanwhile)"
        )
    if missing_columns:
        conn.execute("ALTER TABLE postings ADD COLUMN positions smallint[], ADD COLUMN sortdate integer NOT NULL DEFAULT 0")
    if missing_totals:
        from .loader import WRITERS_LOCK

        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITERS_LOCK,))  # no batch written meanwhile
        conn.execute(FACET_TOTALS)
        conn.execute("INSERT INTO facet_totals SELECT v, count(*) FROM articles, unnest(facets) v GROUP BY v")
        # Whoever may read or write the word counts may read or write these.
        grants = conn.execute(
            "SELECT grantee, string_agg(privilege_type, ', ') FROM information_schema.role_table_grants "
            "WHERE table_name = 'stats' AND grantee <> current_user GROUP BY grantee"
        ).fetchall()
        from psycopg import sql

        for grantee, privileges in grants:
            conn.execute(sql.SQL("GRANT {} ON facet_totals TO {}").format(sql.SQL(privileges), sql.Identifier(grantee)))


def exists(conn) -> bool:
    """Whether the archive's tables are there (a read-only role cannot make them)."""
    row = conn.execute("SELECT to_regclass('meta') IS NOT NULL AND to_regclass('articles') IS NOT NULL").fetchone()
    return bool(row[0])
