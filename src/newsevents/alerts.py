"""Alerts: saved rules evaluated on every new event, delivered to a webhook, a JSONL file or the console.

A match is written to the store's outbox (once per rule and event) right after its batch is stored, so
nothing is lost between matching and delivery. Delivery never runs inside an ingest or a request:
`deliver_alerts` sends what is due (the CLI after an ingest, the API's background worker, or
`newsevents alerts deliver`); a delivery that fails stays in the outbox with its error and is tried again
after a growing pause (30 s, 1 min, 2 min, ... up to an hour), at most MAX_ATTEMPTS times.
Webhooks go to public addresses only (`netguard`); file targets are `.jsonl` files.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from .errors import NewsEventsError
from .netguard import check_url, guarded_client
from .store import Store

MAX_ATTEMPTS = 8
FIRST_PAUSE = 30  # seconds before the first retry; doubled after each failure
LONGEST_PAUSE = 3600

RULE_FIELDS = ("actor", "dyad", "types", "quad", "goldstein_below", "goldstein_above", "keywords", "status")


def add_rule(store: Store, name: str, target: str, **rule: Any) -> int:
    """Save an alert rule; `target` is an http(s) URL (webhook), a file path (JSONL) or "console".

    Raises NewsEventsError for an unknown field or a rule that matches everything.
    """
    unknown = set(rule) - set(RULE_FIELDS)
    if unknown:
        raise NewsEventsError(f"Unknown alert fields: {', '.join(sorted(unknown))}. Use {', '.join(RULE_FIELDS)}.")
    rule = {k: v for k, v in rule.items() if v not in (None, (), [], "")}
    if not rule:
        raise NewsEventsError("An alert rule needs at least one condition (actor, dyad, types, keywords, ...).")
    check_target(target)
    with store.db:
        cursor = store.db.execute(
            "INSERT INTO alert_rules (name, rule, target, created_at) VALUES (?, ?, ?, ?)",
            (name, json.dumps(rule), target, _now()),
        )
    return cursor.lastrowid


def check_target(target: str) -> None:
    """Raise NewsEventsError unless `target` is a public http(s) webhook, "console", or a `.jsonl` file path
    (not a link, device or folder) in an existing folder."""
    if target.startswith(("http://", "https://")):
        check_url(target)
        return
    if target == "console":
        return
    path = Path(target)
    if path.suffix.lower() != ".jsonl":
        raise NewsEventsError(
            f"An alert file must be a .jsonl file: {target!r} (or give an http(s) URL, or 'console')."
        )
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise NewsEventsError(f"{target} is not a regular file.")
    if not path.resolve().parent.is_dir():
        raise NewsEventsError(f"The folder of {target} does not exist.")
    if str(path.resolve()).startswith(("/proc/", "/sys/", "/dev/")):
        raise NewsEventsError(f"{target} is not a place for alerts.")


def list_rules(store: Store) -> list[dict[str, Any]]:
    """The saved rules, with how many alerts each has fired and how many wait for delivery."""
    rows = store.db.execute(
        "SELECT r.*, COUNT(o.id) AS fired, SUM(o.delivered_at IS NULL) AS waiting FROM alert_rules r"
        " LEFT JOIN alert_outbox o ON o.rule_id = r.id GROUP BY r.id ORDER BY r.id"
    ).fetchall()
    return [{**dict(row), "rule": json.loads(row["rule"]), "waiting": row["waiting"] or 0} for row in rows]


def remove_rule(store: Store, rule_id: int) -> bool:
    """Delete a rule and its outbox; False when there is no such rule."""
    with store.db:
        store.db.execute("DELETE FROM alert_outbox WHERE rule_id = ?", (rule_id,))
        return store.db.execute("DELETE FROM alert_rules WHERE id = ?", (rule_id,)).rowcount > 0


def matches(rule: dict[str, Any], event: dict[str, Any]) -> bool:
    """True when a stored event (as `Store.query_events` gives it) meets every condition of the rule."""
    parties = event["source"] + event["target"]
    if rule.get("actor") and not any(_is(ref, rule["actor"]) for ref in parties):
        return False
    if rule.get("dyad"):
        a, b = rule["dyad"]
        forward = any(_is(r, a) for r in event["source"]) and any(_is(r, b) for r in event["target"])
        backward = any(_is(r, b) for r in event["source"]) and any(_is(r, a) for r in event["target"])
        together = not event["target"] and any(_is(r, a) for r in parties) and any(_is(r, b) for r in parties)
        if not (forward or backward or together):
            return False
    if rule.get("types") and event["type"] not in {t.upper() for t in rule["types"]}:
        return False
    if rule.get("quad") and event["quad"] != int(rule["quad"]):
        return False
    if rule.get("goldstein_below") is not None and not event["goldstein"] < float(rule["goldstein_below"]):
        return False
    if rule.get("goldstein_above") is not None and not event["goldstein"] > float(rule["goldstein_above"]):
        return False
    if rule.get("status") and event["status"] != rule["status"]:
        return False
    sentence = (event.get("sentence") or "").lower()
    return not rule.get("keywords") or any(word.lower() in sentence for word in rule["keywords"])


def match_new_events(store: Store) -> int:
    """Queue an alert for every rule an unchecked event matches (once per rule and event); returns how many."""
    rules = [(row["id"], json.loads(row["rule"])) for row in store.db.execute("SELECT id, rule FROM alert_rules")]
    if not rules:
        return 0
    last = store.db.execute("SELECT value FROM meta WHERE key = 'alerts_checked'").fetchone()
    checked = int(last["value"]) if last else 0
    queued = 0
    with store.db:
        store.begin()
        newest = checked
        for event in store.query_events(before=2**62, after_id=checked):
            newest = max(newest, event["id"])
            for rule_id, rule in rules:
                if matches(rule, event):
                    queued += store.db.execute(
                        "INSERT OR IGNORE INTO alert_outbox (rule_id, event_id, payload, created_at) VALUES (?, ?, ?, ?)",
                        (rule_id, event["id"], json.dumps(_payload(event), ensure_ascii=False), _now()),
                    ).rowcount
        store.db.execute("INSERT OR REPLACE INTO meta VALUES ('alerts_checked', ?)", (str(newest),))
    return queued


def deliver_alerts(
    store: Store,
    client: httpx.Client | None = None,
    console: Callable[[str], None] | None = None,
    *,
    retry_now: bool = False,
    budget: float | None = None,
) -> tuple[int, int]:
    """Send the alerts that are due to their rule's target; returns (delivered, failed). Failures stay queued
    and wait longer after each attempt; after MAX_ATTEMPTS an alert is given up (kept, with its last error).

    `retry_now` sends every undelivered alert at once, the given-up ones included (`alerts deliver`);
    `budget` stops after that many seconds, leaving the rest for the next call.
    """
    delivered = failed = 0
    started = time.monotonic()
    due = "" if retry_now else " AND o.attempts < ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)"
    waiting = store.db.execute(
        "SELECT o.id, o.payload, o.attempts, r.name, r.target FROM alert_outbox o JOIN alert_rules r"
        f" ON r.id = o.rule_id WHERE o.delivered_at IS NULL{due} ORDER BY o.id",
        () if retry_now else (MAX_ATTEMPTS, _now()),
    ).fetchall()
    own = client is None and any(row["target"].startswith(("http://", "https://")) for row in waiting)
    client = guarded_client() if own else client
    failing: set[str] = set()  # a target that failed in this call is not tried again in it
    try:
        for row in waiting:
            if budget is not None and time.monotonic() - started > budget:
                break
            if row["target"] in failing:
                continue
            message = {"rule": row["name"], "event": json.loads(row["payload"])}
            try:
                _send(row["target"], message, client, console)
            except (OSError, httpx.HTTPError, NewsEventsError) as e:
                failed += 1
                failing.add(row["target"])
                pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** row["attempts"])
                with store.db:
                    store.db.execute(
                        "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
                        " WHERE id = ?",
                        (f"{type(e).__name__}: {e}"[:500], _now(pause), row["id"]),
                    )
                continue
            delivered += 1
            with store.db:
                store.db.execute(
                    "UPDATE alert_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                    (_now(), row["id"]),
                )
    finally:
        if own and client is not None:
            client.close()
    return delivered, failed


def try_rule(store: Store, rule_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """The stored events a rule matches (newest first), without queuing or sending anything."""
    row = store.db.execute("SELECT rule FROM alert_rules WHERE id = ?", (rule_id,)).fetchone()
    if row is None:
        raise NewsEventsError(f"No alert rule {rule_id}: 'newsevents alerts list' shows the rules.")
    rule = json.loads(row["rule"])
    return [e for e in store.query_events() if matches(rule, e)][:limit]


def _send(target: str, message: dict, client: httpx.Client | None, console: Callable[[str], None] | None) -> None:
    text = json.dumps(message, ensure_ascii=False)
    check_target(target)  # again at delivery: a rule stored by an older version, or a file since replaced
    if target.startswith(("http://", "https://")):
        client.post(target, json=message).raise_for_status()  # type: ignore[union-attr]
    elif target == "console":
        (console or (lambda line: print(line, file=sys.stderr)))(text)
    else:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def _payload(event: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "type",
        "cameo",
        "quad",
        "goldstein",
        "status",
        "date",
        "source",
        "target",
        "sentence",
        "url",
        "title",
    )
    return {key: event.get(key) for key in keys}


def _is(ref: dict[str, Any], wanted: str) -> bool:
    wanted = wanted.strip()
    return (
        (ref.get("code") or "").startswith(wanted.upper())
        or ref.get("country") == wanted.upper()
        or (wanted.lower() in (ref.get("name") or "").lower())
    )


def _now(later: float = 0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=later)).isoformat(timespec="seconds")
