"""Corpus: algorithms over many articles (near-copies, event clusters, learned offices; per-site furniture
lines are counted with `clean.lines`), as pure functions over records so the SQLite store and Spark share them."""
