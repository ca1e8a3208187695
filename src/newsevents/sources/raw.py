"""Stage 1, sources: open an input for reading (a file, stdin, gzip) with the size cap applied while reading,
so an oversized file or a gzip bomb is refused without filling memory."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import BinaryIO

from ..options import MAX_INPUT_BYTES


class InputTooLarge(ValueError):
    """An input over the size limit (found while reading, before it is all in memory)."""


def read_capped(name: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file (`-` for stdin), decompressed when gzipped, reading no more than `max_bytes` + 1:
    a larger input (or a gzip bomb) raises InputTooLarge without being read whole."""
    with _open_input(name) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"input too large: over the limit of {max_bytes:,} bytes")
    return data


@contextmanager
def _open_input(name: str) -> Iterator[BinaryIO]:
    """A file (or stdin for `-`) opened for reading, decompressing gzip (by suffix or magic bytes)."""
    with ExitStack() as stack:
        raw: BinaryIO = (
            io.BufferedReader(_Unclosable(sys.stdin.buffer)) if name == "-" else stack.enter_context(open(name, "rb"))
        )
        if name.lower().endswith(".gz") or raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
            raw = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[assignment]
        yield raw


class _Unclosable(io.RawIOBase):
    """stdin, read through a buffer that may close without closing stdin itself."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_error(name: str, error: BaseException) -> str:
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"corrupt gzip: {name} could not be decompressed ({type(error).__name__}: {error})"
    if isinstance(error, PermissionError):
        return f"unreadable file: permission denied for {name}"
    return f"unreadable file: {type(error).__name__}: {error}"
