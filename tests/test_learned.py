"""The learned event coder: its weights load with numpy, it judges only predicates with lexical evidence, the
rules remain selectable, and the training build refuses evaluation text."""

import json
import sys

import pytest

import newsevents
from newsevents.events.features import has_evidence
from newsevents.events.learned import WEIGHTS, TypeModel
from newsevents.nlp import load_pipeline
from newsevents.options import Options, PipelineConfig

from .conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "tools"))


def test_the_committed_model_knows_all_sixteen_types_and_none():
    model = TypeModel(WEIGHTS)
    assert set(model.classes) == {
        "NONE", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }  # fmt: skip
    assert 0.0 < model.threshold < 1.0
    kind, probability = model.predict(["lemma=bomb", "cameo=ASSAULT", "rule=ASSAULT", "subj:actor", "bias"])
    assert kind == "ASSAULT" and probability >= model.threshold


def test_a_word_no_lexicon_or_training_example_knows_is_not_judged():
    assert not has_evidence(["lemma=whittle", "rule:none", "cameo:none"], frozenset({"bomb"}))
    assert has_evidence(["lemma=whittle", "rule:none", "cameo=ASSAULT"], frozenset())
    assert has_evidence(["lemma=bomb", "rule:none", "cameo:none"], frozenset({"bomb"}))


def test_the_rules_coder_is_still_there_and_a_wrong_name_is_refused():
    text = "Colombian troops attacked Venezuelan rebels on Monday."
    rules = newsevents.process(text, published="2021-06-02", options=Options(pipeline=PipelineConfig(coder="rules")))
    assert [e["type"] for e in rules["events"]] == ["ASSAULT"]
    with pytest.raises(ValueError, match="coder"):
        load_pipeline(PipelineConfig(coder="magic"))


def test_a_light_verb_and_its_noun_are_one_event_coded_on_the_noun():
    record = newsevents.process("Iran and Oman held talks in Muscat on Monday.", published="2021-06-02")
    consults = [e for e in record["events"] if e["type"] == "CONSULT"]
    assert len(consults) == 1 and consults[0]["trigger"] == "talks" and consults[0]["date"] == "2021-05-31"


@pytest.mark.skipif(not (SHARED / "eval").exists(), reason="../shared is absent")
def test_the_training_build_refuses_evaluation_text():
    import train_events

    windows = train_events.evaluation_windows()
    gold = json.loads((SHARED / "eval" / "plover-gsr-dev.json").read_text())
    assert train_events.leaks(gold[0]["text"], windows)
    dev_article = sorted((SHARED / "eval" / "polnear" / "dev" / "text").iterdir())[0].read_text()
    assert train_events.leaks(dev_article[:600], windows)
    geo = json.loads((SHARED / "eval" / "geo" / "geowebnews-dev.jsonl").open(encoding="utf-8").readline())
    assert train_events.leaks(geo["text"][:400], windows)  # JSON lines are read as their strings
    page = sorted((SHARED / "eval" / "aeb-dev" / "html").glob("*.html.gz"))[0]
    assert train_events.leaks(" ".join(train_events._evaluation_texts(page))[-3000:], windows)  # gzip pages too
    assert not train_events.leaks("The Ruritanian navy held joint exercises with Borduria off the coast.", windows)
    with pytest.raises(SystemExit, match="evaluation document"):
        train_events.check_reference("eval/polnear/dev/text/anything.txt")
    train_events.check_reference("eval/polnear/train/text/anything.txt")  # the PolNeAR train texts may be labelled
