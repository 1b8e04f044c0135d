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


def _block_protocols(folder) -> set[int]:
    """The pickle protocol of the first postings block of every word with blocks (not inlined)."""
    import zlib

    ix = FileStorage(str(folder)).open_index()
    protocols = set()
    with ix.reader() as r:
        for field, text in r.all_terms():
            m = r.postings(field, text)
            if not hasattr(m, "_dataoffset"):
                continue  # a word of one posting is kept in the term table, not in a block
            data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
            data = zlib.decompress(data) if m._compression else data
            assert data[0] == 0x80  # PROTO opcode
            protocols.add(data[1])
    return protocols


def test_blocks_are_written_in_pickle_protocol_4_and_read_by_stock_whoosh(tmp_path):
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.index import open_dir

    documents = _documents(300)
    _build(tmp_path / "plain", lambda ix: ix.writer(), documents)
    _build(tmp_path / "fast", lambda ix: segment_writer.writer(ix), documents)
    assert _block_protocols(tmp_path / "plain") == {2}
    assert _block_protocols(tmp_path / "fast") == {4}
    # The index records Whoosh's own codec: nothing of this module is needed to open it.
    ix = open_dir(str(tmp_path / "fast"))
    assert {type(seg.codec()) for seg in ix._segments()} == {W3Codec}
    plain_size = sum(f.stat().st_size for f in (tmp_path / "plain").iterdir())
    fast_size = sum(f.stat().st_size for f in (tmp_path / "fast").iterdir())
    assert fast_size < plain_size


def test_a_segment_of_whooshs_writer_and_one_of_ours_read_and_merge_as_one(tmp_path):
    documents = _documents(400)
    _build(tmp_path / "whole", lambda ix: ix.writer(), documents)
    folder = tmp_path / "mixed"
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(SCHEMA)
    w = ix.writer()
    for doc in documents[:200]:
        w.add_document(**doc)
    w.commit()
    w = segment_writer.writer(ix)
    for doc in documents[200:]:
        w.add_document(**doc)
    w.commit(merge=False)
    assert len(ix._segments()) == 2
    assert _contents(folder) == _contents(tmp_path / "whole")  # read across the two protocols
    w = segment_writer.writer(ix)
    w.commit(optimize=True)  # merged by our writer into one segment of protocol 4
    assert len(FileStorage(str(folder)).open_index()._segments()) == 1
    assert _block_protocols(folder) == {4}
    assert _contents(folder) == _contents(tmp_path / "whole")
