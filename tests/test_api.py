"""The HTTP API in process (FastAPI's test client) and once against a real `newsevents serve` on loopback."""

import httpx
import pytest
from fastapi.testclient import TestClient

from newsevents.web.api import create_app

from .conftest import live_server

TOKEN = "secret-test-token"
ARTICLE = {
    "id": "a1",
    "url": "https://example.org/a1",
    "published": "2021-06-02",
    "text": "Canada met with Mexico on Monday. The European Union imposed sanctions against Belarus on Tuesday. "
    "“We will not accept this,” Kenyan Foreign Minister Paul Otieno told Reuters.",
}


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(str(tmp_path / "api.db"), token=TOKEN), base_url="http://localhost")


def post(client, body):
    return client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})


def test_writes_need_the_token(client):
    assert client.post("/articles", json=ARTICLE).status_code == 401
    assert client.post("/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
    reply = post(client, ARTICLE)
    assert reply.status_code == 200 and reply.json()["added"] == 1
    assert post(client, ARTICLE).json()["duplicates"] == 1


def test_reads_events_actors_quotes_series_article_search_export(client):
    post(client, ARTICLE)
    events = client.get("/events", params={"dyad_a": "IGOEEC", "dyad_b": "BLR"}).json()["events"]
    assert [e["type"] for e in events] == ["SANCTION"]
    assert client.get("/quotes", params={"country": "KEN"}).json()["quotes"][0]["audience"] == "Reuters"
    assert client.get("/actors", params={"country": "KEN"}).json()["actors"][0]["name"] == "Paul Otieno"
    profile = client.get("/actors/Paul Otieno").json()
    assert profile["roles"][0]["code"] == "KENGOV"
    series = client.get("/dyads/CAN/MEX/series", params={"interval": "month"}).json()["series"]
    assert series == [{"period": "2021-05", "events": 1, "mean_goldstein": 1.0}]
    article = client.get(f"/articles/{events[0]['article_id']}").json()
    assert all(article["text"][e["start"] : e["end"]] == e["sentence"] for e in article["events"])
    assert client.get("/search", params={"q": "Belarus"}).json()["articles"]
    export = client.get("/export", params={"format": "gdelt"})
    assert export.status_code == 200 and len(export.text.splitlines()[0].split("\t")) == 61


def test_pagination_clear_errors_and_limits(client, tmp_path):
    post(client, [{**ARTICLE, "id": f"x{i}", "url": f"https://example.org/{i}"} for i in range(3)])
    first = client.get("/events", params={"limit": 2}).json()
    second = client.get("/events", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(first["events"]) == 2 and not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    assert client.get("/actors/Nobody").status_code == 404
    assert client.get("/events", params={"dyad_a": "USA"}).status_code == 422
    assert client.get("/export", params={"format": "xml"}).status_code == 422
    assert client.get("/search", params={"q": '"unclosed'}).status_code == 400
    small = TestClient(create_app(str(tmp_path / "s.db"), token=TOKEN, max_body=100), base_url="http://localhost")
    assert small.post("/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 413
    closed = TestClient(create_app(str(tmp_path / "r.db")), base_url="http://localhost")
    assert closed.post("/articles", json=ARTICLE).status_code == 403


def test_docs_are_served_without_outside_scripts(client):
    page = client.get("/docs").text
    assert "/events" in page and "<script" not in page and "cdn" not in page.lower()
    assert "/articles" in client.get("/openapi.json").json()["paths"]


def test_a_real_server_on_loopback(tmp_path):
    with live_server(tmp_path / "real.db", TOKEN) as base:
        reply = httpx.post(f"{base}/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert reply.status_code == 200 and reply.json()["added"] == 1
        assert httpx.get(f"{base}/events", params={"type": "SANCTION"}, timeout=10).json()["events"]
