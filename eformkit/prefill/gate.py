"""`SourceGate`: how a batch treats one source: at most N calls at once and, optionally, at most R a second.

A registry's owner usually states both (a population-database gateway allows so many parallel calls and
so many a second). Waiting at the gate is not the source's time: a call's deadline starts once through.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

__all__ = ["SourceGate"]


class SourceGate:
    """At most `concurrency` calls at once; with `rate`, calls start at least 1/`rate` seconds apart."""

    def __init__(self, concurrency: int, rate: float | None = None) -> None:
        if concurrency < 1 or (rate is not None and rate <= 0):
            raise ValueError("concurrency must be at least 1 and rate, when given, above 0")
        self._slots = asyncio.Semaphore(concurrency)
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0  # monotonic time the next call may start

    async def __aenter__(self) -> SourceGate:
        await self._slots.acquire()
        try:
            if self._interval:
                now = time.monotonic()
                start = max(now, self._next)  # one event loop: no await between reading and booking the slot
                self._next = start + self._interval
                if start > now:
                    await asyncio.sleep(start - now)
        except BaseException:
            self._slots.release()
            raise
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._slots.release()
