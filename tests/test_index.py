"""The index: the issue's searches on the samples, exact hit offsets, incremental updates."""

from __future__ import annotations

import json
import os
import re

import pytest

from corpus.loader import SAMPLES_DIR
from index import CorpusIndex
from index.analyzers import news_analyzer
from index.paths import index_dir_for

# What each query must find, and what every highlighted span may say (case-insensitive).
DONE_MEANS = [
    ("Al Tanf", {"000", "001"}, r"al|at|tanf"),  # the Moscow Times spells it At-Tanf
    ('"military police"', {"003"}, r"military|police"),
    ("deconflict", {"000", "002", "003"}, r"deconflict\w*"),
    ("Lavrov", {"001", "002", "004"}, r"lavrov(?:['’]s)?"),
    ("US", {"000", "001", "002", "003", "004"}, r"(?-i:US|U\.S\.?)"),  # the country, never "us"
    ("M-4", {"003"}, r"m-?4|highway"),  # "M-4 highway" is one place in the gazetteer
]


def ids(results) -> set[str]:
    return {hit.article[:3] for hit in results.hits}


@pytest.mark.parametrize("query, expected, span", DONE_MEANS)
def test_done_means_searches(samples_index, query, expected, span):
    results = samples_index.search(query)
    assert ids(results) == expected
    check_spans(samples_index, results, span)


def check_spans(ix, results, span_pattern: str) -> None:
    """Every hit span is a span of the article's text saying the query word; so is every snippet span."""
    word = re.compile(span_pattern, re.IGNORECASE)
    for hit in results.hits:
        text = ix.load_article(hit.article).text
        assert hit.hits, f"{hit.article}: no hit spans"
        for start, end in hit.hits:
            assert 0 <= start < end <= len(text)
            assert word.fullmatch(text[start:end]), (hit.article, text[start:end])
        assert hit.snippet_spans
        for start, end in hit.snippet_spans:
            assert word.fullmatch(hit.snippet[start:end]), (hit.snippet, start, end)
        assert "\n" not in hit.snippet


def test_the_us_acronym_is_not_the_verb_use(samples_index):
    results = samples_index.search("US")
    text = samples_index.load_article(next(h.article for h in results.hits if h.article.startswith("004"))).text
    spans = next(h.hits for h in results.hits if h.article.startswith("004"))
    assert all(text[s:e].lower() != "use" for s, e in spans)
    used = samples_index.search("use")
    for hit in used.hits:
        t = samples_index.load_article(hit.article).text
        assert all(t[s:e].lower().startswith("us") and t[s:e].lower() not in ("us", "u.s.") for s, e in hit.hits)


def test_us_is_the_country_not_the_pronoun(tmp_path):
    (tmp_path / "pronoun.txt").write_text("Talks\n\nThe envoys told us the convoy had turned back.\n")
    (tmp_path / "country.txt").write_text("Talks\n\nUS troops and U.S. aircraft held back.\n")
    ix = CorpusIndex(tmp_path)
    ix.update()
    for query in ("US", "us", "U.S."):
        assert [h.article for h in ix.search(query).hits] == ["country.txt"]
    ix.close()


@pytest.mark.parametrize(
    "query, expected, span",
    [
        ("deconflicting", {"000", "002", "003"}, r"deconflict\w*"),  # stemming
        ("LAVROV", {"001", "002", "004"}, r"lavrov(?:['’]s)?"),  # case
        ("Gérasimov", {"000"}, r"gerasimov"),  # accents
        ("deconflic*", {"000", "002", "003"}, r"deconflict\w*"),  # prefix
        ("Lavorv~2", {"001", "002", "004"}, r"lavrov(?:['’]s)?"),  # fuzzy
        ("Gerasimow~", {"000"}, r"gerasimov"),
        ("At-Tanf", {"000", "001"}, r"al|at|tanf"),  # aliases
        ("Hasakeh", {"003"}, r"hasak[ae]h"),  # 003 says both Hasakah and Hasakeh
        ("Sergei Lavrov", {"001", "002", "004"}, r"serge[iy]|lavrov"),
        ('"Sergei Lavrov"', {"001", "002", "004"}, r"serge[iy]|lavrov"),
        ("Lavrov AND Kerry", {"001", "002", "004"}, r"lavrov|kerry"),
        ("Gerasimov OR Poznikhir", {"000", "004"}, r"gerasimov|poznikhir"),
        ("U.S.-backed", {"000", "004"}, r"us|u\.s\.|backed"),
    ],
)
def test_query_language(samples_index, query, expected, span):
    results = samples_index.search(query)
    assert ids(results) == expected
    check_spans(samples_index, results, span)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("published:[2016 TO 2018]", {"000", "001", "004"}),
        ("published:[2016-07 TO 2016-08]", {"001"}),
        ("published:2016", {"001", "004"}),
        ("outlet:reuters", {"002"}),
        ("title:kerry", {"002"}),
        ("places:Aleppo", {"004"}),
        ('places:"Al Tanf"', {"000", "001"}),
        ("people:Lavrov", {"001", "002", "004"}),
        ("Lavrov NOT Aleppo", {"001", "002"}),
        ("date:2016", {"001", "004"}),  # a field alias
    ],
)
def test_fields(samples_index, query, expected):
    assert ids(samples_index.search(query)) == expected


def test_sort_by_date_is_newest_first(samples_index):
    results = samples_index.search("Syria", sort="date")
    assert [h.article[:3] for h in results.hits] == ["003", "000", "004", "001", "002"]
    assert [h.published for h in results.hits] == ["2021-05", "2018-11", "2016-09-16", "2016-07-22", "2015-09-16"]


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_total_counts_every_match_not_just_the_page(samples_index, sort):
    results = samples_index.search("Syria", limit=2, sort=sort)
    assert len(results.hits) == 2
    assert results.total == 5
    assert samples_index.search("Lavrov AND Kerry", limit=1, sort=sort).total == 3


def test_undated_articles_come_after_dated_ones(tmp_path):
    for name in ("u1", "u2"):
        (tmp_path / f"{name}.txt").write_text("Talks\n\nThe envoys met in Geneva.\n")
    (tmp_path / "old.txt").write_text("---\npublished: 2016-01-01\n---\nTalks\n\nThe envoys met in Geneva.\n")
    (tmp_path / "new.txt").write_text("---\npublished: 2020-05\n---\nTalks\n\nThe envoys met in Geneva.\n")
    ix = CorpusIndex(tmp_path)
    ix.update()
    for query in ("Geneva", ""):
        hits = ix.search(query, sort="date").hits
        assert [h.published for h in hits] == ["2020-05", "2016-01-01", "undated", "undated"]
    ix.close()


def test_an_empty_query_lists_every_article_newest_first(samples_index):
    results = samples_index.search("")
    assert [h.article[:3] for h in results.hits] == ["003", "000", "004", "001", "002"]


def test_relevance_puts_the_article_about_it_first(samples_index):
    assert samples_index.search("Gerasimov Tanf").hits[0].article.startswith("000")


def test_hit_fields(samples_index):
    hit = samples_index.search('"military police"').hits[0]
    data = hit.to_json()
    assert set(data) == {"article", "title", "outlet", "published", "score", "snippet", "hits"}
    assert data["article"] == "003_3a060862144c74ba.txt"
    assert (data["title"], data["outlet"], data["published"]) == (
        "Russia Turns Back U.S. Military Convoy in Syria Confrontation",
        "Newsweek",
        "2021-05",
    )
    assert data["score"] > 0
    json.dumps(data)


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("Gerasimv", "Gerasimov"),
        ("Kery Lavrov", "Kerry Lavrov"),
        ("milltary police", "military police"),  # spelt as the articles do: not "military’s", not a stem
        ("Pentagn AND Rusia", "Pentagon AND Russia"),  # operators stay
        ("Hasakh", "Hasakah"),
    ],
)
def test_did_you_mean(samples_index, query, suggestion):
    results = samples_index.search(query)
    assert results.hits == ()
    assert results.suggestion == suggestion
    assert ids(samples_index.search(results.suggestion))


def test_no_suggestion_when_there_are_hits(samples_index):
    assert samples_index.search("Gerasimov").suggestion is None


def test_boilerplate_is_not_searchable(samples_index):
    assert ids(samples_index.search('"unprecedented challenges"')) == set()
    assert ids(samples_index.search("morningstar")) == set()
    assert ids(samples_index.search("Poznikhir")) == {"004"}


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("US U.S. us", ["us", "us", "us"]),
        ("U.K. and the U.N.", ["uk", "and", "the", "un"]),
        ("M-4 Su-35 MQ-9 55-km", ["m-4", "su-35", "mq-9", "55-km"]),
        ("At-Tanf", ["at", "tanf"]),
        ("used uses using", ["use", "use", "use"]),
        ("Lavrov's Sergey’s", ["lavrov", "sergei"]),  # Porter: y -> i, as in the query
        ("Deconfliction Qahtaniyah", ["deconflict", "qahtaniyah"]),
        ("Hasakéh ÇAFÉ", ["hasakeh", "cafe"]),
        ("Hasake\u0301h H\u0323asakah", ["hasakeh", "hasakah"]),  # decomposed accents stay in the word
        ("سُورِيَا سوريا", ["سوريا", "سوريا"]),  # Arabic with and without harakat
        ("ﬁnal ２０１６", ["final", "2016"]),
    ],
)
def test_analyzer(text, tokens):
    assert [t.text for t in news_analyzer()(text)] == tokens


def test_analyzer_offsets_are_the_reader_text():
    text = "Russia’s jets — near At-Tanf, the U.S.-led base — flew (M-4)."
    for t in news_analyzer()(text, chars=True):
        assert text[t.startchar : t.endchar].strip() == text[t.startchar : t.endchar] != ""


# -- the index on disk and incremental updates ------------------------------


def test_the_index_lives_in_the_user_cache_never_in_the_corpus(samples_copy, private_user_dirs):
    before = sorted(p.name for p in samples_copy.rglob("*"))
    ix = CorpusIndex(samples_copy)
    ix.update()
    assert ix.index_dir == index_dir_for(samples_copy)
    assert str(ix.index_dir).startswith(os.environ["XDG_CACHE_HOME"])
    assert (ix.index_dir / "manifest.json").is_file()
    assert sorted(p.name for p in samples_copy.rglob("*")) == before
    ix.close()


def test_two_folders_two_indexes(tmp_path):
    assert index_dir_for(tmp_path / "a" / "corpus") != index_dir_for(tmp_path / "b" / "corpus")


def counts(report):
    return (report.indexed, report.added, report.updated, report.removed, report.skipped)


def test_incremental_updates(samples_copy):
    ix = CorpusIndex(samples_copy)
    first = ix.update()
    assert counts(first) == (5, 5, 0, 0, 0) and first.rebuilt
    again = ix.update()
    assert counts(again) == (5, 0, 0, 0, 0) and not again.changed and not again.rebuilt

    path = samples_copy / "002_ecb2d4459bfc059e.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Latakia", "Hmeimim"), encoding="utf-8")
    edited = ix.update()
    assert counts(edited) == (5, 0, 1, 0, 0)
    assert ids(ix.search("Hmeimim")) == {"002"}

    os.utime(samples_copy / "000_d77898aa2ffd351f.txt", ns=(1, 1))  # touched, not changed
    assert counts(ix.update()) == (5, 0, 0, 0, 0)

    (samples_copy / "004_3af222540078fc8a.txt").unlink()
    removed = ix.update()
    assert counts(removed) == (4, 0, 0, 1, 0)
    assert ids(ix.search("Poznikhir")) == set()

    (samples_copy / "new").mkdir()
    (samples_copy / "new" / "mine.txt").write_text("Talks in Geneva\n\nThe envoys met in Geneva on Monday.\n")
    added = ix.update()
    assert counts(added) == (5, 1, 0, 0, 0)
    assert {h.article for h in ix.search("Geneva").hits} == {"new/mine.txt"}

    rebuilt = ix.update(rebuild=True)
    assert counts(rebuilt) == (5, 5, 0, 0, 0) and rebuilt.rebuilt
    ix.close()


def test_a_changed_sidecar_updates_the_article(samples_copy):
    ix = CorpusIndex(samples_copy)
    ix.update()
    side = samples_copy / "003_3a060862144c74ba.meta.yaml"
    side.write_text("outlet: Newsweek\npublished: 2021-05-06\n", encoding="utf-8")
    report = ix.update()
    assert counts(report) == (5, 0, 1, 0, 0)
    assert ix.search('"military police"').hits[0].published == "2021-05-06"
    ix.close()


def test_a_new_index_opens_what_another_built(samples_copy):
    CorpusIndex(samples_copy).update()
    other = CorpusIndex(samples_copy)
    assert other.open_existing()
    assert len(other) == 5
    assert counts(other.update()) == (5, 0, 0, 0, 0)


def test_what_another_instance_indexed_is_not_indexed_again(samples_copy):
    # Each instance keeps the manifest it last read; another's update must be seen.
    one, two = CorpusIndex(samples_copy), CorpusIndex(samples_copy)
    one.update()
    assert counts(two.update()) == (5, 0, 0, 0, 0)
    (samples_copy / "new.txt").write_text("Talks in Geneva\n\nThe sides met.\n", encoding="utf-8")
    assert counts(one.update()) == (6, 1, 0, 0, 0)
    assert counts(two.update()) == (6, 0, 0, 0, 0)
    (samples_copy / "new.txt").unlink()
    assert counts(two.update()) == (5, 0, 0, 1, 0)
    assert counts(one.update()) == (5, 0, 0, 0, 0)
    assert one.search("Geneva").total == two.search("Geneva").total == 0
    one.close(), two.close()


def test_a_schema_change_rebuilds(samples_copy):
    ix = CorpusIndex(samples_copy)
    ix.update()
    manifest = ix.index_dir / "manifest.json"
    data = json.loads(manifest.read_text())
    data["schema"] -= 1
    manifest.write_text(json.dumps(data))
    report = CorpusIndex(samples_copy).update()
    assert report.rebuilt and counts(report) == (5, 5, 0, 0, 0)


def test_opening_to_search_reads_the_manifest_head_only(samples_copy, monkeypatch):
    """A searching process (the CLI's search, the app's first results) asks only whether the
    manifest is sound, from its head: the list of files is parsed by an update, which sees
    what is wrong with it and rebuilds. A manifest of another schema, or whose file of changes
    says it was derived otherwise, does not open."""
    from index import manifest

    ix = CorpusIndex(samples_copy)
    ix.update()
    ix.close()
    path = ix.index_dir / "manifest.json"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # the list of files cut short
    parsed = []
    with monkeypatch.context() as m:
        m.setattr(manifest, "_parse_json", lambda f: parsed.append(f) or manifest.json.loads(f.read()))
        searching = CorpusIndex(samples_copy)
        assert searching.open_existing()
        assert searching.search("Lavrov").total > 0
        searching.close()
    assert parsed == []
    report = CorpusIndex(samples_copy).update()
    assert report.rebuilt and counts(report) == (5, 5, 0, 0, 0)

    data = json.loads(path.read_text())
    data["schema"] -= 1
    path.write_text(json.dumps(data))
    assert not CorpusIndex(samples_copy).open_existing()
    data["schema"] += 1
    path.write_text(json.dumps(data))
    assert CorpusIndex(samples_copy).open_existing()
    # What changed since the first file is read too: its head says what the index was derived with.
    since = ix.index_dir / "manifest-since.json"
    since.write_text(json.dumps({**{k: v for k, v in data.items() if k not in ("generation", "files")}, "derived_with": "other", "of": data["generation"], "removed": [], "files": {}}))
    assert not CorpusIndex(samples_copy).open_existing()


def test_one_searcher_reused_until_the_index_changes(samples_copy):
    ix = CorpusIndex(samples_copy)
    ix.update()
    searcher = ix.searcher
    ix.search("Lavrov")
    ix.update()
    assert ix.searcher is searcher
    (samples_copy / "more.txt").write_text("Talks\n\nThe envoys met in Geneva.\n")
    ix.update()
    assert ix.searcher is not searcher
    assert ids(ix.search("Geneva")) == {"mor"}
    ix.close()


def test_searching_before_opening_is_a_clear_error(tmp_path):
    with pytest.raises(RuntimeError, match="not open"):
        CorpusIndex(SAMPLES_DIR, index_dir=tmp_path / "ix").search("x")


# --- updates in a child process -------------------------------------------------------


def test_an_update_in_a_child_process_is_searched_here(samples_copy):
    from index.worker import update_in_child

    (samples_copy / "broken.txt").write_bytes(b"\x00\x01binary")
    ix = CorpusIndex(samples_copy)
    seen = []
    report = update_in_child(ix, progress=lambda done, total, what: seen.append((done, total)))
    assert (report.indexed, report.added, report.skipped) == (5, 5, 1)
    assert [w.path for w in report.warnings] == ["broken.txt"]
    assert seen and seen[-1] == (6, 6)
    assert ids(ix.search('"military police"')) == {"003"}
    (samples_copy / "new.txt").write_text("Talks in Geneva\n\nThe envoys met in Geneva.\n", encoding="utf-8")
    assert update_in_child(ix).added == 1
    assert [h.article for h in ix.search("Geneva").hits] == ["new.txt"]  # the searcher was reopened
    ix.close()


def test_a_child_that_cannot_run_leaves_the_update_to_this_process(samples_copy, monkeypatch):
    from index import worker

    monkeypatch.setattr(worker.sys, "executable", "/nonexistent/python")
    ix = CorpusIndex(samples_copy)
    assert worker.update_in_child(ix).added == 5
    assert ids(ix.search("Lavrov")) == {"001", "002", "004"}
    ix.close()


def test_a_child_that_dies_leaves_the_update_to_this_process(samples_copy, monkeypatch):
    from index import worker

    monkeypatch.setattr(worker.sys, "executable", "/bin/false")
    ix = CorpusIndex(samples_copy)
    assert worker.update_in_child(ix).added == 5
    ix.close()


def test_a_failing_progress_callback_stops_the_child_and_is_the_callers(samples_copy):
    from index.worker import update_in_child

    ix = CorpusIndex(samples_copy)

    def quit_app(done, total, what):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_in_child(ix, progress=quit_app)
    assert update_in_child(ix).indexed == 5  # whatever the killed child left is rebuilt or resumed
    ix.close()


# --- analyses kept with the index ------------------------------------------------------


def test_an_analysis_survives_its_json_round_trip(samples):
    from corpus.analysis import analysis_from_dict, analysis_to_dict, analyze

    for article in samples.values():
        analysis = analyze(article)
        assert analysis.quotes  # every sample quotes someone: the round trip is not of nothing
        assert analysis_from_dict(json.loads(json.dumps(analysis_to_dict(analysis)))) == analysis


def test_the_reader_s_analysis_is_kept_with_the_index_until_the_text_changes(samples_copy, tmp_path, monkeypatch):
    import index.analysis_cache as cache_module
    from corpus.analysis import analyze

    calls = []
    monkeypatch.setattr(cache_module, "analyze", lambda a, g=None: calls.append(a.id) or analyze(a, g))
    ix = CorpusIndex(samples_copy, tmp_path / "ix")
    ix.update(analyse=False)  # searchable, not analysed yet: the reader analyses what it opens
    article_id = ix.search("convoy").hits[0].article
    first = ix.analyze(ix.load_article(article_id))
    assert calls == [article_id]
    ix.close()

    again = CorpusIndex(samples_copy, tmp_path / "ix")  # another session: kept on disk
    assert again.analyze(again.load_article(article_id)) == first
    assert calls == [article_id]

    path = samples_copy / article_id
    path.write_text(path.read_text(encoding="utf-8").replace("convoy", "column"), encoding="utf-8")
    edited = again.load_article(article_id)
    changed = again.analyze(edited)
    assert calls == [article_id, article_id]  # a new text is analysed afresh
    assert changed == analyze(edited) and all(edited.text[q.start : q.end] == q.text for q in changed.quotes)
    again.close()


def test_a_damaged_or_unwritable_analysis_cache_still_answers(samples_copy, tmp_path):
    from corpus.analysis import analyze
    from index.analysis_cache import FILE

    ix = CorpusIndex(samples_copy, tmp_path / "ix")
    ix.update()
    article = ix.load_article(ix.search("convoy").hits[0].article)
    ix.close()
    (tmp_path / "ix" / FILE).write_bytes(b"not a database" * 100)
    ix = CorpusIndex(samples_copy, tmp_path / "ix")
    assert ix.analyze(article) == analyze(article)
    ix.close()


def test_a_child_update_ignores_an_index_folder_in_the_current_directory(samples_copy, tmp_path, monkeypatch):
    from index import worker

    decoy = tmp_path / "cwd"
    (decoy / "index").mkdir(parents=True)
    (decoy / "index" / "__init__.py").write_text("raise SystemExit('the user folder was imported')\n")
    (decoy / "index" / "worker.py").write_text("raise SystemExit('the user folder was imported')\n")
    monkeypatch.chdir(decoy)
    monkeypatch.setattr(worker.CorpusIndex, "update", lambda *a, **k: pytest.fail("the child failed: updated in-process"))
    report = worker.update_in_child(CorpusIndex(samples_copy, tmp_path / "ix"))
    assert report.added == 5


@pytest.mark.parametrize("query", ["", "said", "US OR Russia", "published:[2000 TO 2030]"])
def test_an_offset_gives_the_next_page_of_the_same_list(samples_index, query):
    whole = samples_index.search(query, limit=5)
    assert len(whole.hits) >= 3
    page = samples_index.search(query, limit=2, offset=2)
    assert [h.article for h in page.hits] == [h.article for h in whole.hits[2:4]]
    assert [h.hits for h in page.hits] == [h.hits for h in whole.hits[2:4]]  # with their hit offsets
    assert page.total == whole.total
    assert samples_index.search(query, limit=2, offset=whole.total).hits == ()


def test_a_build_read_by_several_processes_indexes_what_one_process_does(tmp_path, monkeypatch):
    import index.readers as store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SAMPLES_DIR.iterdir():
        for n in range(12):  # 60 articles and their sidecars, under other names
            if path.suffix == ".txt" or path.name.endswith(".meta.yaml"):
                (corpus / f"{n:02}_{path.name}").write_bytes(path.read_bytes())
    (corpus / "empty.txt").write_text("")
    one = CorpusIndex(corpus, tmp_path / "one")
    serial = one.update()
    monkeypatch.setattr(store, "PARALLEL_MIN", 1)
    monkeypatch.setattr(store, "_CHUNK", 3)  # many tasks, few in flight
    many = CorpusIndex(corpus, tmp_path / "many")
    seen = []
    parallel = many.update(progress=lambda done, total, what: seen.append(done), readers=2)
    assert (parallel.added, parallel.indexed, [str(w) for w in parallel.warnings]) == (serial.added, serial.indexed, [str(w) for w in serial.warnings])
    assert parallel.added == 60 and seen[-1] == 61
    for query in ("convoy", "Lavrov", "", "At-Tanf"):
        assert [(h.article, h.hits, h.snippet) for h in many.search(query, limit=100).hits] == [
            (h.article, h.hits, h.snippet) for h in one.search(query, limit=100).hits
        ]
    assert many.incidents() == one.incidents()  # from each one's reading analyses
    assert json.loads((tmp_path / "many" / "manifest.json").read_text())["files"] == json.loads((tmp_path / "one" / "manifest.json").read_text())["files"]
    # Then an update touching one file and changing another, by several processes too.
    (corpus / "00_000_d77898aa2ffd351f.txt").touch()
    changed = corpus / "01_000_d77898aa2ffd351f.txt"
    text = changed.read_text(encoding="utf-8").replace("\n\n", "\n\nOfficials said the convoy reached Xylotown on Tuesday.\n\n", 1)
    changed.write_text(text, encoding="utf-8")
    report = many.update(readers=2)
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert [h.article for h in many.search("Xylotown").hits] == ["01_000_d77898aa2ffd351f.txt"]
    one.close()
    many.close()


def test_a_reading_process_that_dies_leaves_its_work_to_the_indexing_one(samples_copy, tmp_path, monkeypatch):
    import index.readers as store

    monkeypatch.setattr(store, "PARALLEL_MIN", 1)
    monkeypatch.setattr(store, "_CHUNK", 1)
    monkeypatch.setattr(store, "_prepare_chunk", _die)  # spawned readers find it by name: this module's
    ix = CorpusIndex(samples_copy, tmp_path / "ix")
    report = ix.update(readers=1)
    assert report.added == 5 and not report.warnings
    assert {h.article for h in ix.search("").hits} == {p.name for p in samples_copy.glob("*.txt")}
    ix.close()


def _die(jobs, fn=None):
    os._exit(1)


def module_closure(todo: list[str]) -> list[str]:
    """Every project module (not package) that the modules `todo` import, they included, sorted."""
    import importlib.util

    closure: set[str] = set()
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        todo += sorted(_imported_modules(name))
    packages = {n for n in closure if importlib.util.find_spec(n).submodule_search_locations}
    return sorted(closure - packages)


def _imported_modules(name: str) -> set[str]:
    """The project modules `name` imports (statically), not counting the packages it goes through."""
    import ast
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(name)
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    package = name if spec.submodule_search_locations else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            if base.split(".")[0] not in ("corpus", "index"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if importlib.util.find_spec(sub.rpartition(".")[0]) and _is_module(sub) else base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] in ("corpus", "index")}
    return found


def _is_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def test_the_index_fingerprint_covers_every_module_its_stored_data_is_derived_by():
    """Documents, incidents, copy signatures and analyses are derived by these entry points; whatever they import
    must be in DERIVED_BY (an edit to it rebuilds every index), and nothing else is."""
    from index.fingerprint import DERIVED_BY

    assert module_closure(["corpus.analysis", "corpus.loader", "corpus.incidents.extract", "index.documents", "corpus.copies"]) == sorted(DERIVED_BY)
    # Editing what is applied when read (the curated file, merging) or the bookmarks rebuilds nothing.
    assert not [n for n in DERIVED_BY if n.startswith(("tui", "corpus.bookmarks", "corpus.incidents.curated"))]
