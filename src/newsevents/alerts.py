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
from pathlib import Path
from typing import Any

import httpx

from .errors import NewsEventsError
from .filters import EventFilter
from .netguard import check_url, guarded_client
from .store import Store

MAX_ATTEMPTS = 8
FIRST_PAUSE = 30  # seconds before the first retry; doubled after each failure
LONGEST_PAUSE = 3600


def add_rule(store: Store, name: str, target: str, **conditions: Any) -> int:
    """Save an alert rule: the conditions of an `EventFilter` (actor, dyad, types, ...), and a `target`, an
    http(s) URL (webhook), a file path (JSONL) or "console".

    Raises NewsEventsError for an unknown condition or a rule that matches everything.
    """
    rule = EventFilter.of(**conditions)
    if rule.is_empty():
        raise NewsEventsError("An alert rule needs at least one condition (actor, dyad, types, keywords, ...).")
    check_target(target)
    return store.add_rule(name, rule.as_dict(), target)


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
    return store.rules()


def remove_rule(store: Store, rule_id: int) -> bool:
    """Delete a rule and its outbox; False when there is no such rule."""
    return store.remove_rule(rule_id)


def match_new_events(store: Store) -> int:
    """Queue an alert for every rule an unchecked event matches (once per rule and event); returns how many."""
    rules = [(rule["id"], EventFilter(**rule["rule"])) for rule in store.rules()]
    if not rules:
        return 0
    with store.db:
        store.begin()
        checked = newest = store.alerts_checked()
        alerts = []
        for event in store.query_events(after_id=checked, order="oldest"):
            newest = max(newest, event["id"])
            alerts += [(rule_id, event["id"], _payload(event)) for rule_id, rule in rules if rule.matches(event)]
        return store.queue_alerts(alerts, newest)


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
    waiting = store.due_alerts(max_attempts=None if retry_now else MAX_ATTEMPTS)
    own = client is None and any(row["target"].startswith(("http://", "https://")) for row in waiting)
    client = guarded_client() if own else client
    failing: set[str] = set()  # a target that failed in this call is not tried again in it
    try:
        for row in waiting:
            if budget is not None and time.monotonic() - started > budget:
                break
            if row["target"] in failing:
                continue
            try:
                _send(row["target"], {"rule": row["name"], "event": row["payload"]}, client, console)
            except (OSError, httpx.HTTPError, NewsEventsError) as e:
                failed += 1
                failing.add(row["target"])
                pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** row["attempts"])
                store.alert_failed(row["id"], f"{type(e).__name__}: {e}", pause)
                continue
            delivered += 1
            store.alert_delivered(row["id"])
    finally:
        if own and client is not None:
            client.close()
    return delivered, failed


def try_rule(store: Store, rule_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """The stored events a rule matches (newest first), without queuing or sending anything."""
    rule = store.rule(rule_id)
    if rule is None:
        raise NewsEventsError(f"No alert rule {rule_id}: 'newsevents alerts list' shows the rules.")
    return store.query_events(EventFilter(**rule), limit=limit)


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
