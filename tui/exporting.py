"""What the palette's export commands write, and where: beside the bookmarks file.

Bookmarks go to ``bookmarks.csl.json``, ``bookmarks.bib``, ``bookmarks.csv`` or
``bookmarks.export.yaml`` (never over the bookmarks file itself); the incidents of
the corpus to ``incidents-CORPUS.csv``, ``.geojson`` or ``.json``. Each file is
written whole and atomically (corpus.files.replace_file). No Textual here: the
app calls these from its workers.
"""

from __future__ import annotations

from pathlib import Path

from corpus.bookmarks import BookmarkStore, export
from corpus.bookmarks.export import SUFFIXES as BOOKMARK_SUFFIXES
from corpus.files import replace_file
from corpus.incidents import export as incident_export


def bookmarks_target(store: BookmarkStore, fmt: str) -> Path:
    path = Path(store.path)
    return path.with_name(path.stem + BOOKMARK_SUFFIXES[fmt])


def write_bookmarks(store: BookmarkStore, fmt: str) -> tuple[Path, int]:
    """The bookmarks written in `fmt`: the file and how many bookmarks."""
    bookmarks = store.load()
    target = bookmarks_target(store, fmt)
    replace_file(target, export(bookmarks, fmt).encode("utf-8"))
    return target, len(bookmarks)


def incidents_target(folder: Path, corpus_dir: Path, fmt: str) -> Path:
    return Path(folder) / f"incidents-{Path(corpus_dir).resolve().name or 'corpus'}{incident_export.SUFFIXES[fmt]}"


def write_incidents(index, folder: Path, fmt: str) -> tuple[Path, int, int]:
    """The corpus's incidents written in `fmt`: the file, how many, and how many a map
    could not place (GeoJSON only)."""
    incidents, _ = index.incidents()
    unplaced = 0
    if fmt == "csv":
        text = incident_export.incidents_csv(incidents, index.gazetteer)
    elif fmt == "geojson":
        text, unplaced = incident_export.incidents_geojson(incidents, index.gazetteer)
    else:
        text = incident_export.incidents_json(incidents, index.reading())
    target = incidents_target(folder, index.corpus_dir, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, text.encode("utf-8"))
    return target, len(incidents), unplaced
