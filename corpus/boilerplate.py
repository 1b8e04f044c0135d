"""Splitting an article into paragraphs and telling the article from what is not.

Subscription and newsletter pitches, donation appeals, polls with vote counts,
market tickers, "load more" links, author bios, and repeated photo captions and
credits are kind ``boilerplate``. They stay in the text (offsets stay valid) but
are left out of the index and of analysis. The rules describe the shapes such
paragraphs take on news sites in general, not the sentences of any one article.
"""

from __future__ import annotations

import re

from .article import Paragraph

# Phrases that only a site's own furniture uses: pitches, paywalls, navigation.
_PITCH = re.compile(
    r"""(
      \bsubscribe\ (?:to|now|today)\b | \balready\ a\ subscriber\b | \bsubscribers\ agree\b
    | \b(?:our|free|weekly|daily)\ (?:\w+\ )?newsletters?\b | ^sign\ (?:up|in)\W*$ | \bsign\ (?:up|in)\W*(?:for\ (?:our|free|the\ \w+\ newsletter)|now|here|today)
    | \blog\ ?in\W*$ | \blog\ ?in\ (?:to\ (?:your|continue|read|comment)|or\ (?:register|sign\ up|subscribe)|here)\b
    | \bsupport\ (?:us|our\ (?:work|journalism)|independent\ journalism)\b | ^support\ .{3,40}!$
    | \bindependent\ journalism\b | \bjournalism\ you\ can\ trust\b | ^not\ ready\ to\ support\b
    | \bprivacy\ policy\b | \bterms\ of\ (?:use|service)\b | \baccept\ (?:all\ )?cookies\b
    | ^read\ more\W*$ | \bread\ the\ full\ story\b | ^load\ more\W*$ | \bclick\ (?:here|to)\b
    | ^in\ other\ news\W*$ | ^related\ (?:articles|stories|coverage)\W*$ | \bfollow\ us\ on\b
    | ^(?:related|see\ also|also\ read|read\ more|more\ on\ this\ story|recommended)\s*: 
    | \ball\ rights\ reserved\b | \bremind\ me\ later\b | \bpayment\ methods?\b | \bpaiment\b
    | \bdata\ delayed\b | ^advertisement\W*$ | ^a\ message\ from\b | ^dear\ readers\b
    | \bnever\ miss\ (?:a|the\ latest)\b | ^share\ (?:this|on)\b
    | ^(?:(?:the\ )?(?:story|article)\ )?continues?\ (?:reading\ )?below\b | \bcontinue\ reading\ below\b | ^advertisement\b.{0,40}$ | \bbelow\ (?:this\ )?advertisement\W*$
    | ^skip\ to\ (?:the\ )?(?:main\ )?content\b | \bsign\ in\ to\ comment\b | ^listen\ to\ this\ (?:article|story)\b
    | ^(?:download|get)\ (?:our|the)\ (?:free\ )?(?:\w+\ )?app\W*$ | ^(?:most\ (?:read|popular|viewed)|trending(?:\ now)?)\W*$
    | ^\(?(?:additional\ )?reporting\ by\b.*\bediting\ by\b | \bcontributed\ to\ this\ (?:report|story|article)\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Words a pitch written as prose leans on; several together make a paragraph a pitch.
_SOFT = re.compile(
    r"\b(?:journalism|journalists|support(?:ing)?|subscri\w+|per month|monthly|donat\w+|contribution|our work)\b",
    re.IGNORECASE,
)
_POLL = re.compile(r"^\s*\d{1,3}\s*%\s*[-–—]\s*[\d,]+\s+votes?\s*$|\bplease select an option\b", re.I)
_CREDIT = re.compile(
    r"""(
      \((?:[^()]*\b)?(?:AP|AFP|Reuters|EPA|Getty|Photo|Image)[^()]*\)\s*$
    | \b[A-Z][A-Z.\-' ]+/(?:Getty\ Images|AFP|AP|Reuters|EPA)\b
    | \b(?:Getty\ Images|Shutterstock|AP\ Photo|Photo(?:graph)?:\ )
    | \bin\ this\ (?:illustrative\ |file\ |handout\ )?(?:image|photo|picture)\b
    )""",
    re.VERBOSE,
)
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+ ){1,3}(?:is|was|has been) an? (?:[\w,-]+ ){0,6}?"
    r"(?:editor|reporter|correspondent|writer|journalist|columnist|contributor)\b"
)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]\s*$")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs in `text`.

    Blocks are separated by blank lines. Inside a block, each line is its own
    paragraph (the usual shape of scraped text) unless the block looks
    hard-wrapped, in which case the block is one paragraph.
    """
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        lines = [m for m in re.finditer(r"[^\n]+", block.group())]
        lines = [m for m in lines if m.group().strip()]
        if not lines:
            continue
        base = block.start()
        if _hard_wrapped([m.group() for m in lines]):
            first, last = lines[0], lines[-1]
            spans.append(_strip(text, base + first.start(), base + last.end()))
        else:
            spans.extend(_strip(text, base + m.start(), base + m.end()) for m in lines)
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = [line.rstrip() for line in lines[:-1]]
    if not all(40 <= len(line) <= 100 for line in body):
        return False
    # Wrapped prose breaks mid-sentence somewhere; a list of sentences does not.
    return any(not _SENTENCE_END.search(line) for line in body)


def _is_fragment(s: str) -> bool:
    """A short line with no sentence in it: a button, a menu item, a label."""
    return len(s) <= 60 and not re.search(r"[.!?…:]\s*$", s) or len(s) <= 25


def classify(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """Give each paragraph span its kind: headline, body, caption or boilerplate."""
    texts = [text[s:e] for s, e in spans]
    n = len(texts)
    kinds = ["body"] * n

    pitch = [_is_pitch(t) for t in texts]
    furniture = [pitch[i] or bool(_POLL.search(t)) for i, t in enumerate(texts)]

    # A tail of furniture: from a pitch in the second half of the article to the
    # end, where most paragraphs are furniture or fragments. Appeals written as
    # prose ("Dear readers, ...") sit inside such tails and go with them.
    tail = n
    for i in range(1, n):
        if not pitch[i] or len(texts[i]) > 400:
            continue
        rest = range(i, n)
        junk = sum(1 for j in rest if furniture[j] or _is_fragment(texts[j]) or _BIO.search(texts[j]))
        if junk / len(rest) >= 0.5:
            tail = i
            break
    # A line that heads the tail ("A Message from ...", "We live in a world ...").
    while tail < n and tail > 1 and _is_fragment(texts[tail - 1]) and not _is_content_sentence(texts[tail - 1]):
        tail -= 1
    for i in range(tail, n):
        kinds[i] = "boilerplate"

    seen: dict[str, int] = {}
    for i, t in enumerate(texts):
        key = _key(t)
        if kinds[i] == "boilerplate":
            continue
        if furniture[i] and (len(t) < 200 or pitch[i]):
            kinds[i] = "boilerplate"
        elif _BIO.search(t) and i > n // 2:
            kinds[i] = "boilerplate"
        elif _CREDIT.search(t):
            kinds[i] = "boilerplate" if key in seen else "caption"
            # A short label line just above a caption is the caption's title.
            label = texts[i - 1] if i > 1 else ""
            if label and kinds[i - 1] == "body" and _is_fragment(label) and not re.search(r"[()—–-]\s*$", label):
                kinds[i - 1] = "caption"
        elif i > 0 and key == _key(texts[i - 1]) and len(t) < 300:
            kinds[i] = "boilerplate"
        seen.setdefault(key, i)

    for i, t in enumerate(texts):
        if kinds[i] == "body":
            if _is_headline(t):
                kinds[i] = "headline"
            break
    return [Paragraph(i, s, e, kinds[i]) for i, (s, e) in enumerate(spans)]


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


# A literal that each of _PITCH's phrases (lowercased) holds, and each of _SOFT's words:
# a paragraph holding none of them cannot match, and is not searched (most are not: the
# searches were half the cost of reading an article for the search index).
_PITCH_WORDS = (
    "subscri", "newsletter", "sign up", "sign in", "log in", "login", "support", "journalism", "privacy policy",
    "terms of", "cookies", "read more", "read the full story", "load more", "click here", "click to", "in other news",
    "related", "follow us on", "see also", "also read", "more on this story", "recommended", "all rights reserved",
    "remind me later", "payment method", "paiment", "data delayed", "advertisement", "a message from", "dear readers",
    "never miss", "share this", "share on", "continue", "skip to", "listen to this", "download our", "download the",
    "get our", "get the", "most read", "most popular", "most viewed", "trending", "reporting by", "contributed to this",
)  # fmt: skip
_SOFT_WORDS = ("journalis", "support", "subscri", "per month", "monthly", "donat", "contribution", "our work")
# Letters that an ignore-case match takes for ASCII ones but str.lower() does not make them.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _count(pattern: re.Pattern, words: tuple[str, ...], s: str, low: str | None) -> int:
    """How many times `pattern` matches `s`: none without one of its `words` in `low` (`s` lowercased)."""
    if low is not None and not any(w in low for w in words):
        return 0
    return len(pattern.findall(s))


def _is_pitch(s: str) -> bool:
    low = None if not s.isascii() and not _FOLDS_TO_ASCII.isdisjoint(s) else s.lower()
    strong = _count(_PITCH, _PITCH_WORDS, s, low)
    if strong and len(s) < 250:
        return True
    return strong + _count(_SOFT, _SOFT_WORDS, s, low) >= max(4, len(s.split()) // 8)


def _is_content_sentence(s: str) -> bool:
    return len(s.split()) > 12


def _is_headline(s: str) -> bool:
    return len(s) <= 160 and not re.search(r"[.]\s*$", s) and "\n" not in s
