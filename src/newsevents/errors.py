"""Project exceptions: each message says what went wrong and what to do."""


class NewsEventsError(Exception):
    """Base class of every error newsevents raises on purpose."""


class InputError(NewsEventsError):
    """An input cannot be read as an article (empty, binary, too large, undecodable, not English)."""


class ModelError(NewsEventsError):
    """The spaCy pipeline is missing or broken."""


class StoreError(NewsEventsError):
    """The database cannot be opened or written."""
