"""Dask glue: run a batch's tasks on a `dask.distributed` cluster (`pip install "eformkit[dask]"`).

`scheduler` is an address ("tcp://10.0.0.5:8786") or a `dask.distributed.Client` already made. Tasks
carry their data (template bytes, form text, subjects), so workers need no shared disk; results come
back in input order, so the outputs are the same as a local run's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from eformkit.batch.chunks import apply_all, chunked
from eformkit.errors import EformkitUsageError

__all__ = ["connect", "iter_on_dask"]

T = TypeVar("T")
R = TypeVar("R")


def connect(scheduler: Any) -> tuple[Any, bool]:
    """(client, whether we opened it): a `Client` is used as given, an address is connected to."""
    try:
        from distributed import Client
    except ImportError:
        raise EformkitUsageError('running on Dask needs dask.distributed: pip install "eformkit[dask]"') from None
    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(str(scheduler)), True  # type: ignore[no-untyped-call]


def iter_on_dask(
    fn: Callable[[T], R], items: Sequence[T], scheduler: Any, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[R]:
    """`fn` over `items` on the cluster, in chunks; results yielded in input order."""
    client, opened = connect(scheduler)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        futures = [client.submit(apply_all, fn, chunk, pure=False) for chunk in chunked(items, workers)]
        done = 0
        for future in futures:
            results: list[R] = future.result()
            done += len(results)
            yield from results
            if progress is not None:
                progress(done, len(items))
    finally:
        if opened:
            client.close()
