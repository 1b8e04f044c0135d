"""Bookmarks written out for other tools: a YAML file of their own, Markdown citations."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import safe_yaml
from .bookmark import VERSION, Bookmark

def export_yaml(bookmarks: Iterable[Bookmark]) -> str:
    """The bookmarks as a bookmarks file of their own."""
    return safe_yaml.dump({"version": VERSION, "bookmarks": [b.to_dict() for b in bookmarks]})


def export_markdown(bookmarks: Iterable[Bookmark]) -> str:
    """The bookmarks as citations: the passage quoted, then who, where, when, which article, note, tags."""
    parts = ["# Bookmarks\n"]
    for bookmark in bookmarks:
        quote = "\n".join(f"> {line}" if line.strip() else ">" for line in _md_escape(bookmark.text.strip()).split("\n"))
        source = ", ".join(
            part
            for part in (
                f"*{_md_escape(bookmark.outlet)}*" if bookmark.outlet else "",
                bookmark.published or "undated",
                f"“{_md_escape(bookmark.title)}”" if bookmark.title else "",
            )
            if part
        )
        cite = f"— {_md_escape(bookmark.speaker)}, in {source}" if bookmark.speaker else f"— {source}"
        lines = [quote, "", f"{cite} (`{bookmark.article}`, characters {bookmark.start}–{bookmark.end})"]
        if bookmark.note:
            lines += ["", f"**Note:** {_md_escape(bookmark.note)}"]
        if bookmark.tags:
            lines += ["", "**Tags:** " + ", ".join(_md_escape(t) for t in bookmark.tags)]
        lines += ["", f"<sub>bookmark {bookmark.id}, {bookmark.created}</sub>"]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LIST_MARK = re.compile(r"^(\s*)(?:([-+=])|(\d+)(?=[.)]))", re.MULTILINE)


def _md_escape(text: str) -> str:
    """Text that renders literally in Markdown, not as emphasis, links, headings or lists."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LIST_MARK.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\"), text)
