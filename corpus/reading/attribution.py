"""Who said it: attributing quotes to speakers, and naming people consistently.

A quote is attributed, in order of preference, by
1. the words right after it in its sentence: "…," he said / said Melnik / as X said /
   Col. Sean Ryan, a spokesman for the coalition, said / according to X /
   “…” ― Carla Sanchez;
2. a speech verb (`cues`) before it in its sentence: X said: “…” / X described it
   as “…” / the report said that Russia “…” / According to X, “…” / explained
   Rosenberg, “…” / Meanwhile, it attacked Trump, saying “…” / Ruiz, head of the
   union, tied rents to wages, saying “…” / Bell paused and said “…” (the main
   clause's subject); a verb inside reported speech gives way to the outer one when
   its subject cannot speak or a modal makes it a speech not made ("X said the platform
   should reiterate “…”", "the charter says that the city agrees to “…”"); failing a verb, the
   sentence's subject when it names a person ("Clinton decried the GOP for “…”");
3. the clause ", X said" (or ", said X") that closes the quote's sentence after more
   words, or is set off there by commas: Obama “felt …” climate change, Axelrod said. /
   “…” income, he said, rather than … / “…” for Clinton, said Kunin.;
4. the quote it continues (a paragraph that reopens a quote), another quote of
   its paragraph that has a speaker, the person the sentence before is about when
   the quote is a sentence of its own ("Clinton touted her record. “We need …”"),
   or "X said:" ending the paragraph before;
5. for a paragraph that is all quote, the speaker of the quote just before.
Otherwise the speaker is None. Sentences are read with each quote's closing . ! ?
kept, so a sentence that ends in a quote ends there. Pronouns resolve to the last fitting person
(`people`) or organisation. A person's canonical name is the fullest form the
article uses ("Valery Gerasimov" for "Gerasimov"), titles and roles ("Gen.",
"spokesman for the coalition") kept apart in `role`.

Measured on PolNeAR by tests/bench/eval_polnear.py; every rule here earned its
place there, not on the five samples.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..article import Article
from ..gazetteer import Gazetteer
from .context import Context, build_context, sentence_text
from .coreference import may_speak, names_a_person, resolve_pronoun, canonical_speaker
from .cues import cue_at, find_cues, is_noun_use
from .grammar import (
    REACH,
    NOT_IN_SUBJECT,
    PRONOUNS,
    clause_subject,
    valid_subject,
    is_person_tokens,
    leading_subject,
    np_after,
    split_title,
    subject_before,
)
from .quotes import Quote, QuoteSpan, quote_kind
from .sentences import sentence_spans
from .lexicon import ADDRESSEE_VERBS, AS_SAYING, INVERTING_VERBS, IRREGULAR_PAST, OBJECT_PRONOUNS

@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    span: tuple[int, int] | None
    cue: str | None
    role: str | None = None


def attribute(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Quote, ...]:
    """The article's quotes, each with its kind and (where the text gives one) its speaker."""
    ctx = build_context(article, gazetteer)
    spans = ctx.spans
    text, masked = ctx.text, ctx.masked
    person_names = {p.name for p in ctx.table.people}
    paras = article.content_paragraphs
    para_starts = [p.start for p in paras]

    sentences: list[tuple[int, int]] = []
    para_of: list[int] = []
    bounded = sentence_text(masked, text, spans)
    for k, p in enumerate(paras):
        for s, e in sentence_spans(bounded, p.start, p.end):
            sentences.append((s, e))
            para_of.append(k)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return sentences[i] if sentences else (0, len(text))

    def paragraph_of(offset: int) -> int:
        return bisect.bisect_right(para_starts, offset) - 1

    results: list[Attribution | None] = []
    for q in spans:
        att = _post(ctx, q, sentence_of(max(q.outer_end - 1, q.start)))
        if att is None:
            att = _pre(ctx, q, sentence_of(q.outer_start))
        if att is None:
            att = _sentence_tail(ctx, q, sentence_of(max(q.outer_end - 1, q.start)))
        if att is not None and att.span is not None:
            att = _quoted_as_saying(ctx, att, sentence_of(att.span[1])[1])
        if att is not None and att.speaker:
            ctx.subjects.append((att.span[0] if att.span else q.start, att.speaker, "person" if att.speaker in person_names else "other"))
        results.append(att)

    # Quotes without attribution in their sentence take it from the quote they continue,
    # another quote of their paragraph, or the quote just before a paragraph of pure quote.
    pk = [paragraph_of(q.start) for q in spans]
    for i, q in enumerate(spans):
        if results[i] is not None:
            continue
        k = pk[i]
        if q.continues and i > 0:
            j = i - 1
            while j >= 0 and results[j] is None and spans[j].continues:
                j -= 1
            # The first part's attribution may come later, at the end of the last part.
            results[i] = results[j] if j >= 0 else None
            continue
        near = _nearest_attributed(results, pk, i)
        if near is not None and (quote_kind(text[q.start : q.end]) == "quote" or _SENTENCE.fullmatch(text[q.start : q.end])):
            results[i] = results[near]
            continue
        p = paras[k] if k >= 0 else None
        whole = p is not None and not masked[p.start : q.outer_start].strip() and quote_kind(text[q.start : q.end]) == "quote"
        si = max(0, bisect.bisect_right(starts, q.outer_start) - 1)
        if (
            not whole
            and si > 0
            and para_of[si - 1] == para_of[si]
            and not masked[sentences[si][0] : q.outer_start].strip()
            and quote_kind(text[q.start : q.end]) == "quote"
        ):
            # Clinton touted her record. “We need to …” — a quote that is its own sentence
            # speaks for the person the sentence before is about.
            ps, pe = sentences[si - 1]
            subj = leading_subject(masked, ps, pe) or main_clause_subject(ctx, ps, pe)
            if subj and names_a_person(ctx, masked[subj[0] : subj[1]]):
                results[i] = _make(ctx, subj[0], subj[1], None, None, subj[2])
                if results[i] is not None:
                    continue
        if whole and k > 0 and masked[paras[k - 1].start : paras[k - 1].end].rstrip().endswith(":"):
            # X said:\n\n“…”
            pp = paras[k - 1]
            last = sentence_of(pp.end - 1)
            results[i] = _pre_text(ctx, last[0], pp.end, pp.end)
            if results[i] is not None:
                continue
        if whole:
            j = i - 1
            while j >= 0 and k - pk[j] <= 2 and results[j] is None:
                j -= 1
            if j >= 0 and k - pk[j] <= 2:
                results[i] = results[j]
    # A quote begun in one paragraph and attributed only at its end: earlier parts take that.
    for i in range(len(spans) - 1, 0, -1):
        if spans[i].continues and results[i] is not None and results[i - 1] is None:
            results[i - 1] = results[i]

    quotes = []
    for q, att in zip(spans, results):
        qt = text[q.start : q.end]
        # A word or two in quotes is a scare-quoted term unless someone is said to have said it.
        kind = quote_kind(qt, attributed=att is not None and bool(att.speaker), before=text[max(0, q.outer_start - 40) : q.outer_start])
        if att is None:
            quotes.append(Quote(qt, q.start, q.end, kind, continues=q.continues))
        else:
            quotes.append(Quote(qt, q.start, q.end, kind, att.speaker, att.span, att.cue, q.continues, att.role))
    return tuple(quotes)


_QUOTED = re.compile(r"[ \t]*(?:(?:has|had)\s+)?quot(?:ed|es)\s+")


_AS_SAYING = re.compile(r"\s+as\s+(?:" + "|".join(AS_SAYING) + r")\b")


def _quoted_as_saying(ctx: Context, att: Attribution, limit: int) -> Attribution:
    """ "Tass quoted Sergei Ryabkov as saying": Ryabkov speaks; Tass is the outlet that reports it."""
    m = _QUOTED.match(ctx.masked, att.span[1], max(limit, att.span[1]))
    if not m:
        return att
    np = np_after(ctx.masked, m.end(), max(limit, m.end()))
    if np is None or not _AS_SAYING.match(ctx.masked, np[1], limit):
        return att
    obj = OBJECT_PRONOUNS.get(ctx.masked[np[0] : np[1]].lower())
    if obj:  # quoted him as saying
        return Attribution(resolve_pronoun(ctx, obj, np[0]), np, att.cue, None)
    return _make(ctx, np[0], np[1], att.cue, None) or att


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
        if cue == "according to":
            np = np_after(masked, m.end(), limit)
        else:
            after = masked[m.end() : limit]
            if re.match(r"\s+(?:that|in|on|at|to|of|with|\d)\b", after) or re.match(r"\s*[.,]", after):
                return None
            np = np_after(masked, m.end(), limit)
        if np is None:
            return None
        return _make(ctx, np[0], np[1], cue, masked[np[1] : np[1] + 60])
    if lead.group().strip() in ("—", "–", "―", "-", "--") or last in ".!?":
        # “…” ― Carla Sanchez: a name alone after the quote signs it.
        sig = re.match(r"[—–―-]*\s*([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})\s*(?:[.\n]|$|(?=[“\"]))", masked[pos:limit])
        if sig and lead.group().strip() and is_person_tokens(sig.group(1).split(), ctx.table.excluded):
            s = pos + sig.start(1)
            return _make(ctx, s, s + len(sig.group(1)), None, None)
    # X said / X, a spokesman, said
    for cm in find_cues(masked, pos, min(limit, pos + 160)):
        if is_noun_use(masked, cm.start()):
            continue
        if cm.group() in ("according to", "in a statement"):
            if cm.group() == "according to":
                np = np_after(masked, cm.end(), limit)
                return _make(ctx, np[0], np[1], "according to", masked[np[1] : np[1] + 60]) if np else None
            continue
        subj = subject_before(masked, pos, cm.start())
        if subj is None:
            return None
        s, e, role = subj
        if s != pos and not re.fullmatch(r"as\s+", masked[pos:s]):  # “…,” as Cruz said
            return None
        if new_sentence and not _BARE_TAIL.match(masked, cm.end(), limit):
            return None
        return _make(ctx, s, e, cm.group(), None, role)
    if not new_sentence:
        # "…," Toomey fumed: a name or pronoun and a verb not in the list.
        m = _NAME_VERB.match(masked, pos, limit)
        if m and (m.group(1).lower() in PRONOUNS or is_person_tokens(split_title(m.group(1).split())[1], ctx.table.excluded)):
            return _make(ctx, m.start(1), m.end(1), m.group(2), None)
        # "…," the Republican nominee riffed / blared the front page of The Boston Herald.
        m = _NP_VERB.match(masked, pos, limit) or _VERB_NP.match(masked, pos, limit)
        if m:
            return _make(ctx, m.start("np"), m.end("np"), m.group("verb"), None)
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


_BARE_TAIL = re.compile(
    r"\s*(?:[.,;:!?]|$)|\s+(?:on|in|at|during|after|before|to|with|from|via|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterward|afterwards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|of|about)\b"
)


_INVERTED = re.compile(r"\s+((?:[A-Z][\w.’'-]*|(?:the|a|an|former|then|\w+-year-old)\s[\w.’' -]{1,60}?)(?:\s[A-Z][\w.’'-]*){0,4})\s*[,:]\s*$")


def _pre(ctx: Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution in the sentence before the opening mark: X said: “…” / according to X, “…”."""
    # A run-on "sentence" (a transcript, a list of quotes) is read only near the quote.
    start = max(sentence[0], q.outer_start - REACH)
    return _pre_text(ctx, start, q.outer_start, min(sentence[1], q.outer_end + REACH))


def _pre_text(ctx: Context, s0: int, head_end: int, sentence_end: int) -> Attribution | None:
    masked = ctx.masked
    head = masked[s0:head_end]
    acc = re.search(r"\baccording to\b", masked[s0:sentence_end], re.I)
    cues = [m for m in find_cues(masked, s0, head_end) if not is_noun_use(masked, m.start())]
    # "According to X, the talks “…,” and Y added that “…”": the nearer cue speaks.
    if acc and not (cues and cues[-1].start() > s0 + acc.end() and subject_before(masked, s0 + acc.end(), cues[-1].start())):
        np = np_after(masked, s0 + acc.end(), sentence_end)
        if np:
            return _make(ctx, np[0], np[1], "according to", None)
    if cues and cues[-1].group().lower() not in ADDRESSEE_VERBS:
        # explained Rosenberg, “…” / said the senator: “…”
        inv = _INVERTED.match(head, cues[-1].end() - s0)
        if inv and valid_subject(inv.group(1)) and inv.group(1).lower() not in ("that",):
            s = s0 + inv.start(1)
            return _make(ctx, s, s + len(inv.group(1)), cues[-1].group(), None)
    for cm in reversed(cues):
        v0 = cm.start()
        before = masked[s0:v0].rstrip()
        if cm.group().lower().endswith("ing") and (before.endswith((",", "-", "—", "–")) or re.search(r"\b(?:by|after|before|while|when|in)$", before)):
            # "Meanwhile, it attacked Trump, saying …": the main clause's subject speaks.
            subj = leading_subject(masked, s0, v0) or main_clause_subject(ctx, s0, v0)
        else:
            subj = subject_before(masked, s0, v0)
            if subj is None and re.search(r"\b(?:and|but)$", before):
                subj = leading_subject(masked, s0, v0) or main_clause_subject(ctx, s0, v0)
        if subj is None:
            who = _RELATIVE.search(masked, max(s0, v0 - 40), v0)
            if who:
                # "Stevie Wonder, who joked of the museum, “…”": the relative pronoun speaks for its noun.
                return _relative(ctx, s0, who.start(1), who.end(1), cm.group())
            continue
        s, e, role = subj
        if cm is not cues[0] and (
            _MODAL.match(masked[e:v0].lstrip())
            or re.search(r"\bthat\s*$", masked[s0:s]) and not may_speak(ctx, masked[s:e])
        ):
            # X said the platform should reiterate “…” / X says that Japan agrees to “…”:
            # a speech not (yet) made, or by no speaker — the outer verb's subject speaks.
            continue
        return _make(ctx, s, e, cm.group(), None, role)
    colon = re.search(r"([A-Z][\w.’' -]{1,60}):\s*$", head)
    if colon and valid_subject(colon.group(1)) and not re.search(r"\b(?:told|telling|tells|asked|asking|to)\s*$", head[: colon.start(1)]):
        s = s0 + colon.start(1)
        return _make(ctx, s, s + len(colon.group(1)), ":", None)
    if len(head.split()) >= 3:
        # A quote inside a sentence with no speech verb ("Clinton decried the GOP for “…”")
        # is the words of the sentence's subject.
        subj = leading_subject(masked, s0, head_end)
        if subj and names_a_person(ctx, masked[subj[0] : subj[1]]):
            return _make(ctx, subj[0], subj[1], None, None)
    return None


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
    masked, text = ctx.masked, ctx.text
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
    for cm in reversed(find_cues(masked, q.outer_end, end)):
        if cm.group() == "according to" or is_noun_use(masked, cm.start()):
            continue
        comma = masked.rfind(",", q.outer_end, cm.start())
        if comma < 0:
            return None
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
            return _make(ctx, np[0], np[1], cm.group(), masked[np[1] : np[1] + 60])
        subj = subject_before(masked, comma + 1, cm.start())
        if subj is None or masked[comma + 1 : subj[0]].strip():
            return None
        s, e, role = subj
        if len(masked[s:e].split()) > 6:
            return None
        return _make(ctx, s, e, cm.group(), None, role)
    return None


_MODAL = re.compile(r"\b(?:should|could|would|must|might|may|can|will|shall|won[’']t|can[’']t|wouldn[’']t|couldn[’']t|shouldn[’']t)\s")


_RELATIVE = re.compile(r",\s+(who|which)\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+)*$")


def _relative(ctx: Context, s0: int, ws: int, we: int, cue: str) -> Attribution | None:
    """The attribution of a relative "who"/"which": the span is the pronoun, the speaker its noun."""
    antecedent = ctx.masked[s0:ws]
    comma = antecedent.rfind(",")
    off, sub = clause_subject(antecedent[: comma if comma >= 0 else len(antecedent)])
    if not sub or not valid_subject(sub):
        return Attribution(None, (ws, we), cue)
    speaker, title, _kind = canonical_speaker(ctx, sub, s0 + off)
    return Attribution(speaker, (ws, we), cue, title)


def _make(ctx: Context, s: int, e: int, cue: str, after: str | None, role: str | None = None) -> Attribution | None:
    phrase = ctx.masked[s:e]
    if not valid_subject(phrase) and phrase.lower() not in PRONOUNS:
        return None
    speaker, title, _kind = canonical_speaker(ctx, phrase, s)
    if after:
        ap = re.match(r",\s*((?:the|a|an|his|her|its)\s[^,;.]{2,80}?)(?:,|\.|$)", after)
        if ap:
            role = ap.group(1)
    roles = [r for r in (title, role) if r]
    return Attribution(speaker, (s, e), cue, "; ".join(roles) if roles else None)
