from newsevents.clean import language_error

from .conftest import annotate


def test_english_text_passes_the_language_check():
    assert language_error("The president met the prime minister in Paris on Thursday to discuss the budget.") is None


def test_other_languages_are_reported_not_english():
    error = language_error("Le président a rencontré le premier ministre à Paris jeudi pour discuter du budget.")
    assert error.startswith("not English") and "'fr'" in error


def test_a_heading_is_its_own_sentence(nlp):
    doc = annotate(nlp, "Sanctions over Russia\n\nThe United States imposed sanctions on Russia on Monday.")
    assert [s.text.strip() for s in doc.sents][0] == "Sanctions over Russia"


def test_short_english_full_of_foreign_names_is_english():
    assert language_error("Kenyan Defence Minister Amina Wekesa visited Kampala on Monday.") is None


def test_each_component_declares_what_it_reads_and_writes_and_runs_after_what_it_reads(nlp):
    from newsevents.nlp import COMPONENTS
    from newsevents.nlp.extensions import EXTENSIONS

    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    assigned = [attr for name in COMPONENTS for attr in analysis["summary"][name]["assigns"]]
    assert {attr.removeprefix("doc._.") for attr in assigned} == set(EXTENSIONS) - {"published"}
