"""Who said it: each quote's speaker, by an ordered list of named strategies.

A strategy is a function (reading, quote index) -> `Attribution` or None; the
first that answers decides, and `Attribution.rule` names the rule inside it that
did (``after.subject``, ``before.according-to``, ...), so that the effect of a
new rule on every other quote is a readable diff of tests/decisions/.

In the quote's own sentence (`IN_SENTENCE`), in order:

1. ``after``: the words right after the closing mark: "…," he said / said Melnik /
   as X said / Col. Sean Ryan, a spokesman for the coalition, said / according to X /
   “…” ― Carla Sanchez;
2. ``before``: a speech verb (`cues`) before the opening mark: X said: “…” / X
   described it as “…” / the report said that Russia “…” / According to X, “…” /
   explained Rosenberg, “…” / Meanwhile, it attacked Trump, saying “…” / Ruiz, head
   of the union, tied rents to wages, saying “…” / Bell paused and said “…” (the main
   clause's subject); a verb inside reported speech gives way to the outer one when
   its subject cannot speak or a modal makes it a speech not made ("X said the
   platform should reiterate “…”"); failing a verb, the sentence's subject when it
   names a person ("Clinton decried the GOP for “…”");
3. ``tail``: the clause ", X said" (or ", said X") that closes the sentence after
   more words, or is set off there by commas: Obama “felt …” climate change, Axelrod
   said. / “…” income, he said, rather than … / “…” for Clinton, said Kunin.

Then, for a quote still without one, from its neighbours (`FROM_NEIGHBOURS`): the
quote it continues (a paragraph that reopens a quote), another quote of its
paragraph that has a speaker, the person the sentence before is about when the
quote is a sentence of its own ("Clinton touted her record. “We need …”"), "X
said:" ending the paragraph before, and, for a paragraph that is all quote, the
speaker of the quote just before. Last, the earlier parts of a quote attributed
only at its end take that attribution. Otherwise the speaker is None.

Sentences are read with each quote's closing . ! ? kept, so a sentence that ends
in a quote ends there. Pronouns resolve to the last fitting person or
organisation (`coreference`). A person's canonical name is the fullest form the
article uses ("Valery Gerasimov" for "Gerasimov"), titles and roles ("Gen.",
"spokesman for the coalition") kept apart in `role`.

Measured on PolNeAR by tests/bench/eval_polnear.py; every rule here earned its
place there, not on the five samples.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..article import Article, Paragraph
from ..gazetteer import Gazetteer
from .context import Context, build_context, sentence_text
from .coreference import canonical_speaker, may_speak, names_a_person, resolve_pronoun
from .cues import cue_at, find_cues, is_noun_use
from .grammar import (
    MASK,
    NOT_IN_SUBJECT,
    PARTICIPLE,
    PASSIVE_BEFORE,
    PRONOUNS,
    REACH,
    can_speak,
    charges_a_price,
    clause_subject,
    is_person_tokens,
    is_verb_use,
    leading_subject,
    noun_phrase,
    noun_phrase_in,
    np_after,
    says_content,
    split_title,
    subject_before,
    valid_subject,
)
from .lexicon import ADDRESSEE_VERBS, AS_SAYING, INVERTING_VERBS, IRREGULAR_PAST, NAMING_VERBS, OBJECT_PRONOUNS, QUANTIFIERS
from .quotes import Quote, QuoteSpan, quote_kind
from .sentences import sentence_spans


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    span: tuple[int, int] | None  # the words that name the speaker
    cue: str | None
    role: str | None = None
    rule: str = ""  # which rule decided: "after.subject", "neighbour.paragraph<before.colon", ...


@dataclass
class Reading:
    """One article's quotes as they are attributed: what the strategies read, and their results so far."""

    ctx: Context
    spans: list[QuoteSpan]
    paragraphs: tuple[Paragraph, ...]
    sentences: list[tuple[int, int]]
    sentence_paragraph: list[int]  # the paragraph (index in `paragraphs`) of each sentence
    quote_paragraph: list[int]  # the paragraph of each quote
    results: list[Attribution | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s for s, _ in self.sentences]
        self._paragraph_starts = [p.start for p in self.paragraphs]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def sentence_of(self, offset: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(offset)] if self.sentences else (0, len(self.ctx.text))

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, offset) - 1

    def text_of(self, i: int) -> str:
        q = self.spans[i]
        return self.ctx.text[q.start : q.end]


Strategy = Callable[[Reading, int], "Attribution | None"]
NO_SPEAKER = Attribution(None, None, None, rule="decided: none")  # a strategy that decides there is none


def attribute(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Quote, ...]:
    """The article's quotes, each with its kind and (where the text gives one) its speaker."""
    reading = read(build_context(article, gazetteer))
    text = reading.ctx.text
    quotes = []
    for q, att in zip(reading.spans, reading.results):
        qt = text[q.start : q.end]
        # A word or two in quotes is a scare-quoted term unless someone is said to have said it.
        kind = quote_kind(qt, attributed=att is not None and bool(att.speaker), before=text[max(0, q.outer_start - 40) : q.outer_start])
        if att is None:
            quotes.append(Quote(qt, q.start, q.end, kind, continues=q.continues))
        else:
            quotes.append(Quote(qt, q.start, q.end, kind, att.speaker, att.span, att.cue, q.continues, att.role, att.rule))
    return tuple(quotes)


def read(ctx: Context) -> Reading:
    """Every quote of the context's article attributed (or not): the strategies run in order."""
    paras = ctx.article.content_paragraphs
    sentences: list[tuple[int, int]] = []
    sentence_paragraph: list[int] = []
    bounded = sentence_text(ctx.masked, ctx.text, ctx.spans)
    for k, p in enumerate(paras):
        for s, e in sentence_spans(bounded, p.start, p.end):
            sentences.append((s, e))
            sentence_paragraph.append(k)
    reading = Reading(ctx, ctx.spans, paras, sentences, sentence_paragraph, [])
    reading.quote_paragraph = [reading.paragraph_of(q.start) for q in ctx.spans]
    person_names = {p.name for p in ctx.table.people}
    for i, q in enumerate(ctx.spans):
        att = _first(IN_SENTENCE, reading, i)
        if att is not None and att.speaker:
            ctx.subjects.append((att.span[0] if att.span else q.start, att.speaker, "person" if att.speaker in person_names else "other"))
        reading.results.append(att)
    for i in range(len(ctx.spans)):
        if reading.results[i] is None:
            reading.results[i] = _first(FROM_NEIGHBOURS, reading, i)
    # A quote begun in one paragraph and attributed only at its end: earlier parts take that.
    results = reading.results
    for i, att in enumerate(results):
        if att is not None and att.span is not None and att.speaker:
            results[i] = _named_in_sentence(reading, att)
    for i in range(len(ctx.spans) - 1, 0, -1):
        if ctx.spans[i].continues and results[i] is not None and results[i - 1] is None:
            results[i - 1] = _borrowed(results[i], "neighbour.later-part")
    return reading


_WHAT_HE_CALLS = re.compile(r"\bwhat\s+(?:he|she)\s+(?:" + "|".join(sorted(NAMING_VERBS)) + r")\b", re.I)


def _named_in_sentence(reading: Reading, att: Attribution) -> Attribution:
    """The pronoun of "what he calls “…”" whose person the same sentence names before it ("Cruz has
    railed against what he calls the “…”"): the span is the name, where a reader looks for who speaks."""
    ctx = reading.ctx
    s, e = att.span
    if ctx.masked[s:e].lower() not in ("he", "she") or not _WHAT_HE_CALLS.search(ctx.masked, max(0, s - 12), e + 8):
        return att
    s0 = reading.sentence_of(s)[0]
    i = bisect.bisect_left(ctx.person_index, (s0, s0, ""))
    for ms, me, name in ctx.person_index[i:]:
        if ms >= s:
            break
        if name == att.speaker:
            return replace(att, span=(ms, me), rule=att.rule + "+named")
    return att


def _first(strategies: tuple[Strategy, ...], reading: Reading, i: int) -> Attribution | None:
    for strategy in strategies:
        att = strategy(reading, i)
        if att is not None:
            return None if att is NO_SPEAKER else att
    return None


def _borrowed(att: Attribution | None, rule: str) -> Attribution | None:
    """Another quote's attribution, taken by this one under `rule` (and the rule that made it)."""
    return None if att is None else replace(att, rule=f"{rule}<{att.rule.split('<')[-1]}")


# -- in the quote's sentence -------------------------------------------------------


def after_quote(reading: Reading, i: int) -> Attribution | None:
    q = reading.spans[i]
    return _quoted_as_saying(reading, _post(reading.ctx, q, reading.sentence_of(max(q.outer_end - 1, q.start))))


def before_quote(reading: Reading, i: int) -> Attribution | None:
    q = reading.spans[i]
    return _quoted_as_saying(reading, _pre(reading.ctx, q, reading.sentence_of(q.outer_start)))


def sentence_tail(reading: Reading, i: int) -> Attribution | None:
    q = reading.spans[i]
    return _quoted_as_saying(reading, _sentence_tail(reading.ctx, q, reading.sentence_of(max(q.outer_end - 1, q.start))))


IN_SENTENCE: tuple[Strategy, ...] = (after_quote, before_quote, sentence_tail)


# -- from the quotes and sentences around it ----------------------------------------


def continued_quote(reading: Reading, i: int) -> Attribution | None:
    """A paragraph that reopens a quote: the attribution of the part it continues (decides, even if none)."""
    spans, results = reading.spans, reading.results
    if not (spans[i].continues and i > 0):
        return None
    j = i - 1
    while j >= 0 and results[j] is None and spans[j].continues:
        j -= 1
    # The first part's attribution may come later, at the end of the last part.
    return _borrowed(results[j], "neighbour.continues") if j >= 0 and results[j] is not None else NO_SPEAKER


def paragraph_neighbour(reading: Reading, i: int) -> Attribution | None:
    """Another quote of the paragraph that has a speaker, when this one reads as speech."""
    near = _nearest_attributed(reading.results, reading.quote_paragraph, i)
    if near is not None and (quote_kind(reading.text_of(i)) == "quote" or _SENTENCE.fullmatch(reading.text_of(i))):
        return _borrowed(reading.results[near], "neighbour.paragraph")
    return None


def _whole_paragraph(reading: Reading, i: int) -> bool:
    """Whether quote i opens its paragraph (nothing but quotes before it) and reads as speech."""
    k = reading.quote_paragraph[i]
    p = reading.paragraphs[k] if k >= 0 else None
    q = reading.spans[i]
    return p is not None and not reading.ctx.masked[p.start : q.outer_start].strip() and quote_kind(reading.text_of(i)) == "quote"


def sentence_before(reading: Reading, i: int) -> Attribution | None:
    """Clinton touted her record. “We need to …” — a quote that is its own sentence speaks for
    the person the sentence before (in its paragraph) is about."""
    ctx, q = reading.ctx, reading.spans[i]
    masked = ctx.masked
    si = reading.sentence_index(q.outer_start)
    if (
        _whole_paragraph(reading, i)
        or si <= 0
        or reading.sentence_paragraph[si - 1] != reading.sentence_paragraph[si]
        or masked[reading.sentences[si][0] : q.outer_start].strip()
        or quote_kind(reading.text_of(i)) != "quote"
    ):
        return None
    ps, pe = reading.sentences[si - 1]
    subj = leading_subject(masked, ps, pe) or main_clause_subject(ctx, ps, pe)
    if subj and names_a_person(ctx, masked[subj[0] : subj[1]]):
        return _make(ctx, subj[0], subj[1], None, None, subj[2], rule="neighbour.sentence-before")
    # "Packer, who chairs the PAC, said in a statement. “…”": the speaker of a sentence of saying.
    att = _pre_text(ctx, ps, pe, pe)
    if att is not None and att.rule == "before.subject" and att.span and names_a_person(ctx, masked[att.span[0] : att.span[1]]):
        return replace(att, rule="neighbour.sentence-before<before.subject")
    return None


def colon_paragraph(reading: Reading, i: int) -> Attribution | None:
    """X said:\n\n“…” — a paragraph that is all quote, after one that ends in a colon."""
    k = reading.quote_paragraph[i]
    if not (_whole_paragraph(reading, i) and k > 0):
        return None
    pp = reading.paragraphs[k - 1]
    if not reading.ctx.masked[pp.start : pp.end].rstrip().endswith(":"):
        return None
    last = reading.sentence_of(pp.end - 1)
    att = _pre_text(reading.ctx, last[0], pp.end, pp.end)
    return None if att is None else replace(att, rule=f"neighbour.colon-paragraph<{att.rule}")


def whole_paragraph(reading: Reading, i: int) -> Attribution | None:
    """A paragraph that is all quote speaks for the last attributed quote of the two paragraphs before."""
    if not _whole_paragraph(reading, i):
        return None
    pk, results, k = reading.quote_paragraph, reading.results, reading.quote_paragraph[i]
    j = i - 1
    while j >= 0 and k - pk[j] <= 2 and results[j] is None:
        j -= 1
    if j >= 0 and k - pk[j] <= 2:
        return _borrowed(results[j], "neighbour.whole-paragraph")
    return None


FROM_NEIGHBOURS: tuple[Strategy, ...] = (continued_quote, paragraph_neighbour, sentence_before, colon_paragraph, whole_paragraph)


_QUOTED = re.compile(r"[ \t]*(?:(?:has|had)\s+)?quot(?:ed|es)\s+")


_AS_SAYING = re.compile(r"\s+as\s+(?:" + "|".join(AS_SAYING) + r")\b")
_APPOSITIVE_AS = re.compile(r",\s+([^,;\x00]{3,120}?),?\s+as\s+(?:" + "|".join(AS_SAYING) + r")\b")


def _quoted_as_saying(reading: Reading, att: Attribution | None) -> Attribution | None:
    """ "Tass quoted Sergei Ryabkov as saying": Ryabkov speaks; Tass is the outlet that reports it."""
    if att is None or att.span is None:
        return att
    ctx = reading.ctx
    limit = reading.sentence_of(att.span[1])[1]
    m = _QUOTED.match(ctx.masked, att.span[1], max(limit, att.span[1]))
    if not m:
        return att
    np = np_after(ctx.masked, m.end(), max(limit, m.end()))
    if np is not None and not _AS_SAYING.match(ctx.masked, np[1], limit):
        # "Reuters quoted a U.N. official with the convoy, Fadwa AbedRabou Baroud, as saying": the name
        # set off after the description speaks.
        appositive = _APPOSITIVE_AS.match(ctx.masked, np[1], limit)
        if appositive is None:
            return att
        named = (appositive.start(1), appositive.end(1))
        np = named if is_person_tokens(split_title(ctx.masked[named[0] : named[1]].split())[1], ctx.table.excluded) else np
    if np is None:
        return att
    rule = f"{att.rule}+quoted-as-saying"
    obj = OBJECT_PRONOUNS.get(ctx.masked[np[0] : np[1]].lower())
    if obj:  # quoted him as saying
        return Attribution(resolve_pronoun(ctx, obj, np[0]), np, att.cue, None, rule)
    return _make(ctx, np[0], np[1], att.cue, None, rule=rule) or att


_SENTENCE = re.compile(r"[A-Z].*[.!?]")  # "Big time." after '…,” O’Donnell said.' is speech too


def _nearest_attributed(results: list, pk: list[int], i: int, reach: int = 50) -> int | None:
    """The nearest quote of quote i's paragraph that has an attribution (the earlier on a tie)."""
    for d in range(1, reach + 1):
        left, right = i - d, i + d
        left_in = left >= 0 and pk[left] == pk[i]
        right_in = right < len(pk) and pk[right] == pk[i]
        if left_in and results[left] is not None:
            return left
        if right_in and results[right] is not None:
            return right
        if not left_in and not right_in:
            return None
    return None


_TELL = frozenset({"tell", "tells", "told"})
# "V X as a Y": X is the verb's object ("portrayed the nominee as a temporary affliction"),
# not a speaker after it; after "said" and its kind it is ("said the chief known as Bob").
_OBJECT_AS = re.compile(r"\s+as\s+(?!(?:he|she|they|it|we|I|you)\b)")


def _post(ctx: Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution in the words right after the closing mark: "…," he said / said X."""
    if not q.closed:
        return None
    masked = ctx.masked
    limit = min(sentence[1] if sentence[1] > q.outer_end else q.outer_end + 200, q.outer_end + 200)
    para_end = ctx.article.paragraph_at(q.outer_end - 1)  # the closing mark may end its paragraph
    if para_end is not None:
        limit = min(limit, para_end.end)
    tail = masked[q.outer_end : limit]
    last = ctx.text[q.end - 1 : q.end]
    # “maybe” and “perhaps”, he told reporters: the attribution after the last of a run of quotes.
    run = _QUOTE_RUN.match(tail)
    if run:
        tail = tail[run.end() :]
        q_end = q.outer_end + run.end()
    else:
        q_end = q.outer_end
    lead = re.match(r"[ \t]*(?:,|[—–―-]+)?[ \t]*", tail)
    pos = q_end + lead.end()
    rest = masked[pos:limit]
    if not rest:
        return None
    # "…end." He said. — after a full stop, only a bare attribution belongs to the quote.
    new_sentence = last == "." and not lead.group().strip() and rest[:1].isupper()
    # said X / added X
    m = cue_at(masked, pos, limit)
    if m and not new_sentence:
        cue = m.group()
        w = cue.lower()
        if w.endswith("ing") or w in _TELL:
            # “…,” telling reporters / citing reports / saying the city …: whom it was said to,
            # what was cited or said; the participle's subject is the sentence's. “…,” warned Lavrov speaks.
            return None
        if cue == "according to":
            np = np_after(masked, m.end(), limit)
        else:
            after = masked[m.end() : limit]
            if re.match(r"\s+(?:that|in|on|at|to|of|with|\d)\b", after) or re.match(r"\s*[.,]", after):
                return None
            np = np_after(masked, m.end(), limit)
        if np is None or w not in INVERTING_VERBS and _OBJECT_AS.match(masked, np[1]):
            return None  # “…,” denounced her record as …: its object, described as something
        return _make(ctx, np[0], np[1], cue, masked[np[1] : np[1] + 60], rule="after.inverted")
    if lead.group().strip() in ("—", "–", "―", "-", "--") or last in ".!?":
        # “…” ― Carla Sanchez: a name alone after the quote signs it.
        sig = re.match(r"[—–―-]*\s*([A-Z][\w.’'-]*?(?:\s+[A-Z][\w.’'-]*?){0,3})\s*(?:[.\n]|$|(?=[“\"]))", masked[pos:limit])
        if sig and lead.group().strip() and is_person_tokens(sig.group(1).split(), ctx.table.excluded):
            s = pos + sig.start(1)
            return _make(ctx, s, s + len(sig.group(1)), None, None, rule="after.signature")
    # X said / X, a spokesman, said
    for cm in find_cues(masked, pos, min(limit, pos + 160)):
        if not is_verb_use(masked, cm.start(), cm.end()) or charges_a_price(masked, cm.start(), cm.end()):
            continue
        if cm.group() in ("according to", "in a statement"):
            if cm.group() == "according to":
                np = np_after(masked, cm.end(), limit)
                return _make(ctx, np[0], np[1], "according to", masked[np[1] : np[1] + 60], rule="after.according-to") if np else None
            continue
        subj = subject_before(masked, pos, cm.start())
        if subj is None:
            return None
        s, e, role = subj
        if s != pos and not re.fullmatch(r"as\s+", masked[pos:s]):  # “…,” as Cruz said
            return None
        if new_sentence and (not _BARE_TAIL.match(masked, cm.end(), limit) or cm.group().endswith("ing")):
            # after a full stop only a finite verb attributes: not "Merchant received an award for writing."
            return None
        if new_sentence and (_OPENS_QUOTE.match(masked, cm.end(), limit) or _quote_before_stop(masked, cm.end(), limit)):
            # "…life.” He added, “I will …" / "…” Lane fired back, attacking the mayor for “…”":
            # the next sentence introduces the next quote
            return None
        return _make(ctx, s, e, cm.group(), None, role, rule="after.subject")
    if not new_sentence:
        # "…," Toomey fumed: a name or pronoun and a verb not in the list.
        m = _NAME_VERB.match(masked, pos, limit)
        if m and (m.group(1).lower() in PRONOUNS or is_person_tokens(split_title(m.group(1).split())[1], ctx.table.excluded)):
            return _make(ctx, m.start(1), m.end(1), m.group(2), None, rule="after.name-verb")
        # "…," the Republican nominee riffed / blared the front page of The Boston Herald.
        m = _NP_VERB.match(masked, pos, limit) or _VERB_NP.match(masked, pos, limit)
        if m:
            return _make(ctx, m.start("np"), m.end("np"), m.group("verb"), None, rule="after.phrase-verb")
    return None


_NP_VERB = re.compile(
    r"(?P<np>(?:the|a|an|one|another)\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s+(?P<verb>[a-z]{3,}ed)\b"
    r"(?=\s*[.,;]|\s+(?:on|in|at|to|about|during|after|before)\b)"
)


_VERB_NP = re.compile(r"(?P<verb>[a-z]{3,}ed)\s+(?P<np>(?:the|a|an)\s+(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+|(?:[A-Z][\w’'.-]+\s+){0,3}[A-Z][\w’'-]+)(?=\s*[.;]|\s*$)")


_QUOTE_RUN = re.compile(r"(?:[ \t]*(?:,|and|or|, and|, or)[ \t]+[“\"]\x00+[,.]?[”\"])+")


_NAME_VERB = re.compile(
    r"((?:he|she|they|we|I|He|She|They|We)|(?:[A-Z][\w.’'-]+\s+){0,3}[A-Z][\w’'-]+)\s+(?:\w+ly\s+)?([a-z]{3,}(?:ed|s))\b(?!\s+(?:that|to|of)\b)"
)


_MAIN_VERB = re.compile(r"\b(?:[a-z]{3,}ed|" + "|".join(IRREGULAR_PAST) + r")\b")


def main_clause_subject(ctx: Context, s0: int, limit: int) -> tuple[int, int, str | None] | None:
    """The subject of the sentence's main verb, for a participle that ends it ("…, saying")
    or a verb joined to it ("… paused and said"): the first subject of a past-tense verb,
    after an opening adverbial and before any appositive ("Here in Ohio, Ruiz stepped up
    …", "Ruiz, president of the union, tied …"), that names a person or a speaker."""
    masked = ctx.masked
    for m in _MAIN_VERB.finditer(masked, s0, limit):
        subj = subject_before(masked, s0, m.start())
        if subj is None:
            continue
        phrase = masked[subj[0] : subj[1]]
        if not NOT_IN_SUBJECT.search(phrase) and (
            names_a_person(ctx, phrase) or canonical_speaker(ctx, phrase, subj[0])[2] == "person"
        ):
            return subj
    return None


_INFINITIVE = re.compile(r"\s(?:[a-z]+(?:ed|es|s)|went|was|is|were|are)(?:\s+(?:on|up|out|then|also|quick|ready|able|eager))?\s+to$")


def _quote_before_stop(masked: str, pos: int, limit: int) -> bool:
    """Whether a quote opens after `pos` before the sentence there ends."""
    m = _STOP_OR_QUOTE.search(masked, pos, limit)
    return m is not None and m.group()[0] not in ".!?"


_STOP_OR_QUOTE = re.compile(r"[.!?](?=\s|$)|[“\"‘]\x00")


_OPENS_QUOTE = re.compile(r"\s*[,:]\s*[“\"‘]")


_BARE_TAIL = re.compile(
    r"\s*(?:[.,;:!?]|$)|\s+(?:on|in|at|during|after|before|to|with|from|via|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterward|afterwards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|of|about)\b"
)


_INVERTED = re.compile(
    r"\s+((?:[A-Z][\w.’'-]*|(?:the|a|an|former|then|\w+-year-old)\s[\w.’' -]{1,60}?)(?:\s[A-Z][\w.’'-]*){0,4})"
    r"(?:\s*,\s*(?:who|a|an|the)\s[^,;:\x00“”\"]{1,80})?\s*[,:]\s*$"  # said Ann Lee, who grew up there, “…”
)


def _pre(ctx: Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution in the sentence before the opening mark: X said: “…” / according to X, “…”."""
    # A run-on "sentence" (a transcript, a list of quotes) is read only near the quote.
    start = max(sentence[0], q.outer_start - REACH)
    return _pre_text(ctx, start, q.outer_start, min(sentence[1], q.outer_end + REACH))


def _pre_text(ctx: Context, s0: int, head_end: int, sentence_end: int) -> Attribution | None:
    masked = ctx.masked
    head = masked[s0:head_end]
    acc = re.search(r"\baccording to\b", masked[s0:sentence_end], re.I)
    cues = [m for m in find_cues(masked, s0, head_end) if not is_noun_use(masked, m.start()) and says_content(masked, m.start(), m.end())]
    # "According to X, the talks “…,” and Y added that “…”": the nearer cue speaks.
    if acc and not (cues and cues[-1].start() > s0 + acc.end() and subject_before(masked, s0 + acc.end(), cues[-1].start())):
        np = np_after(masked, s0 + acc.end(), sentence_end)
        if np:
            return _make(ctx, np[0], np[1], "according to", None, rule="before.according-to")
    if cues and cues[-1].group().lower() not in ADDRESSEE_VERBS:
        # explained Rosenberg, “…” / said the senator: “…”
        inv = _INVERTED.match(head, cues[-1].end() - s0)
        if inv and valid_subject(inv.group(1)) and inv.group(1).lower() not in ("that",):
            s = s0 + inv.start(1)
            att = _make(ctx, s, s + len(inv.group(1)), cues[-1].group(), None, rule="before.inverted")
            if att is not None:  # else "X said Wednesday, “…”": a time, not a speaker after the verb
                return att
    nested = None  # a subject that opens a that-clause of an earlier cue: the earlier cue's, if it has one
    for cm in reversed(cues):
        v0 = cm.start()
        before = masked[s0:v0].rstrip()
        if cm.group().lower().endswith("ing") and (before.endswith((",", "-", "—", "–")) or re.search(r"\b(?:by|after|before|while|when|in)$", before)):
            # "Meanwhile, it attacked Trump, saying …": the main clause's subject speaks; "…, a US
            # commander said Tuesday, describing it as “unsafe”": the subject of the cue before.
            earlier = [c for c in cues if c.end() <= v0 and not c.group().lower().endswith("ing")]
            subj = subject_before(masked, s0, earlier[-1].start()) if earlier and before.endswith(",") else None
            subj = subj or leading_subject(masked, s0, v0) or main_clause_subject(ctx, s0, v0)
        else:
            subj = subject_before(masked, s0, v0)
            if subj is None and (re.search(r"\b(?:and|but)$", before) or cm.group().lower().endswith("ing")):
                # "… paused and said", "X issued a statement Tuesday saying": the main clause's subject
                subj = leading_subject(masked, s0, v0) or main_clause_subject(ctx, s0, v0)
            if subj is None:
                # "Bryne went on to say", "Trump was prompted to say": the subject of the verb the infinitive follows
                inf = _INFINITIVE.search(before)
                if inf:
                    subj = subject_before(masked, s0, s0 + inf.start())
        if subj is None:
            who = _RELATIVE.search(masked, max(s0, v0 - 40), v0)
            if who:
                # "Stevie Wonder, who joked of the museum, “…”": the relative pronoun speaks for its noun.
                return _relative(ctx, s0, who.start(1), who.end(1), cm.group())
            continue
        s, e, role = subj
        if cm.group().lower() != "quoted" and PARTICIPLE.fullmatch(cm.group().lower()) and PASSIVE_BEFORE.search(masked, e, v0):
            # "The book is described on Amazon as “…”": the subject did not say it; "by officials" did
            by = _BY_AGENT.match(masked, cm.end(), head_end)
            np = np_after(masked, by.end(), head_end) if by else None
            if np:
                return _make(ctx, np[0], np[1], cm.group(), None, rule="before.passive-by")
            continue
        if cm is not cues[0] and (
            _MODAL.match(masked[e:v0].lstrip())
            or re.search(r"\bthat\s*$", masked[s0:s]) and not may_speak(ctx, masked[s:e])
        ):
            # X said the platform should reiterate “…” / X says that Japan agrees to “…”:
            # a speech not (yet) made, or by no speaker — the outer verb's subject speaks.
            continue
        if cm is not cues[0] and re.search(r"\bthat\s*$", masked[s0:s]) and masked[s:e].lower() in ("he", "she", "they"):
            # "Reid said that he spoke with Sanders and that …, “…”": the pronoun is the outer
            # speaker's, in the report their "said that" opens; name them where they are named.
            nested = nested or (s, e, cm.group(), role)
            continue
        return _make(ctx, s, e, cm.group(), None, role, rule="before.subject")
    if nested is not None:
        return _make(ctx, nested[0], nested[1], nested[2], None, nested[3], rule="before.subject")
    colon = re.search(r"([A-Z][\w.’' -]{1,60}):\s*$", head)
    if colon and valid_subject(colon.group(1)) and not re.search(r"\b(?:told|telling|tells|asked|asking|to)\s*$", head[: colon.start(1)]):
        s = s0 + colon.start(1)
        name = colon.group(1).rstrip()
        verb = _VERB_BEFORE_COLON.search(name)
        if verb:  # "Mr. Christie gloated: “…”": the verb is how it was said, no part of the name
            name = name[: verb.start()]
        return _make(ctx, s, s + len(name), ":", None, rule="before.colon")
    if len(head.split()) >= 3:
        # A quote inside a sentence with no speech verb ("Clinton decried the GOP for “…”")
        # is the words of the sentence's subject.
        subj = leading_subject(masked, s0, head_end) or main_clause_subject(ctx, s0, head_end)
        if subj and names_a_person(ctx, masked[subj[0] : subj[1]]):
            return _make(ctx, subj[0], subj[1], None, None, rule="before.sentence-subject")
    return None


_BY_AGENT = re.compile(r"(?:\s+\w+ly)?\s+by\b")
_VERB_BEFORE_COLON = re.compile(r"(?<=\S)\s+(?:[a-z]+ed|" + "|".join(IRREGULAR_PAST) + r")$")


_TAIL_END = re.compile(r"[\s.!?…]*$")


_TAIL_ADJUNCT = re.compile(
    r"(?:\s+(?:on|in|at|during|after|before|to|with|from|via|of|about|by|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterward|afterwards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"reporters|the|a|an|his|her|their|[A-Z][\w.’'-]*)\b[^,;:\x00\"“”]{0,80})?"
)


def _sentence_tail(ctx: Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution that closes the quote's sentence after more words: “…” on the border,
    he said. / Obama “felt …” climate change, Axelrod said on Monday. / “…” income, he
    said, rather than … — the clause ", X said" set off by a comma, ending the sentence
    or set off by a second comma."""
    if not q.closed or sentence[1] <= q.outer_end:
        return None
    text = ctx.text
    end = min(sentence[1], q.outer_end + REACH)
    # The masked text hides a full stop inside a later quote: such a quote ends the sentence.
    i = bisect.bisect_left(ctx.spans, q.start, key=lambda sp: sp.start)
    for sp in ctx.spans[i : i + 5]:
        if sp.outer_start >= end:
            break
        after = text[sp.outer_end : sp.outer_end + 2].strip()
        if sp.closed and text[sp.start : sp.end].rstrip()[-1:] in ".!?" and (not after or after[0].isupper()):
            end = sp.outer_end
            break
    return _tail_clause(ctx, q, end)


def _tail_clause(ctx: Context, q: QuoteSpan, end: int) -> Attribution | None:
    masked = ctx.masked
    for cm in reversed(find_cues(masked, q.outer_end, end)):
        if cm.group() == "according to" or is_noun_use(masked, cm.start()):
            continue
        comma = masked.rfind(",", q.outer_end, cm.start())
        if comma < 0:
            return None
        if comma > q.outer_end:
            # “…,” one official said, CNN reported: the nearer clause speaks, the farther reports it.
            nearer = _tail_clause(ctx, q, comma)
            if nearer is not None:
                return nearer
        after = masked[cm.end() : end]
        adj = _TAIL_ADJUNCT.match(after)
        rest = after[adj.end() :]
        if not (_TAIL_END.fullmatch(rest) or rest.startswith(",")):
            continue
        if not masked[comma + 1 : cm.start()].strip():
            # …, said Christine Link, executive director of the group.
            np = np_after(masked, cm.end(), end) if cm.group() in INVERTING_VERBS else None
            if np is None or not _TAIL_END.fullmatch(masked[np[1] : end]) and masked[np[1] : np[1] + 1] != ",":
                return None
            return _make(ctx, np[0], np[1], cm.group(), masked[np[1] : np[1] + 60], rule="tail.inverted")
        subj = subject_before(masked, comma + 1, cm.start())
        if subj is None or masked[comma + 1 : subj[0]].strip():
            return None
        s, e, role = subj
        if len(masked[s:e].split()) > 6:
            return None
        return _make(ctx, s, e, cm.group(), None, role, rule="tail.subject")
    return None


def speaks(ctx: Context, phrase: str) -> bool:
    """Whether a speaker's phrase is a noun phrase whose head can say something: a person the article
    names, or a phrase `grammar.can_speak` passes."""
    if _COUNTED.fullmatch(phrase.strip().lower()):
        return True  # "Another said", "the two write", "14 percent said": a speaker, if no name for the sources panel
    np = noun_phrase(phrase)
    if np is None:
        return False
    if np.head_word.lower() in PRONOUNS or can_speak(np, quote=True):
        return True
    name = split_title(phrase.split())[1]
    return bool(name) and ctx.table.is_surname(name[-1].removesuffix("’s").removesuffix("'s"))


_COUNTED = re.compile(r"(?:the\s+)?(?:" + "|".join(sorted(QUANTIFIERS)) + r"|another|others|\d+(?:\s*%|\s+percent)?)")


_MODAL = re.compile(r"\b(?:should|could|would|must|might|may|can|will|shall|won[’']t|can[’']t|wouldn[’']t|couldn[’']t|shouldn[’']t)\s")


_RELATIVE = re.compile(r",\s+(who|which)\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+)*$")


def _relative(ctx: Context, s0: int, ws: int, we: int, cue: str) -> Attribution | None:
    """The attribution of a relative "who"/"which": the span is the pronoun, the speaker its noun."""
    antecedent = ctx.masked[s0:ws]
    comma = antecedent.rfind(",")
    off, sub = clause_subject(antecedent[: comma if comma >= 0 else len(antecedent)])
    if not sub or not valid_subject(sub):
        return Attribution(None, (ws, we), cue, rule="before.relative")
    speaker, title, _kind = canonical_speaker(ctx, sub, s0 + off)
    return Attribution(speaker, (ws, we), cue, title, rule="before.relative")


def _make(ctx: Context, s: int, e: int, cue: str | None, after: str | None, role: str | None = None, *, rule: str) -> Attribution | None:
    phrase = ctx.masked[s:e]
    if not valid_subject(phrase) and phrase.lower() not in PRONOUNS:
        # "former Gov. Jeb Bush of Florida", "Dorothy Poynter, who grew up with Ali": the noun phrase in it
        part = noun_phrase_in(phrase)
        if part is None or MASK in phrase[part[0] : part[1]] or not speaks(ctx, phrase[part[0] : part[1]]):
            return None
        s, e = s + part[0], s + part[1]
        phrase = ctx.masked[s:e]
    if not speaks(ctx, phrase):
        # "Clinton noted the Sept. 11" → Clinton; "A Russian warplane", "Video": nothing that says
        part = noun_phrase_in(phrase)
        if part is None or not speaks(ctx, phrase[part[0] : part[1]]):
            return None
        s, e = s + part[0], s + part[1]
        phrase = ctx.masked[s:e]
    speaker, title, _kind = canonical_speaker(ctx, phrase, s)
    if after:
        ap = re.match(r",\s*((?:the|a|an|his|her|its)\s[^,;.]{2,80}?)(?:,|\.|$)", after)
        if ap:
            role = ap.group(1)
    roles = [r for r in (title, role) if r]
    return Attribution(speaker, (s, e), cue, "; ".join(roles) if roles else None, rule)
