"""What the index stores of an article: the Whoosh schema and one document per article.

The body is the article's text with boilerplate blanked (offsets still hold);
places and people are the gazetteer's canonical names the body mentions, so a
search on ``places:`` meets every spelling. The ``f_`` fields hold each facet's
values as whole keywords (see `facets`): the outlet, the month of publication, the
places, the sides and actors (named, and the incidents' parties), the types of the
incidents it reports and the people it quotes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from whoosh import fields
from whoosh.analysis import StandardAnalyzer

from corpus import gazetteer
from corpus.article import Article, Published
from corpus.incidents.incident import Incident

from .analyzers import news_analyzer

SCHEMA_VERSION = 11


def _facet() -> fields.KEYWORD:
    return fields.KEYWORD(commas=True, lowercase=False, scorable=False)


def make_schema() -> fields.Schema:
    text = news_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        # No spelling=True: Whoosh's word graph was 40% of the build time; "did you
        # mean" reads the body's own terms instead (see _suggest).
        body=fields.TEXT(analyzer=text, stored=True, chars=True, multitoken_query="phrase"),
        outlet=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        published=fields.DATETIME(stored=True, sortable=True),
        # YYYYMMDD, 0 when undated: newest first puts undated articles last.
        sortdate=fields.NUMERIC(int, bits=32, sortable=True),
        precision=fields.STORED,
        published_from=fields.STORED,  # where the date came from (corpus.published), "" when undated
        outlet_from=fields.STORED,
        dateline=fields.STORED,
        places=fields.TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        people=fields.TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True),
        f_outlet=_facet(),
        f_month=_facet(),
        f_place=_facet(),
        f_side=_facet(),
        f_type=_facet(),
        f_person=_facet(),
    )


def document_for(article: Article, gaz: gazetteer.Gazetteer, incidents: Iterable[Incident] = (), quoted: Iterable[str] = ()) -> dict:
    """The index document of `article`, with the incidents it reports and the people it quotes."""
    body = article.content_text()
    incidents = list(incidents)
    places = _canonical_names(gaz, body, "place")
    sides = _canonical_names(gaz, body, "actor") + [side for i in incidents for side in i.sides]
    return {
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
        "places": ", ".join(_canonical_names(gaz, body, "place")),
        "people": ", ".join(_canonical_names(gaz, body, "person")),
        "tags": ",".join(article.tags),
        "f_outlet": _keywords([article.outlet] if article.outlet else []),
        "f_month": article.published.date.strftime("%Y-%m") if article.published.date and article.published.precision in ("day", "month") else "",
        "f_place": _keywords(places),
        "f_side": _keywords(sides),
        "f_type": _keywords(i.type for i in incidents),
        "f_person": _keywords(quoted),
    }


def _keywords(values: Iterable[str]) -> str:
    """Values as one comma-separated keyword field: each once, commas inside a value dropped."""
    return ",".join(dict.fromkeys(v.replace(",", " ").strip() for v in values if v and v.strip()))


def _canonical_names(gaz: gazetteer.Gazetteer, text: str, kind: str) -> list[str]:
    return list(dict.fromkeys(name for name, _, _ in gaz.matcher(kind).find(text)))


def _datetime(published: Published) -> dt.datetime | None:
    return dt.datetime.combine(published.date, dt.time()) if published.date else None
