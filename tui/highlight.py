"""Article text as Rich `Text` with spans: never through markup.

Article text holds square brackets and every other character, so it is always
placed into a `Text` verbatim and styled by character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

Span = tuple[int, int]

# Control characters would move the cursor or ring the bell in a real terminal.
_CONTROL = {c: " " for c in range(32) if c not in (9, 10)} | {127: " ", 0x1B: "␛"}


def safe(text: str) -> str:
    """The same text, one character for one, with control characters made visible or blank."""
    return text.translate(_CONTROL)


def styled(text: str, start: int, end: int, layers: Iterable[tuple[Iterable[Span], Style]]) -> Text:
    """`text[start:end]` styled by layers of article offsets (later layers on top)."""
    out = Text(safe(text[start:end]), no_wrap=False, end="")
    for spans, style in layers:
        for s, e in spans:
            s, e = max(s, start), min(e, end)
            if s < e:
                out.stylize(style, s - start, e - start)
    return out
