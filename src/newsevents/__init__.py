"""newsevents: turn raw news into political event data.

>>> import newsevents
>>> record = newsevents.process("Pompeo met Indian Foreign Minister Sushma Swaraj on Thursday.",
...                             published="2018-09-06")
>>> record["events"][0]["type"]
'CONSULT'
"""

from .model import Actor, Article, Event, Mention, Quote, Record
from .options import Options
from .pipeline import process, process_articles, process_many

__version__ = "0.1.0"
__all__ = [
    "Actor",
    "Article",
    "Event",
    "Mention",
    "Options",
    "Quote",
    "Record",
    "process",
    "process_articles",
    "process_many",
]
