"""Curated incidents shared in the archive: every version of each collection's file, with who and when.

A collection's curated file is ``incidents.yaml`` as the analysts know it (see
`corpus.incidents.curated`): its entries name articles by their path in the
folder. Each version stored is a row of ``incident_edits`` (collection, text,
author, time); the newest of each collection is applied to the archive's
incidents, its articles taken as ``COLLECTION/PATH``. Loading a folder stores its
file when it changed; ``deconflict-tui incidents --edit FILE`` stores one by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from corpus import safe_yaml
from corpus.article import Article
from corpus.incidents import CURATED_NAME, Incident, apply_curated, load_curated, merge_incidents
from corpus.incidents.curated import CuratedError, _curated_article_ids


@dataclass(frozen=True)
class Edit:
    id: int
    collection: str
    author: str
    at: str  # ISO 8601, UTC
    content: str


def store_edit(conn, collection: str, content: str, author: str, only_if_changed: bool = False) -> Edit | None:
    """Store a new version of `collection`'s curated file; None when `only_if_changed` and it is the last one."""
    with conn.transaction():
        if only_if_changed:
            last = conn.execute(
                "SELECT content FROM incident_edits WHERE collection = %s ORDER BY id DESC LIMIT 1", (collection,)
            ).fetchone()
            if last is not None and last[0] == content:
                return None
        row = conn.execute(
            "INSERT INTO incident_edits (collection, content, author) VALUES (%s, %s, %s) RETURNING id, at",
            (collection, content, author),
        ).fetchone()
    return Edit(row[0], collection, author, _iso(row[1]), content)


def history(conn, collection: str | None = None) -> list[Edit]:
    """Every version stored, oldest first (of one collection, or all)."""
    sql = "SELECT id, collection, author, at, content FROM incident_edits"
    rows = conn.execute(sql + (" WHERE collection = %s" if collection else "") + " ORDER BY id", (collection,) if collection else ())
    return [Edit(i, c, a, _iso(at), content) for i, c, a, at, content in rows]


def latest(conn) -> dict[str, Edit]:
    rows = conn.execute(
        "SELECT DISTINCT ON (collection) id, collection, author, at, content FROM incident_edits ORDER BY collection, id DESC"
    )
    return {c: Edit(i, c, a, _iso(at), content) for i, c, a, at, content in rows}


def archive_incidents(
    extracted: list[Incident], edits: dict[str, Edit], article: Callable[[str], Article | None], gazetteer
) -> tuple[list[Incident], list[str]]:
    """The archive's incidents: merged, then each collection's newest curated file applied."""
    merged = merge_incidents(extracted, gazetteer)
    entries, problems = [], []
    for collection, edit in sorted(edits.items()):
        name = f"{collection}:{CURATED_NAME} (stored by {edit.author}, {edit.at})"
        try:
            _, data = safe_yaml.load(edit.content)
        except Exception:
            data = None
        named = []
        for path in _curated_article_ids(data):
            found = article(f"{collection}/{path}")
            if found is not None:
                named.append(dataclasses.replace(found, id=path))
        try:
            loaded, warnings = load_curated(name, named, text=edit.content)
        except CuratedError as exc:
            problems.append(f"{exc}; the extracted incidents are shown without it")
            continue
        problems += warnings
        for entry in loaded:
            reports = tuple(dataclasses.replace(r, article_id=f"{collection}/{r.article_id}") for r in entry.reports)
            entries.append(dataclasses.replace(entry, reports=reports))
    if not entries:
        return merged, problems
    return apply_curated(merged, entries, gazetteer), problems


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
