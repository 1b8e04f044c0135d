"""The article as the rest of the project sees it: text, metadata and paragraphs.

Every offset anywhere in the project is a character offset into `Article.text`,
the file's text decoded as UTF-8 with newlines normalised to ``\\n``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

PARAGRAPH_KINDS = ("headline", "body", "caption", "boilerplate")
PRECISIONS = ("day", "week", "month", "year", "unknown")  # a week is held by its Monday, a month by its 1st


@dataclass(frozen=True)
class Published:
    """A publication date and how much of it is known."""

    date: dt.date | None = None
    precision: str = "unknown"  # one of PRECISIONS

    def __str__(self) -> str:
        if self.date is None or self.precision == "unknown":
            return "undated"
        if self.precision == "year":
            return f"{self.date.year}"
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        if self.precision == "week":
            return f"week of {self.date.isoformat()}"
        return self.date.isoformat()

    @property
    def iso(self) -> str | None:
        """The date as JSON gives it: "2016-06-16", "2016-06", "2016"; a week by its Monday
        (its precision says it is a week)."""
        if self.date is None or self.precision == "unknown":
            return None
        return self.date.isoformat() if self.precision == "week" else str(self)

    @property
    def sort_key(self) -> str:
        return self.date.isoformat() if self.date else ""


@dataclass(frozen=True)
class Paragraph:
    """One passage of an article: `text[start:end]`, with what kind of passage it is."""

    index: int
    start: int
    end: int
    kind: str  # one of PARAGRAPH_KINDS

    @property
    def is_content(self) -> bool:
        return self.kind != "boilerplate"


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str
    outlet: str | None = None
    published: Published = field(default_factory=Published)
    # Where `published` and `outlet` came from: "front matter", "sidecar", "page" (a web
    # page's own tags), "text", "url", "file name" (see corpus.published), None when not known.
    published_from: str | None = None
    outlet_from: str | None = None
    dateline: str | None = None
    url: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    sha1: str = ""
    path: str | None = None  # absolute path of the file it came from, if any

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    @property
    def content_paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.is_content)

    @property
    def boilerplate_spans(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.paragraphs if not p.is_content]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that holds `offset`, or the next one after it."""
        for paragraph in self.paragraphs:
            if offset < paragraph.end:
                return paragraph
        return None

    def content_text(self) -> str:
        """The text with boilerplate blanked out by spaces, so offsets still hold."""
        if all(p.is_content for p in self.paragraphs):
            return self.text
        chars = list(self.text)
        for start, end in self.boilerplate_spans:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


def find_passages(text: str, passage: str) -> list[tuple[int, int]]:
    """Where `passage` occurs in `text`: exactly, else with any run of whitespace
    matching any other (a passage quoted in a file re-wraps its lines)."""
    words = passage.split()
    if not words:
        return []
    exact = [(m.start(), m.start() + len(passage)) for m in re.finditer(re.escape(passage), text)]
    if exact:
        return exact
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [m.span() for m in re.finditer(pattern, text)]
