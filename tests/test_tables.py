"""The data tables are consistent with each other and with the codes of the field."""

from newsevents.tables import read_table

SECTORS = {
    "GOV",
    "MIL",
    "LEG",
    "JUD",
    "COP",
    "SPY",
    "REB",
    "OPP",
    "PTY",
    "CVL",
    "BUS",
    "MED",
    "EDU",
    "JRN",
    "LAB",
    "REL",
    "REF",
    "SOC",
    "ELI",
    "AGR",
    "CRM",
    "PRM",
    "UAF",
    "UNK",
    "PRE",
    "NGO",
}


def test_sixteen_plover_types_with_quads():
    types = {row["type"]: int(row["quad"]) for row in read_table("plover_types")}
    assert len(types) == 16 and set(types.values()) == {1, 2, 3, 4}


def test_lexicon_types_and_codes_exist():
    types = {row["type"] for row in read_table("plover_types")}
    cameo = {row["cameo"] for row in read_table("cameo")}
    for table in ("event_verbs", "event_nouns"):
        for row in read_table(table):
            assert row["type"] in types, row
            assert row["cameo"] in cameo, row


def test_actor_tables_use_known_countries_and_sectors():
    countries = {row["code"] for row in read_table("countries")}
    assert {"USA", "IND", "RUS", "IRN", "PAK"} <= countries
    for row in read_table("country_aliases"):
        assert row["code"] in countries, row
        assert row["sector"] in ("", "GOV", "LEG", "MIL"), row
    for row in read_table("roles"):
        assert row["sector"] in SECTORS, row
    for row in read_table("people"):
        assert row["country"] in countries or row["country"].startswith(("IGO", "NGO")), row
        assert row["sector"] in SECTORS and row["start"] <= (row["end"] or "9999"), row
    leaders = read_table("leaders")
    assert len(leaders) > 1000
    for row in leaders:
        assert row["country"] in countries and row["name"], row
        assert (row["start"] or "") <= (row["end"] or "9999"), row


def test_furniture_patterns_compile():
    import re

    for row in read_table("furniture"):
        re.compile(row["pattern"])


def test_organization_words_compile_to_known_sectors():
    import re

    rows = read_table("organization_words")
    assert rows
    for row in rows:
        assert row["sector"] in SECTORS, row
        re.compile(row["pattern"])


def test_the_actor_knowledge_base_holds_dated_offices_in_known_countries_and_sectors():
    import gzip

    from newsevents.tables import DATA_DIR

    countries = {row["code"] for row in read_table("countries")}
    lines = gzip.decompress((DATA_DIR / "actor_kb.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    header = lines[0].split("\t")
    assert header == ["key", "name", "kind", "country", "sector", "role", "start", "end", "gender", "source"]
    assert len(lines) > 100_000
    for line in lines[1::97]:  # a sample: the whole table is checked when it is built
        row = dict(zip(header, line.split("\t"), strict=True))
        assert row["kind"] in ("person", "organization"), row
        assert row["country"] in countries and row["sector"] in SECTORS, row
        assert (row["start"] or "") <= (row["end"] or "9999"), row
