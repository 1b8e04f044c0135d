"""A bookmark: a passage of an article, the context to find it again, the analyst's note and tags."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..article import Article

VERSION = 1
CONTEXT_CHARS = 32
FILE_NAME = "bookmarks.yaml"
REQUIRED = ("id", "article", "text", "start", "end")


@dataclass(frozen=True)
class Bookmark:
    id: str
    article: str
    text: str
    start: int
    end: int
    title: str = ""
    outlet: str = ""
    published: str = ""
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    speaker: str | None = None
    url: str = ""  # the article's, when it has one (for citations)
    author: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)  # unknown keys, kept as read

    def to_dict(self) -> dict[str, Any]:
        """The entry as written to the file, keys in the documented order."""
        entry: dict[str, Any] = {
            "id": self.id,
            "article": self.article,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "text": self.text,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
        }
        if self.speaker is not None:
            entry["speaker"] = self.speaker
        for key in ("url", "author"):  # only when known: files stay as they were for articles without
            if getattr(self, key):
                entry[key] = getattr(self, key)
        for key, value in self.extra.items():
            entry.setdefault(key, value)
        return entry

    @classmethod
    def from_dict(cls, entry: Any) -> Bookmark:
        """The bookmark an entry describes; ValueError says why it does not describe one."""
        if not isinstance(entry, dict):
            raise ValueError(f"not a mapping but {_yaml_kind(entry)}")
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            raise ValueError("missing " + ", ".join(repr(k) for k in missing))
        for key in ("start", "end"):
            value = entry[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{key!r} is not an offset: {value!r}")
        if not isinstance(entry["text"], str):
            raise ValueError(f"'text' is not a string: {entry['text']!r}")
        speaker = entry.get("speaker")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        return cls(
            id=_as_text(entry["id"]),
            article=_as_text(entry["article"]),
            text=entry["text"],
            start=entry["start"],
            end=entry["end"],
            title=_as_text(entry.get("title")),
            outlet=_as_text(entry.get("outlet")),
            published=_as_text(entry.get("published")),
            prefix=_as_text(entry.get("prefix")),
            suffix=_as_text(entry.get("suffix")),
            note=_as_text(entry.get("note")),
            tags=_as_tags(entry.get("tags")),
            created=_as_text(entry.get("created")),
            speaker=None if speaker is None else _as_text(speaker),
            url=_as_text(entry.get("url")),
            author=_as_text(entry.get("author")),
            extra={k: v for k, v in entry.items() if k not in known},
        )


def _as_text(value: Any) -> str:
    """A hand-edited scalar as text: YAML reads an unquoted 2016-07-22 as a date, 42 as an int."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(_as_text(v) for v in value if v is not None)
    return (_as_text(value),)


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {value!r}"


def make_id(article: str, start: int, end: int, created: str, salt: int = 0) -> str:
    key = f"{article}\0{start}\0{end}\0{created}" + (f"\0{salt}" if salt else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_bookmark(
    article: Article,
    start: int,
    end: int,
    note: str = "",
    tags: Iterable[str] = (),
    speaker: str | None = None,
    created: str | None = None,
) -> Bookmark:
    """A bookmark of ``article.text[start:end]`` with its context and the article's metadata."""
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"span {start}:{end} is not a passage of {article.id} ({len(article.text)} characters)")
    created = created or utc_now()
    return Bookmark(
        id=make_id(article.id, start, end, created),
        article=article.id,
        text=article.text[start:end],
        start=start,
        end=end,
        title=article.title,
        outlet=article.outlet or "",
        published=str(article.published),
        prefix=article.text[max(0, start - CONTEXT_CHARS) : start],
        suffix=article.text[end : end + CONTEXT_CHARS],
        note=note,
        tags=tuple(tags),
        created=created,
        speaker=speaker,
        url=article.url or "",
        author=article.author or "",
    )
