"""Sources: everyone and everything an article cites, with where it names them.

A source is someone or something that says, reports, states, claims or tells,
or that information is attributed to: a quote's speaker; the subject of a
reporting verb anywhere in the text ("the Wall Street Journal reported", "Tass
reported that"); what follows "according to", "citing", "quoting" or "reported
by"; and the outlet an article was given to ("a spokesman told Military Times").
Its name is a noun phrase whose head can speak (`grammar.noun_phrase`,
`grammar.can_speak`): never an actor in events ("US jets fired"), a number, a
clause fragment ("the so-", "Although it") or a byline run-on.

Each article's sources are canonical:
- a person under the fullest name the article (or the gazetteer) gives;
- a title by its holder ("the Secretary of State" → John Kerry); a title no one
  holds in the article is no source;
- a possessive by its owner ("its embassy in Washington", after Russia →
  Russian embassy in Washington);
- an unnamed document by whose it is ("the statement" after "the ministry said
  in a statement" → the ministry);
- "the official" by the official named before it ("a senior defense official");
- a body by the most specific of the gazetteer's actors that spells it
  (Pentagon = Defense Department = DoD).

Each gets a kind — person, organisation, outlet, document or anonymous — its
mention spans, the indices of its quotes, and the rule that found it first
(``speaker<after.subject``, ``verb.subject``, ``verb.according-to+possessive``…).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from ..article import Article
from ..gazetteer import Gazetteer, default
from .context import Context, build_context
from .coreference import canonical_speaker, resolve_pronoun
from .cues import Cue, find_cues
from .grammar import (
    NAME_THEN_VERB,
    PARTICIPLE,
    PASSIVE_BEFORE,
    clause_subject,
    is_verb_use,
    noun_phrase_in,
    says_content,
    verb_base,
    without_adjuncts,
    PRONOUNS,
    NounPhrase,
    can_speak,
    charges_a_price,
    leading_subject,
    noun_class,
    noun_phrase,
    np_after,
    subject_before,
)
from .lexicon import (
    CITED_REASONS,
    CLAIMED_THINGS,
    CLAUSE_VERBS,
    DEMONYMS,
    DENIED_THINGS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    GENERIC_OUTLET_WORDS,
    HONORIFICS,
    MEDIA_ADJECTIVES,
    INVERTING_VERBS,
    IRREGULAR_PAST,
    NOT_REPORTING_VERBS,
    NOT_SOURCE_FORMS,
    NOT_SOURCE_PRONOUNS,
    OBJECT_PRONOUNS,
    OTHER_OFFICE_WORDS,
    OWNED_NOUNS,
    PARTICIPLE_ADJECTIVES,
    PARTICLES,
    POSTMODIFIER_WORDS,
    SPEAK_FORMS,
    STATEMENT_NOUNS,
    TITLES,
    VISUAL_NOUNS,
    document_family,
)
from .places import mentions_in
from .quotes import Quote
from .sentences import sentence_spans

SOURCE_KINDS = ("person", "organisation", "outlet", "document", "anonymous")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # one of SOURCE_KINDS
    mentions: tuple[tuple[int, int], ...]
    quotes: tuple[int, ...] = ()
    role: str | None = None
    rule: str = ""  # how it was found, and resolved: "speaker<after.subject", "verb.subject+title-holder", ...
    found_at: tuple[int, int] | None = None  # the mention `rule` found


# -- reporting verbs -------------------------------------------------------------


def _base(verb: str) -> str:
    v = verb.lower()
    for suffix in ("ing", "ed", "es", "s", "d"):
        if v.endswith(suffix) and v[: -len(suffix)] in NOT_REPORTING_VERBS:
            return v[: -len(suffix)]
        if v.endswith(suffix) and v[: -len(suffix)] + "e" in NOT_REPORTING_VERBS:
            return v[: -len(suffix)] + "e"
    return v


_PHRASAL_CALL = re.compile(r"\s+(?:off|up|in|back)\b")
_PHONED = re.compile(r"\s+(?:[\w’'-]+\s+){1,4}(?:about|via|over the|by (?:tele)?phone|on the (?:tele)?phone)\b")
_NAMING = re.compile(r"\b(?:a|an|another)\s+(?:[\w-]+\s+){0,3}[\w-]+\s+$", re.I)
_NAME_AFTER = re.compile(r"\s+(?:the\s+)?[A-Z“\"‘]")
_CREDIT = re.compile(r"\bcontribut\w*\s+(?:reporting|research|to this)|\breported (?:from|this)\b|\b(?:reporting|editing|writing) by\b", re.I)


_NEGATED = re.compile(r"\b(?:not|never|n[’']t|declined to|refused to|failed to)\s+(?:\w+\s+)?$", re.I)
_NEITHER = re.compile(r"(?:Neither|neither|No|no|None|none)\b")


_SPOKE_OF = re.compile(r"(?:\s+\S+){0,8}?\s+(?:about|of)\b|\s+(?:out|up)\b|\s+(?:publicly|openly|favorably|favourably|anonymously|highly|glowingly|warmly|fondly)\b")
_OF_WITH = re.compile(r"\s+(?:of|with)\b")
_ADDED_TO = re.compile(r"\s+to\s+(?:the|a|an|his|her|its|their|this|these|those|growing|mounting)\s")  # "adding to the tension"
_DENIED = re.compile(r"\s+(?:" + "|".join(sorted(DENIED_THINGS, key=len, reverse=True)) + r")\b")
_CLAIMED = re.compile(r"\s+(?:" + "|".join(sorted(CLAIMED_THINGS, key=len, reverse=True)) + r")\b")


def _clause_after(masked: str, end: int) -> str:
    """The rest of the clause after masked[:end], up to its next comma or sentence mark."""
    rest = masked[end : end + 120]
    stop = re.search(r"[,;:!?\n\x00“”\"]|\.(?:\s|$)", rest)
    return rest[: stop.start()] if stop else rest


def _reports(masked: str, cue: Cue) -> bool:
    """Whether the cue word reports what someone said, rather than naming a thing ("the so-called",
    "a phone call", "media reports of", "battleground states") or an act no one reports ("Russia
    proposed talks" does, "the war began" does not)."""
    start, end, word = cue.start(), cue.end(), cue.group()
    if word in ("according to", "put it"):
        return True
    if masked[start - 1 : start] in "-–" or masked[end : end + 1] in "-–" and start > 0:
        return False  # so-called, self-described, state-run
    low = word.lower()
    if not is_verb_use(masked, start, end) or _base(low) in NOT_REPORTING_VERBS or low in NOT_SOURCE_FORMS:
        return False
    if low.startswith("believe"):
        return bool(re.match(_BELIEF_CONTENT, masked[end : end + 40]))  # "officials believe Russia flew", not "believed to be"
    if not says_content(masked, start, end):
        return False  # "maintains a lead", "would warn their allies", "battleground states"
    if low in SPEAK_FORMS and not _SPOKE_OF.match(_clause_after(masked, end)):
        return False  # "spoke at a memorial service", "spoke for 77 minutes": no word of what was said
    if charges_a_price(masked, start, end):
        return False  # "the club charged a $100,000 fee": a price, not a charge made
    if low in ("accused", "charged", "suspected") and _OF_WITH.match(masked, end):
        return False  # "a contractor accused of spying": the one accused, not the accuser
    if low in ("add", "adds", "added", "adding") and _ADDED_TO.match(masked, end):
        return False  # "won the primary, adding to her lead": what grew, not what was said
    if low in ("denied", "refused") and _DENIED.match(masked, end):
        return False  # "the shooter's friend denied bail": the one denied it
    if low.startswith("claim") and _CLAIMED.match(masked, end):
        return False  # "claiming residency in Ireland": what was taken, not what was said
    if low.startswith("call") and (_PHRASAL_CALL.match(masked, end) or _PHONED.match(masked, end, end + 90)):
        return False  # called off, called up; "called their Russian counterparts about the incident"
    if low == "called" and _NAME_AFTER.match(masked, end) and _NAMING.search(masked, max(0, start - 60), start):
        return False  # "a group called Ginbot 7", "a group called the “People’s Front”": a name, not speech
    return True


# -- noun phrases to sources --------------------------------------------------------


_OUTLET = re.compile(
    r"\b(?:[A-Z]\w+(?: [A-Z]\w+)* (?:Times|Post|Journal|News|Tribune|Herald|Telegraph|Guardian|Gazette|Monitor|Daily|Radio|Review|Magazine|Wire)|"
    r"Reuters|Associated Press|AP|AFP|Agence France-Presse|Tass|TASS|RIA(?: Novosti)?|Interfax|Sputnik|RT|CNN|BBC|"
    r"Fox News|NBC|CBS|ABC|MSNBC|NPR|PBS|Politico|POLITICO|Newsweek|Bloomberg|Axios|Breitbart|HuffPost|Huffington Post|"
    r"Al Jazeera|Anadolu|SANA|Xinhua|Kommersant|Izvestia|Interfax|"
    r"Radio [A-Z]\w+|Military Times|Newspaper)\b"
)
_DATELINE = re.compile(r"^([A-Z]{4,}(?:,? [A-Z]{3,})*)(?:\s*[-—–]+)?\s+(?=[A-Z])")  # "WASHINGTON Defence officials"
_FROM_NAME = re.compile(r"^(?:From|By|But|And|Yet|Both|Also)\s+(?=[A-Z])")
_POSSESSORS = {"its": "it", "their": "they", "his": "he", "her": "she"}
_OWNED = "|".join(sorted(OWNED_NOUNS))
_SAID_IN = re.compile(r"[^.;]{0,40}?\bin\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+)??(" + _OWNED + r")\b")
# A document fronted before its author: "In a statement on Tuesday, the ministry said",
# "But in an assessment presented to Congress, the Pentagon accused".
_IN_DOCUMENT_FIRST = re.compile(
    r"(?:(?:but|and|yet|meanwhile|however),?\s+)?in\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+)??(" + _OWNED + r")\b[^;\n]{0,200},\s*$",
    re.I,
)
# Where a sentence ends: not after a capital ("U.S. Congress", "Washington, D.C., amid").
_SENTENCE_END = re.compile(r"[a-z\d)][.!?][\"'”’)]*\s+|\n")
_OWNER = re.compile(r"((?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){0,5}[A-Z][\w.-]*)[’']s\s")  # "The Russian Foreign Ministry's"


def _singular_head(np: NounPhrase) -> str:
    w = np.head_word.lower()
    for form in (w, w[:-1] if w.endswith("s") else w, w[:-3] + "y" if w.endswith("ies") else w):
        if noun_class(form) == noun_class(w) and form != w and not form.endswith("s"):
            return form
    return w


def source_kind(phrase: str, is_person: bool = False) -> str:
    """The kind of source a noun phrase names."""
    if is_person:
        return "person"
    p = phrase.strip()
    np = noun_phrase(p)
    if _OUTLET.search(p) and not (np and noun_class(np.head_word) in ("document", "person")):
        return "outlet"
    cls = noun_class(np.head_word) if np else None
    if np and any(w.lower() == "news" for w in np.before_head):
        return "outlet"  # "Russian news agencies", "a news website"
    if cls == "person" or np and np.determiner == "those":
        return "anonymous"
    if cls == "document":
        return "document"
    if cls == "outlet":
        return "outlet"
    return "organisation"


_MEDIA_ADJECTIVES = "|".join(sorted(MEDIA_ADJECTIVES))  # "Local media reported" is local media, not "Local"


def _clean_name(phrase: str, kind: str) -> str:
    p = " ".join(phrase.split())
    p = re.sub(r"^(?:the|The)\s+(?=[A-Z])|^(?:other|Other)\s+(?=\w+ \w)", "", p)  # "other Russian officials"
    if kind == "outlet":
        runs = [r for r in re.findall(r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*", p) if not r.endswith(("’s", "'s"))]  # not "Syria's" of "Syria's SANA"
        runs = [" ".join(w for w in r.split() if w.lower() not in GENERIC_OUTLET_WORDS) for r in runs]
        runs = [r for r in runs if r and not re.fullmatch(r"[A-Z][a-z]+(?:ian|ese|ish|an)|State-run|State|Official|Russian|American|U\.S\.|" + _MEDIA_ADJECTIVES, r)]
        if runs:
            return max(runs, key=len)
        p = re.sub(r"^(?:the|a|an)\s+", "", p)
    if kind == "document":
        m = _DOCUMENT_PARTICIPLE.fullmatch(p)
        noun = m.group("noun").lower() if m else ""
        if noun in DOCUMENT_NOUNS or noun.endswith("s") and noun[:-1] in DOCUMENT_NOUNS:
            p = m.group("np")  # "a CBS poll released", "polling data showing": the participle began its own clause
    return p


_DOCUMENT_PARTICIPLE = re.compile(r"(?P<np>.*\b(?P<noun>[\w-]+))\s+[a-z]+(?:ed|ing)")


def _key(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.casefold()).strip(" ,.")


@functools.lru_cache(maxsize=8)
def _aliases(gazetteer: Gazetteer) -> dict[str, str]:
    """Spelling (as `_key`) → canonical name: of the gazetteer's people, and of its actors the narrowest
    that spells it. An entry that lists another's name is the wider ("Russia" lists "Russian Defense
    Ministry"): "the Pentagon" is the Pentagon's before it is the United States'."""
    actors = gazetteer.of_kind("actor")
    spelled: dict[str, list] = {}
    for e in actors:
        for spelling in e.spellings:
            spelled.setdefault(_key(spelling), []).append(e)
    table: dict[str, str] = {}
    for key, entries in spelled.items():
        narrow = [e for e in entries if not any(f is not e and _key(f.name) in {_key(x) for x in e.spellings} for f in entries)]
        table[key] = (narrow or entries)[0].name
    for e in gazetteer.of_kind("person"):
        for spelling in e.spellings:
            table.setdefault(_key(spelling), e.name)
    return table


def _is_title(np: NounPhrase) -> bool:
    """A title or role and nothing else: "Secretary of State", "the president", "the spokesman"."""
    words = [w for w in np.words if w.lower() not in DETERMINERS and w.lower() not in ("of", "the")]
    if len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS and words[1][:1].isupper():
        return False  # "Mr. King": a surname after an honorific, not the title "king"
    return bool(words) and all(w.lower().rstrip(".") in TITLES or w.lower() in TITLES for w in words)



@dataclass
class _Found:
    name: str
    kind: str
    rule: str
    first: int
    mentions: set
    names: set
    quotes: list
    role: str | None = None
    at: tuple[int, int] | None = None  # the span the rule found


class _Reading:
    """The sources of one article as they are found, in text order, and what resolves a new one."""

    def __init__(self, ctx: Context, gazetteer: Gazetteer, quotes: tuple[Quote, ...]) -> None:
        self.ctx = ctx
        self.gazetteer = gazetteer
        self.aliases = _aliases(gazetteer)
        people = ctx.table.people
        text = ctx.text
        # "Merck said", "Analysts said": a lone word that never takes a title nor is called
        # "he" or "she" is a company, a place or a group; "Ryan said … he added" is a person.
        called_he = {q.speaker for q in quotes if q.speaker_span and text[q.speaker_span[0] : q.speaker_span[1]].lower() in ("he", "she")}
        self.person_names = {p.name for p in people if " " in p.name or p.name.casefold() in ctx.table.titled or p.name in called_he}
        self.found: dict[str, _Found] = {}
        self.history: list[tuple[int, str]] = []  # (offset, key) of every source mention so far, in text order
        self.owners: list[tuple[int, str, str]] = []  # (offset, document noun, owner key): "X said in a statement"

    # -- resolving a phrase ------------------------------------------------------

    def undated(self, phrase: str) -> str:
        """The phrase without a dateline run into it: "WASHINGTON Defence officials"."""
        m = _DATELINE.match(phrase)
        if m and mentions_in(m.group(1), 0, len(m.group(1)), self.gazetteer, "place"):
            return phrase[m.end() :]
        return phrase

    def resolve(self, s: int, e: int, rule: str, quote: Quote | None = None) -> tuple[str, str, str, str | None] | None:
        """(key, name, kind, rule) of the source the phrase masked[s:e] names, or None if it names none."""
        ctx = self.ctx
        if rule == "post.signature":
            name = self.aliases.get(_key(ctx.masked[s:e]), ctx.masked[s:e])
            return _key(name), name, "person", rule
        phrase = without_adjuncts(self.undated(" ".join(ctx.masked[s:e].split())))
        if noun_phrase(phrase) is None:
            # "the Security Council issued a statement" → the Security Council; "Sen. Mark Kirk, R-Ill., who …"
            part = noun_phrase_in(phrase)
            phrase = phrase[part[0] : part[1]] if part else phrase
        phrase = _FROM_NAME.sub("", phrase)  # "From Andrea Peyser writing at The New York Post:", "But Morrison vowed"
        phrase = OBJECT_PRONOUNS.get(phrase.lower(), phrase)  # "quoted him as saying"
        if phrase.lower().endswith(("’s", "'s")) and phrase[:-2].lower() in PRONOUNS:
            phrase = phrase[:-2]  # "He's said"
        if quote is not None and quote.speaker and phrase.lower() in ("who", "which", "that"):
            phrase = quote.speaker  # "Sanders, who says …": the relative's antecedent
        np = noun_phrase(phrase)
        if np is None:
            return None
        speaker, role, how = canonical_speaker(ctx, phrase, s)
        if how == "person" and speaker in self.person_names and not (len(np.words) == 1 and noun_class(np.head_word)):  # not "Officials said"
            name = self.aliases.get(_key(speaker), speaker)
            return _key(name), name, "person", rule
        if not can_speak(np, quote=quote is not None):
            return None
        low = phrase.lower()
        if low in NOT_SOURCE_PRONOUNS:
            return None
        if low in PRONOUNS:
            if low in ("he", "she"):
                name = quote.speaker if quote is not None and quote.speaker else resolve_pronoun(ctx, low, s)
            else:  # "it", "they": the last body the sources name, not any subject before
                name = self._last_body(s)
                if name is None and quote is not None and quote.speaker:
                    named = noun_phrase(quote.speaker)
                    name = quote.speaker if named is not None and can_speak(named, quote=True) else None
            if not name:
                return None
            key = _key(self.aliases.get(_key(name), name))
            known = self.found.get(key)
            kind = known.kind if known else ("person" if name in self.person_names or low in ("he", "she") else source_kind(name))
            return key, known.name if known else name, kind, rule
        owner = _OWNER.match(phrase)
        if owner and _singular_head(np) in STATEMENT_NOUNS and owner.end() <= len(" ".join(np.words[: np.head])) + 1:
            # "the Russian Foreign Ministry's description of the call": the ministry speaks
            at = ctx.masked.find(owner.group(1), s)
            if at >= 0:
                found = self.resolve(at, at + len(owner.group(1)), rule, quote)
                if found:
                    return found[0], found[1], found[2], rule + "+document-owner"
        if np.determiner in _POSSESSORS and noun_class(np.head_word) in ("person", "body", "outlet"):
            owned = self._possessed(np, s)
            if owned is not None:
                name, kind = owned
                return _key(name), name, kind, rule + "+possessive"
        if _is_title(np) and (np.determiner == "the" or not np.determiner):
            holder = self._holder(np, s)
            if holder:
                return _key(holder), holder, "person", rule + "+title-holder"
            antecedent = self._same_head(np, s)
            if antecedent:
                return antecedent, self.found[antecedent].name, self.found[antecedent].kind, rule + "+anaphora"
            person = self._last_person(s)
            if person:  # "the candidate said": the person the article is about there
                return _key(person), person, "person", rule + "+title-person"
            if np.words[-1][:1].isupper():
                return None  # a title no one in the article holds
        cls = noun_class(np.head_word)
        if np.determiner in ("the", "this", "that", "these", "those") and len(np.words) <= 4 and cls in ("person", "document", "outlet", "body"):
            if cls == "document":
                owner = self._document_owner(np, s)
                if owner:
                    return owner, self.found[owner].name, self.found[owner].kind, rule + "+document-owner"
            antecedent = self._same_head(np, s)
            if antecedent:
                return antecedent, self.found[antecedent].name, self.found[antecedent].kind, rule + "+anaphora"
        kind = source_kind(phrase)
        name = _clean_name(phrase, kind)
        alias = self.aliases.get(_key(name))
        if alias and kind in ("organisation", "outlet"):
            return _key(alias), alias, kind, rule + ("+actor" if _key(alias) != _key(name) else "")
        return _key(name), name, kind, rule

    def _last_person(self, pos: int) -> str | None:
        """The last person named in the paragraph before `pos`, or in the one before it."""
        ctx = self.ctx
        k = bisect.bisect_left(ctx.person_index, (pos, pos, ""))
        if not k:
            return None
        s, _e, name = ctx.person_index[k - 1]
        return name if ctx.masked.count("\n\n", s, pos) <= 1 else None

    def _last_body(self, pos: int) -> str | None:
        """What "it" or "they" stands for: the last organisation, outlet or document named as a source
        before `pos`, in its paragraph or the one before."""
        for offset, key in reversed(self.history):
            if offset < pos and self.found[key].kind in ("organisation", "outlet", "document", "anonymous"):
                return self.found[key].name if self.ctx.masked.count("\n\n", offset, pos) <= 1 else None
        return None

    def _possessed(self, np: NounPhrase, pos: int) -> tuple[str, str] | None:
        """ "its embassy in Washington" → (Russian embassy in Washington, organisation), by the last
        actor or body named before it; "his spokesman" → (Putin's spokesman, anonymous)."""
        pronoun = _POSSESSORS[np.determiner]
        rest = " ".join(np.words[1:])
        kind = source_kind(rest)
        if pronoun in ("he", "she"):
            owner = resolve_pronoun(self.ctx, pronoun, pos)
            return (f"{owner}’s {rest}", kind) if owner else None
        owner = None
        actors = [(s, name) for name, s, _e in mentions_in(self.ctx.masked, max(0, pos - 600), pos, self.gazetteer, "actor")]
        bodies = [(o, self.found[k].name) for o, k in self.history if o < pos and self.found[k].kind in ("organisation", "outlet")]
        candidates = sorted(actors + bodies)
        if candidates:
            owner = candidates[-1][1]
        if owner is None:
            return None
        demonym = DEMONYMS.get(owner)
        return (f"{demonym} {rest}" if demonym else f"{owner}’s {rest}"), kind

    def _holder(self, np: NounPhrase, pos: int) -> str | None:
        """The person the article gives this title: "Secretary of State John Kerry", "John Kerry, the
        secretary of state" — the nearest such mention before `pos`, else after it."""
        title = " ".join(w for w in np.words if w.lower() not in ("the", "a", "an")).casefold()
        if not title:
            return None
        masked = self.ctx.masked
        best: tuple[int, str] | None = None
        for s, e, name in self.ctx.person_index:
            before = masked[max(0, s - len(title) - 36) : s].casefold()
            after = masked[e : e + len(title) + 12].casefold()
            # not another office of the same name: "the chancellor" is not "shadow chancellor Oliver
            # Letwin", "the foreign minister" not "Deputy Foreign Minister Sergei Ryabkov"
            held = re.search(r"(?:(\S+)\s+|(-))?" + re.escape(title) + r"\s+$", before)
            if held and (held.group(2) or held.group(1) and held.group(1).rstrip("-") in OTHER_OFFICE_WORDS):
                held = None  # "shadow chancellor", "ex-chancellor"
            appositive = re.match(r",\s+(?:the\s+|a\s+)?(?:([\w.-]+)\s+)?" + re.escape(title) + r"\b", after)
            if appositive and appositive.group(1) and appositive.group(1).rstrip("-") in OTHER_OFFICE_WORDS:
                appositive = None
            if held or appositive:
                if best is None or (s < pos and (best[0] > pos or s > best[0])):
                    best = (s, name)
        return best[1] if best else None

    def _same_head(self, np: NounPhrase, pos: int) -> str | None:
        """An earlier source with the same head noun: "the official" after "a senior defense official"."""
        head = _singular_head(np)
        outlet = noun_class(np.head_word) == "outlet"
        for offset, key in reversed(self.history):
            if offset >= pos:
                continue
            if outlet and self.found[key].kind == "outlet":
                return key  # "the broadcaster" after CNN
            other = noun_phrase(self.found[key].name)
            if other is not None and _singular_head(other) == head and self.found[key].kind != "person":
                return key
        return None

    def _document_owner(self, np: NounPhrase, pos: int) -> str | None:
        """Whose "the statement" or "the report" is: the last source said to have made one before it."""
        noun = _singular_head(np)
        if noun not in OWNED_NOUNS:
            return None
        for offset, doc, owner in reversed(self.owners):
            if offset < pos and doc == document_family(noun) and owner in self.found:
                return owner
        return None

    # -- adding --------------------------------------------------------------------

    def add(self, s: int, e: int, rule: str, quote_index: int | None = None, quote: Quote | None = None, role: str | None = None) -> str | None:
        resolved = self.resolve(s, e, rule, quote)
        if resolved is None:
            return None
        key, name, kind, how = resolved
        if not key:
            return None
        entry = self.found.get(key)
        if entry is None:
            entry = self.found[key] = _Found(name, kind, how, s, set(), set(), [], role, (s, e))
        entry.mentions.add((s, e))
        entry.first = min(entry.first, s)
        phrase = " ".join(self.ctx.masked[s:e].split())
        if kind != "person" and phrase.lower() not in PRONOUNS and ("+" not in how or how.endswith("+actor")):
            entry.names.add(_clean_name(without_adjuncts(self.undated(phrase)), kind))
        if quote_index is not None and quote_index not in entry.quotes:
            entry.quotes.append(quote_index)
        entry.role = entry.role or role
        bisect.insort(self.history, (s, key))
        # "X said in a statement", "X said in a post on Telegram": the statement is X's.
        m = _SAID_IN.match(self.ctx.masked, e, e + 80)
        noun = m.group(1) if m else _document_first(self.ctx.masked, s)
        if noun:
            self.owners.append((e, document_family(noun.lower()), key))
        return key


def _document_first(masked: str, s: int) -> str | None:
    """The document noun of "In a statement, …," opening the sentence whose subject starts at `s`."""
    begin = max(0, s - 260)
    before = masked[begin:s]
    start = 0 if begin == 0 else None  # the sentence must start inside what is looked at
    for start_m in _SENTENCE_END.finditer(before):
        start = start_m.end()
    m = _IN_DOCUMENT_FIRST.match(before, start) if start is not None else None
    return m.group(1) if m else None


def _split_and(masked: str, s: int, e: int, role: str | None) -> list[tuple[int, int, str | None]]:
    """ "U.S. officials and rebel leaders" → both; a name with "and" inside stays whole."""
    phrase = masked[s:e]
    m = re.search(r"\s+and\s+(?:other\s+)?", phrase)
    if not m or any(w.lower() in POSTMODIFIER_WORDS for w in phrase[: m.start()].split()[1:]):
        return [(s, e, role)]
    last_left = phrase[: m.start()].split()[-1].lower()
    if len(phrase[: m.start()].split()) == 1 and phrase[:1].islower() and last_left.isalpha() and not last_left.endswith("s") and last_left not in PRONOUNS:
        return [(s, e, role)]  # "lobbyist and GOP strategist Charlie Black": a bare title shared with the name
    if re.search(r"(?:ian|ese|ish|an|i)$", last_left) and not last_left.endswith("s"):
        return [(s, e, role)]  # "The Syrian and Russian governments": one source
    right_words = phrase[m.end() :].split()
    if last_left[:1].isalpha() and phrase[: m.start()].split()[-1][:1].isupper() and right_words and right_words[0][:1].isupper() and right_words[-1][:1].isupper() and noun_class(right_words[-1]) == "body" and noun_class(last_left) != "body":
        return [(s, e, role)]  # "the Securities and Exchange Commission", "World Travel and Tourism Council": one name
    left, right = (s, s + m.start()), (s + m.end(), e)
    if "other" in m.group():
        right = (s + m.end() - len("other "), e)
    return [(left[0], left[1], role), (right[0], right[1], role)]


_PREPOSITION = re.compile(r"\s*(?:in|at|on|as|from|to|for|into|with|of|over|under|about)\b", re.I)
_NOT_A_SUBJECT = re.compile(
    r"^\s*(?:a|an|the|this|that|what)\s+(?!(?:time|week|year|month|day|morning|evening|night|weekend)\b)\w+(?:\s+\w+)?\s+(?:he|she|they|we|i)$"  # "a move he (announced)"
    r"|^\s*(?!(?:he|she|they|we|i)\b)\S+(?:\s+\S+){0,2}\s(?:in|at|on|of|to|for|from|with|back)$",  # "Air Jamaica back in (state control)"
    re.I,
)
_TOLD = re.compile(r"told|tells|telling|tell")
_SIGNATURE = re.compile(
    r"[—–―]\s*([A-Za-z][\w.’'-]+(?:\s+[A-Za-z][\w.’'-]+){0,3})\s*\(@\w+\)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
)
_BELIEVE = re.compile(r"\bbelieve[sd]?\b")
_AND_ANOTHER = re.compile(r"\s+and\s+(?=\S)")
_NOUN_THAT = re.compile(r"\s+that\s+(?:[A-Z\d]|(?:the|a|an|his|her|its|their|he|she|it|they|we|this|these|those|there|one|two|three|four|five|six|seven|eight|nine|ten|some|many|several)\b)")  # content, not "a report that could"
_BELIEF_CONTENT = _NOUN_THAT.pattern.replace("that\\s+", "(?:that\\s+)?", 1)
_ENDS_CLAUSE = re.compile(r"\s*(?:[.;!?]|$|,)")


_RELATIVE_AFTER = re.compile(r"\s+(?:who|whom|whose)\b")
_FINITE = re.compile(r"\b(?:must|should|would|will|can|could|may|might|is|are|was|were|has|have|had|do|does|did|still)\b|\w+n[’']t\b")
_NAMED_THEN_VERB = re.compile(r",[^,]{1,60},\s+(?:" + _FINITE.pattern + ")")  # "…, Paul Manafort, should"


def _inverted_end(masked: str, pos: int, limit: int) -> int | None:
    """Where the name after an inverting cue at `pos` ends, when the clause ends with it: "…, said
    the ministry.", "…, said an official who was briefed", "…, said Smith and Jones."; else None."""
    np = np_after(masked, pos, limit)
    if np is None:
        return None
    end = np[1]
    joined = _AND_ANOTHER.match(masked, end, limit)
    if joined and (more := np_after(masked, joined.end(), limit)):
        end = more[1]  # "said lobbyist and GOP strategist Charlie Black,"
    if _ENDS_CLAUSE.match(masked, end, limit):
        return end
    if _RELATIVE_AFTER.match(masked, end, limit) and not _NAMED_THEN_VERB.search(masked, end, limit):
        return end  # not "said the staff member who succeeded him, Paul Manafort, should be fired"
    return None


def _a_name_after(text: str) -> bool:
    """Whether what follows an inverting cue names who said it ("…, said the ministry") rather than
    says what was said ("X, who …, said contractors built a cushion", "noted that Cruz's manager")."""
    text = text.strip()
    words = text.split()
    while len(words) > 2 and (words[-1] in PARTICLES or words[-1].endswith("ly")):
        words = words[:-1]  # "the convoy turned back", "the patrol withdrew quickly"
    last = words[-1] if words else ""
    if len(words) > 1 and words[0].lower() != "those" and last[:1].islower() and (last.endswith("ed") or last in IRREGULAR_PAST) and last not in PARTICIPLE_ADJECTIVES:
        return False  # "…, said four fighters died": a clause, not "officials involved", "those surveyed"
    return not text.lower().startswith("that ") and noun_phrase(without_adjuncts(text)) is not None


def _cites_a_source(masked: str, s0: int, cue_start: int, s: int, e: int) -> bool:
    """Whether what is cited at masked[s:e] is where information came from: not "never cited a
    source", "cited no evidence", "citing improving services" or "cited his record" (a reason)."""
    gerund = _GERUND.match(masked, s, e)
    if _NEGATED.search(masked, s0, cue_start) or _NEITHER.match(masked, s) or gerund and noun_class(gerund.group()) is None:
        return False  # (not "polling data": a noun)
    np = noun_phrase(masked[s:e])
    return np is None or _singular_head(np) not in CITED_REASONS


def _noun_before(masked: str, s0: int, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase a noun ends: "following media reports" → media reports, "amid the claims" → the claims."""
    words = list(re.finditer(r"[\w’'.-]+", masked[s0:start]))[-3:]
    begin = start
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group()
        if word.lower() in POSTMODIFIER_WORDS or word.lower() in ("following", "amid", "despite", "denied", "after"):
            break
        if i and words[i - 1].group() == "to" and word.islower():
            break  # "to deny reports that": a verb after "to"
        begin = s0 + words[i].start()
        if word.lower() in DETERMINERS:
            break
    return begin, end


_ISSUED = re.compile(
    r"\s+(?:issued|released|put out|posted|sent|published|tweeted)\s+(?:(?:a|an|the|its|his|her|their)\s+)?(?:[\w-]+\s+)?(?:"
    + "|".join(sorted(STATEMENT_NOUNS | VISUAL_NOUNS))
    + r")s?"
)


_RELATIVE_BEFORE = re.compile(r",\s*(who|which)\s+(?:\w+ly\s+|has\s+|had\s+|have\s+)?$", re.I)


def _antecedent(masked: str, s0: int, who: int) -> tuple[int, int] | None:
    """What a relative "who" stands for: "the Mexican president, who said" → the Mexican president."""
    before = masked[s0:who].rstrip()
    if not before.endswith(","):
        return None
    off, sub = clause_subject(before[:-1])
    return (s0 + off, s0 + off + len(sub)) if sub else None


_GERUND = re.compile(r"(?!(?:leading|ruling|governing|opposing|visiting|outgoing|acting|sitting|remaining|incoming)\b)[a-z]+ing\b")
_GIVEN_TO = re.compile(r"\s+in\s+an?\s+(?:exclusive\s+)?interview\s+with\s+|\s+(?:speaking|talking)\s+to\s+")


def find_sources(article: Article, quotes: tuple[Quote, ...], gazetteer: Gazetteer | None = None) -> tuple[Source, ...]:
    """Everyone and everything `article` cites, in order of first mention."""
    gazetteer = gazetteer or default()
    ctx = build_context(article, gazetteer)
    masked = ctx.masked
    reading = _Reading(ctx, gazetteer, quotes)
    own = _key(_clean_name(article.outlet, "outlet")) if article.outlet else ""

    def given_to(masked: str, pos: int, limit: int) -> tuple[int, int] | None:
        """The span of the outlet an interview was given to, named after `pos` ("told Fox News host Sean
        Hannity" → Fox News), unless it is the article's own ("told Military Times" in Military Times)."""
        obj = np_after(masked, pos, limit)
        if obj is None or source_kind(masked[obj[0] : obj[1]]) != "outlet":
            return None
        m = _OUTLET.search(masked, obj[0], obj[1])
        span = (m.start(), m.end()) if m else obj
        return span if _key(_clean_name(masked[span[0] : span[1]], "outlet")) != own else None

    # Every candidate first, then resolved in text order: a pronoun, a possessive or "the
    # statement" resolves to what was named before it.
    candidates: list[tuple[int, int, str, int | None, str | None]] = []  # (start, end, rule, quote, role)
    for i, q in enumerate(quotes):
        # A term in quotes names a source only as said by someone ("called it “unsafe”"), not as the
        # words of a sentence's subject ("Assange has been “arbitrarily detained”").
        if not (q.speaker and q.speaker_span and (q.kind == "quote" or q.cue not in (None, ":"))):
            continue
        if q.cue and q.cue.lower() == "heard":
            continue  # '“…”, an Election Court has heard': who heard it did not say it ("the email read" did)
        if q.cue and verb_base(q.cue.lower()) in CLAUSE_VERBS and q.end > q.speaker_span[0]:
            # "The US and Russia maintain a ‘deconfliction’ line": the cue must report something
            # (after the quote, '“…,” Lavrov warned', the quote is what it reports)
            at = masked.find(q.cue, q.speaker_span[1], q.speaker_span[1] + 60)
            if at < 0 or not _reports(masked, Cue(at, at + len(q.cue), q.cue)):
                continue
        candidates.append((q.speaker_span[0], q.speaker_span[1], f"speaker<{q.rule or '-'}", i, q.role))

    def phrase_ok(s: int, e: int) -> bool:
        phrase = masked[s:e]
        if _PREPOSITION.match(phrase) or _NOT_A_SUBJECT.search(phrase) or NAME_THEN_VERB.search(phrase):
            return False  # "prices will be quoted in the ariary", "a move he announced", "Russia held …"
        return "\x00" not in phrase

    relatives: dict[int, list[tuple[int, int]]] = {}  # where an antecedent starts -> its relative pronouns
    for p in article.content_paragraphs:
        for s0, e0 in sentence_spans(masked, p.start, p.end):
            if _CREDIT.search(masked, s0, e0):
                continue  # "Ryan Grim reported from Washington", "Caryn Wilson contributed reporting": the article's own
            cues = find_cues(masked, s0, e0) + [Cue(b.start(), b.end(), b.group()) for b in _BELIEVE.finditer(masked, s0, e0)]
            for m in cues:
                if not _reports(masked, m):
                    if noun_class(m.group()) == "document" and _NOUN_THAT.match(masked, m.end(), e0):
                        # "following media reports that …", "amid claims that …": the reports are cited
                        np = _noun_before(masked, s0, m.start(), m.end())
                        if np is not None and phrase_ok(*np):
                            candidates.append((np[0], np[1], "noun.that", None, None))
                    continue
                cue = m.group()
                by = re.match(r"\s+by\s+", masked[m.end() : e0])
                if cue in ("according to", "citing", "cited", "quoting", "quoted") or by:
                    # according to X / citing X / reported by X
                    np = np_after(masked, m.end() + (by.end() if by else 0), e0)
                    if np is None or by and _GERUND.match(masked, np[0], np[1]):
                        continue  # "responded by sidestepping Moscow": how, not by whom
                    rule = "verb.by" if by else f"verb.{cue.replace(' ', '-')}"
                    found = [(np[0], np[1], rule, None)] if cue not in ("cited", "citing") or _cites_a_source(masked, s0, m.start(), *np) else []
                    more = _AND_ANOTHER.match(masked, np[1], e0)
                    if more and cue in ("citing", "according to", "quoting"):
                        # "citing a draft Defence Department statement and an unnamed source"
                        second = np_after(masked, more.end(), e0)
                        if second is not None and (cue != "citing" or _cites_a_source(masked, s0, m.start(), *second)):
                            found.append((second[0], second[1], rule, None))
                    if cue in ("quoted", "cited") and not re.search(r"\b(?:was|were|been|being|is|are)\s+$", masked[s0 : m.start()]):
                        # Tass quoted X as saying, the report cited X: Tass and the report are sources too
                        subj = subject_before(masked, s0, m.start(), nested=True)
                        if subj is not None:
                            found.append((subj[0], subj[1], "verb.quoted-by", subj[2]))
                elif cue in INVERTING_VERBS | {"reports", "reported"} and masked[s0 : m.start()].rstrip().endswith(",") and (np_end := _inverted_end(masked, m.end(), e0)) and not _FINITE.search(masked, m.end(), np_end) and _a_name_after(masked[m.end() : np_end]):
                    # “…,” … , reports TASS. / …, said the ministry. Not "X, the head of …, said Russia must
                    # rebut the claims": that is what X said.
                    start = np_after(masked, m.end(), e0)[0]
                    found = [(a, b, "verb.inverted", None) for a, b, _ in _split_and(masked, start, np_end, None)]
                else:
                    before = masked[s0 : m.start()].rstrip()
                    if cue.endswith("ing") and before.endswith(","):
                        subj = leading_subject(masked, s0, m.start())
                    else:
                        subj = subject_before(masked, s0, m.start(), nested=True)
                    found = []
                    if subj is not None and cue.endswith("ing"):
                        issued = _ISSUED.search(masked, subj[0], subj[1])
                        if issued and issued.end() == subj[1]:
                            subj = (subj[0], issued.start(), None)  # "Black Lives Matter issued a statement saying"
                    if subj is None and (rel := _RELATIVE_BEFORE.search(masked, max(s0, m.start() - 40), m.start())):
                        subj = (rel.start(1), rel.end(1), None)  # "Graham, who says …"
                    if subj is not None and masked[subj[0] : subj[1]].strip() in ("who", "which"):
                        antecedent = _antecedent(masked, s0, subj[0])
                        if antecedent:  # Graham is cited, and "who" is a mention of him
                            relatives.setdefault(antecedent[0], []).append((subj[0], subj[1]))
                        subj = (antecedent[0], antecedent[1], subj[2]) if antecedent else None
                    if subj is not None and cue.lower() in ("found", "finds"):
                        np = noun_phrase(masked[subj[0] : subj[1]])
                        if np is None or noun_class(np.head_word) != "document":
                            subj = None  # "a poll found" reports; "police found the car" does not
                    if subj is not None and PARTICIPLE.fullmatch(cue.lower()) and PASSIVE_BEFORE.search(masked, max(s0, subj[1]), m.start()):
                        subj = None  # "Texas was called for Cruz", "he was said to": the subject did not speak
                    if subj is not None and not _NEGATED.search(masked, max(s0, subj[1]), m.start()) and not _NEITHER.match(masked, subj[0]):
                        found = [(a, b, "verb.subject", role) for a, b, role in _split_and(masked, *subj)]
                    if _TOLD.fullmatch(cue.lower()):
                        # the outlet the article was given to: "a spokesman told Military Times"
                        obj = given_to(masked, m.end(), e0)
                        if obj:
                            found.append((obj[0], obj[1], "verb.told-outlet", None))
                for s, e, rule, role in found:
                    if phrase_ok(s, e):
                        candidates.append((s, e, rule, None, role))
            for g in _GIVEN_TO.finditer(masked, s0, e0):
                obj = given_to(masked, g.end(), e0)
                if obj:
                    candidates.append((obj[0], obj[1], "verb.interview-with", None, None))

    for p in article.content_paragraphs:
        for m in _SIGNATURE.finditer(masked, p.start, p.end):
            # "— Dylan Malyasov (@DylanMalyasov) March 31, 2020": the author of an embedded post
            candidates.append((m.start(1), m.end(1), "post.signature", None, None))

    for s, e, rule, qi, role in sorted(candidates, key=lambda c: (c[0], c[3] is None)):
        key = reading.add(s, e, rule, qi, quotes[qi] if qi is not None else None, role)
        if key is not None and s in relatives:
            reading.found[key].mentions.update(relatives.pop(s))

    sources = []
    people = {p.name: p for p in ctx.table.people}
    folded = masked.lower()
    if len(folded) != len(masked):  # a letter whose lower case is longer ("İ"): offsets must hold
        folded = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in masked)
    paragraphs = [(p.start, p.end) for p in article.content_paragraphs]
    for entry in reading.found.values():
        mentions = set(entry.mentions)
        if entry.kind == "person" and entry.name in people:
            mentions.update(people[entry.name].mentions)
        elif entry.kind != "person":
            # Where it is named as the article names it when citing it: "Moscow", not every "Russia".
            for name in {n for n in entry.names or {entry.name} if len(n) > 2}:
                mentions.update(_occurrences(folded, name.lower(), paragraphs))
        sources.append((entry.first, Source(entry.name, entry.kind, _outermost(mentions), tuple(sorted(entry.quotes)), entry.role, entry.rule, entry.at)))
    return tuple(s for _, s in sorted(sources, key=lambda x: x[0]))


def _occurrences(folded: str, name: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where `name` stands as whole words in the content paragraphs of the lower-cased text."""
    found = []
    for start, end in paragraphs:
        i = folded.find(name, start, end)
        while i >= 0:
            j = i + len(name)
            before, after = folded[i - 1 : i], folded[j : j + 1]
            if not (before.isalnum() or before in ("-", "_")) and not (after.isalnum() or after in ("-", "_")):
                found.append((i, j))
            i = folded.find(name, j, end)
    return found


def _outermost(spans: set[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans not inside another one, in text order."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return tuple(out)


def name_speakers(quotes: tuple[Quote, ...], sources: tuple[Source, ...]) -> tuple[Quote, ...]:
    """The quotes, each speaker named as the sources panel names it: "The Secretary of State said"
    by John Kerry, "its embassy in Washington" by the Russian embassy in Washington."""
    by_quote = {i: s for s in sources for i in s.quotes}
    return tuple(replace(q, speaker=by_quote[i].name) if i in by_quote and q.speaker else q for i, q in enumerate(quotes))
