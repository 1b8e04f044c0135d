"""Filters with counts: what narrows a search (outlet, month, place, side, incident type,
quoted person), and how many of the matching articles each value holds.

The search index keeps the facets known without reading an article (outlet, month, place,
the actors named) as keyword fields; the second phase of an update (`reading`) gives the
rest (incident types, quoted people, the incidents' sides) as it reaches each article, so
until it is done their counts cover only the articles it has read (`FacetTable.covered`).
For an open searcher a `FacetTable` holds, per facet value, the set of articles that have it:
as a bitmask over document numbers (a Python int: intersecting two and counting the bits
are single C calls) when they are many, as their document numbers (an array) when they
are few. Most quoted people and places are in a handful of articles, and a bitmask each
was most of the memory of a 50,000-article search (a bitmask costs an eighth of a byte
per article in the index; an array, four bytes per article it holds). Counting is then,
for every value, one AND and one bit count, or a look-up of each of its few articles,
against the articles that match the query and every other filter: as in Datashare, a
facet's own filter does not narrow its own counts, so its other values stay in view.
No article is read.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

FACETS = ("outlet", "year", "month", "place", "side", "type", "person")
FACET_LABELS = {
    "outlet": "Outlet", "year": "Year", "month": "Month", "place": "Place", "side": "Side or actor",
    "type": "Incident type", "person": "Quoted person",
}  # fmt: skip
# The index field each facet is read from; a year is its months together.
FIELD_OF = {"outlet": "f_outlet", "month": "f_month", "place": "f_place", "side": "f_side", "type": "f_type", "person": "f_person"}
READING_FACETS = ("type", "person", "side")  # given by the reading analysis, per article (the Whoosh index's second phase)


@dataclass(frozen=True)
class Filter:
    """Keep the articles whose `facet` has `value`, or with `exclude`, those that have not."""

    facet: str
    value: str
    exclude: bool = False

    def __str__(self) -> str:
        return f"{'NOT ' if self.exclude else ''}{self.facet}={self.value}"


def parse_filter(text: str) -> Filter:
    """ "outlet=Reuters", "!place=Aleppo" or "-place=Aleppo" (not), as the CLI takes them."""
    exclude = text[:1] in "!-" and len(text) > 1
    body = text[1:] if exclude else text
    facet, sep, value = body.partition("=")
    facet = facet.strip().lower()
    if not sep or facet not in FACETS or not value.strip():
        raise ValueError(f"a filter is FACET=VALUE with FACET one of {', '.join(FACETS)}: {text!r}")
    return Filter(facet, value.strip(), exclude)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int  # matching articles with the value, under the query and the other filters
    active: bool = False  # a filter on it is on
    excluded: bool = False  # ... as NOT


def reading_values(facets: dict) -> tuple[tuple[str, ...], ...]:
    """An article's reading facets ({facet: values}, as stored) as what a searcher keeps of
    them for every article: a tuple per facet of `READING_FACETS`, each value interned, so
    that 50,000 articles hold one copy of each (not 50,000 small dicts of lists)."""
    return tuple(tuple(sys.intern(v) for v in facets.get(facet, ()) if isinstance(v, str)) for facet in READING_FACETS)


def mask_of(docnums: Iterable[int], size: int) -> int:
    """The bitmask of a set of document numbers."""
    bits = bytearray((size + 7) // 8)
    for n in docnums:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


def docnums_of(mask: int) -> set[int]:
    """The document numbers a bitmask holds."""
    out: set[int] = set()
    for i, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
        if byte:
            base = i << 3
            out.update(base + b for b in range(8) if byte >> b & 1)
    return out


Held = int | array  # the articles that have a value: a bitmask, or few document numbers


def held_by(docnums: Iterable[int], size: int) -> Held:
    """The articles `docnums` as a facet table keeps them: their numbers when they are few
    (at most `sparse_limit`), else a bitmask."""
    docnums = docnums if isinstance(docnums, (list, tuple, array)) else list(docnums)
    if len(docnums) <= sparse_limit(size):
        return array("I", sorted(docnums))
    return mask_of(docnums, size)


def sparse_limit(size: int) -> int:
    """Past this many articles a value's are a bitmask: counting them is then one AND, not
    a look-up each (64 look-ups cost about what one AND of 50,000 bits does)."""
    return max(64, size // 512)


def as_mask(held: Held, size: int) -> int:
    return held if isinstance(held, int) else mask_of(held, size)


def _with_years(masks: dict[str, dict[str, Held]], size: int) -> dict[str, dict[str, Held]]:
    """The masks with each year's: its months' together."""
    years: dict[str, int] = {}
    for month, held in masks.get("month", {}).items():
        years[month[:4]] = years.get(month[:4], 0) | as_mask(held, size)
    return {**masks, "year": years}


class FacetTable:
    """Every facet value of one searcher's articles, with the articles that have it."""

    def __init__(self, size: int, masks: dict[str, dict[str, Held]], covered: int | None = None) -> None:
        self.size = size
        self.all = (1 << size) - 1
        self.masks = masks  # facet -> value -> the articles that have it (`held_by`)
        self.covered = covered  # articles whose reading facets are counted; None: every one's

    def with_readings(self, numbers: dict[str, int], readings: dict[str, tuple[tuple[str, ...], ...]]) -> FacetTable:
        """This table with the reading facets of the articles in `readings` (article id ->
        `reading_values` of its facets) added, placed by `numbers` (article id -> document
        number); `covered` says how many of the articles they are."""
        found: dict[str, dict[str, list[int]]] = {facet: {} for facet in READING_FACETS}
        covered = 0
        for article_id, values in readings.items():
            n = numbers.get(article_id)
            if n is None:
                continue
            covered += 1
            for facet, facet_values in zip(READING_FACETS, values):
                for value in facet_values:
                    found[facet].setdefault(value, []).append(n)
        masks = {facet: dict(values) for facet, values in self.masks.items() if facet != "year"}
        for facet, values in found.items():
            merged = masks.setdefault(facet, {})
            for value, docnums in values.items():
                held = merged.get(value)
                if held is None:
                    merged[value] = held_by(docnums, self.size)
                elif isinstance(held, int):
                    merged[value] = held | mask_of(docnums, self.size)
                else:
                    merged[value] = held_by(sorted({*held, *docnums}), self.size)
        return FacetTable(self.size, _with_years(masks, self.size), covered)

    @classmethod
    def of_searcher(cls, s) -> FacetTable:
        size = s.doc_count_all()
        masks: dict[str, dict[str, Held]] = {}
        for facet, field in FIELD_OF.items():
            values: dict[str, Held] = {}
            if field in s.schema:
                for value in s.reader().field_terms(field):
                    values[value] = held_by(list(s.postings(field, value).all_ids()), size)
            masks[facet] = values
        for facet in READING_FACETS:
            masks.setdefault(facet, {})
        return cls(size, _with_years(masks, size))

    def allowed(self, filters: Iterable[Filter], but: str | None = None) -> int:
        """The articles every filter keeps (those of facet `but` aside). Filters of one
        facet keep what has any of their values; a NOT filter drops what has its value."""
        keep = self.all
        including: dict[str, int] = {}
        for f in filters:
            if f.facet == but:
                continue
            mask = as_mask(self.masks.get(f.facet, {}).get(f.value, 0), self.size)
            if f.exclude:
                keep &= ~mask
            else:
                including[f.facet] = including.get(f.facet, 0) | mask
        for mask in including.values():
            keep &= mask
        return keep & self.all

    def counts(self, matched: int, filters: tuple[Filter, ...], limit: int = 50) -> dict[str, tuple[FacetValue, ...]]:
        """Each facet's values with their counts among `matched` (the query's articles)
        under the other facets' filters; the commonest first (months and years by date),
        at most `limit` of them, and every value a filter is on."""
        base = {None: matched & self.allowed(filters)}
        as_bytes: dict[str | None, bytes] = {}
        counted: dict[str, dict[str, int]] = {}
        for facet, values in self.masks.items():
            key = facet if any(f.facet == facet for f in filters) else None
            if key not in base:
                base[key] = matched & self.allowed(filters, but=facet)
            within = base[key]
            found: dict[str, int] = {}
            everything = within == self.all
            for value, held in values.items():
                if isinstance(held, int):
                    found[value] = (within & held).bit_count()
                    continue
                if everything:
                    found[value] = len(held)
                    continue
                bits = as_bytes.get(key)
                if bits is None:
                    bits = as_bytes[key] = within.to_bytes((self.size + 7) // 8, "little")
                found[value] = sum(bits[n >> 3] >> (n & 7) & 1 for n in held)
            counted[facet] = found
        return ranked(counted, filters, limit)


def ranked(counted: dict[str, dict[str, int]], filters: tuple[Filter, ...], limit: int = 50) -> dict[str, tuple[FacetValue, ...]]:
    """Counts per facet value as the filters pane shows them: the commonest first (months
    and years by date), at most `limit`, every value a filter is on, none counted 0 else."""
    on = {(f.facet, f.value): f for f in filters}
    out: dict[str, tuple[FacetValue, ...]] = {}
    for facet, values in counted.items():
        found = []
        for value, n in values.items():
            f = on.get((facet, value))
            if n or f is not None:
                found.append(FacetValue(value, n, f is not None, bool(f and f.exclude)))
        for f in filters:  # a filter on a value no article has now
            if f.facet == facet and f.value not in values:
                found.append(FacetValue(f.value, 0, True, f.exclude))
        if facet in ("year", "month"):
            found.sort(key=lambda v: v.value)
            kept = found[-limit:] if facet == "month" else found
        else:
            found.sort(key=lambda v: (-v.count, v.value.casefold()))
            kept = found[:limit]
        kept += [v for v in found if v.active and v not in kept]
        out[facet] = tuple(kept)
    return {facet: out[facet] for facet in FACETS if facet in out}


def tags_of(document: dict) -> list[str]:
    """An index document's facet values as "facet=value" tags (a year from its month),
    as the shared archive keeps them in one array column."""
    tags = [f"{facet}={v}" for facet, field in FIELD_OF.items() for v in (document.get(field) or "").split(",") if v]
    month = document.get("f_month") or ""
    return tags + ([f"year={month[:4]}"] if month else [])
