"""Project exceptions and record error codes: each message says what went wrong and what to do, with a
stable code beside it (as spaCy's `errors.py` does), so scripts can branch on the code, not the wording.

Exceptions (`E1xx`) are what the library raises on purpose; nothing else is meant to leave it. Record errors
(`E0xx`) are the `error_code` of a record whose article could not be coded: the run goes on.
"""

from __future__ import annotations


class NewsEventsError(Exception):
    """Base class of every error newsevents raises on purpose; `code` is stable, the message may improve."""

    code = "E100"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class InputError(NewsEventsError, ValueError):
    """An input, a dictionary or a query cannot be read as given."""

    code = "E110"


class MissingInputError(InputError, FileNotFoundError):
    """A file, folder or pattern named by the user matches nothing."""

    code = "E111"


class ModelError(NewsEventsError):
    """The spaCy pipeline is missing or broken."""

    code = "E101"


class StoreError(NewsEventsError):
    """The database cannot be opened, written or queried as asked."""

    code = "E120"


# Record errors: the message of an error record begins with its kind, and the kind gives the code.
RECORD_ERRORS = (
    ("E001", "empty input"),
    ("E002", "input too large"),
    ("E003", "binary input"),
    ("E004", "undecodable bytes"),
    ("E005", "unreadable file"),
    ("E006", "corrupt gzip"),
    ("E007", "unreadable JSON line"),
    ("E008", "no 'text' or 'html' field"),
    ("E008", "'text'/'html' must be a string"),
    ("E008", "'url' must be a string"),
    ("E008", "'title' must be a string"),
    ("E008", "cannot process an object"),
    ("E009", "unreadable HTML"),
    ("E010", "no article text"),
    ("E011", "not English"),
    ("E012", "article too long"),
    ("E013", "cleaning failed"),
    ("E014", "processing failed"),
    ("E015", "could not be stored"),
)
UNKNOWN_RECORD_ERROR = "E000"


def error_code(message: str | None) -> str | None:
    """The stable code of a record's error message (None for no error; E000 for a kind not listed)."""
    if not message:
        return None
    return next((code for code, kind in RECORD_ERRORS if message.startswith(kind)), UNKNOWN_RECORD_ERROR)
