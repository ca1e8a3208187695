"""The store's promises at scale: idempotent ingest of many articles, syndicated copies and clusters."""

import json

import newsevents
from newsevents.ingest import ingest
from newsevents.store import Store

COUNTRIES = ["Canada", "Mexico", "Peru", "Chile", "Kenya", "Uganda", "Japan", "Korea", "France", "Spain"]

WIRE = (
    "The foreign ministers of Kenya and Uganda met in Nairobi on Tuesday to settle a dispute over fishing "
    "rights on Lake Victoria, officials from both countries said. The talks lasted more than six hours and "
    "ended with a joint statement promising regular patrols and a shared register of licensed boats. Kenya "
    "accused Ugandan patrols last month of seizing the nets of its fishermen near Migingo island, and "
    "Uganda rejected the charge. Both ministers said they would meet again in March."
)


def test_ingesting_the_same_1000_articles_twice_stores_each_once(tmp_path):
    dump = tmp_path / "dump.jsonl"
    with open(dump, "w", encoding="utf-8") as handle:
        for i in range(1000):
            a, b = COUNTRIES[i % 10], COUNTRIES[(i + 3) % 10]
            handle.write(
                json.dumps(
                    {
                        "id": f"a{i}",
                        "url": f"https://wire.example/{i}",
                        "published": "2021-06-02",
                        "text": f"{a} met with {b} on Monday in round {i} of the trade talks.",
                    }
                )
                + "\n"
            )
    with Store(tmp_path / "n.db") as store:
        first = ingest([str(dump)], store, workers=2)
        again = ingest([str(dump)], store, workers=2)
        rows = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert (first.added, again.added, again.duplicates, rows) == (1000, 0, 1000, 1000)


def test_three_copies_of_a_wire_story_make_one_cluster_with_three_mentions():
    copies = [
        {
            "id": site,
            "url": f"https://{site}/africa/fishing-talks",
            "published": "2021-06-02",
            "text": WIRE + ("" if i == 0 else f" (Copyright {site})"),
        }
        for i, site in enumerate(["daily.example", "herald.example", "post.example"])
    ]
    with Store() as store:
        store.add_records(newsevents.process_many(copies, workers=1))
        articles = store.db.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall()
        consult = [e for e in store.query_events(type="CONSULT") if {r["country"] for r in e["source"]} >= {"KEN"}]
    first = articles[0]["id"]
    assert [a["duplicate_of"] for a in articles] == [None, first, first]
    assert len({e["cluster_id"] for e in consult}) == 1
    assert (consult[0]["mentions"], consult[0]["sources"], consult[0]["articles"]) == (3, 3, 3)
