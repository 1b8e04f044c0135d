"""An incident's one-line summary, written from the event rather than copied from the article:
who did what to whom, where, and what it cost ("Russian forces confront US forces near
Dayrick; four U.S. troops injured").

Pure functions of the fields extraction found: the type, the sides that acted and were acted
on (or just the sides named), the place, and a casualty phrase read from the event's own
sentences. The date is not written here: every view shows it apart, with its precision.
"""

from __future__ import annotations

import re

# How a side reads in front of a noun ("Russian aircraft", "US forces").
ADJECTIVE = {
    "United Nations": "UN",
    "Russia": "Russian", "United States": "US", "US-led coalition": "coalition",
    "Syrian government": "Syrian government", "Syrian Democratic Forces": "SDF",
    "Turkey": "Turkish", "Iran": "Iran-backed", "Islamic State": "Islamic State", "Wagner": "Wagner",
}  # fmt: skip

# type → (with who acted and who was acted on, with only the parties, with nobody)
_TEMPLATES = {
    "strike": ("{by} strike on {on} forces", "{sides} strike", "Strike"),
    "ground_confrontation": ("{by} forces confront {on} forces", "{sides} ground confrontation", "Ground confrontation"),
    "air_encounter": ("{by} aircraft confront {on} aircraft", "{sides} air encounter", "Air encounter"),
    "proposal": ("{by} proposal to {on_noun}", "{sides} proposal", "Proposal"),
    "talks": ("{by}–{on} talks", "{sides} talks", "Talks"),
    "agreement": ("{by}–{on} agreement", "{sides} agreement", "Agreement"),
    "humanitarian_access": ("{by} aid for {on_noun}", "{sides} aid access", "Aid access"),
    "accusation": ("{by_noun} accuses {on_noun}", "{sides} accusation", "Accusation"),
}

_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|scores of|hundreds of|several|a dozen)"
_WHO = r"(?:[A-Z][\w.'-]*\s+){0,2}(?:troops|soldiers|service ?members|servicemen|personnel|people|fighters|civilians|contractors|mercenaries|crew members?|pilots?)"
_HARM = r"(?:killed|wounded|injured|hurt|dead)"
_CASUALTIES = re.compile(
    rf"\b({_NUMBER})\s+({_WHO})\s+(?:(?:were|was|had been|have been|being)\s+)?(?:(?:reportedly|seriously|slightly|lightly)\s+)?({_HARM})\b"
    rf"|\b({_HARM})\s+({_NUMBER})\s+({_WHO})\b",
    re.IGNORECASE,
)


def casualties(text: str) -> str | None:
    """The first "four U.S. troops injured" the text states, normalised to number, who, harm."""
    m = _CASUALTIES.search(text)
    if not m:
        return None
    if m.group(1):
        number, who, harm = m.group(1), m.group(2), m.group(3)
    else:
        harm, number, who = m.group(4), m.group(5), m.group(6)
    harm = harm.lower()
    return f"{number} {' '.join(who.split())} {'killed' if harm == 'dead' else harm}"


def _party(side: str) -> str:
    return ADJECTIVE.get(side, side)


def _noun(side: str) -> str:
    return {"United States": "the US", "United Nations": "the UN", "US-led coalition": "the coalition", "Syrian Democratic Forces": "the SDF"}.get(side, side)


def write_summary(
    type_: str,
    acted_by: tuple[str, ...],
    acted_on: tuple[str, ...],
    sides: tuple[str, ...],
    place: str | None,
    harm: str | None = None,
    wide: bool = False,
) -> str:
    """One line: who did what to whom near where (in it, for a `wide` place such as a
    country), and its casualties, capitalised."""
    with_roles, with_sides, bare = _TEMPLATES.get(type_, ("{by} {type} on {on}", "{sides} {type}", "{type}"))
    if acted_by and acted_on:
        by, on = acted_by[0], acted_on[0]
        line = with_roles.format(by=_party(by), on=_party(on), by_noun=_noun(by), on_noun=_noun(on), type=type_)
    elif acted_by or sides:  # who acted alone, or the parties without their roles
        parties = acted_by or sides[:2]
        line = with_sides.format(sides="–".join(_party(s) for s in parties), type=type_.replace("_", " "))
    else:
        line = bare.format(type=type_.replace("_", " ").capitalize())
    if place:
        line += f" {'in' if wide else 'near'} {place}"
    if harm:
        line += f"; {harm}"
    return line[:1].upper() + line[1:]
