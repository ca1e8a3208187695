"""Near-copies: one wire story printed by several sites, found by MinHash over word 5-shingles.

Pure functions over texts, so the SQLite store and a Spark job share them. A signature is kept as bytes
(little-endian unsigned 32-bit values, datasketch's default `affine32` scheme, named explicitly so a change
of datasketch's default never misreads stored signatures) and indexed by its LSH band keys: finding the
copies of a new article is one indexed look-up, with no index to rebuild when a store is opened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

PERMUTATIONS = 64
SCHEME = "affine32"
SIGNATURE_BYTES = PERMUTATIONS * 4
NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity at or above which two articles are copies of one story
# LSH bands × rows for NEAR_DUPLICATE and 64 permutations (datasketch's optimum for equal false-positive and
# false-negative weights): 5 bands of 11 values.
BANDS, ROWS = 5, 11
MIN_WORDS = 50


def minhash(text: str):
    """The MinHash signature of a text's word 5-shingles, or None for a text under 50 words."""
    words = text.lower().split()
    if len(words) < MIN_WORDS:
        return None
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    signature.update_batch([" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)])
    return signature


def signature_bytes(text: str) -> bytes | None:
    """The stored form of a text's signature, or None for a text too short to have one."""
    signature = minhash(text)
    return None if signature is None else np.asarray(signature.hashvalues, dtype="<u4").tobytes()


def values(data: bytes) -> np.ndarray:
    """The hash values of a stored signature; ValueError for bytes of another format."""
    if len(data) != SIGNATURE_BYTES:
        raise ValueError(f"a stored signature has {len(data)} bytes, not {SIGNATURE_BYTES}")
    return np.frombuffer(data, dtype="<u4")


def band_keys(data: bytes) -> list[tuple[int, int]]:
    """(band, key) pairs of a stored signature: two signatures sharing one are candidate copies."""
    hashes = values(data)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(hashes[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two stored signatures."""
    return float(np.count_nonzero(values(a) == values(b))) / PERMUTATIONS


def copies_among(data: bytes, candidates: Iterable[tuple[int, bytes]]) -> list[int]:
    """The ids of the candidates (id, stored signature) that are near-copies of `data`."""
    return [key for key, other in candidates if similarity(data, other) >= NEAR_DUPLICATE]
