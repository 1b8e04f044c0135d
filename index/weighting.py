"""BM25F that reads each segment's field lengths once, not once per scored document.

Whoosh's BM25F asks the segment for a document's field length at every match
(a file read and a byte decode): a third of the time of a common term's search.
The lengths are one byte per document; here a segment's are decoded into a list
the first time it is searched and kept with its reader. Scores are unchanged.

For scoring a block of postings at once (`fastscore`), `length_norms` gives each
document's length term of the BM25 formula, computed once per segment and field
the same way Whoosh's `bm25` computes it, so a score is one multiply and one
divide in a list comprehension, bit for bit Whoosh's.
"""

from __future__ import annotations

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]  # 1: Whoosh's default for none


def field_lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length in `fieldname` for one segment's reader; None if it cannot tell."""
    cache = reader.__dict__.setdefault("_deconflict_lengths", {})
    if fieldname not in cache:
        try:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            count = reader.doc_count_all()
            raw = column._dbfile.get(column._basepos, min(column._count, count)) if column is not None else b""
        except AttributeError:  # not a segment reader of the whoosh3 codec
            cache[fieldname] = None
        else:
            lengths = [_LENGTH_OF_BYTE[b] for b in raw]
            cache[fieldname] = lengths + [1] * (count - len(lengths))
    return cache[fieldname]


class CachedLengthBM25F(scoring.BM25F):
    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if hasattr(scorer, "dfl"):
            lengths = field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


def length_norms(reader, fieldname: str, B: float, K1: float, avgfl: float) -> list[float] | None:
    """Each document's ``K1 * ((1 - B) + B * fl / avgfl)`` in `fieldname` (Whoosh's `bm25`
    term for the field length `fl`), kept with the reader for these parameters; None if
    the lengths cannot be read."""
    cache = reader.__dict__.setdefault("_deconflict_norms", {})
    key = (fieldname, B, K1, avgfl)
    if key not in cache:
        lengths = field_lengths(reader, fieldname)
        if lengths is None:
            return None
        by_length = {fl: K1 * ((1 - B) + B * fl / avgfl) for fl in set(lengths)}  # lengths are byte-coded: few values
        if len(cache) > 64:  # the average length changes as the index grows: drop stale parameters
            cache.clear()
        cache[key] = [by_length[fl] for fl in lengths]
    return cache[key]
