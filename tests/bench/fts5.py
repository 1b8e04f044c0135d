"""The reference: SQLite FTS5 (standard library) over the same texts, bm25 ranking and snippet()."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from queries import Query

SCHEMA = (
    "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, outlet, published UNINDEXED,"
    " tokenize='porter unicode61 remove_diacritics 2')"
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Fts5Index:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path))
        self._alias_groups: list[tuple[str, ...]] | None = None

    def create(self, rows) -> int:
        """rows: (id, title, body, outlet, published ISO or '') tuples."""
        self.db.execute("DROP TABLE IF EXISTS docs")
        self.db.execute("DROP TABLE IF EXISTS vocab")
        self.db.execute(SCHEMA)
        self.db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'row')")
        n = 0
        with self.db:
            for n, row in enumerate(rows, 1):
                self.db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", row)
        self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.db.commit()
        return n

    # -- queries ----------------------------------------------------------

    def _fuzzy(self, word: str) -> str:
        """An OR over the vocabulary terms one edit from the word's stem, first letter fixed (as Whoosh)."""
        from whoosh.lang.porter import stem

        w = stem(word.lower())
        head, tail = w[:1], w[1:]
        edits = {tail}
        for i in range(len(tail) + 1):
            if i < len(tail):
                edits.add(tail[:i] + tail[i + 1 :])
                if i + 1 < len(tail):
                    edits.add(tail[:i] + tail[i + 1] + tail[i] + tail[i + 2 :])
                edits.update(tail[:i] + c + tail[i + 1 :] for c in _LETTERS)
            edits.update(tail[:i] + c + tail[i:] for c in _LETTERS)
        candidates = [head + e for e in edits]
        found = []
        for chunk in range(0, len(candidates), 500):
            part = candidates[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            found += [t for (t,) in self.db.execute(f"SELECT term FROM vocab WHERE term IN ({marks})", part)]
        return " OR ".join(f'"{t}"' for t in found)

    def _alias(self, text: str) -> str:
        if self._alias_groups is None:
            from corpus import gazetteer

            self._alias_groups = gazetteer.default().variant_groups()
        fold = lambda s: re.sub(r"[\s\-]+", " ", s.casefold()).strip()  # noqa: E731
        for group in self._alias_groups:
            if fold(text) in {fold(s) for s in group}:
                return " OR ".join('"' + re.sub(r"[^\w\s]", " ", s) + '"' for s in group)
        return '"' + text + '"'

    def match_for(self, q: Query) -> str:
        if q.kind == "fuzzy":
            return self._fuzzy(q.fuzzy)
        if q.kind == "alias":
            return self._alias(q.ours)
        return q.fts

    def search(self, q: Query, limit: int = 20) -> list[tuple]:
        """The top `limit` rows (id, title, published, score, snippet)."""
        match = self.match_for(q)
        where, args = [], []
        if match:
            where.append("docs MATCH ?")
            args.append(match)
        if q.date_range:
            where.append("published BETWEEN ? AND ?")
            args += list(q.date_range)
        if not where:
            return []
        if match:
            sql = (
                "SELECT id, title, published, bm25(docs, 0, 2.0, 1.0, 1.0), snippet(docs, 2, '[', ']', '…', 32)"
                f" FROM docs WHERE {' AND '.join(where)} ORDER BY bm25(docs, 0, 2.0, 1.0, 1.0) LIMIT ?"
            )
        else:  # a date range alone: no ranking, the first words as the snippet
            sql = (
                "SELECT id, title, published, 0.0, substr(body, 1, 200)"
                f" FROM docs WHERE {' AND '.join(where)} ORDER BY published DESC LIMIT ?"
            )
        return self.db.execute(sql, (*args, limit)).fetchall()

    def close(self) -> None:
        self.db.close()
