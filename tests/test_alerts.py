import json

import httpx
from click.testing import CliRunner

import newsevents
from newsevents.alerts import add_rule, deliver_alerts, match_new_events
from newsevents.cli import main
from newsevents.store import Store

ARMS = "India and Russia signed a deal for five S-400 missile systems on Friday."
OTHER = "Canada met with Mexico on Monday to discuss trade."


def ingest_texts(store, texts, published="2018-10-05"):
    store.add_records(
        [
            newsevents.process(t, published=published, url=f"https://x.example/{i}-{hash(t)}")
            for i, t in enumerate(texts)
        ]
    )
    return match_new_events(store)


def test_a_rule_fires_once_per_matching_event(tmp_path):
    out = tmp_path / "alerts.jsonl"
    with Store() as store:
        add_rule(store, "arms", str(out), dyad=["IND", "RUS"], types=["AGREE"])
        assert ingest_texts(store, [ARMS, OTHER]) == 1
        assert match_new_events(store) == 0  # checked once, never again
        assert deliver_alerts(store) == (1, 0) and deliver_alerts(store) == (0, 0)
    alerts = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(alerts) == 1 and alerts[0]["rule"] == "arms" and alerts[0]["event"]["type"] == "AGREE"


def test_a_failed_webhook_is_retried_and_not_lost():
    calls = []

    def webhook(request):
        calls.append(json.loads(request.content))
        return httpx.Response(503 if len(calls) == 1 else 200)

    client = httpx.Client(transport=httpx.MockTransport(webhook))
    with Store() as store:
        add_rule(store, "arms", "https://hooks.example/newsevents", keywords=["missile"])
        ingest_texts(store, [ARMS])
        assert deliver_alerts(store, client) == (0, 1)
        waiting = store.db.execute("SELECT attempts, last_error, delivered_at FROM alert_outbox").fetchone()
        assert waiting["attempts"] == 1 and "503" in waiting["last_error"] and waiting["delivered_at"] is None
        assert deliver_alerts(store, client) == (1, 0)
    assert len(calls) == 2 and calls[1]["event"]["sentence"].startswith("India and Russia")


def test_alerts_commands(tmp_path):
    db, out = str(tmp_path / "n.db"), str(tmp_path / "a.jsonl")
    runner = CliRunner()
    added = runner.invoke(main, ["alerts", "add", "--db", db, "--name", "arms", "--dyad", "IND", "RUS", "--to", out])
    assert added.exit_code == 0 and "alert rule 1 saved" in added.output
    (tmp_path / "in.txt").write_text(ARMS, encoding="utf-8")
    runner.invoke(main, ["ingest", "--db", db, "--published", "2018-10-05", "--workers", "1", str(tmp_path / "in.txt")])
    assert len(open(out, encoding="utf-8").read().splitlines()) == 1  # ingest matched and delivered it
    assert "fired 1, waiting 0" in runner.invoke(main, ["alerts", "list", "--db", db]).output
    assert "1 matching events" in runner.invoke(main, ["alerts", "test", "--db", db, "1"]).output
    assert runner.invoke(main, ["alerts", "remove", "--db", db, "1"]).exit_code == 0
    assert runner.invoke(main, ["alerts", "remove", "--db", db, "1"]).exit_code != 0
    assert (
        "needs at least one condition"
        in runner.invoke(main, ["alerts", "add", "--db", db, "--name", "all", "--to", "console"]).output
    )
