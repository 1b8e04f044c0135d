"""Article metadata: what front matter or a sidecar says, else what the text says.

Front matter (a YAML block between ``---`` lines at the top of the file) or a
sidecar ``NAME.meta.yaml`` gives title, outlet, published, url, author and tags; what
they give wins over inference. Without them the title is the first headline
and the dateline is read from the text; the outlet and publication date are
inferred by corpus.published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import safe_yaml
from .article import Paragraph, Published
from .published import find_dateline

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    published: Published = Published()
    url: str | None = None
    tags: tuple[str, ...] = ()
    dateline: str | None = None
    author: str | None = None


class MetadataError(ValueError):
    """Front matter or a sidecar that is not a YAML mapping."""


def body_start(raw: str) -> int:
    """Where the article body starts: after the front matter, if any (not parsed)."""
    m = _FRONT_MATTER.match(raw)
    return m.end() if m else 0


def split_front_matter(raw: str) -> tuple[dict, int]:
    """The front-matter mapping and the offset where the article body starts."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, 0
    data = safe_yaml.load(m.group(1) or "")[1] or {}  # libyaml's parser, the safe constructor, and the limits
    if not isinstance(data, dict):
        raise MetadataError("front matter is not a mapping")
    return data, m.end()


_DATE_FORMATS = (
    ("%Y-%m-%d", "day"),
    ("%Y-%m", "month"),
    ("%Y", "year"),
    ("%B %d, %Y", "day"),
    ("%b %d, %Y", "day"),
    ("%d %B %Y", "day"),
)


def parse_published(value) -> Published:
    """A date from YAML: a date, 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', or a mapping with `date`."""
    if isinstance(value, dict):
        value = value.get("date")
    if isinstance(value, dt.datetime):
        return Published(value.date(), "day")
    if isinstance(value, dt.date):
        return Published(value, "day")
    if isinstance(value, int) and 1000 <= value <= 9999:
        return Published(dt.date(value, 1, 1), "year")
    if isinstance(value, str):
        s = value.strip()
        if re.match(r"\d{4}-\d\d-\d\dT", s):
            s = s[:10]
        for fmt, precision in _DATE_FORMATS:
            try:
                return Published(dt.datetime.strptime(s, fmt).date(), precision)
            except ValueError:
                continue
    return Published()


def from_mapping(data: dict) -> Metadata:
    tags = data.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    elif not isinstance(tags, (list, tuple)):
        tags = [tags]
    return Metadata(
        title=_str(data.get("title")),
        outlet=_str(data.get("outlet")),
        published=parse_published(data.get("published")),
        url=_str(data.get("url")),
        tags=tuple(str(t) for t in tags if str(t).strip()),
        dateline=_str(data.get("dateline")),
        author=_str(data.get("author")),
    )


def _str(value) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def infer(text: str, paragraphs: list[Paragraph]) -> Metadata:
    """Title and dateline read from the text itself (the outlet and date: corpus.published)."""
    title = next((text[p.start : p.end] for p in paragraphs if p.kind == "headline"), None)
    if title is None:
        title = next((text[p.start : p.end] for p in paragraphs if p.kind != "boilerplate"), None)
    if title:
        title = re.sub(r"\s+", " ", title).strip()  # one line, even from a hard-wrapped paragraph
    if title and len(title) > 160:
        title = title[:157].rsplit(" ", 1)[0] + "…"
    return Metadata(title=title, dateline=find_dateline(text, paragraphs)[0])
