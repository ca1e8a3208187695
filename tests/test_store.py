import newsevents
from newsevents.store import SCHEMA_VERSION, Store

TEXT = "Canada met with Mexico on Monday. The European Union imposed sanctions against Belarus on Tuesday."


def make_record():
    return newsevents.process(TEXT, published="2021-06-02", url="https://example.org/a")


def test_the_same_article_twice_is_stored_once():
    record = make_record()
    with Store() as store:
        assert store.add_records([record]) == (1, 0)
        assert store.add_records([record, record]) == (0, 2)
        assert store.summary()["articles"] == 1


def test_queries_by_actor_dyad_type_and_date():
    with Store() as store:
        store.add_records([make_record()])
        assert {e["type"] for e in store.query_events(actor="CAN")} == {"CONSULT"}
        assert len(store.query_events(dyad=("IGOEEC", "BLR"))) == 1
        assert len(store.query_events(dyad=("BLR", "IGOEEC"))) == 1  # a dyad is the events between the two
        assert store.query_events(source="BLR", target="IGOEEC") == []  # one direction: source and target
        assert len(store.query_events(source="IGOEEC", target="BLR")) == 1
        assert [e["type"] for e in store.query_events(type="sanction")] == ["SANCTION"]
        assert {e["date"] for e in store.query_events(since="2021-06-01", until="2021-06-01")} == {"2021-06-01"}
        assert store.query_events(actor="Belarus")[0]["target"][0]["code"] == "BLR"


def test_actor_filter_is_bound_not_formatted_into_sql():
    with Store() as store:
        store.add_records([make_record()])
        assert store.query_events(actor="x' OR '1'='1") == []


def test_file_database_uses_wal_and_survives_reopening(tmp_path):
    path = tmp_path / "events.db"
    with Store(path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.add_records([make_record()])
    with Store(path) as store:
        assert store.summary()["events"] >= 2


def test_error_records_are_stored_without_events():
    with Store() as store:
        record = newsevents.process(b"")
        assert store.add_records([record]) == (1, 0)
        assert store.summary()["errors"] == 1 and store.summary()["events"] == 0


def test_quotes_are_queryable_by_speaker_country_and_sector():
    text = "“We will not accept this,” Kenyan Foreign Minister Paul Otieno told Reuters on Monday."
    with Store() as store:
        store.add_records([newsevents.process(text, published="2021-06-02")])
        by_country = store.query_quotes(country="KEN", sector="GOV")
        assert [(q["speaker_name"], q["audience"]) for q in by_country] == [("Paul Otieno", "Reuters")]
        assert store.query_quotes(speaker="Otieno")[0]["text"] == "We will not accept this"
        assert store.query_quotes(country="USA") == []


def test_an_older_database_is_upgraded(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with Store(path):
        pass
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE quotes_old AS SELECT * FROM quotes")
    db.execute("DROP TABLE quotes")
    db.execute(
        "CREATE TABLE quotes (id INTEGER PRIMARY KEY, article_id INTEGER, kind TEXT, text TEXT, cue TEXT, "
        'start INTEGER, "end" INTEGER, speaker_name TEXT, speaker_code TEXT, speaker_country TEXT, '
        "speaker_sector TEXT)"
    )
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as store:
        store.add_records([make_record()])
        assert store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION
        )


def test_a_line_on_many_pages_of_a_site_becomes_furniture(tmp_path):
    promo = "Support independent journalism with a gift today"
    pages = [
        {
            "id": str(i),
            "url": f"https://daily.example/news/{i}",
            "published": "2021-06-02",
            "text": f"Canada met with Mexico on day {i} to discuss trade rules for farm goods.\n\n{promo}",
        }
        for i in range(6)
    ]
    with Store(tmp_path / "n.db") as store:
        store.add_records(newsevents.process_many(pages, workers=1))
        furniture = store.furniture_lines()
    later = newsevents.process_many(
        [
            {
                "id": "x",
                "url": "https://daily.example/news/x",
                "published": "2021-06-03",
                "text": "Peru met with Chile on Tuesday to discuss fishing rights along the coast.\n\n" + promo,
            }
        ],
        workers=1,
        resources=newsevents.Resources.of(furniture=furniture),
    )
    record = next(later)
    assert promo not in record["text"] and "Peru met with Chile" in record["text"]


def test_full_text_search_finds_articles_with_a_snippet():
    with Store() as store:
        store.add_records([make_record()])
        hits = store.search('"imposed sanctions" Belarus')
        assert len(hits) == 1 and "[Belarus]" in hits[0]["snippet"]
        assert store.search("Zimbabwe") == []


def test_events_by_sector_quad_and_words():
    with Store() as store:
        store.add_records(
            [
                newsevents.process(
                    "Kenyan Defence Minister Omar Waweru met Ugandan President Yoweri "
                    "Museveni on Monday. The European Union imposed sanctions against "
                    "Belarus on Tuesday.",
                    published="2021-06-02",
                )
            ]
        )
        assert [e["type"] for e in store.query_events(sector="MIL")] == ["CONSULT"]
        assert [e["type"] for e in store.query_events(quad=4)] == ["SANCTION"]
        assert [e["type"] for e in store.query_events(text="Belarus")] == ["SANCTION"]


def test_a_stored_article_reads_back_as_the_record_it_was_stored_from(seed_text):
    import json

    record = newsevents.process(seed_text, published="2018-09-05", url="https://example.org/seed")
    broken = newsevents.process(b"\x00\x01binary", url="https://example.org/broken")
    with Store() as store:
        store.add_records([record, broken])
        assert store.record(1) == json.loads(json.dumps(record))  # every field: trigger, evidence, granularity ...
        assert store.record(2) == broken and broken["error_code"] == "E003"


def test_an_upgrade_gives_error_records_of_older_stores_their_code(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add_records([newsevents.process(b"\x00\x01binary", url="https://example.org/broken")])
    db = sqlite3.connect(path)
    db.execute("UPDATE articles SET error_code = NULL")
    db.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.record(1)["error_code"] == "E003"
