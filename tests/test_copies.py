"""Wire copies and near-duplicates (corpus.copies), kept by the index and folded in search."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from corpus import copies
from corpus.loader import SAMPLES_DIR, load_corpus, parse_article
from index import CorpusIndex

SAMPLE = "003_3a060862144c74ba.txt"


def signed(text: str, name: str = "a.txt") -> copies.Signature | None:
    article = parse_article(name, text)
    return copies.signature(copies.copy_text(article.text, article.paragraphs))


def repost(text: str, headline: str = "Russians send US convoy back", trim: int = 1, added: str = "") -> str:
    paragraphs = text.split("\n\n")
    body = paragraphs[1 : len(paragraphs) - trim]
    if added:
        body.append(added)
    return headline + "\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture(scope="module")
def samples():
    articles, _ = load_corpus(SAMPLES_DIR)
    return {a.id: a for a in articles}


def test_a_repost_with_another_headline_a_paragraph_cut_and_a_sentence_added_is_a_copy(samples):
    text = samples[SAMPLE].text
    original = signed(text)
    for copy in (repost(text, trim=0), repost(text, trim=1), repost(text, trim=2, added="This story was updated on Friday.")):
        assert copies.is_copy(original, signed(copy))
    assert copies.jaccard(original, signed(text, "b.txt")) == 1.0


def test_different_articles_are_not_copies(samples):
    sigs = {a.id: copies.signature(copies.copy_text(a.text, a.paragraphs)) for a in samples.values()}
    for a, b in itertools.combinations(sorted(sigs), 2):
        assert not copies.is_copy(sigs[a], sigs[b]), (a, b)
    assert copies.group_copies(sigs) == []


def test_a_text_too_short_to_tell_has_no_signature():
    assert signed("Headline\n\nThe hotline was used on Tuesday, officials said.\n") is None


def test_signatures_survive_packing(samples):
    sigs = {a.id: copies.signature(copies.copy_text(a.text, a.paragraphs)) for a in samples.values()}
    ids, shingles, values = copies.pack(sigs)
    assert copies.unpack(ids, shingles, values) == sigs
    for damaged in ((ids, shingles, values[:-8]), (ids[:-1], shingles, values), (ids, shingles[:-1], values), ([1], [1], values[:512]), ("ab", shingles, values)):
        with pytest.raises(ValueError):
            copies.unpack(*damaged)


def test_groups_join_copies_of_copies_and_keep_the_rest_apart(samples):
    text = samples[SAMPLE].text
    sigs = {
        "a": signed(text),
        "b": signed(repost(text, trim=1)),
        "c": signed(repost(repost(text, trim=1), headline="Stand-off on the M-4", trim=1)),
        "other": signed(samples["000_d77898aa2ffd351f.txt"].text),
    }
    assert copies.group_copies(sigs) == [("a", "b", "c")]


def write_copy(root: Path, name: str, outlet: str, trim: int = 1) -> None:
    (root / name).write_text(repost((SAMPLES_DIR / SAMPLE).read_text(encoding="utf-8"), trim=trim), encoding="utf-8")
    (root / name.replace(".txt", ".meta.yaml")).write_text(f"outlet: {outlet}\npublished: 2021-05-28\n", encoding="utf-8")


def test_the_index_groups_copies_as_they_come_and_go_and_search_shows_one_row(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    assert ix.copy_groups() == {}
    write_copy(corpus, "yahoo.txt", "Yahoo")
    write_copy(corpus, "newsday.txt", "Newsday", trim=2)
    report = ix.update()
    assert (report.added, report.rebuilt) == (2, False)
    group = (SAMPLE, "newsday.txt", "yahoo.txt")
    assert ix.copy_groups() == dict.fromkeys(group, group)
    hits = ix.search('"military police"').hits
    assert len(hits) == 1
    assert {hits[0].article, *(c.article for c in hits[0].copies)} == set(group)
    assert sorted(c.outlet for c in hits[0].copies) == sorted({"Newsweek", "Yahoo", "Newsday"} - {hits[0].outlet})
    assert hits[0].to_json()["copies"]
    # Each copy shows its own title and date (from the index's card column, not its stored text).
    assert [(c.title, c.published) for c in hits[0].copies] == [(ix.load_article(c.article).title, str(ix.load_article(c.article).published)) for c in hits[0].copies]
    assert all(c.title for c in hits[0].copies)
    # A sidecar edited: the copy's card follows.
    (corpus / "yahoo.meta.yaml").write_text("outlet: Yahoo News\npublished: 2021-05\n", encoding="utf-8")
    ix.update()
    hit = ix.search('"military police"').hits[0]
    shown = {hit.article: (hit.outlet, str(hit.published))} | {c.article: (c.outlet, c.published) for c in hit.copies}
    assert shown["yahoo.txt"] == ("Yahoo News", "2021-05")
    # The copy rewritten as a story of its own leaves the group; one removed leaves none.
    own = " ".join(f"Officers met on day {n} by the river and spoke of the hotline, patrol {n * 7} and the season." for n in range(12))
    (corpus / "yahoo.txt").write_text(f"Talks by the river\n\n{own}\n", encoding="utf-8")
    ix.update()
    assert set(ix.copy_groups()) == {SAMPLE, "newsday.txt"}
    (corpus / "newsday.txt").unlink()
    ix.update()
    assert ix.copy_groups() == {}
    assert len(ix.search('"military police"').hits) == 1 and not ix.search('"military police"').hits[0].copies
    ix.close()


def test_a_damaged_copies_file_is_made_again_by_the_next_update(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    write_copy(corpus, "yahoo.txt", "Yahoo")
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    group = (SAMPLE, "yahoo.txt")
    assert ix.copy_groups() == dict.fromkeys(group, group)
    ix.close()
    damages = (lambda raw: raw[: len(raw) - 100], lambda raw: b"not a copies file", lambda raw: raw.replace(b'"groups": [', b'"groups": [7, ', 1))
    for name, damage in [("copies.bin", d) for d in damages] + [("copies-since.bin", damages[0])]:
        copies_file = tmp_path / "ix" / name
        if name == "copies-since.bin":  # made by a small update
            write_copy(corpus, "yahoo.txt", "Yahoo", trim=2)
            CorpusIndex(corpus, tmp_path / "ix").update()
        copies_file.write_bytes(damage(copies_file.read_bytes()))
        again = CorpusIndex(corpus, tmp_path / "ix")
        report = again.update()
        assert report.rebuilt
        assert again.copy_groups() == dict.fromkeys(group, group)
        again.close()


def test_an_update_writes_only_the_signatures_changed_and_a_new_instance_reads_them_with_the_rest(tmp_path, monkeypatch):
    from index import manifest

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    base, since = tmp_path / "ix" / manifest.COPIES, tmp_path / "ix" / manifest.SINCE
    written = base.stat()
    write_copy(corpus, "yahoo.txt", "Yahoo")
    ix.update()
    assert (base.stat().st_ino, base.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # not rewritten
    assert since.stat().st_size < written.st_size / 2
    group = (SAMPLE, "yahoo.txt")
    assert ix.copy_groups() == dict.fromkeys(group, group)
    fresh = CorpusIndex(corpus, tmp_path / "ix")
    assert fresh.update().changed is False
    assert fresh.copy_groups() == dict.fromkeys(group, group)
    fresh.close()
    # Past what the file of changes may hold, all the signatures are written again: the
    # file of changes, which applied to the old file only, is removed.
    monkeypatch.setattr(manifest, "REWRITE_AFTER", 1)
    write_copy(corpus, "newsday.txt", "Newsday", trim=2)
    write_copy(corpus, "wtop.txt", "WTOP", trim=3)
    (corpus / "yahoo.txt").unlink()
    ix.update()
    assert base.stat().st_ino != written.st_ino and not since.exists()
    group = (SAMPLE, "newsday.txt", "wtop.txt")
    fresh = CorpusIndex(corpus, tmp_path / "ix")
    assert fresh.update().changed is False
    assert fresh.copy_groups() == ix.copy_groups() == dict.fromkeys(group, group)
    fresh.close(), ix.close()


def test_copies_line_names_the_outlets():
    from index.hit import Copy, copies_line

    assert copies_line([Copy("a.txt", "Newsday"), Copy("b.txt", "Yahoo"), Copy("c.txt", None), Copy("d.txt", "AP"), Copy("e.txt", "Yahoo")]) == "+5 copies: Newsday, Yahoo, c.txt, …"
    assert copies_line([Copy("a.txt", "Newsday")]) == "+1 copy: Newsday"


def test_incidents_count_outlets_not_copies(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    ix = CorpusIndex(corpus, tmp_path / "ix")
    ix.update()
    before = {i.id: i for i in ix.incidents()[0] if SAMPLE in i.article_ids}
    write_copy(corpus, "yahoo.txt", "Yahoo", trim=0)
    write_copy(corpus, "newsday.txt", "Newsday", trim=0)
    ix.update()
    after = [i for i in ix.incidents()[0] if set(i.article_ids) & {SAMPLE, "yahoo.txt", "newsday.txt"}]
    assert sorted(i.id for i in after) == sorted(before)  # the copies add no event of their own...
    joined = [i for i in after if set(i.article_ids) == {SAMPLE, "yahoo.txt", "newsday.txt"}]
    assert joined  # ...their reports join the events of the story they copy
    for i in joined:
        assert sorted(i.copies) == ["newsday.txt", "yahoo.txt"] and i.outlets == before[i.id].outlets == ("Newsweek",)
    ix.close()


def test_regrouping_after_a_change_finds_what_grouping_everything_finds(samples):
    text = samples[SAMPLE].text
    other = samples["000_d77898aa2ffd351f.txt"].text
    sigs = {a.id: copies.signature(copies.copy_text(a.text, a.paragraphs)) for a in samples.values()}
    sigs |= {"b": signed(repost(text, trim=1)), "c": signed(repost(text, trim=2)), "d": signed(repost(other, trim=1))}
    groups = copies.group_copies(sigs)
    assert groups == [("000_d77898aa2ffd351f.txt", "d"), (SAMPLE, "b", "c")]
    steps = [
        ({"e": signed(repost(other, headline="Tanf, again", trim=0))}, set()),  # a new copy joins a group
        ({}, {SAMPLE}),  # the original goes: its copies stay one group
        ({"c": signed(other)}, set()),  # a copy edited into a copy of another story moves
        ({}, {"b"}),  # a group of one is no group
    ]
    for added, removed in steps:
        sigs = {k: v for k, v in {**sigs, **added}.items() if k not in removed}
        regrouped = copies.regroup(sigs, groups, set(added) | removed)
        assert regrouped == copies.group_copies(sigs)
        groups = regrouped
    assert groups == [("000_d77898aa2ffd351f.txt", "c", "d", "e")]


def test_searching_reads_only_the_groups_of_the_copies_file(tmp_path):
    """A searching process needs the groups, not every article's signature (30 MB at 50,000
    articles): it reads the file's head only, while an update reads it all and sees damage."""
    from index.manifest import IndexFiles

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES_DIR, corpus)
    write_copy(corpus, "yahoo.txt", "Yahoo")
    CorpusIndex(corpus, tmp_path / "ix").update()
    copies_file = tmp_path / "ix" / "copies.bin"
    copies_file.write_bytes(copies_file.read_bytes()[:-100])  # the signatures' values cut short
    files = IndexFiles(tmp_path / "ix")
    assert files.copy_groups() == [sorted((SAMPLE, "yahoo.txt"))]
    assert files.copies() is None
