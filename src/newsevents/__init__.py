"""newsevents: turn raw news into political event data.

>>> import newsevents
>>> record = newsevents.process("Pompeo met Indian Foreign Minister Sushma Swaraj on Thursday.",
...                             published="2018-09-06")
>>> record["events"][0]["type"]
'CONSULT'
"""

from .filters import EventFilter
from .model import Actor, Article, Event, KnowledgeEntry, Mention, Quote, Record
from .options import Options, PipelineConfig, Resources

__version__ = "0.1.0"

_PIPELINE = ("process", "process_articles", "process_many")


def __getattr__(name: str):
    """The processing functions, imported on first use: `import newsevents` (and every query command of the
    CLI) does not load spaCy."""
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


__all__ = [
    "Actor",
    "Article",
    "Event",
    "EventFilter",
    "KnowledgeEntry",
    "Mention",
    "Options",
    "PipelineConfig",
    "Quote",
    "Record",
    "Resources",
    "process",
    "process_articles",
    "process_many",
]
