"""The faster segment writer writes the segment Whoosh's own writer writes."""

from __future__ import annotations

import random

from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from index import segment_writer

SCHEMA = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(stored=True), title=fields.TEXT())


def _documents(n: int) -> list[dict]:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    weights = [1 / (i + 1) for i in range(400)]  # a few common words, many rare ones
    return [
        {
            "id": str(i),
            "body": " ".join(rng.choices(words, weights, k=rng.randint(5, 120))),
            "title": " ".join(rng.choices(words, weights, k=rng.randint(1, 6))),
        }
        for i in range(n)
    ]


def _build(folder, make_writer, documents) -> int:
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(SCHEMA)
    w = make_writer(ix)
    for doc in documents:
        w.add_document(**doc)
    runs = len(w.pool.runs)
    w.commit()
    return runs


def _contents(folder) -> dict:
    ix = FileStorage(str(folder)).open_index()
    with ix.reader() as r:
        terms = {}
        for field, text in r.all_terms():
            info = r.term_info(field, text)
            terms[field, text] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
                list(r.postings(field, text).all_items()),  # (docnum, encoded positions)
            )
        lengths = {(d, f): r.doc_field_length(d, f) for d in range(r.doc_count()) for f in ("body", "title")}
        stored = list(r.all_stored_fields())
    return {"terms": terms, "lengths": lengths, "stored": stored}


def test_the_same_segment_as_whooshs_writer_with_runs_on_disk(tmp_path):
    documents = _documents(600)
    plain_runs = _build(tmp_path / "plain", lambda ix: ix.writer(limitmb=1), documents)
    fast_runs = _build(tmp_path / "fast", lambda ix: segment_writer.writer(ix, limitmb=1), documents)
    assert plain_runs == fast_runs > 2  # a small memory limit: the postings were sorted in runs on disk
    plain, fast = _contents(tmp_path / "plain"), _contents(tmp_path / "fast")
    assert len(plain["terms"]) > 300
    assert fast == plain


def test_the_same_segment_in_memory(tmp_path):
    documents = _documents(50)
    assert _build(tmp_path / "plain", lambda ix: ix.writer(), documents) == 0
    assert _build(tmp_path / "fast", lambda ix: segment_writer.writer(ix), documents) == 0
    assert _contents(tmp_path / "fast") == _contents(tmp_path / "plain")
