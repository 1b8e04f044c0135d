"""BM25F that reads each segment's field lengths once, not once per scored document.

Whoosh's BM25F asks the segment for a document's field length at every match
(a file read and a byte decode): a third of the time of a common term's search.
The lengths are one byte per document; here a segment's are decoded into a list
the first time it is searched and kept with its reader. Scores are unchanged.
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
