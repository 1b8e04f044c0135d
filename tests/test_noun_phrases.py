"""A speaker's or a source's name is a noun phrase whose head can speak (corpus.reading.grammar)."""

import pytest

from corpus.reading.grammar import can_speak, noun_phrase, noun_phrase_in


@pytest.mark.parametrize(
    "phrase",
    [
        "it traveled west along the M-4 highway and",
        "Although it",
        "the so-",
        "-- Russia",
        "Syria's",
        "Kimiko de Freytas-Tamura @kimidefreytas on Twitter.Neil MacFarquhar",
        "Two",
        "the first time the two men",
        "Russia held a 90-minute video conference",
        "He repeated earlier U.S.",
    ],
)
def test_fragments_numbers_clauses_and_run_ons_are_no_noun_phrase(phrase):
    assert noun_phrase(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("a senior U.S. defense official with the coalition", "official"),
        ("its embassy in Washington", "embassy"),
        ("Rear Adm. Alexander Karpov", "Karpov"),
        ("two of the officials", "officials"),
        ("Six in 10 Virginia Democratic primary voters", "voters"),
        ("A military scholar who reposted the video", "scholar"),
        ("two U.S. defense officials cited by CNN", "officials"),
    ],
)
def test_a_noun_phrase_is_read_for_its_head(phrase, head):
    np = noun_phrase(phrase)
    assert np is not None and np.head_word == head and can_speak(np)


@pytest.mark.parametrize("phrase", ["US jets fired", "A Russian warplane", "the economy", "Mr. Lewandowski's troubles", "Wednesday"])
def test_a_head_that_cannot_speak_names_no_one(phrase):
    np = noun_phrase(phrase)
    assert np is None or not can_speak(np)


def test_a_picture_is_a_source_but_never_a_speaker():
    np = noun_phrase("Video")
    assert can_speak(np) and not can_speak(np, quote=True)


@pytest.mark.parametrize(
    ("phrase", "inside"),
    [
        ("Clinton noted the Sept. 11", "Clinton"),
        ("the Security Council issued a statement", "the Security Council"),
        ("In a Bloomberg interview Trump", "Trump"),
        ("House Speaker Paul Ryan, R-Wis., despite", "House Speaker Paul Ryan"),
        ("The State Department less than two weeks ago", "The State Department"),
    ],
)
def test_the_noun_phrase_in_a_subject_with_a_clause_run_into_it(phrase, inside):
    part = noun_phrase_in(phrase)
    assert part is not None and phrase[part[0] : part[1]] == inside
