"""Run one function over many items: in this process, on a local process pool, or on Dask.

Results always come back in input order, whatever order the workers finish in, so a batch run gives
the same output with 1 job, N jobs or a cluster. `fn` must be a module-level function (it is pickled).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from eformkit.batch.chunks import apply_all, chunked

__all__ = ["Progress", "Scheduler", "iter_tasks", "run_tasks"]

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]  # (done, total)
Scheduler = Any  # a Dask scheduler address ("tcp://host:8786") or a dask.distributed.Client


def run_tasks(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int = 1,
    scheduler: Scheduler | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """`[fn(item) for item in items]`, on `jobs` local processes or on the Dask `scheduler`."""
    return list(iter_tasks(fn, items, jobs=jobs, scheduler=scheduler, progress=progress))


def iter_tasks(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int = 1,
    scheduler: Scheduler | None = None,
    progress: Progress | None = None,
) -> Iterator[R]:
    """`fn` over `items` on `jobs` local processes or the Dask `scheduler`, each result yielded in input order
    as soon as it (and every one before it) is done: the caller writes while the workers go on.

    An exception raised by `fn` propagates: callers catch their own expected errors inside `fn`.
    """
    if scheduler is not None:
        from eformkit.batch.cluster import iter_on_dask

        yield from iter_on_dask(fn, items, scheduler, progress=progress)
    elif jobs <= 1 or len(items) <= 1:
        for done, item in enumerate(items, start=1):
            yield fn(item)
            if progress is not None:
                progress(done, len(items))
    else:
        yield from _iter_pool(fn, items, jobs, progress)


def _iter_pool(fn: Callable[[T], R], items: Sequence[T], jobs: int, progress: Progress | None) -> Iterator[R]:
    chunks = chunked(items, jobs)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_context())
    try:
        futures = [pool.submit(apply_all, fn, chunk) for chunk in chunks]
        done = 0
        for future in futures:
            results = future.result()
            done += len(results)
            yield from results
            if progress is not None:
                progress(done, len(items))
    finally:  # the caller stopped early or a task failed: drop what has not started
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> BaseContext:
    # fork on Linux: workers inherit the loaded packs and imports, so they start in milliseconds
    # (spawn re-imports eformkit in each worker, ~1 s on a loaded machine); spawn elsewhere.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
