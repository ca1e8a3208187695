"""The store's alert rules and outbox: a match is written here once per rule and event, right after its batch
is stored, and stays until it is delivered (or given up, with its last error)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any


class StoreOutbox:
    """Alert-rule and outbox reads and writes of `Store` (`self.db`, a sqlite3 connection with Row rows)."""

    db: sqlite3.Connection

    def add_rule(self, name: str, rule: dict[str, Any], target: str) -> int:
        """Save an alert rule (its conditions as JSON); returns its id."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO alert_rules (name, rule, target, created_at) VALUES (?, ?, ?, ?)",
                (name, json.dumps(rule), target, now()),
            )
        return cursor.lastrowid

    def rules(self) -> list[dict[str, Any]]:
        """The saved rules with how many alerts each has fired and how many wait for delivery."""
        rows = self.db.execute(
            "SELECT r.*, COUNT(o.id) AS fired, SUM(o.delivered_at IS NULL) AS waiting FROM alert_rules r"
            " LEFT JOIN alert_outbox o ON o.rule_id = r.id GROUP BY r.id ORDER BY r.id"
        ).fetchall()
        return [{**dict(row), "rule": json.loads(row["rule"]), "waiting": row["waiting"] or 0} for row in rows]

    def rule(self, rule_id: int) -> dict[str, Any] | None:
        """One rule's conditions, or None when there is no such rule."""
        row = self.db.execute("SELECT rule FROM alert_rules WHERE id = ?", (rule_id,)).fetchone()
        return json.loads(row["rule"]) if row else None

    def remove_rule(self, rule_id: int) -> bool:
        """Delete a rule and its outbox; False when there is no such rule."""
        with self.db:
            self.db.execute("DELETE FROM alert_outbox WHERE rule_id = ?", (rule_id,))
            return self.db.execute("DELETE FROM alert_rules WHERE id = ?", (rule_id,)).rowcount > 0

    def alerts_checked(self) -> int:
        """The id of the last event alert rules were checked against."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'alerts_checked'").fetchone()
        return int(row["value"]) if row else 0

    def queue_alerts(self, alerts: list[tuple[int, int, dict[str, Any]]], checked: int) -> int:
        """Queue (rule id, event id, payload) alerts, once per rule and event, and record that events up to
        `checked` were checked (inside the caller's transaction); returns how many were new."""
        queued = 0
        for rule_id, event_id, payload in alerts:
            queued += self.db.execute(
                "INSERT OR IGNORE INTO alert_outbox (rule_id, event_id, payload, created_at) VALUES (?, ?, ?, ?)",
                (rule_id, event_id, json.dumps(payload, ensure_ascii=False), now()),
            ).rowcount
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('alerts_checked', ?)", (str(checked),))
        return queued

    def due_alerts(self, *, max_attempts: int | None) -> list[dict[str, Any]]:
        """Undelivered alerts with their rule's name and target, oldest first: those due now and under
        `max_attempts`, or every undelivered one when `max_attempts` is None."""
        due = (
            ""
            if max_attempts is None
            else " AND o.attempts < ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)"
        )
        rows = self.db.execute(
            "SELECT o.id, o.payload, o.attempts, r.name, r.target FROM alert_outbox o JOIN alert_rules r"
            f" ON r.id = o.rule_id WHERE o.delivered_at IS NULL{due} ORDER BY o.id",
            () if max_attempts is None else (max_attempts, now()),
        ).fetchall()
        return [{**dict(row), "payload": json.loads(row["payload"])} for row in rows]

    def alert_delivered(self, alert_id: int) -> None:
        """Mark an alert delivered."""
        with self.db:
            self.db.execute(
                "UPDATE alert_outbox SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?",
                (now(), alert_id),
            )

    def alert_failed(self, alert_id: int, error: str, retry_in: float) -> None:
        """Count a failed delivery with its error; the alert is due again in `retry_in` seconds."""
        with self.db:
            self.db.execute(
                "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                (error[:500], now(retry_in), alert_id),
            )


def now(later: float = 0) -> str:
    """The UTC time now (plus `later` seconds), as stored: ISO 8601 to the second."""
    return (datetime.now(UTC) + timedelta(seconds=later)).isoformat(timespec="seconds")
