"""Who said it: attributing quotes to speakers, and naming people consistently.

A quote is attributed, in order of preference, by
1. the words right after it in its sentence: "…," he said / said Melnik /
   Col. Sean Ryan, a spokesman for the coalition, said / according to X;
2. a speech verb before it in its sentence: X said: “…” / X described it as “…” /
   the report said that Russia “…” / According to X, “…”;
3. the quote it continues (a paragraph that reopens a quote), or another quote
   of its paragraph that has a speaker;
4. for a paragraph that is all quote, the speaker of the quote just before.
Otherwise the speaker is None. Pronouns resolve to the last fitting named
person ("he") or organisation ("it", "they"). A person's canonical name is the
fullest form the article uses ("Valery Gerasimov" for "Gerasimov"), titles and
roles ("Gen.", "spokesman for the coalition") kept apart in `role`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .article import Article
from .quotes import Quote, QuoteSpan, quote_kind
from .sentences import sentence_spans

_VERBS = (
    "say said says saying|tell told tells telling|add added adds adding|state stated states|declare declared declares|"
    "write wrote writes writing written|tweet tweeted tweets tweeting|post posted posts|explain explained explains|"
    "note noted notes|ask asked asks|reply replied replies|respond responded responds|continue continued continues|"
    "insist insisted insists|argue argued argues|claim claimed claims|warn warned warns|acknowledge acknowledged acknowledges|"
    "admit admitted admits|recall recalled recalls|remark remarked remarks|announce announced announces|quip quipped quips|"
    "joke joked jokes|counter countered counters|concede conceded concedes|suggest suggested suggests|"
    "emphasize emphasized emphasizes emphasise emphasised emphasises|stress stressed stresses|describe described describes|"
    "call called calls|predict predicted predicts|urge urged urges|shout shouted shouts|yell yelled yells|"
    "testify testified testifies|report reported reports|confirm confirmed confirms|deny denied denies|"
    "complain complained complains|boast boasted boasts|vow vowed vows|promise promised promises|observe observed observes|"
    "conclude concluded concludes|lament lamented laments|muse mused muses|allege alleged alleges|charge charged charges|"
    "accuse accused accuses|assert asserted asserts|maintain maintained maintains|contend contended contends|"
    "caution cautioned cautions|recount recounted recounts|reiterate reiterated reiterates|repeat repeated repeats|"
    "reveal revealed reveals|mention mentioned mentions|tout touted touts|brag bragged brags|demand demanded demands|"
    "declare declared|quote quoted quotes|cite cited cites|pledge pledged pledges|retort retorted retorts|"
    "exclaim exclaimed exclaims|whisper whispered whispers|plead pleaded pleads|proclaim proclaimed proclaims|"
    "blast blasted blasts|slam slammed slams|chide chided chides|scoff scoffed scoffs|"
    "thunder thundered|gush gushed|concur concurred|opine opined|wonder wondered wonders|"
    "point pointed points|go went goes|hit|tell|read reads|begin began|continue|conclude"
)
_VERB_WORDS = sorted({w for group in _VERBS.split("|") for w in group.split()} - {"go", "goes", "went", "point", "points", "pointed", "hit", "read", "reads", "begin", "began"}, key=len, reverse=True)
CUE = re.compile(
    r"\b(?:(?:pointed|points|point) out|(?:went|goes) on|hit back|according to|in a statement|"
    + "|".join(_VERB_WORDS)
    + r")\b"
)
_POST_CUE = re.compile(
    r"\A(?:(?:said|says|say|told|tells|added|adds|wrote|writes|tweeted|asked|asks|replied|continued|insisted|"
    r"argued|argues|claimed|warned|explained|noted|notes|recalled|announced|quipped|joked|countered|conceded|"
    r"stated|declared|responded|stressed|emphasized|emphasised|observed|concluded|predicted|urged|acknowledged|"
    r"admitted|remarked|retorted|exclaimed|boasted|complained|suggested|cautioned|reiterated|went on|pointed out|"
    r"offered|agreed|explains|recalls|adds|continues|insists|according to))\b"
)
_ADVERB = re.compile(
    r"(?:\s+(?:also|later|then|previously|once again|again|repeatedly|recently|immediately|earlier|reportedly|"
    r"has|have|had|would|will|could|was|were|is|are|did|does|do|had previously|has previously|"
    r"\w+ly))+$"
)
_PRONOUNS = {"he": "person", "she": "person", "they": "plural", "it": "thing", "we": "plural", "i": "self"}
_DETERMINERS = {
    "the", "a", "an", "one", "another", "two", "three", "four", "several", "some", "many", "other", "its", "his",
    "her", "their", "our", "this", "that", "these", "those", "both", "most", "few", "senior", "unnamed", "anonymous",
}  # fmt: skip
TITLES = {
    "gen.", "gen", "general", "lt.", "lieutenant", "col.", "colonel", "maj.", "major", "capt.", "captain", "adm.",
    "admiral", "rear", "vice", "army", "navy", "air", "force", "marine", "sgt.", "sergeant", "president",
    "secretary", "minister", "foreign", "defense", "defence", "prime", "sen.", "senator", "rep.", "representative",
    "gov.", "governor", "mayor", "mr.", "mrs.", "ms.", "dr.", "prof.", "professor", "judge", "justice", "ambassador",
    "chairman", "chairwoman", "chair", "director", "deputy", "chief", "spokesman", "spokeswoman", "spokesperson",
    "press", "speaker", "leader", "king", "queen", "prince", "pope", "rev.", "sheikh", "commander", "state", "of",
    "u.s.", "us", "russian", "american", "syrian", "british", "democratic", "republican", "gop", "former", "the",
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "attorney", "nominee", "candidate", "presidential", "first", "lady",
    "house", "senate", "majority", "minority", "whip", "ceo", "founder", "executive", "officer", "lt", "col", "maj",
    "capt", "adm", "sgt", "brig.", "brigadier", "field", "marshal", "staff", "sec.", "acting", "interim", "pastor",
    "father", "sister", "brother", "dame", "sir", "lord", "detective", "officer", "agent", "trooper", "coach",
    "reverend", "rabbi", "imam", "emir", "crown", "premier", "chancellor", "envoy", "special", "top", "assistant",
    "undersecretary", "under", "associate", "national", "security", "adviser", "advisor", "counsel", "general's",
    "democrat", "republican", "independent", "congressman", "congresswoman", "councilman", "councilwoman",
    "sheriff", "prosecutor", "lawyer", "manager", "strategist", "pollster", "analyst", "economist", "historian",
}  # fmt: skip
_ORG_WORDS = {
    "department", "ministry", "office", "council", "committee", "party", "campaign", "agency", "times", "post",
    "journal", "news", "center", "centre", "university", "institute", "foundation", "forces", "command",
    "coalition", "embassy", "government", "administration", "congress", "senate", "court", "network", "radio",
    "tv", "press", "association", "group", "company", "inc", "inc.", "corp", "corp.", "bank", "fund",
    "organization", "organisation", "pentagon", "kremlin", "house", "staff", "service", "bureau", "commission",
    "board", "union", "federation", "league", "club", "church", "school", "college", "magazine", "daily",
    "tribune", "herald", "telegraph", "guardian", "monitor", "review", "reuters", "politico", "newsweek", "tass",
    "cnn", "bbc", "nbc", "cbs", "abc", "msnbc", "fox", "npr", "ap", "afp", "bloomberg", "axios", "street",
    "observatory", "headquarters", "army", "navy", "police", "military", "guard", "gop", "dnc", "rnc", "fbi",
    "cia", "nsa", "un", "u.n.", "nato", "eu", "isis", "isil", "sdf", "ypg", "hts", "pac", "team", "state",
    "states", "nation", "nations", "republic", "federal", "county", "city", "airlines", "corporation",
}  # fmt: skip
_NOT_NAME = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "but", "and",
    "if", "when", "while", "in", "on", "at", "as", "after", "before", "although", "though", "still", "yet",
    "however", "meanwhile", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his",
    "her", "their", "our", "its", "there", "here", "what", "who", "why", "how", "where", "asked", "so", "now",
    "then", "also", "not", "no", "yes", "syrian", "russian", "american", "british", "iranian", "iraqi",
    "turkish", "kurdish", "israeli", "chinese", "french", "german", "european", "arab", "western", "soviet",
    "democrats", "republicans", "americans", "russians", "syrians", "muslim", "christian", "jewish", "african", "one", "all", "some", "for", "with", "from", "by", "to", "of", "or",
    "a", "an", "the", "sept", "sept.", "jan.", "feb.", "aug.", "oct.", "nov.", "dec.", "god", "mr", "mrs",
    "ms", "mr.", "mrs.", "ms.", "dr.", "dr", "like", "even", "just", "because", "since", "until", "whether",
}  # fmt: skip
_CAP_RUN = re.compile(
    r"(?<![\w’'-])(?:(?:[A-Z][\w’'.-]*|(?:al|el|bin|ibn|de|del|van|von|der|da|di|du|la|le)(?=[\s-][A-Z]))[\s-]?(?=[A-Z\s(al|el)])\s*)*"
    r"[A-Z][\w’'.-]*"
)
_TOKEN = re.compile(r"[A-Za-z][\w’'.-]*|[^\w\s]")
_MASK_CHAR = "\x00"


def _gazetteer_names() -> frozenset[str]:
    from .gazetteer import load

    gaz = load()
    return frozenset(s.casefold() for e in gaz.entries if e.kind != "person" for s in e.spellings)


_EXCLUDED = _gazetteer_names()


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    span: tuple[int, int] | None
    cue: str | None
    role: str | None = None


@dataclass(frozen=True)
class Person:
    """A person the article names: the fullest form, and the mentions of each form."""

    name: str
    mentions: tuple[tuple[int, int], ...]


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """The text with the inside of every quote replaced by NUL, so cues are not read from speech."""
    chars = list(text)
    for q in spans:
        for i in range(q.start, q.end):
            if chars[i] != "\n":
                chars[i] = _MASK_CHAR
    return "".join(chars)


# People and names


def _is_person_tokens(tokens: list[str]) -> bool:
    if not tokens or len(tokens) > 4:
        return False
    low = [t.lower().rstrip(".") for t in tokens]
    if any(t in _ORG_WORDS or t + "." in _ORG_WORDS for t in low):
        return False
    if any(t.lower() in _NOT_NAME or t.casefold() in _EXCLUDED for t in tokens) or " ".join(tokens).casefold() in _EXCLUDED:
        return False
    if any(("." in t and not re.fullmatch(r"[A-Z]\.", t)) or re.search(r"-[a-z]", t.removeprefix("al-").removeprefix("el-")) for t in tokens):
        return False
    return all(t[0].isupper() or t.lower() in ("al", "el", "bin", "ibn", "de", "van", "von", "da", "di", "du", "la", "le") or t.startswith(("al-", "el-")) for t in tokens)


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """(title words, name words) of a capitalised run like "Army Col. Sean Ryan"."""
    i = 0
    while i < len(words) - 1 and (words[i].lower() in TITLES or words[i].lower().rstrip(".") in TITLES):
        i += 1
    return words[:i], words[i:]


def find_people(article: Article, masked: str, gazetteer_people: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> list[Person]:
    """The people an article names (outside quotes), each under its fullest form."""
    full: dict[str, str] = {}  # surname (casefolded) -> fullest name
    mentions: list[tuple[int, int, list[str]]] = []
    for p in article.content_paragraphs:
        for m in _CAP_RUN.finditer(masked, p.start, p.end):
            words = m.group().split()
            titles, name = split_title(words)
            while name and name[-1].endswith(("’s", "'s")) is False and name[-1].rstrip(".").lower() in _NOT_NAME:
                name = name[:-1]
            name = [w.removesuffix("’s").removesuffix("'s") for w in name]
            if not _is_person_tokens(name):
                continue
            if len(name) == 1 and not titles:
                continue
            s = m.start() + m.group().find(name[0]) if name[0] in m.group() else m.start()
            e = m.end() - (2 if words[-1].endswith(("’s", "'s")) else 0)
            mentions.append((s, e, name))
            key = name[-1].casefold()
            if len(name) > 1 and len(" ".join(name)) > len(full.get(key, "")):
                full[key] = " ".join(name)
            else:
                full.setdefault(key, " ".join(name))
    for canonical, spellings in gazetteer_people:
        for spelling in spellings:
            for m in re.finditer(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", masked):
                key = canonical.split()[-1].casefold()
                full.setdefault(key, canonical)
                mentions.append((m.start(), m.end(), canonical.split()))
    people: dict[str, list[tuple[int, int]]] = {}
    for s, e, name in mentions:
        people.setdefault(full.get(name[-1].casefold(), " ".join(name)), []).append((s, e))
    # Surnames alone ("Gerasimov said") are mentions of the known full name.
    for key, name in full.items():
        surname = name.split()[-1]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", masked):
            people.setdefault(name, []).append((m.start(), m.end()))
    return [Person(name, tuple(sorted(set(spans)))) for name, spans in people.items()]


# Attribution


@dataclass
class _Context:
    article: Article
    text: str
    masked: str
    people: list[Person]
    person_index: list[tuple[int, int, str]]  # sorted (start, end, name) of person mentions
    surnames: dict[str, str]
    subjects: list[tuple[int, str, str]]  # (offset, canonical, kind) of attributed speakers so far


def _names_in(phrase: str) -> list[str]:
    return [m.group() for m in _CAP_RUN.finditer(phrase)]


def _canonical(ctx: _Context, phrase: str, start: int) -> tuple[str | None, str | None, str]:
    """(canonical speaker, role, kind) of a subject phrase at `start`."""
    bare = phrase.strip()
    low = bare.lower()
    if low in _PRONOUNS:
        return _resolve_pronoun(ctx, low, start), None, "pronoun"
    head, _, rest = re.split(r"\s(?=(?:of|for|with|from|at|in|on|to|who|which|familiar|by)\b)", bare, maxsplit=1)[0], "", ""
    words = head.split()
    # A person: the run of capitalised words, titles stripped.
    for run in _names_in(head):
        rw = run.split()
        titles, name = split_title(rw)
        name = [w.removesuffix("’s").removesuffix("'s") for w in name]
        if _is_person_tokens(name) and (len(name) > 1 or titles or name[-1].casefold() in ctx.surnames or len(words) == 1):
            canonical = ctx.surnames.get(name[-1].casefold(), " ".join(name))
            role_words = [w for w in head.replace(run, " ").split() if w.lower() not in _DETERMINERS] + titles
            role = " ".join(dict.fromkeys(titles + [w for w in role_words if w not in titles])) or None
            return canonical, role, "person"
    det = words[0].lower() if words else ""
    if det == "the" and len(words) > 1:
        return " ".join(words[1:]) if words[1][0].isupper() else head, None, "org"
    return head, None, "other"


def _resolve_pronoun(ctx: _Context, pronoun: str, start: int) -> str | None:
    want = _PRONOUNS[pronoun]
    if want == "person":
        i = bisect.bisect_left(ctx.person_index, (start, start, ""))
        # Prefer the last speaker if they are also the last person named.
        for s, _e, name in reversed(ctx.person_index[max(0, i - 40) : i]):
            return name
        return None
    if want in ("thing", "plural"):
        for offset, name, kind in reversed(ctx.subjects):
            if offset < start and kind != "person":
                return name
    return None


_NP_STOP = re.compile(
    r"[,;:!?()\"“”\x00—–]|\.(?=\s|$)"
    r"|\s(?:in|on|at|during|after|before|to|when|who|while|which|that|because|as|about|last|this|from|and|but|for)\b"
)
_ABBREV_BEFORE_DOT = re.compile(r"(?:\b[A-Z]|\b(?:Gen|Col|Lt|Sgt|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Adm|Capt|Maj|St|Jr|Sr|Rev|Sept|U\.S|U\.K|U\.N|D\.C))$")


def _np_after(masked: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at `pos` (after a cue verb): up to punctuation or a clause word."""
    s = pos
    while s < limit and masked[s] in " \t":
        s += 1
    e = limit
    for m in _NP_STOP.finditer(masked, s, limit):
        if m.group() == "." and _ABBREV_BEFORE_DOT.search(masked, max(s, m.start() - 6), m.start()):
            continue
        if m.group().strip() in ("for", "from", "at", "of") and m.start() - s < 2:
            continue
        e = m.start()
        break
    while e > s and masked[e - 1].isspace():
        e -= 1
    if e <= s or len(masked[s:e].split()) > 10:
        return None
    return s, e


_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that|these|those|our|my|your|whose)\s+$", re.I)


def _is_noun_use(masked: str, cue_start: int) -> bool:
    """Whether a cue word is used as a noun ("the report", "a call"), not a verb."""
    return bool(_NOUN_BEFORE.search(masked, max(0, cue_start - 8), cue_start))


def _valid_subject(phrase: str) -> bool:
    words = phrase.split()
    if not words or len(words) > 14:
        return False
    first = words[0]
    if not (first[0].isupper() or first.lower() in _DETERMINERS or first.lower() in _PRONOUNS or first[0].isdigit()):
        return False
    if _MASK_CHAR in phrase:
        return False
    return not re.search(r"\b(?:is|was|were|are|be|been|being|has|have|had|said|says|would|will|not|but|and then)\b", phrase)


def _subject_before(masked: str, clause_start: int, verb_start: int) -> tuple[int, int, str | None] | None:
    """(start, end, appositive role) of the subject of the verb at `verb_start`."""
    seg = masked[clause_start:verb_start].replace(", D.C.", "  D.C.")
    # Cut at clause boundaries: the subject lies after the last one.
    cut = 0
    for m in re.finditer(
        r"[;:\x00\"“”—–]|\b(?:that|but|while|as|after|because|although|though|when|if|whereas|since|before|where|which|with)\s|\band\s(?=(?:the|a|an|his|her|its|their)\s)",
        seg,
    ):
        cut = m.end()
    seg_start = clause_start + cut
    seg = seg[cut:]
    stripped = seg.rstrip()
    m = _ADVERB.search(" " + stripped)
    if m:
        stripped = stripped[: len(stripped) - (len(m.group()) - 1)].rstrip() if len(m.group()) > 1 else stripped
    role = None
    if stripped.endswith(","):
        parts = stripped[:-1].split(",")
        if len(parts) >= 2:
            role = parts[-1].strip()
            subject = ",".join(parts[:-1])
            # "Ryan, a spokesman for the coalition," — else not an appositive.
            if not re.match(r"(?:the|a|an|his|her|its|their|who|which|[A-Z])", role):
                return None
        else:
            return None
    else:
        subject = stripped
        if "," in subject:
            subject = subject.rsplit(",", 1)[1]
    sub = subject.strip()
    if not sub:
        return None
    s = seg_start + seg.find(sub) if sub in seg else seg_start
    if not _valid_subject(sub):
        return None
    return s, s + len(sub), role


def attribute(article: Article, spans: list[QuoteSpan]) -> tuple[Quote, ...]:
    """Quotes for `spans`, each with its kind and (where the text gives one) its speaker."""
    from .gazetteer import load

    text = article.text
    masked = mask_quotes(text, spans)
    gaz_people = tuple((e.name, e.spellings) for e in load().of_kind("person"))
    people = find_people(article, masked, gaz_people)
    person_index = sorted((s, e, p.name) for p in people for s, e in p.mentions)
    surnames = {}
    for p in people:
        surnames.setdefault(p.name.split()[-1].casefold(), p.name)
    ctx = _Context(article, text, masked, people, person_index, surnames, [])

    sentences: list[tuple[int, int]] = []
    para_of: list[int] = []
    paras = article.content_paragraphs
    for k, p in enumerate(paras):
        for s, e in sentence_spans(masked, p.start, p.end):
            sentences.append((s, e))
            para_of.append(k)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return sentences[i] if sentences else (0, len(text))

    def paragraph_of(offset: int) -> int:
        for k, p in enumerate(paras):
            if p.start <= offset < p.end or offset == p.end:
                return k
        return -1

    results: list[Attribution | None] = []
    for q in spans:
        att = _post(ctx, q, sentence_of(max(q.outer_end - 1, q.start)))
        if att is None:
            att = _pre(ctx, q, sentence_of(q.outer_start))
        if att is not None and att.speaker:
            ctx.subjects.append((att.span[0] if att.span else q.start, att.speaker, "person" if att.role or att.speaker in surnames.values() else "other"))
        results.append(att)

    # Quotes without attribution in their sentence take it from the quote they continue,
    # another quote of their paragraph, or the quote just before a paragraph of pure quote.
    for i, q in enumerate(spans):
        if results[i] is not None:
            continue
        k = paragraph_of(q.start)
        if q.continues and i > 0:
            j = i - 1
            while j >= 0 and results[j] is None and spans[j].continues:
                j -= 1
            # The first part's attribution may come later, at the end of the last part.
            results[i] = results[j] if j >= 0 else None
            continue
        same_para = [j for j in range(len(spans)) if j != i and paragraph_of(spans[j].start) == k and results[j] is not None]
        if same_para and quote_kind(text[q.start : q.end]) == "quote":
            results[i] = results[min(same_para, key=lambda j: abs(j - i))]
            continue
        p = paras[k] if k >= 0 else None
        whole = p is not None and not masked[p.start : q.outer_start].strip() and quote_kind(text[q.start : q.end]) == "quote"
        if whole:
            prev = [j for j in range(i) if results[j] is not None and 0 <= k - paragraph_of(spans[j].start) <= 2]
            if prev:
                results[i] = results[prev[-1]]
    # A quote begun in one paragraph and attributed only at its end: earlier parts take that.
    for i in range(len(spans) - 1, 0, -1):
        if spans[i].continues and results[i] is not None and results[i - 1] is None:
            results[i - 1] = results[i]

    quotes = []
    for q, att in zip(spans, results):
        qt = text[q.start : q.end]
        kind = quote_kind(qt)
        if att is None:
            quotes.append(Quote(qt, q.start, q.end, kind, continues=q.continues))
        else:
            quotes.append(Quote(qt, q.start, q.end, kind, att.speaker, att.span, att.cue, q.continues, att.role))
    return tuple(quotes)


def _post(ctx: _Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution in the words right after the closing mark: "…," he said / said X."""
    if not q.closed:
        return None
    masked = ctx.masked
    limit = min(sentence[1] if sentence[1] > q.outer_end else q.outer_end + 200, q.outer_end + 200)
    para_end = ctx.article.paragraph_at(q.outer_end)
    if para_end is not None:
        limit = min(limit, para_end.end)
    tail = masked[q.outer_end : limit]
    last = ctx.text[q.end - 1 : q.end]
    lead = re.match(r"[ \t]*(?:,|[—–-]+)?[ \t]*", tail)
    pos = q.outer_end + lead.end()
    rest = masked[pos:limit]
    if not rest:
        return None
    if last in ".!?" and not lead.group().strip() and rest[:1].isupper():
        # "…end." He said — a new sentence only counts if it is just the attribution.
        if not re.match(r"[A-Z][\w.’' -]{0,40}?\s(?:said|says|added|told|wrote|asked)\b\s*[.,]", rest):
            return None
    # said X / added X
    m = _POST_CUE.match(rest)
    if m:
        cue = m.group()
        if cue == "according to":
            np = _np_after(masked, pos + m.end(), limit)
        else:
            after = masked[pos + m.end() : limit]
            if re.match(r"\s+(?:that|in|on|at|to|of|with|\d)", after) or re.match(r"\s*[.,]", after):
                return None
            np = _np_after(masked, pos + m.end(), limit)
        if np is None:
            return None
        return _make(ctx, np[0], np[1], cue, masked[np[1] : np[1] + 60])
    # X said / X, a spokesman, said
    for cm in CUE.finditer(masked, pos, min(limit, pos + 160)):
        if _is_noun_use(masked, cm.start()):
            continue
        if cm.group() in ("according to", "in a statement"):
            if cm.group() == "according to":
                np = _np_after(masked, cm.end(), limit)
                return _make(ctx, np[0], np[1], "according to", masked[np[1] : np[1] + 60]) if np else None
            continue
        subj = _subject_before(masked, pos, cm.start())
        if subj is None:
            return None
        s, e, role = subj
        if s != pos:
            return None
        return _make(ctx, s, e, cm.group(), None, role)
    return None


def _pre(ctx: _Context, q: QuoteSpan, sentence: tuple[int, int]) -> Attribution | None:
    """Attribution in the sentence before the opening mark: X said: “…” / according to X, “…”."""
    masked = ctx.masked
    s0 = sentence[0]
    head = masked[s0 : q.outer_start]
    acc = re.search(r"\baccording to\b", masked[s0 : sentence[1]], re.I)
    if acc:
        np = _np_after(masked, s0 + acc.end(), sentence[1])
        if np:
            return _make(ctx, np[0], np[1], "according to", None)
    cues = [m for m in CUE.finditer(head) if m.group() not in ("in a statement",) and not _is_noun_use(masked, s0 + m.start())]
    for cm in reversed(cues):
        v0 = s0 + cm.start()
        subj = _subject_before(masked, s0, v0)
        if subj is None:
            if cm.group() in ("told", "asked", "called", "described", "quoted", "cited"):
                continue
            # "…, adding that …": the subject of the clause's main verb is earlier.
            continue
        s, e, role = subj
        return _make(ctx, s, e, cm.group(), None, role)
    colon = re.search(r"([A-Z][\w.’' -]{1,60}):\s*$", head)
    if colon and _valid_subject(colon.group(1)):
        s = s0 + colon.start(1)
        return _make(ctx, s, s + len(colon.group(1)), ":", None)
    return None


def _make(ctx: _Context, s: int, e: int, cue: str, after: str | None, role: str | None = None) -> Attribution | None:
    phrase = ctx.masked[s:e]
    if not _valid_subject(phrase) and phrase.lower() not in _PRONOUNS:
        return None
    speaker, title, _kind = _canonical(ctx, phrase, s)
    if after:
        ap = re.match(r",\s*((?:the|a|an|his|her|its)\s[^,;.]{2,80}?)(?:,|\.|$)", after)
        if ap:
            role = ap.group(1)
    roles = [r for r in (title, role) if r]
    return Attribution(speaker, (s, e), cue, "; ".join(roles) if roles else None)
