"""The gazetteer: places, actors and people with their spelling variants.

Read from the editable `gazetteer.yaml` beside this file (or another file of the
same shape). Search uses its variant groups so that spellings meet (At-Tanf and
Al Tanf, Hasakeh and Hasakah, Sergei and Sergey Lavrov); analysis uses it to find
the places and actors an article names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

GAZETTEER_PATH = Path(__file__).resolve().parent / "gazetteer.yaml"
KINDS = ("places", "actors", "people")


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "place", "actor" or "person"
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name and every alias, each once, longest first."""
        seen: dict[str, str] = {}
        for s in (self.name, *self.aliases):
            seen.setdefault(s.casefold(), s)
        return tuple(sorted(seen.values(), key=len, reverse=True))


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[Entry, ...]

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == kind)

    def variant_groups(self, kinds: tuple[str, ...] = ("place", "person")) -> list[tuple[str, ...]]:
        """Groups of spellings that name the same thing, for alias-aware search.

        Actors are left out by default: "Washington" is not a spelling of "US"
        for someone searching the text.
        """
        return [e.spellings for e in self.entries if e.kind in kinds and len(e.spellings) > 1]

    def pattern(self, kind: str) -> re.Pattern[str]:
        return _pattern(self, kind)


@functools.lru_cache(maxsize=8)
def _pattern(gazetteer: Gazetteer, kind: str) -> re.Pattern[str]:
    spellings = sorted({s for e in gazetteer.of_kind(kind) for s in e.spellings}, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def parse(data: dict) -> Gazetteer:
    entries = []
    for section, kind in zip(KINDS, ("place", "actor", "person")):
        for item in data.get(section) or ():
            if not isinstance(item, dict) or not item.get("name"):
                continue
            aliases = tuple(str(a) for a in item.get("aliases") or () if str(a).strip())
            entries.append(Entry(str(item["name"]), kind, aliases, item.get("lat"), item.get("lon")))
    return Gazetteer(tuple(entries))


@functools.lru_cache(maxsize=4)
def load(path: Path = GAZETTEER_PATH) -> Gazetteer:
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the gazetteer is not a mapping")
    return parse(data)


@functools.lru_cache(maxsize=4)
def load_or_empty(path: Path = GAZETTEER_PATH) -> tuple[Gazetteer, str | None]:
    """The gazetteer, or an empty one and why: a broken edit never stops a search."""
    try:
        return load(path), None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Gazetteer(()), f"{path.name} not read ({reason}): places, people and other spellings are off"
