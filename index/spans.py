"""Where a query's words stand in the articles it found: character spans from the index.

The body field keeps each word's character offsets (`chars=True`), so a hit's
spans come from the postings, not from re-reading the text. Each of the query's
body terms is read once for all the hits on the page — its postings are walked
in document order — rather than once per hit, and not at all when the scoring
has just read them (`seen`). A word that occurs in the query
only inside phrases counts only where the whole phrase stands; words under NOT
are never marked.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh import query as wq

FIELD = "body"
MAX_TERMS_PER_LEAF = 256  # a prefix like "s*" expands to thousands of words: mark the commonest


def body_spans(searcher, q: wq.Query, docnums: list[int], seen: dict[bytes, dict[int, bytes]] | None = None) -> dict[int, list[tuple[int, int]]]:
    """For each document number, the sorted (start, end) spans of the query's body words in it.

    `seen` holds, for some words, the raw value of each of their postings (what the
    scoring read: `fastscore.top_documents`); those words are decoded from it, not read again."""
    if not docnums:
        return {}
    reader = searcher.reader()
    standalone = _positive_terms(q, reader)
    phrases = _phrases(q)
    terms = standalone | {w for p in phrases for w in p}
    # occurrences[docnum][term] = [(position, start, end), ...]
    occurrences: dict[int, dict[bytes, list]] = {d: {} for d in docnums}
    wanted = sorted(occurrences)
    decode = None
    for term in terms:
        values = seen.get(term) if seen else None
        if values is None:
            _collect(searcher, reader, term, wanted, occurrences)
            continue
        decode = decode or searcher.schema[FIELD].format.decoder("characters")
        for docnum in wanted:
            raw = values.get(docnum)
            if raw is not None:
                occurrences[docnum][term] = decode(raw)
    return {docnum: spans_of(found, standalone, phrases) for docnum, found in occurrences.items()}


def spans_of(found: dict, standalone, phrases) -> list[tuple[int, int]]:
    """The sorted spans of one article's marked words: `found[term]` holds the term's
    (position, start, end) occurrences; a `standalone` term is marked wherever it stands,
    the words of a phrase only where the whole phrase stands (both backends)."""
    spans = {(sc, ec) for t, occ in found.items() if t in standalone for _, sc, ec in occ}
    for words in phrases:
        if not all(w in found for w in words):
            continue
        positions = [{pos: (sc, ec) for pos, sc, ec in found[w]} for w in words]
        for start in positions[0]:
            if all(start + i in positions[i] for i in range(len(words))):
                spans.update(positions[i][start + i] for i in range(len(words)))
    return sorted(spans)


def _collect(searcher, reader, term: bytes, wanted: list[int], occurrences: dict) -> None:
    try:
        frequency = reader.doc_frequency(FIELD, term)
    except Exception:  # not a term of this index
        return
    if not frequency:
        return
    m = searcher.postings(FIELD, term)
    if frequency <= 4 * len(wanted):
        # Rare word: read its whole posting list once.
        wanted_set = occurrences.keys()
        while m.is_active():
            if m.id() in wanted_set:
                occurrences[m.id()][term] = m.value_as("characters")
            m.next()
        return
    for docnum in wanted:  # common word: skip through its postings to each hit
        if not m.is_active():
            break
        if m.id() < docnum:
            m.skip_to(docnum)
            if not m.is_active():
                break
        if m.id() == docnum:
            occurrences[docnum][term] = m.value_as("characters")


def positive_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """The query's leaves on the body outside phrases and outside NOT (both backends)."""
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, (wq.Phrase, wq.Not)):
            continue
        if isinstance(node, wq.AndNot):
            stack.append(node.a)
        elif node.is_leaf():
            if getattr(node, "fieldname", None) == FIELD:
                yield node
        else:
            stack.extend(node.children())


def body_phrases(q: wq.Query) -> list[tuple]:
    """The words of each phrase on the body outside NOT, as the query holds them (both backends)."""
    out = []
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, wq.Not):
            continue
        if isinstance(node, wq.AndNot):
            stack.append(node.a)
            continue
        if isinstance(node, wq.Phrase) and node.fieldname == FIELD:
            out.append(tuple(node.words))
        stack.extend(node.children() if hasattr(node, "children") else ())
    return out


def _positive_terms(q: wq.Query, reader) -> set[bytes]:
    """The body terms the query looks for outside phrases and outside NOT, prefixes and fuzzy terms expanded."""
    out: set[bytes] = set()
    for node in positive_leaves(q):
        try:
            terms = [t for f, t in node.existing_terms(reader, expand=True) if f == FIELD]
        except Exception:  # a leaf that cannot list its terms matched none on its own
            continue
        if len(terms) > MAX_TERMS_PER_LEAF:
            terms = sorted(terms, key=lambda t: -reader.doc_frequency(FIELD, t))[:MAX_TERMS_PER_LEAF]
        out.update(terms)
    return out


def _phrases(q: wq.Query) -> list[tuple[bytes, ...]]:
    return [tuple(w.encode("utf-8") if isinstance(w, str) else w for w in words) for words in body_phrases(q)]
