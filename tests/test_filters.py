"""One `EventFilter`, one meaning: the store's SQL, the Python predicate alert rules use, the CLI and the API
all select the same events."""

import itertools
import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import newsevents
from newsevents.alerts import add_rule, match_new_events
from newsevents.cli import main
from newsevents.errors import NewsEventsError
from newsevents.filters import EventFilter
from newsevents.store import Store
from newsevents.web.api import create_app

TEXT = (
    "Kenya imposed sanctions on Uganda on Tuesday. Peru and Chile met in Lima on Monday to discuss fishing "
    "rights. Tanzanian police arrested opposition leaders in Dodoma on Wednesday. Uganda condemned the Kenyan "
    "sanctions."
)


@pytest.fixture(scope="module")
def record():
    record = newsevents.process(TEXT, published="2021-06-03", url="https://example.org/x")
    kinds = {(e["type"], tuple(r["country"] for r in e["source"])) for e in record["events"]}
    assert {("SANCTION", ("KEN",)), ("ACCUSE", ("UGA",)), ("CONSULT", ("PER", "CHL"))} <= kinds
    return record


@pytest.fixture
def db(tmp_path, record):
    path = tmp_path / "f.db"
    with Store(path) as store:
        store.add_records([record])
    return path


def test_a_dyad_means_the_same_in_the_cli_the_api_and_an_alert_rule(db):
    for a, b in (("KEN", "UGA"), ("UGA", "KEN")):
        result = CliRunner().invoke(main, ["events", "--db", str(db), "--dyad", a, b, "--format", "json"])
        assert result.exit_code == 0, result.output
        cli = {(e["type"], e["sentence"]) for e in json.loads(result.output)}
        api = TestClient(create_app(str(db)), base_url="http://localhost").get(
            "/events", params={"dyad_a": a, "dyad_b": b}
        )
        assert api.status_code == 200
        from_api = {(e["type"], e["sentence"]) for e in api.json()["events"]}
        with Store(db) as store:
            add_rule(store, f"{a}-{b}", "console", dyad=[a, b])
            store.db.execute("DELETE FROM meta WHERE key = 'alerts_checked'")  # check every event for this rule
            store.db.commit()
            match_new_events(store)
            rule_id = max(rule["id"] for rule in store.rules())
            alerted = {
                (row["payload"]["type"], row["payload"]["sentence"])
                for row in store.due_alerts(max_attempts=None)
                if row["name"] == f"{a}-{b}"
            }
        # Both directions of Kenya and Uganda (the sanction and the condemnation), in every reader.
        assert {kind for kind, _ in cli} == {"SANCTION", "ACCUSE"}
        assert cli == from_api == alerted, rule_id


def test_a_dyad_includes_two_actors_acting_together(db):
    with Store(db) as store:
        assert [e["type"] for e in store.query_events(dyad=("CHL", "PER"))] == ["CONSULT"]


CONDITIONS = [
    {},
    {"actor": "KEN"},
    {"actor": "uganda"},
    {"source": "UGA"},
    {"target": "UGA"},
    {"dyad": ("KEN", "UGA")},
    {"dyad": ("PER", "CHL")},
    {"types": ("SANCTION", "COERCE")},
    {"quad": 4},
    {"sector": "OPP"},
    {"goldstein_below": -3},
    {"goldstein_above": 0},
    {"since": "2021-06-02"},
    {"until": "2021-06"},
    {"until": "2021-06-01"},
    {"text": "police"},
    {"keywords": ("Lima", "sanctions")},
    {"status": "occurred"},
    {"actor": "100%_"},  # LIKE wildcards are literal characters
]


def test_sql_and_python_select_the_same_events(db):
    with Store(db) as store:
        every = store.query_events()
        for first, second in itertools.combinations(CONDITIONS, 2):
            where = EventFilter.of(**first, **{k: v for k, v in second.items() if k not in first})
            chosen = {e["id"] for e in store.query_events(where)}
            assert chosen == {e["id"] for e in every if where.matches(e)}, where


def test_an_unknown_condition_is_a_clear_error():
    with pytest.raises(NewsEventsError, match="Unknown event conditions: colour"):
        EventFilter.of(colour="red")
    with pytest.raises(NewsEventsError, match="A dyad is two actors"):
        EventFilter(dyad=("KEN",))


def test_sql_and_python_agree_beyond_ascii_and_on_any_length():
    event = {
        "type": "ACCUSE", "cameo": "112", "quad": 3, "goldstein": -2.0, "status": "occurred", "mode": None,
        "sentence": "Özdağ accused the Élysée of lying.", "start": 0, "end": 5, "context": [], "date": "2021-06-01",
        "date_text": None, "confidence": 0.5, "target": [],
        "source": [{"text": "Özdağ", "name": "Ümit Özdağ", "code": "TURLEG", "country": "TUR", "sector": "LEG"}],
    }  # fmt: skip
    record = {"id": "a", "url": "https://x.example/a", "text": "t", "actors": [], "quotes": [], "events": [event]}
    with Store() as store:
        store.add_records([record])
        every = store.query_events()
        for where in (
            EventFilter(actor="ÖZDAĞ"),
            EventFilter(text="élysée"),
            EventFilter.of(keywords="ÉLYSÉE"),  # one word, not its letters
            EventFilter(actor="x" * 60_000),
        ):
            assert {e["id"] for e in store.query_events(where)} == {e["id"] for e in every if where.matches(e)}, where
        assert len(store.query_events(EventFilter(actor="ÖZDAĞ"))) == 1
