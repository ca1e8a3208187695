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
