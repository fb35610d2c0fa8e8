"""Batch prefill in chunks of subjects on workers: a local process pool or a Dask cluster.

Each worker prefills a chunk of consecutive rows with `PrefillEngine.prefill_many` and its own
connectors (made from a `Registry` spec, not shipped), and returns the rows' records; they are written
here in row order, in `eformkit.prefill.batch`'s JSON Lines format, so the output is the same as a
local `run_batch` (and resumes the same way). Chunks go out in waves: memory stays flat however many
subjects the file has.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eformkit.batch.runner import Scheduler, iter_tasks
from eformkit.prefill.batch import BatchSummary, batch_record, open_output
from eformkit.prefill.defaults import bundled_registry, default_registry
from eformkit.prefill.engine import PrefillEngine
from eformkit.prefill.registry import ConnectorRegistry
from eformkit.prefill.registry_db import RegistryDB

__all__ = ["Registry", "prefill_in_chunks"]


@dataclass(frozen=True)
class Registry:
    """Where a worker gets its connectors: a registry database file (None: the installed default ones) and
    a YAML file of declarative connectors; on a cluster, paths every worker can read."""

    db_path: str | None = None
    connectors: str | None = None

    @contextmanager
    def open(self) -> Iterator[ConnectorRegistry]:
        db = RegistryDB.open(self.db_path) if self.db_path else None
        try:
            registry = bundled_registry(db) if db is not None else default_registry()
            if self.connectors:
                from eformkit.prefill.connectors.http import connectors_from_yaml

                for connector in connectors_from_yaml(self.connectors):
                    registry.add(connector)
            yield registry
        finally:
            if db is not None:
                db.close()


@dataclass(frozen=True)
class _Chunk:
    form: Any  # a loaded Form (pickled once per chunk)
    subjects: tuple[str, ...]
    first_row: int
    registry: Registry | Callable[[], ConnectorRegistry]
    concurrency: int


def _prefill_chunk(chunk: _Chunk) -> list[dict[str, Any]]:
    """Prefill one chunk of rows (runs in a worker): their output records, in row order."""

    async def run(registry: ConnectorRegistry) -> list[dict[str, Any]]:
        async with PrefillEngine(registry) as engine:
            items = engine.prefill_many(chunk.form, chunk.subjects, concurrency=chunk.concurrency,
                                        first_row=chunk.first_row)  # fmt: skip
            return [batch_record(item) async for item in items]

    if isinstance(chunk.registry, Registry):
        with chunk.registry.open() as registry:
            return asyncio.run(run(registry))
    return asyncio.run(run(chunk.registry()))


def prefill_in_chunks(
    form: Any,
    subjects_path: str | Path,
    output: str | Path,
    *,
    registry: Registry | Callable[[], ConnectorRegistry] = Registry(),
    jobs: int = 1,
    scheduler: Scheduler | None = None,
    chunk_size: int = 1000,
    concurrency: int = 16,
    force: bool = False,
    progress: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Prefill `form` for every row of `subjects_path` into `output` (JSON Lines), on `jobs` processes or the
    Dask `scheduler`, `chunk_size` rows per task; resumes `output` unless `force`.

    `registry` is a `Registry` spec or a picklable function returning a `ConnectorRegistry`.
    """
    out_path, subjects, summary = open_output(output, subjects_path, force)
    wave_size = max(jobs, 2) * 4 if scheduler is None else 16  # chunks in flight: memory stays flat
    row = summary.resumed + 1
    start = time.perf_counter()
    with out_path.open("a", encoding="utf-8") as fh:
        while True:
            wave = []
            for _ in range(wave_size):
                rows = tuple(itertools.islice(subjects, chunk_size))
                if not rows:
                    break
                wave.append(_Chunk(form, rows, row, registry, concurrency))
                row += len(rows)
            if not wave:
                break
            for records in iter_tasks(_prefill_chunk, wave, jobs=jobs, scheduler=scheduler):
                for record in records:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                    summary.add(record)
            fh.flush()
            if progress is not None:
                progress(summary)
    summary.seconds = time.perf_counter() - start
    return summary
