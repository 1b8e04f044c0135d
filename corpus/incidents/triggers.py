"""The words of the incident taxonomy: which events a sentence reports, and who took part.

Each type is read from the event the sentence states, not from a keyword alone:
an air encounter needs an aircraft and something it did to another (intercepted,
flew dangerously close, harassed, fired flares); a ground confrontation a convoy,
patrol or vehicle and what was done to it (blocked, turned back, rammed); a strike
the strike itself (airstrikes, bombed, attacked a base); talks a call, a
conference, a meeting or a warning passed between the sides; and so on. A
sentence that only threatens, fears, denies or imagines an event ("could lead to
a collision", "to avoid miscalculations") reports none. `event_types` returns
the types of one sentence with the offset of the words that decided each.
"""

from __future__ import annotations

import re

TYPES = ("strike", "ground_confrontation", "air_encounter", "proposal", "talks", "agreement", "humanitarian_access", "accusation")
# Not a type: a side that violated the deconfliction line or deal, counted ("half a dozen times a day").
# The article's own kind of encounter (in the air, on the ground) if it reports one, else a charge.
VIOLATION = "violation"

_AIRCRAFT = (
    r"(?:aircraft|airplanes?|planes?|jets?|warplanes?|fighters?|fighter[- ]bombers?|bombers?|drones?|helicopters?|"
    r"gunships?|reapers?|flights?|pilots?|"
    r"(?:MQ|MC|RC|KC|RQ|EC|E|P|F/A|F|A|B|C|Su|MiG|Mig|Tu|Il|An|Yak|Ka|Mi)-\d+\w*)"
)
_VEHICLE = (
    r"(?:convoys?|patrols?|vehicles?|trucks?|armou?red\ (?:cars?|vehicles?)|MRAPs?|M-?ATVs?|MaxxPros?|Bradleys?|"
    r"Humvees?|tanks?|columns?)"
)
_STRIKE_NOUN = r"(?:air ?strikes?|airstrikes?|(?:missile|artillery|drone|rocket|retaliatory|precision) strikes?|bombing (?:raids?|runs?|campaign)|bombardment|raids?)"

# Per type: patterns whose match reports an event of that type (case-insensitive).
_PATTERNS: dict[str, tuple[str, ...]] = {
    "ground_confrontation": (
        rf"\b{_VEHICLE}\b[^;]{{0,120}}?\b(?:(?:was|were|had been|has been|have been|being)\s+)?(?:blocked|stopped|turned back|forced (?:back|to (?:turn|return|retreat|withdraw|leave|change|head))|"
        rf"rammed|sideswiped|obstructed|intercepted|prevented|denied (?:passage|entry)|halted|chased|dumped|encountered|confronted)\b",
        rf"\b(?:blocked|stopped|turned back|rammed|sideswiped|obstructed|intercepted|halted|struck|hit|chased|forced back)\b[^;]{{0,60}}?\b{_VEHICLE}\b",
        r"\b(?:collided|collision|collisions|altercation|scuffle|stand-?off|face-?off|confrontation|clash(?:ed|es)?)\b",
        r"\bran\b[^;]{0,40}\boff the road\b",
        r"\b(?:troops|soldiers|servicemen|personnel|forces|military police)\b[^;]{0,80}?\b(?:blocked|stopped|turned back|rammed|obstructed|prevented)\b",
    ),
    "air_encounter": (
        rf"\b{_AIRCRAFT}\b[^;]{{0,140}}?\b(?:intercepted|intercepting|harass(?:ed|ing)|buzz(?:ed|ing)|approached|came (?:dangerously |very |too )?close|"
        rf"fl(?:ew|own|ying|ies) (?:dangerously |very |too |unsafely |extremely )?(?:close|near|within)|fl(?:ew|own|ying|ies) (?:aggressively )?(?:over|around)|overflew|(?:fired|dropped|deployed|released|shot) (?:\w+ )?flares|"
        rf"dumped fuel|clipped|nearly collided|crossed (?:the|a) (?:de-?confliction )?line|violated (?:the|that|this) (?:deal|agreement|line|arrangement)|"
        rf"made (?:a|an) (?:dangerously close|unsafe|unprofessional|close) approach)\b",
        rf"\b(?:intercepted|intercept|harassed|buzzed|approached)\b[^;]{{0,60}}?\b{_AIRCRAFT}\b",
        r"\b(?:near[- ]miss(?:es)?|close (?:calls?|encounters?)|mid-?air collision|unsafe (?:intercepts?|encounters?|maneuvers?|manoeuvres?)|"
        r"unprofessional (?:intercepts?|encounters?|maneuvers?|manoeuvres?)|dangerously close|overflights?)\b",
    ),
    "strike": (
        rf"\b{_STRIKE_NOUN}\b",
        r"\b(?:bombed|bombing|bombarded|shelled|pounded)\b",
        r"\b(?:struck|attacked|hit|targeted|raided)\b[^;]{0,60}?\b(?:base|bases|garrison|positions?|targets?|camp|headquarters|fighters|forces|militants|outpost|sites?|facilit(?:y|ies)|village|town)\b",
        r"\b(?:base|bases|garrison|camp|positions?|sites?|headquarters|outpost|facilit(?:y|ies))\b[^;]{0,80}?\b(?:was|were|had been|has been|have been) (?:attacked|struck|hit|bombed|targeted|shelled)\b",
        r"\b(?:conducted|carried out|launched)\b[^;]{0,40}?\bstrikes?\b",
        r"\b(?:warplanes?|bombers?|jets?|aircraft|planes?|helicopters?|drones?)\b[^;]{0,30}?\b(?:had |have |has )?(?:struck|bombed|hit|attacked|targeted|pounded)\b",
        r"\bstrikes? (?:was|were|had been|have been) (?:conducted|carried out|launched)\b",
    ),
    "humanitarian_access": (
        r"\b(?:aid|humanitarian|relief)\s+(?:deliver(?:y|ies)|convoys?|shipments?|access|distributions?|supplies|operations?)\b",
        r"\bdelays? in (?:assistance|aid|deliveries|humanitarian)\b",
        r"\b(?:distribution|delivery|deliveries)\b[^;]{0,40}?\b(?:completed|arrived|reached|began|ended)\b",
        r"\b(?:aid|relief|humanitarian|U\.?N\.?(?:-led)?|United Nations)\b[^;]{0,60}?\b(?:convoys?|trucks|shipments?|deliver(?:y|ies)|distributions?)\b[^;]{0,80}?\b(?:reached|arrived|entered|delivered|completed|crossed|arriving|reaching)\b",
        r"\b(?:reached|arrived at|entered)\b[^;]{0,40}?\b(?:camp|besieged)\b",
        r"\b(?:delivered|delivering|distributed)\b[^;]{0,40}?\b(?:aid|food|supplies|assistance)\b",
    ),
    "agreement": (
        r"\b(?:signed|reached|struck|concluded|clinched|sealed)\b[^;]{0,60}?\b(?:memorandum|agreement|deal|accord|understanding|protocols?|arrangement|cease-?fire|truce)\b",
        r"\b(?:memorandum|agreement|deal|accord|understanding|protocols?|arrangement|cease-?fire|truce)\b[^;]{0,60}?\b(?:was|were|has been|have been)\s+(?:signed|reached|agreed|concluded)\b",
        r"\bagreed (?:[\w-]+ ){0,3}?(?:to|on|upon)\b",
        r"\bpledged to (?:continue|uphold|maintain|keep)\b",
        r"\b(?:protocols?|agreement|memorandum|arrangement)\b[^;]{0,40}?\b(?:dated|of)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
        r"\bcommitted to by\b",
        r"\b\d+-year-old (?:agreement|deal|memorandum|arrangement)\b",
        r"\b(?:agreement|deal|accord|memorandum|understanding|arrangement|cease-?fire|truce)\s+(?:that|which)\b[^;]{0,50}?\b(?:reached|signed|struck|brokered|agreed)\b",
        r"\b(?:extend(?:ed|ing|s)?|renew(?:ed|ing|s)?|suspend(?:ed|ing|s)?|restor(?:e|ed|ing))\b[^;]{0,50}?\b(?:cease-?fire|truce|agreement|deal|memorandum|arrangement)\b",
    ),
    "proposal": (
        r"\b(?:proposed|proposal|proposes|proposing|suggested (?:removing|establishing|joint|a|that|to|setting)|offered to|called for (?:talks|joint|a))\b",
    ),
    "talks": (
        r"\b(?:(?:tele)?phone (?:call|calls|conversation|conversations|talks)|video(?:-| )?(?:conference|call|link)|spoke (?:by (?:tele)?phone|with|to)|"
        r"held (?:talks|a (?:meeting|call|conversation))|talks (?:were|was) held|met (?:with|in)|a meeting (?:with|between)|talked (?:with|to|by phone))\b",
        r"\b(?:warned|notified|informed|alerted|told)\b[^;]{0,60}?\b(?:before|in advance|ahead of|that it (?:was going|would|intended|planned))\b",
        r"\b(?:advance (?:warning|notice|notification))\b",
    ),
    "accusation": (
        r"\b(?:accused|accuses|accusing|blamed|blames|blaming)\b",
        r"\b(?:to allege|alleged that|alleges that|alleging that|charged that|claimed that)\b",
        r"\b(?:violated|violating|breached)\s+(?:it|the (?:cease-?fire|truce|memorandum))\b",
        r"\b(?:breach(?:ed|es)?|violat(?:ed|ion|ions|ing))\b[^;]{0,40}?\b(?:de-?confliction )?(?:protocols?|airspace|rules|sovereignty)\b",
        r"\bviolations\b[^;]{0,60}?\b(?:recorded|registered|detected)\b",
    ),
}
# A space in a pattern is any run of white space: quote marks read as spaces leave two.
_VIOLATION = re.compile(
    r"\b(?:violated|violating|breached|crossed)\s+(?:the|that|this) (?:de-?confliction )?(?:deal|agreement|line|arrangement|zone)\b", re.I
)
_COMPILED = {t: tuple(re.compile(re.sub(r"(?<!\\) ", r"\\s+", p), re.IGNORECASE) for p in ps) for t, ps in _PATTERNS.items()}

# A sentence (or the clause of its trigger) that imagines, fears or plans an event reports none.
_UNREAL = re.compile(
    r"\b(?:could|would|might|may|can|should|must|will|shall|wants? to|hopes? to|plans? to|seeks? to|aims? to|threatens? to|"
    r"(?:was|were|is|are) (?:going|about|set|ready|prepared) to|intend(?:s|ed)? to|planned to|plann(?:ing|ed) to|"
    r"risk(?:s|ing)? (?:of|a)?|to (?:avoid|prevent|reduce|minimi[sz]e)|avoid(?:ing)?|prevent(?:ing)?|if|unless|potential|possible|"
    r"possibility|danger of|fears? (?:of|that))\b",
    re.I,
)
_DENIED = re.compile(r"\b(?:denied|denies|deny|refuted|rejected|dismissed|no evidence|never|did not|didn't|has not|hasn't|have not|haven't|were not|was not)\b", re.I)
# An ongoing campaign ("has been carrying out airstrikes since 2014", "began air strikes in
# September") is no incident.
_ONGOING = re.compile(
    r"\b(?:has|have) been (?:carrying out|conducting|launching|bombing|striking|flying|operating)\b"
    r"|\b(?:carrying out|conducting)\s+(?:air\s*)?strikes\b"
    r"|\b(?:began|begun|started)\s+(?:its\s+|a\s+|an\s+)?(?:air\s+)?(?:strikes|airstrikes|bombing|campaign|operations?|intervention)\b",
    re.I,
)
# What is done again and again, with no date of its own, is a pattern, not an incident.
HABITUAL = re.compile(
    r"\b(?:repeatedly|routinely|regularly|frequently|often|usually|constantly|always|time and again|"
    r"on (?:multiple|several|numerous|many) occasions)\b",
    re.I,
)


def event_types(sentence: str, in_quote: bool = False) -> list[tuple[str, int]]:
    """(type, offset in `sentence` of the words that decided it) of each event the sentence
    reports, in the order the taxonomy tests them; at most two. `in_quote`: the sentence
    is someone's words, where a charge or a proposal is rhetoric, not an event."""
    found: list[tuple[str, int]] = []
    if _ONGOING.search(sentence):
        return found
    for kind in TYPES:
        if in_quote and kind in ("accusation", "proposal"):
            continue
        for pattern in _COMPILED[kind]:
            m = pattern.search(sentence)
            if m is None:
                continue
            before = sentence[max(0, m.start() - 60) : m.start()]
            clause = before.rsplit(",", 1)[-1]
            if _UNREAL.search(clause) or _DENIED.search(clause[-30:]):
                continue
            found.append((kind, m.start()))
            break
    if not found:
        m = _VIOLATION.search(sentence)
        if m and not _UNREAL.search(sentence[max(0, m.start() - 60) : m.start()].rsplit(",", 1)[-1]):
            found.append((VIOLATION, m.start()))
    return _resolve(found, sentence)


def _resolve(found: list[tuple[str, int]], sentence: str) -> list[tuple[str, int]]:
    kinds = {k for k, _ in found}
    # A strike word in a sentence about aircraft meeting aircraft ("flares struck the MQ-9") or a
    # vehicle hitting another is part of that encounter, not an air strike.
    if "strike" in kinds and (kinds & {"air_encounter", "ground_confrontation"}):
        found = [f for f in found if f[0] != "strike"]
    # A collision of aircraft is an air encounter, not a ground one.
    if "ground_confrontation" in kinds and "air_encounter" in kinds and not re.search(_VEHICLE, sentence, re.I):
        found = [f for f in found if f[0] != "ground_confrontation"]
    # Aircraft that violated the line or the deal: an encounter in the air, which is not a charge in itself.
    if "accusation" in kinds and "air_encounter" in kinds and not re.search(r"\b(?:accus|blam)", sentence, re.I):
        found = [f for f in found if f[0] != "accusation"]
    # "accused X of violating": the charge is the event, not a second one; but "claimed that
    # Russian planes attacked a site" reports the attack.
    kinds = {k for k, _ in found}
    if "accusation" in kinds and len(found) > 1:
        others = [f for f in found if f[0] != "accusation"]
        accusation = next(f for f in found if f[0] == "accusation")
        charge = re.search(r"\b(?:accus|blam|charg)\w*\b[^;]{0,60}?\b(?:of|for)\b", sentence[accusation[1] :], re.I)
        if charge and all(accusation[1] < f[1] for f in others):
            found = [accusation]
        elif not charge and others:
            found = others
    return found[:2]


# Sides: who the events are between. Adjectives and names of forces, as well as the gazetteer's actors.
SIDE_WORDS: dict[str, str] = {
    "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia", "kremlin": "Russia",
    "u.s.": "United States", "us": "United States", "u.s": "United States", "american": "United States",
    "americans": "United States", "united states": "United States", "washington": "United States",
    "pentagon": "United States", "centcom": "United States",
    "coalition": "US-led coalition", "u.s.-led": "US-led coalition", "us-led": "US-led coalition",
    "syrian government": "Syrian government", "syrian regime": "Syrian government", "regime": "Syrian government",
    "pro-assad": "Syrian government", "pro-government": "Syrian government", "damascus": "Syrian government",
    "syrian army": "Syrian government",
    "sdf": "Syrian Democratic Forces", "kurdish": "Syrian Democratic Forces", "kurdish-led": "Syrian Democratic Forces",
    "turkey": "Turkey", "turkish": "Turkey", "ankara": "Turkey",
    "iran": "Iran", "iranian": "Iran", "iran-backed": "Iran", "hezbollah": "Iran",
    "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State", "islamic state": "Islamic State",
    "wagner": "Wagner Group", "mercenaries": "Wagner Group",
    "un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations",
}  # fmt: skip
_SIDES = re.compile(
    r"(?<![\w.-])(?:" + "|".join(re.escape(w) for w in sorted(SIDE_WORDS, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE
)
# Actors of the gazetteer that are sides in their own right.
SIDE_OF_ACTOR = {
    "Russia": "Russia", "United States": "United States", "US-led coalition": "US-led coalition",
    "Syrian government": "Syrian government", "Syrian Democratic Forces": "Syrian Democratic Forces",
    "Turkey": "Turkey", "Iran": "Iran", "Hezbollah": "Iran", "Islamic State": "Islamic State",
    "Wagner Group": "Wagner Group", "United Nations": "United Nations", "Maghaweir al-Thowra": "US-led coalition",
    "Syrian opposition": "Syrian opposition", "al-Nusra Front": "al-Nusra Front",
}  # fmt: skip


def sides_in(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """(side, offset) of each side the text names by a word of SIDE_WORDS, in order."""
    out = []
    for m in _SIDES.finditer(text, start, end):
        word = m.group()
        if word.lower() == "us" and word != "US":  # "us" is a pronoun
            continue
        out.append((SIDE_WORDS[word.lower()], m.start()))
    return out
