"""Fuzz the promise that bad input never raises: it becomes a record (or an article) whose `error` says why.

Seeded and bounded (hypothesis with `derandomize=True`, no example database), so a run is repeatable and
fast. `NEWSEVENTS_FUZZ_EXAMPLES` sets the number of generated examples shared out over the property tests
(default 150) and `NEWSEVENTS_FUZZ_SHRINK_SECONDS` the time spent shrinking each failure (default 5); raise
them for a longer hunt:

    NEWSEVENTS_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py

The same kinds of input, in bulk and with a summary of what escaped, come from `benchmarks/fuzz.py`.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine

import newsevents
from newsevents.model import Article
from newsevents.sources import read_jsonl, read_paths

TOTAL_EXAMPLES = int(os.environ.get("NEWSEVENTS_FUZZ_EXAMPLES", "150"))
SHRINK_SECONDS = float(os.environ.get("NEWSEVENTS_FUZZ_SHRINK_SECONDS", "5"))


@pytest.fixture(scope="module", autouse=True)
def bounded_shrinking():
    """Cap the time hypothesis spends shrinking one failure (5 minutes by default; a failing batch costs ~0.2 s a
    try), so a failing run stays short too. Hypothesis has no setting for it: this sets its engine's constant."""
    saved = getattr(engine, "MAX_SHRINKING_SECONDS", None)
    if saved is not None:
        engine.MAX_SHRINKING_SECONDS = SHRINK_SECONDS
    yield
    if saved is not None:
        engine.MAX_SHRINKING_SECONDS = saved


def fuzz_settings(share: float) -> settings:
    """Deterministic settings with `share` of the example budget (at least one example)."""
    return settings(
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=max(1, round(TOTAL_EXAMPLES * share)),
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# The input tables are the benchmark's (benchmarks/fuzz.py), so the test and the bulk run fuzz alike.
_spec = importlib.util.spec_from_file_location(
    "fuzz_inputs", Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"
)
assert _spec and _spec.loader
_inputs = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _inputs  # dataclasses look their module up while the class is created
_spec.loader.exec_module(_inputs)
GOOD, DATED, CONTROLS, MIXED_SCRIPTS = _inputs.GOOD, _inputs.DATED, _inputs.CONTROLS, _inputs.MIXED_SCRIPTS
TAGS, PUBLISHED, BYTE_PREFIXES, CHARSETS = _inputs.TAGS, _inputs.PUBLISHED, _inputs.BYTE_PREFIXES, _inputs.CHARSETS
ARTICLES = [f"{GOOD[i]}\n\n{GOOD[(i + 3) % len(GOOD)]}" for i in range(len(GOOD))]
SURROGATES = ["\ud800", "\udc00", "\udfff", "\ud83d", "a\ud800b", "\udc80\udc81"]


def junk() -> st.SearchStrategy[Any]:
    """Nested values of the wrong type for any field."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=8)
        | st.binary(max_size=8)
        | st.sampled_from([date(2020, 1, 1), b"2020-01-01", ["2020-01-01"]])
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=8,
    )


def text_strategies(surrogates: bool) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """(any text, HTML-ish text): arbitrary characters, pieces of news mixed with junk, huge repetition (cut to
    4,000 characters) and strings built from tag fragments. Lone surrogates break the pipeline before anything
    else does, so the tests that hunt other faults leave them out."""
    characters = st.characters(exclude_categories=() if surrogates else ("Cs",))
    any_text = st.text(characters, max_size=200)
    piece = st.one_of(
        st.sampled_from(GOOD + DATED),
        st.sampled_from(SURROGATES if surrogates else ["\ufffd"]),
        st.sampled_from(CONTROLS),
        st.sampled_from(MIXED_SCRIPTS),
        st.sampled_from(TAGS),
        st.sampled_from(["\n", "\n\n", " ", "“", "”", '"', "'", "—", "...", "(", ")"]),
        st.text(characters, max_size=20),
    )
    mixed = st.lists(piece, min_size=1, max_size=12).map("".join)
    repeated = st.tuples(st.one_of(piece, any_text), st.integers(1, 400)).map(lambda pair: (pair[0] * pair[1])[:4000])
    html = st.lists(st.one_of(st.sampled_from(TAGS), piece), min_size=1, max_size=30).map(
        lambda parts: "".join(parts) if "".join(parts).startswith("<") else "<" + "".join(parts)
    )
    return st.one_of(any_text, mixed, repeated, html), html


texts, html_texts = text_strategies(surrogates=True)
clean_texts, clean_html_texts = text_strategies(surrogates=False)


@st.composite
def raw_bytes(draw) -> bytes:
    """Random bytes, bytes behind a magic prefix, encoded text, or text under a declared charset."""
    kind = draw(st.sampled_from(["binary", "prefixed", "encoded", "charset"]))
    if kind == "binary":
        return draw(st.binary(max_size=2000))
    if kind == "prefixed":
        tail = draw(st.one_of(st.binary(max_size=500), st.sampled_from(GOOD).map(str.encode)))
        return draw(st.sampled_from(BYTE_PREFIXES)) + tail
    text = draw(texts)
    if kind == "encoded":
        encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-7"]))
        return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    charset = draw(st.sampled_from(CHARSETS))
    body = text.encode("utf-8", errors="surrogatepass") + draw(st.binary(max_size=20)) + b"\xff"
    return f"<html><head><meta charset='{charset}'></head><body><p>".encode() + body + b"</p></body></html>"


published_values = st.one_of(
    st.sampled_from(PUBLISHED),
    st.integers(),
    st.lists(st.sampled_from(PUBLISHED), max_size=2),
    st.dates().map(date.isoformat),
    st.text(max_size=12),
    junk(),
)
url_values = st.one_of(
    st.none(),
    st.integers(),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(["https://example.org/a", "", "javascript:x", "http://[::1", "\ud800"]),
    junk(),
)


@st.composite
def bad_dicts(draw) -> dict[str, Any]:
    """JSONL-style dicts whose fields may have the wrong type."""
    item: dict[str, Any] = {}
    body = draw(st.one_of(st.sampled_from(GOOD + DATED), clean_texts, junk()))
    item[draw(st.sampled_from(["text", "html", "text", "both"]))] = body
    if "both" in item:
        item["text"], item["html"] = item.pop("both"), draw(st.one_of(st.none(), clean_html_texts, junk()))
    for key, values in (
        ("url", url_values),
        ("published", published_values),
        ("title", st.one_of(clean_texts, junk())),
        ("id", junk()),
    ):
        if draw(st.booleans()):
            item[key] = draw(values)
    if draw(st.booleans()):
        item.update(draw(st.dictionaries(st.text(max_size=6), junk(), max_size=3)))
    return item


@st.composite
def bad_metadata(draw) -> dict[str, Any]:
    """A good article whose published date, URL or title is of the wrong type or out of range."""
    item: dict[str, Any] = {"text": draw(st.sampled_from(GOOD + DATED + ARTICLES))}
    item["published"] = draw(published_values)
    if draw(st.booleans()):
        item["url"] = draw(url_values)
    if draw(st.booleans()):
        item["title"] = draw(st.one_of(clean_texts, junk()))
    return item


@st.composite
def bad_articles(draw) -> Article:
    """Article objects carrying odd text and metadata of the wrong type."""
    return Article(
        source=draw(clean_texts),
        id=draw(junk()),
        url=draw(url_values),
        title=draw(st.one_of(st.none(), clean_texts, junk())),
        published=draw(published_values),
        is_html=draw(st.booleans()),
    )


bad_items = st.one_of(clean_texts, raw_bytes(), bad_dicts(), bad_metadata(), bad_articles())


def check_record(record: Any) -> None:
    """A record dict: with a string `error` and no events, or with text that every span lies inside."""
    assert isinstance(record, dict), f"not a record dict: {record!r}"
    if record.get("error") is not None:
        assert isinstance(record["error"], str) and record["error"], record["error"]
        assert not record.get("events")
        return
    text = record["text"]
    assert isinstance(text, str)
    spans = [("mention", m) for actor in record["actors"] for m in actor["mentions"]]
    spans += [("event", e) for e in record["events"]] + [("quote", q) for q in record["quotes"]]
    for kind, span in spans:
        start, end = span["start"], span["end"]
        assert isinstance(start, int) and isinstance(end, int), (kind, span)
        assert 0 <= start <= end <= len(text), f"{kind} span {start}:{end} outside a text of {len(text)}: {span}"


# --- process: one item of any kind --------------------------------------------------------------------------


@fuzz_settings(0.2)
@given(texts)
def test_process_never_raises_on_text(text):
    check_record(newsevents.process(text))


@fuzz_settings(0.12)
@given(raw_bytes())
def test_process_never_raises_on_bytes(data):
    check_record(newsevents.process(data))


@fuzz_settings(0.18)
@given(st.one_of(bad_dicts(), bad_metadata(), bad_articles()))
def test_process_never_raises_on_dicts_and_articles_with_wrong_types(item):
    check_record(newsevents.process(item))


@fuzz_settings(0.12)
@given(
    st.one_of(st.sampled_from(GOOD + DATED), clean_texts),
    url_values,
    published_values,
    st.one_of(st.none(), clean_texts, junk()),
)
def test_process_never_raises_on_wrong_typed_keywords(text, url, published, title):
    check_record(newsevents.process(text, url=url, published=published, title=title))


# The hazards known to break the promise, one by one: a failure here names its cause directly.
KNOWN_HAZARDS = {
    "lone surrogate": "Canada met with Mexico \ud800 on Monday to discuss trade.",
    "lone surrogate in a dict": {"id": "s", "text": "The talks with Chile went on \udc80 for a week."},
    "published int": {"id": "p", "text": DATED[0], "published": 20200101},
    "published list": {"id": "p", "text": DATED[0], "published": ["2020-01-01"]},
    "published 9999-12-31": {"id": "p", "text": DATED[0], "published": "9999-12-31"},
    "published 0001-01-01": {"id": "p", "text": DATED[1], "published": "0001-01-01"},
    "published tomorrow": {"id": "p", "text": DATED[0], "published": "tomorrow"},
    "url int": {"id": "u", "html": f"<html><body><p>{GOOD[0]}</p></body></html>", "url": 5},
    "title int": {"id": "t", "text": GOOD[0], "title": 5},
    "text int": {"id": "i", "text": 5},
    "declared charset 'undefined'": b"<html><head><meta charset='undefined'></head><body><p>"
    + b"\xff</p></body></html>",
    "gzip magic then junk": b"\x1f\x8b\x08\x00junk",
    "UTF-16 with BOM": GOOD[0].encode("utf-16"),
}


@pytest.mark.parametrize("item", list(KNOWN_HAZARDS.values()), ids=list(KNOWN_HAZARDS))
def test_known_hazards_give_records(item):
    check_record(newsevents.process(item))
    records = list(
        newsevents.process_articles([{"id": "before", "text": ARTICLES[0]}, item, {"id": "after", "text": ARTICLES[1]}])
    )
    assert len(records) == 3
    for record in records:
        check_record(record)
    assert not records[0].get("error") and not records[2].get("error"), [
        records[0].get("error"),
        records[2].get("error"),
    ]


@pytest.mark.parametrize("item", [None, 5, 3.5, ["a list"], object()], ids=["None", "int", "float", "list", "object"])
def test_items_of_an_unknown_type_give_error_records(item):
    # "Bad input never raises" covers a stray None or number in a stream of items as well.
    records = list(newsevents.process_articles([ARTICLES[0], item, ARTICLES[1]]))
    assert len(records) == 3 and records[1].get("error")


def test_text_over_a_million_characters_gives_a_record():
    sentence = "The minister said that the talks with the president of Kenya will go on for another week. "
    text = sentence * (1_100_000 // len(sentence) + 1)
    assert len(text) > 1_100_000
    check_record(newsevents.process(text))


# --- process_articles: a batch with bad items in it ---------------------------------------------------------


@fuzz_settings(0.12)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(range(len(ARTICLES))).map(lambda i: ("good", i)), bad_items.map(lambda x: ("bad", x))
        ),
        min_size=1,
        max_size=8,
    )
)
def test_one_bad_item_never_spoils_its_batch(entries):
    items = [
        {"id": f"good-{position}", "text": ARTICLES[value], "published": "2021-03-04"} if kind == "good" else value
        for position, (kind, value) in enumerate(entries)
    ]
    records = list(newsevents.process_articles(items))
    assert len(records) == len(items)
    for position, ((kind, _), record) in enumerate(zip(entries, records, strict=True)):
        check_record(record)
        if kind == "good":
            assert record["id"] == f"good-{position}", "records out of order"
            assert not record.get("error"), f"a good item got an error in a batch with bad ones: {record['error']}"


# --- read_paths / read_jsonl: bad files ---------------------------------------------------------------------


def write_hazard_files(folder) -> dict[str, int]:
    """Bad files of every kind in `folder`; returns each name with the number of articles it must give."""
    sizes = {}

    def put(name: str, data: bytes, articles: int = 1) -> None:
        (folder / name).write_bytes(data)
        sizes[name] = articles

    put("random.txt", bytes(range(256)) * 3)
    put("random.html", bytes((i * 37 + i // 7) % 256 for i in range(2000)))
    put("empty.txt", b"")
    put("blank.html", b"  \n\t\n")
    put("corrupt.html.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"junk" * 50)
    put("truncated.txt.gz", gzip.compress(GOOD[0].encode() * 20)[:30])
    put("magic.txt", b"\x1f\x8b" + GOOD[0].encode())
    put("utf16.txt", GOOD[0].encode("utf-16"))
    put("surrogate.txt", GOOD[0].encode("utf-8") + "\ud800".encode("utf-8", "surrogatepass"))
    put("charset.html", b"<html><head><meta charset='undefined'></head><body><p>\xff</p></body></html>")
    put("empty.jsonl", b"", 0)
    put("deep.jsonl", b"[" * 100_000 + b"\n" + json.dumps({"id": "ok", "text": GOOD[0]}).encode() + b"\n", 2)
    put("deep_field.jsonl", b'{"id": "d", "text": "x", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
    lines = [
        {"id": 1, "text": GOOD[0], "url": 5, "published": 20200101},
        {"id": [1], "text": GOOD[1], "url": ["a"], "published": ["2020-01-01"]},
        {"id": None, "text": DATED[0], "published": "9999-12-31"},
        {"id": {"a": 1}, "html": 5, "text": GOOD[2]},
        {"text": "bad \ud800 surrogate"},
        {"html": None, "text": None},
        {"text": GOOD[3], "title": {"nested": [1, 2]}},
    ]
    put("types.jsonl", "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n[1, 2]\nnot json\n", 9)
    put("types.jsonl.gz", gzip.compress(b"\n".join(json.dumps(line).encode() for line in lines)), 7)
    put("corrupt.jsonl.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 40)
    return sizes


def test_read_paths_turns_bad_files_into_articles(tmp_path):
    sizes = write_hazard_files(tmp_path)
    for name, expected in sorted(sizes.items()):
        articles = list(read_paths([str(tmp_path / name)]))
        assert len(articles) == expected, (name, [a.error for a in articles])
        assert all(isinstance(a, Article) for a in articles)


def test_read_paths_over_a_folder_of_bad_files_never_raises(tmp_path):
    sizes = write_hazard_files(tmp_path)
    articles = list(read_paths([str(tmp_path)]))
    assert len(articles) == sum(sizes.values())
    records = list(newsevents.process_articles(articles))
    assert len(records) == len(articles)
    for record in records:
        check_record(record)


def test_read_jsonl_gives_one_article_per_line(tmp_path):
    lines = [b'{"text": "ok"}', b"[" * 100_000, b'{"text": 5}', b"{", b'"just a string"', b'{"text": "\\ud800"}']
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\n".join(lines))
    articles = list(read_jsonl(str(path)))
    assert len(articles) == len(lines)
    assert all(isinstance(a, Article) for a in articles)
    assert [bool(a.error) for a in articles[:5]] == [False, True, True, True, True]


def test_a_missing_path_still_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(read_paths([str(tmp_path / "no-such-file.txt")]))


@fuzz_settings(0.06)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".jsonl", ".jsonl.gz"]),
            st.one_of(
                raw_bytes(),
                texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
                st.lists(st.one_of(bad_dicts(), junk()), max_size=4).map(
                    lambda rows: "\n".join(json.dumps(r, default=repr) for r in rows).encode("utf-8", "surrogatepass")
                ),
            ),
            st.booleans(),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_read_paths_never_raises_on_random_files(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for number, (suffix, data, compress) in enumerate(files):
        if suffix.endswith(".gz") and compress:
            data = gzip.compress(data)
        (folder / f"f{number}{suffix}").write_bytes(data)
    articles = list(read_paths([str(folder)]))
    assert all(isinstance(a, Article) for a in articles)
    assert len(articles) >= len(files) - sum(suffix.startswith(".jsonl") for suffix, _, _ in files)
    records = list(newsevents.process_articles(articles))
    assert len(records) == len(articles)
    for record in records:
        check_record(record)
