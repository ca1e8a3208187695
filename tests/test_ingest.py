import gzip
import json

import pytest

from newsevents.ingest import article_from_bytes, expand_paths, read_paths


def test_empty_input_is_an_error_record():
    assert article_from_bytes(b"  \n\t ").error.startswith("empty input")


def test_binary_input_is_an_error_record():
    assert article_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50).error.startswith("binary input")


def test_input_over_the_size_limit_is_an_error_record():
    article = article_from_bytes(b"word " * (5 * 1024 * 1024 // 5 + 10))
    assert article.error.startswith("input too large")


def test_undecodable_bytes_are_an_error_record():
    article = article_from_bytes("Le président a déclaré".encode("latin-1"))
    assert article.error.startswith("undecodable bytes")


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
