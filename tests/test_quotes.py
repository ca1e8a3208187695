from .conftest import annotate


def quotes_of(nlp, text):
    return annotate(nlp, text, "2020-03-04")._.quotes


def test_direct_quote_with_attribution_after_it(nlp):
    quotes = quotes_of(nlp, "“We will not accept this,” said Kenyan Foreign Minister Paul Otieno.")
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.kind == "direct" and quote.text == "We will not accept this"
    assert quote.speaker.name == "Paul Otieno" and quote.speaker.code == "KENGOV" and quote.cue == "said"


def test_pronoun_speaker_resolves_to_the_named_person(nlp):
    text = "Swedish Trade Minister Eva Lind spoke on Monday. “The tariffs hurt everyone,” she told reporters."
    quote = next(q for q in quotes_of(nlp, text) if q.kind == "direct")
    assert quote.speaker.name == "Eva Lind"


def test_straight_quotes_and_attribution_before(nlp):
    quote = quotes_of(nlp, 'Indian Prime Minister Narendra Modi said: "India stands ready to help."')[0]
    assert quote.text == "India stands ready to help" and quote.speaker.country == "IND"


def test_partial_quote_is_attributed(nlp):
    quote = next(
        q
        for q in quotes_of(nlp, "Brazil has called the plan “reckless,” because it ignores farmers.")
        if q.kind == "direct"
    )
    assert quote.text == "reckless" and quote.speaker.country == "BRA"


def test_scare_quotes_are_not_quotes(nlp):
    assert not [q for q in quotes_of(nlp, "Experts say the so-called “2+2” talks will help.") if q.kind == "direct"]


def test_indirect_attribution_has_content_and_speaker(nlp):
    text = "Turkish President Recep Tayyip Erdogan said that Turkey would keep the border open."
    quote = next(q for q in quotes_of(nlp, text) if q.kind == "indirect")
    assert "Turkey would keep the border open" in quote.text
    assert quote.speaker.code == "TURGOV"
    assert text[quote.start : quote.end] == quote.text


def test_transcript_lines_are_direct_quotes_of_their_speaker(nlp):
    quote = quotes_of(nlp, "OKAFOR: Will the minister attend the hearing tomorrow morning?")[0]
    assert quote.kind == "direct" and quote.speaker.name == "Okafor"
    assert quote.text == "Will the minister attend the hearing tomorrow morning?"


def test_a_quote_split_by_its_attribution_continues(nlp):
    text = "“We will not give up,” Senator Mark Hale said. “The vote is next week.”"
    first, second = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
    assert first.speaker.name == second.speaker.name == "Mark Hale"
    assert second.continues and not first.continues


def test_a_dash_after_the_quote_names_the_speaker(nlp):
    quote = quotes_of(nlp, "“We can build a better city together.” ― Laura Mendes")[0]
    assert quote.speaker.text == "Laura Mendes"


def test_demands_are_attributions(nlp):
    quote = next(q for q in quotes_of(nlp, "Halvorsen urged farmers to report damaged fences.") if q.kind == "indirect")
    assert quote.text == "farmers to report damaged fences" and quote.cue == "urged"


def test_partial_quotes_are_flagged_and_whole_ones_are_not(nlp):
    quotes = quotes_of(
        nlp,
        "Brazil has called the plan “reckless,” because it ignores farmers. “We will not sign it,” the minister said.",
    )
    partial, whole = [q for q in quotes if q.kind == "direct"]
    assert partial.text == "reckless" and partial.partial
    assert whole.text == "We will not sign it" and not whole.partial


def test_doubled_apostrophes_quote_with_apostrophes_inside(nlp):
    quote = quotes_of(nlp, "''This isn't a budget, it's a wish list,'' said Senator Tomas Brandt.")[0]
    assert quote.text == "This isn't a budget, it's a wish list" and quote.speaker.name == "Tomas Brandt"


def test_a_quote_running_over_two_paragraphs_keeps_its_speaker(nlp):
    text = (
        "“We will not sign this agreement,” Foreign Minister Ana Duarte of Chile said. “The terms are unfair\n\n"
        "“and our farmers would pay for it.”"
    )
    quotes = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
    assert [q.text for q in quotes] == [
        "We will not sign this agreement",
        "The terms are unfair",
        "and our farmers would pay for it",
    ]
    assert {q.speaker.name for q in quotes} == {"Ana Duarte"}
    assert all(text[q.start : q.end] == q.text for q in quotes)
