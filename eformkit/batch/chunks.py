"""How a batch's items are cut into the units a worker takes at once (one rule for the pool and Dask)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["apply_all", "chunked"]

T = TypeVar("T")
R = TypeVar("R")

# At most this many items per unit: few enough round trips that a 5 ms task is not dominated by the
# transport, small enough that workers finish together and progress moves.
_MAX_CHUNK = 8


def chunked(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """`items` in consecutive chunks, about four per worker, of at most 8 items."""
    size = max(1, min(_MAX_CHUNK, len(items) // (max(workers, 1) * 4)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def apply_all(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    """`fn` over one chunk, in a worker."""
    return [fn(item) for item in chunk]
