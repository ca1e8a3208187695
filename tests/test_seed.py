"""End-to-end on the canonical seed page (../shared/seed), the facts a user would check first."""

import json
from pathlib import Path

import pytest

import newsevents

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())["seed"]
PEOPLE = {
    "Mike Pompeo": ("USA", "GOV"),
    "James Mattis": ("USA", "MIL"),
    "Sushma Swaraj": ("IND", "GOV"),
    "Nirmala Sitharaman": ("IND", "MIL"),
    "Alyssa Ayres": ("USA", None),
    "Randal Schriver": ("USA", "MIL"),
    "Donald Trump": ("USA", "GOV"),
    "Vladimir Putin": ("RUS", "GOV"),
    "Narendra Modi": ("IND", "GOV"),
    "Imran Khan": ("PAK", "GOV"),
}
QUOTES = {
    "That would be a big deal": "Alyssa Ayres",
    "In terms of advancing": "Alyssa Ayres",
    "I think we need to sit": "Randal Schriver",
    "We talked about their new government": "Mike Pompeo",
}


@pytest.fixture(scope="module")
def record(seed_text):
    return newsevents.process(seed_text, published="2018-09-05")


def test_seed_text_has_no_furniture(record):
    for furniture in ("Advertisement", "Click to play video", "WATCH ABOVE", "sign up", "AdChoices", "Sponsored"):
        assert furniture.lower() not in record["text"].lower()
    assert record["title"].startswith("Pompeo in India")
    assert record["text"].startswith("Military issues will be at the top of the agenda")


def test_seed_people(record):
    people = {a["name"]: a for a in record["actors"] if a["kind"] == "person"}
    right = 0
    for name, (country, sector) in PEOPLE.items():
        actor = people.get(name)
        if actor and actor["country"] == country and (sector is None or actor["sector"] == sector):
            right += 1
    assert right >= FLOORS["people_right"]
    assert people["Mike Pompeo"]["code"] == "USAGOV"
    assert people["Alyssa Ayres"]["sector"] != "GOV"  # a former official


def test_seed_talks_between_usa_and_india(record):
    # the 2+2 talks are the day after publication: PLOVER codes a future meeting AGREE, status planned
    consults = [
        e
        for e in record["events"]
        if e["type"] == "AGREE"
        and {r["country"] for r in e["source"]} == {"USA"}
        and "IND" in {r["country"] for r in e["target"]}
    ]
    talks = [e for e in consults if e["date"] == "2018-09-06"]
    assert talks and talks[0]["status"] == "planned"


def test_seed_events_point_at_their_sentences(record):
    assert len(record["events"]) >= FLOORS["min_events"]
    for event in record["events"]:
        assert record["text"][event["start"] : event["end"]] == event["sentence"]
    for actor in record["actors"]:
        for mention in actor["mentions"]:
            assert record["text"][mention["start"] : mention["end"]] == mention["text"]


def test_seed_direct_quotes_have_their_speakers(record):
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    right = sum(
        1
        for start, name in QUOTES.items()
        if any(q["text"].startswith(start) and (q["speaker"] or {}).get("name") == name for q in direct)
    )
    assert right >= FLOORS["direct_quotes_right"]
    for quote in record["quotes"]:
        assert record["text"][quote["start"] : quote["end"]] == quote["text"]


def has_event(record, event_type, source, target=None, status=None, date=None):
    """True when the record has an event of this type from `source` (to `target`), with that status and date."""
    return any(
        event["type"] == event_type
        and source in {r["country"] for r in event["source"]}
        and (target is None or target in {r["country"] for r in event["target"]})
        and (status is None or event["status"] in status)
        and (date is None or event["date"] == date)
        for event in record["events"]
    )


def test_seed_events_an_analyst_expects(record):
    assert has_event(record, "AGREE", "USA", "IND", {"planned"}, "2018-09-06")  # the 2+2 talks (PLOVER: future meeting)
    assert has_event(record, "AGREE", "IND", status={"planned", "hypothetical"})  # the hoped-for COMCASA signing
    assert has_event(record, "COOPERATE", "USA", "IND", {"occurred"})  # US arms sales to India
    assert has_event(record, "SANCTION", "USA", "RUS") and has_event(record, "SANCTION", "USA", "IRN")
    assert has_event(record, "REQUEST", "USA", "IND", {"planned"})  # pressure expected on India
    assert has_event(record, "REQUEST", "IND", status={"planned"})  # India's expected waiver request
    assert has_event(record, "CONSULT", "IND", "RUS")  # the S-400 negotiation
    assert has_event(record, "CONSULT", "IND", "USA", {"occurred"}, "2017-01")  # Modi met Trump
    assert has_event(record, "CONSULT", "USA", "PAK", {"occurred"}, "2018-09-05")  # Pompeo and Imran Khan
