"""The fast paths of search give Whoosh's own answers: date filters, fuzzy terms,
exact phrases, phrase absorption, counts, field lengths and did-you-mean.

Checked on a generated corpus indexed in three batches, so the index has several
segments and deleted documents: where a per-segment offset goes wrong, these fail.
"""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq
from whoosh.support.levenshtein import distance

from index import CorpusIndex
from index.dates import split_date_ranges
from index.phrase import ExactPhrase
from index.query import absorb_phrases
from index.vocabulary import Vocabulary
from index.weighting import CachedLengthBM25F

WORDS = ("convoy patrol highway strike talks hotline ceasefire minister prime envoy garrison "
         "drone base border aid corridor memorandum protocol incident statement").split()  # fmt: skip


def write_article(folder, n: int, rng: random.Random) -> None:
    dated = n % 7 != 0
    year, month, day = 2015 + n % 8, 1 + n % 12, 1 + n % 28
    meta = f"---\ntitle: Report {n}\npublished: {year}-{month:02d}-{day:02d}\n---\n" if dated else ""
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))
    if n % 5 == 0:
        body += " the prime minister said"
    (folder / f"a{n:03d}.txt").write_text(f"{meta}Report {n}\n\n{body}.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    folder = tmp_path_factory.mktemp("segmented")
    rng = random.Random(5)
    ix = CorpusIndex(folder, tmp_path_factory.mktemp("ix") / "ix")
    for batch in range(3):
        for n in range(batch * 40, batch * 40 + 40):
            write_article(folder, n, rng)
        ix.update()
    for n in (3, 45, 90):  # deletions in every segment
        (folder / f"a{n:03d}.txt").unlink()
    ix.update()
    assert len(ix.searcher.subsearchers) > 1 and ix.searcher.reader().has_deletions()
    yield ix
    ix.close()


def whoosh_ids(ix, q) -> set[str]:
    s = ix.searcher
    return {s.stored_fields(n)["id"] for n in s.docs_for_query(q)}


QUERIES = [
    "convoy",
    "convoy patrol",
    '"prime minister"',
    "convoy published:[2017 TO 2019]",
    "published:[2016-03 TO 2018-06-30]",
    "published:{2016-01-01 TO 2018-01-01}",
    "convoy OR (drone AND published:[2020 TO 2022])",
    "NOT convoy",
    "conv*",
    "convoi~",
    "garison~",
]


@pytest.mark.parametrize("text", QUERIES)
def test_results_and_totals_are_whooshs(segmented, text):
    parsed = segmented.parse(text)
    expected = whoosh_ids(segmented, parsed.query)
    results = segmented.search(text, limit=500)
    assert {h.article for h in results.hits} == expected
    assert results.total == len(expected)


@pytest.mark.parametrize("text", ["convoy", "published:[2016 TO 2018]", '"prime minister" published:[2015 TO 2022]'])
def test_a_page_counts_every_match(segmented, text):
    everything = segmented.search(text, limit=500)
    page = segmented.search(text, limit=3)
    assert len(page.hits) == 3
    assert page.total == everything.total > 3


def test_dates_alone_list_newest_first_undated_never(segmented):
    results = segmented.search("published:[2015 TO 2022]", limit=500)
    dates = [h.published for h in results.hits]
    assert "undated" not in dates
    assert dates == sorted(dates, reverse=True)


def test_an_empty_query_lists_undated_articles_last(segmented):
    results = segmented.search("", limit=500)
    dates = [h.published for h in results.hits]
    assert results.total == len(dates) == 117
    undated = dates.index("undated")
    assert set(dates[undated:]) == {"undated"}
    assert dates[:undated] == sorted(dates[:undated], reverse=True)


def test_date_ranges_inside_an_and_become_filters_others_stay():
    a = wq.Term("body", "x")
    q = wq.And([a, wq.NumericRange("published", 0, 10**17)])
    kept, ranges = split_date_ranges(q)
    assert kept == a and len(ranges) == 1
    nested = wq.Or([a, wq.And([a, wq.NumericRange("published", 0, 10**17)])])
    assert split_date_ranges(nested) == (nested, [])


def test_fuzzy_finds_a_word_one_edit_away_and_the_stem(segmented):
    assert {h.article for h in segmented.search("garison~", limit=500).hits} == {
        h.article for h in segmented.search("garrison", limit=500).hits
    }
    assert segmented.search("memorandom~").total == segmented.search("memorandum").total > 0


def test_exact_phrase_matches_and_scores_as_whoosh_phrase(segmented):
    s = segmented.searcher
    for words in (["prime", "minist"], ["convoy", "patrol"], ["minist", "said"], ["patrol", "convoy", "highway"]):
        ours = s.search(ExactPhrase("body", words), limit=None)
        theirs = s.search(wq.Phrase("body", words), limit=None)
        assert [(h.docnum, round(h.score, 9)) for h in ours] == [(h.docnum, round(h.score, 9)) for h in theirs]


def test_a_phrase_one_of_whose_words_is_also_asked_for_alone_is_absorbed():
    tanf = wq.Term("body", "tanf")
    q = wq.Or([wq.Phrase("body", ["al", "tanf"]), wq.Phrase("title", ["al", "tanf"]), tanf])
    assert absorb_phrases(q) == wq.Or([wq.Phrase("title", ["al", "tanf"]), tanf])
    untouched = wq.Or([wq.Phrase("body", ["al", "tanf"]), wq.Term("body", "hasakah")])
    assert absorb_phrases(untouched) == untouched
    # Only inside an OR: in an AND the phrase still narrows the matches.
    narrowing = wq.And([wq.Phrase("body", ["al", "tanf"]), tanf])
    assert absorb_phrases(narrowing) == narrowing


def test_alias_spans_still_mark_the_whole_spelling(samples_index):
    results = samples_index.search("At-Tanf")
    for hit in results.hits:
        text = samples_index.load_article(hit.article).text
        words = [text[s:e].lower() for s, e in hit.hits]
        assert "tanf" in words
        assert {"al", "at"} & set(words), f"{hit.article}: only the bare word was marked"


def test_cached_lengths_score_as_bm25f(segmented):
    from whoosh import scoring

    ix = segmented._searcher._ix
    q = wq.Or([wq.Term("body", "convoy"), wq.Term("title", "report")])
    with ix.searcher(weighting=CachedLengthBM25F()) as ours, ix.searcher(weighting=scoring.BM25F()) as theirs:
        a = [(h.docnum, round(h.score, 9)) for h in ours.search(q, limit=None)]
        b = [(h.docnum, round(h.score, 9)) for h in theirs.search(q, limit=None)]
    assert a == b and a


def test_vocabulary_finds_what_a_full_scan_finds():
    rng = random.Random(2)
    words = sorted({"".join(rng.choice("abcde") for _ in range(rng.randint(2, 7))) for _ in range(3000)})
    vocabulary = Vocabulary(words)
    for probe in ["abcd", "eeab", "abcdeab", "ba", "dddd"]:
        for maxdist in (1, 2):
            expected = sorted(w for w in words if distance(w, probe, limit=maxdist) <= maxdist)
            if maxdist == 2:  # two edits are looked for among words sharing the first two letters
                expected = [w for w in expected if w[:2] == probe[:2]]
            assert vocabulary.within(probe, maxdist) == expected, (probe, maxdist)
    assert vocabulary.within("abcd", 1, prefix=2) == [w for w in vocabulary.within("abcd", 1) if w.startswith("ab")]


def test_did_you_mean_on_a_multi_segment_index(segmented):
    results = segmented.search("garisson")
    assert results.total == 0
    assert results.suggestion == "garrison"


@pytest.mark.parametrize(
    "text",
    ["convoy", "convoy patrol", "convoy OR drone", "conv*", "garison~", "(convoy OR patrol) AND (drone OR aid)",
     '"prime minister"', '"minister said" OR "patrol convoy highway"', 'convoy "prime minister"'],
)
def test_block_scoring_gives_whooshs_documents_scores_and_order(segmented, text):
    from index.fastscore import top_documents

    s = segmented.searcher
    q = segmented.parse(text).query.accept(lambda node: segmented._searcher._expand_terms(s, node))
    fast = top_documents(s, q, 500, None)
    assert fast is not None, "the block scorer declined a query of plain words"
    found, total = fast
    theirs = s.search(q, limit=None)
    assert total == len(theirs) > 0
    assert [(d, round(sc, 9)) for d, sc in found] == [(h.docnum, round(h.score, 9)) for h in theirs]
    # Scores are Whoosh's to the last bit (the formula is written out, not approximated), but
    # where an OR of phrases sums its parts in another order than Whoosh's union matcher.
    if " OR " not in text:
        assert [sc for _, sc in found] == [h.score for h in theirs]


def test_phrases_in_long_articles_match_and_score_as_whooshs(tmp_path):
    """Articles of over a thousand words from a vocabulary of four: each word stands
    hundreds of times, at positions past 255, in the body's integer arrays (`Offsets`).
    Their titles, six of the words, hold phrases in a field of Whoosh's own positions,
    without character offsets. The scores are Whoosh's to the last bit, for three
    words and four as for two."""
    from index.fastscore import _CHUNK, top_documents

    rng = random.Random(11)
    folder = tmp_path / "long"
    folder.mkdir()
    for n in range(12):
        words = [rng.choice(("convoy", "patrol", "drone", "border")) for _ in range(rng.randint(900, 1400))]
        (folder / f"l{n:02d}.txt").write_text(f"{' '.join(words[:6])} {n}\n\n{' '.join(words)}.\n", encoding="utf-8")
    for n in range(2 * _CHUNK):  # and short ones, so that a phrase's articles fill more than one chunk
        words = [rng.choice(("convoy", "patrol", "drone", "border")) for _ in range(30)]
        (folder / f"s{n:03d}.txt").write_text(f"Short {n}\n\n{' '.join(words)}.\n", encoding="utf-8")
    ix = CorpusIndex(folder, tmp_path / "ix")
    ix.update()
    s = ix.searcher
    for text in ('"convoy patrol"', '"drone drone border"', '"border convoy patrol drone"', '"convoy drone"'):
        q = ix.parse(text).query.accept(lambda node: ix._searcher._expand_terms(s, node))
        found, total = top_documents(s, q, 500, None)
        theirs = s.search(q, limit=None)
        assert total == len(theirs) > 0, text
        assert found == [(h.docnum, h.score) for h in theirs], text
    assert total > _CHUNK  # "convoy drone": in most of the short articles
    ix.close()


@pytest.mark.parametrize("text", ["NOT convoy", "convoy AND NOT drone", "published:[2016 TO 2018]", '"prime minister"~2'])
def test_block_scoring_declines_what_it_does_not_score(segmented, text):
    from index.fastscore import top_documents

    assert top_documents(segmented.searcher, segmented.parse(text).query, 10, None) is None


@pytest.mark.parametrize("text", ["convoy", "convoy patrol", '"prime minister"', 'convoy "prime minister"', "conv*", "(convoy OR patrol) AND (drone OR aid)"])
def test_spans_from_what_the_scoring_read_are_the_spans_read_from_the_postings(segmented, text):
    from index.fastscore import top_documents
    from index.spans import body_spans

    s = segmented.searcher
    q = segmented.parse(text).query.accept(lambda node: segmented._searcher._expand_terms(s, node))
    seen: dict = {}
    found, _ = top_documents(s, q, 30, None, seen)
    docnums = [d for d, _ in found]
    assert seen, "the scoring kept no postings of the body's words"
    assert body_spans(s, q, docnums, seen) == body_spans(s, q, docnums)


@pytest.mark.parametrize("text", ['"zebra minister"', 'minister OR "zebra minister"'])
def test_the_scoring_keeps_a_words_postings_only_when_it_read_them_all(tmp_path, text):
    """Segment one lacks "zebra", so there the phrase reads nothing, not even "minister":
    what was kept of "minister" is then not all of it, and its spans are read again."""
    from index.fastscore import top_documents
    from index.spans import body_spans

    folder = tmp_path / "c"
    folder.mkdir()
    ix = CorpusIndex(folder, tmp_path / "ix")
    (folder / "a1.txt").write_text("One\n\nThe minister spoke of the budget minister.\n", encoding="utf-8")
    ix.update()
    (folder / "a2.txt").write_text("Two\n\nA zebra minister spoke.\n", encoding="utf-8")
    ix.update()
    s = ix.searcher
    assert len(s.subsearchers) > 1
    q = ix.parse(text).query.accept(lambda node: ix._searcher._expand_terms(s, node))
    seen: dict = {}
    found, _ = top_documents(s, q, 10, None, seen)
    for term, values in seen.items():
        assert set(values) == set(s.postings("body", term).all_ids()), term
    docnums = [d for d, _ in found]
    assert docnums and body_spans(s, q, docnums, seen) == body_spans(s, q, docnums)
    ix.close()


def test_a_snippet_is_the_window_holding_most_hits():
    """Against the plain definition: the window starts at the hit that has the most hits
    (itself and after) ending within the width of its start, the first such on ties."""
    from index.hit import densest

    rng = random.Random(7)
    for trial in range(300):
        starts = sorted(rng.sample(range(5000), rng.randint(1, 60)))
        hits = [(s, s + rng.randint(2, 12)) for s in starts]
        if trial % 4 == 0:  # overlapping spans (a phrase, and one of its words alone): ends out of order
            hits = sorted(hits + [(s, e + rng.randint(20, 90)) for s, e in hits[:3]])
        width = rng.choice((60, 160, 400))
        counts = [sum(1 for _, e in hits[i:] if e <= s + width) for i, (s, _) in enumerate(hits)]
        assert densest(hits, width) == hits[counts.index(max(counts))][0], trial


@pytest.mark.parametrize("budget", [0, 40, 10**6])
def test_a_search_keeps_postings_within_its_budget_and_its_spans_stay_right(segmented, monkeypatch, budget):
    """A prefix can read millions of postings: past SEEN_POSTINGS a word's values are not
    kept (all of a word's or none), and its spans are read from the postings instead."""
    from index import fastscore
    from index.spans import body_spans

    monkeypatch.setattr(fastscore, "SEEN_POSTINGS", budget)
    s = segmented.searcher
    q = segmented.parse("conv* OR patrol").query.accept(lambda node: segmented._searcher._expand_terms(s, node))
    seen: dict = {}
    found, _ = fastscore.top_documents(s, q, 30, None, seen)
    assert sum(len(v) for v in seen.values()) <= budget
    reader = s.reader()
    for term, values in seen.items():  # a deleted article's postings are still read: not counted here
        assert {d for d in values if not reader.is_deleted(d)} == set(s.postings("body", term).all_ids()), term
    docnums = [d for d, _ in found]
    assert body_spans(s, q, docnums, seen) == body_spans(s, q, docnums)
    assert bool(seen) == (budget > 40)


def test_body_offsets_decode_to_what_was_encoded():
    """The body's postings (`Offsets`): positions and characters past 16 bits come back as given."""
    from index.offsets import Offsets, positions_of

    rng = random.Random(3)
    fmt = Offsets()
    for n in (1, 2, 7, 300):
        positions = sorted(rng.sample(range(2_000_000), n))
        triples = [(p, 9 * p, 9 * p + rng.randint(1, 40)) for p in positions]
        raw = fmt.encode(triples)
        assert fmt.decode_characters(raw) == triples
        assert fmt.decode_positions(raw) == list(positions_of(raw)) == positions
        assert fmt.decode_frequency(raw) == n
        assert fmt.decode_position_boosts(raw) == [(p, 1.0) for p in positions]


def test_a_phrase_finds_the_articles_whose_text_has_the_words_side_by_side(segmented):
    """Against the text itself, not against Whoosh reading the same postings: the
    articles with "convoy patrol" in their body, and each hit's spans on those words."""
    expected = set()
    for path in segmented.corpus_dir.glob("*.txt"):
        if "convoy patrol" in path.read_text(encoding="utf-8").split("\n\n", 1)[1]:
            expected.add(path.name)
    results = segmented.search('"convoy patrol"', limit=500)
    assert expected and {h.article for h in results.hits} == expected
    for hit in results.hits:
        text = segmented.load_article(hit.article).text
        marked = [text[s:e] for s, e in hit.hits]
        assert marked and set(marked) <= {"convoy", "patrol"}, hit.article
