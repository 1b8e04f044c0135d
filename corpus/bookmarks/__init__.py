"""Passage bookmarks: the YAML file, safe writes, finding passages again, export.

The file (``bookmarks.yaml`` in the user's data folder unless told otherwise)
is meant to be read and edited by hand::

    version: 1
    bookmarks:
    - id: 13b94e8f                        # short and stable: never changes once made
      article: 000_d77898aa2ffd351f.txt   # the file's path in the corpus folder
      title: Russia wants to jointly run Al Tanf corridor, coalition says no
      outlet: Military Times
      published: 2018-11                  # 2016-07-22, 2018-11, 2018 or undated
      text: Let’s take Al Tanf, for example   # the passage, exactly
      prefix: |-                          # up to 32 characters before it...
        esolved issue for his forces.

        “
      suffix: '," he said Wednesday at a foreig'   # ...and after it, to find it again
      start: 472                          # character offsets into the article's text
      end: 503
      note: ''
      tags:
      - tanf
      created: '2026-11-21T13:24:08Z'     # ISO 8601, UTC
      speaker: Gen. Valery Gerasimov      # optional: who said it, when it is a quote

Keys this module does not know, in an entry or at the top, are kept, and so are
entries it cannot read (they are listed as `Skipped`, never dropped). Comments
and layout are not kept: each write re-emits the file in the style above.

Every write locks ``FILE.lock``, re-reads the file, applies its one change to
what is on disk (so an edit made in an editor meanwhile survives), and replaces
the file atomically (temp file beside it, fsync, rename, fsync the folder). A
file that does not parse, or is not of this shape, is never written: reading or
writing it raises `BookmarksFileError`, naming the file and line. The file is
read by `safe_yaml`: plain data only (``!!python/object`` tags are refused, never
run), and no duplicate keys, runaway nesting or alias bombs.

`locate` (anchor.py) finds a passage again after its article was edited;
`export` (export.py) writes a list of bookmarks out: Markdown, YAML, CSL-JSON,
BibTeX or CSV.
"""

from .anchor import ORPHANED, STATUSES, Location, locate
from .bookmark import CONTEXT_CHARS, FILE_NAME, VERSION, Bookmark, make_bookmark, make_id, utc_now
from .export import FORMATS, export, export_markdown, export_yaml
from .store import (
    BookmarksError,
    BookmarksFileError,
    BookmarkStore,
    Contents,
    Skipped,
    UnknownBookmarkError,
    default_bookmarks_path,
    parse_text,
    read_file,
)

__all__ = [
    "CONTEXT_CHARS", "FILE_NAME", "FORMATS", "export", "ORPHANED", "STATUSES", "VERSION", "Bookmark", "BookmarkStore", "BookmarksError",
    "BookmarksFileError", "Contents", "Location", "Skipped", "UnknownBookmarkError", "default_bookmarks_path",
    "export_markdown", "export_yaml", "locate", "make_bookmark", "make_id", "parse_text", "read_file", "utc_now",
]  # fmt: skip
