"""What the search index stores of an article: the Whoosh schema and one document per article.

Only what search needs, so that a folder is searchable soon after the first
launch: the text, title, outlet, dates and the gazetteer's names. The body is
the article's text with boilerplate blanked (offsets still hold); places and
people are the gazetteer's canonical names the body mentions, so a search on
``places:`` meets every spelling. The ``f_`` fields hold the facets known
without reading the article (see `facets`): the outlet, the month of
publication, the places and the actors named. The reading analysis (quotes,
sources, incidents and the facets they give: incident types, quoted people, the
incidents' sides) is the second phase's, kept apart (`reading`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import columns, fields, formats
from whoosh.analysis import StandardAnalyzer

from corpus import gazetteer
from corpus.article import Article, Published

from .analyzers import news_analyzer
from .offsets import Offsets

SCHEMA_VERSION = 15  # 14: the card column; 15: the id column


ANALYSED_FIELDS = ("title", "body", "places", "people")  # tokenized where the article is read (see `analysed`)


@dataclass(frozen=True)
class Analysed:
    """A text field's postings, made by the process that read the article: Whoosh's
    (term, frequency, weight, encoded positions and offsets) for each term."""

    items: tuple


class AnalysedText(fields.TEXT):
    """A text field that also takes its postings made elsewhere (`Analysed`): the indexing
    process then only adds them. Tokenizing was most of that process's work, which bounds
    how soon a folder is searchable; the reading processes do it beside it. With
    character offsets (`chars=True`) its postings are stored as `Offsets`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if type(self.format) is formats.Characters:
            self.format = Offsets(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if isinstance(value, Analysed):
            return iter(value.items)
        return super().index(value, **kwargs)


def analysed(document: dict) -> dict:
    """`document` with each text field tokenized (`Analysed`), its text kept to store, and its card."""
    schema = _schema()
    out = dict(document)
    out["card"] = card_of(document)
    for name in ANALYSED_FIELDS:
        text = document.get(name)
        if text:
            out[name] = Analysed(tuple(schema[name].index(text)))
            out["_stored_" + name] = text
    return out


@functools.lru_cache(maxsize=1)
def _schema() -> fields.Schema:
    return make_schema()  # one per process: its analyzers keep the words they folded


def _facet() -> fields.KEYWORD:
    return fields.KEYWORD(commas=True, lowercase=False, scorable=False)


def make_schema() -> fields.Schema:
    text = news_analyzer()
    return fields.Schema(
        # sortable: a column of ids by document number, read whole once a searcher
        # (`doc_ids`) instead of a postings lookup an article (90 us each).
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=AnalysedText(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        # No spelling=True: Whoosh's word graph was 40% of the build time; "did you
        # mean" reads the body's own terms instead (see _suggest).
        body=AnalysedText(analyzer=text, stored=True, chars=True, multitoken_query="phrase"),
        outlet=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        published=fields.DATETIME(stored=True, sortable=True),
        # YYYYMMDD, 0 when undated: newest first puts undated articles last.
        sortdate=fields.NUMERIC(int, bits=32, sortable=True),
        precision=fields.STORED,
        published_from=fields.STORED,  # where the date came from (corpus.published), "" when undated
        outlet_from=fields.STORED,
        dateline=fields.STORED,
        places=AnalysedText(analyzer=text, stored=True, multitoken_query="phrase"),
        people=AnalysedText(analyzer=text, stored=True, multitoken_query="phrase"),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True),
        f_outlet=_facet(),
        f_month=_facet(),
        f_place=_facet(),
        f_side=_facet(),
        # What a copy of a hit shows (outlet, title, date), read without unpickling the
        # stored article: folding copies fetched every member's stored body, 40% of a search.
        card=fields.COLUMN(columns.VarBytesColumn()),
    )


def card_of(document: dict) -> bytes:
    """The card column's value: outlet, title, date and its precision."""
    published = document.get("published")
    return json.dumps([document.get("outlet") or "", document.get("title") or "", published.date().isoformat() if published else "", document.get("precision") or "unknown"]).encode("utf-8")


def read_card(value: bytes) -> tuple[str | None, str, Published]:
    """(outlet, title, published) from a card column's value."""
    outlet, title, day, precision = json.loads(value.decode("utf-8"))
    return outlet or None, title, Published(dt.date.fromisoformat(day) if day else None, precision)


def document_for(article: Article, gaz: gazetteer.Gazetteer, incidents: Iterable | None = None, quoted: Iterable[str] = ()) -> dict:
    """The search index's document of `article`. With `incidents` (a one-phase index: the
    shared archive's) also the facets the reading gives: incident types, quoted people and
    the incidents' sides; the Whoosh index keeps those apart, from its second phase."""
    body = article.content_text()
    places = _canonical_names(gaz, body, "place")
    sides = _canonical_names(gaz, body, "actor")
    document = {
        "id": article.id,
        "title": article.title,
        "body": body,
        "outlet": article.outlet or "",
        "published": _datetime(article.published),
        "sortdate": int(article.published.date.strftime("%Y%m%d")) if article.published.date else 0,
        "precision": article.published.precision,
        "published_from": article.published_from or "",
        "outlet_from": article.outlet_from or "",
        "dateline": article.dateline or "",
        "places": ", ".join(places),
        "people": ", ".join(_canonical_names(gaz, body, "person")),
        "tags": ",".join(article.tags),
        "f_outlet": _keywords([article.outlet] if article.outlet else []),
        "f_month": article.published.date.strftime("%Y-%m") if article.published.date and article.published.precision in ("day", "month") else "",
        "f_place": _keywords(places),
        "f_side": _keywords(sides),
    }
    if incidents is not None:
        incidents = list(incidents)
        document["f_side"] = _keywords(sides + [side for i in incidents for side in i.sides])
        document["f_type"] = _keywords(i.type for i in incidents)
        document["f_person"] = _keywords(quoted)
    return document


def _keywords(values: Iterable[str]) -> str:
    """Values as one comma-separated keyword field: each once, commas inside a value dropped."""
    return ",".join(keyword_values(values))


def keyword_values(values: Iterable[str]) -> list[str]:
    """Facet values as the index keeps them: each once, stripped, commas inside a value dropped."""
    return list(dict.fromkeys(v.replace(",", " ").strip() for v in values if v and v.strip()))


def _canonical_names(gaz: gazetteer.Gazetteer, text: str, kind: str) -> list[str]:
    return list(dict.fromkeys(name for name, _, _ in gaz.matcher(kind).find(text)))


def _datetime(published: Published) -> dt.datetime | None:
    return dt.datetime.combine(published.date, dt.time()) if published.date else None


def doc_ids(reader) -> list[str | None]:
    """The article id of each document number of `reader`; None for a deleted one."""
    ids: list[str | None] = list(reader.column_reader("id"))
    if reader.has_deletions():
        for n in range(len(ids)):
            if reader.is_deleted(n):
                ids[n] = None
    return ids
