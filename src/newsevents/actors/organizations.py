"""Stage 4, actors: the sector an organisation's own name gives ("Consumer Financial Protection Bureau" GOV,
"Senate Banking Committee" LEG, "Hofstra University" EDU), from the ordered patterns of
`data/organization_words.tsv`."""

from __future__ import annotations

import re
from functools import lru_cache

from ..tables import read_table


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row["sector"], re.compile(row["pattern"], re.I)) for row in read_table("organization_words"))


def organization_sector(name: str) -> str | None:
    """The sector of the first pattern the name matches, or None."""
    return next((sector for sector, pattern in _patterns() if pattern.search(name)), None)
