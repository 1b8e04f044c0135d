"""Article metadata: what front matter or a sidecar says, else what the text says.

Front matter (a YAML block between ``---`` lines at the top of the file) or a
sidecar ``NAME.meta.yaml`` gives title, outlet, published, url and tags; what
they give wins over inference. Without them the title is the first headline,
and the outlet and dateline are read from the text where it says them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .article import Paragraph, Published

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)

_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z .,'’-]{1,40}?|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:,? [A-Z][A-Za-z.]+)?\s*(?:\((?P<agency>[A-Za-z .&-]{2,30})\))?\s*(?:[—–]|--)\s*"
)
_OUTLET_WORDS = r"(?:Times|Post|Journal|News|Tribune|Herald|Telegraph|Guardian|Week|Monitor|Wire|Review|Daily)"
_OUTLET_PATTERNS = [
    # Masthead pitches: "Support The Moscow Times!", "Subscribe to News24".
    re.compile(r"\b(?:Support|Subscribe to|A Message from|journalists of)\s+(?P<o>The [A-Z]\w+(?: [A-Z]\w+){0,3}|[A-Z]\w*\d+)"),
    # The outlet speaking of itself: "told Military Times", "Newsweek has contacted".
    re.compile(r"\btold (?P<o>(?:[A-Z]\w+ ){0,2}" + _OUTLET_WORDS + r"|Newsweek|Reuters)\b"),
    re.compile(r"(?P<o>\b[A-Z]\w+(?: [A-Z]\w+){0,2}) (?:has|had) (?:contacted|reached out to)\b"),
]


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    published: Published = Published()
    url: str | None = None
    tags: tuple[str, ...] = ()
    dateline: str | None = None


class MetadataError(ValueError):
    """Front matter or a sidecar that is not a YAML mapping."""


def split_front_matter(raw: str) -> tuple[dict, int]:
    """The front-matter mapping and the offset where the article body starts."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, 0
    data = yaml.safe_load(m.group(1) or "") or {}
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
    )


def _str(value) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def infer(text: str, paragraphs: list[Paragraph]) -> Metadata:
    """Title, outlet and dateline read from the text itself."""
    title = next((text[p.start : p.end] for p in paragraphs if p.kind == "headline"), None)
    if title is None:
        title = next((text[p.start : p.end] for p in paragraphs if p.kind != "boilerplate"), None)
    if title:
        title = re.sub(r"\s+", " ", title).strip()  # one line, even from a hard-wrapped paragraph
    if title and len(title) > 160:
        title = title[:157].rsplit(" ", 1)[0] + "…"
    dateline, agency = _find_dateline(text, paragraphs)
    outlet = agency or _find_outlet(text, paragraphs)
    return Metadata(title=title, outlet=outlet, dateline=dateline)


def _find_dateline(text: str, paragraphs: list[Paragraph]) -> tuple[str | None, str | None]:
    for p in [p for p in paragraphs if p.kind == "body"][:3]:
        m = _DATELINE.match(text, p.start, p.end)
        if m:
            return re.sub(r"\s+", " ", m.group("place")).strip(" ,").title(), m.group("agency")
    return None, None


def _find_outlet(text: str, paragraphs: list[Paragraph]) -> str | None:
    for pattern in _OUTLET_PATTERNS:
        for p in paragraphs:
            m = pattern.search(text, p.start, p.end)
            if m:
                return m.group("o").strip()
    return None
