"""The connector contract and the one place that calls a connector safely.

A connector is any object with `name`, `subject_kind`, `attributes()` and `fetch(request)`. `fetch` is
preferably `async` (the engine runs all sources concurrently on one event loop); a plain `def fetch`
is accepted too and runs in a worker thread so a blocking client cannot stall the others.
`call_connector` is the single door through which the engine calls one: it applies the deadline and
turns every exception into a typed outcome, so one broken source can never break the form.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol, runtime_checkable

from eformkit.prefill.outcome import AttributeSpec, FetchRequest, FetchResult, Outcome, SubjectKind

__all__ = [
    "AnyConnector",
    "Connector",
    "ConnectorError",
    "PrefillSkipped",
    "SyncConnector",
    "call_connector",
    "check_connector",
    "serves",
]


@runtime_checkable
class Connector(Protocol):
    """A source of citizen data (async flavour, the preferred one)."""

    name: str
    subject_kind: SubjectKind

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """Return what this connector provides, keyed by attribute name."""
        ...

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch many attributes of one subject in one call."""
        ...


@runtime_checkable
class SyncConnector(Protocol):
    """A blocking connector; the engine runs its `fetch` in a worker thread."""

    name: str
    subject_kind: SubjectKind

    def attributes(self) -> Mapping[str, AttributeSpec]:
        """Return what this connector provides, keyed by attribute name."""
        ...

    def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch many attributes of one subject in one call."""
        ...


AnyConnector = Connector | SyncConnector


class ConnectorError(Exception):
    """Raised by a connector to answer with a typed failure (`denied`, `unavailable`, …)."""

    def __init__(self, outcome: Outcome, reason: str) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason


class PrefillSkipped(Exception):
    """Raised by a connector that has nothing to do for this request; it is not a failure."""


def check_connector(obj: object) -> list[str]:
    """Return the ways `obj` breaks the connector contract (empty when it conforms)."""
    problems: list[str] = []
    if not isinstance(getattr(obj, "name", None), str) or not obj.name:  # type: ignore[attr-defined]
        problems.append("name must be a non-empty str")
    try:
        SubjectKind(getattr(obj, "subject_kind", None))
    except ValueError:
        problems.append("subject_kind must be a SubjectKind")
    for method in ("attributes", "fetch"):
        if not callable(getattr(obj, method, None)):
            problems.append(f"{method}() is missing")
    if not problems:
        specs = obj.attributes()  # type: ignore[attr-defined]
        if not isinstance(specs, Mapping) or not all(isinstance(s, AttributeSpec) for s in specs.values()):
            problems.append("attributes() must return a Mapping[str, AttributeSpec]")
    return problems


def serves(connector: AnyConnector, request: FetchRequest) -> FetchRequest | None:
    """Return `request` narrowed to what `connector` provides, or None when nothing is left."""
    specs = connector.attributes()
    own = frozenset(a for a in request.attributes if a in specs)
    relations = {r: attrs for r, attrs in request.relations.items() if r in specs}
    if not own and not relations:
        return None
    if own == request.attributes and len(relations) == len(request.relations):
        return request
    return FetchRequest(
        subject=request.subject,
        attributes=own,
        purpose=request.purpose,
        deadline=request.deadline,
        subject_kind=request.subject_kind,
        relations=relations,
        form_id=request.form_id,
        case_id=request.case_id,
    )


_ASYNC_CACHE: dict[type, bool] = {}
_timeout: Any = getattr(asyncio, "timeout", None)


def _is_async(connector: AnyConnector) -> bool:
    kind = type(connector)
    cached = _ASYNC_CACHE.get(kind)
    if cached is None:
        cached = inspect.iscoroutinefunction(connector.fetch)
        _ASYNC_CACHE[kind] = cached
    return cached


def _start(connector: AnyConnector, request: FetchRequest) -> Awaitable[Any]:
    if _is_async(connector):
        return connector.fetch(request)  # type: ignore[return-value]  # checked by _is_async
    return asyncio.to_thread(connector.fetch, request)


async def call_connector(connector: AnyConnector, request: FetchRequest) -> FetchResult:
    """Call `connector` under `request.deadline`; every failure becomes a typed outcome, never a raise."""
    try:
        pending = _start(connector, request)
        if _timeout is not None:
            # asyncio.timeout needs no extra task: an in-memory source that never suspends costs nothing here.
            async with _timeout(request.deadline):
                result = await pending
        else:  # Python 3.10
            result = await asyncio.wait_for(pending, request.deadline)
    except PrefillSkipped:
        return FetchResult(Outcome.SKIPPED, {}, "nothing to fetch")
    except ConnectorError as exc:
        return FetchResult.failure(exc.outcome, exc.reason)
    except (asyncio.TimeoutError, TimeoutError):
        return FetchResult.failure(Outcome.TIMEOUT, f"no answer within {request.deadline:g} s")
    except Exception as exc:
        # Only the exception type: its message may quote a response body holding personal data.
        return FetchResult.failure(Outcome.UNAVAILABLE, f"connector error ({type(exc).__name__})")
    if not isinstance(result, FetchResult):
        return FetchResult.failure(Outcome.UNAVAILABLE, "connector returned no FetchResult")
    return result
