"""Nothing lost: a store that takes a second ingest, per-article isolation, a concurrent API, graceful stops,
bounded resources and clear errors. Each test is a failure a user met; the crash (kill -9), fuzz and load
checks live in test_crash.py, test_fuzz.py and benchmarks/load.py."""

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import newsevents
from newsevents.alerts import add_rule
from newsevents.cli import main
from newsevents.errors import StoreError
from newsevents.ingest import ingest_articles, reprocess
from newsevents.store import FURNITURE_MIN_ARTICLES, Store
from newsevents.web.api import create_app

from .conftest import live_server

TOKEN = "reliability-token"
COUNTRIES = ["Canada", "Mexico", "Peru", "Chile", "Kenya", "Ghana", "Norway", "Sweden", "Japan", "Brazil"]


def story(i: int, words: int = 70) -> str:
    """An invented news story, distinct for each i (and long enough to get a near-copy signature)."""
    a, b = COUNTRIES[i % 10], COUNTRIES[(i // 10 + i + 1) % 10]
    filler = " ".join(f"point{i}x{k}" for k in range(words))
    return (
        f"{a} met with {b} on Monday to discuss trade rules for farm goods, officials said.\n\n"
        f"The talks covered {filler}.\n\nThe two countries will meet again next month in Geneva."
    )


def item(i: int, **extra) -> dict:
    return {"id": f"s{i}", "url": f"https://news{i % 3}.example/story/{i}", "text": story(i), **extra}


def write_jsonl(path: Path, items: list) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in items) + "\n", encoding="utf-8")
    return path


def count(db: Path, sql: str = "SELECT COUNT(*) FROM articles", params=()) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchone()[0]


# --- the store takes a second ingest ---------------------------------------------------------------------------


def test_a_second_ingest_into_an_existing_store_works_and_finds_copies_across_runs(tmp_path):
    db = tmp_path / "t.db"
    first = write_jsonl(tmp_path / "first.jsonl", [item(1), item(2)])
    copy = {**item(1), "id": "copy", "url": "https://other.example/wire/1"}
    second = write_jsonl(tmp_path / "second.jsonl", [item(1), item(3), copy])
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--db", str(db), "--workers", "1", str(first)]).exit_code == 0
    result = runner.invoke(main, ["ingest", "--db", str(db), "--workers", "1", str(second)])
    assert result.exit_code == 0, result.output
    assert "3 articles read: 2 added, 1 already stored" in result.output
    with Store(db) as store:
        original = store.db.execute("SELECT id FROM articles WHERE url = ?", (item(1)["url"],)).fetchone()[0]
        linked = store.db.execute("SELECT duplicate_of FROM articles WHERE url = ?", (copy["url"],)).fetchone()[0]
    assert linked == original  # the near-copy index survives closing the store; nothing is rebuilt on open


def test_an_old_store_is_upgraded_and_its_articles_are_not_stored_twice(tmp_path):
    db = tmp_path / "old.db"
    record = newsevents.process(item(5)["text"], url=item(5)["url"], published="2021-06-02")
    with Store(db) as store:
        store.add_records([record])
    with sqlite3.connect(db) as conn:  # as schema 4 left it: keyed by the text's hash, no signature bands
        conn.execute("ALTER TABLE articles RENAME COLUMN ingest_key TO content_hash")
        conn.execute("UPDATE articles SET content_hash = ?", (hashlib.sha256(record["text"].encode()).hexdigest(),))
        conn.execute("DELETE FROM signature_bands")
        conn.execute("UPDATE signatures SET minhash = zeroblob(512)")  # datasketch 1.x's 64-bit values
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with Store(db) as store:
        assert store.add_records([record]) == (0, 1)
        assert count(db, "SELECT COUNT(*) FROM signature_bands") > 0


def test_an_article_stored_as_an_error_is_repaired_by_a_later_good_read(tmp_path):
    with Store(tmp_path / "r.db") as store:
        broken = {"id": "x", "url": "https://a.example/x", "text": "", "error": "processing failed: boom"}
        assert store.add_records([broken]) == (1, 0)
        good = newsevents.process(story(7), url="https://a.example/x", published="2021-06-02")
        assert store.add_records([good]) == (1, 0)
        row = store.db.execute("SELECT error, text FROM articles").fetchone()
        assert row["error"] is None and row["text"].startswith("Sweden met")
        assert store.add_records([good]) == (0, 1)  # a good article is never replaced by an ingest


# --- one article's failure never touches another's -------------------------------------------------------------


def test_bad_inputs_among_good_ones_leave_the_good_ones_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.txt").write_text(story(i), encoding="utf-8")
    huge = "The minister said that the talks with the other side were over for this year. " * 14_000
    (folder / "huge.txt").write_text(huge, encoding="utf-8")  # 1.1 M characters
    (folder / "corrupt.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not gzip at all" * 10)
    write_jsonl(
        folder / "odd.jsonl",
        [
            "[" * 50_000,
            '{"id": "surrogate", "text": "Kenya met Ghana on Monday \\ud800 to discuss trade."}',
            {"id": "badurl", "text": "Peru met Chile on Monday.", "url": 12},
            {"id": "ancient", "url": "https://d.example/1", "text": story(11), "published": "0001-01-01"},
            {"id": "future", "url": "https://d.example/2", "text": story(12) + " Tomorrow", "published": "9999-12-31"},
            {"id": "words", "url": "https://d.example/3", "text": story(13), "published": "tomorrow"},
        ],
    )
    db = tmp_path / "b.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), "--workers", "1", str(folder)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        rows = {r["article_key"]: r for r in store.db.execute("SELECT article_key, error, published FROM articles")}
    assert all(rows[f"{folder}/good{i}.txt"]["error"] is None for i in range(3))
    assert all(rows[k]["error"] is None and rows[k]["published"] is None for k in ("ancient", "future", "words"))
    assert rows["surrogate"]["error"] is None
    assert "too long" in rows[f"{folder}/huge.txt"]["error"]
    assert rows[f"{folder}/corrupt.txt.gz"]["error"].startswith("corrupt gzip")
    assert "'url' must be a string" in rows["badurl"]["error"]


def test_a_record_the_store_cannot_take_is_kept_as_an_error_and_the_batch_stored(tmp_path):
    good = newsevents.process(story(1), url="https://a.example/1", published="2021-06-02")
    bad = {**newsevents.process(story(2), url="https://a.example/2"), "events": [{"type": "CONSULT"}]}  # no fields
    with Store(tmp_path / "s.db") as store:
        assert store.add_records([good, bad]) == (2, 0)
        errors = dict(store.db.execute("SELECT url, error FROM articles").fetchall())
    assert errors["https://a.example/1"] is None and errors["https://a.example/2"].startswith("could not be stored")


def test_a_read_only_database_gives_a_clear_error_not_a_traceback(tmp_path):
    with Store(tmp_path / "ro.db") as store:
        store.db.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError, match="Cannot write to the database"):
            store.add_records([{"id": "x", "text": "t", "error": "e"}])


def test_long_articles_are_coded_in_linear_time():
    base = story(1, words=10) + "\n\n“We will not accept this,” Kenyan Foreign Minister Paul Otieno told Reuters.\n\n"

    def seconds(copies: int) -> float:
        text = "".join(base.replace("Monday", f"Monday {k}") for k in range(copies))
        start = time.perf_counter()
        record = newsevents.process(text, published="2021-06-02")
        assert record.get("error") is None and len(record["quotes"]) >= copies // 2
        return time.perf_counter() - start

    seconds(5)  # warm up the model
    small, large = seconds(60), seconds(240)  # about 20 KB and 80 KB
    assert large / small < 6  # 4× the text: about 4× the time (it was about 10× before)


# --- learned furniture is the site's own ------------------------------------------------------------------------


def test_a_line_learned_on_one_site_is_not_removed_from_another(tmp_path):
    promo = "Read the full wire story from our partners below"
    pages = [
        {"url": f"https://a.example/{i}", "text": f"{story(i)}\n\n{promo}", "published": "2021-06-02"} for i in range(6)
    ]
    with Store(tmp_path / "f.db") as store:
        ingest_articles(pages, store, workers=1)
        resources = store.resources()
        kinds = {type(key) for key in store.db.execute("SELECT key FROM lines").fetchall()[0]}
    assert kinds == {int}  # hashes, not the lines
    same_site = newsevents.process(f"{story(8)}\n\n{promo}", url="https://a.example/8", resources=resources)
    other_site = newsevents.process(f"{story(8)}\n\n{promo}", url="https://b.example/8", resources=resources)
    assert promo not in same_site["text"] and promo in other_site["text"]


# --- alerts never slow an ingest ----------------------------------------------------------------------------------


def test_an_ingest_queues_alerts_and_never_waits_for_a_webhook(tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("a webhook was called inside the ingest")

    monkeypatch.setattr(httpx.Client, "post", never)
    with Store(tmp_path / "a.db") as store:
        add_rule(store, "trade", "https://hooks.example/x", keywords=["trade"])
        report = ingest_articles([item(i) for i in range(3)], store, workers=1)
        waiting = store.db.execute("SELECT COUNT(*) FROM alert_outbox WHERE delivered_at IS NULL").fetchone()[0]
    assert report.alerts == waiting >= 3


# --- the API: security, odd requests, concurrency -----------------------------------------------------------------


@pytest.fixture
def api(tmp_path):
    app = create_app(str(tmp_path / "api.db"), token=TOKEN, read_token="reader", max_body=50_000)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def test_a_read_token_is_required_when_one_is_set(api):
    assert api.get("/events").status_code == 401
    assert api.get("/events", headers={"Authorization": "Bearer reader"}).status_code == 200
    assert api.get("/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_other_host_names_are_refused(api):
    assert api.get("/events", headers={"Host": "attacker.example", "Authorization": "Bearer reader"}).status_code == 400


def test_a_chunked_body_over_the_limit_is_refused(api):
    def chunks():
        for _ in range(100):
            yield b"x" * 1000

    reply = api.post("/articles", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 413


def test_odd_requests_get_4xx_not_500(api):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert api.get("/events", params={"cursor": 2**70}, headers=auth).status_code == 422
    assert api.get("/events", params={"cursor": -5}, headers=auth).status_code == 422
    assert api.get("/articles/99999999999999999999999", headers=auth).status_code == 422
    assert api.post("/articles", json={"articles": "nope"}, headers=auth).status_code == 422
    assert api.post("/articles", json=[1, 2], headers=auth).status_code == 422
    assert api.post("/articles", json=[], headers=auth).status_code == 422
    assert api.get("/search", params={"q": " OR ".join(f"w{i}*" for i in range(100))}, headers=auth).status_code == 400


def test_an_export_leaves_no_file_behind(api, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert api.get("/export", params={"format": "csv"}, headers={"Authorization": "Bearer reader"}).status_code == 200
    assert list((tmp_path / "tmp").iterdir()) == []


def test_concurrent_reads_posts_and_a_cli_writer_on_a_real_server(tmp_path):
    db = tmp_path / "live.db"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with live_server(db, TOKEN) as base:
        assert httpx.post(f"{base}/articles", json=item(0), headers=auth, timeout=120).status_code == 200
        cli_input = write_jsonl(tmp_path / "cli.jsonl", [item(i) for i in range(100, 140)])
        cli = subprocess.Popen(
            [sys.executable, "-m", "newsevents.cli", "ingest", "--db", str(db), "--workers", "1", str(cli_input)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        with httpx.Client(timeout=60) as http, ThreadPoolExecutor(32) as pool:
            gets = list(pool.map(lambda i: http.get(f"{base}/events", params={"limit": 20}).status_code, range(600)))
            posts = list(pool.map(lambda i: http.post(f"{base}/articles", json=item(i), headers=auth), range(1, 25)))
        assert cli.wait(timeout=300) == 0
        assert gets.count(200) == len(gets)
        assert [p.status_code for p in posts] == [200] * len(posts)
        assert count(db) == 1 + 24 + 40  # every POST and every CLI article stored, once
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- graceful stop ------------------------------------------------------------------------------------------------


def test_ctrl_c_stores_the_batch_in_flight_and_says_how_to_resume(tmp_path):
    db = tmp_path / "stop.db"
    source = write_jsonl(tmp_path / "many.jsonl", [item(i) for i in range(200)])
    command = [sys.executable, "-m", "newsevents.cli", "ingest", "--db", str(db), "--workers", "1", str(source)]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and (not db.exists() or count(db) == 0):
        time.sleep(0.2)
    run.send_signal(signal.SIGINT)
    out, _ = run.communicate(timeout=240)
    stored = count(db)
    assert run.returncode == 130 and "Run the same command again to resume" in out
    assert 0 < stored < 200 and stored % 64 == 0  # whole batches: the one in flight was finished, not lost
    again = subprocess.run(command, capture_output=True, text=True, timeout=400)
    assert again.returncode == 0 and count(db) == 200


# --- the command line: clear errors, bounded output, no model for queries -----------------------------------------


def test_query_commands_check_their_arguments_and_the_database(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["events", "--db", str(tmp_path / "typo.db")])
    assert missing.exit_code != 0 and "No database" in missing.output and not (tmp_path / "typo.db").exists()
    db = tmp_path / "q.db"
    with Store(db) as store:
        ingest_articles([item(i) for i in range(3)], store, workers=1)
    assert "not a PLOVER type" in runner.invoke(main, ["events", "--db", str(db), "--type", "CONSULTT"]).output
    assert "not a date" in runner.invoke(main, ["events", "--db", str(db), "--since", "last week"]).output
    assert "not a date" in runner.invoke(main, ["ingest", "--db", str(db), "--published", "9999-12-31", "x"]).output
    assert runner.invoke(main, ["events", "--db", str(db), "--type", "consult"]).exit_code == 0


def test_events_print_a_bounded_page_by_default(tmp_path):
    db = tmp_path / "many.db"
    records = [
        {"id": str(i), "url": f"https://m.example/{i}", "text": "x", "events": [], "actors": [], "quotes": []}
        for i in range(3)
    ]
    event = newsevents.process(item(1)["text"], published="2021-06-02")["events"][0]
    for record in records:
        record["events"] = [event] * 60
    with Store(db) as store:
        store.add_records(records)
    result = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "csv"])
    assert len(result.stdout.splitlines()) == 1 + 100 and "--limit 0 for all" in result.stderr
    everything = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "csv", "--limit", "0"])
    assert len(everything.stdout.splitlines()) == 1 + 180


def test_query_commands_do_not_load_the_model():
    code = "import sys, newsevents.cli, newsevents.store; print('spacy' in sys.modules, 'trafilatura' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == [
        "False",
        "False",
    ]


def test_one_input_starts_no_worker_pool(monkeypatch):
    import multiprocessing.context

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for one article")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", no_pool)
    (record,) = newsevents.process_many([story(1)], workers=2)
    assert record.get("error") is None


def test_a_page_date_wins_over_the_published_default_and_written_dates_are_read(tmp_path):
    page = (
        "<html><head><meta property='article:published_time' content='2019-03-04T10:00:00Z'></head>"
        f"<body><article><p>{story(1)}</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (tmp_path / "t.txt").write_text(story(2), encoding="utf-8")
    result = CliRunner().invoke(main, ["process", "--published", "2020-01-01", str(tmp_path)])
    records = {Path(r["path"]).name: r for r in map(json.loads, result.output.splitlines())}
    assert records["p.html"]["published"] == "2019-03-04" and records["t.txt"]["published"] == "2020-01-01"
    written = newsevents.process(story(3), published="September 5, 2018")
    assert written["published"] == "2018-09-05" and written["events"][0]["date"].startswith("2018-")


# --- re-coding ------------------------------------------------------------------------------------------------------


def test_reprocess_recodes_with_what_the_store_learned_keeping_ids(tmp_path):
    learned_from = {
        "url": "https://u.example/1",
        "published": "2021-06-01",
        "text": "Ugandan Foreign Minister Okello Mbabazi met the president of Kenya in Nairobi on Monday, and the two"
        " said that they would work together on trade.",
    }
    later = {
        "url": "https://u.example/2",
        "published": "2021-06-02",
        "text": "Okello Mbabazi met with the president of Tanzania on Tuesday, and the two said that they would"
        " discuss the border with their ministers.",
    }
    one_shot, resumed = tmp_path / "one.db", tmp_path / "two.db"
    with Store(one_shot) as store:
        ingest_articles([learned_from, later], store, workers=1)
    with Store(resumed) as store:
        ingest_articles([learned_from], store, workers=1)
    with Store(resumed) as store:
        ingest_articles([later], store, workers=1)

    def codes(db):
        return count(db, "SELECT group_concat(code) FROM (SELECT code FROM participants ORDER BY event_id, role)")

    ids_before = count(one_shot, "SELECT group_concat(id) FROM articles")
    result = CliRunner().invoke(main, ["reprocess", "--db", str(one_shot)])
    assert result.exit_code == 0 and "2 articles re-coded" in result.output
    CliRunner().invoke(main, ["reprocess", "--db", str(resumed)])
    assert count(one_shot, "SELECT group_concat(id) FROM articles") == ids_before
    assert codes(one_shot) == codes(resumed) and "UGAGOV" in codes(one_shot)


def test_reprocessing_again_and_again_changes_no_counts(tmp_path):
    pages = [{"url": f"https://a.example/{i}", "text": story(i), "published": "2021-06-02"} for i in range(3)]
    with Store(tmp_path / "again.db") as store:
        ingest_articles(pages, store, workers=1)

        def state():
            lines = store.db.execute("SELECT site, key, articles FROM lines ORDER BY site, key").fetchall()
            clusters = store.db.execute("SELECT key, mentions, sources, articles FROM clusters ORDER BY key")
            return [tuple(r) for r in lines], [tuple(r) for r in clusters.fetchall() if r["mentions"]]

        before = state()
        for _ in range(FURNITURE_MIN_ARTICLES):
            reprocess(store, workers=1)
        assert state() == before and store.furniture_lines() == frozenset()


def test_reprocess_over_a_process_pool_reads_every_page_of_a_file_store(tmp_path, monkeypatch):
    import newsevents.store.database as database

    monkeypatch.setattr(database, "STORED_PAGE", 4)  # many pages, read while the pool's feeder thread pulls them
    pages = [{"url": f"https://a.example/{i}", "text": story(i), "published": "2021-06-02"} for i in range(40)]
    with Store(tmp_path / "r.db") as store:
        ingest_articles(pages, store, workers=1)
        report = reprocess(store, workers=2)
    assert (report.read, report.errors) == (40, 0)
