"""What both backends know of the analyst's corpus folder: its gazetteer (shipped, the
user's, the folder's own) and the fingerprint of what the index derives with it."""

from __future__ import annotations

from pathlib import Path

from corpus import gazetteer

from .fingerprint import derived_with


class CorpusFolder:
    """A backend's view of `corpus_dir`'s gazetteer (a mixin of `CorpusIndex` and `Archive`)."""

    corpus_dir: Path

    @property
    def gazetteer(self) -> gazetteer.Gazetteer:
        """The corpus's gazetteer: shipped, the user's, the corpus folder's (see `gazetteer_problems`)."""
        return gazetteer.load_for(self.corpus_dir).gazetteer

    @property
    def gazetteer_problems(self) -> tuple[str, ...]:
        """What is wrong with a user's gazetteer file, each naming the file and the line."""
        return gazetteer.load_for(self.corpus_dir).warnings

    def _derived_with(self) -> str:
        return derived_with(self.gazetteer.digest)
