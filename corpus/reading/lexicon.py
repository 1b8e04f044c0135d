"""Every word list the reading rules use, once, each with what it is for.

The vocabulary of the rules lives here: speech verbs, titles, role and
organisation words, first names, abbreviations, the nouns that make a source
anonymous or a document. A stage imports the list it needs and builds its
patterns from it; closed-class words that only shape a pattern (prepositions,
conjunctions inside one regular expression) stay in the pattern. Before adding
a word, find the list whose comment says what you mean; tests/test_lexicon.py
checks that lists meant to exclude each other do, and that the lists of verb
forms hold only speech verbs.

Speech verbs are listed by base form; `verb_forms` derives -s, -ed and -ing.
"""

from __future__ import annotations

import re


# Abbreviations (lower case, without their last full stop) after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    a.m adm amb approx apr atty aug brig capt cmdr co col corp cpl d.c dec dr e.g feb ft gen gens gov i.e inc insp
    jan jr lt lt.gen ltd maj mar messrs mr mrs ms mt no nov oct p.m pres prof pvt rep ret rev sec sen sep sept sgt sr st
    supt u.k u.n u.s vs
    """.split()
)


# ... of those, the ones that go before a capitalised word (Gen. Mattis, Sept. 15, No. 10): a capital after
# them does not start a sentence.
TITLE_ABBREVIATIONS = frozenset(
    """
    adm amb apr atty aug brig capt cmdr col cpl dec dr feb ft gen gov jan lt maj mar mr mrs ms mt no nov oct prof
    pvt rep rev sec sen sep sept sgt st
    """.split()
)


# Abbreviations that stand inside a person's name or its title ("Gen. Valery Gerasimov", "John Smith Jr."),
# as written.
NAME_ABBREVIATIONS = tuple(
    """
    Gen Col Lt Sgt Sen Rep Gov Mr Mrs Ms Dr Adm Capt Maj St Jr Sr Rev Brig Prof Cmdr Cpl Pvt Sec Gens Messrs
    """.split()
)


# Abbreviations whose full stop does not end the noun phrase after a cue ("said Gen. Joseph Votel",
# "said U.S. officials"), as written.
PHRASE_ABBREVIATIONS = tuple(
    """
    Gen Col Lt Sgt Sen Rep Gov Mr Mrs Ms Dr Adm Capt Maj St Jr Sr Rev Sept U.S U.K U.N D.C
    """.split()
)


# Words that start a sentence after "U.S." and the like: only they make "in the U.S. The" two sentences.
SENTENCE_STARTERS = tuple(
    """
    The A An He She It They We I In On At But And This That These Those His Her Its Their There When While After
    Before As If Some Many Most Officials Russia Moscow
    """.split()
)


# Verbs that report speech or writing, by base form: their forms are cues ("said", "tells", "warning").
SPEECH_VERB_BASES = tuple(
    """
    say tell add state declare write tweet post explain note ask reply respond continue insist argue claim warn
    acknowledge admit recall remember remark announce quip joke counter concede suggest emphasize emphasise stress
    describe call predict urge shout yell testify report confirm deny complain boast vow promise observe conclude
    lament muse allege charge accuse assert maintain contend caution recount reiterate repeat reveal mention tout
    brag demand quote cite pledge retort exclaim whisper plead proclaim blast slam chide scoff thunder gush concur
    opine wonder characterize characterise anticipate estimate agree disagree comment scream chant criticize
    criticise mock dismiss summarize summarise label brand dub term instruct advise recommend propose threaten
    hint indicate signal clarify elaborate fume decry question rail lash vent marvel defend condemn liken compare
    hail laud praise denounce deride portray paint refer pitch ridicule lambaste welcome attack applaud blame
    credit thank publicize publicise assess affirm reaffirm boom bellow mutter murmur sneer growl enthuse
    """.split()
)


# Irregular forms of speech verbs (and of verbs of knowing, as "thought", that report a view).
SPEECH_VERB_IRREGULAR = tuple(
    """
    said says told wrote written began begun sang spoke spoken thought knew found felt heard read reads
    """.split()
)


# Bases whose last consonant doubles before -ed and -ing (a stressed short final syllable), and
# those that double it in British spelling only: "quipped", "concurred"; "labelled" beside "labeled".
DOUBLING_BASES = frozenset("admit brag concur dub quip refer slam".split())
BRITISH_DOUBLING_BASES = frozenset("label marvel signal".split())


def verb_forms(base: str) -> set[str]:
    """A verb's base, -s, -ed and -ing forms: say, says, sayed (harmless), saying."""
    if base.endswith("ee"):
        return {base, base + "s", base + "d", base + "ing"}
    if base.endswith("e"):
        stem = base[:-1]
        return {base, base + "s", base + "d", stem + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base in DOUBLING_BASES:
        return {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    if base.endswith(("s", "sh", "ch", "x")):
        return {base, base + "es", base + "ed", base + "ing"}
    forms = {base, base + "s", base + "ed", base + "ing"}
    if base in BRITISH_DOUBLING_BASES:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


# Every form of every speech verb: the cue words.
SPEECH_VERBS = frozenset({f for b in SPEECH_VERB_BASES for f in verb_forms(b)} | set(SPEECH_VERB_IRREGULAR))


# Verbs that report speech with their particle only: "shot back", "pointed out", "chimed in".
PHRASAL_SPEECH_VERBS = {
    **dict.fromkeys("shot shoots shooting fired fires firing hit hits hitting".split(), "back"),
    **dict.fromkeys("point points pointed pointing".split(), "out"),
    **dict.fromkeys("chime chimes chimed chiming weigh weighs weighed weighing".split(), "in"),
}


# Capitalised speech verbs that open an inverted attribution: "Said Melnik: ...".
INVERTED_OPENERS = frozenset(
    """
    Added Adds Asked Explained Noted Recalled Said Says Writes Wrote
    """.split()
)


# Speech verb forms that are never nouns: "a senior official said", "he's told".
NEVER_NOUNS = frozenset(
    """
    added adds asked explained insisted said says tells told writes wrote
    """.split()
)


# Speech verbs that put their subject after them: "..., said Christine Link, director of the group."
INVERTING_VERBS = frozenset(
    """
    added adds asked asks continued explained noted recalled said says writes wrote
    """.split()
)


# Speech verb forms whose object is the one spoken to, not the speaker: "telling Reuters, ...".
ADDRESSEE_VERBS = frozenset(
    """
    accused accusing ask asked asking asks attacked attacking blasted call called calling calls cite cited cites
    citing criticized criticizing praised praising quote quoted quotes quoting slammed tell telling tells thanked
    thanking told urged urging warned warning welcomed
    """.split()
)


# Speech verbs (base forms) whose subject is not thereby a source: "Russia attacked", "Kerry thanked".
NOT_REPORTING_VERBS = frozenset(
    """
    agree applaud attack compare concur continue counter credit defend deride disagree dismiss hail laud liken
    mock paint pitch pledge portray praise promise question refer repeat ridicule signal thank vow welcome
    """.split()
)


# Words of a title before a person's name (lower case): "Army Col.", "Foreign Minister", "Rep.".
TITLES = frozenset(
    """
    acting adm adm. admiral adviser advisor agent air ambassador american analyst army assistant associate
    attorney brig. brigadier british brother candidate capt capt. captain ceo chair chairman chairwoman chancellor
    alderman alderwoman chief coach col col. colonel commander commissioner congressman congresswoman councillor
    councilman councilor councilwoman counsel crown dame
    defence defense democrat democratic deputy detective director dr dr. economist emir envoy executive father
    field first force foreign former founder gen gen. general general's gop gov gov. governor historian house imam
    independent interim judge justice king lady lawyer leader lieutenant lord lt lt. maj maj. major majority
    manager marine marshal mayor mep minister minority mla mp mr mr. mrs mrs. ms ms. msp national navy nominee of
    officer pastor pollster pope premier president presidential press prime prince prof. professor prosecutor
    queen rabbi rank rear rep rep. representative republican rev. reverend russian sec. secretary security sen sen.
    senate senator sergeant sgt sgt. shadow sheikh sheriff sir sister speaker special spokesman spokesperson
    spokeswoman staff state strategist syrian top trooper u.s. under undersecretary us vice whip
    """.split()
)


# Words for a person's role, in lower case before or after a name: "shadow chancellor Oliver Letwin",
# "Dr Mike Watts head of exploration".
ROLE_NOUNS = frozenset(
    """
    actor actress adviser advisor ambassador analyst author boss captain chairman chairwoman chancellor chief
    coach colonel commander defender deputy director economist editor envoy executive founder general goalkeeper
    governor head judge lawyer leader manager mayor midfielder minister owner partner player presenter president
    professor prosecutor researcher secretary senator singer spokesman spokesperson spokeswoman striker
    """.split()
)


# Words that make a capitalised run an organisation, never a person: "Defense Department", "Reuters".
ORGANISATION_WORDS = frozenset(
    """
    abc administration afp agency airlines ap army association axios bank bbc bloomberg board bureau campaign cbs
    center centre church cia city club cnn coalition college command commission committee company congress corp
    corp. corporation council county court daily department dnc embassy eu fbi federal federation forces
    foundation fox fund gop government group guard guardian headquarters herald house hts inc inc. institute isil
    isis journal kremlin league magazine military ministry monitor msnbc nation nations nato navy nbc network news
    newsweek npr nsa observatory office organisation organization pac party pentagon police politico post press
    radio republic reuters review rnc school sdf senate service staff state states street tass team telegraph
    times tribune tv u.n. un union university ypg
    academy act alliance assembly authority caucus chamber conference convention electric energy holdings hospital
    industries initiative institution motors museum parliament partners program programme project room society
    systems tribunal
    championship championships cup olympics open
    """.split()
)


# Capitalised words that are never part of a person's name: days, months, function words, nationalities.
NOT_NAMES = frozenset(
    """
    a african after all also although american americans an and april arab as asked at aug. august because before
    british but by chinese christian dec. december democrats dr dr. european even feb. february for french friday
    from german god he her here his how however i if in iranian iraqi israeli it its jan. january jewish july june
    just kurdish like march may meanwhile monday mr mr. mrs mrs. ms ms. muslim no not nov. november now oct.
    october of on one or our republicans russian russians saturday sept sept. september she since so some soviet
    still sunday syrian syrians that the their then there these they this those though thursday to tuesday turkish
    until we wednesday western what when where whether while who why with yes yet
    """.split()
)


# Words that open a capitalised run without being part of the name after them, as NOT_NAMES
# do, but that may head a phrase that speaks ("Many said", "a Republican said", "the Australian
# said"), so kept out of NOT_NAMES (and NOT_HEADS): "Despite Ted Cruz", "Certainly Ronald Reagan",
# "Nevada Democratic", "Australian Open". Nationalities that are also surnames (English, Irish,
# Welsh, Cuban) are left out.
RUN_OPENERS = frozenset(
    """
    about above across against along amid among another any around behind below beneath beside besides between
    beyond both despite during each either every everything few instead many most much neither nevertheless
    nonetheless nothing other otherwise over perhaps several such therefore through throughout thus under unless
    unlike upon whatever whereas whoever within without
    actually additionally apparently certainly clearly currently eventually finally initially notably obviously
    previously recently separately similarly ultimately unfortunately
    democrat democratic republican
    afghan albanian algerian argentine argentinian armenian asian australian austrian azerbaijani bahraini
    bangladeshi belarusian belgian bolivian bosnian brazilian bulgarian cambodian canadian chilean colombian
    congolese croatian cypriot czech danish dutch ecuadorian egyptian emirati eritrean estonian ethiopian
    filipino finnish ghanaian greek haitian hispanic hungarian icelandic indian indonesian italian jamaican
    japanese jordanian kazakh kenyan korean kuwaiti latvian lebanese libyan lithuanian malaysian maltese mexican
    moroccan nepalese nigerian norwegian omani pakistani palestinian peruvian polish portuguese qatari romanian
    saudi scottish serbian slovak somali spanish sudanese swedish swiss taiwanese thai tunisian ugandan ukrainian
    uzbek venezuelan vietnamese yemeni zimbabwean
    """.split()
)


# US states that are never a person's name (Georgia, Virginia, Washington, Montana and the Dakotas' words are):
# "Kentucky Republican", "New Hampshire" in a capitalised run are places, never people.
US_STATES = frozenset(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois
    indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
    nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont wisconsin wyoming
    """.split()
)
US_STATE_PAIRS = frozenset(
    ("new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "rhode island",
     "south carolina", "south dakota", "west virginia")
)


# Lower-case particles inside a person's name: "Bashar al-Assad", "Ursula von der Leyen".
NAME_PARTICLES = tuple(
    """
    al el bin ibn de del van von der da di du la le
    """.split()
)


# Titles that tell a woman: "Mrs.", "spokeswoman".
FEMALE_TITLES = frozenset(
    """
    businesswoman chairwoman congresswoman councilwoman dame lady madam madame miss mrs mrs. ms ms. princess queen
    sister spokeswoman
    """.split()
)


# Titles that tell a man: "Mr.", "spokesman".
MALE_TITLES = frozenset(
    """
    brother businessman chairman congressman councilman father king lord mr mr. prince sir spokesman
    """.split()
)


# Common women's first names, enough to keep "he" from resolving to Hillary Clinton.
FEMALE_NAMES = frozenset(
    """
    amy angela ann anna anne barbara carly carol catherine chelsea claire condoleezza debbie dianne donna
    ekaterina elena elizabeth federica heidi hillary huma irina ivanka janet jean jeanne jennifer jill joni julia
    kamala karen kate katherine kelly kellyanne kirsten laura linda lindsey lisa loretta ludmila madeleine maggie
    margaret maria marie marina marsha mary megyn melania michelle nancy natalia nikki olga patricia ruth sally
    samantha sandra sarah susan susana svetlana tammy tatiana theresa tulsi ursula valentina yulia
    """.split()
)


# Common men's first names, so that "she" does not resolve to Jeremy Philpott.
MALE_NAMES = frozenset(
    """
    aaron abdullah adam ahmad ahmed alan alastair albert alexander alexei alexey ali anatoly andrei andrew andrey
    anthony arthur austin barack bashar benjamin bernie bill billy bob bobby boris brandon brian bruce bryan carl
    charles chris christopher clive colin daniel david dennis dick dmitri dmitry donald douglas dylan ed
    edward elijah emmanuel eric ethan eugene francois frank gabriel gary gennady george gerald gerhard gordon
    graham gregory hafez hamish harold harry hassan helmut henry hulusi hussein ian ibrahim igor ivan jack jacob
    jacques james jason jeb jeffrey jeremy jerry jesse jim joe john johnny jonathan jordan jose joseph joshua juan
    justin keith ken kenneth kevin khalid konstantin kyle larry lawrence leonid logan louis mahmoud malcolm marco
    mark martin matthew maxim mevlut michael mike mikhail mitch mitt mohammad mohammed muhammad nathan neil newt
    nicholas nick nigel nikolai noah olaf oleg omar patrick paul pavel peter philip pierre ralph rand randy
    raymond recep richard rick robert roger ronald roy rudy russell ryan samuel scott sean sergei sergey simon
    stephen steven tayyip ted terry thomas tim timothy tom tony tyler valery vasily viktor vincent vladimir walter
    wayne william willie yuri yury zachary
    """.split()
)


# Subject pronouns and what they stand for.
PRONOUNS = {'he': 'person', 'she': 'person', 'they': 'plural', 'it': 'thing', 'we': 'plural', 'i': 'self'}


# Object pronouns, by the subject pronoun of the same person: "quoted him as saying".
OBJECT_PRONOUNS = {'him': 'he', 'her': 'she', 'them': 'they'}


# Words before a speaker's noun that are not part of its name or role: "a senior official", "two diplomats".
DETERMINERS = frozenset(
    """
    a an anonymous another both few four her his its many most one other our senior several some that the their
    these this those three two unnamed
    """.split()
)


# A question's auxiliary or a sentence adverb that may open a capitalised run before a name
# ("Did Donald Trump …?", "Even Lindsey Graham said"); not "Will" or "Can", first names too.
CLAUSE_OPENERS = frozenset("Maybe Perhaps Even Did Does Do Had Has Have Could Would Should Is Was Were Are".split())


# Conjunctions that open a subordinate clause: "When told ..., Bush said" has no subject "When".
SUBORDINATORS = frozenset(
    """
    after although because before if once since though unless until when whenever where wherever while whilst
    """.split()
)


# Words that are never, alone, the subject of a speech verb: "Then said ...", "However, ...".
NOT_SUBJECTS = frozenset(
    """
    after also although and as because before but here however if instead meanwhile now once or since so still
    then there though until when while yet
    """.split()
)


# Words before a name that make it the object, not the speaker: "a spokesman for President Putin".
GOVERNING_WORDS = frozenset(
    """
    a about against an and as at by for from in like of on or said says than the to told toward towards under with
    """.split()
)


# Words that name no outlet by themselves, dropped from an outlet's name: "the state-run news agency SANA".
GENERIC_OUTLET_WORDS = frozenset(
    """
    agency magazine newspaper state-run the website
    """.split()
)


# Speech verb forms that, right after a capitalised word, show that it names a person: "Melnik said",
# "Ryan noted". "as saying" too: "quoted Ryabkov as saying".
SPEAKS_AFTER_NAME = NEVER_NOUNS | {"noted", "argued"}


# Speech verb forms that, right before a capitalised word, show that it names a person: "said Melnik",
# "quoting Ryabkov"; "according to" too.
SPOKE_BEFORE_NAME = INVERTING_VERBS | {"quoted", "quoting"}


# Speech verbs that open reported speech inside reported speech: "the ministry said Lavrov had called for ...".
REPORTED_SPEECH_VERBS = frozenset(
    """
    said says say told tells added wrote reported claimed argued insisted warned noted announced
    """.split()
)


# Verbs of belief that open reported thought the same way: "officials believe Moscow had ..."; their subject
# is a source too.
BELIEF_VERBS = frozenset({"believes", "believed", "thinks", "thought"})


# Participles of speech verbs after "quoted X as": "Tass quoted Ryabkov as saying".
AS_SAYING = ("saying", "telling", "stating", "writing", "adding")


# People spoken of in the plural, who speak as a group or unnamed: "officials said", "two diplomats told".
PEOPLE_PLURALS = tuple(
    """
    officials sources aides advisers advisors experts analysts critics supporters opponents residents witnesses
    lawmakers diplomats officers activists observers insiders people voters leaders members staffers spokesmen
    spokeswomen spokespeople investigators prosecutors authorities police researchers scientists economists
    doctors protesters demonstrators persons commanders soldiers troops
    """.split()
)


def singular(plural: str) -> str:
    """The singular of a word of PEOPLE_PLURALS (people and police have none: themselves)."""
    for ending, replacement in (("spokespeople", "spokesperson"), ("men", "man"), ("women", "woman"), ("witnesses", "witness")):
        if plural.endswith(ending):
            return plural[: -len(ending)] + replacement
    if plural in ("people", "police", "troops", "authorities"):
        return plural
    return plural[:-1] if plural.endswith("s") else plural


# Past tenses that are not -ed: "Ruiz stepped up and said", "the ministry took ...".
IRREGULAR_PAST = tuple(
    """
    said told wrote made took gave spoke went came hit put set began sent led left met held kept read ran saw stood
    broke brought bought built chose drew drove fought found got grew heard knew lost meant paid rose sought sold
    shot struck swore taught thought threw understood won wore stepped tied
    """.split()
)


# Words that never end a subject phrase: "the ministry and", "officials of".
NOT_SUBJECT_ENDS = frozenset({"and", "or", "but", "nor", "of", "the", "a", "to"})


# Pronouns that are never a source, as a subject or after "according to": "I said", "told us".
# A title after one of these is another office: "the chancellor" is not "shadow chancellor X".
OTHER_OFFICE_WORDS = frozenset("shadow deputy vice former ex acting assistant junior under associate interim".split())

# Speaking names a source only with what was said: "spoke about", not "spoke at a rally".
SPEAK_FORMS = frozenset({"speak", "speaks", "spoke", "spoken", "speaking"})

# What one is denied or refused, not a claim one denies: "the suspect's friend denied bail".
DENIED_THINGS = frozenset({
    "bail", "entry", "access", "permission", "parole", "asylum", "boarding", "tenure", "admission",
    "a visa", "visas", "a permit", "permits", "a passport", "passage", "service", "treatment", "care", "clemency",
})  # fmt: skip

# What one takes by claiming it, not a thing said: "the combined company claiming residency in
# Ireland", "the strike claimed the lives of ten".
CLAIMED_THINGS = frozenset({
    "residency", "citizenship", "asylum", "ownership", "custody", "lives", "the lives",
    "the nomination", "the title", "the crown", "the throne", "a seat", "the seat", "seats", "territory",
    "benefits", "a refund", "refunds", "damages", "compensation", "first place", "the top spot",
})  # fmt: skip

# What one cites as a reason or an example, not as where information comes from: "cited his
# record", "citing the release of political prisoners", "cited the government's decision".
CITED_REASONS = frozenset("decision figure plan platform precedent proposal record release result".split())

# Particles that close a phrasal verb: "an email sent out by Sanders", "the convoy turned back".
PARTICLES = frozenset("away back down off out over up".split())

# Nouns for the press that stand alone as a subject, as bare plurals of people do: "media reported that".
BARE_OUTLET_NOUNS = frozenset({"media", "outlets", "newspapers", "broadcasters"})

# Capitalised at a sentence's start before "media", no part of an outlet's name: "Local media".
MEDIA_ADJECTIVES = frozenset(
    "Local Foreign Western Independent Opposition Regional International Mainstream Social Pro-government Pro-Kremlin Government".split()
)

# Before a capitalised word, always a surname: "Mr. King", "Dr. Bishop" (not the titles king, bishop).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})

NOT_SOURCE_PRONOUNS = frozenset({"i", "we", "you", "him", "her", "them", "me", "us", "anybody", "anyone", "everybody", "everyone"})


# Nouns for a person, in the singular (plurals are derived): the head word of an unnamed speaker or
# source — "a senior official", "the spokeswoman", "two diplomats". Nouns of the agent forms -er, -or,
# -ist, -ian, -ant and -ent need not be listed ("negotiator", "historian").
PERSON_NOUNS = frozenset(
    """
    acquaintance activist actor actress adviser advisor advocate agent aide airman ally ambassador analyst
    associate
    anchor athlete attendee attorney aunt backer billionaire bishop boss boy boyfriend businessman
    businesswoman candidate celebrity chair chairman chairwoman challenger chief child children citizen
    classmate coach colleague columnist comedian commander commentator confidant congressman congresswoman
    conservative contender cop correspondent counsel cousin critic dad daughter delegate democrat deputy
    diplomat director doc doctor donor editor employee envoy everyone evangelical executive expert fan father
    fiancee fighter firefighter folk folks founder friend front-runner frontrunner general girl girlfriend guru
    governor grandfather grandmother guard guest guy head hopeful host husband imam immigrant incumbent
    independent insider intern investigator journalist judge justice kid king lady lawmaker lawyer leader
    legislator liberal lobbyist local loyalist magnate man manager marine mayor medic member militant
    millionaire moderate moderator mogul mom mother native neighbor neighbour nephew niece nominee nurse
    observer officer official operative opponent organiser organizer owner parent participant partner pastor
    person physician pilot player pollster pope president priest prince princess progressive prosecutor
    protester pundit queen rabbi rebel refugee relative reporter representative republican researcher
    resident rival roommate sailor scholar scientist secretary senator sheriff singer sister someone somebody
    son source speaker spokesman spokesperson spokeswoman staffer star strategist student supporter surgeon
    surrogate survivor teacher tycoon uncle veteran victim voter widow wife witness woman worker
    """.split()
)


# Nouns for a body that speaks as one, in the singular: "the ministry", "its embassy", "the campaign".
BODY_NOUNS = frozenset(
    """
    administration agency airline alliance army association audience authority automaker bank board body bureau
    business cabinet campaign camp carrier caucus center centre church city club coalition college command
    community
    commission committee company congress consulate council country county court crowd delegation department
    district electorate embassy faction family firm force foundation fund government group headquarters
    hospital house institute league leadership legislature military ministry mission monitor movement navy
    observatory office organisation organization panel parliament party police public regime school senate
    service side staff state team town union university village watchdog wing
    """.split()
)


# Words of the agent forms (-er, -or, -ist, -ian, -ant, -ent) that name no one: "the border", "the number",
# "the incident", "a helicopter", "his anger".
NOT_AGENTS = frozenset(
    """
    after another border character corner counter dinner either factor favor favour forever former further
    moreover whatever whenever wherever
    answer bigger better bolder broader cheaper closer computer danger deeper earlier error farther faster
    fewer greater harder higher honor instant item labor larger later latter letter longer lower major matter
    meant minor motor never newer older poorer richer safer smaller stronger tougher weaker wider younger
    neither number offer order other over paper percent plant power quarter rather sector summer terror
    together tower under water weather whether winter
    anger barrier behavior behaviour color colour corridor cover disaster disorder door encounter exterior
    fever filter finger floor frontier harbor harbour horror humor humour hunger interior ladder laughter
    manner metaphor mirror monster murder river roster rumor rumour semester shoulder silver slaughter
    theater theatre thunder tremor wonder
    container destroyer detector helicopter launcher reactor sensor tanker tractor trigger
    accident component consent content continent descent dissent event extent incident intent patent
    precedent talent torrent
    constant covenant grant pageant remnant restaurant variant warrant median twist wrist
    """.split()
)


# Nouns that name a document or a record, which can be a source ("the report said", "a poll found"), in the
# singular.
DOCUMENT_NOUNS = frozenset(
    """
    account ad advertisement affidavit agreement analysis article assessment audit autobiography average bill
    biography book brief briefing cable calculation chart clip commercial communique communiqué complaint count data decision description
    document draft editorial email e-mail estimate evidence figure filing finding footage graphic index
    indictment investigation image interview lawsuit letter manifesto manuscript map memo memoir memorandum
    message motion note notice opinion order paper passage petition photo photograph picture plan platform poll polling post projection proposal ranking
    readout record release report resolution result review ruling schedule statement story study suit summary
    survey tally testimony timeline transcript tweet version video voice voice-over voiceover
    """.split()
)


# Of those, what shows without speaking: never a quote's speaker ("Video" does not say “…”).
VISUAL_NOUNS = frozenset(
    """
    chart footage graphic image map photo photograph picture video
    """.split()
)


# Nouns for a news outlet, the head of "the newspaper", "a state news agency", "Russian media".
OUTLET_NOUNS = frozenset(
    """
    blog broadcaster channel daily journal magazine media network newspaper outlet podcast press publication
    radio site station tabloid television tv website wire
    """.split()
)


# Words that count or pick out some of a group, heads only with "of" after them: "some of his aides",
# "two of the officials"; alone ("Two", "Some said") they name no one the reader can look up.
QUANTIFIERS = frozenset(
    """
    all any array both bunch couple dozen dozens each either eight enough few five fraction four half handful hundreds
    lot majority many minority more most neither nine none number one pair part percent plurality portion
    quarter several seven share six slew some ten third thirds three trio two
    """.split()
)


# Adjectives of the actors, for a body a possessive names: "its embassy" (of Russia) → "Russian embassy".
DEMONYMS = {
    "Russia": "Russian", "United States": "U.S.", "Syria": "Syrian", "Syrian government": "Syrian", "Turkey": "Turkish",
    "Iran": "Iranian", "Israel": "Israeli", "United Kingdom": "British", "China": "Chinese", "France": "French",
    "Germany": "German", "Iraq": "Iraqi", "Jordan": "Jordanian", "Ukraine": "Ukrainian",
}  # fmt: skip


# Words that end a noun phrase's head and open what qualifies it: "the head of the union", "a spokesman for
# the embassy", "officials familiar with the talks", "a scholar who reposted the video".
POSTMODIFIER_WORDS = frozenset(
    """
    about according across after against along amid among around as at before behind between beyond by close
    during familiar for from in inside into involved near of on onto outside over representing since than
    that through throughout to toward towards under upon via which who whom whose with within without
    working
    """.split()
)


# Auxiliaries a bare verb follows: "Walker didn’t seem …", "the senator could say …".
BARE_VERB_AUXILIARIES = frozenset("can could did do does may might must should".split())


# Verbs that name what a scare-quoted term is and whose subject gave it: "what he calls “…”".
NAMING_VERBS = frozenset({f for base in ("call", "describe", "dub", "term") for f in verb_forms(base)})


# Words that are never inside a noun phrase's words before its head: verbs and auxiliaries ("US jets fired",
# "he should"), negation.
NOT_IN_NOUN_PHRASE = frozenset(
    """
    am are be been being can cannot could did do does had has have is may might must never not shall should
    was were will would
    """.split()
)


# Determiners and possessives that open a noun phrase; inside one (not after "of", "and" or a
# possessive) they start another: "the first time the two men".
PHRASE_OPENERS = frozenset(
    """
    a an her his its my our that the their these this those your
    """.split()
)


# Capitalised words that are never the head of a name that speaks ("Wednesday said", "All said", "Overall,
# …"): the words that are never names, but for the peoples and parties ("Russians said", "Democrats say").
NOT_HEADS = (NOT_NAMES - {"americans", "russians", "syrians", "democrats", "republicans"}) | {"all", "just", "overall", "both", "each", "having"}


# Forms of speech verbs whose subject is never thereby a source: "the war began", "she felt", "he read".
NOT_SOURCE_FORMS = frozenset(
    """
    began begun felt heard knew read sang thought
    """.split()
)


# Forms of speech verbs that are nouns as often: after a noun that names no speaker they are nouns ("a
# phone call", "media reports", "battleground states"), after a name, a speaker or a pronoun verbs.
NOUN_LIKE_CUES = frozenset(
    """
    answer answers attack attacks blast blasts boast boasts brand brands call calls charge charges chant chants
    claim claims comment comments counter counters demand demands estimate estimates hint hints joke jokes
    label labels mention mentions note notes pledge pledges post posts promise promises question questions
    quote quotes remark remarks reply replies report reports shout shouts signal signals slam slams state states
    term terms tweet tweets vow vows whisper whispers
    """.split()
)


# Documents that are someone's words: "the ministry said in a statement … the statement said" is the
# ministry speaking.
STATEMENT_NOUNS = frozenset(
    """
    account communique communiqué description email e-mail letter message note notice post readout release
    statement tweet
    """.split()
)

# Documents a body writes up and publishes: "the report" may name one introduced as "an
# assessment" or "a review" (one family, `document_family`).
REPORT_NOUNS = frozenset("analysis assessment audit report review study".split())
OWNED_NOUNS = STATEMENT_NOUNS | REPORT_NOUNS  # documents whose author an article names ("X said in a statement")


def document_family(noun: str) -> str:
    """The noun an owned document is matched by: a report's kinds are one."""
    return "report" if noun in REPORT_NOUNS else noun


# Participles that are adjectives before a noun ("armed forces", "unnamed officials", "a retired general");
# any other lower-case -ed word after a noun is a verb ("group released images") or opens what
# qualifies it ("officials cited by CNN", "a video published by the Russian side").
PARTICIPLE_ADJECTIVES = frozenset(
    """
    alleged appointed armed concerned detained elected embattled exiled frustrated informed injured interested
    involved jailed killed named registered retired self-described so-called unidentified united unnamed
    wounded
    """.split()
)


# Speech verbs (base forms) that report only with what was said after them ("maintained that …", "proposed
# that …"); with a thing after them they report none ("maintains a lead", "proposed talks").
CLAUSE_VERBS = frozenset(
    """
    maintain propose warn
    """.split()
)


# Words after "those" that make it someone: "those close to him", "those surveyed", "those over 60".
THOSE_WHO = frozenset(
    """
    asked at close familiar in inside interviewed involved over polled surveyed under with
    """.split()
)


# Words that open a subject phrase without being part of it: "And then Trump", "But even the ministry".
OPENING_WORDS = frozenset(
    """
    also and but even now or so still then yet
    """.split()
)
