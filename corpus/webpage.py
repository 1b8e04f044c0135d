"""A saved web page as an article: its main text and the metadata of its own tags.

The text, title, author, site name, canonical url and publication date are
extracted by trafilatura (an optional dependency: ``pip install
'deconflict-tui[html]'``), which drops the site's furniture (navigation, "most
read" lists, footers, comments). The date is read only from the page's own
tags (``article:published_time``, JSON-LD ``datePublished``, ``<time>``), never
guessed from its prose: htmldate's extensive search is off.

The article's text is the extracted text, the headline first and one paragraph
per block, separated by blank lines: every offset of the project is into it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .metadata import parse_published
from .article import Published

PAGE_SUFFIXES = (".html", ".htm")
MIN_WORDS = 20  # of text besides the headline: fewer is a page of links ("Page not found", an index)
EXTRA = "html"  # the optional dependency's extra: pip install 'deconflict-tui[html]'


class PageError(ValueError):
    """A page that gives no article: the reason, in words."""


@dataclass(frozen=True)
class WebPage:
    text: str
    title: str | None = None
    author: str | None = None
    site_name: str | None = None
    url: str | None = None
    published: Published = Published()


def is_page(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def available() -> bool:
    """Whether the extractor is installed."""
    import importlib.util

    return importlib.util.find_spec("trafilatura") is not None


def read_page(data: bytes) -> WebPage:
    """The article in a page's bytes (trafilatura finds the encoding); PageError when
    the page has no article text or the extractor is not installed."""
    try:
        import trafilatura
    except ImportError:
        raise PageError(f"a web page, and the extractor is not installed: pip install 'deconflict-tui[{EXTRA}]'") from None
    _quiet()
    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml and the extractor raise many kinds on broken markup
        raise PageError(f"not a readable web page ({type(exc).__name__})") from None
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    blocks = [" ".join(line.split()) for line in body.split("\n")]
    blocks = [b for b in blocks if b]
    title = _clean(getattr(doc, "title", None))
    if sum(len(b.split()) for b in blocks if b != title) < MIN_WORDS:
        raise PageError("a web page with no article text")
    if title and blocks[0] != title:
        blocks.insert(0, title)
    return WebPage(
        text="\n\n".join(blocks) + "\n",
        title=title,
        author=_clean(getattr(doc, "author", None)),
        site_name=_clean(getattr(doc, "sitename", None)),
        url=_clean(getattr(doc, "url", None)),
        published=parse_published(_clean(getattr(doc, "date", None))),
    )


def _quiet() -> None:
    """The extractor logs what it makes of each page ("empty HTML tree"); with no logging
    set up, Python would print that on stderr. The loader says in one warning what matters."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None
