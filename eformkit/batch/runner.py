"""Run one function over many items: in this process, on a local process pool, or on Dask.

Results always come back in input order, whatever order the workers finish in, so a batch run gives
the same output with 1 job, N jobs or a cluster. `fn` must be a module-level function (it is pickled).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from eformkit.batch.chunks import apply_all, chunked

__all__ = ["Progress", "Scheduler", "run_tasks"]

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
    """`[fn(item) for item in items]`, on `jobs` local processes or on the Dask `scheduler`.

    An exception raised by `fn` propagates: callers catch their own expected errors inside `fn`.
    """
    if scheduler is not None:
        from eformkit.batch.cluster import run_on_dask

        on_dask: list[R] = run_on_dask(fn, items, scheduler, progress=progress)
        return on_dask
    if jobs <= 1 or len(items) <= 1:
        results = []
        for done, item in enumerate(items, start=1):
            results.append(fn(item))
            if progress is not None:
                progress(done, len(items))
        return results
    return _run_pool(fn, items, jobs, progress)


def _run_pool(fn: Callable[[T], R], items: Sequence[T], jobs: int, progress: Progress | None) -> list[R]:
    chunks = chunked(items, jobs)
    results: list[list[R]] = [[] for _ in chunks]
    done = 0
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_context()) as pool:
        pending: dict[Future[list[R]], int] = {pool.submit(apply_all, fn, c): i for i, c in enumerate(chunks)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                results[index] = future.result()
                done += len(results[index])
                if progress is not None:
                    progress(done, len(items))
    return [r for chunk in results for r in chunk]


def _context() -> BaseContext:
    # fork on Linux: workers inherit the loaded packs and imports, so they start in milliseconds
    # (spawn re-imports eformkit in each worker, ~1 s on a loaded machine); spawn elsewhere.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
