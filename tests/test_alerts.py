import json

import httpx
import pytest
from click.testing import CliRunner

import newsevents
from newsevents.alerts import MAX_ATTEMPTS, add_rule, deliver_alerts, match_new_events
from newsevents.cli import main
from newsevents.errors import NewsEventsError
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
        add_rule(store, "arms", str(out), dyad=["IND", "RUS"])
        assert ingest_texts(store, [ARMS, OTHER]) == 1
        assert match_new_events(store) == 0  # checked once, never again
        assert deliver_alerts(store) == (1, 0) and deliver_alerts(store) == (0, 0)
    alerts = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(alerts) == 1 and alerts[0]["rule"] == "arms" and alerts[0]["event"]["sentence"].startswith("India")


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
        assert deliver_alerts(store, client) == (0, 0)  # it waits before the next try, instead of retrying at once
        assert deliver_alerts(store, client, retry_now=True) == (1, 0)
    assert len(calls) == 2 and calls[1]["event"]["sentence"].startswith("India and Russia")


def test_a_webhook_that_keeps_failing_backs_off_and_is_given_up():
    calls = []
    client = httpx.Client(transport=httpx.MockTransport(lambda request: calls.append(1) or httpx.Response(500)))
    with Store() as store:
        add_rule(store, "arms", "https://hooks.example/newsevents", keywords=["missile"])
        ingest_texts(store, [ARMS])
        pauses = []
        for _ in range(MAX_ATTEMPTS + 3):
            store.db.execute("UPDATE alert_outbox SET next_attempt_at = NULL")  # as if the pause had passed
            deliver_alerts(store, client)
            row = store.db.execute("SELECT attempts, next_attempt_at, created_at FROM alert_outbox").fetchone()
            pauses.append(row["next_attempt_at"])
        assert len(calls) == MAX_ATTEMPTS and row["attempts"] == MAX_ATTEMPTS  # capped
        assert pauses[0] < pauses[1] < pauses[2]  # growing pauses


def test_webhooks_to_private_addresses_and_odd_file_targets_are_refused(tmp_path):
    with Store() as store:
        for target in (
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.1:8080/hook",
            "http://localhost:6379/",
            "http://[::1]/x",
            "http://10.1.2.3/x",
            "file:///etc/passwd",
            "/etc/passwd",
            str(tmp_path / "no-such-folder" / "a.jsonl"),
        ):
            with pytest.raises(NewsEventsError):
                add_rule(store, "x", target, keywords=["missile"])
        add_rule(store, "ok", str(tmp_path / "alerts.jsonl"), keywords=["missile"])


def test_a_rule_stored_with_a_private_target_is_not_delivered_there():
    with Store() as store:
        add_rule(store, "arms", "https://hooks.example/newsevents", keywords=["missile"])
        store.db.execute("UPDATE alert_rules SET target = 'http://169.254.169.254/latest/'")
        ingest_texts(store, [ARMS])
        assert deliver_alerts(store) == (0, 1)
        assert "private" in store.db.execute("SELECT last_error FROM alert_outbox").fetchone()["last_error"]


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


def test_an_event_of_a_reprocessed_article_never_reuses_an_id_the_alert_cursor_has_passed(tmp_path):
    from newsevents.ingest import ingest_articles, reprocess

    text = "Kenya met Uganda on Monday. Kenya imposed sanctions on Uganda on Tuesday."
    with Store(tmp_path / "a.db") as store:
        ingest_articles([{"url": "https://k.example/1", "text": text, "published": "2021-06-02"}], store, workers=1)
        first = {e["id"] for e in store.query_events()}
        add_rule(store, "sanctions", "console", types=["SANCTION"])
        match_new_events(store)  # the cursor passes every stored event
        report = reprocess(store, workers=1)  # the same article again: its events are replaced
        again = {e["id"] for e in store.query_events()}
        assert again and not again & first
        assert report.alerts == 1  # the new SANCTION is checked, not hidden below the cursor
