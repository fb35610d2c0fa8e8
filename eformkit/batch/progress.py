"""The progress bar of a batch command: on a terminal only; in a pipe or a log the command stays quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from eformkit.batch.runner import Progress

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(label: str, *, enabled: bool) -> Iterator[Progress | None]:
    """A `progress(done, total)` callback drawing a bar on stderr, or None when not `enabled`."""
    if not enabled:
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:

        def tick(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield tick
