"""Fuzz: feed random bad input (mixed with good news) through newsevents and count what escapes.

    python benchmarks/fuzz.py [--cases N] [--seed S] [--batch N] [--huge-every N] [--skip KIND ...] [--strict]

The library promises that bad input never raises: `process` and `process_articles` turn it into a record
whose `error` says why. This script generates N seeded cases (random Unicode with lone surrogates and
control characters, random bytes behind gzip/BOM/PDF magic, HTML fragments, JSONL-style dicts with fields
of the wrong type, good articles with out-of-range dates, Article objects, items of a foreign type, now and
then a text over a million characters) among good English sentences, sends most through
`process_articles` in batches and the rest through `process`, and counts cases, records returned, records
with an error, and exceptions escaping (grouped by type and message, each with its smallest repro, shrunk).
It also counts good articles that come back with an error only because of their batch, and records of the
wrong shape. Prints progress every 1,000 cases and a summary; exits 1 when an exception escaped (with
`--strict`, also when a batch was spoiled or a record was malformed).

The same kinds of input, as hypothesis properties, are in tests/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import newsevents
from newsevents.model import Article

SOURCE = str(Path(newsevents.__file__).resolve().parent)
# Repros larger than this are not shrunk: a text just under spaCy's 1M-character limit takes minutes to process.
MAX_SHRINK_SIZE = 200_000

# The input tables below are shared with tests/test_fuzz.py.
# Short English news (invented names), each coded without error on its own.
GOOD = [
    "Foreign Minister Anika Varga of Hungary met President Tomas Rell in Vienna on Tuesday to discuss the border.",
    "The government of Kenya said it will send aid to the flooded villages near the border with Uganda.",
    "Police in Lagos arrested three protesters after the march against the fuel tax, a spokesman said.",
    "Prime Minister Olek Brandt told reporters that Poland would sign the trade agreement with Chile next month.",
    "The United Nations accused the army of Myanmar of attacking civilians in the north of the country.",
    "Japan and South Korea agreed on Friday to hold talks about the disputed islands, officials said.",
    "The Defence Ministry of India said its troops had withdrawn from the border post after the clashes.",
    "“We will not accept these sanctions,” said Interior Minister Rafael Quenby of Peru, speaking in Lima.",
    "Opposition leader Mara Ilves called for new elections after the parliament of Estonia rejected the budget.",
    "Brazil condemned the attack on its embassy in Caracas and demanded an apology from Venezuela.",
]
# Sentences with dates that resolve against the published date.
DATED = [
    "The minister of Ghana said he will meet the president of Togo tomorrow to discuss the border.",
    "Chile and Peru signed a fishing agreement yesterday in Lima, the foreign ministry said.",
    "The army of Mali said it would withdraw from the town next month after the talks.",
    "Egypt hosted talks with Sudan last week about the dam on the Nile, officials said.",
    "The president of France will visit Algeria on Monday, his office said.",
    "Turkey and Greece agreed last year that they would hold talks again next year.",
]
CONTROLS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\r"]
MIXED_SCRIPTS = [
    "Премьер-министр России",
    "首相は東京で会談した",
    "رئيس الوزراء في القاهرة",
    "प्रधानमंत्री ने कहा",
    "ראש הממשלה",
    "Ελληνική κυβέρνηση",
    "\u202eevil\u202c",
    "e\u0301\u0301\u0301",
    "👩‍👩‍👧‍👦🇺🇳",
    "\U0001d54f\U0001d560",
    "ﬁ ﬂ Ａ ＢＣ",
    "\ufffe\uffff\U0010ffff",
]
TAGS = [
    "<meta charset='undefined'>",
    "<html>",
    "</html>",
    "<head>",
    "<body>",
    "</body>",
    "<p>",
    "</p>",
    "<div class='article'>",
    "</div>",
    "<article>",
    "<script>var x = '</p>';",
    "</script>",
    "<style>p{}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<br/>",
    "<table><tr><td>",
    "<svg><foreignObject>",
    "<?xml version='1.0' encoding='utf-16'?>",
    "<!DOCTYPE html>",
    "<a href='javascript:alert(1)'>",
    "<title>",
    "</title>",
    "<meta charset='utf-16'>",
    "<meta property='article:published_time' content='9999-12-31'>",
    "<meta property='article:published_time' content='0001-01-01'>",
    "<time datetime='0000-00-00'>",
    '<script type="application/ld+json">{"datePublished": "9999-12-31"}</script>',
    "&amp;",
    "&#xD800;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "<",
    ">",
    "<p <p <p",
    "<div>" * 300,
]
PUBLISHED = [
    "0001-01-01",
    "9999-12-31",
    "tomorrow",
    "2020-13-45",
    "2020-02-30",
    "",
    "   ",
    "-0001-01-01",
    "20200101",
    "2021-03-04T25:61:00Z",
    "0000-00-00",
    "\ud800",
    "2021-03-04",
]
BYTE_PREFIXES = [
    b"\x1f\x8b",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\x00\x00\xfe\xff",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<",
    b"",
]
CHARSETS = ["utf-16", "utf-7", "undefined", "unicode_escape", "rot13", "hex", "punycode", "idna", "bogus", "latin-1"]
# Code point ranges to draw random characters from, most of them awkward.
RANGES = [
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0x80, 0x9F),
    (0xA0, 0x24F),
    (0x300, 0x36F),
    (0x400, 0x4FF),
    (0x590, 0x6FF),
    (0x900, 0x97F),
    (0x2000, 0x206F),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xD800, 0xDFFF),
    (0xE000, 0xF8FF),
    (0xFFF0, 0xFFFF),
    (0x1F300, 0x1FAFF),
    (0x10000, 0x10FFFF),
]
# Kind → weight. "good" cases are what a spoiled batch shows up in.
KINDS = {
    "good": 20,
    "text": 12,
    "mixed": 12,
    "repeated": 4,
    "html": 10,
    "bytes": 10,
    "dict": 14,
    "metadata": 10,
    "article": 5,
    "foreign": 3,
}


class Foreign:
    """An object of a type the library does not take."""

    def __repr__(self) -> str:
        return "Foreign()"


# --- generating cases ---------------------------------------------------------------------------------------


def random_text(rng: random.Random, size: int) -> str:
    low, high = rng.choice(RANGES)
    return "".join(
        chr(rng.randint(low, high)) if rng.random() < 0.8 else chr(rng.randint(0, 0x10FFFF)) for _ in range(size)
    )


def piece(rng: random.Random) -> str:
    if rng.random() < 0.03:  # a lone surrogate: rare, since one is enough to break a whole text
        return chr(rng.randint(0xD800, 0xDFFF))
    choice = rng.randrange(7)
    if choice <= 1:
        return rng.choice(GOOD + DATED)
    if choice == 2:
        return rng.choice(CONTROLS)
    if choice == 3:
        return rng.choice(MIXED_SCRIPTS)
    if choice == 4:
        return rng.choice(TAGS)
    if choice == 5:
        return rng.choice(["\n", "\n\n", " ", "“", "”", '"', "'", "—", "...", "(", ")"])
    return random_text(rng, rng.randint(0, 20))


def mixed_text(rng: random.Random) -> str:
    return "".join(piece(rng) for _ in range(rng.randint(1, 12)))


def html_text(rng: random.Random) -> str:
    text = "".join(rng.choice(TAGS) if rng.random() < 0.5 else piece(rng) for _ in range(rng.randint(1, 30)))
    return text if text.startswith("<") else "<" + text


def good_article(rng: random.Random) -> str:
    return "\n\n".join(rng.sample(GOOD, rng.randint(1, 3)))


def any_text(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return random_text(rng, rng.randint(0, 200))
    if kind == 1:
        return mixed_text(rng)
    if kind == 2:
        return (rng.choice([piece(rng), random_text(rng, 5)]) * rng.randint(1, 400))[:4000]
    return html_text(rng)


def clean(text: str) -> str:
    """The text without lone surrogates (they break everything at once and would hide other faults)."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def junk(rng: random.Random, depth: int = 0) -> Any:
    """A value of the wrong type for any field, sometimes nested."""
    choice = rng.randrange(10 if depth < 3 else 8)
    leaves = [
        None,
        rng.choice([True, False]),
        rng.randint(-(2**70), 2**70),
        rng.choice([0.5, float("nan"), float("inf"), -0.0, 1e308]),
        clean(random_text(rng, rng.randint(0, 8))),
        bytes(rng.randrange(256) for _ in range(rng.randint(0, 8))),
        ["2020-01-01"],
        {"$date": 1577836800000},
    ]
    if choice < 8:
        return leaves[choice]
    if choice == 8:
        return [junk(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {clean(random_text(rng, 3)): junk(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def published_value(rng: random.Random) -> Any:
    choice = rng.randrange(6)
    if choice < 2:
        return rng.choice(PUBLISHED)
    if choice == 2:
        return rng.randint(-(10**6), 10**9)
    if choice == 3:
        return f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if choice == 4:
        return rng.sample(PUBLISHED, rng.randint(0, 2))
    return junk(rng)


def url_value(rng: random.Random) -> Any:
    choice = rng.randrange(4)
    if choice == 0:
        return rng.choice(["https://example.org/a", "", "javascript:x", "http://[::1", "\ud800", "//" * 500])
    if choice == 1:
        return rng.randint(-5, 10**12)
    return junk(rng)


def raw_bytes(rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    if kind == 1:
        tail = rng.choice(GOOD).encode() if rng.random() < 0.5 else bytes(rng.randrange(256) for _ in range(200))
        return rng.choice(BYTE_PREFIXES) + tail
    text = mixed_text(rng)
    if kind == 2:
        encoding = rng.choice(["utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-7"])
        return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    body = text.encode("utf-8", errors="surrogatepass") + bytes(rng.randrange(256) for _ in range(20)) + b"\xff"
    return (
        f"<html><head><meta charset='{rng.choice(CHARSETS)}'></head><body><p>".encode() + body + b"</p></body></html>"
    )


def bad_dict(rng: random.Random) -> dict[str, Any]:
    body = rng.choice([rng.choice(GOOD + DATED), clean(any_text(rng)), junk(rng)])
    item: dict[str, Any] = {rng.choice(["text", "html", "text"]): body}
    if rng.random() < 0.2:
        item["html"] = rng.choice([None, clean(html_text(rng)), junk(rng)])
    for key, make in (
        ("url", url_value),
        ("published", published_value),
        ("title", lambda r: r.choice([clean(any_text(r)), junk(r)])),
        ("id", junk),
    ):
        if rng.random() < 0.5:
            item[key] = make(rng)
    if rng.random() < 0.3:
        item[clean(random_text(rng, 4))] = junk(rng)
    return item


def bad_metadata(rng: random.Random) -> dict[str, Any]:
    item: dict[str, Any] = {
        "text": rng.choice([rng.choice(DATED), good_article(rng)]),
        "published": published_value(rng),
    }
    if rng.random() < 0.3:
        item["url"] = url_value(rng)
    if rng.random() < 0.3:
        item["title"] = junk(rng)
    return item


def bad_article(rng: random.Random) -> Article:
    return Article(
        source=clean(any_text(rng)),
        id=junk(rng),
        url=url_value(rng),
        title=rng.choice([None, clean(any_text(rng)), junk(rng)]),
        published=published_value(rng),
        is_html=rng.random() < 0.5,
    )


def huge_text(rng: random.Random) -> str:
    sentence = "The minister said that the talks with the president of Kenya will go on for another week. "
    return sentence * ((rng.randint(1_000_001, 1_200_000)) // len(sentence) + 1)


@dataclass
class Case:
    number: int
    kind: str
    item: Any
    kwargs: dict[str, Any] = field(default_factory=dict)  # for cases sent through `process`
    single: bool = False  # through `process` rather than `process_articles`


def make_case(rng: random.Random, number: int, kinds: dict[str, int], huge_every: int) -> Case:
    if huge_every and number % huge_every == huge_every - 1:
        return Case(number, "huge", huge_text(rng), single=rng.random() < 0.5)
    kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
    if kind == "good":
        item: Any = {"id": f"good-{number}", "text": good_article(rng), "published": "2021-03-04"}
    elif kind == "text":
        item = random_text(rng, rng.randint(0, 300))
    elif kind == "mixed":
        item = mixed_text(rng)
    elif kind == "repeated":
        item = (piece(rng) * rng.randint(1, 2000))[:20_000]
    elif kind == "html":
        item = html_text(rng)
    elif kind == "bytes":
        item = raw_bytes(rng)
    elif kind == "dict":
        item = bad_dict(rng)
    elif kind == "metadata":
        item = bad_metadata(rng)
    elif kind == "article":
        item = bad_article(rng)
    else:
        item = rng.choice([None, 0, 3.5, ["a list"], Foreign(), (GOOD[0],), bytearray(b"Kenya")])
    case = Case(number, kind, item, single=rng.random() < 0.15)
    if case.single and kind in ("text", "mixed", "html", "good") and rng.random() < 0.5:
        case.kwargs = {"url": url_value(rng), "published": published_value(rng), "title": junk(rng)}
    return case


# --- running and judging ------------------------------------------------------------------------------------


def record_problem(record: Any) -> str | None:
    """Why a record breaks the interface (not a dict, error not a string, a span outside the text), or None."""
    if not isinstance(record, dict):
        return f"not a dict: {type(record).__name__}"
    if record.get("error") is not None:
        if not isinstance(record["error"], str) or not record["error"]:
            return f"error is {record['error']!r}"
        return "an error record with events" if record.get("events") else None
    text = record.get("text")
    if not isinstance(text, str):
        return f"text is {type(text).__name__}"
    spans = [m for actor in record.get("actors", []) for m in actor["mentions"]]
    for span in spans + record.get("events", []) + record.get("quotes", []):
        start, end = span["start"], span["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            return f"span {start}:{end} outside a text of {len(text)} characters"
    return None


def run_single(item: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    return newsevents.process(item, **kwargs)


def run_items(items: list[Any]) -> list[dict[str, Any]]:
    return list(newsevents.process_articles(items))


def group_of(error: BaseException) -> tuple[str, str]:
    """(type, message prefix) with positions, numbers and escaped characters made alike."""
    message = str(error).splitlines()[0] if str(error) else ""
    message = re.sub(r"\\[uUx][0-9a-fA-F]+|[\ud800-\udfff]", "\\\\uXXXX", message)
    message = re.sub(r"\d+", "N", message)
    return type(error).__name__, message[:70]


def where(error: BaseException) -> str:
    """The innermost line of newsevents that the exception passed through, and the line that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(SOURCE)]
    place = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "outside newsevents"
    last = frames[-1] if frames else None
    if last and (not ours or last is not ours[-1]):
        place += f" (raised in {Path(last.filename).name}:{last.lineno})"
    return place


def raises(run, *args) -> BaseException | None:
    try:
        run(*args)
    except Exception as e:  # what the fuzzer is looking for
        return e
    return None


def size(value: Any) -> int:
    if isinstance(value, Article):
        return sum(size(getattr(value, f.name)) for f in fields(value))
    return len(repr(value))


@dataclass
class Escape:
    """One group of escaping exceptions, with its smallest repro so far."""

    count: int = 0
    kinds: Counter = field(default_factory=Counter)
    item: Any = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    route: str = (
        ""  # "process": process(item, **kwargs); "item": process_articles([item]); "batch": process_articles(item)
    )
    where: str = ""
    message: str = ""

    def offer(self, case: Case, error: BaseException, route: str) -> None:
        self.count += 1
        self.kinds[case.kind] += 1
        if self.item is None or size(case.item) + size(case.kwargs) < size(self.item) + size(self.kwargs):
            self.item, self.kwargs, self.route = case.item, case.kwargs, route
            self.where, self.message = where(error), f"{type(error).__name__}: {str(error)[:200]}"

    def fails(self, key: tuple[str, str], item: Any, kwargs: dict[str, Any]) -> bool:
        """Whether `item` (with `kwargs`) still raises an exception of this group by this route."""
        if self.route == "process":
            error = raises(run_single, item, kwargs)
        else:
            error = raises(run_items, item if self.route == "batch" else [item])
        return error is not None and group_of(error) == key

    def repro(self) -> str:
        if self.route == "process":
            extra = "".join(f", {k}={describe(v)}" for k, v in self.kwargs.items())
            return f"newsevents.process({describe(self.item)}{extra})"
        items = describe(self.item) if self.route == "batch" else f"[{describe(self.item)}]"
        return f"list(newsevents.process_articles({items}))"


@dataclass
class Tally:
    cases: int = 0
    records: int = 0
    errors: int = 0
    escaped: int = 0
    malformed: int = 0
    spoiled: int = 0
    by_kind: Counter = field(default_factory=Counter)
    errors_by_kind: Counter = field(default_factory=Counter)
    escapes: dict[tuple[str, str], Escape] = field(default_factory=dict)
    malformed_examples: dict[str, Any] = field(default_factory=dict)
    spoiled_batch: list[Any] | None = None
    spoiled_target: int = 0
    spoiled_error: str = ""

    def escape(self, case: Case, error: BaseException, route: str) -> None:
        self.escaped += 1
        self.escapes.setdefault(group_of(error), Escape()).offer(case, error, route)

    def record(self, case: Case, record: Any) -> None:
        self.records += 1
        problem = record_problem(record)
        if problem:
            self.malformed += 1
            key = re.sub(r"\d+", "N", problem)
            if key not in self.malformed_examples or size(case.item) < size(self.malformed_examples[key]):
                self.malformed_examples[key] = case.item
        if isinstance(record, dict) and record.get("error"):
            self.errors += 1
            self.errors_by_kind[case.kind] += 1


def run_batch(batch: list[Case], tally: Tally) -> None:
    items = [case.item for case in batch]
    records: list[Any] = []
    try:
        for record in newsevents.process_articles(items):
            records.append(record)
    except Exception as e:  # an exception out of the library: find the item(s) that raise on their own
        culprits = 0
        for case in batch:
            error = raises(run_items, [case.item])
            if error is not None:
                culprits += 1
                tally.escape(case, error, "item")
        if not culprits:
            tally.escape(Case(-1, "batch", items), e, "batch")
    for case, record in zip(batch, records, strict=False):
        tally.record(case, record)
        if case.kind == "good" and isinstance(record, dict) and record.get("error"):
            try:
                alone = run_items([case.item])[0].get("error")
            except Exception:  # counted when it raised in its batch
                alone = "raised"
            if not alone:
                tally.spoiled += 1
                if tally.spoiled_batch is None or size(items) < size(tally.spoiled_batch):
                    tally.spoiled_batch, tally.spoiled_target = items, batch.index(case)
                    tally.spoiled_error = record["error"]


def run_case(case: Case, tally: Tally) -> None:
    try:
        record = run_single(case.item, case.kwargs)
    except Exception as e:  # an exception out of the library
        tally.escape(case, e, "process")
        return
    tally.record(case, record)


# --- shrinking repros ---------------------------------------------------------------------------------------


def shrink_sequence(value, still_fails, deadline: float):
    """Remove chunks of a str, bytes or list (halves, then smaller) while `still_fails` holds."""
    chunk = max(1, len(value) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start, changed = 0, False
        while start < len(value) and time.monotonic() < deadline:
            candidate = value[:start] + value[start + chunk :]
            if still_fails(candidate):
                value, changed = candidate, True
            else:
                start += chunk
        if not changed:
            chunk //= 2
    return value


def shrink_value(value: Any, still_fails, deadline: float) -> Any:
    if isinstance(value, str | bytes | list):
        value = shrink_sequence(value, still_fails, deadline)
        if isinstance(value, list):
            for index in range(len(value)):
                value[index] = shrink_value(
                    value[index], lambda v, i=index: still_fails(value[:i] + [v] + value[i + 1 :]), deadline
                )
        return value
    if isinstance(value, dict):
        for key in list(value):
            smaller = {k: v for k, v in value.items() if k != key}
            if time.monotonic() < deadline and still_fails(smaller):
                value = smaller
        for key in list(value):
            value[key] = shrink_value(value[key], lambda v, k=key: still_fails({**value, k: v}), deadline)
        return value
    if isinstance(value, Article):
        default = Article()
        for f in fields(Article):
            simpler = replace(value, **{f.name: getattr(default, f.name)})
            if (
                time.monotonic() < deadline
                and getattr(value, f.name) != getattr(default, f.name)
                and still_fails(simpler)
            ):
                value = simpler
        for name in ("source", "url", "title", "published", "id"):
            value = replace(
                value,
                **{
                    name: shrink_value(
                        getattr(value, name), lambda v, n=name, a=value: still_fails(replace(a, **{n: v})), deadline
                    )
                },
            )
        return value
    return value


def shrink_escape(key: tuple[str, str], escape: Escape, seconds: float) -> None:
    if size(escape.item) > MAX_SHRINK_SIZE:  # a huge text: a shorter one may run for minutes, not fail faster
        return
    deadline = time.monotonic() + seconds
    escape.item = shrink_value(escape.item, lambda v: escape.fails(key, v, escape.kwargs), deadline)
    if escape.kwargs:
        escape.kwargs = shrink_value(dict(escape.kwargs), lambda kw: escape.fails(key, escape.item, kw), deadline)


def shrink_spoiled(tally: Tally, seconds: float) -> None:
    """The fewest items of the spoiled batch that still spoil its good article."""
    deadline = time.monotonic() + seconds
    items, target = list(tally.spoiled_batch or []), tally.spoiled_target
    index = 0
    while index < len(items) and time.monotonic() < deadline:
        if index == target:
            index += 1
            continue
        candidate = items[:index] + items[index + 1 :]
        new_target = target - (index < target)
        if spoils(candidate, new_target):
            items, target = candidate, new_target
        else:
            index += 1
    for index in range(len(items)):  # then each other item, while the good article still gets its error
        if index != target and time.monotonic() < deadline:
            items[index] = shrink_value(
                items[index], lambda v, i=index, a=list(items): spoils(a[:i] + [v] + a[i + 1 :], target), deadline
            )
    tally.spoiled_batch, tally.spoiled_target = items, target


def spoils(items: list[Any], target: int) -> bool:
    try:
        return bool(run_items(items)[target].get("error"))
    except Exception:  # an escape, not a spoiled batch
        return False


# --- reporting ----------------------------------------------------------------------------------------------


def describe(value: Any, limit: int = 300) -> str:
    """A short Python expression for a value: long repeats as `unit * n`, long values cut."""
    if isinstance(value, str | bytes) and len(value) > limit:
        for period in range(1, 201):
            unit = value[:period]
            count = len(value) // period
            if count >= 3 and unit * count == value[: period * count]:
                rest = value[period * count :]
                return f"{unit!r} * {count:,}" + (f" + {rest!r}" if rest else "")
        return f"{value[:limit]!r}... ({len(value):,} long)"
    if isinstance(value, list):
        return "[" + ", ".join(describe(v, limit // 2) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v, limit // 2)}" for k, v in value.items()) + "}"
    if isinstance(value, Article):
        default = Article()
        changed = [f"{f.name}={describe(getattr(value, f.name), limit // 2)}" for f in fields(Article)]
        changed = [
            c
            for c, f in zip(changed, fields(Article), strict=True)
            if getattr(value, f.name) != getattr(default, f.name)
        ]
        return f"Article({', '.join(changed)})"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters of repr)"


def summary(tally: Tally, seconds: float) -> None:
    print(f"\n{'cases':<28}{tally.cases:>8,}   ({seconds:.1f} s, {tally.cases / max(seconds, 1e-9):.1f} cases/s)")
    print(f"{'records returned':<28}{tally.records:>8,}")
    print(f"{'records with error':<28}{tally.errors:>8,}")
    print(f"{'exceptions escaping':<28}{tally.escaped:>8,}   in {len(tally.escapes)} group(s)")
    print(f"{'good articles spoiled':<28}{tally.spoiled:>8,}   (an error in a batch, none alone)")
    print(f"{'malformed records':<28}{tally.malformed:>8,}")
    print("\nper kind        cases  errors")
    for kind, count in sorted(tally.by_kind.items()):
        print(f"  {kind:<12}{count:>7,}{tally.errors_by_kind[kind]:>8,}")
    for number, (key, escape) in enumerate(sorted(tally.escapes.items(), key=lambda kv: -kv[1].count), start=1):
        kinds = ", ".join(f"{k} {n}" for k, n in escape.kinds.most_common())
        print(f"\nescape {number}: {key[0]}: {key[1]}")
        print(f"  {escape.count:,} case(s) ({kinds}); raised at {escape.where}")
        print(f"  {escape.message}")
        print(f"  repro: {escape.repro()}")
    if tally.spoiled_batch is not None:
        print(f"\nspoiled batch: item {tally.spoiled_target} gets {tally.spoiled_error[:160]!r}")
        print(f"  repro: list(newsevents.process_articles({describe(tally.spoiled_batch, 600)}))")
    for problem, item in tally.malformed_examples.items():
        print(f"\nmalformed record ({problem}): from {describe(item)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="how many random cases to run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=24, help="largest batch handed to process_articles at once")
    parser.add_argument(
        "--huge-every", type=int, default=1000, help="one text over 1M characters per N cases (0: none)"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=sorted(KINDS), help="kinds of case to leave out")
    parser.add_argument("--shrink-seconds", type=float, default=10.0, help="time to shrink each repro")
    parser.add_argument("--strict", action="store_true", help="exit 1 also on spoiled batches and malformed records")
    args = parser.parse_args()
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every page it cannot parse
    rng = random.Random(args.seed)
    kinds = {kind: weight for kind, weight in KINDS.items() if kind not in args.skip}
    tally = Tally()
    start = time.perf_counter()
    newsevents.process(GOOD[0])  # load the model before the clock matters
    print(f"{args.cases:,} cases, seed {args.seed}, batches of up to {args.batch}")
    pending: list[Case] = []
    batch_size = rng.randint(1, args.batch)
    for number in range(args.cases):
        case = make_case(rng, number, kinds, args.huge_every)
        tally.cases += 1
        tally.by_kind[case.kind] += 1
        if case.single:
            run_case(case, tally)
        else:
            pending.append(case)
        if len(pending) >= batch_size or (number == args.cases - 1 and pending):
            run_batch(pending, tally)
            pending, batch_size = [], rng.randint(1, args.batch)
        if (number + 1) % 1000 == 0:
            print(
                f"  {number + 1:>7,} cases  {tally.records:>7,} records  {tally.errors:>7,} with error  "
                f"{tally.escaped:>5,} escaped  {tally.spoiled:>4,} spoiled  {time.perf_counter() - start:6.1f} s",
                flush=True,
            )
    seconds = time.perf_counter() - start
    if tally.escapes or tally.spoiled_batch:
        print(f"shrinking {len(tally.escapes) + (tally.spoiled_batch is not None)} repro(s)...", end=" ", flush=True)
        shrink_start = time.perf_counter()
        for key, escape in tally.escapes.items():
            shrink_escape(key, escape, args.shrink_seconds)
        if tally.spoiled_batch is not None:
            shrink_spoiled(tally, args.shrink_seconds)
        print(f"{time.perf_counter() - shrink_start:.1f} s")
    summary(tally, seconds)
    failed = tally.escaped or (args.strict and (tally.spoiled or tally.malformed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
