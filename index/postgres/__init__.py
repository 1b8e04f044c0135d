"""A team's shared archive on PostgreSQL: the second backend of the seam (`index.backend`).

`Archive` (archive.py) is what the app and the command line use; `loader` loads a
corpus folder as one collection, `tokens` turns an article's Whoosh document into
tsvectors and postings, `translate` a parsed query into SQL, `search` runs it (with
`vocabulary` for prefixes, fuzzy terms and "did you mean"), `bookmarks` and `curated`
hold what the analysts share, `connect` reaches the server without ever showing its
password, and `schema` makes the tables. psycopg is imported only when a connection
is made: the Whoosh path never needs it.
"""

from .archive import Archive
from .connect import ArchiveError, ServerDown, redact

__all__ = ["Archive", "ArchiveError", "ServerDown", "redact"]
