"""A writer of the archive's bookmarks, run as its own process by the concurrency test.

    python archive_bookmark_writer.py DSN AUTHOR N

adds N bookmarks of one sample passage as AUTHOR, each one transaction, as fast
as it can: several of these at once must leave every bookmark in the archive.
"""

from __future__ import annotations

import sys

from corpus.bookmarks import make_bookmark
from corpus.loader import SAMPLES_DIR, load_path
from index.postgres import Archive
from index.postgres.bookmarks import ArchiveBookmarks


def main(dsn: str, author: str, count: int) -> int:
    article = load_path(SAMPLES_DIR / "003_3a060862144c74ba.txt")
    article = article.__class__(**{**article.__dict__, "id": "samples/" + article.id})
    store = ArchiveBookmarks(Archive(dsn, corpus_dir=SAMPLES_DIR, user=author), author)
    for n in range(count):
        # The same passage at the same second by everyone: the ids collide and must be salted apart.
        store.add(make_bookmark(article, 588, 603, note=f"{author} {n}", created="2026-01-01T00:00:00Z"))
        if store.queued_last:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
