import pytest

from .conftest import annotate


def events_of(nlp, text, published="2021-06-02"):
    return annotate(nlp, text, published)._.events


def codes(refs):
    return {ref.country or ref.code for ref in refs}


def test_meeting_is_a_consult_between_both_sides(nlp):
    events = events_of(nlp, "German Chancellor Karl Weber met with Polish President Anna Nowak in Warsaw on Monday.")
    consult = next(e for e in events if e.type == "CONSULT")
    assert codes(consult.source) == {"DEU"} and codes(consult.target) == {"POL"}
    assert consult.status == "occurred" and consult.date == "2021-05-31"
    assert consult.quad == 1 and consult.cameo.startswith("04")


def test_sanctions_against_a_state_are_a_sanction_with_recipient(nlp):
    events = events_of(nlp, "The European Union imposed sanctions against Belarus on Tuesday.")
    sanction = next(e for e in events if e.type == "SANCTION")
    assert codes(sanction.source) == {"IGOEEC"} and codes(sanction.target) == {"BLR"}
    assert sanction.quad == 4 and sanction.goldstein < 0


@pytest.mark.parametrize(
    ("sentence", "event_type", "status"),
    [
        # PLOVER (CONSULT, "Potential ambiguities"): future meetings and visits are AGREE
        ("Canada is scheduled to meet with Mexico next week.", "AGREE", "planned"),
        ("Canada will meet with Mexico in July.", "AGREE", "planned"),
        ("Canada hopes Mexico will sign the agreement.", "AGREE", "hypothetical"),
        ("Canada could impose sanctions on Mexico.", "THREATEN", "hypothetical"),
        ("Canada did not meet with Mexico.", "CONSULT", "negated"),
        ("Canada met with Mexico on Monday.", "CONSULT", "occurred"),
        # PLOVER codes the refusal, not a meeting: the REJECT stands for its content.
        ("Canada refused to meet with Mexico.", "REJECT", "occurred"),
    ],
)
def test_status(nlp, sentence, event_type, status):
    events = events_of(nlp, sentence)
    assert [(e.type, e.status) for e in events] == [(event_type, status)], sentence


def test_planned_event_date_points_forward(nlp):
    events = events_of(nlp, "Canada will meet with Mexico on Friday.", published="2021-06-02")
    assert events[0].date == "2021-06-04" and events[0].date_text == "Friday"


def test_event_without_a_stated_date_falls_back_to_the_published_date_and_says_so(nlp):
    event = events_of(nlp, "Canada met with Mexico.", published="2021-06-02")[0]
    assert event.date == "2021-06-02" and event.date_granularity == "published" and event.date_text is None


def test_event_spans_point_at_their_sentence(nlp):
    text = "Officials gathered early. Kenya accused Uganda of violating the border on Sunday."
    doc = annotate(nlp, text, "2021-06-02")
    event = next(e for e in doc._.events if e.type == "ACCUSE")
    assert text[event.start : event.end] == event.sentence == "Kenya accused Uganda of violating the border on Sunday."


def test_coordinated_names_all_take_part(nlp):
    events = events_of(
        nlp,
        "Peruvian Foreign Minister Luis Soto and Chilean Defence Minister Ana Ruiz met with "
        "Bolivian President Juan Mamani and Argentine Foreign Minister Rosa Diaz on Monday.",
    )
    consult = next(e for e in events if e.type == "CONSULT")
    assert codes(consult.source) == {"PER", "CHL"} and codes(consult.target) == {"BOL", "ARG"}


def test_cooperation_needs_a_recipient(nlp):
    assert not [e for e in events_of(nlp, "Norway cooperated.") if e.type == "COOPERATE"]


def test_a_verb_outside_the_lexicon_codes_nothing(nlp):
    assert events_of(nlp, "France painted the fence on Monday.") == []


def test_promised_cooperation_is_agree_and_planned_conflict_is_threaten(nlp):
    # PLOVER: return the single category (AGREE, THREATEN), not the base type with a future mode.
    aid = events_of(nlp, "Ireland will give Malawi a grant of 40 million euros.")
    assert [(e.type, e.status) for e in aid] == [("AGREE", "planned")]
    threat = events_of(nlp, "Austria could impose sanctions on Venezuela next year.")
    assert [e.type for e in threat] == ["THREATEN"]


def test_what_must_happen_is_a_request_from_the_speaker(nlp):
    events = events_of(nlp, "Ghana said that Togo must withdraw its troops from the disputed islands.")
    request = next(e for e in events if e.type == "REQUEST")
    assert codes(request.source) == {"GHA"} and codes(request.target) == {"TGO"}
    assert not [e for e in events if e.type == "RETREAT"]


def test_what_is_urged_is_not_an_event_of_its_own(nlp):
    events = events_of(nlp, "Chile urged Bolivia to cooperate with the auditors.")
    assert [e.type for e in events] == ["REQUEST"]


def test_we_inside_a_quote_is_its_speaker(nlp):
    events = events_of(nlp, "“We will cut all oil exports to Japan,” Iranian Oil Minister Reza Karimi said.")
    threat = next(e for e in events if e.type == "THREATEN")
    assert codes(threat.source) == {"IRN"} and codes(threat.target) == {"JPN"}


def test_the_state_where_an_action_happens_receives_it(nlp):
    event = next(
        e for e in events_of(nlp, "Peruvian troops captured a village in Ecuador on Monday.") if e.type == "ASSAULT"
    )
    assert codes(event.source) == {"PER"} and codes(event.target) == {"ECU"}
    meeting = next(e for e in events_of(nlp, "Kenya met with Uganda in Tanzania.") if e.type == "CONSULT")
    assert codes(meeting.target) == {"UGA"}  # where talks are held is not who receives them


@pytest.mark.parametrize(
    ("sentence", "event_type", "source", "target"),
    [
        ("Germany agreed to send medical supplies to hospitals in Ukraine.", "AGREE", "DEU", "UKR"),
        ("Norway on Monday denounced Sweden's construction of a new dam.", "ACCUSE", "NOR", "SWE"),
        # "its" is the source itself: the search goes on past it
        ("Kenya plans to impose restrictions on its imports of sugar from Uganda.", "THREATEN", "KEN", "UGA"),
    ],
)
def test_a_recipient_deeper_in_the_clause_is_found(nlp, sentence, event_type, source, target):
    event = next(e for e in events_of(nlp, sentence) if e.type == event_type)
    assert codes(event.source) == {source} and codes(event.target) == {target}


def test_a_place_is_not_the_recipient_of_words(nlp):
    criticism = next(
        e for e in events_of(nlp, "Kenya criticised the talks in Tanzania on Monday.") if e.type == "ACCUSE"
    )
    assert criticism.target == []


def test_the_subject_of_is_willing_to_acts(nlp):
    events = events_of(nlp, "Austria is willing to send rescue teams to Nepal.")
    event = next(e for e in events if e.target)
    assert codes(event.source) == {"AUT"} and codes(event.target) == {"NPL"}


def test_a_verb_the_lemmatizer_misreads_still_carries_its_event(nlp):
    # the model lemmatizes "staged" as "stag"; the rally is still a protest by the farmers
    events = events_of(nlp, "Angry Kenyan farmers have staged rallies in Nairobi against the new seed law.")
    protest = next(e for e in events if e.type == "PROTEST")
    assert protest.source and protest.trigger == "rallies"


def test_what_is_scheduled_to_be_done_to_a_thing_is_not_done_by_it(nlp):
    events = events_of(nlp, "The Iran sanctions are expected to be imposed in November.")
    event = next(e for e in events if e.trigger == "imposed")
    assert not event.source and codes(event.target) == {"IRN"} and event.status == "planned"


def test_those_engaged_in_an_action_carry_it_out(nlp):
    events = events_of(nlp, "Colombian troops were engaged in heavy fighting against Venezuelan rebels.")
    assault = next(e for e in events if e.type == "ASSAULT")
    assert codes(assault.source) == {"COL"} and codes(assault.target) == {"VEN"}


def test_a_verb_and_its_object_code_one_event(nlp):
    # PLOVER (SANCTION, "Potential ambiguities"): cancelling a meeting is REJECT
    events = events_of(nlp, "Spain cancelled a state visit to Bolivia over the disputed election.")
    assert [e.type for e in events] == ["REJECT"]
    events = events_of(nlp, "Chile lodged an official protest with Peru on Friday.")
    assert [e.type for e in events] == ["ACCUSE"]


def test_the_owner_of_a_decision_carries_it_out(nlp):
    events = events_of(
        nlp, "Washington criticised Ankara over its reliance on Iranian gas and its decision to buy jets from Russia."
    )
    purchase = next(e for e in events if e.trigger == "buy")
    assert codes(purchase.source) == {"TUR"} and codes(purchase.target) == {"RUS"}


def test_what_a_refusal_is_about_is_not_an_event_of_its_own(nlp):
    events = events_of(
        nlp, "Fishermen protested against the Chilean government's refusal to accept the new quota deal."
    )
    assert "AGREE" not in {e.type for e in events}


def test_a_state_is_not_the_recipient_of_its_own_agreement_through_its_capital(nlp):
    events = events_of(nlp, "Chile and Peru signed a trade pact on Thursday, as their ministers held talks in Lima.")
    agree = next(e for e in events if e.type in ("AGREE", "SUPPORT"))  # PLOVER: signing an agreement is SUPPORT
    assert codes(agree.source) == {"CHL", "PER"} and "PER" not in codes(agree.target)


def test_an_action_in_a_clause_with_no_one_doing_it_is_an_aside(nlp):
    events = events_of(nlp, "Peru rejected a proposal that would expel diplomats from Chile.")
    assert [(e.type, codes(e.source)) for e in events] == [("REJECT", {"PER"})]  # no SANCTION by no one


def test_a_demand_that_is_the_purpose_of_a_protest_is_part_of_it(nlp):
    events = events_of(
        nlp, "Opposition supporters blocked roads in Kampala on Monday demanding the release of their leader."
    )
    assert [e.type for e in events] == ["PROTEST"]
