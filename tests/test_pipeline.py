import newsevents
from newsevents.model import Article

TEXTS = [
    "Canada met with Mexico on Monday to discuss trade.",
    "",
    "Japan will send aid to the Philippines after the storm.",
    "Le président a rencontré le premier ministre à Paris jeudi pour discuter du budget de l'État.",
    "Kenya accused Uganda of violating the border.",
]


def test_process_returns_every_interface_field():
    record = newsevents.process("Canada met with Mexico on Monday.", published="2021-06-02", url="https://x.org/1")
    assert {"id", "url", "title", "published", "text", "actors", "events", "quotes"} <= set(record)
    event = record["events"][0]
    assert {
        "type",
        "mode",
        "context",
        "cameo",
        "quad",
        "goldstein",
        "source",
        "target",
        "status",
        "date",
        "date_text",
        "sentence",
        "start",
        "end",
        "confidence",
    } <= set(event)
    assert {"text", "name", "code", "country", "sector"} <= set(event["source"][0])
    assert {"name", "kind", "code", "country", "sector", "role", "mentions"} <= set(record["actors"][0])


def test_bad_input_gives_an_error_record_and_the_run_goes_on():
    records = list(newsevents.process_many(TEXTS, workers=1))
    assert [bool(r.get("error")) for r in records] == [False, True, False, True, False]
    assert records[1]["error"].startswith("empty input") and records[1].get("events", []) == []
    assert records[3]["error"].startswith("not English")


def test_pool_gives_the_same_records_in_the_same_order():
    articles = [
        Article(source=t, id=str(i), published="2021-06-02") if t else Article(id=str(i), error="empty input")
        for i, t in enumerate(TEXTS * 3)
    ]
    serial = list(newsevents.process_many(articles, workers=1))
    pooled = list(newsevents.process_many(articles, workers=2))
    assert serial == pooled


def test_dict_items_carry_their_metadata():
    record = next(
        newsevents.process_many(
            [{"id": "a1", "text": "Canada met with Mexico.", "published": "2021-06-02", "url": "https://x.org/a1"}],
            workers=1,
        )
    )
    assert (record["id"], record["url"], record["published"]) == ("a1", "https://x.org/a1", "2021-06-02")


def test_the_pipeline_is_pure_and_the_package_light():
    import subprocess
    import sys

    code = (
        "import sys, newsevents; light = sorted(m for m in ('spacy', 'trafilatura', 'sqlite3', 'httpx') if m in sys.modules);"
        "import newsevents.pipeline;"
        "heavy = sorted(m for m in ('newsevents.store', 'newsevents.alerts', 'newsevents.ingest', 'sqlite3') if m in sys.modules);"
        "print(light, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] []"  # `import newsevents` loads no model or database; the pipeline no store or alerts
