import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from newsevents.sources import article_from_bytes, expand_paths, read_paths


def test_empty_input_is_an_error_record():
    assert article_from_bytes(b"  \n\t ").error.startswith("empty input")


def test_binary_input_is_an_error_record():
    assert article_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50).error.startswith("binary input")


def test_input_over_the_size_limit_is_an_error_record():
    article = article_from_bytes(b"word " * (5 * 1024 * 1024 // 5 + 10))
    assert article.error.startswith("input too large")


def test_legacy_and_utf16_encodings_are_detected_not_refused():
    text = "The président said “no” to the €5bn deal — twice."
    assert article_from_bytes(text.encode("cp1252")).source == text
    assert article_from_bytes(text.encode("utf-16")).source == text  # with its BOM: not "binary"
    assert article_from_bytes("Премьер-министр заявил, что переговоры продолжатся.".encode("cp1251")).source.startswith(
        "Премьер"
    )


def test_unreadable_and_corrupt_files_are_error_records(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"junk" * 50)
    (tmp_path / "good.txt").write_text("Canada met with Mexico on Monday.", encoding="utf-8")
    articles = {Path(a.path).name: a for a in read_paths([str(tmp_path)])}
    assert articles["bad.txt.gz"].error.startswith("corrupt gzip")
    assert articles["good.txt"].error is None


def test_a_gzip_bomb_is_refused_without_being_read_whole(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as handle:
        for _ in range(64):
            handle.write(b"a" * (1024 * 1024))  # 64 MB of text in a small file
    tracemalloc.start()
    (article,) = read_paths([str(bomb)], max_bytes=1024 * 1024)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert article.error.startswith("input too large") and peak < 8 * 1024 * 1024


def test_jsonl_items_with_wrong_types_or_deep_nesting_are_error_records(tmp_path):
    lines = [
        "[" * 100_000,
        json.dumps({"id": 7, "text": "Canada met with Mexico.", "url": 12}),
        json.dumps({"id": 8, "text": ["a list"]}),
        json.dumps({"id": 9, "text": "Peru met with Chile.", "published": "0001-01-01"}),
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles = list(read_paths([str(tmp_path / "d.jsonl")]))
    assert "nested too deeply" in articles[0].error
    assert "'url' must be a string" in articles[1].error and articles[1].id == "7"
    assert "must be a string" in articles[2].error
    assert articles[3].error is None and articles[3].published is None  # an impossible date is dropped


def test_jsonl_piped_to_stdin_is_read_as_articles(monkeypatch):
    lines = [{"id": "p1", "text": "Canada met with Mexico."}, {"id": "p2", "text": "Peru met with Chile."}]
    data = "\n".join(json.dumps(x) for x in lines).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [a.id for a in read_paths(["-"])] == ["p1", "p2"]


def test_html_is_recognised_by_suffix_and_by_content():
    assert article_from_bytes(b"<html><body>x</body></html>").is_html
    assert article_from_bytes(b"plain words", path="page.htm").is_html
    assert not article_from_bytes(b"plain words", path="page.txt").is_html


def test_folders_gz_and_jsonl_are_read(tmp_path):
    (tmp_path / "a.txt").write_text("First article text.", encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<html><body><p>Second.</p></body></html>"))
    (tmp_path / "ignored.csv").write_text("x,y", encoding="utf-8")
    lines = [{"id": "c1", "text": "Third.", "published": "2020-01-02"}, {"id": "c2", "html": "<p>Fourth.</p>"}]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    articles = list(read_paths([str(tmp_path)]))
    by_id = {a.id: a for a in articles}
    assert by_id["c1"].published == "2020-01-02" and by_id["c1"].source == "Third."
    assert by_id["c2"].is_html
    assert any(a.path.endswith("b.html.gz") and a.is_html and "Second." in a.source for a in articles)
    assert any(a.error and "unreadable JSON line 3" in a.error for a in articles)
    assert not any(a.path.endswith(".csv") for a in articles)


def test_a_missing_path_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="No such file"):
        list(expand_paths(["/no/such/place/*.html"]))
