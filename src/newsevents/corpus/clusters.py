"""Corpus: events of many articles grouped into happenings (one type, one dyad, one day)."""

from __future__ import annotations


def cluster_key(event_type: str, source: list[dict], target: list[dict], date: str | None) -> str:
    """One happening: the type, who acted on whom (countries, else codes) in either order, and the day."""

    def side(refs: list[dict]) -> str:
        return ",".join(sorted({ref.get("country") or (ref.get("code") or ref.get("name") or "")[:3] for ref in refs}))

    dyad = sorted([side(source), side(target)])
    return f"{event_type}|{dyad[0]}|{dyad[1]}|{date or ''}"
