"""`run_tasks`: results in input order on one process or a pool, progress up to the total, errors propagate."""

from __future__ import annotations

import os

import pytest

from eformkit.batch import run_tasks
from eformkit.batch.chunks import chunked


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def test_pool_keeps_input_order_and_uses_other_processes() -> None:
    seen: list[tuple[int, int]] = []
    results = run_tasks(_square_and_pid, range(100), jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert [r for r, _ in results] == [n * n for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}
    assert seen[-1] == (100, 100) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_one_job_runs_here() -> None:
    assert {pid for _, pid in run_tasks(_square_and_pid, [1, 2, 3])} == {os.getpid()}


def test_a_task_error_propagates() -> None:
    with pytest.raises(ValueError, match="seven"):
        run_tasks(_fails_on_seven, list(range(10)), jobs=2)


def test_chunks_cover_every_item_once_in_order() -> None:
    for count in (0, 1, 7, 100, 1001):
        parts = chunked(list(range(count)), 2)
        assert [x for part in parts for x in part] == list(range(count))
        assert all(1 <= len(part) <= 8 for part in parts)
