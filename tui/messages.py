"""Messages the panes send up to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Open an article in the reader, with search hits lit and a passage marked."""

    article_id: str
    hits: tuple[tuple[int, int], ...] = ()
    mark: tuple[int, int] | None = None
    focus_reader: bool = True
