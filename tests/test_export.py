import csv
import json

import pytest
from click.testing import CliRunner

import newsevents
from newsevents.cli import main
from newsevents.export import GDELT_COLUMNS, export_events
from newsevents.store import Store

TEXT = "Canada met with Mexico on Monday. The European Union imposed sanctions against Belarus on Tuesday."


@pytest.fixture
def store():
    with Store() as store:
        store.add_records([newsevents.process(TEXT, published="2021-06-02", url="https://example.org/a")])
        yield store


def test_csv_and_jsonl_read_back(store, tmp_path):
    assert export_events(store, tmp_path / "e.csv", "csv") == 2
    rows = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert {r["type"] for r in rows} == {"CONSULT", "SANCTION"}
    assert next(r for r in rows if r["type"] == "SANCTION")["target_codes"] == "BLR"
    export_events(store, tmp_path / "e.jsonl", "jsonl")
    assert len(open(tmp_path / "e.jsonl", encoding="utf-8").read().splitlines()) == 2


def test_plover_json_uses_the_spec_field_names(store, tmp_path):
    export_events(store, tmp_path / "e.json", "plover", type="SANCTION")
    record = json.loads(open(tmp_path / "e.json", encoding="utf-8").readline())
    assert record["event"] == ["SANCTION"] and record["actor"][0]["code"] == "IGO"
    assert record["recipient"][0]["code"] == "BLR" and record["date"] == "2021-06-01"
    assert {"id", "date", "actor", "recipient", "event", "quad_code", "event_scale", "context"} <= set(record)


def test_gdelt_tsv_has_gdelts_61_columns(store, tmp_path):
    export_events(store, tmp_path / "e.tsv", "gdelt")
    rows = [line.split("\t") for line in open(tmp_path / "e.tsv", encoding="utf-8").read().splitlines()]
    assert len(GDELT_COLUMNS) == 61 and all(len(row) == 61 for row in rows)
    sanction = next(row for row in rows if row[GDELT_COLUMNS.index("EventRootCode")] == "16")
    assert sanction[GDELT_COLUMNS.index("Actor2CountryCode")] == "BLR"
    assert sanction[GDELT_COLUMNS.index("QuadClass")] == "4" and sanction[GDELT_COLUMNS.index("Day")] == "20210601"


def test_parquet_reads_back(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    export_events(store, tmp_path / "e.parquet", "parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 2 and "goldstein" in table.column_names


def test_export_command(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as store:
        store.add_records([newsevents.process(TEXT, published="2021-06-02")])
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 0 and "2 events written" in result.output
