import json

from click.testing import CliRunner

from newsevents.cli import main

PAGE = """Advertisement

Canada and Mexico Resume Trade Talks

Canada met with Mexico in Ottawa on Monday to discuss trade rules for farm goods.

Story continues below advertisement

The two countries will meet again next month, officials said.
"""


def write_inputs(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path


def test_clean_json_has_the_interface_fields(tmp_path):
    write_inputs(tmp_path)
    result = CliRunner().invoke(main, ["clean", "--format", "json", str(tmp_path / "page.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"path", "title", "text", "published", "byline", "credit", "removed"}
    assert "Advertisement" not in data["text"] and "Advertisement" in data["removed"]
    assert data["title"] == "Canada and Mexico Resume Trade Talks"


def test_process_prints_one_record_per_article_and_reports_bad_input(tmp_path):
    write_inputs(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "process",
            "--published",
            "2021-06-02",
            "--workers",
            "1",
            str(tmp_path / "page.txt"),
            str(tmp_path / "empty.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 2
    assert records[0]["published"] == "2021-06-02" and records[0]["events"]
    assert records[1]["error"].startswith("empty input")


def test_process_fails_only_when_nothing_could_be_read(tmp_path):
    write_inputs(tmp_path)
    result = CliRunner().invoke(main, ["process", "--workers", "1", str(tmp_path / "empty.txt")])
    assert result.exit_code != 0


def test_missing_file_is_a_clear_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["process", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0 and "No such file" in result.output and "Traceback" not in result.output


def test_ingest_twice_stores_once_and_events_can_be_queried(tmp_path):
    write_inputs(tmp_path)
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", "--db", db, "--workers", "1", str(tmp_path)])
    again = runner.invoke(main, ["ingest", "--db", db, "--workers", "1", str(tmp_path)])
    assert first.exit_code == 0 and "2 added" in first.output, first.output
    assert "0 added, 2 already stored" in again.output
    csv_out = runner.invoke(main, ["events", "--db", db, "--dyad", "CAN", "MEX", "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("date,type,source,target")
    assert ",CONSULT," in csv_out.output
