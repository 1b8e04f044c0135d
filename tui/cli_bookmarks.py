"""``deconflict-tui bookmarks list|add|remove|export``: the bookmarks file from scripts.

No Textual here. `add_parser` registers the command on the CLI's subparsers;
`run` carries it out and returns the exit status: 0 done, 1 with a one-line
message on stderr (corrupt file, unknown article or id, text not in the article).
``--bookmarks`` and ``--corpus`` default to suppressed, so the same options given
before the command (``deconflict-tui --bookmarks F bookmarks list``) still count.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.article import Article, find_passages
from corpus.bookmarks import (
    FORMATS,
    Bookmark,
    BookmarksError,
    BookmarkStore,
    export,
    locate,
    make_bookmark,
)
from corpus.loader import SAMPLES_DIR, ArticleError, load_path


class CommandError(Exception):
    """A failure to report in one line, exit status 1."""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    files = argparse.ArgumentParser(add_help=False)
    files.add_argument(
        "--bookmarks", type=Path, metavar="FILE", default=argparse.SUPPRESS,
        help="bookmarks file (default: bookmarks.yaml in the user data folder)",
    )
    files.add_argument(
        "--corpus", type=Path, metavar="DIR", default=argparse.SUPPRESS,
        help="corpus folder the article ids are relative to (default: the bundled samples)",
    )
    parser = subparsers.add_parser("bookmarks", help="list, add, remove or export passage bookmarks")
    verbs = parser.add_subparsers(dest="bookmarks_verb", metavar="VERB", required=True)

    listing = verbs.add_parser("list", parents=[files], help="list the bookmarks and whether each passage is still found")
    listing.add_argument("--json", action="store_true", help="print a JSON list of the entries")

    add = verbs.add_parser("add", parents=[files], help="bookmark a passage of an article")
    add.add_argument("--article", required=True, metavar="ID", help="article id (its path in the corpus folder)")
    add.add_argument("--text", required=True, metavar="TEXT", help="the passage; it must occur in the article")
    add.add_argument("--note", default="", metavar="N")
    add.add_argument("--tag", dest="tags", action="append", default=[], metavar="T", help="a tag (repeatable)")

    remove = verbs.add_parser("remove", parents=[files], help="delete a bookmark")
    remove.add_argument("id", metavar="ID")

    exporting = verbs.add_parser(
        "export", parents=[files],
        help="print the bookmarks: Markdown citations, YAML, CSL-JSON or BibTeX (Zotero imports both), CSV",
    )  # fmt: skip
    exporting.add_argument("--format", choices=FORMATS, default="md", help="md (default), yaml, csljson, bibtex or csv")

    importing = verbs.add_parser("import", parents=[files], help="with --database: add the bookmarks of a YAML bookmarks file to the archive")
    importing.add_argument("file", type=Path, metavar="FILE", help="a bookmarks file (what `bookmarks export --format yaml` writes)")
    for verb in (listing, add, remove, exporting, importing):
        verb.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help="the shared archive (see deconflict-tui --help)")
        verb.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help="who writes (default: your OS user)")
    return parser


def run(args: argparse.Namespace) -> int:
    from index.backend import database_setting, default_user

    corpus = Path(getattr(args, "corpus", None) or SAMPLES_DIR)
    verb = {"list": _list, "add": _add, "remove": _remove, "export": _export, "import": _import}[args.bookmarks_verb]
    try:
        dsn = database_setting(getattr(args, "database", None))[0]
        if dsn:  # the archive's bookmarks; articles are the archive's, not a folder's
            from index.postgres import Archive
            from index.postgres.bookmarks import ArchiveBookmarks

            archive = Archive(dsn, corpus_dir=corpus if corpus.is_dir() else None, user=getattr(args, "user", None) or default_user())
            store = ArchiveBookmarks(archive, archive.user)
            if not archive.open_existing():
                raise CommandError(archive.down or f"the archive at {archive.shown} holds no articles yet")
            verb(args, store, archive)
            return 0
        if verb is _import:
            raise CommandError("import adds a YAML file to the shared archive: give --database")
        store = BookmarkStore(getattr(args, "bookmarks", None))
        if not corpus.is_dir() and verb in (_list, _add):
            raise CommandError(f"no corpus folder {corpus}")
        verb(args, store, corpus)
    except (BookmarksError, CommandError) as exc:
        print(f"deconflict-tui: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"deconflict-tui: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1
    except Exception as exc:
        from .cli import told

        return told(exc)
    return 0


def _list(args: argparse.Namespace, store: BookmarkStore, corpus: Path) -> None:
    contents = store.read()
    for skipped in contents.skipped:
        print(f"deconflict-tui: {store.path}, {skipped}", file=sys.stderr)
    articles: dict[str, Article | None] = {}
    rows = []
    for bookmark in contents.bookmarks:
        if bookmark.article not in articles:
            articles[bookmark.article] = _find_article(corpus, bookmark.article)
        rows.append((bookmark, locate(bookmark, articles[bookmark.article]).status))
    if args.json:
        # default=str: unknown keys may hold dates, which JSON has no type for
        entries = [{**bookmark.to_dict(), "status": status} for bookmark, status in rows]
        print(json.dumps(entries, ensure_ascii=False, indent=2, default=str))
        return
    for bookmark, status in rows:
        print(_list_line(bookmark, status))


def _list_line(bookmark: Bookmark, status: str) -> str:
    passage = " ".join(bookmark.text.split())
    if len(passage) > 60:
        passage = passage[:59] + "…"
    tags = " ".join(f"#{t}" for t in bookmark.tags)
    return "  ".join(part for part in (bookmark.id, status, bookmark.article, f"“{passage}”", tags, bookmark.note) if part)


def _add(args: argparse.Namespace, store: BookmarkStore, corpus: Path) -> None:
    store.read()  # a broken bookmarks file is the first thing to fix: say so before anything else
    article = _find_article(corpus, args.article)
    if article is None:
        raise CommandError(f"no article {args.article!r} in {getattr(corpus, 'shown', corpus)}")
    spans = find_passages(article.text, args.text)
    if not spans:
        raise CommandError(f"the text is not in {article.id}")
    start, end = spans[0]
    stored = store.add(make_bookmark(article, start, end, note=args.note, tags=args.tags))
    print(stored.id)
    if len(spans) > 1:
        print(f"deconflict-tui: the text occurs {len(spans)} times in {article.id}; bookmarked the first", file=sys.stderr)


def _import(args: argparse.Namespace, store, archive) -> None:
    added, known = store.import_file(args.file)
    print(f"imported {added} bookmarks from {args.file}" + (f" ({known} already in the archive)" if known else ""))


def _remove(args: argparse.Namespace, store: BookmarkStore, corpus: Path) -> None:
    print(f"removed {store.remove(args.id).id}")


def _export(args: argparse.Namespace, store: BookmarkStore, corpus: Path) -> None:
    bookmarks = store.load()
    sys.stdout.write(export(bookmarks, args.format))


def _find_article(corpus, article_id: str) -> Article | None:
    """The article with this id in `corpus` (a folder, or the archive), or None if there is no
    readable one (never outside the folder)."""
    if not isinstance(corpus, Path):
        return corpus.article_or_none(article_id)
    root = corpus.resolve()
    path = (root / article_id).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    try:
        return load_path(root / article_id, root)
    except (ArticleError, OSError, ValueError):
        return None
