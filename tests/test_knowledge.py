from pathlib import Path

from click.testing import CliRunner

import newsevents
from newsevents.actors.dictionaries import parse_date, read_dictionary
from newsevents.cli import main
from newsevents.ingest import import_dictionaries, ingest_articles
from newsevents.store import Store

COUNTRIES = {"USA", "KEN", "FRA"}

PHOENIX = """# a Phoenix-style actor file
KENYA_  [KEN]
JOMO_ODERA_  # CountryInfo.txt
+PRESIDENT_ODERA_
\t[KENELI 600101-930101]
\t[KENGOV 930101-031230]
\t[KENELI]
WORLD_FOOD_AGENCY_  [IGOUNOWFA]
"""

COUNTRYINFO = """<Country>
<CountryCode>FRA</CountryCode>
<ISO3166-alpha3>FRA</ISO3166-alpha3>
<Leaders>
\t<Presidents>
\t\tPAUL_LAMBERT_\t[19810521 - 19950517]  [B:19160101]
\t\t{ANNE_MOREL_}{ANNE_M._MOREL_}\t[>19950517]
\t</Presidents>
</Leaders>
</Country>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dates_of_both_formats():
    assert parse_date("930120") == "1993-01-20"
    assert parse_date("050101") == "2005-01-01"
    assert parse_date("19950517") == "1995-05-17"


def test_phoenix_people_have_dated_codes_and_aliases(tmp_path):
    entries = list(read_dictionary(write(tmp_path, "x.actors.txt", PHOENIX), COUNTRIES))
    odera = [e for e in entries if e.name == "Jomo Odera"]
    assert {e.alias for e in odera} == {"Jomo Odera", "President Odera"}
    assert ("KENGOV", "1993-01-01", "2003-12-30") in {(e.code, e.start, e.end) for e in odera}
    assert not [e for e in entries if e.name == "Kenya"]  # states come from the project's own tables
    agency = next(e for e in entries if e.name == "World Food Agency")
    assert agency.kind == "organization" and agency.code == "IGOUNOWFA"


def test_countryinfo_leaders_have_terms_and_become_former(tmp_path):
    entries = list(read_dictionary(write(tmp_path, "CountryInfo.txt", COUNTRYINFO), COUNTRIES))
    lambert = [(e.code, e.role, e.start, e.end) for e in entries if e.name == "Paul Lambert"]
    assert ("FRAGOV", "President", "1981-05-21", "1995-05-17") in lambert
    assert ("FRAELI", "former President", "1995-05-17", None) in lambert
    assert {e.alias for e in entries if e.name == "Anne Morel"} == {"Anne Morel", "Anne M. Morel"}


def test_import_is_idempotent_and_resolves_untitled_people_by_date(tmp_path):
    write(tmp_path, "k.actors.txt", PHOENIX)
    db = tmp_path / "kb.db"
    with Store(db) as store:
        first = import_dictionaries([str(tmp_path / "k.actors.txt")], store)
        again = import_dictionaries([str(tmp_path / "k.actors.txt")], store)
    assert sum(first.values()) > 0 and sum(again.values()) == 0
    with Store(db) as store:
        resources = store.resources()
    in_office = newsevents.process(
        "President Odera met the visitors in Nairobi.", published="1998-03-02", resources=resources
    )
    former = newsevents.process("Jomo Odera met the visitors in Nairobi.", published="2010-03-02", resources=resources)
    odera_then = next(a for a in in_office["actors"] if a["name"] == "Jomo Odera")
    odera_later = next(a for a in former["actors"] if a["name"] == "Jomo Odera")
    assert odera_then["code"] == "KENGOV"
    assert odera_later["country"] == "KEN" and odera_later["sector"] == "ELI"


def test_kb_import_command(tmp_path):
    write(tmp_path, "k.actors.txt", PHOENIX)
    result = CliRunner().invoke(main, ["kb", "import", "--db", str(tmp_path / "kb.db"), str(tmp_path / "k.actors.txt")])
    assert result.exit_code == 0, result.output
    assert "entries in the knowledge base" in result.output
    missing = CliRunner().invoke(main, ["kb", "import", "--db", str(tmp_path / "kb.db"), str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0 and "No such dictionary" in missing.output


def test_ingest_learns_offices_and_closes_a_range_when_the_office_changes(tmp_path):
    articles = [
        {
            "id": "a",
            "published": "2019-02-01",
            "text": "Kenyan Defence Minister Amina Wekesa visited Kampala on Monday.",
        },
        {
            "id": "b",
            "published": "2021-05-03",
            "text": "Kenyan Foreign Minister Amina Wekesa visited Kigali on Monday.",
        },
    ]
    db = tmp_path / "n.db"
    with Store(db) as store:
        store.add_records(newsevents.process_many(articles, workers=1))
        rows = store.db.execute(
            'SELECT code, start, "end" FROM knowledge WHERE name = ? ORDER BY start', ("Amina Wekesa",)
        ).fetchall()
        resources = store.resources()
    assert [tuple(r) for r in rows] == [("KENMIL", "2019-02-01", "2021-05-03"), ("KENGOV", "2021-05-03", None)]
    # A later article that gives no title: the knowledge base says who she is.
    untitled = {"id": "c", "published": "2022-01-10", "text": "Amina Wekesa said the talks would resume."}
    record = next(newsevents.process_many([untitled], workers=1, resources=resources))
    wekesa = next(a for a in record["actors"] if a["name"] == "Amina Wekesa")
    assert (wekesa["code"], wekesa["evidence"]) == ("KENGOV", "knowledge")


def test_user_overrides_outrank_the_article(tmp_path):
    overrides = write(
        tmp_path,
        "overrides.csv",
        "name,country,sector,role,start,end,aliases\nPierre Dumas,FRA,JUD,Prosecutor,,,Mr Dumas\n",
    )
    db = tmp_path / "kb.db"
    with Store(db) as store:
        import_dictionaries([str(overrides)], store)
        resources = store.resources()
    record = newsevents.process(
        "French Foreign Minister Pierre Dumas met reporters in Paris.",
        published="2020-01-01",
        resources=resources,
    )
    dumas = next(a for a in record["actors"] if a["name"] == "Pierre Dumas")
    assert (dumas["code"], dumas["role"], dumas["evidence"]) == ("FRAJUD", "Prosecutor", "override")


def test_overrides_with_an_unknown_country_are_refused_with_the_line(tmp_path):
    bad = write(tmp_path, "bad.csv", "name,country,sector\nSomeone,XXX,GOV\n")
    with Store(tmp_path / "kb.db") as store:
        try:
            import_dictionaries([str(bad)], store)
        except ValueError as e:
            assert "bad.csv:2" in str(e) and "XXX" in str(e)
        else:
            raise AssertionError("an unknown country must be refused")


def test_knowledge_learned_in_a_process_reaches_its_actor_stage_without_reloading_the_model(tmp_path):
    from newsevents.nlp import load_pipeline

    untitled = {"id": "b", "published": "2020-05-04", "text": "Okello Mbabazi said the talks would resume in June."}
    load_pipeline()
    loads = load_pipeline.cache_info().misses
    with Store(tmp_path / "k.db") as store:
        first = newsevents.process(untitled["text"], published=untitled["published"], resources=store.resources())
        titled = "Ugandan Foreign Minister Okello Mbabazi visited Nairobi on Monday."
        ingest_articles([{"id": "a", "published": "2020-03-02", "text": titled}], store, workers=1)
        ingest_articles([untitled], store, workers=1)  # the next run in this process knows what the last one learned
        stored = store.record(2)
    before = next(a for a in first["actors"] if a["name"] == "Okello Mbabazi")
    after = next(a for a in stored["actors"] if a["name"] == "Okello Mbabazi")
    assert before["code"] is None
    assert (after["code"], after["evidence"]) == ("UGAGOV", "knowledge")
    assert load_pipeline.cache_info().misses == loads  # the same model, handed new resources
