"""Bookmarks written out for other tools: a YAML file of their own, Markdown citations,
CSL-JSON and BibTeX for Zotero (one entry per article, its passages quoted in the
note), and CSV for a spreadsheet (one row per bookmark)."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable

from .. import safe_yaml
from .bookmark import VERSION, Bookmark

FORMATS = ("md", "yaml", "csljson", "bibtex", "csv")
SUFFIXES = {"md": ".md", "yaml": ".export.yaml", "csljson": ".csl.json", "bibtex": ".bib", "csv": ".csv"}
CSV_COLUMNS = ("id", "article", "title", "outlet", "published", "author", "url", "speaker", "text", "note", "tags", "start", "end", "created")


def export(bookmarks: Iterable[Bookmark], fmt: str) -> str:
    """The bookmarks in format `fmt` (one of FORMATS)."""
    writers = {"md": export_markdown, "yaml": export_yaml, "csljson": export_csl_json, "bibtex": export_bibtex, "csv": export_csv}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    return writers[fmt](bookmarks)


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


def by_article(bookmarks: Iterable[Bookmark]) -> list[list[Bookmark]]:
    """The bookmarks of each article together, articles in the order first bookmarked."""
    groups: dict[str, list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault(b.article, []).append(b)
    return list(groups.values())


def _date_parts(published: str) -> list[int] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", published.strip())
    return [int(g) for g in m.groups() if g] if m else None


def _passages(marks: list[Bookmark]) -> str:
    """Each passage quoted, with who said it, its note and tags, and where it is."""
    parts = []
    for b in marks:
        line = f"“{' '.join(b.text.split())}”"
        if b.speaker:
            line += f" — {b.speaker}"
        line += f" (characters {b.start}–{b.end}; bookmark {b.id})"
        if b.note:
            line += f"\nNote: {b.note}"
        if b.tags:
            line += "\nTags: " + ", ".join(b.tags)
        parts.append(line)
    return "\n\n".join(parts)


def _key(b: Bookmark, taken: set[str]) -> str:
    """A citation key: outlet, year and the title's first word, ASCII only, unique."""
    ascii_only = lambda s: re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode())  # noqa: E731
    words = [w for w in re.findall(r"\w+", b.title) if len(w) > 3] or ["article"]
    base = (ascii_only(b.outlet.split()[0] if b.outlet else "") or "article").lower() + (b.published[:4] if b.published[:4].isdigit() else "") + ascii_only(words[0]).lower()
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}{chr(ord('a') + n - 2) if n <= 27 else n}"
    taken.add(key)
    return key


def export_csl_json(bookmarks: Iterable[Bookmark]) -> str:
    """CSL-JSON, as Zotero, Mendeley and pandoc read it: one item per article, its
    bookmarked passages in the note."""
    items, taken = [], set()
    for marks in by_article(bookmarks):
        b = marks[0]
        item: dict = {"id": _key(b, taken), "type": "article-newspaper", "title": b.title or b.article}
        if b.outlet:
            item["container-title"] = b.outlet
        parts = _date_parts(b.published)
        if parts:
            item["issued"] = {"date-parts": [parts]}
        if b.author:
            item["author"] = [{"literal": b.author}]
        if b.url:
            item["URL"] = b.url
        item["note"] = _passages(marks)
        item["archive_location"] = b.article  # the file in the corpus folder
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


_BIB_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib(text: str) -> str:
    """Text as a BibTeX value between braces: its specials escaped, so braces always balance."""
    text = _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES.get(m.group(), "\\" + m.group()), text)
    return "\n  ".join(text.split("\n"))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def export_bibtex(bookmarks: Iterable[Bookmark]) -> str:
    """BibTeX: one @article per article (journal = outlet), its passages in the note."""
    entries, taken = [], set()
    for marks in by_article(bookmarks):
        b = marks[0]
        fields = [("title", b.title or b.article)]
        if b.author:
            fields.append(("author", b.author))
        if b.outlet:
            fields.append(("journal", b.outlet))
        parts = _date_parts(b.published) or []
        if parts:
            fields.append(("year", str(parts[0])))
            fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
        if b.url:
            fields.append(("url", b.url))
        fields.append(("note", _passages(marks)))
        fields.append(("file", b.article))
        body = ",\n".join(f"  {name} = {{{_bib(value)}}}" for name, value in fields)
        entries.append(f"@article{{{_key(b, taken)},\n{body}\n}}\n")
    return "\n".join(entries)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that opens like a formula gets a leading '."""
    return "'" + value if value.startswith(_FORMULA) else value


def export_csv(bookmarks: Iterable[Bookmark]) -> str:
    """CSV, one row per bookmark (columns: CSV_COLUMNS; tags separated by "; ")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for b in bookmarks:
        row = {**b.to_dict(), "tags": "; ".join(b.tags), "speaker": b.speaker or "", "url": b.url, "author": b.author}
        writer.writerow([_cell(str(row[c])) if isinstance(row[c], str) else row[c] for c in CSV_COLUMNS])
    return out.getvalue()
