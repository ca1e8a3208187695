"""The hand-coded PLOVER sentences of ../shared/eval/plover-gsr-dev.json, read for the actor and event
benchmarks, and run through newsevents once."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import newsevents
from newsevents.ingest import import_dictionaries
from newsevents.store import Store

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover-gsr-dev.json"
DICTIONARIES = GOLD.parents[1] / "dictionaries"
# The gold uses PLOVER's older type names.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN"}


def gold_code(code: str) -> str:
    """The first three letters of a gold actor code, in ISO spelling."""
    return CAMEO_TO_ISO.get(code[:3], code[:3])


def ref_code(ref: dict) -> str | None:
    """The three letters of a predicted actor ref to compare with gold: its country, else its code's prefix."""
    return ref.get("country") or (ref.get("code") or "")[:3] or None


def load_gold() -> list[dict]:
    """Gold records with `type`, `sources` and `targets` (sets of three-letter codes) normalised."""
    records = json.loads(GOLD.read_text(encoding="utf-8"))
    for record in records:
        record["type"] = OLD_TYPES.get(record["event"], record["event"])
        for side, key in (("source", "sources"), ("target", "targets")):
            actors = record.get(side) if isinstance(record.get(side), list) else []
            record[key] = {gold_code(actor["code"]) for actor in actors if actor.get("code")}
    return records


def knowledge_resources(folder: Path = DICTIONARIES) -> newsevents.Resources:
    """Resources whose knowledge base holds the field's dictionaries, imported into a temporary database."""
    path = Path(tempfile.mkdtemp()) / "knowledge.db"
    with Store(path) as store:
        import_dictionaries([str(folder)], store)
        return store.resources()


def run_newsevents(
    records: list[dict], resources: newsevents.Resources | None = None, coder: str = "learned"
) -> dict[str, dict]:
    """The newsevents record of every distinct gold sentence, keyed by its text ("learned" or "rules" coder)."""
    options = newsevents.Options(pipeline=newsevents.PipelineConfig(coder=coder))
    texts = sorted({record["text"] for record in records})
    dates = {record["text"]: record.get("date") for record in records}
    items = [{"id": text, "text": text, "published": dates[text]} for text in texts]
    return {
        record["id"]: record
        for record in newsevents.process_many(items, workers=1, resources=resources, options=options)
    }
