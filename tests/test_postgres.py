"""The shared archive on a real PostgreSQL (tests/pgserver.py): the same answers as the Whoosh
index, incremental loads of several collections, shared bookmarks and curated incidents,
roles, and passwords never shown."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.loader import SAMPLES_DIR
from index import CorpusIndex, Filter
from index.backend import SettingError, database_setting, open_backend
from index.postgres import Archive, ArchiveError, ServerDown, redact
from index.postgres.bookmarks import ArchiveBookmarks
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
SYRIA_DEV = ROOT.parent / "shared" / "corpora" / "syria-dev" / "texts"

# Every kind of query the language has, and the spellings the analyzer must keep.
QUERIES = (
    "deconfliction", '"military police"', "US", "U.S.", "M-4", "At-Tanf", "Hasakeh", "Sergei Lavrov", "Lattakia",
    "Lavrov AND published:[2016 TO 2018]", "published:[2018 TO 2019]", "deconflict*", "convoi~", "konvoy~",
    "convoy OR strike", "russia NOT syria", "russia ANDMAYBE convoy", "russia ANDNOT convoy", "title:russia",
    "outlet:newsweek", "places:hasakah", "people:lavrov", 'tanf OR "al tanf"', "pentagon hotline", "",
    "(convoy OR patrol) AND NOT syria", '"russian military"', "deconflictoin", "hotlien", "zzzqqq", "said",
    # ranked from the postings alone (words joined by AND and OR), and words no article has
    "convoy AND (strike OR patrol OR attack)", "Lattakia AND russia", "russia AND s*", "zzzqqq OR convoy",
    "convoy NOT zzzqqq", '"zzzqqq convoy" OR hotline', "russia ANDMAYBE zzzqqq", "title:russia OR outlet:reuters",
    '"russian military" published:[2017 TO 2019]', "(convoy OR patrol) published:[2016 TO 2018]", "Lattakia published:[2015 TO 2017]",
    "deconfl?ction", "conv*y", "outlet:news*", "zzzqqq OR outlet:news*",
)  # fmt: skip


def _whoosh(corpus: Path, tmp_path: Path) -> CorpusIndex:
    ix = CorpusIndex(corpus, index_dir=tmp_path / "whoosh")
    ix.update()
    return ix


def _as_whoosh(hit: dict, collection: str) -> dict:
    """A hit's JSON with the collection left out of its article ids (and its copies')."""

    def local(article_id: str) -> str:
        assert article_id.startswith(collection + "/")
        return article_id[len(collection) + 1 :]

    out = {**hit, "article": local(hit["article"])}
    if "copies" in hit:
        out["copies"] = [{**c, "article": local(c["article"])} for c in hit["copies"]]
    return out


def _made_before_positions(dsn: str) -> None:
    """The archive's tables as they were before postings had positions and dates (phrases and
    date ranges matched on the articles), as an archive loaded by an earlier deconflict-tui has them."""
    import psycopg

    from index.postgres import schema

    old = re.sub(r"\n    (positions smallint\[\]|sortdate integer NOT NULL DEFAULT 0),[^\n]*", "", schema.DDL)
    old = old.replace("INCLUDE (weight, fl, positions, sortdate)", "INCLUDE (weight, fl)")
    old = re.sub(r"\nCREATE TABLE IF NOT EXISTS facet_totals[^\n]*", "", old)
    assert "positions smallint" not in old and "INCLUDE (weight, fl)" in old and "facet_totals" not in old
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(old)
        conn.execute("INSERT INTO meta VALUES ('schema', %s)", (str(schema.SCHEMA_VERSION),))


@pytest.mark.parametrize("made", ["fresh", "before-positions"])
@pytest.mark.parametrize("corpus", [SAMPLES_DIR, SYRIA_DEV], ids=["samples", "syria-dev"])
def test_same_hits_offsets_and_json_as_whoosh(corpus, made, archive_dsn, tmp_path):
    """Fresh, the archive matches phrases and date ranges from its postings; made by an
    earlier version, on its articles: the same answers as Whoosh either way."""
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not here")
    if made == "before-positions":
        _made_before_positions(archive_dsn)
    whoosh = _whoosh(corpus, tmp_path)
    archive = Archive(archive_dsn, corpus_dir=corpus, user="ana", collection="c")
    report = archive.update()
    assert report.added == len(whoosh) and len(archive) == len(whoosh)
    differences = []
    for q in QUERIES:
        w, p = whoosh.search(q, limit=100), archive.search(q, limit=100)
        mine = [_as_whoosh(h.to_json(), "c") for h in p.hits]
        theirs = [h.to_json() for h in w.hits]
        if (mine, p.total, p.suggestion, p.query.notes) != (theirs, w.total, w.suggestion, w.query.notes):
            differences.append(q)
        for a, b in zip(p.hits, w.hits):  # the snippet's marks too, which the JSON leaves out
            assert a.snippet_spans == b.snippet_spans, q
        # Newest first, the same articles in the same order (Whoosh's scores are then its sort keys).
        w, p = whoosh.search(q, limit=100, sort="date"), archive.search(q, limit=100, sort="date")
        if ([_as_whoosh(h.to_json(), "c")["article"] for h in p.hits], p.total) != ([h.article for h in w.hits], w.total):
            differences.append(f"{q} (newest first)")
    assert not differences, differences
    assert any(whoosh.search(q).total for q in QUERIES)  # the set finds something on this corpus
    # Offsets point at the query's words in the article text.
    hit = archive.search('"military police"').hits[0] if corpus == SAMPLES_DIR else archive.search("convoy").hits[0]
    text = archive.load_article(hit.article).text
    assert all(text[s:e].lower().startswith(("military", "police", "convoy")) for s, e in hit.hits)


def test_same_filters_and_facet_counts_as_whoosh(archive_dsn, tmp_path):
    whoosh = _whoosh(SAMPLES_DIR, tmp_path)
    archive = Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples")
    archive.update()
    some_filters = (
        (),
        (Filter("outlet", "Newsweek"),),
        (Filter("outlet", "Newsweek"), Filter("outlet", "Reuters")),
        (Filter("year", "2016"), Filter("place", "Aleppo", exclude=True)),
        (Filter("side", "Russia"), Filter("type", "strike")),
        (Filter("outlet", "Nobody's Gazette"),),
    )
    for q in ("", "russia", "deconfliction", '"military police"', "published:[2016 TO 2018]", "zzzqqq"):
        for filters in some_filters:
            w, p = whoosh.search(q, limit=50, filters=filters, facets=True), archive.search(q, limit=50, filters=filters, facets=True)
            assert [_as_whoosh(h.to_json(), "samples") for h in p.hits] == [h.to_json() for h in w.hits], (q, filters)
            assert p.total == w.total and p.facets == w.facets, (q, filters)
    counted = archive.search("", facets=True).facets
    assert {v.value: v.count for v in counted["outlet"]}["Newsweek"] == 1
    assert {"outlet", "year", "place", "side", "type", "person"} <= {facet for facet, values in counted.items() if values}
    for filters in some_filters[1:]:
        assert archive.kept_articles(filters) == {f"samples/{a}" for a in whoosh.kept_articles(filters)}, filters


def test_loads_incrementally_and_collections_share_one_archive(archive_dsn, samples_copy, tmp_path):
    archive = Archive(archive_dsn, corpus_dir=samples_copy, user="ana", collection="ana")
    first = archive.update()
    assert (first.added, first.updated, first.removed) == (5, 0, 0)
    again = archive.update()
    assert (again.added, again.updated, again.removed, again.changed) == (0, 0, 0, False)
    article = samples_copy / "003_3a060862144c74ba.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA zebracorn was seen near the convoy.\n", encoding="utf-8")
    (samples_copy / "000_d77898aa2ffd351f.txt").unlink()
    changed = archive.update()
    assert (changed.added, changed.updated, changed.removed, changed.indexed) == (0, 1, 1, 4)
    assert [h.article for h in archive.search("zebracorn").hits] == ["ana/003_3a060862144c74ba.txt"]
    # Another analyst's folder, loaded into the same archive: ids say whose.
    other = Archive(archive_dsn, corpus_dir=SAMPLES_DIR, user="bo", collection="bo")
    assert other.update().added == 5
    assert len(other) == 9
    # Both folders hold the article: one story, so one hit with the other as its copy.
    [hit] = other.search('"military police"').hits
    assert {hit.article, *(c.article for c in hit.copies)} == {"ana/003_3a060862144c74ba.txt", "bo/003_3a060862144c74ba.txt"}
    assert other.search('"military police"').total == 2
    assert {name: n for name, n, _ in other.collections()} == {"ana": 4, "bo": 5}


def test_copies_regrouped_after_each_load_as_a_full_grouping_would(archive_dsn, samples_copy):
    """After a load, only what changed is compared with the rest (a full grouping of a big
    archive took half a minute after every load): the groups must come out as a full
    grouping of every article gives them, when copies are made, broken and removed."""
    import psycopg

    from index.postgres.loader import regroup_copies

    def groups() -> set[tuple[str, ...]]:
        return set(ana.copy_groups().values())

    def full() -> set[tuple[str, ...]]:
        with psycopg.connect(archive_dsn, autocommit=True) as conn:
            regroup_copies(conn, everything=True)
        return groups()

    ana = Archive(archive_dsn, corpus_dir=samples_copy, user="ana", collection="ana")
    ana.update()
    assert groups() == set()  # the samples are not copies of each other
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, user="bo", collection="bo").update()
    both = {tuple(sorted((f"ana/{name}", f"bo/{name}"))) for name in (p.name for p in SAMPLES_DIR.glob("*.txt"))}
    assert groups() == both == full()
    story = samples_copy / "003_3a060862144c74ba.txt"
    kept = story.read_text(encoding="utf-8")
    story.write_text("Title\n\n" + " ".join(f"word{n} other{n * 7}" for n in range(300)) + "\n", encoding="utf-8")
    ana.update()  # no longer the other's copy
    assert ("ana/003_3a060862144c74ba.txt", "bo/003_3a060862144c74ba.txt") not in groups()
    assert groups() == full()
    story.write_text(kept, encoding="utf-8")
    (samples_copy / "000_d77898aa2ffd351f.txt").unlink()
    ana.update()  # a copy again; and one removed, whose group goes
    assert groups() == both - {("ana/000_d77898aa2ffd351f.txt", "bo/000_d77898aa2ffd351f.txt")} == full()


def test_cli_loads_and_searches_the_archive(archive_dsn, capsys):
    assert main(["index", "--corpus", str(SAMPLES_DIR), "--database", archive_dsn, "--collection", "samples", "--user", "ana"]) == 0
    assert "5 articles indexed: 5 added" in capsys.readouterr().out
    assert main(["search", '"military police"', "--json", "--database", archive_dsn]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["article"] == "samples/003_3a060862144c74ba.txt" and hit["hits"]
    assert main(["incidents", "--json", "--database", archive_dsn]) == 0
    incidents = json.loads(capsys.readouterr().out)
    assert incidents and all(r["article"].startswith("samples/") for i in incidents for r in i["reports"])
    assert any(i["curated"] for i in incidents)  # the folder's incidents.yaml, stored when it was loaded


def test_environment_and_config_file_choose_the_archive(archive_dsn, monkeypatch, tmp_path):
    assert database_setting(None) == (None, "")
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "deconflict-tui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"database: '{archive_dsn}'\n", encoding="utf-8")
    assert database_setting(None) == (archive_dsn, str(config))
    monkeypatch.setenv("DECONFLICT_DATABASE", "postgresql://elsewhere/db")
    assert database_setting(None)[0] == "postgresql://elsewhere/db"
    assert database_setting("postgresql://given/db") == ("postgresql://given/db", "--database")
    assert open_backend(SAMPLES_DIR, archive_dsn).name == "postgresql"
    assert open_backend(SAMPLES_DIR, None, tmp_path / "ix").name == "whoosh"
    monkeypatch.delenv("DECONFLICT_DATABASE")
    config.write_text("database: [not, a, string]\n", encoding="utf-8")
    with pytest.raises(SettingError, match="line 1"):
        database_setting(None)


def test_passwords_never_shown(capsys):
    url = "postgresql://ana:s3cret-pw@127.0.0.1:9/archive"
    assert redact(url) == "postgresql://ana:***@127.0.0.1:9/archive"
    assert "s3cret" not in redact("host=/tmp user=ana password=s3cret-pw dbname=x")
    assert "s3cret" not in redact("host=/tmp password='s3cret pw' dbname=x")
    with pytest.raises(ServerDown) as down:
        Archive(url).run(lambda conn: None)
    assert "s3cret" not in str(down.value) and "***" in str(down.value)
    assert main(["search", "x", "--database", url]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "s3cret" not in err


def test_concurrent_writers_lose_no_bookmark(archive_dsn):
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    script = ROOT / "tests" / "faults" / "archive_bookmark_writer.py"
    writers = [
        subprocess.Popen([sys.executable, str(script), archive_dsn, name, "40"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        for name in ("ana", "bo", "cy")
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0, 0]
    store = ArchiveBookmarks(Archive(archive_dsn), "checker")
    bookmarks = store.load()
    assert len(bookmarks) == 120 and len({b.id for b in bookmarks}) == 120
    assert {b.extra["author"] for b in bookmarks} == {"ana", "bo", "cy"}


def test_bookmarks_export_and_import_as_yaml(archive_dsn, tmp_path, capsys):
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    mine = tmp_path / "mine.yaml"
    assert main(["bookmarks", "add", "--bookmarks", str(mine), "--article", "003_3a060862144c74ba.txt", "--text", "military police", "--note", "who"]) == 0
    capsys.readouterr()
    # The user's own file names articles by path: imported, they are the collection's.
    text = mine.read_text(encoding="utf-8").replace("article: 003_", "article: samples/003_")
    mine.write_text(text, encoding="utf-8")
    assert main(["bookmarks", "import", str(mine), "--database", archive_dsn, "--user", "ana"]) == 0
    assert "imported 1 bookmarks" in capsys.readouterr().out
    assert main(["bookmarks", "import", str(mine), "--database", archive_dsn]) == 0
    assert "imported 0 bookmarks" in capsys.readouterr().out  # the same ids: nothing twice
    assert main(["bookmarks", "export", "--format", "yaml", "--database", archive_dsn]) == 0
    import yaml

    [entry] = yaml.safe_load(capsys.readouterr().out)["bookmarks"]
    assert (entry["article"], entry["text"], entry["note"], entry["author"]) == ("samples/003_3a060862144c74ba.txt", "military police", "who", "ana")
    assert main(["bookmarks", "list", "--database", archive_dsn]) == 0
    assert "exact" in capsys.readouterr().out  # found again in the archive's copy of the article


def test_curated_incidents_are_versions_with_who_and_when(archive_dsn, samples_copy, tmp_path, capsys):
    Archive(archive_dsn, corpus_dir=samples_copy, user="ana", collection="samples").update()
    curated = samples_copy / "incidents.yaml"
    edited = tmp_path / "incidents.yaml"
    edited.write_text(curated.read_text(encoding="utf-8").replace("hide: false", "hide: true") + "\n# by bo\n", encoding="utf-8")
    assert main(["incidents", "--edit", str(edited), "--database", archive_dsn, "--collection", "samples", "--user", "bo"]) == 0
    assert "stored version" in capsys.readouterr().out
    assert main(["incidents", "--history", "--database", archive_dsn]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[3] for line in lines] == ["ana", "bo"]
    assert all(re.match(r"\s*\d+\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+samples", line) for line in lines)
    broken = tmp_path / "broken.yaml"
    broken.write_text("incidents: [\n", encoding="utf-8")
    assert main(["incidents", "--edit", str(broken), "--database", archive_dsn, "--collection", "samples"]) == 1
    assert "not YAML" in capsys.readouterr().err


def _role_sql(role: str) -> str:
    """The README's SQL for a role, with a name of our own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"<!-- role: {role} -->\n```sql\n(.*?)```", readme, re.S)
    assert block, f"the README shows no SQL for the {role} role"
    return block.group(1)


def test_whole_archive_facet_counts_kept_through_loads_and_made_for_an_older_archive(archive_dsn, samples_copy, tmp_path):
    """The filters pane's counts before any search come from totals kept as articles are
    loaded, replaced and removed; an archive made before has them made on its next load,
    and counts them live meanwhile. Always as the Whoosh index counts the same folder."""
    import psycopg

    def same_as_whoosh(archive, name):
        whoosh = CorpusIndex(samples_copy, index_dir=tmp_path / name)
        whoosh.update()
        assert archive.search("", facets=True).facets == whoosh.search("", facets=True).facets

    archive = Archive(archive_dsn, corpus_dir=samples_copy, user="ana", collection="ana")
    archive.update()
    same_as_whoosh(archive, "w1")
    story = samples_copy / "003_3a060862144c74ba.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("Russian", "Iranian"), encoding="utf-8")
    (samples_copy / "000_d77898aa2ffd351f.txt").unlink()
    assert archive.update().changed
    same_as_whoosh(archive, "w2")
    with psycopg.connect(archive_dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE facet_totals")  # as an archive made before they were kept
    same_as_whoosh(archive, "w3")
    archive.update()
    with psycopg.connect(archive_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM facet_totals").fetchone()[0] > 0
    same_as_whoosh(archive, "w4")


def test_readme_roles_read_only_and_writer(pg_server, archive_dsn):
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    dbname = re.search(r"dbname=(\S+)", archive_dsn).group(1)
    for role in ("reader", "writer"):
        pg_server.execute(_role_sql(role).replace("archive", dbname).replace("'change-me'", "NULL"), dbname)
    reader = archive_dsn.replace("user=postgres", "user=ana_reads")
    writer = archive_dsn.replace("user=postgres", "user=bo_writes")
    assert Archive(reader, corpus_dir=SAMPLES_DIR).search('"military police"').total == 1
    with pytest.raises(Exception, match="permission denied|did not take"):
        ArchiveBookmarks(Archive(reader), "ana").add(_bookmark())
    stored = ArchiveBookmarks(Archive(writer), "bo").add(_bookmark())
    assert [b.id for b in ArchiveBookmarks(Archive(reader), "ana").load()] == [stored.id]
    loaded = Archive(writer, corpus_dir=SAMPLES_DIR, user="bo", collection="bo").update()
    assert loaded.added == 5
    # Tables made by an earlier deconflict-tui: a writer may not bring them up to date and
    # is told who may; once the owner has loaded, the writer loads again.
    pg_server.execute("DROP TABLE facet_totals", dbname)
    with pytest.raises(ArchiveError, match=r"their owner \(postgres\) must load"):
        Archive(writer, corpus_dir=SAMPLES_DIR, user="bo", collection="bo2").update()
    assert Archive(reader, corpus_dir=SAMPLES_DIR).search("", facets=True).facets["outlet"]  # counted live meanwhile
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    assert Archive(writer, corpus_dir=SAMPLES_DIR, user="bo", collection="bo2").update().added == 5
    assert {v.value: v.count for v in Archive(reader, corpus_dir=SAMPLES_DIR).search("", facets=True).facets["outlet"]}["Newsweek"] == 3


def _bookmark():
    from corpus.bookmarks import make_bookmark
    from corpus.loader import load_path

    article = load_path(SAMPLES_DIR / "003_3a060862144c74ba.txt")
    return make_bookmark(article, 588, 603, note="n")


def test_bookmarks_queue_while_the_server_is_down(pg_server, archive_dsn, tmp_path):
    Archive(archive_dsn, corpus_dir=SAMPLES_DIR, collection="samples").update()
    archive = Archive(archive_dsn, corpus_dir=SAMPLES_DIR)
    store = ArchiveBookmarks(archive, "ana")
    first = store.add(_bookmark())
    assert not store.queued_last
    pg_server.stop()
    try:
        queued = store.add(_bookmark())
        assert store.queued_last and store.waiting() == 1
        assert {b.id for b in store.load()} == {first.id, queued.id}  # what the app shows meanwhile
        with pytest.raises(ServerDown):
            store.flush()
        # A second app, started while the server is down, finds the same queue file.
        assert ArchiveBookmarks(Archive(archive_dsn), "ana").waiting() == 1
    finally:
        pg_server.start()
    assert store.flush() == 1 and store.waiting() == 0
    assert len(ArchiveBookmarks(Archive(archive_dsn), "x").load()) == 2


def test_an_archive_without_tables_says_how_to_fill_it(archive_dsn, capsys):
    assert main(["search", "x", "--database", archive_dsn]) == 1
    assert "load a folder with deconflict-tui index" in capsys.readouterr().err
    with pytest.raises(ArchiveError):
        Archive(archive_dsn.replace("dbname=", "dbname=no_such_")).run(lambda conn: None)
