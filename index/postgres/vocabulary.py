"""The archive's words of one field, asked of the ``terms`` table as `index.vocabulary` asks its list.

Same answers as the Whoosh index's vocabulary: one edit is found by generating
the word's edits over the letters the archive's words use (kept in ``meta`` by
the loader) and looking them up by the unique index; two edits by measuring the
words that share the first two letters (a range of the C-collated index); a
prefix is that range too. A wildcard with a leading ``*`` is a LIKE the trigram
index (pg_trgm) serves.
"""

from __future__ import annotations

from ..vocabulary import SCAN_PREFIX, near, one_edits
from .schema import FIELD_NUMBER


def like_prefix(head: str) -> str:
    return head.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class ArchiveVocabulary:
    def __init__(self, conn, fieldname: str, alphabet: str) -> None:
        self.conn = conn
        self.field = FIELD_NUMBER[fieldname]
        self.alphabet = alphabet
        self._within: dict[tuple[str, int, int], list[str]] = {}

    def __contains__(self, word: str) -> bool:
        return self.conn.execute("SELECT 1 FROM terms WHERE field = %s AND term = %s AND df > 0", (self.field, word)).fetchone() is not None

    def frequency(self, word: str) -> int:
        row = self.conn.execute("SELECT df FROM terms WHERE field = %s AND term = %s", (self.field, word)).fetchone()
        return row[0] if row else 0

    def starting(self, head: str) -> list[str]:
        rows = self.conn.execute("SELECT term FROM terms WHERE field = %s AND term LIKE %s AND df > 0 ORDER BY term", (self.field, like_prefix(head)))
        return [term for (term,) in rows]

    def matching(self, pattern: str) -> list[str]:
        """The words matching a LIKE pattern."""
        rows = self.conn.execute("SELECT term FROM terms WHERE field = %s AND term LIKE %s AND df > 0 ORDER BY term", (self.field, pattern))
        return [term for (term,) in rows]

    def between(self, first: str | None, last: str | None, first_excl: bool, last_excl: bool) -> list[str]:
        sql = "SELECT term FROM terms WHERE field = %s AND df > 0"
        params: list = [self.field]
        if first is not None:
            sql += " AND term >" + ("" if first_excl else "=") + " %s"
            params.append(first)
        if last is not None:
            sql += " AND term <" + ("" if last_excl else "=") + " %s"
            params.append(last)
        return [term for (term,) in self.conn.execute(sql + " ORDER BY term", params)]

    def within(self, word: str, maxdist: int = 1, prefix: int = 0) -> list[str]:
        # Asked again for a fuzzy word's stem, often the word itself: one search, one answer
        # (a vocabulary lives for one search's snapshot).
        key = (word, maxdist, prefix)
        if key not in self._within:
            self._within[key] = self._look_within(word, maxdist, prefix)
        return self._within[key]

    def _look_within(self, word: str, maxdist: int, prefix: int) -> list[str]:
        if maxdist <= 0:
            return [word] if word in self else []
        if maxdist == 1:
            edits = sorted(one_edits(word, self.alphabet))
            rows = self.conn.execute("SELECT term FROM terms WHERE field = %s AND term = ANY(%s) AND df > 0", (self.field, edits))
            found = sorted(term for (term,) in rows)
        else:
            found = near(word, self.starting(word[: max(prefix, SCAN_PREFIX)]), maxdist)
        return [w for w in found if w[:prefix] == word[:prefix]] if prefix else found
