"""Batch work on many processes or a Dask cluster: one function over many items, results in input order.

`run_tasks(fn, items, jobs=2)` runs on a local process pool (`iter_tasks` yields the results in order as
they come); `run_tasks(fn, items, scheduler="tcp://…")`
(or a `dask.distributed.Client`) on Dask (`pip install "eformkit[dask]"`). The converter, the
catalogue checker and batch prefill use it; see docs/batch.md.
"""

from __future__ import annotations

from eformkit.batch.runner import Progress, Scheduler, iter_tasks, run_tasks

__all__ = ["Progress", "Scheduler", "iter_tasks", "run_tasks"]
