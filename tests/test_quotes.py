import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import SAMPLES_DIR, load_corpus, parse_article
from corpus.reading.attribution import attribute as find_quotes


def _article(text):
    return parse_article("t.txt", "Headline\n\n" + textwrap.dedent(text).strip() + "\n")


def _quotes(text):
    return [(q.text, q.kind, q.speaker) for q in find_quotes(_article(text))]


def test_curly_and_straight_marks_mixed():
    assert _quotes("“Let’s take Al Tanf, for example,\" he said. The rest.") == [
        ("Let’s take Al Tanf, for example,", "quote", None)
    ]


def test_apostrophes_are_never_marks():
    text = "Russia’s forces and the U.S.-backed Kurds’ units don't move, Smith's aide said. It's the '90s."
    assert _quotes(text) == []


def test_closing_mark_after_punctuation_keeps_the_punctuation():
    [(text, kind, _)] = _quotes('Ryan said "no, not at all."')
    assert text == "no, not at all." and kind == "quote"


def test_mid_sentence_quote_and_ellipsis():
    [(text, _, _)] = _quotes('Karpov described it as "another case of … violation of the protocols."')
    assert text == "another case of … violation of the protocols."


def test_scare_quoted_terms_are_fragments():
    assert [k for _, k, _ in _quotes("factions designated as “terrorist.” and “prior notice” of it.")] == ["fragment", "fragment"]


def test_nested_single_quotes_stay_inside():
    [(text, _, _)] = _quotes("“He called it ‘a deal’ and left,” she said.")
    assert text == "He called it ‘a deal’ and left,"


def test_archive_double_apostrophes():
    [(text, _, _)] = _quotes("The minister said, ''We will not leave the base.'' Then he left.")
    assert text == "We will not leave the base."


def test_multi_paragraph_quote_parts():
    quotes = find_quotes(
        _article(
            """
            Jane Smith, the envoy, said: “We will talk to them.

            “We will not give up the base, and nobody should think otherwise.”
            """
        )
    )
    assert [q.text for q in quotes] == ["We will talk to them.", "We will not give up the base, and nobody should think otherwise."]
    assert quotes[1].continues and not quotes[0].continues
    assert {q.speaker for q in quotes} == {"Jane Smith"}


def test_single_quote_articles():
    [(text, kind, _)] = _quotes("The envoy said: ‘We will not leave the base at all.’ He left.")
    assert text == "We will not leave the base at all." and kind == "quote"


@pytest.fixture(scope="module")
def samples():
    return load_corpus(SAMPLES_DIR)[0]


def test_sample_offsets_hold(samples):
    for a in samples:
        for q in find_quotes(a):
            assert a.text[q.start : q.end] == q.text
            if q.speaker_span:
                s, e = q.speaker_span
                assert 0 <= s < e <= len(a.text)


def test_quotes_skip_boilerplate(samples):
    moscow = next(a for a in samples if a.id.startswith("001"))
    boiler = moscow.boilerplate_spans
    for q in find_quotes(moscow):
        assert not any(s <= q.start < e for s, e in boiler)


_pieces = st.lists(
    st.sampled_from(["said", " ", "\n\n", "“", "”", '"', "'", "’", "‘", "''", "he", "Smith", ",", ".", "word", "U.S.", "…"]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_pieces)
def test_offsets_hold_for_any_text(pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    a = parse_article("t.txt", "Headline\n\n" + text)
    for q in find_quotes(a):
        assert a.text[q.start : q.end] == q.text
        assert q.kind in ("quote", "fragment")
        assert q.start <= q.end


# Speakers: every attribution form of issue 4.


def _speakers(text):
    a = _article(text)
    return [(q.text, q.speaker, a.text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None, q.cue) for q in find_quotes(a)]


@pytest.mark.parametrize(
    ("text", "speaker", "mention"),
    [
        ("“We are ready to talk,” Lavrov said.", "Lavrov", "Lavrov"),
        ("“We are ready to talk,” said Sergey Lavrov.", "Sergey Lavrov", "Sergey Lavrov"),
        ("“We are ready to talk,” Kerry told reporters on Wednesday.", "Kerry", "Kerry"),
        ("Kerry said: “We are ready to talk about the proposal.”", "Kerry", "Kerry"),
        ("The talks are “going nowhere at all,” according to a senior U.S. official.", "a senior U.S. official", "a senior U.S. official"),
        ("“We are ready to talk,” the State Department said.", "State Department", "the State Department"),
        ("The embassy tweeted that the presence is “illegal in the first place.”", "The embassy", "The embassy"),
        ("The report said that Russia “seeks to harass and constrain U.S. forces.”", "The report", "The report"),
        ("Army Col. Sean Ryan, a spokesman for the coalition, said “no, not at all.”", "Sean Ryan", "Army Col. Sean Ryan"),
        ("Karpov described the incident as “another case of violation of the protocols.”", "Karpov", "Karpov"),
        # a verb of how it was said: boomed, bellowed
        ("The general leaned in and boomed: “We will not be pushed out of this valley.”", "The general", "The general"),
        # an age, or a town and its state, set off by commas inside the appositive
        ("“I saw the convoy turn back,” Rania Khalil, 34, a teacher in Qamishli, said.", "Rania Khalil", "Rania Khalil"),
        ("“I would have been sitting in a cell,” Mr. Daniloff, a retired reporter in Cambridge, Mass., said by telephone.", "Daniloff", "Mr. Daniloff"),
        ("“The base was quiet,” Mr. Ford, a former envoy living in Alexandria, Va., said on Monday.", "Ford", "Mr. Ford"),
        ("“Both sides scare me,” Omar Saleh, of Raleigh, N.C., who was among those polled, said.", "Omar Saleh", "Omar Saleh"),
        # a sentence with no speech verb speaks for its subject, set off by an appositive too
        ("Rami Khalil, the Kurdish commander of the Hasakah unit, has egged on his fighters on Facebook with pep talks like “the convoy will not pass the river this week.”", "Rami Khalil", "Rami Khalil"),
        ("Senate Majority Leader Mitch McConnell, R-Ky., delivered a blunt message to the envoy: “It is time to quit attacking the convoy.”", "Mitch McConnell", "Senate Majority Leader Mitch McConnell"),
        # a day between the subject and its verb
        ("The ministry on Monday stepped up its attacks on the coalition, saying the strike was “a provocation.”", "The ministry", "The ministry"),
        # "charged" a price is no cue: the speaker is who called it so
        ("Under what Mr. Hedge called “the old model,” the Tanf Country Club, a private course near the base, charged a $100,000 fee.", "Hedge", "Mr. Hedge"),
    ],
)
def test_attribution_forms(text, speaker, mention):
    [(_, got, span, _cue)] = _speakers(text)
    assert (got, span) == (speaker, mention)


def test_pronoun_resolves_to_fullest_form_and_role_is_kept_apart():
    a = _article(
        """
        Gen. Valery Gerasimov, chief of the General Staff, spoke on Wednesday.

        “Let’s take Al Tanf, for example,” he said.

        “The Americans left our proposal unanswered,” Gerasimov said.
        """
    )
    quotes = find_quotes(a)
    assert [q.speaker for q in quotes] == ["Valery Gerasimov", "Valery Gerasimov"]
    assert a.text[quotes[0].speaker_span[0] : quotes[0].speaker_span[1]] == "he"


def test_role_from_an_appositive():
    [q] = find_quotes(_article("“The process is working,” Army Col. Sean Ryan, a spokesman for the coalition, said."))
    assert q.speaker == "Sean Ryan" and "spokesman for the coalition" in q.role and "Col." in q.role


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("Merck's head of research Peter Kim said the drug was “based on the information available to us”.", "Peter Kim", "Merck's head of research"),
        ("“It looks very strong,” Dr Mike Watts head of exploration said.", "Mike Watts", "Dr head of exploration"),
        ("“There are many more questions than answers,” JP Morgan Securities analyst John Ivankoe said.", "John Ivankoe", "JP Morgan Securities analyst"),
    ],
)
def test_a_name_and_its_role_without_commas(text, speaker, role):
    [q] = find_quotes(_article(text))
    assert (q.speaker, q.role) == (speaker, role)


def test_an_employer_in_the_possessive_is_the_role_not_the_name():
    quotes = find_quotes(
        _article("“The Aurora issue had been an ongoing one for some time,” says Deutsche Bank's Simon Champion. “It was clearly a source of uncertainty,” he said.")
    )
    assert [(q.speaker, q.role) for q in quotes] == [("Simon Champion", "Deutsche Bank's"), ("Simon Champion", None)]


def test_she_skips_a_man_named_since_and_his_first_name_makes_him_a_person():
    from corpus.reading.sources import find_sources

    a = _article(
        """
        Patricia Hewitt, of the trade body, said the rules were “unclear to many of our members”. Jeremy Philpott, of the software group, said his members were “divided on the question of patents”.

        “We think companies should be able to choose how they protect their discoveries,” she added.
        """
    )
    quotes = find_quotes(a)
    assert [q.speaker for q in quotes] == ["Patricia Hewitt", "Jeremy Philpott", "Patricia Hewitt"]
    assert {s.name: s.kind for s in find_sources(a, quotes)}["Jeremy Philpott"] == "person"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Musiwave provides downloading infrastructure for the mobile phone market and Mr Babinet said the industry was enjoying “definite momentum.”", "Mr Babinet"),
        (
            "A joint statement by the coordination headquarters of Russia and Syria said the camp was “a disaster”.",
            "A joint statement by the coordination headquarters of Russia and Syria",
        ),
    ],
)
def test_a_clause_joined_by_and_before_the_speaker(text, mention):
    [(_, _, span, _)] = _speakers(text)
    assert span == mention


def test_a_quote_ending_its_paragraph_is_not_attributed_from_the_next_paragraph():
    a = _article(
        """
        State news agency SANA said the strike was “a flagrant aggression.”

        According to the Russian Defense Ministry, the talks “went well.”
        """
    )
    assert [q.speaker for q in find_quotes(a)] == ["State news agency SANA", "Russian Defense Ministry"]


def test_the_cue_nearer_the_quote_beats_an_earlier_according_to():
    a = _article(
        "According to the Russian Defense Ministry, the talks “went well,” and Lt. Gen. Sergei Rudskoi added that “the memorandum remains in force.”"
    )
    assert [q.speaker for q in find_quotes(a)] == ["Russian Defense Ministry", "Sergei Rudskoi"]
    b = _article("According to Tass, Lavrov said: “We are ready for talks.”")
    assert [q.speaker for q in find_quotes(b)] == ["Lavrov"]


def test_a_name_a_preposition_governs_is_not_the_speaker():
    [q] = find_quotes(_article("“We have nothing to add,” a spokesman for President Vladimir Putin said."))
    assert q.speaker != "Vladimir Putin" and "spokesman" in q.speaker


def test_he_added_after_a_quote_paragraph_and_unattributed_continuation():
    quotes = find_quotes(
        _article(
            """
            “The coalition is not looking for help here,” Ryan said.

            “The Rukban delivery was the only time it came up,” he added.

            “The Americans support the separatists and arm them every month.”
            """
        )
    )
    assert [q.speaker for q in quotes] == ["Ryan", "Ryan", "Ryan"]


def test_attribution_in_the_paragraph_before_a_colon():
    quotes = find_quotes(_article("Cruz called them on it:\n\n“The questions asked in this debate illustrate why people distrust the media.”"))
    assert quotes[0].speaker == "Cruz"


def test_pronouns_respect_gender_the_text_gives():
    quotes = find_quotes(
        _article("Mr. Sanders spoke after Hillary Clinton left the stage.\n\n“We will win this state,” he said.")
    )
    assert quotes[0].speaker == "Sanders"


def test_no_attribution_gives_no_speaker():
    [q] = find_quotes(_article("The factions were designated as “terrorist.”"))
    assert q.speaker is None and q.speaker_span is None and q.kind == "fragment"


def test_capitalised_pairs_that_never_act_as_people_are_not_pronoun_targets():
    quotes = find_quotes(
        _article(
            """
            Jamie Foxx said he was thrilled by the award.

            The Golden Globe ceremony in Los Angeles ran late.

            “It was a long night for everyone in the room,” he said.
            """
        )
    )
    assert quotes[0].speaker == "Jamie Foxx"


def test_title_of_a_show_after_a_possessive_or_on_is_a_name_not_speech():
    quotes = find_quotes(
        _article(
            "“We will hold the line on spending,” Mayor Dana Whitfield said on WXYZ’s “Morning Harbor Report.” "
            "Her rival appeared on “The Evening Desk” the same night."
        )
    )
    kinds = {q.text: q.kind for q in quotes}
    assert kinds["We will hold the line on spending,"] == "quote"
    assert kinds["Morning Harbor Report."] == "fragment"
    assert kinds["The Evening Desk"] == "fragment"


def test_a_chant_or_one_word_after_a_possessive_stays_speech():
    quotes = find_quotes(_article("The crowd answered her with chants of “Bring Them Home!” and the governor said “Enough Already” twice."))
    assert [q.kind for q in quotes][0] == "quote"


def test_attribution_closing_the_sentence_after_more_words():
    quotes = find_quotes(_article("The council was “too slow to act on the flooding” in March, Maria Delgado said on Tuesday."))
    assert [(q.speaker, q.kind) for q in quotes] == [("Maria Delgado", "quote")]


def test_attribution_set_off_by_commas_after_the_quote_and_more_words():
    quotes = find_quotes(
        _article("Ann Porter runs the depot.\n\n“Nobody expected the bridge to close” so early, she said, and traffic backed up for hours.")
    )
    assert quotes[0].speaker == "Ann Porter"


def test_a_later_sentence_does_not_attribute_a_quote_that_ended_its_own():
    quotes = find_quotes(_article("“We fixed the roof.” Later that week, Tom Reyes said, the rain came back."))
    assert quotes[0].speaker is None


def test_a_sentence_that_ends_in_a_quote_ends_there():
    quotes = find_quotes(
        _article(
            "Mayor Kim Osei called the plan “a mistake.” Rep. Rob Lane fired back on Friday, "
            "attacking the mayor for “playing politics with the budget.”"
        )
    )
    assert [q.speaker for q in quotes] == ["Kim Osei", "Rob Lane"]


def test_a_senior_official_said_is_a_cue_not_a_noun():
    quotes = find_quotes(_article("“The talks are over for now,” a senior trade official said."))
    assert quotes[0].speaker_span is not None and quotes[0].speaker.endswith("official")


def test_as_x_said_after_the_quote():
    quotes = find_quotes(_article("The vote was “closer than anyone expected,” as Senator Lena Ortiz said on Monday."))
    assert quotes[0].speaker == "Lena Ortiz"


def test_a_short_first_line_quoting_with_single_marks_is_a_headline():
    a = parse_article("t.txt", "Mayor calls budget plan 'a real mess' before vote.\n\nThe mayor spoke on Monday.\n")
    assert find_quotes(a) == ()


def test_a_first_line_quoting_with_double_marks_is_still_read():
    a = parse_article("t.txt", "“We will not close the clinic,” Dr. Ruth Amari told the board on Monday night.\n\nThe board voted.\n")
    assert [q.speaker for q in find_quotes(a)] == ["Ruth Amari"]


def test_inverted_attribution_closing_the_sentence_after_more_words():
    quotes = find_quotes(
        _article("Parents are “running out of patience” with the district, said Omar Haddad, head of the parents' council.")
    )
    assert quotes[0].speaker == "Omar Haddad"


def test_participle_after_the_main_clause_takes_its_subject_past_adverbials_and_appositives():
    quotes = find_quotes(
        _article(
            """
            Back in Dayton, Sen. Dana Ruiz stepped up her attacks on Monday, saying, “We have got to fix the roads now.”

            Gov. Mark Bell, chairman of the regional compact, tied the rents to wages, saying the law helped “millions of families who would have moved.”
            """
        )
    )
    assert [q.speaker for q in quotes] == ["Dana Ruiz", "Mark Bell"]


def test_a_participle_after_an_inverted_said_speaks_for_its_subject():
    quotes = _quotes(
        "A Russian jet closely approached a US drone over Syria, a US commander said Tuesday, "
        "describing it as an “unsafe” move that put the crew at risk."
    )
    assert quotes == [("unsafe", "quote", "a US commander")]


def test_a_quote_that_is_its_own_sentence_speaks_for_the_person_the_sentence_before_is_about():
    quotes = find_quotes(
        _article("Sen. Dana Ruiz defended her record on transit at the forum. “We built more bus lanes than anyone before us.” The forum ended at nine.")
    )
    assert quotes[0].speaker == "Dana Ruiz"


def test_a_conjunction_is_not_a_speaker():
    quotes = find_quotes(
        _article(
            "When told that the mayor had resigned and might run for the state senate seat next year, "
            "Gov. Mark Bell paused and said that in this climate, “it is an advantage to be unknown.”"
        )
    )
    assert quotes[0].speaker == "Mark Bell"


def test_a_that_clause_subject_that_is_no_speaker_leaves_the_quote_to_the_reporting_verb():
    quotes = find_quotes(
        _article("Sen. Dana Ruiz said on Monday that the platform should reiterate the party's support for “our oldest allies.”")
    )
    assert quotes[0].speaker == "Dana Ruiz"


def test_a_that_clause_subject_that_cannot_speak_leaves_the_quote_to_the_outer_verb():
    quotes = find_quotes(_article("The 1990 charter does say that the city agrees to “keep every park open to the public.”"))
    assert quotes[0].speaker == "The 1990 charter"


def test_a_name_ending_in_ing_is_a_speaker():
    quotes = find_quotes(_article("“The river is rising faster than last year,” says Manning, who runs the lock."))
    assert quotes[0].speaker == "Manning"


def test_a_clause_opened_by_a_subordinator_is_not_a_speaker():
    quotes = find_quotes(
        _article("If he wins the presidency, Gov. Mark Bell has indicated he would try to curb critics, vowing to “open up” the libel laws.")
    )
    assert quotes[0].speaker == "Mark Bell"


def test_a_time_word_after_an_inverted_speaker_is_not_part_of_the_name():
    [q] = find_quotes(_article("“The harbour will be bigger for everybody,” said Deputy Mayor Ali Demir earlier this month."))
    assert q.speaker == "Ali Demir"


def test_a_conjunction_and_verb_before_a_colon_is_not_a_speaker():
    quotes = find_quotes(
        _article("Ms Ruth Amari insisted: “We have a good record on housing.” And continued: “We can be proud of the parks.”")
    )
    assert [q.speaker for q in quotes] == ["Ruth Amari", "Ruth Amari"]


# Each: an article's text, and the speakers its quotes are given, in order.
SPEAKER_CASES = {
    "a name ending in -ly is not an adverb": ('"The bridge stays closed," Daly said. "Nobody crosses it tonight."', ["Daly", "Daly"]),
    "once between the speaker and the verb": ("The harbour master Ilse Brandt once said: “Ships come and go, the harbour stays.”", ["Ilse Brandt"]),
    "a day after the verb is not an inverted speaker": ("A ministry official said Tuesday, “The convoy turned back at the checkpoint.”", ["A ministry official"]),
    "an infinitive of saying speaks for the subject of the verb before it": (
        "Mayor Lena Okafor went on to say, “The budget is balanced this year.”\n\n"
        "Tom Reyes, a councillor, was quick to add: “Balanced on paper only.”",
        ["Lena Okafor", "Tom Reyes"],
    ),
    "phrasal verbs of saying": (
        "After the mayor criticised the plan, Councillor Ruth Amari shot back, “The plan is yours, not mine.”\n\n"
        "As the harbour master Ilse Brandt pointed out, “Ships cannot wait for the bridge.”",
        ["Ruth Amari", "Ilse Brandt"],
    ),
    "a no-break space after the closing mark": (
        "“The port will reopen in May,”\u00a0Ilse Brandt, the harbour master, told reporters.\n\n“Not a day later.”",
        ["Ilse Brandt", "Ilse Brandt"],
    ),
    "a document reads": ("“We ask the council to reconsider,” the letter reads. “Our children need the school.”", ["the letter", "the letter"]),
    "a participle after a time or an object takes the main clause's subject": (
        "Ilse Brandt issued a statement Tuesday saying, “The port is open.”\n\n"
        "Tom Reyes didn’t seem impressed by the plan, telling reporters, “It is too little.”\n\n"
        "In a statement released on Thursday, Rep. Lena Okafor (D-Ohio) reacted to the news, saying: “A fair result.”",
        ["Ilse Brandt", "Tom Reyes", "Lena Okafor"],
    ),
    "a signature may end in a full stop or hold an initial": (
        "“The ferry is late again.”― Ana Ruiz.\n\n“The bridge would fix it.” ― Tom R Reyes\n",
        ["Ana Ruiz", "Tom R Reyes"],
    ),
    "Said opening a sentence is no part of the name after it": (
        "Said Ilse Brandt, who grew up by the harbour, “We were all proud of the ships.”",
        ["Ilse Brandt"],
    ),
}


@pytest.mark.parametrize("text, speakers", SPEAKER_CASES.values(), ids=SPEAKER_CASES.keys())
def test_speakers(text, speakers):
    assert [q.speaker for q in find_quotes(_article(text))] == speakers


def test_what_he_calls_is_the_named_subject_of_the_sentence():
    article = _article("Mayor Lena Okafor has long railed against what she calls the “harbour cartel” of the city.")
    [q] = find_quotes(article)
    assert q.speaker == "Lena Okafor" and article.text[q.speaker_span[0] : q.speaker_span[1]] == "Lena Okafor"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an adjunct between the subordinator and the pronoun is no part of the subject
        ("Tony Blair spoke in London. Although in the next breath he declared: “I get alarmed by what I read.”", "Tony Blair"),
        # a hyphenated -ing word is an adjective of the noun, not a participle after it
        ("Cat Deeley will leave the show. The long-running presenter said: “I would like to thank the viewers.”", "The long-running presenter"),
        # after the quote's full stop, a gerund of the next sentence attributes nothing
        ("Speaking after the award, Walliams said: “It was a real shock. It is a fine show.” "
         "Gervais and co-writer Stephen Merchant received a special award for writing.", "Walliams"),
    ],
)
def test_the_subject_before_a_colon_keeps_its_head(text, speaker):
    assert [s for _, s, _, _ in _speakers(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # whom it was said to, after a participle or "told", is not who said it
        ("Putin has hailed the deal as “a historic step,” telling reporters in Sochi that it would hold.", "Putin"),
        ("The ministry called the strike “a clear provocation,” citing reports from the checkpoint.", "The ministry"),
        ("Lavrov has defended the deal as “a fair and lasting compromise,” saying the coalition had agreed to it.", "Lavrov"),
        ("Karpov called the report “a disgrace to the profession,” blaming the Pentagon.", "Karpov"),
        # "V X as Y": X is the verb's object
        ("The envoy, who has called the strike “reckless,” portrayed the Russian general as a partner in the talks.", "The envoy"),
    ],
)
def test_the_object_of_a_verb_after_a_quote_is_not_its_speaker(text, speaker):
    quotes = find_quotes(_article(text))
    assert [q.speaker for q in quotes] == [speaker]


def test_said_x_known_as_y_keeps_x_as_the_speaker():
    [q] = find_quotes(_article("“There was never an order to stand down,” said the base chief known as Bob, speaking for the first time."))
    assert q.speaker_span is not None and q.speaker.startswith("the base chief")


def test_the_verb_before_a_colon_is_no_part_of_the_speakers_name():
    quotes = find_quotes(_article("Talks on the Euphrates line.\n\nThe Pentagon spokesman John Kirby interjected: “That is not what our commanders on the ground have seen.”"))
    assert [(q.speaker, q.rule) for q in quotes] == [("John Kirby", "before.colon")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The convoy was described by officials as “a provocation by the coalition.”", "officials"),
        ("The Khasham book, now made into a film, is described on Amazon as “a riveting account of the battle.”", None),
        ("The commander was said to be “deeply unhappy with the new route.”", None),
    ],
)
def test_the_subject_of_a_passive_verb_of_saying_did_not_say_it(text, speaker):
    assert [q.speaker for q in find_quotes(_article(text))] == [speaker]
