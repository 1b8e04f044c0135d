"""Direct quotes: the text between quotation marks, with its kind and speaker.

Marks: curly “ ” and straight " double quotes, the archive convention of two
apostrophes ('' … '' or `` … ''), and single quotes ‘ ’ / ' when an article
quotes with them (outside any double-quoted passage). Apostrophes (Russia’s,
don't, the Kurds’ cause, '90s) are never marks. A quote runs over paragraphs
when a paragraph reopens it without closing the previous one; each paragraph's
part is its own `Quote`, with the speaker of the whole. Headlines (a short first
line in title case, or quoting with single marks only, is one), and markup
that scraped text keeps (``<tweet author="…">``), are not read.

Kind: ``quote`` for speech, ``fragment`` for a scare-quoted term ("terrorist")
or a name in quotes (a show, a slogan in title case). A word or two that someone
is said to have said ("called the delays “unacceptable”") is speech; a title-case
name after a possessive, "on"/"in" or a word for a work (CBS's "Face the Nation",
on "The View", the film "Frozen") is a name even in an attributed sentence.

`start`/`end` are the span between the marks: ``text == article.text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..article import Article, Paragraph

_DOUBLE = re.compile(r"``|'''|''|[“”\"„]")
_SPACE_BEFORE = set(" \t\n([{—–-/") | {""}
_WORD = re.compile(r"[\w’'-]+")
_ELISION = re.compile(r"(?:\d\d?s?|em|til|cause|n|tis|twas|bout|round)\b", re.I)


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    kind: str  # "quote" or "fragment"
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    cue: str | None = None
    continues: bool = False  # a later paragraph of a quote begun in an earlier one
    role: str | None = None  # the speaker's title or role, where the article gives one
    rule: str | None = None  # the attribution rule that found the speaker (see `attribution`)


@dataclass(frozen=True)
class QuoteSpan:
    """A quote found by its marks, before attribution."""

    start: int
    end: int
    outer_start: int  # offset of the opening mark
    outer_end: int  # just after the closing mark, or `end` when the paragraph ends the part
    continues: bool = False
    closed: bool = True


def _role(text: str, s: int, e: int, para_start: int, para_end: int) -> str:
    """'open', 'close' or 'either' for the double mark text[s:e]."""
    mark = text[s:e]
    if mark == "“" and s > para_start and not text[s - 1].isspace() and (e >= para_end or text[e].isspace() or text[e] in ",.;:!?)"):
        return "close"  # “Mostly False.“ — a typo'd closing mark
    if mark in ("“", "„", "``"):
        return "open"
    if mark == "”":
        return "close"
    before = text[s - 1] if s > para_start else ""
    after = text[e] if e < para_end else ""
    space_before = before in _SPACE_BEFORE or before.isspace()
    space_after = after == "" or after.isspace() or after in ",.;:!?)]}—–…"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """The spans between double marks (and single marks where used as quotes) in the paragraphs."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None  # offset of the opening mark
    open_len = 0
    open_para = -1
    continues = False
    for pi, (ps, pe) in enumerate(paragraphs):
        first_in_para = True
        for m in _DOUBLE.finditer(text, ps, pe):
            s, e = m.start(), m.end()
            if e - s == 3:
                # A double mark beside a single one: it opens first, closes last.
                s, e = (s, s + 2) if open_at is None else (s + 1, s + 3)
            role = _role(text, s, e, ps, pe)
            at_start = first_in_para and not text[ps:s].strip()
            first_in_para = False
            if open_at is not None and open_para != pi:
                prev_end = paragraphs[open_para][1]
                if role != "close" and at_start:
                    # The previous paragraph's quote is continued by this one.
                    spans.append(_part(text, open_at + open_len, prev_end, open_at, None, continues))
                    open_at, open_len, open_para, continues = s, e - s, pi, True
                    continue
                _close_unclosed(text, spans, open_at, open_len, prev_end, continues)
                open_at, continues = None, False
            if open_at is None:
                if role == "close":
                    continue  # a stray closing mark
                open_at, open_len, open_para = s, e - s, pi
                continue
            if role == "open" and m.group() in ("“", "``") and text[open_at] in "“`" and s - open_at > 1:
                # Two openers in a row: the first was never closed; start again here.
                open_at, open_len, continues = s, e - s, False
                continue
            spans.append(_part(text, open_at + open_len, s, open_at, e, continues))
            open_at, continues = None, False
    if open_at is not None:
        _close_unclosed(text, spans, open_at, open_len, paragraphs[open_para][1], continues)
    return [sp for sp in spans if sp.end > sp.start]


def _close_unclosed(text: str, spans: list[QuoteSpan], open_at: int, open_len: int, para_end: int, continues: bool) -> None:
    # A quote left open at the end of its paragraph (and not reopened) ends with the
    # paragraph if it reads like speech: a sentence ending there. Else it was a stray mark.
    part = text[open_at + open_len : para_end].rstrip()
    if continues or (len(part.split()) >= 3 and part[-1:] in ".!?…"):
        spans.append(_part(text, open_at + open_len, para_end, open_at, None, continues))


def _part(text: str, start: int, end: int, open_mark: int, close_end: int | None, continues: bool) -> QuoteSpan:
    if close_end is None:
        while end > start and text[end - 1].isspace():
            end -= 1
        return QuoteSpan(start, end, open_mark, end, continues, closed=False)
    return QuoteSpan(start, end, open_mark, close_end, continues)


def single_quote_spans(text: str, paragraphs: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Quotes marked with single quotes, outside the double-quoted passages `taken`."""
    spans = []
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def inside(j: int) -> bool:
        n = bisect.bisect_right(starts, j + 1) - 1
        return n >= 0 and j < taken[n][1] + 1

    def crosses(j: int, k: int) -> bool:
        n = bisect.bisect_left(starts, k)  # the passages that start before k
        return n > 0 and any(j < taken[m][1] for m in range(max(0, n - 3), n))

    for ps, pe in paragraphs:
        i = ps
        while i < pe:
            j = _find_single_open(text, i, pe)
            if j is None:
                break
            if inside(j):
                i = j + 1
                continue
            k = _find_single_close(text, j + 1, pe)
            if k is None:
                i = j + 1
                continue
            if not crosses(j, k):
                spans.append(QuoteSpan(j + 1, k, j, k + 1))
            i = k + 1
    return spans


def _find_single_open(text: str, i: int, end: int) -> int | None:
    while i < end:
        j = min((x for x in (text.find("‘", i, end), text.find("'", i, end)) if x >= 0), default=-1)
        if j < 0:
            return None
        before = text[j - 1] if j > 0 else ""
        after = text[j + 1] if j + 1 < len(text) else ""
        if (before in _SPACE_BEFORE or before.isspace() or before in "\"“") and (after.isalnum() or after in "…."):
            if not _ELISION.match(text, j + 1):
                return j
        i = j + 1
    return None


def _find_single_close(text: str, i: int, end: int) -> int | None:
    weak = None
    while i < end:
        j = min((x for x in (text.find("’", i, end), text.find("'", i, end)) if x >= 0), default=-1)
        if j < 0:
            break
        before = text[j - 1]
        after = text[j + 1] if j + 1 < len(text) else ""
        if before.isspace() or (after.isalnum()):
            i = j + 1
            continue  # an apostrophe inside a word (Russia’s) or an opener
        if after in ",.;:!?)—–…\"”" or after == "" or after == "\n" or before in ",.!?…":
            return j
        if before in "sS" or after.isspace() and before.isalpha() and text[j - 2 : j].lower().endswith("in"):
            weak = weak if weak is not None else j  # the Kurds’ cause, nothin’ doing
        else:
            return j
        i = j + 1
    return weak


_WORK_BEFORE = re.compile(
    r"(?:(?P<possessive>\w[’']s)|\b(?:on|in|show|program|programme|series|film|movie|book|novel|memoir|song|anthem|album|"
    r"podcast|play|musical|column|documentary|episode|segment|sitcom|titled|entitled))\s*$",
    re.I,
)


def _title_case(text: str) -> bool:
    words = _WORD.findall(text)
    long_words = [w for w in words if len(w) > 3]
    return bool(words) and len(words) <= 8 and bool(long_words) and words[0][0].isupper() and all(w[0].isupper() for w in long_words)


def names_a_work(text: str, before: str) -> bool:
    """A title-case name after a possessive, "on"/"in" or a word for a work: a show, book
    or film (NBC's "Meet the Press", on "The View", the film "Frozen"), not speech.
    A cry ("Lock her up!") or a question is speech; so is one word after a possessive
    (Perry's "Oops")."""
    if not _title_case(text) or text.rstrip("\"”’' ").endswith(("!", "?")):
        return False
    m = _WORK_BEFORE.search(before[-40:])
    return bool(m) and not (m.group("possessive") and len(_WORD.findall(text)) < 2)


def quote_kind(text: str, attributed: bool = False, before: str = "") -> str:
    """``quote`` for speech, ``fragment`` for a scare-quoted term or a name in quotes.

    A word or two is a term unless someone is said to have said it; a short
    unattributed phrase, or one in title case ("Sunday Morning Futures"), names
    something rather than reporting speech. A title-case name that `before` (the
    text before the opening mark) shows to be a work's — CBS's "Face the Nation",
    on "The View" — is a name even in an attributed sentence.
    """
    words = _WORD.findall(text)
    if before and names_a_work(text, before):
        return "fragment"
    if attributed:
        return "quote"
    if len(words) <= 2:
        return "fragment"
    long_words = [w for w in words if len(w) > 3]
    if len(words) <= 8 and long_words and all(w[0].isupper() for w in long_words) and not text.rstrip().endswith((".", "?", "!")):
        return "fragment"
    return "fragment" if len(words) <= 4 and not text.rstrip().endswith((".", "?", "!", ",")) else "quote"


_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,300}>")
_TITLE_WORD = re.compile(r"\b[A-Za-z][\w’'-]{3,}")


def _is_title(article: Article, paragraph: Paragraph, first: bool) -> bool:
    """A headline: the classifier's, or a short first line in title case (titles quote
    loosely), or a short first line that quotes with single marks only, as headlines do."""
    if paragraph.kind == "headline":
        return True
    if not first:
        return False
    s = article.text[paragraph.start : paragraph.end]
    if "\n" in s.strip():
        return False
    if len(s) <= 100 and not _DOUBLE.search(s) and single_quote_spans(s, [(0, len(s))], []):
        return True  # Obama slams GOP’s ‘doom and despair’ on economy. — headlines quote with single marks
    words = _TITLE_WORD.findall(s)
    return len(s) <= 200 and len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def reading_paragraphs(article: Article) -> list[tuple[int, int]]:
    """Spans of the paragraphs quotes are read from: content, headlines left out."""
    paras = article.content_paragraphs
    return [(p.start, p.end) for i, p in enumerate(paras) if not _is_title(article, p, i == 0)]


def find_quote_spans(article: Article) -> list[QuoteSpan]:
    """Every quote span of the article's content paragraphs, in text order.

    Markup that scraped text sometimes keeps (``<tweet author="…">``) is not read.
    """
    paragraphs = reading_paragraphs(article)
    text = article.text
    if "<" in text:
        text = _TAG.sub(lambda m: " " * len(m.group()), text)
    doubles = quote_spans(text, paragraphs)
    taken = [(q.outer_start, q.outer_end) for q in doubles]
    singles = single_quote_spans(text, paragraphs, taken)
    return sorted(doubles + singles, key=lambda q: q.start)
